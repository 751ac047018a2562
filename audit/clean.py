"""``textaudit clean``: write the corpus back with debris lines removed, and failing documents set aside.

The output mirrors the input. Files of a folder are written as a tree of the same shape under the output
folder (an HTML page becomes the text file of its cleaned main text, ``page.html.txt``); JSONL records
stay JSONL records with only their text field changed. Nothing is lost: a document whose trust is below
``min_trust``, that could not be read, or that has no text left once its debris is gone goes to the
rejected file (JSONL, with its original text and the reasons), and every other document to the kept
output.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from audit.document import Document, DocumentReport, Span
from audit.engine import Auditor
from audit.readers import ReadOptions

BOILERPLATE = "boilerplate"
REJECTED_FILE = "rejected.jsonl"


class CleanError(Exception):
    """The output cannot be written where it was asked for."""


@dataclass(frozen=True)
class CleanPlan:
    """Where cleaned documents go: a folder that mirrors the inputs, or one file."""

    out: Path
    folder: bool
    rejected: Path
    inputs: tuple[str, ...] = ()

    @classmethod
    def for_inputs(cls, paths: Iterable[str], out: Path) -> CleanPlan:
        """A folder when ``out`` is one (existing, or written with a trailing slash) or when any input is
        a folder or there are several inputs that are not JSONL; one file otherwise."""
        paths = list(paths)
        jsonl_only = all(_looks_like_jsonl(p) for p in paths)
        folder = out.is_dir() or str(out).endswith(("/", os.sep)) or any(os.path.isdir(p) for p in paths)
        folder = folder or (len(paths) > 1 and not jsonl_only)
        for path in paths:
            if path != "-" and os.path.exists(path) and _inside(out, Path(path)):
                raise CleanError(f"output {out} is inside input {path}: a later run would read it back")
        if folder:
            return cls(out, True, out / REJECTED_FILE, tuple(paths))
        name = out.name.removesuffix(".gz")
        stem = name.rsplit(".", 1)[0] if "." in name else name
        return cls(out, False, out.with_name(f"{stem}.rejected.jsonl"), tuple(paths))

    def mirrored(self, file: str) -> Path:
        """Where a JSONL file read from the inputs goes under the output folder: its path relative to the
        input folder it was found in, or its name when it was given directly."""
        resolved = Path(file).resolve()
        for folder in self.inputs:
            root = Path(folder).resolve()
            if os.path.isdir(folder) and root in resolved.parents:
                return resolved.relative_to(root)
        return Path(Path(file).name)


@dataclass
class CleanSummary:
    documents: int = 0
    kept: int = 0
    rejected: int = 0
    lines_removed: int = 0
    characters_removed: int = 0
    written: list[str] = field(default_factory=list)

    def line(self) -> str:
        """One human line: '5 documents: 4 kept (31 debris lines removed), 1 rejected'."""
        noun = "document" if self.documents == 1 else "documents"
        lines = f"{self.lines_removed} debris line" + ("" if self.lines_removed == 1 else "s")
        return f"{self.documents} {noun}: {self.kept} kept ({lines} removed), {self.rejected} rejected"


def clean(
    auditor: Auditor,
    docs: Iterable[Document],
    plan: CleanPlan,
    options: ReadOptions,
    min_trust: float | None = None,
) -> CleanSummary:
    """Audit ``docs`` and write each to the kept or the rejected output of ``plan``."""
    summary = CleanSummary()
    with _Outputs(plan, options) as outputs:
        for doc, report in auditor.audit_documents(docs):
            summary.documents += 1
            spans = report.checks[BOILERPLATE].spans if BOILERPLATE in report.checks else []
            cleaned, removed = remove_lines(doc.text, spans)
            reasons = rejection_reasons(report, min_trust, cleaned)
            if reasons:
                summary.rejected += 1
                outputs.reject(doc, report, reasons)
                continue
            summary.kept += 1
            summary.lines_removed += removed
            summary.characters_removed += len(doc.text) - len(cleaned)
            outputs.keep(doc, cleaned)
        summary.written = outputs.written()
    return summary


def remove_lines(text: str, spans: Iterable[Span]) -> tuple[str, int]:
    """The text without the lines a span covers (from the first to the last non-blank character), and how
    many lines went. A span that covers only part of a line leaves the line alone."""
    covered = {(span.start, span.end) for span in spans}
    if not covered:
        return text, 0
    kept: list[str] = []
    removed = 0
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip()
        start = offset + (len(line) - len(line.lstrip()))
        offset += len(line) + 1
        if stripped and (start, start + len(stripped)) in covered:
            removed += 1
            continue
        kept.append(line)
    if text.endswith("\n") and kept and kept[-1] != "":
        kept.append("")
    return "\n".join(kept), removed


def rejection_reasons(report: DocumentReport, min_trust: float | None, cleaned: str) -> list[str]:
    """Why a document goes to the rejected file (empty: it is kept)."""
    if report.error is not None and not report.checks:
        return [report.error]
    reasons = []
    if min_trust is not None and report.trust < min_trust:
        reasons.append(f"trust {report.trust} is below {min_trust:g}")
        for name, result in sorted(report.checks.items(), key=lambda item: -item[1].risk):
            if result.risk > 0:
                top = ", ".join(sorted({span.reason for span in result.spans})[:3])
                reasons.append(f"{name} risk {result.risk:.2f}" + (f" ({top})" if top else ""))
    if not cleaned.strip():
        reasons.append("no text left once the debris lines are removed")
    if report.error is not None:
        reasons.append(report.error)
    return reasons


class _Outputs:
    """Opens output files on first use, so a class of output with no document leaves no empty file."""

    def __init__(self, plan: CleanPlan, options: ReadOptions) -> None:
        self.plan = plan
        self.options = options
        self.streams: dict[Path, TextIO] = {}
        self.files: list[Path] = []

    def __enter__(self) -> _Outputs:
        return self

    def __exit__(self, *exc: object) -> None:
        for handle in self.streams.values():
            handle.close()

    def written(self) -> list[str]:
        return [str(path) for path in self.files]

    def keep(self, doc: Document, cleaned: str) -> None:
        record_file = _record_file(doc)
        if record_file is not None:
            target = self.plan.out / self.plan.mirrored(record_file) if self.plan.folder else self.plan.out
            self._append(target, json.dumps(self._record(doc, cleaned), ensure_ascii=False) + "\n")
        elif self.plan.folder:
            target = self.plan.out / _relative_path(doc)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(cleaned, encoding="utf-8", newline="")
            self.files.append(target)
        else:
            self._append(self.plan.out, cleaned)

    def reject(self, doc: Document, report: DocumentReport, reasons: list[str]) -> None:
        if _record_file(doc) is not None and doc.error is None:
            record = self._record(doc, doc.text)
        else:
            record = {"id": doc.id, "text": doc.text}
        record["textaudit"] = {
            "id": doc.id,
            "source": doc.source,
            "trust": report.trust,
            "verdict": report.verdict,
            "reasons": reasons,
        }
        self._append(self.plan.rejected, json.dumps(record, ensure_ascii=False) + "\n")

    def _record(self, doc: Document, text: str) -> dict[str, Any]:
        """The JSONL record back, with its text replaced (an id is written only if the record had one)."""
        record: dict[str, Any] = {}
        if not _has_fallback_id(doc):
            record[self.options.id_field] = doc.id
        record[self.options.text_field] = text
        record.update(doc.meta)
        return record

    def _append(self, path: Path, text: str) -> None:
        handle = self.streams.get(path)
        if handle is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed in __exit__
            self.streams[path] = handle
            self.files.append(path)
        handle.write(text)


def _record_file(doc: Document) -> str | None:
    """The JSONL file (or stdin) a document is a record of, from its source ``<file>:<line>``; None for a
    document that is a whole file."""
    if os.path.isfile(doc.source):
        return None
    head, sep, tail = doc.source.rpartition(":")
    if sep and tail.isdigit() and (head == "-" or os.path.isfile(head)):
        return head
    return None


def _has_fallback_id(doc: Document) -> bool:
    """True when the reader made the id up from the file and line, because the record had none."""
    line = doc.source.rpartition(":")[2]
    return doc.id.endswith(f":{line}")


def _relative_path(doc: Document) -> Path:
    """Where a file's cleaned text goes under the output folder: its id (its path relative to the folder
    it was found in) for a folder input, its name for a file given directly."""
    path = Path(doc.id)
    if path.is_absolute() or ".." in path.parts:
        path = Path(path.name)
    if doc.meta.get("format") == "html":
        path = path.with_name(path.name + ".txt")
    return path


def _looks_like_jsonl(path: str) -> bool:
    return path.lower().removesuffix(".gz").endswith((".jsonl", ".ndjson"))


def _inside(out: Path, path: Path) -> bool:
    out, path = out.resolve(), path.resolve()
    if path.is_dir():
        return out == path or path in out.parents
    return out == path
