"""`--app CMD` is checked before the gate starts anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.gate.run import ROOT, UsageError, app_command


def test_an_app_command_is_split_like_a_shell_would() -> None:
    assert app_command("python3 app.py --flag 'a b'") == ["python3", "app.py", "--flag", "a b"]


@pytest.mark.parametrize("app", ["no-such-program-here", "./missing/app.sh", "python3 'unbalanced"])
def test_an_app_command_that_cannot_run_is_refused_before_anything_starts(app: str) -> None:
    with pytest.raises(UsageError, match="not a directory, and not a command that runs"):
        app_command(app)


def test_a_relative_program_path_is_taken_from_the_repository(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(tmp_path)  # not where the gate runs the command

    assert app_command("node_modules/.bin/cdk --version")[0] == "node_modules/.bin/cdk"
    assert (ROOT / "node_modules/.bin/cdk").exists()
