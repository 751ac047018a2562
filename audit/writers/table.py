"""The terminal report: a table a person can scan, with the strongest evidence per document."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from audit.document import DocumentReport
from audit.summary import Summary

_VERDICT_STYLE = {"keep": "green", "review": "yellow", "reject": "red"}


def write_table(reports: Iterable[DocumentReport], out: TextIO, check_names: Sequence[str]) -> None:
    console = Console(file=out, width=None if out.isatty() else 160, highlight=False)
    table = Table(show_lines=False, header_style="bold")
    table.add_column("id", overflow="fold", max_width=40)
    table.add_column("trust", justify="right")
    table.add_column("verdict")
    for name in check_names:
        table.add_column(name.replace("_", " "), justify="right")
    table.add_column("top finding", overflow="fold", ratio=1)
    summary = Summary()
    for report in summary.track(reports):
        risks = [_risk_cell(report, name) for name in check_names]
        verdict = Text(report.verdict, style=_VERDICT_STYLE.get(report.verdict, ""))
        table.add_row(report.id, f"{report.trust:.1f}", verdict, *risks, _top_finding(report))
    console.print(table)
    console.print(summary.line())


def _risk_cell(report: DocumentReport, name: str) -> Text:
    result = report.checks.get(name)
    if result is None:
        return Text("–", style="dim")
    style = "red" if result.risk >= 0.7 else "yellow" if result.risk >= 0.3 else "green"
    return Text(f"{result.risk:.2f}", style=style)


def _top_finding(report: DocumentReport) -> Text:
    if report.error is not None:
        return Text(report.error, style="red")
    ranked = sorted(report.checks.items(), key=lambda item: item[1].risk, reverse=True)
    for name, result in ranked:
        if result.spans and result.risk > 0:
            return Text(f"{name}: {result.spans[0].reason}")
    return Text("")
