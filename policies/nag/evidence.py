"""The pack's record of every evaluation it made, written into the cloud assembly (GT-07).

cdk-nag reports violations only; the auditor's matrix also needs what passed. The pack writes
`NAG_EVIDENCE_FILE` next to the templates whenever it validates during synthesis; the gate reads
it with `tools.gate.nag_evidence`. Format (`schema` 1):

    {"schema": 1, "pack": "FinTech", "rules": ["FinTech-EnvParity", ...],
     "registered_packs": ["AwsSolutions", ..., "FinTech"],
     "evaluations": [{"rule": ..., "path": ..., "resource_type": ..., "result": "pass" | "fail",
                      "message": ...}, ...]}
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from policies.constants import NAG_EVIDENCE_FILE, NAG_PACK_NAME
from policies.nag.inventory import Verdict
from policies.nag.rule import Rule

SCHEMA = 1


def document(
    evaluations: Sequence[tuple[Rule, Verdict]], *, rules: Sequence[Rule], registered_packs: Sequence[str]
) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "pack": NAG_PACK_NAME,
        "rules": [rule.id for rule in rules],
        "registered_packs": list(registered_packs),
        "evaluations": [
            {
                "rule": rule.id,
                "path": verdict.resource.path,
                "resource_type": verdict.resource.type,
                "result": "pass" if verdict.compliant else "fail",
                "message": verdict.message,
            }
            for rule, verdict in evaluations
        ],
    }


def write(assembly_dir: Path, content: dict[str, Any]) -> Path:
    target = assembly_dir / NAG_EVIDENCE_FILE
    target.write_text(json.dumps(content, indent=1) + "\n", encoding="utf-8")
    return target
