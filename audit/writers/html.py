"""The HTML report: one self-contained file a person opens to decide what to keep.

The summary and its charts are static HTML and SVG. The documents travel as JSON in a
``<script type="application/json">`` block and the page's own script renders one page of the table and
its document sections at a time, so a report of 10,000 documents opens as fast as one of ten.

Document text is never HTML: the JSON block escapes ``<``, ``>`` and ``&``, so ``</script>`` in a document
cannot end the block, and the script writes text only through ``textContent``. A Content-Security-Policy
allows no network access and no script but the report's own (by its hash), as a second line of defence.
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import re
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from functools import cache
from html import escape
from importlib.resources import files
from typing import Any, TextIO

from audit import __version__
from audit.document import Document, DocumentReport
from audit.writers.charts import VERDICT_COLORS, Marker, check_color, histogram, stacked_bar
from audit.writers.context import ReportContext
from audit.writers.findings import top_finding
from audit.writers.segments import highlight_segments
from audit.writers.stats import FLAGGED_RISK, RISK_BINS, TRUST_BINS, ReportStats

_SPOOL_IN_MEMORY = 16 * 1024 * 1024
_SCRIPT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_MAX_DEPTH = 20


def write_html(pairs: Iterable[tuple[Document, DocumentReport]], out: TextIO, context: ReportContext) -> None:
    """Documents are serialised as they stream past into a spool; the page is assembled at the end."""
    names = list(context.check_names)
    stats = ReportStats(names)
    with tempfile.SpooledTemporaryFile(_SPOOL_IN_MEMORY, "w+", encoding="utf-8", newline="") as spool:
        for number, (doc, report) in enumerate(pairs):
            stats.add(report)
            for name in report.checks:
                if name not in names:
                    names.append(name)
            data = json.dumps(_document_data(doc, report, names), ensure_ascii=False, separators=(",", ":"))
            spool.write(("," if number else "") + _script_safe(data) + "\n")
        spool.seek(0)
        _write_page(out, spool, context, names, stats)


def script_json(value: Any) -> str:
    """JSON that is safe inside a ``<script>`` element and encodable as UTF-8, whatever the text holds."""
    return _script_safe(json.dumps(_jsonable(value, 0), ensure_ascii=False, separators=(",", ":")))


def _script_safe(encoded: str) -> str:
    """JSON text with the characters that could end a script element, or fail to encode, escaped.

    They can only occur inside JSON strings, where a ``\\uXXXX`` escape means the same character.
    """
    for character, escaped in _SCRIPT_ESCAPES:
        if character in encoded:
            encoded = encoded.replace(character, escaped)
    return _LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)


def _jsonable(value: Any, depth: int) -> Any:
    """Details are whatever a check put there: make them JSON that browsers parse (no NaN, no sets)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if depth >= _MAX_DEPTH:
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): _jsonable(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item, depth + 1) for item in value]
    return str(value)


def _document_data(doc: Document, report: DocumentReport, names: list[str]) -> dict[str, Any]:
    risks: list[float | None] = [None] * len(names)
    details: list[dict[str, Any] | None] = [None] * len(names)
    spans: list[tuple[int, int, int, str]] = []
    for name, result in report.checks.items():
        index = names.index(name)
        risks[index] = round(result.risk, 4)
        details[index] = _jsonable(result.details, 0)
        spans += [(index, span.start, span.end, span.reason) for span in result.spans]
    pieces = highlight_segments(doc.text, [(start, end) for _, start, end, _ in spans])
    return {
        "id": report.id,
        "source": report.source,
        "trust": report.trust,
        "verdict": report.verdict,
        "error": report.error,
        "finding": top_finding(report),
        "risks": risks,
        "details": details,
        "spans": spans,
        "text": [piece if not refs else [piece, refs] for piece, refs in pieces],
    }


def _write_page(
    out: TextIO, spool: Any, context: ReportContext, names: list[str], stats: ReportStats
) -> None:
    script = _asset("report.js")
    script_hash = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    descriptions = {check.name: check for check in context.checks}
    checks_meta = [
        {
            "name": name,
            "description": descriptions[name].description if name in descriptions else "",
            "weight": descriptions[name].weight if name in descriptions else None,
            "color": check_color(index),
        }
        for index, name in enumerate(names)
    ]
    meta = {"checks": checks_meta}
    documents = stats.summary.documents
    noun = "document" if documents == 1 else "documents"
    out.write(
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        f"script-src 'sha256-{script_hash}'; style-src 'unsafe-inline'; img-src data:\">\n"
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>textaudit report · {documents:,} {noun}</title>\n"
        f"<style>\n{_asset('report.css')}</style>\n</head>\n<body>\n"
    )
    out.write(_header(stats, checks_meta))
    out.write(_summary_section(stats, context, checks_meta))
    out.write(_documents_section(checks_meta))
    out.write('<script type="application/json" id="report-data">{"meta":')
    out.write(script_json(meta))
    out.write(',"documents":[\n')
    shutil.copyfileobj(spool, out)
    out.write("]}</script>\n")
    out.write(f"<script>{script}</script>\n</body>\n</html>\n")


def _header(stats: ReportStats, checks_meta: list[dict[str, Any]]) -> str:
    checks = ", ".join(escape(check["name"]) for check in checks_meta) or "none"
    return (
        '<header class="top"><h1>textaudit report</h1>'
        f'<p class="meta">{escape(stats.summary.line())} · checks: {checks} · textaudit {__version__}</p>'
        "</header>\n"
    )


def _summary_section(stats: ReportStats, context: ReportContext, checks_meta: list[dict[str, Any]]) -> str:
    summary = stats.summary
    cards = [("documents", f"{summary.documents:,}", "")]
    cards += [(verdict, f"{count:,}", f"v-{verdict}") for verdict, count in summary.verdicts.items()]
    cards += [
        ("unreadable or failed", f"{summary.errors:,}", ""),
        ("mean trust", "–" if summary.mean_trust is None else f"{summary.mean_trust:.1f}", ""),
    ]
    card_html = "".join(
        f'<div class="card {css}"><span class="value">{value}</span>'
        f'<span class="label">{escape(label)}</span></div>'
        for label, value, css in cards
    )
    verdicts = stacked_bar(
        [(v, summary.verdicts.get(v, 0), VERDICT_COLORS[v]) for v in VERDICT_COLORS],
        "Documents by verdict",
    )
    parts = [
        '<section id="summary"><h2>Summary</h2>',
        f'<div class="cards">{card_html}</div>',
        '<div class="charts">',
        f'<figure class="wide">{_trust_chart(stats, context)}<figcaption>Trust, in bins of 5 points'
        f"{_unscored_note(stats)}</figcaption></figure>",
        f"<figure>{verdicts}<figcaption>Verdicts: keep ≥ {context.thresholds.keep:g} > review ≥ "
        f"{context.thresholds.review:g} > reject</figcaption></figure>",
        "</div>",
        '<h2>Checks</h2><div class="check-charts">',
        *(_check_figure(check, stats) for check in checks_meta),
        "</div></section>\n",
    ]
    return "".join(parts)


def _unscored_note(stats: ReportStats) -> str:
    unscored = stats.unscored
    return f" ({unscored:,} unreadable not shown)" if unscored else ""


def _trust_chart(stats: ReportStats, context: ReportContext) -> str:
    step = 100 / TRUST_BINS
    colors, titles = [], []
    for i, count in enumerate(stats.trust_bins):
        low = i * step
        middle = low + step / 2
        verdict = (
            "keep"
            if middle >= context.thresholds.keep
            else "review"
            if middle >= context.thresholds.review
            else "reject"
        )
        colors.append(VERDICT_COLORS[verdict])
        titles.append(f"trust {low:g}–{low + step:g}: {count:,} documents")
    return histogram(
        stats.trust_bins,
        colors,
        titles,
        ticks=[(t / 100, str(t)) for t in range(0, 101, 20)],
        title="Documents by trust",
        markers=[
            Marker(context.thresholds.review / 100, f"review {context.thresholds.review:g}"),
            Marker(context.thresholds.keep / 100, f"keep {context.thresholds.keep:g}"),
        ],
    )


def _check_figure(check: dict[str, Any], stats: ReportStats) -> str:
    figures = stats.checks.get(check["name"])
    if figures is None:
        return ""
    step = 1 / RISK_BINS
    titles = [
        f"risk {i * step:.1f}–{(i + 1) * step:.1f}: {n:,} documents" for i, n in enumerate(figures.bins)
    ]
    chart = histogram(
        figures.bins,
        [check["color"]] * RISK_BINS,
        titles,
        ticks=[(0, "0"), (0.5, "0.5"), (1, "1")],
        title=f"{check['name']}: documents by risk",
        size=(300, 120),
    )
    weight = "" if check["weight"] is None else f" · weight {check['weight']:g}"
    share = figures.flagged / figures.documents if figures.documents else 0.0
    return (
        f'<figure class="check"><figcaption><span class="swatch" style="--c:{escape(check["color"])}"></span>'
        f'<b>{escape(check["name"])}</b>{weight}<br><span class="muted">{escape(check["description"])}</span>'
        f'</figcaption>{chart}<p class="figures">mean risk {figures.mean_risk:.3f} · '
        f"risk ≥ {FLAGGED_RISK:g} in {figures.flagged:,} ({share:.1%}) · {figures.spans:,} spans</p></figure>"
    )


def _documents_section(checks_meta: list[dict[str, Any]]) -> str:
    headers = [
        ("index", "#", ""),
        ("id", "id", ""),
        ("trust", "trust", "num"),
        ("verdict", "verdict", ""),
        *((f"risk:{i}", check["name"], "num") for i, check in enumerate(checks_meta)),
        ("spans", "spans", "num"),
        ("finding", "top finding", ""),
    ]
    head = "".join(
        f'<th class="{css}" aria-sort="none">'
        f'<button type="button" data-sort="{key}">{escape(label)}</button></th>'
        for key, label, css in headers
    )
    return (
        '<section id="documents"><h2>Documents</h2>'
        '<div class="controls">'
        '<label>Find <input id="query" type="search" placeholder="id or source" autocomplete="off"></label>'
        '<label>Verdict <select id="verdict"><option value="all">all</option><option>keep</option>'
        '<option>review</option><option>reject</option><option value="error">unreadable or failed</option>'
        "</select></label>"
        '<label>Per page <select id="page-size"><option>25</option><option selected>50</option>'
        "<option>100</option><option>250</option></select></label>"
        '<span id="shown" class="muted"></span></div>'
        f'<div class="table-wrap"><table id="doc-table"><thead><tr>{head}</tr></thead>'
        "<tbody></tbody></table></div>"
        '<nav class="pager" aria-label="pages">'
        '<button type="button" data-page="first">« first</button>'
        '<button type="button" data-page="prev">‹ previous</button>'
        '<label>page <input id="page" type="number" min="1" value="1"> of <span id="pages">1</span></label>'
        '<button type="button" data-page="next">next ›</button>'
        '<button type="button" data-page="last">last »</button></nav>'
        "<noscript><p>The table and the texts need JavaScript; the summary does not.</p></noscript>"
        "</section>\n"
        '<section id="document-sections" aria-label="documents on this page"></section>\n'
        '<div id="tip" role="tooltip" hidden></div>\n'
    )


@cache
def _asset(name: str) -> str:
    return files("audit.writers").joinpath("assets", name).read_text(encoding="utf-8")
