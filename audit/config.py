"""Configuration: which checks run, their settings, their weights and the verdict thresholds.

Read from a TOML file given with ``--config`` (keys at top level, or under ``[tool.textaudit]`` in a
``pyproject.toml``), else from the nearest ``pyproject.toml`` with a ``[tool.textaudit]`` table, else the
built-in defaults::

    checks = ["encoding", "boilerplate"]      # optional: run only these
    [weights]
    encoding = 0.8                            # 0 ignores a check in the trust score, 1 lets it veto
    [floors]
    filler = 0.3                              # risk up to the floor does not count
    [verdicts]
    keep = 70                                 # trust >= keep  -> keep
    review = 40                               # trust >= review -> review, else reject

Anything left out keeps its calibrated built-in value (``audit/defaults.toml``).
    [settings.encoding]
    scale = 2.0
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """The configuration cannot be used; the message says where and why in one line."""


@dataclass(frozen=True)
class Thresholds:
    keep: float = 70.0
    review: float = 40.0


def _built_in() -> tuple[dict[str, float], dict[str, float], Thresholds]:
    """The calibrated weights, floors and thresholds shipped in ``audit/defaults.toml``."""
    table = tomllib.loads(files("audit").joinpath("defaults.toml").read_text(encoding="utf-8"))
    weights = {name: float(value) for name, value in table.get("weights", {}).items()}
    floors = {name: float(value) for name, value in table.get("floors", {}).items()}
    return weights, floors, Thresholds(**{key: float(v) for key, v in table.get("verdicts", {}).items()})


BUILT_IN_WEIGHTS, BUILT_IN_FLOORS, BUILT_IN_THRESHOLDS = _built_in()


@dataclass(frozen=True)
class Config:
    """Weights resolve as: this config, then the calibrated built-in ones, then the check's own
    ``default_weight``; floors and verdict thresholds as: this config, then the calibrated built-in ones
    (a floor defaults to 0)."""

    checks: tuple[str, ...] | None = None
    weights: dict[str, float] = field(default_factory=lambda: dict(BUILT_IN_WEIGHTS))
    floors: dict[str, float] = field(default_factory=lambda: dict(BUILT_IN_FLOORS))
    thresholds: Thresholds = BUILT_IN_THRESHOLDS
    settings: dict[str, dict[str, Any]] = field(default_factory=dict)
    origin: str = "built-in defaults"

    def with_setting(self, check: str, key: str, value: Any) -> Config:
        """This config with one check setting laid over it, as a command-line flag does."""
        settings = {name: dict(values) for name, values in self.settings.items()}
        settings.setdefault(check, {})[key] = value
        return replace(self, settings=settings)


_KEYS = {"checks", "weights", "floors", "verdicts", "settings"}


def load_config(path: Path | None = None, start: Path | None = None) -> Config:
    """The config from ``path``, or found from ``start`` (default: the working folder) upward."""
    if path is not None:
        table = _read_table(path, required=True)
        return _parse(table if table is not None else {}, str(path))
    found = _find_pyproject(start or Path.cwd())
    if found is None:
        return Config()
    path, table = found
    return _parse(table, f"{path} [tool.textaudit]")


def _find_pyproject(start: Path) -> tuple[Path, dict[str, Any]] | None:
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            table = _read_table(candidate, required=False)
            if table is not None:
                return candidate, table
    return None


def _read_table(path: Path, required: bool) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config {path} is not valid TOML: {exc}") from exc
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("textaudit")
        if table is None and required:
            raise ConfigError(f"config {path} has no [tool.textaudit] table")
        return table
    return data


def _parse(table: dict[str, Any], origin: str) -> Config:
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(f"{origin}: unknown key {', '.join(unknown)} (known: {', '.join(sorted(_KEYS))})")
    checks = table.get("checks")
    if checks is not None and (not isinstance(checks, list) or not all(isinstance(c, str) for c in checks)):
        raise ConfigError(f"{origin}: 'checks' must be a list of check names")
    weights = _numbers(table.get("weights", {}), "weights", origin)
    for name, weight in weights.items():
        if not 0.0 <= weight <= 1.0:
            raise ConfigError(f"{origin}: weights.{name} must be in [0, 1], got {weight}")
    floors = _numbers(table.get("floors", {}), "floors", origin)
    for name, floor in floors.items():
        if not 0.0 <= floor < 1.0:
            raise ConfigError(f"{origin}: floors.{name} must be in [0, 1), got {floor}")
    verdicts = _numbers(table.get("verdicts", {}), "verdicts", origin)
    unknown_verdicts = sorted(set(verdicts) - {"keep", "review"})
    if unknown_verdicts:
        raise ConfigError(f"{origin}: unknown verdict threshold {', '.join(unknown_verdicts)} (keep, review)")
    thresholds = replace(BUILT_IN_THRESHOLDS, **verdicts)
    if not 0 <= thresholds.review <= thresholds.keep <= 100:
        raise ConfigError(f"{origin}: need 0 <= verdicts.review <= verdicts.keep <= 100")
    settings = table.get("settings", {})
    if not isinstance(settings, dict) or not all(isinstance(v, dict) for v in settings.values()):
        raise ConfigError(f"{origin}: 'settings' must hold one table per check, e.g. [settings.encoding]")
    return Config(
        checks=tuple(checks) if checks is not None else None,
        weights={**BUILT_IN_WEIGHTS, **weights},
        floors={**BUILT_IN_FLOORS, **floors},
        thresholds=thresholds,
        settings=settings,
        origin=origin,
    )


def _numbers(table: Any, key: str, origin: str) -> dict[str, float]:
    if not isinstance(table, dict):
        raise ConfigError(f"{origin}: '{key}' must be a table of numbers")
    for name, value in table.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{origin}: {key}.{name} must be a number, got {value!r}")
    return {name: float(value) for name, value in table.items()}
