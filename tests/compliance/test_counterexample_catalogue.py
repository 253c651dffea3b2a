"""GT-08's self-test covers every claim: at least one counterexample each, each one change.

A claim about code the template cannot show (WH-11: the checks `webhook_handler` runs) has its
counterexample in code: the claim's own test, with one check removed, must find a violation. The
gate fails on any failing test of a claim (tools/gate/evaluate.py), so that is the gate's rejection.
"""

from __future__ import annotations

from pathlib import Path

from policies.registry import claims
from tests.compliance.counterexample_cases import WEBAPP, WEBHOOK

ROOT = Path(__file__).resolve().parents[2]
CASES = WEBHOOK + WEBAPP
CODE_COUNTEREXAMPLES = {
    "WH-11": (
        "tests/unit/test_hostile_webhook_fields.py::"
        "test_without_the_luhn_check_the_card_property_finds_a_card_number_let_through",
        "tests/unit/test_hostile_webhook_fields.py::"
        "test_without_the_minor_units_check_the_amount_property_finds_an_amount_rounded_away",
    ),
}


def test_every_registered_claim_has_a_counterexample() -> None:
    covered = {case.claim for case in CASES} | set(CODE_COUNTEREXAMPLES)
    assert sorted({c.id for c in claims()} - covered) == []


def test_every_code_counterexample_is_a_test_of_a_verifier_of_its_claim() -> None:
    verifiers = {c.id: {v.removeprefix("test:") for v in c.verifiers} for c in claims()}
    missing = [
        node
        for claim, nodes in CODE_COUNTEREXAMPLES.items()
        for node in nodes
        if node.split("::")[0] not in verifiers[claim]
        or f"def {node.split('::')[1]}(" not in (ROOT / node.split("::")[0]).read_text()
    ]
    assert missing == []


def test_every_counterexample_changes_one_resource_in_one_environment_it_builds() -> None:
    foreign = [
        c.id
        for c in CASES
        if not any(c.path.split("/", 1)[0].endswith(f"-{env}") for env in c.environment.split("+"))
    ]
    assert foreign == []


def test_every_counterexample_changes_something() -> None:
    unchanged = [c.id for c in CASES if not (c.override or c.delete or c.mutate)]
    assert unchanged == []
