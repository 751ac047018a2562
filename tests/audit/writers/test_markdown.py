"""The Markdown report: short at any corpus size, and nothing quoted from a document becomes markup."""

from __future__ import annotations

import io
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

from audit.document import Document
from audit.engine import Auditor
from audit.writers import write_report
from audit.writers.markdown import WORST_DOCUMENTS, code

_CELL_BORDER = re.compile(r"(?<!\\)\|")


def markdown_report(auditor: Auditor, items: list[tuple[str, str]]) -> str:
    out = io.StringIO()
    write_report("markdown", auditor, [Document(i, text, f"corpus/{i}") for i, text in items], out)
    return out.getvalue()


def table_rows(report: str) -> list[str]:
    return [line for line in report.splitlines() if line.startswith("|")]


def test_a_big_corpus_lists_only_the_worst_documents_and_says_how_many_were_left_out(
    auditor: Auditor,
) -> None:
    items = [(f"doc{i:04}", "caf\u00c3\u00a9 " * (i % 7) + "Plain words here.") for i in range(600)]
    report = markdown_report(auditor, items)
    listed = [row for row in table_rows(report) if "`doc" in row]
    assert len(listed) == WORST_DOCUMENTS
    trusts = [float(row.split("|")[1]) for row in listed]
    assert trusts == sorted(trusts)
    assert f"**Lowest trust** ({WORST_DOCUMENTS} of 600):" in report
    assert f"{600 - WORST_DOCUMENTS} more not listed (" in report
    assert len(report.splitlines()) < 40


def test_findings_quote_the_reason_and_the_flagged_text(auditor: Auditor) -> None:
    report = markdown_report(
        auditor, [("a", "Hello <b>World</b>, the caf\u00c3\u00a9 is open."), ("b", "Clean.")]
    )
    [row] = [row for row in table_rows(report) if "`a`" in row]
    assert "**markup** 0.67 `tag <b>` (+1 more)" in row
    assert "**encoding**" in row and "`mojibake: 'fÃ©'`" in row
    assert "1 more not listed (1 keep)" in report
    assert "| `markup` | 0.5 | 0.333 | 1 (50.0%) | 2 |" in report


def test_hostile_ids_and_text_cannot_break_the_table_or_become_markup(
    auditor: Auditor, hostile_text: str
) -> None:
    nasty_id = "a|b`c`` <img src=x onerror=alert(1)> @everyone\nnext line"
    report = markdown_report(auditor, [(nasty_id, hostile_text + " | pipe")])
    header, _, *rows = table_rows(report.split("**Lowest trust**")[1])
    assert len(_CELL_BORDER.findall(rows[0])) == len(_CELL_BORDER.findall(header)) == 5
    assert "\n" not in rows[0]
    outside_code = re.sub(r"(`+).*?\1(?!`)", "", rows[0])
    assert "<" not in outside_code and "@" not in outside_code


def test_code_spans_fence_backticks_and_escape_pipes() -> None:
    assert code("plain") == "`plain`"
    assert code("a`b") == "``a`b``"
    assert code("`edge`") == "`` `edge` ``"
    assert code("x|y") == "`x\\|y`"
    assert code("line\nbreak\ttab\x1b[0m") == "`line break tab [0m`"
    assert code("   ") == "–"
    assert code("abcdefghij", limit=5) == "`abcd…`"


def test_a_clean_corpus_says_so(auditor: Auditor) -> None:
    report = markdown_report(auditor, [("a", "Clean text."), ("b", "More clean text.")])
    assert "No findings in any document." in report
    assert "**2 keep · 0 review · 0 reject** (0 unreadable or failed) · mean trust 100.0" in report


def test_scan_prints_markdown(
    run_textaudit: Callable[..., subprocess.CompletedProcess[str]], samples: Path
) -> None:
    result = run_textaudit("scan", str(samples), "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("### textaudit report: 5 documents\n")
    assert "| `encoding` |" in result.stdout
