"""Corpus figures for the reports people read: the trust histogram and each check's risk distribution."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from audit.document import DocumentReport
from audit.summary import Summary

FLAGGED_RISK = 0.5  # a check "flags" a document when its risk reaches this
TRUST_BINS = 20
RISK_BINS = 10


def bin_index(value: float, low: float, high: float, bins: int) -> int:
    """The bin of ``value`` among ``bins`` equal bins over [low, high]; the top edge joins the last bin."""
    share = (value - low) / (high - low)
    return min(max(int(share * bins), 0), bins - 1)


@dataclass
class CheckStats:
    bins: list[int] = field(default_factory=lambda: [0] * RISK_BINS)
    documents: int = 0
    flagged: int = 0
    spans: int = 0
    risk_total: float = 0.0

    @property
    def mean_risk(self) -> float:
        return self.risk_total / self.documents if self.documents else 0.0


@dataclass
class ReportStats:
    """Accumulated while reports stream past, so a report never holds the corpus to draw its charts."""

    check_names: Sequence[str]
    summary: Summary = field(default_factory=Summary)
    trust_bins: list[int] = field(default_factory=lambda: [0] * TRUST_BINS)
    checks: dict[str, CheckStats] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.checks = {name: CheckStats() for name in self.check_names}

    def add(self, report: DocumentReport) -> None:
        self.summary.add(report)
        if report.error is None or report.checks:
            self.trust_bins[bin_index(report.trust, 0.0, 100.0, TRUST_BINS)] += 1
        for name, result in report.checks.items():
            stats = self.checks.setdefault(name, CheckStats())
            stats.bins[bin_index(result.risk, 0.0, 1.0, RISK_BINS)] += 1
            stats.documents += 1
            stats.flagged += result.risk >= FLAGGED_RISK
            stats.spans += len(result.spans)
            stats.risk_total += result.risk

    @property
    def unscored(self) -> int:
        """Documents left out of the trust histogram: unreadable ones, which have no trust to speak of."""
        return self.summary.documents - sum(self.trust_bins)
