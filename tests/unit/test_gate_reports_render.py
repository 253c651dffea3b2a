"""index.html in a real browser: Debian's headless Chromium renders it offline, with and without script.

Skipped where /usr/bin/chromium is absent (CI installs it). The page is loaded from file:// with
background networking off; its Content-Security-Policy would make the browser log any load it
refused, and the test asserts the console stayed silent.
"""

from __future__ import annotations

import re
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.gate_report_example import example_result
from tools.gate.reports import write_reports

CHROMIUM = Path("/usr/bin/chromium")
WIDTH, HEIGHT = 1280, 2000
BLANK_PAGE_PNG_BYTES = 11_641  # measured: this window size, an empty page
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium")


@dataclass(frozen=True)
class Rendered:
    dom: str
    console: list[str]
    screenshot: Path


def chromium(page: Path, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--enable-logging=stderr",
        "--v=0",
        *extra,
        page.as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def render(page: Path, work: Path) -> Rendered:
    dumped = chromium(page, work / "profile-dom", "--dump-dom")
    screenshot = work / f"{page.stem}.png"
    chromium(page, work / "profile-shot", f"--screenshot={screenshot}", f"--window-size={WIDTH},{HEIGHT}")
    console = [line for line in dumped.stderr.splitlines() if ":CONSOLE" in line]
    return Rendered(dom=dumped.stdout, console=console, screenshot=screenshot)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reports")
    write_reports(example_result(), out)
    return out


@pytest.fixture(scope="module")
def with_script(reports: Path, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    return render(reports / "index.html", tmp_path_factory.mktemp("chromium"))


@pytest.fixture(scope="module")
def without_script(reports: Path, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    # Chromium's --dump-dom needs script, so "without script" is the same page with its script removed.
    page = reports / "index-noscript.html"
    page.write_text(re.sub(r"<script>.*?</script>", "", (reports / "index.html").read_text(), flags=re.S))
    return render(page, tmp_path_factory.mktemp("chromium-noscript"))


def matrix_rows(dom: str) -> int:
    tables = re.findall(r'<table class="matrix">.*?</table>', dom, flags=re.S)
    return sum(len(re.findall(r'<tr class="(?:pass|fail|acknowledged|skip)"', table)) for table in tables)


def expected_matrix_rows() -> int:
    return sum(len(v.evaluations) if v.ran else 1 for c in example_result().claims for v in c.verifiers)


def test_the_rendered_page_shows_the_verdict(with_script: Rendered) -> None:
    assert '<p class="word">GATE FAILED</p>' in with_script.dom


def test_the_rendered_matrix_has_every_claim_and_evaluation_row(with_script: Rendered) -> None:
    for claim in example_result().claims:
        assert f'id="claim-{claim.id}"' in with_script.dom
    assert matrix_rows(with_script.dom) == expected_matrix_rows()


def test_the_browser_ran_the_filter_script_and_refused_nothing(with_script: Rendered) -> None:
    assert '<div id="filter">' in with_script.dom
    assert "5 of 5 claims shown" in with_script.dom
    assert with_script.console == []


def test_without_script_the_page_shows_everything_and_no_filter_box(without_script: Rendered) -> None:
    assert '<div id="filter" hidden="">' in without_script.dom
    assert matrix_rows(without_script.dom) == expected_matrix_rows()
    assert without_script.console == []


@pytest.mark.parametrize("rendering", ["with_script", "without_script"])
def test_the_screenshot_is_a_full_size_non_blank_png(rendering: str, request: pytest.FixtureRequest) -> None:
    png = request.getfixturevalue(rendering).screenshot.read_bytes()

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (WIDTH, HEIGHT)
    assert len(png) > 10 * BLANK_PAGE_PNG_BYTES
