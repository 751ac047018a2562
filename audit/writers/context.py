"""What a report for people shows besides the documents: the checks that ran and how trust was scored."""

from __future__ import annotations

from dataclasses import dataclass, field

from audit.config import Thresholds
from audit.engine import Auditor


@dataclass(frozen=True)
class CheckInfo:
    name: str
    description: str
    weight: float


@dataclass(frozen=True)
class ReportContext:
    checks: tuple[CheckInfo, ...]
    thresholds: Thresholds = field(default_factory=Thresholds)

    @classmethod
    def of(cls, auditor: Auditor) -> ReportContext:
        weights = auditor.scorer.weights
        checks = tuple(
            CheckInfo(check.name, check.description, weights.get(check.name, 0.0)) for check in auditor.checks
        )
        return cls(checks, auditor.scorer.thresholds)

    @property
    def check_names(self) -> list[str]:
        return [check.name for check in self.checks]
