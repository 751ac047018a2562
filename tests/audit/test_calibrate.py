"""Calibration: weights that rank damage below clean text, thresholds an editor can act on."""

from __future__ import annotations

import json
import random
import subprocess
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from audit.calibrate import Sample, fit
from audit.config import Thresholds, load_config


def synthetic(seed: int = 3) -> list[Sample]:
    """'signal' separates damaged from clean; 'noise' is random on both."""
    rng = random.Random(seed)
    samples = [Sample(None, {"signal": rng.uniform(0, 0.3), "noise": rng.random()}) for _ in range(200)]
    samples += [Sample("spam", {"signal": rng.uniform(0.5, 1.0), "noise": rng.random()}) for _ in range(100)]
    return samples


def test_an_informative_check_keeps_its_weight_and_noise_loses_it() -> None:
    calibration = fit(synthetic(), ["signal", "noise"], Thresholds())
    assert calibration.weights["signal"] >= 0.8
    assert calibration.weights["noise"] <= 0.2
    assert calibration.figures[1].auc is not None and calibration.figures[1].auc > 0.98


def test_thresholds_reject_few_clean_documents_and_keep_few_damaged_ones() -> None:
    calibration = fit(synthetic(), ["signal", "noise"], Thresholds(), clean_rejected=0.02)
    clean, spam = calibration.figures
    assert clean.kind == "clean" and clean.rejected <= 0.02
    assert spam.kind == "spam" and spam.kept <= 0.05 and clean.kept >= 0.9
    assert calibration.thresholds.review <= calibration.thresholds.keep


def test_without_clean_documents_there_is_nothing_to_fit() -> None:
    with pytest.raises(ValueError, match="needs clean documents"):
        fit([Sample("spam", {"signal": 1.0})], ["signal"], Thresholds())


def test_calibrate_command_writes_a_config_that_loads(
    run_textaudit: Callable[..., subprocess.CompletedProcess[str]], samples: Path, tmp_path: Path
) -> None:
    rows = []
    for path in sorted(samples.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        rows.append({"id": path.name, "text": text, "trust_label": "clean"})
        garbled = text.encode("utf-8").decode("cp1252", errors="replace")
        rows.append({"id": path.name + "!", "text": garbled, "trust_label": "damaged", "damage": "mojibake"})
    labeled = tmp_path / "labeled.jsonl"
    labeled.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    out = tmp_path / "calibrated.toml"
    result = run_textaudit("calibrate", str(labeled), "--out", str(out), "--check", "encoding")
    assert result.returncode == 0, result.stderr
    assert "mojibake" in result.stdout
    fitted = tomllib.loads(out.read_text())
    assert fitted["weights"]["encoding"] >= 0.5
    assert load_config(out).thresholds.keep == fitted["verdicts"]["keep"]
