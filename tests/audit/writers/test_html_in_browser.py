"""The HTML report in a real browser (Debian's chromium, driven by Playwright): at 10,000 documents the
table sorts and pages, spans are highlighted with their reasons on hover, and markup inside a document
is shown as text: no script from a document runs, and the page logs no error.

Chromium is installed by ``.ci/run`` when missing. Without it (or without Playwright) these tests are
skipped on a developer's machine, and fail in CI, where they must run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from audit.document import Document
from audit.engine import Auditor
from audit.writers import write_report

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",  # root in a container has no user namespace for the sandbox
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOCUMENTS = 10_000
HOSTILE_ID = "<img src=x onerror=\"window.__pwned = 'id'\">"
OVERLAP = 42  # positions in the corpus, from 0; the report numbers documents from 1
HOSTILE = 1234
LAST_PAGE_FIRST = 9950  # documents 9,951–10,000 on page 200 of 50


def corpus(hostile_text: str) -> list[Document]:
    docs = []
    for i in range(DOCUMENTS):
        text = f"Document {i} says something plain about item {i * 7 % 1000}."
        if i % 10 == 0:
            text = f"The caf\u00c3\u00a9 number {i} isn\u00e2\u20ac\u2122t open. " + text
        if i % 25 == 0:
            text += " <b>bold</b> <i>tags</i> left in."
        docs.append(Document(f"doc-{i:05}", text, f"crawl.jsonl:{i + 1}"))
    docs[OVERLAP] = Document(
        "overlap", "Look: <span title='caf\u00c3\u00a9'>menu</span> here.", "crawl.jsonl:43"
    )
    docs[HOSTILE] = Document(HOSTILE_ID, hostile_text, "</script><script>window.__pwned = 'source'</script>")
    return docs


@pytest.fixture(scope="module")
def report_file(auditor: Auditor, hostile_text: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.html"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_report("html", auditor, corpus(hostile_text), out)
    return path


@pytest.fixture(scope="module")
def trusts(report_file: Path) -> list[float]:
    """Every document's trust, read from the report's data block."""
    [data] = re.findall(r'id="report-data">(.*?)</script>', report_file.read_text(encoding="utf-8"), re.S)
    return [doc["trust"] for doc in json.loads(data)["documents"]]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    problem = None if Path(CHROMIUM).exists() else f"{CHROMIUM} not found (apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "playwright is not installed (pip install -e '.[dev]')"
    if problem is not None:
        if os.environ.get("CI"):
            pytest.fail(f"the browser test must run in CI: {problem}")
        pytest.skip(problem)
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


@dataclass
class Report:
    """A report opened in a fresh tab that records anything a clean report would never do."""

    page: Any
    problems: list[str] = field(default_factory=list)

    def assert_nothing_ran(self) -> None:
        pwned, title = self.page.evaluate("() => [window.__pwned ?? null, document.title]")
        assert self.problems == []
        assert pwned is None
        assert title.startswith("textaudit report")

    def column(self, index: int) -> list[str]:
        return self.page.eval_on_selector_all(
            "#doc-table tbody tr", f"rows => rows.map(r => r.children[{index}].textContent)"
        )


@pytest.fixture
def report(browser: Any, report_file: Path) -> Iterator[Report]:
    page = browser.new_page()
    opened = Report(page)
    page.on("console", lambda m: opened.problems.append(f"console: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda error: opened.problems.append(f"page error: {error}"))
    page.on("dialog", lambda dialog: (opened.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on(
        "request", lambda r: None if r.url.startswith("file:") else opened.problems.append(f"request {r.url}")
    )
    page.goto(report_file.as_uri())
    page.wait_for_selector("body[data-ready]")
    yield opened
    page.close()


def test_markup_in_a_document_is_shown_as_text_and_never_runs(report: Report, hostile_text: str) -> None:
    page = report.page
    page.fill("#query", "onerror")
    assert report.column(1) == [HOSTILE_ID]
    section = page.locator(f"#doc-{HOSTILE + 1}")
    assert section.locator(".text").text_content() == hostile_text
    assert section.locator("h3").text_content() == HOSTILE_ID
    assert section.locator(".source").text_content() == "</script><script>window.__pwned = 'source'</script>"
    assert (
        page.locator("#documents img, #document-sections img, #document-sections script, svg[onload]").count()
        == 0
    )
    page.locator(f"#doc-{HOSTILE + 1} mark").first.hover()
    assert "markup tag <script>" in page.locator("#tip").text_content()
    report.assert_nothing_ran()


def test_ten_thousand_documents_are_paged_fifty_at_a_time(report: Report) -> None:
    page = report.page
    assert page.locator("#pages").text_content() == "200"
    assert page.locator("#doc-table tbody tr").count() == 50
    assert page.locator("article.doc").count() == 50
    assert page.locator("#shown").text_content() == "documents 1–50 of 10,000"
    page.click("button[data-page=last]")
    assert report.column(0)[0] == str(LAST_PAGE_FIRST + 1) and report.column(0)[-1] == "10000"
    assert page.locator("button[data-page=next]").is_disabled()
    page.select_option("#page-size", "250")
    assert page.locator("#pages").text_content() == "40"
    assert page.locator("#doc-table tbody tr").count() == 250
    page.fill("#page", "3")
    page.dispatch_event("#page", "change")
    assert report.column(0)[0] == "501"
    page.select_option("#verdict", "reject")
    rejected = page.locator("#shown").text_content()
    assert rejected.startswith("documents 1–") and rejected.endswith("(10,000 in all)")
    report.assert_nothing_ran()


def test_sorting_by_trust_and_by_a_checks_risk(report: Report, trusts: list[float]) -> None:
    page = report.page
    page.click("button[data-sort=trust]")
    ascending = [float(t) for t in report.column(2)]
    assert ascending == sorted(ascending) and ascending[0] == min(trusts) < 50
    assert page.locator("th:has(button[data-sort=trust])").get_attribute("aria-sort") == "ascending"
    page.click("button[data-sort=trust]")
    descending = [float(t) for t in report.column(2)]
    assert descending == sorted(descending, reverse=True) and descending[0] == max(trusts) == 100.0
    page.click("button[data-sort='risk:1']")  # the markup check's column: highest risk first
    risks = [float(r) for r in report.column(5)]
    assert risks == sorted(risks, reverse=True) and risks[0] == 1.0
    assert page.locator("th:has(button[data-sort='risk:1'])").get_attribute("aria-sort") == "descending"
    page.click("button[data-sort=id]")
    ids = report.column(1)
    assert ids == sorted(ids, key=str.lower)
    report.assert_nothing_ran()


def test_spans_are_highlighted_per_check_and_hover_shows_the_reason(report: Report) -> None:
    page = report.page
    page.goto(page.url + f"#doc-{OVERLAP + 1}")
    section = page.locator(f"#doc-{OVERLAP + 1}")
    section.scroll_into_view_if_needed()
    marks = section.locator("mark")
    assert marks.all_text_contents() == ["<span title='ca", "fÃ©", "'>", "</span>"]
    assert section.locator("mark.multi").all_text_contents() == ["fÃ©"]
    colors = marks.evaluate_all("ms => ms.map(m => getComputedStyle(m).backgroundColor)")
    assert colors[0] == colors[2] != colors[1]  # markup and encoding each have their own colour
    section.locator("mark.multi").hover()
    tip = page.locator("#tip")
    assert tip.is_visible()
    assert "markup tag <span title='caf" in tip.text_content()
    assert "encoding mojibake: 'fÃ©'" in tip.text_content()
    page.mouse.move(0, 0)
    assert tip.is_hidden()
    section.locator("button.chip[data-check='1']").click()  # hide the markup highlights
    assert section.locator("mark").all_text_contents() == ["fÃ©"]
    assert section.locator(".text").text_content() == "Look: <span title='cafÃ©'>menu</span> here."
    report.assert_nothing_ran()


def test_a_link_to_a_document_opens_its_page(report: Report) -> None:
    page = report.page
    page.goto(page.url + "#doc-10000")
    assert page.locator("#page").input_value() == "200"
    assert page.locator("#doc-10000 h3").text_content() == "doc-09999"
    assert page.locator("#doc-10000").is_visible()
    page.select_option("#verdict", "reject")
    link = page.locator("#doc-table tbody tr:first-child a")
    target = link.get_attribute("href")
    link.click()
    assert page.locator(f"{target} h3").text_content() == link.text_content()
    assert page.locator(f"{target}").evaluate("e => e.getBoundingClientRect().top") < 100  # scrolled to
    page.goto(page.url.split("#")[0] + "#doc-2")  # a kept document, hidden by the filter: the filter goes
    assert page.locator("#doc-2 h3").text_content() == "doc-00001"
    assert page.locator("#verdict").input_value() == "all"
    report.assert_nothing_ran()


@pytest.mark.parametrize(
    "docs",
    [
        [],
        [Document("unreadable.png", "", "unreadable.png", error="binary file (PNG image), not text")],
        [Document("emoji", "😀 caf\u00c3\u00a9 <b>x</b> \ud800 lone surrogate", "emoji.txt")],
    ],
    ids=["no documents", "only an unreadable document", "astral and lone surrogate characters"],
)
def test_edge_reports_open_without_errors(
    browser: Any, auditor: Auditor, tmp_path: Path, docs: list[Document]
) -> None:
    path = tmp_path / "report.html"
    with path.open("w", encoding="utf-8", newline="") as out:
        write_report("html", auditor, docs, out)
    page = browser.new_page()
    opened = Report(page)
    page.on("pageerror", lambda error: opened.problems.append(f"page error: {error}"))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready]")
    assert page.locator("article.doc").count() == len(docs)
    if docs and docs[0].text:
        # offsets are Python's code points, not JavaScript's UTF-16 units: the emoji must not shift them
        assert page.locator("mark").all_text_contents() == ["fÃ©", "<b>", "</b>", "\ud800"]
        assert page.locator(".text").text_content() == docs[0].text
    opened.assert_nothing_ran()
    page.close()
