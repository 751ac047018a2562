"""Corpus-level figures, accumulated while reports stream past."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from audit.document import DocumentReport
from audit.scoring import VERDICTS


@dataclass
class Summary:
    documents: int = 0
    errors: int = 0
    verdicts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(VERDICTS, 0))
    trust_total: float = 0.0
    lowest_trust: float | None = None
    risk_totals: dict[str, float] = field(default_factory=dict)
    risk_counts: dict[str, int] = field(default_factory=dict)

    def add(self, report: DocumentReport) -> None:
        self.documents += 1
        self.errors += report.error is not None
        self.verdicts[report.verdict] = self.verdicts.get(report.verdict, 0) + 1
        self.trust_total += report.trust
        self.lowest_trust = (
            report.trust if self.lowest_trust is None else min(self.lowest_trust, report.trust)
        )
        for name, result in report.checks.items():
            self.risk_totals[name] = self.risk_totals.get(name, 0.0) + result.risk
            self.risk_counts[name] = self.risk_counts.get(name, 0) + 1

    def track(self, reports: Iterable[DocumentReport]) -> Iterator[DocumentReport]:
        """Pass reports through unchanged, counting each."""
        for report in reports:
            self.add(report)
            yield report

    @property
    def mean_trust(self) -> float | None:
        return round(self.trust_total / self.documents, 1) if self.documents else None

    def mean_risks(self) -> dict[str, float]:
        return {name: round(total / self.risk_counts[name], 4) for name, total in self.risk_totals.items()}

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "errors": self.errors,
            "verdicts": dict(self.verdicts),
            "mean_trust": self.mean_trust,
            "min_trust": self.lowest_trust,
            "mean_risk": self.mean_risks(),
        }

    def line(self) -> str:
        """One human line: '5 documents: 2 keep, 1 review, 2 reject (0 errors), mean trust 61.2'."""
        verdicts = ", ".join(f"{count} {verdict}" for verdict, count in self.verdicts.items())
        errors = f"{self.errors} error" + ("" if self.errors == 1 else "s")
        mean = f", mean trust {self.mean_trust}" if self.mean_trust is not None else ""
        noun = "document" if self.documents == 1 else "documents"
        return f"{self.documents} {noun}: {verdicts} ({errors}){mean}"
