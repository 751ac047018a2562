"""The README's set-up commands are the ones CI runs, and they do what the README says."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def readme_command(name: str) -> str:
    """The command in the code block after ``<!-- ci:NAME -->``, extracted the way ``.ci/run`` does."""
    result = subprocess.run(
        ["bash", "-c", f"source <(sed -n '/^readme_command()/,/^}}/p' .ci/run); readme_command {name}"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_install_command_creates_a_fresh_environment_and_scans_the_samples() -> None:
    command = readme_command("install")
    assert command.startswith("python3 -m venv .venv")
    assert "pip install -e '.[dev]'" in command
    assert command.endswith("textaudit scan samples/")


def test_test_command_runs_pytest_in_that_environment() -> None:
    assert re.fullmatch(r"\.venv/bin/python -m pytest.*", readme_command("test"))
