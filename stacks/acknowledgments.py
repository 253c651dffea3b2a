"""Acknowledging one finding on one construct, with an auditor's reason (GT-06).

Every acknowledgment in this repo goes through `acknowledge()`, which
- suppresses exactly one finding id on one construct: a cdk-nag finding
  (``AwsSolutions-IAM5[Resource::*]``) through CDK's `Validations`, or a Checkov check
  (``CKV_AWS_117``) through the `checkov.skip` metadata of the construct's CloudFormation resource,
- refuses a reason too short to mean anything, a missing owner or a malformed expiry date,
- records finding, reason, owner and expiry as construct metadata under `METADATA_KEY`, where
  the gate reads them to report acknowledgments and to fail expired or stale ones.

Record mode (`FINTECH_ACKNOWLEDGMENTS=record`, used by the gate and the test suite): the findings
are recorded but not suppressed, so one synthesis reports every finding, and the gate matches
findings to acknowledgments itself. That is how it knows which finding each acknowledgment
covers, and that none is stale, without a second synthesis.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from aws_cdk import Acknowledgment, CfnResource, Validations
from constructs import IConstruct

METADATA_KEY = "fintech:acknowledgment"
DEFAULT_OWNER = "payments-platform@fintech.example"
MIN_REASON_LENGTH = 40
MODE_VARIABLE = "FINTECH_ACKNOWLEDGMENTS"
RECORD_MODE = "record"
_NAG_FINDING = re.compile(r"^[A-Za-z0-9.]+-[A-Za-z0-9.]+(\[.+\])?$")
_CHECKOV_FINDING = re.compile(r"^CKV2?_[A-Z0-9]+_[0-9]+$")


@dataclass(frozen=True, kw_only=True)
class AcknowledgmentRecord:
    finding: str
    reason: str
    owner: str
    expires: dt.date
    path: str

    @classmethod
    def from_metadata(cls, data: dict[str, str], path: str) -> AcknowledgmentRecord:
        """The record `acknowledge()` wrote under `METADATA_KEY` on the construct at `path`."""
        return cls(
            finding=data["finding"],
            reason=data["reason"],
            owner=data["owner"],
            expires=dt.date.fromisoformat(data["expires"]),
            path=path,
        )

    @property
    def tool(self) -> str:
        """`checkov` for a Checkov check id, `cdk-nag` otherwise."""
        return "checkov" if _CHECKOV_FINDING.match(self.finding) else "cdk-nag"

    def covers(self, rule_id: str, construct_path: str) -> bool:
        """Whether this acknowledgment suppresses `rule_id` on the construct at `construct_path`."""
        return rule_id == self.finding and (
            construct_path == self.path or construct_path.startswith(self.path + "/")
        )


def record_mode() -> bool:
    """Whether acknowledgments are only recorded (gate, tests), not applied."""
    return os.environ.get(MODE_VARIABLE, "") == RECORD_MODE


@contextmanager
def recorded() -> Iterator[None]:
    """Inside, acknowledgments made by constructs are recorded, not applied (record mode)."""
    previous = os.environ.get(MODE_VARIABLE)
    os.environ[MODE_VARIABLE] = RECORD_MODE
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(MODE_VARIABLE, None)
        else:
            os.environ[MODE_VARIABLE] = previous


def acknowledge(
    scope: IConstruct,
    finding: str,
    *,
    reason: str,
    expires: str,
    owner: str = DEFAULT_OWNER,
) -> AcknowledgmentRecord:
    """Acknowledge `finding` on `scope` only; see the module docstring."""
    checkov = bool(_CHECKOV_FINDING.match(finding))
    if not (checkov or _NAG_FINDING.match(finding)):
        raise ValueError(f"acknowledgment on {scope.node.path}: {finding!r} is not one finding id")
    if len(reason.strip()) < MIN_REASON_LENGTH:
        raise ValueError(f"acknowledgment {finding} on {scope.node.path}: reason too short to audit")
    if not owner.strip():
        raise ValueError(f"acknowledgment {finding} on {scope.node.path}: owner is required")
    try:
        expiry = dt.date.fromisoformat(expires)
    except ValueError as exc:
        raise ValueError(
            f"acknowledgment {finding} on {scope.node.path}: expiry {expires!r} is not YYYY-MM-DD"
        ) from exc
    if checkov:
        _skip_checkov_check(scope, finding, reason)
    elif not record_mode():
        if finding.count("::") > 1:
            # Validations.acknowledge() mishandles ids with more than one "::"; the metadata it
            # would write is what cdk-nag reads, so write that directly.
            scope.node.add_metadata(
                Validations.ACKNOWLEDGED_RULES_METADATA_KEY, {f"Annotation::{finding}": reason}
            )
        else:
            Validations.of(scope).acknowledge(Acknowledgment(id=finding, reason=reason))
    record = AcknowledgmentRecord(
        finding=finding, reason=reason, owner=owner, expires=expiry, path=scope.node.path
    )
    scope.node.add_metadata(
        METADATA_KEY,
        {"finding": finding, "reason": reason, "owner": owner, "expires": expires},
    )
    return record


def _skip_checkov_check(scope: IConstruct, check_id: str, reason: str) -> None:
    """Add `check_id` to the `checkov.skip` metadata of `scope`'s CloudFormation resource."""
    resource = scope if isinstance(scope, CfnResource) else scope.node.default_child
    if not isinstance(resource, CfnResource):
        raise ValueError(
            f"acknowledgment {check_id} on {scope.node.path}: no CloudFormation resource to carry it"
        )
    if record_mode():
        return
    existing = resource.get_metadata("checkov") or {}
    skips = [*existing.get("skip", []), {"id": check_id, "comment": reason}]
    resource.add_metadata("checkov", {**existing, "skip": skips})


def acknowledgments_in(scope: IConstruct) -> list[AcknowledgmentRecord]:
    """Every acknowledgment recorded under `scope`, in construct-tree order."""
    found: list[AcknowledgmentRecord] = []
    for node in scope.node.find_all():
        for entry in node.node.metadata:
            if entry.type == METADATA_KEY:
                found.append(AcknowledgmentRecord.from_metadata(entry.data, node.node.path))
    return found
