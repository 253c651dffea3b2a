"""index.html: one self-contained, escaped page with the verdict, the matrix and the evidence."""

from __future__ import annotations

import re
from dataclasses import replace
from html import escape
from html.parser import HTMLParser

import pytest

from tests.gate_report_example import (
    EXPIRED_REASON,
    HANDLER_POLICY_PATH,
    IAM_ACK_REASON,
    INJECTED,
    example_result,
)
from tools.gate.model import GateResult
from tools.gate.reports.html import SCRIPT, render

VOID = {"meta", "input", "br", "hr", "img", "link", "wbr", "col", "source"}


class Structure(HTMLParser):
    """Records tags, attributes and whether every element closes in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:]}")
        else:
            self.open.pop()


def parse(page: str) -> Structure:
    parser = Structure()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def page() -> str:
    return render(example_result(), files=["compliance.json", "raw/checkov.json"])


def passing_result() -> GateResult:
    result = example_result()
    claims = tuple(c for c in result.claims if c.passed)
    acks = tuple(a for a in result.acknowledgments if a.status == "active")
    return replace(result, claims=claims, findings=(), acknowledgments=acks)


def test_a_failed_run_says_gate_failed_in_the_verdict(page: str) -> None:
    assert '<section class="verdict fail" id="verdict"><p class="word">GATE FAILED</p>' in page
    assert "GATE PASSED" not in page


def test_a_passed_run_says_gate_passed_in_the_verdict() -> None:
    page = render(passing_result())

    assert '<section class="verdict pass" id="verdict"><p class="word">GATE PASSED</p>' in page
    assert "GATE FAILED" not in page


def test_the_title_carries_verdict_and_commit(page: str) -> None:
    assert f"<title>Compliance gate FAILED: {example_result().commit}</title>" in page


def test_every_element_closes_in_order(page: str) -> None:
    structure = parse(page)

    assert structure.errors == []
    assert structure.open == []


def test_every_claim_has_its_own_details_with_its_controls(page: str) -> None:
    for claim in example_result().claims:
        assert f'id="claim-{claim.id}"' in page
        assert f"PCI DSS v4.0: {', '.join(claim.pci_dss)}" in page


def test_failing_claims_are_open_and_passing_ones_closed(page: str) -> None:
    details = {
        attrs["id"]: "open" in attrs
        for tag, attrs in parse(page).tags
        if tag == "details" and attrs.get("id")
    }

    assert details == {
        "claim-MW-02": False,
        "claim-MW-05": False,
        "claim-WH-03": True,
        "claim-WH-13": False,
        "claim-TX-05": False,
    }


def test_every_evaluated_resource_appears_with_its_logical_id_and_path(page: str) -> None:
    for claim in example_result().claims:
        for verifier in claim.verifiers:
            for evaluation in verifier.evaluations:
                assert escape(evaluation.path) in page
                if evaluation.logical_id:
                    assert f"<code>{evaluation.logical_id}</code>" in page


def test_an_acknowledged_evaluation_shows_its_reason(page: str) -> None:
    assert f"<b>Acknowledged:</b> {escape(IAM_ACK_REASON)}" in page


def test_a_verifier_that_did_not_run_says_so(page: str) -> None:
    assert (
        'test_redelivered_queue_message_is_stored_once</code> <span class="badge skip">NOT RUN</span>' in page
    )


def test_open_findings_are_listed_with_the_gate_line(page: str) -> None:
    for finding in example_result().findings:
        assert f"<code>{escape(finding.line())}</code>" in page


def test_acknowledgments_list_reason_owner_expiry_and_status(page: str) -> None:
    assert escape(EXPIRED_REASON) in page
    assert "<td>webapp-team@fintech.example</td>" in page
    assert '<td class="num">2025-01-31</td><td><span class="badge fail">EXPIRED</span>' in page
    assert f"<code>{HANDLER_POLICY_PATH}</code>" in page


def test_template_hashes_are_listed(page: str) -> None:
    for template, digest in example_result().template_hashes.items():
        assert f"<tr><td><code>{template}</code></td><td><code>{digest}</code></td></tr>" in page


def test_run_facts_show_commit_time_duration_versions_and_stages(page: str) -> None:
    assert "2026-11-23T10:15:02+00:00" in page
    assert "2 min 24 s" in page
    assert "<th>checkov</th><td><code>3.3.30</code></td>" in page
    assert '<th>synth</th><td class="num">41.2 s</td>' in page


def test_markup_in_a_message_is_escaped_not_executed(page: str) -> None:
    assert INJECTED not in page
    assert escape(INJECTED) in page
    assert page.count("<script>") == 1


def test_has_no_external_reference(page: str) -> None:
    structure = parse(page)
    references = [
        value
        for _tag, attrs in structure.tags
        for name, value in attrs.items()
        if name in {"src", "href"} and value
    ]

    assert all(not re.match(r"^\s*([a-z][a-z0-9+.-]*:|//)", value, re.I) for value in references), references
    assert not any(tag in {"link", "img", "iframe", "object", "embed"} for tag, _ in structure.tags)
    assert not any(tag == "script" and "src" in attrs for tag, attrs in structure.tags)
    assert "@import" not in page
    assert "url(" not in page


def test_the_content_security_policy_forbids_loading_anything(page: str) -> None:
    policy = next(a["content"] for t, a in parse(page).tags if t == "meta" and a.get("http-equiv"))

    assert policy is not None
    assert policy.startswith("default-src 'none';")
    assert "script-src 'sha256-" in policy
    assert "unsafe-inline" not in policy


def test_the_filter_box_is_hidden_until_the_script_shows_it(page: str) -> None:
    assert '<div id="filter" hidden>' in page
    assert "box.hidden = false" in SCRIPT


def test_the_how_to_read_section_is_included(page: str) -> None:
    assert '<h2 id="howto">How to read this report</h2>' in page


def test_links_the_other_report_files_relatively(page: str) -> None:
    assert '<a href="raw/checkov.json">' in page


def test_the_pci_dss_index_links_each_requirement_to_its_claims(page: str) -> None:
    assert (
        '<td><b>6.4.2</b></td><td><a href="#claim-WH-03">WH-03</a> <span class="badge fail">FAIL</span>'
        in page
    )
    assert page.index("<b>3.5.1</b>") < page.index("<b>10.2.1</b>")
