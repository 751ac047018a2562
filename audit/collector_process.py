"""Corpus collectors in processes of their own, so that their work overlaps the auditing process's.

On a pool, the workers do the per-document pass while the auditing process alone does the corpus checks'
work: it adds every sketch during the pass and, once the pass is over, finishes one check after the other
and builds every document's result of each, while the workers sit idle. That serial tail was a quarter of
a two-worker scan of the Debian-docs corpus. Here each corpus check's collector lives in a helper process:
the auditor sends it the sketches in batches as they come, and after the pass all the helpers finish at
once and write their results, in document order, to a file that the auditor reads as the reports go out.

The helper's file is unbounded on purpose: a helper that is quicker than the auditor runs ahead instead
of waiting, and memory holds none of it.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import tempfile
from typing import Any

from audit.check import CorpusCheck
from audit.collectors import collector_for
from audit.document import CheckResult
from audit.gc_policy import collect_less_often
from audit.parallel import exit_with

ADD_BATCH = 256  # sketches sent to a helper at a time
READY_EVERY = 64  # results a helper writes between telling the auditor how many are ready


class CollectorProcess:
    """The ``CorpusCollector`` of ``check`` (see ``audit/collectors.py``), run in a helper process.

    Failures keep the meaning they have in-process: an exception raised by the collector's ``add``,
    ``finish`` or ``result`` in the helper is raised again by ``result`` here, for the documents it
    concerns, so the engine reports it the same way.
    """

    def __init__(self, check: CorpusCheck, context: multiprocessing.context.BaseContext) -> None:
        self.name = check.name
        descriptor, self._path = tempfile.mkstemp(prefix="textaudit-results-")
        self._results = os.fdopen(descriptor, "rb")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=_serve,
            args=(check, child, self._path, os.getpid()),
            name=f"textaudit-{check.name}",
            daemon=True,
        )
        self._process.start()
        child.close()
        self._pending: list[Any] = []
        self._first = 0
        self._ready = 0  # results the helper has written, counted from the first one asked for
        self._read = 0  # results read back, counted the same way

    def add(self, sketch: Any) -> None:
        self._pending.append(sketch)
        if len(self._pending) >= ADD_BATCH:
            self._send_pending()

    def finish(self, first_result: int = 0) -> None:
        """Start the helper's ``finish``; it then writes the results from index ``first_result`` on
        (a resumed run does not ask for the documents it has already written)."""
        self._send_pending()
        self._first = first_result
        self._send(("finish", first_result))

    def result(self, index: int) -> CheckResult:
        wanted = index - self._first
        while self._ready <= wanted:
            try:
                self._ready = self._conn.recv()
            except (EOFError, OSError):  # the helper is gone: closed or reset before it wrote them all
                raise self._ended() from None
        item: tuple[CheckResult | None, BaseException | None] = (None, None)
        while self._read <= wanted:
            item = pickle.load(self._results)  # written by our own helper
            self._read += 1
        result, failure = item
        if failure is not None:
            raise failure
        assert result is not None
        return result

    def close(self) -> None:
        """Stop the helper (it has ended on its own once all its results are written)."""
        if self._process.is_alive():
            self._process.terminate()
        self._process.join()
        self._conn.close()
        self._results.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._path)  # the helper unlinks it once open; not if it never got that far

    def _send_pending(self) -> None:
        if self._pending:
            self._send(("add", self._pending))
            self._pending = []

    def _send(self, message: tuple[str, Any]) -> None:
        try:
            self._conn.send(message)
        except OSError:  # the helper is gone: a broken pipe or a reset connection
            raise self._ended() from None

    def _ended(self) -> RuntimeError:
        return RuntimeError(f"the process of the {self.name} check ended unexpectedly")


def _serve(check: CorpusCheck, conn: multiprocessing.connection.Connection, path: str, parent: int) -> None:
    """The helper: add the sketches as they come, then finish and write every result asked for."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # an interrupted scan is the auditor's to end
    collect_less_often()
    exit_with(parent)
    with open(path, "ab") as out:
        with contextlib.suppress(OSError):
            os.unlink(path)  # the auditor has it open; nothing else should find it
        collector = collector_for(check)
        failure: BaseException | None = None
        added = 0
        while True:
            try:
                kind, payload = conn.recv()
            except EOFError:
                return  # the auditor is gone
            if kind == "add":
                for sketch in payload:
                    added += 1
                    if failure is None:
                        try:
                            collector.add(sketch)
                        except Exception as exc:  # noqa: BLE001 - reported on every document, as in-process
                            failure = exc
                continue
            if failure is None:
                try:
                    collector.finish()
                except Exception as exc:  # noqa: BLE001 - as above
                    failure = exc
            _write_results(collector, failure, range(payload, added), out, conn)
            return


def _write_results(
    collector: Any,
    failure: BaseException | None,
    indexes: range,
    out: Any,
    conn: multiprocessing.connection.Connection,
) -> None:
    for written, index in enumerate(indexes, start=1):
        item: tuple[CheckResult | None, BaseException | None] = (None, failure)
        if failure is None:
            try:
                item = (collector.result(index), None)
            except Exception as exc:  # noqa: BLE001 - as above
                item = (None, exc)
        _dump(item, out)
        if written % READY_EVERY == 0 or written == len(indexes):
            out.flush()
            conn.send(written)


def _dump(item: tuple[CheckResult | None, BaseException | None], out: Any) -> None:
    try:
        data = pickle.dumps(item, pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 - what cannot be pickled is sent as the text of what failed
        failure = exc if item[1] is None else item[1]  # the result itself, or the exception it raised
        data = pickle.dumps((None, RuntimeError(f"{type(failure).__name__}: {failure}")))
    out.write(data)
