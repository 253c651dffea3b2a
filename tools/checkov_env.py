"""Checkov's own virtual environment, created on demand.

Checkov pins `boto3==1.35.49`, which the test suite's moto cannot share, so Checkov lives in a
separate venv (`requirements-checkov.txt`). `ensure()` creates it when it is missing or when the
requirements changed (a stamp file holds their hash) and returns its Python interpreter.
`python -m tools.checkov_env [DIR]` does the same from the shell (tox calls it).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "requirements-checkov.txt"
DEFAULT_DIR = ROOT / ".tox" / "checkov-venv"


def venv_dir() -> Path:
    """Where the venv lives: `$CHECKOV_VENV`, else `.tox/checkov-venv`."""
    return Path(os.environ.get("CHECKOV_VENV") or DEFAULT_DIR)


def _python(directory: Path) -> Path:
    return directory / "bin" / "python"


def ensure(directory: Path | None = None) -> Path:
    """The venv's interpreter, after (re)creating the venv if its requirements changed."""
    directory = directory or venv_dir()
    wanted = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    stamp = directory / ".requirements.sha256"
    if _python(directory).exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        return _python(directory)
    venv.EnvBuilder(with_pip=True, clear=True).create(directory)
    subprocess.run(
        [
            str(_python(directory)),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            str(REQUIREMENTS),
        ],
        check=True,
    )
    stamp.write_text(wanted + "\n")
    return _python(directory)


def main(argv: list[str]) -> int:
    try:
        python = ensure(Path(argv[0]) if argv else None)
    except subprocess.CalledProcessError as exc:
        print(f"checkov_env: installing {REQUIREMENTS.name} failed (exit {exc.returncode})", file=sys.stderr)
        return 1
    print(python)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
