"""Shared fixtures: the repository's real samples, the real installed command, the report contract."""

from __future__ import annotations

import math
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
SHARED = REPO.parent / "shared"
COMMAND = Path(sys.executable).parent / "textaudit"


@pytest.fixture
def samples() -> Path:
    return SAMPLES


@pytest.fixture
def run_textaudit() -> Callable[..., subprocess.CompletedProcess[str]]:
    """Runs the installed ``textaudit`` console script, as a user would."""

    def run(*args: str, stdin: str | None = None, cwd: Path | None = None, env: dict[str, str] | None = None):
        return subprocess.run(
            [str(COMMAND), *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=cwd,
            env=env,
            timeout=300,
        )

    return run


def assert_matches_report_schema(obj: dict[str, Any]) -> None:
    """The per-document object of DESIGN.md's report schema, which outside tools depend on."""
    assert set(obj) == {"id", "source", "trust", "verdict", "error", "checks"}
    assert isinstance(obj["id"], str) and obj["id"]
    assert isinstance(obj["source"], str) and obj["source"]
    assert isinstance(obj["trust"], int | float) and 0 <= obj["trust"] <= 100
    assert obj["verdict"] in {"keep", "review", "reject"}
    assert obj["error"] is None or (isinstance(obj["error"], str) and "\n" not in obj["error"])
    assert isinstance(obj["checks"], dict)
    for result in obj["checks"].values():
        assert set(result) == {"risk", "spans", "details"}
        assert isinstance(result["risk"], int | float) and 0 <= result["risk"] <= 1
        assert not math.isnan(result["risk"])
        assert isinstance(result["details"], dict)
        for span in result["spans"]:
            assert set(span) == {"start", "end", "reason"}
            assert 0 <= span["start"] < span["end"]
            assert isinstance(span["reason"], str) and span["reason"]


@pytest.fixture
def report_schema() -> Callable[[dict[str, Any]], None]:
    return assert_matches_report_schema
