"""The Markdown report, for pasting into a ticket or a pull request.

It stays short whatever the corpus size: the summary, one row per check, and the documents with the
lowest trust with their strongest findings, saying how many were left out. Everything quoted from a
document or a check goes into a code span, so it cannot turn into markup, links or @-mentions.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Iterator
from typing import TextIO

from audit.document import Document, DocumentReport
from audit.writers.context import ReportContext
from audit.writers.findings import Finding, findings
from audit.writers.stats import FLAGGED_RISK, ReportStats

WORST_DOCUMENTS = 20
FINDINGS_PER_DOCUMENT = 3
_MAX_QUOTE = 60
_MAX_ID = 80
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\s]+")


def write_markdown(
    pairs: Iterable[tuple[Document, DocumentReport]], out: TextIO, context: ReportContext
) -> None:
    stats = ReportStats(context.check_names)
    worst = heapq.nsmallest(WORST_DOCUMENTS, _with_findings(pairs, stats), key=_badness)
    summary = stats.summary
    noun = "document" if summary.documents == 1 else "documents"
    lines = [f"### textaudit report: {summary.documents:,} {noun}", ""]
    verdicts = " · ".join(f"{count:,} {verdict}" for verdict, count in summary.verdicts.items())
    trust = (
        ""
        if summary.mean_trust is None
        else f" · mean trust {summary.mean_trust:.1f} · lowest {summary.lowest_trust:.1f}"
    )
    lines += [f"**{verdicts}** ({summary.errors:,} unreadable or failed){trust}", ""]
    lines += _checks_table(context, stats)
    lines += _worst_table(worst, stats)
    out.write("\n".join(lines) + "\n")


def _with_findings(
    pairs: Iterable[tuple[Document, DocumentReport]], stats: ReportStats
) -> Iterator[tuple[int, Document, DocumentReport]]:
    """Every document counts in the figures; only those with something to show compete for the list."""
    for index, (doc, report) in enumerate(pairs):
        stats.add(report)
        if report.error is not None or report.trust < 100 or findings(report):
            yield index, doc, report


def _badness(item: tuple[int, Document, DocumentReport]) -> tuple[float, float, int]:
    index, _, report = item
    strongest = max((result.risk for result in report.checks.values()), default=0.0)
    return (report.trust, -strongest, index)


def _checks_table(context: ReportContext, stats: ReportStats) -> list[str]:
    if not stats.checks:
        return []
    weights = {check.name: check.weight for check in context.checks}
    lines = [
        f"| check | weight | mean risk | risk ≥ {FLAGGED_RISK:g} | spans |",
        "|---|--:|--:|--:|--:|",
    ]
    for name, figures in stats.checks.items():
        weight = f"{weights[name]:g}" if name in weights else "–"
        share = figures.flagged / figures.documents if figures.documents else 0.0
        lines.append(
            f"| {code(name)} | {weight} | {figures.mean_risk:.3f} | {figures.flagged:,} ({share:.1%}) "
            f"| {figures.spans:,} |"
        )
    return [*lines, ""]


def _worst_table(worst: list[tuple[int, Document, DocumentReport]], stats: ReportStats) -> list[str]:
    total = stats.summary.documents
    if not worst:
        return ["No findings in any document." if total else "No documents."]
    lines = [
        f"**Lowest trust** ({len(worst):,} of {total:,}):",
        "",
        "| trust | verdict | id | findings |",
        "|--:|---|---|---|",
    ]
    for _, doc, report in worst:
        cells = [f"{report.trust:.1f}", report.verdict, code(report.id, _MAX_ID), _findings_cell(doc, report)]
        lines.append(f"| {' | '.join(cells)} |")
    left = dict(stats.summary.verdicts)
    for _, _, report in worst:
        left[report.verdict] -= 1
    left_out = sum(left.values())
    if left_out:
        by_verdict = ", ".join(f"{count:,} {verdict}" for verdict, count in left.items() if count)
        lines += ["", f"{left_out:,} more not listed ({by_verdict}); `--format html` shows every document."]
    return lines


def _findings_cell(doc: Document, report: DocumentReport) -> str:
    if report.error is not None and not report.checks:
        return code(report.error)
    cells = [_finding(doc, finding) for finding in findings(report)[:FINDINGS_PER_DOCUMENT]]
    if report.error is not None:
        cells.insert(0, code(report.error))
    return "; ".join(cells) or "–"


def _finding(doc: Document, finding: Finding) -> str:
    parts = [f"**{finding.check}** {finding.risk:.2f}"]
    if finding.spans:
        first = finding.spans[0]
        parts.append(code(first.reason))
        quoted = _flatten(doc.text[max(first.start, 0) : first.end])
        if quoted.strip() and quoted not in first.reason:
            parts.append(f"at {code(quoted)}")
        if len(finding.spans) > 1:
            parts.append(f"(+{len(finding.spans) - 1:,} more)")
    return " ".join(parts)


def _flatten(text: str) -> str:
    """One line: newlines, tabs and control characters become single spaces."""
    return _UNPRINTABLE.sub(" ", text)


def code(text: str, limit: int = _MAX_QUOTE) -> str:
    """``text`` as one-line inline code, at most ``limit`` characters, safe inside a table cell."""
    flat = _flatten(text).strip()
    if len(flat) > limit:
        flat = flat[: limit - 1] + "…"
    if not flat:
        return "–"
    longest = max((len(run) for run in re.findall("`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat.replace('|', chr(92) + '|')}{pad}{fence}"
