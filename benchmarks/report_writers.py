"""How fast each report format is written, how big the HTML report gets, and how fast it opens.

    .venv/bin/python benchmarks/report_writers.py [N]

The corpus is the five sample articles repeated (every tenth copy garbled the way a wrong codec garbles
text, so reports have spans to highlight), audited once by the real engine with the encoding check; the
figure per format is the writer's own time on those audited documents. Then the HTML report is opened in
Debian's chromium (when installed): the time until the first page is rendered, and to sort by trust.
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from pathlib import Path

from audit.config import Config
from audit.document import Document
from audit.engine import build_auditor
from audit.writers import DOCUMENT_WRITERS, WRITERS
from audit.writers.context import ReportContext

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def corpus(count: int) -> list[Document]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLES.glob("*.txt"))]
    docs = []
    for i in range(count):
        text = texts[i % len(texts)]
        if i % 10 == 0:
            text = text.encode("utf-8").decode("cp1252", errors="replace")
        docs.append(Document(f"doc-{i}", text, f"corpus.jsonl:{i + 1}"))
    return docs


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    auditor = build_auditor(Config(), ["encoding"])
    pairs = list(auditor.audit_documents(corpus(count)))
    megabytes = sum(len(doc.text.encode("utf-8")) for doc, _ in pairs) / 1e6
    print(f"{count:,} documents, {megabytes:.1f} MB of text")
    context = ReportContext.of(auditor)
    html = ""
    for name, write in DOCUMENT_WRITERS.items():
        out = io.StringIO()
        start = time.perf_counter()
        write(pairs, out, context)
        seconds = time.perf_counter() - start
        size = len(out.getvalue().encode("utf-8")) / 1e6
        print(f"{name:9} {seconds:6.2f} s  {megabytes / seconds:6.1f} MB/s of text  output {size:.1f} MB")
        html = out.getvalue() if name == "html" else html
    for name, write in WRITERS.items():
        out = io.StringIO()
        start = time.perf_counter()
        write((report for _, report in pairs), out, auditor.check_names)
        seconds = time.perf_counter() - start
        print(f"{name:9} {seconds:6.2f} s  {megabytes / seconds:6.1f} MB/s of text")
    open_in_browser(html)


def open_in_browser(html: str) -> None:
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        print("chromium not installed: browser timings skipped")
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        report = Path(tmp) / "report.html"
        report.write_text(html, encoding="utf-8")
        context = playwright.chromium.launch_persistent_context(
            str(Path(tmp) / "profile"), executable_path=str(chromium), headless=True, args=["--no-sandbox"]
        )
        page = context.new_page()
        start = time.perf_counter()
        page.goto(report.as_uri())
        page.wait_for_selector("body[data-ready]")
        print(f"browser   {time.perf_counter() - start:6.2f} s  to open the report and render its first page")
        start = time.perf_counter()
        page.click("button[data-sort=trust]")
        print(f"browser   {time.perf_counter() - start:6.2f} s  to sort every document by trust")
        context.close()


if __name__ == "__main__":
    main()
