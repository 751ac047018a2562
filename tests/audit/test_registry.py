"""Checks are found through the ``textaudit.checks`` entry points: built-ins and plugins alike."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from audit.registry import discover

PLUGIN = Path(__file__).resolve().parent.parent / "plugins" / "shouting"


def test_built_in_checks_are_registered_through_the_entry_point_group() -> None:
    registry = discover()
    assert registry["encoding"].origin == "textaudit"
    assert registry["encoding"].check_class.__module__ == "checks.encoding"


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plugin, installed by pip as its own distribution into a separate folder."""
    target = tmp_path_factory.mktemp("site")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(PLUGIN),
        ],
        check=True,
        capture_output=True,
    )
    return target


def test_an_installed_plugin_appears_in_checks_and_in_the_report(
    plugin_site: Path, run_textaudit: Callable[..., subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    env = {**os.environ, "PYTHONPATH": str(plugin_site)}
    listed = run_textaudit("checks", "--format", "json", env=env)
    assert listed.returncode == 0, listed.stderr
    shouting = next(row for row in json.loads(listed.stdout) if row["name"] == "shouting")
    assert shouting["origin"] == "textaudit-shouting"
    assert shouting["settings"][0]["name"] == "min_letters"

    (tmp_path / "loud.txt").write_text("BUY NOW and SAVE on every ORDER today")
    scanned = run_textaudit("scan", str(tmp_path), "--format", "jsonl", env=env)
    assert scanned.returncode == 0, scanned.stderr
    report = json.loads(scanned.stdout)
    assert report["checks"]["shouting"]["risk"] == pytest.approx(4 / 7, abs=1e-4)
    assert [s["reason"] for s in report["checks"]["shouting"]["spans"]] == ["word in capitals"] * 4
    assert "encoding" in report["checks"]
