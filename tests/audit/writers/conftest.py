"""Audits for the report writers: the real encoding check next to a check whose reasons quote markup."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

import pytest

from audit.config import Thresholds
from audit.document import CheckResult, Document, DocumentReport, Span
from audit.engine import Auditor
from audit.scoring import Scorer
from checks.encoding import EncodingCheck

_TAG = re.compile(r"<[^<>]{0,40}>")


class MarkupCheck:
    """HTML tags left in the text. Its reasons quote the tag, so a report must escape reasons too."""

    name = "markup"
    description = "HTML tags left in scraped text, like <script> or <b>."

    def run(self, doc: Document) -> CheckResult:
        tags = list(_TAG.finditer(doc.text))
        spans = [Span(m.start(), m.end(), f"tag {m.group()}") for m in tags]
        return CheckResult(
            min(1.0, len(tags) / 3), spans, {"tags": len(tags), "last": tags[-1].group() if tags else ""}
        )


HOSTILE = (
    'Intro <script>window.__pwned = "script"; document.title = "PWNED"</script> and '
    "<img src=x onerror=\"window.__pwned = 'img'\"> then "
    '</script><script>window.__pwned = "breakout"</script>'
    " <!-- a comment --> <svg onload=\"window.__pwned = 'svg'\"></svg> & &amp; \u2028 end"
)


@pytest.fixture(scope="session")
def auditor() -> Auditor:
    checks = [EncodingCheck(), MarkupCheck()]
    return Auditor(checks, Scorer({"encoding": 0.8, "markup": 0.5}, Thresholds()))  # type: ignore[list-item]


@pytest.fixture(scope="session")
def hostile_text() -> str:
    """Markup that would run script if a report pasted it into the page."""
    return HOSTILE


@pytest.fixture
def audit_texts(
    auditor: Auditor,
) -> Callable[[Iterable[tuple[str, str]]], list[tuple[Document, DocumentReport]]]:
    """``(id, text)`` pairs audited by the real engine."""

    def run(items: Iterable[tuple[str, str]]) -> list[tuple[Document, DocumentReport]]:
        docs = [Document(doc_id, text, f"corpus/{doc_id}") for doc_id, text in items]
        return list(auditor.audit_documents(docs))

    return run
