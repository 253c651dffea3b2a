"""The gate's seal on a cloud assembly (GT-10).

After a passing run the gate writes `gate-manifest.json` into the assembly it gated: the verdict,
the commit, and the SHA-256 of every file in the assembly (templates, asset directories, the
cloud-assembly manifest). `tools.deploy` deploys that assembly only while `verify()` finds it
byte-for-byte identical to what the gate passed.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

MANIFEST_NAME = "gate-manifest.json"
FORMAT_VERSION = 1


def file_hashes(assembly: Path) -> dict[str, str]:
    """SHA-256 of every file under `assembly` (keyed by POSIX relative path), the seal excluded."""
    hashes = {}
    for path in sorted(assembly.rglob("*")):
        relative = path.relative_to(assembly).as_posix()
        if path.is_file() and relative != MANIFEST_NAME:
            hashes[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def write(assembly: Path, *, verdict: str, commit: str) -> Path:
    """Seal `assembly` with the gate's verdict; returns the manifest's path."""
    document = {
        "format": FORMAT_VERSION,
        "verdict": verdict,
        "commit": commit,
        "files": file_hashes(assembly),
    }
    target = assembly / MANIFEST_NAME
    target.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return target


def read(assembly: Path) -> dict[str, Any]:
    """The manifest, or ValueError with a one-line reason."""
    target = assembly / MANIFEST_NAME
    if not target.is_file():
        raise ValueError(f"{assembly}: no {MANIFEST_NAME}; the gate has not passed on this assembly")
    try:
        document = json.loads(target.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{target}: not valid JSON ({exc.msg})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT_VERSION:
        raise ValueError(f"{target}: unknown manifest format")
    return document


def verify(assembly: Path) -> list[str]:
    """Every reason the assembly is not exactly what the gate passed (empty: deployable)."""
    document = read(assembly)
    if document.get("verdict") != "pass":
        return [f"the gate's verdict on this assembly was {document.get('verdict')!r}, not 'pass'"]
    sealed: dict[str, str] = document.get("files", {})
    current = file_hashes(assembly)
    problems = [
        f"changed after the gate: {name}"
        for name in sorted(sealed)
        if name in current and current[name] != sealed[name]
    ]
    problems += [f"missing since the gate: {name}" for name in sorted(set(sealed) - set(current))]
    problems += [f"added after the gate: {name}" for name in sorted(set(current) - set(sealed))]
    return problems
