"""tools/fuzz: the atheris targets and their oracles, run without atheris (replay mode)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tools.fuzz.__main__ import SEEDS, TARGETS, main
from tools.fuzz.oracles import (
    fixed_point_is_valid_amount,
    json_number_is_valid_amount,
    signature_is_valid,
    strict_json_refusal,
)
from tools.fuzz.targets import signature


@pytest.mark.parametrize("target", TARGETS)
def test_every_seed_passes_its_targets_check(target: str, tmp_path: Path) -> None:
    assert main([target, "--replay", "--workdir", str(tmp_path)]) == 0


def test_a_replayed_input_that_fails_its_check_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # GIVEN a valid signature input, and an oracle told the opposite of the truth
    crash = tmp_path / "crash"
    crash.write_bytes((SEEDS / "signature" / "valid").read_bytes())
    monkeypatch.setattr(signature, "signature_is_valid", lambda *args, **kwargs: False)
    # THEN replaying it reports the failure
    assert main(["signature", "--replay", str(crash)]) == 1


def test_fuzzing_without_atheris_says_how_to_install_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "atheris", None)  # import atheris raises ImportError
    assert main(["money", "--seconds", "1", "--workdir", str(tmp_path)]) == 2
    assert "requirements-atheris.txt" in capsys.readouterr().err


def test_the_seed_corpus_keeps_the_exponent_that_crashed_the_parser() -> None:
    seed = (SEEDS / "jsonparse" / "exponent_beyond_decimal").read_bytes()
    assert strict_json_refusal(seed) == "exponent out of range"


@pytest.mark.parametrize("seed", ["valid", "valid_at_300", "future_300", "rotation_second_v1"])
def test_the_signature_seeds_reach_the_accepting_path(seed: str) -> None:
    header, body = signature.header_and_body((SEEDS / "signature" / seed).read_bytes())
    assert signature_is_valid(header, body=body, secret=signature.SECRET, now=signature.NOW)


@pytest.mark.parametrize(
    "seed", ["stale_301", "missing_t", "two_t", "uppercase_hex", "too_long", "no_equals"]
)
def test_the_signature_seeds_reach_the_refusing_path(seed: str) -> None:
    header, body = signature.header_and_body((SEEDS / "signature" / seed).read_bytes())
    assert not signature_is_valid(header, body=body, secret=signature.SECRET, now=signature.NOW)


@pytest.mark.parametrize(
    ("token", "places", "valid"),
    [
        ("10.50", 2, True),
        ("1.05E+1", 2, True),
        ("1e2", 0, True),
        ("10.001", 2, False),
        ("1.5", 0, False),
        ("-0", 2, False),
        ("0e0", 2, False),
        ("1e400", 2, False),
        ("1E-400", 4, False),
        ("999999999999", 0, True),
        ("999999999999.01", 2, False),
        ("1e999999999999999999", 2, False),
    ],
)
def test_the_json_number_oracle(token: str, places: int, valid: bool) -> None:
    assert json_number_is_valid_amount(token, places) is valid


@pytest.mark.parametrize(
    ("text", "places", "valid"),
    [
        ("10.50", 2, True),
        ("10.5000", 2, True),
        ("10.50000", 4, False),
        ("10.001", 2, False),
        ("0.0001", 4, True),
        ("01.00", 2, False),
        ("1.", 2, False),
        ("1e2", 2, False),
        ("\uff11", 0, False),
        ("0", 2, False),
        ("1000000000000", 0, False),
    ],
)
def test_the_fixed_point_oracle(text: str, places: int, valid: bool) -> None:
    assert fixed_point_is_valid_amount(text, places) is valid
