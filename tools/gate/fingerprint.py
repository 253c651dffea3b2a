"""Which sources a test run saw: a SHA-256 over every file the claims' verifiers depend on.

The test env writes it beside its JUnit XML (`<junit>.fingerprint`, see tests/conftest.py); the
gate reuses that XML only when the fingerprint still matches the working tree, so it never
reports a test result for code the tests did not run against.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("app.py", "config", "lambdas", "policies", "stacks", "tests", "tools")
SUFFIXES = {".py", ".json"}


def compute(root: Path = ROOT) -> str:
    digest = hashlib.sha256()
    for top in SOURCES:
        base = root / top
        paths = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.suffix in SUFFIXES)
        for path in paths:
            if "__pycache__" in path.parts or not path.is_file():
                continue
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def sidecar(junit: Path) -> Path:
    return junit.with_name(junit.name + ".fingerprint")


def matches(junit: Path) -> bool:
    """Whether `junit` exists and was written by a test run over exactly the current sources."""
    stamp = sidecar(junit)
    return junit.is_file() and stamp.is_file() and stamp.read_text().strip() == compute()
