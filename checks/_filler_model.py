"""The filler check's calibrated model: a logistic regression over standardised features, from JSON.

Plain Python at run time (no scikit-learn, no pickle): the weights are a small JSON file written by
``training/train_filler.py``, which says how they were fitted and what they scored under cross-validation.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

# A standardised feature further out than this is garbage input, not stronger evidence.
_CLIP = 6.0


@dataclass(frozen=True)
class LogisticModel:
    features: tuple[str, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    intercept: float
    about: dict[str, Any]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LogisticModel:
        features = tuple(data["features"])
        columns = (data["means"], data["scales"], data["weights"])
        if any(len(column) != len(features) for column in columns):
            raise ValueError("model file: features, means, scales and weights differ in length")
        if any(scale <= 0 for scale in data["scales"]):
            raise ValueError("model file: scales must be positive")
        return cls(
            features,
            tuple(map(float, data["means"])),
            tuple(map(float, data["scales"])),
            tuple(map(float, data["weights"])),
            float(data["intercept"]),
            dict(data.get("about", {})),
        )

    @classmethod
    def load(cls, name: str = "filler_model.json") -> LogisticModel:
        text = (resources.files("checks") / "data" / name).read_text(encoding="utf-8")
        return cls.from_dict(json.loads(text))

    def contributions(self, values: dict[str, float]) -> dict[str, float]:
        """Each feature's share of the log-odds: positive pushes towards filler."""
        out = {}
        for name, mean, scale, weight in zip(
            self.features, self.means, self.scales, self.weights, strict=True
        ):
            z = max(-_CLIP, min(_CLIP, (values[name] - mean) / scale))
            out[name] = weight * z
        return out

    def log_odds(self, contributions: dict[str, float]) -> float:
        """Log-odds of filler at the 1:1 prior the model was fitted at (balanced class weights)."""
        return self.intercept + sum(contributions.values())


def probability(log_odds: float, prior: float) -> float:
    """The probability of filler when a share ``prior`` of the corpus is filler (Bayes' rule on the odds)."""
    shifted = log_odds + math.log(prior / (1.0 - prior))
    return 1.0 / (1.0 + math.exp(-max(-500.0, min(500.0, shifted))))
