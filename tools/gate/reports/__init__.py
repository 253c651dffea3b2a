"""The gate's reports, rendered from one `GateResult` (tools/gate/model.py); see docs/reports.md.

`write_reports()` writes into `out_dir`: `index.html` (for auditors, self-contained and offline),
`compliance.json` and its schema, `results.sarif` (SARIF 2.1.0), `junit.xml`, and under `raw/`
a copy of each raw tool output it is given. It returns every written file by its name relative to
`out_dir`.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from tools.gate.model import GateResult
from tools.gate.reports import html, json_report
from tools.gate.reports.junit import junit
from tools.gate.reports.sarif import sarif

RAW_DIR = "raw"


def write_reports(
    result: GateResult,
    out_dir: Path,
    raw_outputs: dict[str, Path] | None = None,
    *,
    assembly_dir: str = "cdk.out",
) -> dict[str, Path]:
    """Write every report; `raw_outputs` maps a file name under `raw/` to the tool output to copy.

    `assembly_dir` is how SARIF locations name the cloud assembly (templates are
    `<assembly_dir>/<stack>.template.json`). `raw/` is recreated, so it never mixes two runs.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = copy_raw_outputs(raw_outputs or {}, out_dir / RAW_DIR)
    written |= json_report.write(result, out_dir)
    written["results.sarif"] = out_dir / "results.sarif"
    written["results.sarif"].write_text(
        json.dumps(sarif(result, assembly_dir=assembly_dir), indent=2, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    written["junit.xml"] = out_dir / "junit.xml"
    ET.ElementTree(junit(result)).write(written["junit.xml"], encoding="utf-8", xml_declaration=True)
    page = html.render(result, files=sorted(written))
    written["index.html"] = out_dir / "index.html"
    written["index.html"].write_text(page, encoding="utf-8")
    return written


def copy_raw_outputs(raw_outputs: dict[str, Path], raw_dir: Path) -> dict[str, Path]:
    """Copy each raw output (a file or a folder) to `raw_dir/<name>`; names are plain file names."""
    for name in raw_outputs:
        if not name or name in {".", ".."} or Path(name).name != name:
            raise ValueError(f"raw output name {name!r} must be a plain file name")
    if raw_dir.exists():
        shutil.rmtree(raw_dir)
    raw_dir.mkdir(parents=True)
    written: dict[str, Path] = {}
    for name, source in sorted(raw_outputs.items()):
        target = raw_dir / name
        if source.is_dir():
            shutil.copytree(source, target)
        else:
            shutil.copyfile(source, target)
        written[f"{RAW_DIR}/{name}"] = target
    return written
