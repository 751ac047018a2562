"""The HTML report as a file: self-contained, every document byte escaped, data the page can parse."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from audit.document import Document, DocumentReport
from audit.engine import Auditor
from audit.writers import write_report
from audit.writers.context import ReportContext
from audit.writers.html import script_json, write_html

AuditTexts = Callable[[list[tuple[str, str]]], list[tuple[Document, DocumentReport]]]
_DATA = re.compile(r'<script type="application/json" id="report-data">(.*?)</script>', re.S)


def html_report(auditor: Auditor, items: list[tuple[str, str]]) -> str:
    out = io.StringIO()
    docs = [Document(doc_id, text, f"corpus/{doc_id}") for doc_id, text in items]
    write_report("html", auditor, docs, out)
    return out.getvalue()


def report_data(page: str) -> dict[str, Any]:
    [block] = _DATA.findall(page)
    return json.loads(block)


def joined_text(document: dict[str, Any]) -> str:
    return "".join(piece if isinstance(piece, str) else piece[0] for piece in document["text"])


def test_hostile_text_ids_and_reasons_stay_inside_the_data_block(auditor: Auditor, hostile_text: str) -> None:
    page = html_report(
        auditor, [("<img src=x onerror=alert(1)>", hostile_text), ("plain", "Nothing to see.")]
    )
    assert len(re.findall(r"<script", page, re.I)) == 2  # the data block and the report's own script
    assert len(re.findall(r"</script", page, re.I)) == 2
    assert "onerror" not in page.split('id="report-data">')[0]
    assert "<img" not in page and "<!--" not in page and "<svg onload" not in page
    data = report_data(page)
    hostile, plain = data["documents"]
    assert hostile["id"] == "<img src=x onerror=alert(1)>"
    assert joined_text(hostile) == hostile_text
    assert joined_text(plain) == "Nothing to see."
    markup = data["meta"]["checks"][1]
    assert markup["name"] == "markup" and markup["description"].startswith("HTML tags")
    reasons = [span[3] for span in hostile["spans"] if span[0] == 1]
    assert reasons[0] == "tag <script>" and "tag </script>" in reasons


def test_highlighted_pieces_point_at_the_spans_that_cover_them(
    auditor: Auditor, audit_texts: AuditTexts
) -> None:
    pairs = audit_texts([("mixed", "The cafÃ© <b>isnâ€™t</b> open")])
    out = io.StringIO()
    write_html(pairs, out, ReportContext.of(auditor))
    [doc] = report_data(out.getvalue())["documents"]
    text = pairs[0][0].text
    offset = 0
    for piece in doc["text"]:
        chunk, refs = (piece, []) if isinstance(piece, str) else piece
        for ref in refs:
            _, start, end, _ = doc["spans"][ref]
            assert start <= offset and offset + len(chunk) <= end
        offset += len(chunk)
    assert offset == len(text)
    assert {span[0] for span in doc["spans"]} == {0, 1}  # both checks left evidence


def test_the_page_loads_nothing_and_allows_only_its_own_script(auditor: Auditor) -> None:
    page = html_report(auditor, [("a", "Some text.")])
    without_svg_namespace = page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    for remote in ("http://", "https://", "<link", "@import", "url(", " src="):
        assert remote not in without_svg_namespace
    [policy] = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert "default-src 'none'" in policy
    [script] = re.findall(r"<script>(.*?)</script>", page, re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in policy


def test_lone_surrogates_and_nan_still_give_json_a_browser_parses() -> None:
    value = {"text": "broken \ud83d half", "nan": float("nan"), "set": {1}, "</script>": "x"}
    encoded = script_json(value)
    encoded.encode("utf-8")  # strict: no lone surrogate left in the output
    assert "<" not in encoded
    assert json.loads(encoded) == {"text": "broken \ud83d half", "nan": "nan", "set": "{1}", "</script>": "x"}


def test_summary_counts_every_document_in_cards_and_charts(auditor: Auditor) -> None:
    items = [(f"d{i}", "clean text" if i % 3 else "caf\u00c3\u00a9 <b>x</b>") for i in range(30)]
    page = html_report(auditor, items)
    bars = re.findall(r"<title>trust [\d.]+–[\d.]+: ([\d,]+) documents</title>", page)
    assert sum(int(n) for n in bars) == 30
    risk_bars = re.findall(r"<title>risk [\d.]+–[\d.]+: ([\d,]+) documents</title>", page)
    assert sum(int(n) for n in risk_bars) == 60  # two checks, every document
    assert '<span class="value">30</span><span class="label">documents</span>' in page
    assert "textaudit report · 30 documents" in page


def test_unreadable_documents_are_listed_but_not_in_the_trust_histogram(auditor: Auditor) -> None:
    out = io.StringIO()
    docs = [Document("ok", "Fine text.", "ok.txt"), Document("bad", "", "bad.bin", error="binary file (PNG)")]
    write_report("html", auditor, docs, out)
    page = out.getvalue()
    assert "(1 unreadable not shown)" in page
    bad = report_data(page)["documents"][1]
    assert bad["error"] == "binary file (PNG)" and bad["text"] == [] and bad["risks"] == [None, None]


def test_scan_writes_the_html_report_to_a_file(
    run_textaudit: Callable[..., subprocess.CompletedProcess[str]], samples: Path, tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    result = run_textaudit("scan", str(samples), "--format", "html", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and "5 documents" in result.stderr
    data = report_data(out.read_text(encoding="utf-8"))
    assert [doc["id"] for doc in data["documents"]] == sorted(p.name for p in samples.glob("*.txt"))
    for doc in data["documents"]:
        assert joined_text(doc) == (samples / doc["id"]).read_text(encoding="utf-8")
