"""The claims registry (GT-04): every claim listed, each with verifiers that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policies.registry import BUILT_IN_CHECKS, VERIFIER_KINDS, claims, custom_check_claims

ROOT = Path(__file__).resolve().parents[2]
REQUIREMENTS = ROOT.parent / "shared" / "REQUIREMENTS.md"
CLAIM_ID = re.compile(r"^\| ((?:MW|WH|TX)-\d\d) \|", re.MULTILINE)


def required_ids() -> list[str]:
    if not REQUIREMENTS.is_file():
        pytest.skip(f"{REQUIREMENTS} is not in this checkout")
    return CLAIM_ID.findall(REQUIREMENTS.read_text(encoding="utf-8"))


def test_every_required_claim_is_registered() -> None:
    registered = {claim.id for claim in claims()}
    assert sorted(set(required_ids()) - registered) == []


def test_every_claim_has_a_statement_a_pci_requirement_and_a_verifier() -> None:
    incomplete = [c.id for c in claims() if not (c.statement and c.pci_dss and c.verifiers)]
    assert incomplete == []


def test_every_verifier_has_a_known_kind() -> None:
    unknown = [v for c in claims() for v in c.verifiers if v.partition(":")[0] not in VERIFIER_KINDS]
    assert unknown == []


def test_every_referenced_test_file_exists() -> None:
    files = {
        v.partition(":")[2].partition("::")[0] for c in claims() for v in c.verifiers if v.startswith("test:")
    }
    assert sorted(f for f in files if not (ROOT / f).is_file()) == []


def test_every_checkov_verifier_is_a_project_check_or_a_mapped_built_in_one() -> None:
    known = set(custom_check_claims()) | {c for checks in BUILT_IN_CHECKS.values() for c in checks}
    cited = {v.partition(":")[2] for c in claims() for v in c.verifiers if v.startswith("checkov:")}
    assert sorted(cited - known) == []


def test_every_project_check_verifies_a_registered_claim() -> None:
    registered = {claim.id for claim in claims()}
    orphans = {check: cited for check, cited in custom_check_claims().items() if not set(cited) <= registered}
    assert orphans == {}


def test_checkov_verifiers_come_from_the_checks_own_claims() -> None:
    # GIVEN a catalogue where one check cites MW-02
    registry = claims({"CKV_FIN_999": ("MW-02",)})
    # THEN MW-02 lists it and no other claim does
    citing = [c.id for c in registry if "checkov:CKV_FIN_999" in c.verifiers]
    assert citing == ["MW-02"]


def test_built_in_checks_are_mapped_to_registered_claims_only() -> None:
    registered = {claim.id for claim in claims()}
    assert sorted(set(BUILT_IN_CHECKS) - registered) == []


def test_built_in_checks_are_checkov_ids_not_project_ones() -> None:
    cited = {c for checks in BUILT_IN_CHECKS.values() for c in checks}
    assert sorted(c for c in cited if not c.startswith(("CKV_AWS_", "CKV2_AWS_"))) == []
