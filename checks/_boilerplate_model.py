"""Where the main text of a page is: a two-stage logistic model over line features, then the best segment.

Stage one scores each line alone (is it the kind of line article bodies are made of?). Stage two adds
the mean of stage-one scores over windows of 1, 3, 8 and 20 lines on either side, so a line is judged
with its neighbourhood: a short line inside a run of paragraphs is a heading, the same line inside a run
of short lines is a menu item. The weights are plain JSON (``checks/data/boilerplate_model.json``),
written by ``training/train_boilerplate.py``; inference is a few NumPy dot products.

The main text is then the contiguous run of lines whose summed score is largest (the maximum-sum
segment), extended by further runs that carry at least a set share of its score, so an article broken by
a long table or an advertisement block stays whole. Scores are clipped from below so one strongly
negative line (an "Advertisement" between paragraphs) cannot split an article.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from typing import Any

import numpy as np

from checks._boilerplate_kernels import window_means
from checks._boilerplate_lines import CORPUS_FEATURE, FEATURE_NAMES

MODEL_FILE = "boilerplate_model.json"


@dataclass(frozen=True)
class BodyModel:
    line_weights: np.ndarray  # intercept first, then one weight per FEATURE_NAMES
    body_weights: np.ndarray  # intercept, FEATURE_NAMES, stage-one score, then 3 means per window
    windows: tuple[int, ...]
    prior_log_odds: float  # log-odds of "in the main text" among the training lines

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> BodyModel:
        if tuple(data["features"]) != FEATURE_NAMES:
            raise ValueError("boilerplate model was trained on other features; retrain it")
        windows = tuple(int(w) for w in data["context_windows"])
        line = np.array([data["line_model"]["intercept"], *data["line_model"]["weights"]], dtype=float)
        body = np.array([data["body_model"]["intercept"], *data["body_model"]["weights"]], dtype=float)
        if len(line) != 1 + len(FEATURE_NAMES) or len(body) != 2 + len(FEATURE_NAMES) + 3 * len(windows):
            raise ValueError("boilerplate model weights do not match its features")
        return cls(line, body, windows, float(data["prior_log_odds"]))

    @cached_property
    def _windows(self) -> np.ndarray:
        return np.asarray(self.windows, dtype=np.intp)

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(FEATURE_NAMES),
            "context_windows": list(self.windows),
            "line_model": {"intercept": self.line_weights[0], "weights": list(self.line_weights[1:])},
            "body_model": {"intercept": self.body_weights[0], "weights": list(self.body_weights[1:])},
            "prior_log_odds": self.prior_log_odds,
        }

    def line_scores(self, features: np.ndarray) -> np.ndarray:
        """Stage one: log-odds that each line (a row of ``features``) belongs to the main text."""
        return self.line_weights[0] + features @ self.line_weights[1:]

    def body_inputs(self, features: np.ndarray) -> np.ndarray:
        """Stage-two inputs: the line features, the stage-one score and its window means."""
        return np.column_stack([features, window_means(self.line_scores(features), self._windows)])

    def corpus_term(self, corpus_features: Sequence[float]) -> np.ndarray:
        """What the corpus feature adds to ``body_scores`` computed with it at 0. Both stages are linear,
        and so are the window means, so the term is exact: sketches keep one score per line, and the
        corpus evidence is added once the corpus has been counted."""
        d = np.asarray(corpus_features, dtype=float)
        if not len(d):
            return np.zeros(0)
        direct = self.body_weights[1 + CORPUS_FEATURE] * d
        context = window_means(self.line_weights[1 + CORPUS_FEATURE] * d, self._windows)
        return direct + context @ self.body_weights[1 + len(FEATURE_NAMES) :]

    def body_scores(self, features: Sequence[Sequence[float]]) -> np.ndarray:
        """Log-likelihood ratio, main text against the rest, of every line (0 = no evidence either way)."""
        if not len(features):
            return np.zeros(0)
        matrix = np.asarray(features, dtype=float)
        return self.body_weights[0] + self.body_inputs(matrix) @ self.body_weights[1:] - self.prior_log_odds


def load_model() -> BodyModel:
    text = resources.files("checks").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    return BodyModel.from_dict(json.loads(text))


def main_text(scores: Sequence[float], margin: float, clip: float, secondary_share: float) -> tuple[int, int]:
    """First and last line index of the main text, or (0, -1) when no line scores above zero.

    ``margin`` is added to every score (higher keeps more lines in the main text); ``clip`` bounds a
    line's score from below; a run beside the main one joins it (with the lines between) when its own
    sum reaches ``secondary_share`` of the main run's.
    """
    shifted = np.maximum(np.asarray(scores, dtype=float) + margin, -clip).tolist()
    lo, hi, best = _max_segment(shifted, 0, len(shifted))
    if hi < lo:
        return 0, -1
    while lo > 0:
        left_lo, _, left = _max_segment(shifted, 0, lo)
        if left <= 0 or left < secondary_share * best:
            break
        lo = left_lo
    while hi < len(shifted) - 1:
        _, right_hi, right = _max_segment(shifted, hi + 1, len(shifted))
        if right <= 0 or right < secondary_share * best:
            break
        hi = right_hi
    return lo, hi


def _max_segment(values: Sequence[float], start: int, stop: int) -> tuple[int, int, float]:
    """Kadane: the contiguous run in values[start:stop] with the largest sum (lo, hi inclusive, sum)."""
    best, best_lo, best_hi = 0.0, start, start - 1
    running, run_lo = 0.0, start
    for i in range(start, stop):
        if running <= 0.0:
            running, run_lo = 0.0, i
        running += values[i]
        if running > best:
            best, best_lo, best_hi = running, run_lo, i
    return best_lo, best_hi, best
