"""Configuration from --config or [tool.textaudit], with one-line errors for what cannot be used."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import audit
from audit.config import BUILT_IN_THRESHOLDS, BUILT_IN_WEIGHTS, Config, ConfigError, Thresholds, load_config


def test_without_a_config_the_built_in_defaults_apply(tmp_path: Path) -> None:
    assert load_config(start=tmp_path) == Config()


def test_a_toml_file_sets_checks_weights_verdicts_and_settings(tmp_path: Path) -> None:
    path = tmp_path / "audit.toml"
    path.write_text(
        'checks = ["encoding"]\n[weights]\nencoding = 0.25\n[verdicts]\nkeep = 80\nreview = 50\n'
        "[settings.encoding]\nscale = 4.0\n"
    )
    config = load_config(path)
    assert config.checks == ("encoding",)
    assert config.weights == {**BUILT_IN_WEIGHTS, "encoding": 0.25}
    assert config.thresholds == Thresholds(keep=80, review=50)
    assert config.settings == {"encoding": {"scale": 4.0}}


def test_the_nearest_pyproject_with_a_textaudit_table_is_found(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.textaudit.verdicts]\nkeep = 90\n")
    nested = tmp_path / "data" / "crawl"
    nested.mkdir(parents=True)
    config = load_config(start=nested)
    assert config.thresholds.keep == 90
    assert config.origin.endswith("pyproject.toml [tool.textaudit]")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[weights]\nencoding = 2\n", "weights.encoding must be in [0, 1], got 2.0"),
        ("[weights]\nencoding = 'high'\n", "weights.encoding must be a number, got 'high'"),
        ("[verdicts]\nkeep = 30\nreview = 60\n", "need 0 <= verdicts.review <= verdicts.keep <= 100"),
        ("[verdicts]\nmaybe = 3\n", "unknown verdict threshold maybe"),
        ("threshold = 3\n", "unknown key threshold"),
        ("checks = 'encoding'\n", "'checks' must be a list of check names"),
        ("[settings]\nencoding = 1\n", "'settings' must hold one table per check"),
        ("weights = [\n", "is not valid TOML"),
    ],
)
def test_bad_configs_fail_with_a_one_line_reason(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")) as info:
        load_config(path)
    assert "\n" not in str(info.value)


def test_a_missing_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read config"):
        load_config(tmp_path / "absent.toml")


def test_built_in_weights_and_thresholds_come_from_the_shipped_calibration() -> None:
    shipped = tomllib.loads((Path(audit.__file__).parent / "defaults.toml").read_text())
    assert Config().weights == {name: float(w) for name, w in shipped["weights"].items()}
    assert Config().thresholds == Thresholds(**shipped["verdicts"]) == BUILT_IN_THRESHOLDS


def test_a_config_that_sets_one_threshold_keeps_the_other_built_in(tmp_path: Path) -> None:
    path = tmp_path / "audit.toml"
    path.write_text(f"[verdicts]\nkeep = {BUILT_IN_THRESHOLDS.keep + 1}\n")
    assert load_config(path).thresholds == Thresholds(
        BUILT_IN_THRESHOLDS.keep + 1, BUILT_IN_THRESHOLDS.review
    )
