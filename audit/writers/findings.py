"""The findings a reader sees first: which checks found something in a document, strongest first."""

from __future__ import annotations

from dataclasses import dataclass

from audit.document import DocumentReport, Span


@dataclass(frozen=True)
class Finding:
    check: str
    risk: float
    spans: tuple[Span, ...]

    @property
    def reason(self) -> str:
        """The first span's reason: spans come in text order, so it is what a reader meets first."""
        return self.spans[0].reason if self.spans else ""


def findings(report: DocumentReport) -> list[Finding]:
    """The checks with a risk above zero, highest risk first (ties keep the checks' order)."""
    found = [
        Finding(name, result.risk, tuple(result.spans))
        for name, result in report.checks.items()
        if result.risk > 0
    ]
    return sorted(found, key=lambda finding: -finding.risk)


def top_finding(report: DocumentReport) -> str:
    """One line: the error, else the strongest finding and its first reason."""
    if report.error is not None:
        return report.error
    for finding in findings(report):
        return f"{finding.check}: {finding.reason}" if finding.reason else finding.check
    return ""
