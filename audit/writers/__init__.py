"""Writers render one stream of document reports into a format; the format names are user-facing.

Most formats need only the reports. The formats people read (``html``, ``markdown``) also show the
document text, so they get each document with its report; only they make the engine keep the text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TextIO

from audit.document import Document, DocumentReport
from audit.engine import Auditor
from audit.summary import Summary
from audit.writers.context import ReportContext
from audit.writers.html import write_html
from audit.writers.machine import write_csv, write_json, write_jsonl
from audit.writers.markdown import write_markdown
from audit.writers.table import write_table

Audited = tuple[Document, DocumentReport]
Writer = Callable[[Iterable[DocumentReport], TextIO, Sequence[str]], None]
DocumentWriter = Callable[[Iterable[Audited], TextIO, ReportContext], None]

WRITERS: dict[str, Writer] = {
    "table": write_table,
    "json": write_json,
    "jsonl": write_jsonl,
    "csv": write_csv,
}

DOCUMENT_WRITERS: dict[str, DocumentWriter] = {
    "markdown": write_markdown,
    "html": write_html,
}

FORMATS = (*WRITERS, *DOCUMENT_WRITERS)


def write_report(
    fmt: str, auditor: Auditor, docs: Iterable[Document], out: TextIO, summary: Summary | None = None
) -> None:
    """Audit ``docs`` and write the report as ``fmt``, counting every report into ``summary``."""

    def audited(keep_text: bool) -> Iterable[Audited]:
        if keep_text:
            return auditor.audit_documents(docs)
        return ((Document("", "", ""), report) for report in auditor.audit(docs))

    write_audited(fmt, auditor, audited, out, summary)


def write_audited(
    fmt: str,
    auditor: Auditor,
    audited: Callable[[bool], Iterable[Audited]],
    out: TextIO,
    summary: Summary | None = None,
) -> None:
    """Write the report as ``fmt`` from ``audited(keep_text)``, which runs the audit; only the formats that
    show text ask the engine to keep it."""
    summary = summary if summary is not None else Summary()
    if fmt in DOCUMENT_WRITERS:
        DOCUMENT_WRITERS[fmt](_tracked(audited(True), summary), out, ReportContext.of(auditor))
    else:
        WRITERS[fmt](summary.track(report for _, report in audited(False)), out, auditor.check_names)


def _tracked(pairs: Iterable[Audited], summary: Summary) -> Iterator[Audited]:
    for doc, report in pairs:
        summary.add(report)
        yield doc, report
