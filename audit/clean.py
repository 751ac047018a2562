"""``textaudit clean``: write the corpus back with debris lines removed, and failing documents set aside.

The output mirrors the input. Files of a folder are written as a tree of the same shape under the output
folder (an HTML page becomes the text file of its cleaned main text, ``page.html.txt``); JSONL records
stay JSONL records with only their text field changed. Nothing is lost: a document whose trust is below
``min_trust``, that could not be read, that has no text left once its debris is gone, or whose output file
cannot be written goes to the rejected file (JSONL, with its original text and the reasons), and every
other document to the kept output.

Nothing is ever half-written (``audit/atomic.py``): files of a folder are renamed into place one by one as
they are complete; JSONL outputs and the rejected file grow under temporary names and are renamed into
place at the end of the run. A checkpoint in a hidden work folder beside the outputs
(``audit/checkpoint.py``) records how far the run got, so that ``resume`` continues an interrupted run
without writing a document twice or dropping one.
"""

from __future__ import annotations

import errno
import json
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from audit import __version__
from audit.atomic import (
    PARTIAL_SUFFIX,
    PartialFile,
    PartialFileError,
    commit_left_behind,
    is_temporary,
    remove_temporaries,
    temporary_path,
    write_atomic,
)
from audit.checkpoint import Checkpoint, CheckpointError, Fingerprint, Progress
from audit.document import Document, DocumentReport, Span
from audit.engine import Auditor
from audit.output_paths import Containment, mirrored_name, overlap, relative_name
from audit.readers import STDIN, ReadOptions

BOILERPLATE = "boilerplate"
REJECTED_FILE = "rejected.jsonl"
WORK_FOLDER = ".textaudit-clean"
CHECKPOINT_DOCUMENTS = 10_000
CHECKPOINT_SECONDS = 10.0
# Errors that mean nothing can be written (rather than that one name is unusable): they stop the run.
_FATAL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS}


class CleanError(Exception):
    """The output cannot be written where it was asked for, or the run cannot be resumed."""


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
        a folder or there are several inputs that are not JSONL; one file otherwise. Refused when an
        output would be, hold or sit inside an input."""
        paths = list(paths)
        jsonl_only = all(_looks_like_jsonl(p) for p in paths)
        folder = out.is_dir() or str(out).endswith(("/", os.sep)) or any(os.path.isdir(p) for p in paths)
        folder = folder or (len(paths) > 1 and not jsonl_only)
        if folder:
            plan = cls(out, True, out / REJECTED_FILE, tuple(paths))
        else:
            name = out.name.removesuffix(".gz")
            stem = name.rsplit(".", 1)[0] if "." in name else name
            plan = cls(out, False, out.with_name(f"{stem}.rejected.jsonl"), tuple(paths))
        problem = overlap(paths, [(out, folder), (plan.rejected, False), (plan.work, True)])
        if problem is not None:
            raise CleanError(problem)
        return plan

    @property
    def root(self) -> Path:
        """The folder every output is in (or under)."""
        return self.out if self.folder else self.out.parent

    @property
    def work(self) -> Path:
        """The hidden folder that holds the run's checkpoint."""
        return self.out / WORK_FOLDER if self.folder else self.out.with_name(f".{self.out.name}{WORK_FOLDER}")


@dataclass
class CleanSummary:
    documents: int = 0
    kept: int = 0
    rejected: int = 0
    lines_removed: int = 0
    characters_removed: int = 0
    written: list[str] = field(default_factory=list)  # the files this run put in place

    def line(self) -> str:
        """One human line: '5 documents: 4 kept (31 debris lines removed), 1 rejected'."""
        noun = "document" if self.documents == 1 else "documents"
        lines = f"{self.lines_removed} debris line" + ("" if self.lines_removed == 1 else "s")
        return f"{self.documents} {noun}: {self.kept} kept ({lines} removed), {self.rejected} rejected"

    def counters(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "written"}


def clean(
    auditor: Auditor,
    docs: Iterable[Document],
    plan: CleanPlan,
    options: ReadOptions,
    min_trust: float | None = None,
    resume: bool = False,
) -> CleanSummary:
    """Audit ``docs`` and write each to the kept or the rejected output of ``plan``."""
    return CleanRun.start(auditor, plan, options, min_trust, resume).run(docs)


def run_options(auditor: Auditor, options: ReadOptions, min_trust: float | None) -> dict[str, Any]:
    """What the output depends on besides the inputs (not the number of workers: it changes nothing)."""
    return {
        "textaudit": __version__,
        "checks": {check.name: repr(getattr(check, "settings", None)) for check in auditor.checks},
        "weights": dict(auditor.scorer.weights),
        "verdicts": [auditor.scorer.thresholds.keep, auditor.scorer.thresholds.review],
        "max_line_chars": auditor.max_line_chars,
        "min_trust": min_trust,
        "text_field": options.text_field,
        "id_field": options.id_field,
        "max_document_bytes": options.max_document_bytes,
        "max_expansion": options.max_expansion,
    }


class CleanRun:
    """One run of ``clean``: ``start`` finds out whether it is fresh or resumed, ``run`` carries it out."""

    def __init__(
        self,
        auditor: Auditor,
        plan: CleanPlan,
        options: ReadOptions,
        min_trust: float | None,
        checkpoint: Checkpoint,
        fingerprint: Fingerprint,
    ) -> None:
        self.auditor = auditor
        self.plan = plan
        self.options = options
        self.min_trust = min_trust
        self.checkpoint = checkpoint
        self.fingerprint = fingerprint
        self.progress = Progress()
        self.note: str | None = None  # what the user should know before the run starts
        self._resumed: dict[Path, PartialFile] = {}

    @classmethod
    def start(
        cls,
        auditor: Auditor,
        plan: CleanPlan,
        options: ReadOptions,
        min_trust: float | None = None,
        resume: bool = False,
    ) -> CleanRun:
        """Continue the interrupted run recorded in the checkpoint (``resume``), else start afresh,
        clearing what an interrupted run left behind. Raises CleanError when the run cannot resume."""
        if resume and STDIN in plan.inputs:
            raise CleanError("--resume cannot read standard input again: give the input as a file")
        fingerprint = Fingerprint.of(plan.inputs, run_options(auditor, options, min_trust))
        run = cls(auditor, plan, options, min_trust, Checkpoint(plan.work), fingerprint)
        try:
            run.checkpoint.lock()
            if resume:
                run._resume()
            else:
                run._start_afresh()
        except (CheckpointError, PartialFileError, OSError) as exc:
            run._close()
            raise CleanError(describe_error(exc)) from exc
        except CleanError:
            run._close()
            raise
        return run

    def run(self, docs: Iterable[Document], checkpoint_every: int = CHECKPOINT_DOCUMENTS) -> CleanSummary:
        """Audit ``docs`` (all of them, also those an interrupted run wrote: corpus checks see the whole
        corpus) and write those not written yet, with a checkpoint every ``checkpoint_every`` documents
        or ``CHECKPOINT_SECONDS``. Interrupted, it leaves the partial outputs and the checkpoint."""
        summary = CleanSummary(**self.progress.counters)
        try:
            if self.progress.finished:
                summary.written = self._commit_left_behind()
            else:
                summary.written = self._write_all(docs, summary, checkpoint_every)
        except BaseException:
            self._close()
            raise
        self.checkpoint.remove()
        return summary

    def _start_afresh(self) -> None:
        try:
            found = self.checkpoint.read()
        except CheckpointError as exc:
            self.note = f"{exc}: starting afresh"
            found = None
        if found is not None:
            self.note = (
                f"an interrupted run left a checkpoint in {self.plan.work} ({found[1].documents} documents "
                "written): starting afresh (--resume continues it instead)"
            )
        if self.note is not None:
            self._remove_temporaries(keep=set())
        self.checkpoint.write(self.fingerprint, self.progress)

    def _resume(self) -> None:
        found = self.checkpoint.read()
        if found is None:
            raise CleanError(
                f"nothing to resume: no checkpoint in {self.plan.work} (the last run completed, or never "
                "started); run without --resume"
            )
        earlier, progress = found
        difference = self.fingerprint.difference(earlier)
        if difference is not None:
            raise CleanError(
                f"cannot resume: the checkpoint in {self.plan.work} is from another run: {difference}; "
                "run without --resume to start afresh"
            )
        self.progress = progress
        if progress.finished:
            self.note = "finishing an interrupted run: its outputs were complete, not yet all in place"
            return
        for name, size in progress.partials.items():
            final = self.plan.root / name
            self._resumed[final] = PartialFile.reopen(final, size)
        self._remove_temporaries(keep={stream.path for stream in self._resumed.values()})
        self.note = f"resuming an interrupted run after its first {progress.documents} documents"

    def _remove_temporaries(self, keep: set[Path]) -> None:
        """What an interrupted run left (temporary files, partial outputs), except the partial outputs a
        resumed run goes on with: anything of ours under the output folder, or beside the output file."""
        folder = self.plan.out if self.plan.folder else self.plan.work
        named = [temporary_path(path, PARTIAL_SUFFIX) for path in (self.plan.out, self.plan.rejected)]
        remove_temporaries(folder, named, keep)

    def _write_all(self, docs: Iterable[Document], summary: CleanSummary, every: int) -> list[str]:
        names = _Names(self.plan)
        outputs = _Outputs(self.plan, self.options, self._resumed)
        self._resumed = {}
        skip = self.progress.documents
        saved_at, unsaved = time.monotonic(), 0
        try:
            for doc, report in self.auditor.audit_documents(names.replayed(docs, skip), skip=skip):
                self._write(doc, report, *names.target(doc), outputs, summary)
                unsaved += 1
                if unsaved >= every or time.monotonic() - saved_at >= CHECKPOINT_SECONDS:
                    self._save(outputs, summary)
                    saved_at, unsaved = time.monotonic(), 0
            self._save(outputs, summary, finished=True)
            return outputs.commit()
        finally:
            outputs.close()

    def _write(
        self,
        doc: Document,
        report: DocumentReport,
        target: Path | None,
        problem: str | None,
        outputs: _Outputs,
        summary: CleanSummary,
    ) -> None:
        """Write one document to its ``target`` if it is kept, else (or when there is a ``problem`` with
        its output) to the rejected file."""
        summary.documents += 1
        spans = report.checks[BOILERPLATE].spans if BOILERPLATE in report.checks else []
        cleaned, removed = remove_lines(doc.text, spans)
        reasons = rejection_reasons(report, self.min_trust, cleaned)
        if not reasons:
            if target is not None:
                problem = outputs.keep(doc, cleaned, target)
            if problem is None:
                summary.kept += 1
                summary.lines_removed += removed
                summary.characters_removed += len(doc.text) - len(cleaned)
                return
            reasons = [problem]
        summary.rejected += 1
        outputs.reject(doc, report, reasons)

    def _save(self, outputs: _Outputs, summary: CleanSummary, finished: bool = False) -> None:
        """Record how far the run got, once what it wrote so far is on disk."""
        outputs.sync()
        self.progress = Progress(summary.documents, summary.counters(), outputs.sizes(), finished)
        self.checkpoint.write(self.fingerprint, self.progress)

    def _commit_left_behind(self) -> list[str]:
        """The run was killed while renaming its finished outputs into place: finish that."""
        written = []
        for name, size in self.progress.partials.items():
            final = self.plan.root / name
            if not commit_left_behind(final, size):
                raise CleanError(f"cannot finish the interrupted run: {final} is not {size} bytes long")
            written.append(str(final))
        return written

    def _close(self) -> None:
        for stream in self._resumed.values():
            stream.close()
        self.checkpoint.release()


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


class _Names:
    """Which output each document goes to, so that no two documents write one file (say ``a.html`` and
    ``a.html.txt``, or ``../x.txt`` and ``x.txt``): the second one is rejected instead of overwriting.

    Every document takes its name in input order whatever its verdict, so a resumed run can take the names
    of the documents it skips again without auditing them.
    """

    def __init__(self, plan: CleanPlan) -> None:
        self.plan = plan
        # an output name -> whether JSONL records may share it, and whose it is
        self.taken: dict[str, tuple[bool, str]] = {REJECTED_FILE: (False, "the rejected file")}

    def target(self, doc: Document) -> tuple[Path | None, str | None]:
        """The file the document is written to, or why it cannot have one."""
        if not self.plan.folder:
            return self.plan.out, None
        record_file = _record_file(doc)
        if record_file is not None:
            name = mirrored_name(record_file, self.plan.inputs)
            owner = f"the records of {record_file}"
        else:
            name = relative_name(doc.id)
            if name is not None and doc.meta.get("format") == "html":
                name = name.with_name(name.name + ".txt")
            owner = f"document {doc.source}"
        if name is None:
            return None, f"no output file name can be made from {(record_file or doc.id)!r}"
        key = name.as_posix()
        if name.parts[0] == WORK_FOLDER or any(is_temporary(part) for part in name.parts):
            return None, f"its output name {key} is reserved for textaudit's own files"
        shared, holder = self.taken.setdefault(key, (record_file is not None, owner))
        if holder != owner and not (shared and record_file is not None):
            return None, f"its output {key} is taken by {holder}"
        return self.plan.out / name, None

    def replayed(self, docs: Iterable[Document], skip: int) -> Iterator[Document]:
        """The documents, the first ``skip`` of them taking their names as they pass."""
        for index, doc in enumerate(docs):
            if index < skip:
                self.target(doc)
            yield doc


class _Outputs:
    """The files of one run. A class of output with no document leaves no file."""

    def __init__(self, plan: CleanPlan, options: ReadOptions, resumed: dict[Path, PartialFile]) -> None:
        self.plan = plan
        self.options = options
        self.streams: dict[Path, PartialFile] = dict(resumed)
        self.containment = Containment(plan.out) if plan.folder else None
        self.files: list[str] = []

    def keep(self, doc: Document, cleaned: str, target: Path) -> str | None:
        """Write the cleaned document; None when it was, else why it could not be."""
        if _record_file(doc) is not None:
            line = json.dumps(self._record(doc, cleaned), ensure_ascii=False) + "\n"
            return self._append(target, line.encode("utf-8", "backslashreplace"))  # lone surrogates: \udXXX
        try:
            data = cleaned.encode("utf-8")
        except UnicodeEncodeError as exc:
            return f"its text cannot be written as UTF-8 ({exc.reason})"
        if self.plan.folder:
            return self._write_file(target, data)
        return self._append(target, data)

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
        line = json.dumps(record, ensure_ascii=False) + "\n"
        self._stream(self.plan.rejected).write(line.encode("utf-8", "backslashreplace"))

    def sizes(self) -> dict[str, int]:
        return {path.relative_to(self.plan.root).as_posix(): s.size for path, s in self.streams.items()}

    def sync(self) -> None:
        for stream in self.streams.values():
            stream.sync()

    def commit(self) -> list[str]:
        """Rename the JSONL outputs into place; every file this run wrote."""
        for stream in self.streams.values():
            stream.commit()
        return self.files + [str(path) for path in self.streams]

    def close(self) -> None:
        for stream in self.streams.values():
            stream.close()

    def _record(self, doc: Document, text: str) -> dict[str, Any]:
        """The JSONL record back, with its text replaced (an id is written only if the record had one)."""
        record: dict[str, Any] = {}
        if not _has_fallback_id(doc):
            record[self.options.id_field] = doc.id
        record[self.options.text_field] = text
        record.update(doc.meta)
        return record

    def _write_file(self, target: Path, data: bytes) -> str | None:
        if self._escapes(target):
            return self._outside(target)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, data)
        except (OSError, ValueError) as exc:
            return _unwritable(target, exc)
        self.files.append(str(target))
        return None

    def _append(self, target: Path, data: bytes) -> str | None:
        if target not in self.streams and self._escapes(target):
            return self._outside(target)
        try:
            stream = self._stream(target)
        except (OSError, ValueError) as exc:
            return _unwritable(target, exc)
        stream.write(data)
        return None

    def _stream(self, target: Path) -> PartialFile:
        stream = self.streams.get(target)
        if stream is None:
            target.parent.mkdir(parents=True, exist_ok=True)
            stream = self.streams[target] = PartialFile.create(target)
        return stream

    def _escapes(self, target: Path) -> bool:
        return self.containment is not None and self.containment.escapes(target)

    def _outside(self, target: Path) -> str:
        return f"its output {target} would be written outside {self.plan.out} (through a symlink)"


def _unwritable(target: Path, exc: OSError | ValueError) -> str:
    """Why one output file cannot be written (its name, a file where a folder should be); an error that
    stops every write (a full disk) is raised instead."""
    if isinstance(exc, OSError) and exc.errno in _FATAL_ERRNOS:
        raise exc
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"its output {target} cannot be written ({reason})"


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


def _looks_like_jsonl(path: str) -> bool:
    return path.lower().removesuffix(".gz").endswith((".jsonl", ".ndjson"))


def describe_error(exc: BaseException) -> str:
    """One line for the user: an OSError says which file and why, without errno noise."""
    if isinstance(exc, OSError) and exc.strerror:
        path = exc.filename2 or exc.filename  # a rename names the file it could not replace second
        return f"cannot write {path}: {exc.strerror}" if path else exc.strerror
    return str(exc)
