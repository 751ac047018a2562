"""One document explained in the terminal: its trust, each check's risk and features, its text with the
evidence highlighted in a colour per check, and the spans with their reasons.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from rich.console import Group, RenderableType
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

from audit.document import Document, DocumentReport
from audit.writers.charts import check_color
from audit.writers.context import ReportContext

_VERDICT_STYLE = {"keep": "bold green", "review": "bold yellow", "reject": "bold red"}
_BAR_WIDTH = 10
_QUOTE_CHARS = 40
# Characters a terminal would obey rather than show (escape sequences, carriage returns, bidi overrides),
# each replaced by one visible character so that span offsets still line up with the text.
_C0_PICTURES = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_VISIBLE = str.maketrans(
    {
        **_C0_PICTURES,
        0x7F: "\u2421",
        **dict.fromkeys(range(0x80, 0xA0), "\u2426"),
        **dict.fromkeys((*range(0x202A, 0x202F), *range(0x2066, 0x206A)), "\u2426"),
    }
)


@dataclass(frozen=True)
class ExplainOptions:
    show_text: bool = True
    max_spans: int = 20


def terminal_safe(text: str) -> str:
    """The text with control characters made visible, one character for one, so offsets still hold."""
    return text.translate(_VISIBLE)


def explanation(
    doc: Document, report: DocumentReport, context: ReportContext, options: ExplainOptions = ExplainOptions()
) -> RenderableType:
    colors = _check_colors(context, report)
    parts: list[RenderableType] = [_heading(report, context)]
    if report.checks:
        parts += [_risks_table(report, context, colors), _features_table(report)]
    if options.show_text and doc.text:
        parts += [Rule("text", align="left"), _legend(report, colors), _highlighted(doc, report, colors)]
    if options.max_spans and any(result.spans for result in report.checks.values()):
        parts += [Rule("evidence", align="left"), _spans_table(doc, report, colors, options.max_spans)]
    return Group(*parts)


def _check_colors(context: ReportContext, report: DocumentReport) -> dict[str, str]:
    """The HTML report's colour for each check, so a check looks the same in both."""
    names = [*context.check_names, *(name for name in report.checks if name not in context.check_names)]
    return {name: check_color(index) for index, name in enumerate(names)}


def _highlight(color: str) -> Style:
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    ink = "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else "white"
    return Style(color=ink, bgcolor=color)


def _heading(report: DocumentReport, context: ReportContext) -> RenderableType:
    title = Text.assemble((terminal_safe(report.id), "bold"), "  ", (terminal_safe(report.source), "dim"))
    verdict = Text.assemble(
        ("trust ", "bold"),
        (f"{report.trust:.1f}", "bold"),
        "  ",
        (report.verdict, _VERDICT_STYLE.get(report.verdict, "")),
        (f"   keep ≥ {context.thresholds.keep:g} > review ≥ {context.thresholds.review:g} > reject", "dim"),
    )
    lines: list[RenderableType] = [Rule(title, align="left"), verdict]
    if report.error is not None:
        lines.append(Text(terminal_safe(report.error), style="red"))
    return Group(*lines)


def _risks_table(report: DocumentReport, context: ReportContext, colors: dict[str, str]) -> Table:
    weights = {check.name: check.weight for check in context.checks}
    table = Table(header_style="bold", box=None, pad_edge=False)
    table.add_column("check")
    table.add_column("weight", justify="right")
    table.add_column("risk", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("spans", justify="right")
    table.add_column("first reason", overflow="fold")
    for name, result in report.checks.items():
        filled = round(result.risk * _BAR_WIDTH)
        bar = Text("█" * filled, style=colors[name])
        bar.append("·" * (_BAR_WIDTH - filled), style="dim")
        reason = terminal_safe(result.spans[0].reason) if result.spans else ""
        weight = f"{weights[name]:g}" if name in weights else "–"
        table.add_row(
            Text.assemble(("■ ", colors[name]), name),
            weight,
            f"{result.risk:.2f}",
            bar,
            f"{len(result.spans):,}",
            Text(reason),
        )
    return table


def _features_table(report: DocumentReport) -> Table:
    table = Table(title="features behind the risks", title_justify="left", header_style="bold", box=None)
    table.add_column("check", style="dim")
    table.add_column("feature")
    table.add_column("value", overflow="fold")
    for name, result in report.checks.items():
        for number, (feature, value) in enumerate(result.details.items()):
            table.add_row(
                Text(name if number == 0 else ""), Text(terminal_safe(str(feature))), Text(_value(value))
            )
        if not result.details:
            table.add_row(Text(name), Text("none reported", style="dim"), "")
    return table


def _value(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return terminal_safe(value)
    if isinstance(value, int | bool) or value is None:
        return str(value)
    return terminal_safe(json.dumps(value, ensure_ascii=False, default=str))


def _legend(report: DocumentReport, colors: dict[str, str]) -> Text:
    legend = Text.assemble(("highlights: ", "dim"))
    shown = [name for name, result in report.checks.items() if result.spans]
    for name in shown:
        legend.append(f" {name} ", style=_highlight(colors[name]))
        legend.append(" ")
    if not shown:
        legend.append("none")
    return legend


def _highlighted(doc: Document, report: DocumentReport, colors: dict[str, str]) -> Text:
    text = Text(terminal_safe(doc.text))
    length = len(doc.text)
    for name, result in report.checks.items():
        for span in result.spans:
            start, end = max(span.start, 0), min(span.end, length)
            if start < end:
                text.stylize(_highlight(colors[name]), start, end)
    return text


def _spans_table(doc: Document, report: DocumentReport, colors: dict[str, str], limit: int) -> Table:
    table = Table(header_style="bold", box=None, pad_edge=False)
    table.add_column("check")
    table.add_column("characters", justify="right", no_wrap=True)
    table.add_column("text", overflow="fold")
    table.add_column("reason", overflow="fold")
    for name, result in report.checks.items():
        for span in result.spans[:limit]:
            quoted = doc.text[max(span.start, 0) : span.end]
            if len(quoted) > _QUOTE_CHARS:
                quoted = quoted[: _QUOTE_CHARS - 1] + "…"
            table.add_row(
                Text(f" {name} ", style=_highlight(colors[name])),
                f"{span.start}–{span.end}",
                Text(terminal_safe(quoted).replace("\n", "⏎")),
                Text(terminal_safe(span.reason)),
            )
        if len(result.spans) > limit:
            table.add_row(Text(name), "", Text(f"… {len(result.spans) - limit:,} more", style="dim"), "")
    return table
