"""`compliance.json`: the gate's result, machine-readable, and the JSON Schema that documents it.

The document is `GateResult.to_json()` as is; its schema lives in `docs/compliance.schema.json`
(draft 2020-12) and is copied next to the document, so the report folder describes itself offline.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tools.gate.model import GateResult

SCHEMA_PATH = Path(__file__).resolve().parents[3] / "docs" / "compliance.schema.json"


def write(result: GateResult, out_dir: Path) -> dict[str, Path]:
    target = out_dir / "compliance.json"
    target.write_text(json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    schema = out_dir / "compliance.schema.json"
    shutil.copyfile(SCHEMA_PATH, schema)
    return {"compliance.json": target, "compliance.schema.json": schema}
