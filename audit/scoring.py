"""The only place that turns check risks into a trust score and a verdict.

``trust = 100 × Π_c (1 − w_c · max(0, risk_c − f_c) / (1 − f_c))``: each check ignores its risk up to its
floor ``f_c`` and can take away at most the share ``w_c`` of the trust. More risk never raises trust, and a
check with weight 0 is reported but not counted.

The floor is there because a check's risk is rarely 0 on clean text: a calibrated probability sits near
its prior when there is no evidence either way, and a statistical signal has a noisy low range. A weight
alone would charge every clean document for that noise; the floor lets calibration ignore it while the
high range keeps its full force.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from audit.config import Thresholds

KEEP, REVIEW, REJECT = "keep", "review", "reject"
VERDICTS = (KEEP, REVIEW, REJECT)


@dataclass(frozen=True)
class Scorer:
    weights: Mapping[str, float]
    thresholds: Thresholds
    floors: Mapping[str, float] = field(default_factory=dict)

    def trust(self, risks: Mapping[str, float]) -> float:
        """Trust in [0, 100] from each check's risk; checks without a weight count for nothing."""
        trust = 100.0
        for name, risk in risks.items():
            floor = self.floors.get(name, 0.0)
            counted = max(min(risk, 1.0) - floor, 0.0) / (1.0 - floor)
            trust *= 1.0 - self.weights.get(name, 0.0) * counted
        return round(trust, 1)

    def verdict(self, trust: float) -> str:
        if trust >= self.thresholds.keep:
            return KEEP
        if trust >= self.thresholds.review:
            return REVIEW
        return REJECT
