"""The only place that turns check risks into a trust score and a verdict.

``trust = 100 × Π_c (1 − w_c · risk_c)``: each check can take away at most the share ``w_c`` of the trust,
more risk never raises trust, and a check with weight 0 is reported but not counted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from audit.config import Thresholds

KEEP, REVIEW, REJECT = "keep", "review", "reject"
VERDICTS = (KEEP, REVIEW, REJECT)


@dataclass(frozen=True)
class Scorer:
    weights: Mapping[str, float]
    thresholds: Thresholds

    def trust(self, risks: Mapping[str, float]) -> float:
        """Trust in [0, 100] from each check's risk; checks without a weight count for nothing."""
        trust = 100.0
        for name, risk in risks.items():
            trust *= 1.0 - self.weights.get(name, 0.0) * min(max(risk, 0.0), 1.0)
        return round(trust, 1)

    def verdict(self, trust: float) -> str:
        if trust >= self.thresholds.keep:
            return KEEP
        if trust >= self.thresholds.review:
            return REVIEW
        return REJECT
