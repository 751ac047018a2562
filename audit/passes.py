"""The per-document pass: every document check and every corpus sketch, for one document at a time.

Kept apart from the engine so that the same picklable unit of work runs in-process, in a worker
process, or on a Ray worker.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

from audit.check import Check, DocumentCheck, is_corpus_check
from audit.config import ConfigError
from audit.document import CheckResult, Document
from audit.truncation import Truncation, truncate_long_lines


class PassResult:
    """What one document's pass produced: document-check results, failures, corpus sketches.

    Pickled as the sketches beside one blob of everything else, which is unpickled only when first read.
    A worker's results reach the auditing process to wait in its spool until the corpus checks resolve:
    they are stored as the bytes that came, not unpickled and pickled again there (half a second per
    40 MB of text, on the process that both workers wait for).
    """

    def __init__(
        self,
        results: dict[str, CheckResult] | None = None,
        failures: list[str] | None = None,
        sketches: dict[str, Any] | None = None,
        truncation: Truncation | None = None,
    ) -> None:
        self.sketches: dict[str, Any] = {} if sketches is None else sketches
        self._results: dict[str, CheckResult] = {} if results is None else results
        self._failures: list[str] = [] if failures is None else failures
        self._truncation = truncation
        self._packed: bytes | None = None

    @property
    def results(self) -> dict[str, CheckResult]:
        self._unpack()
        return self._results

    @property
    def failures(self) -> list[str]:
        self._unpack()
        return self._failures

    @property
    def truncation(self) -> Truncation | None:
        self._unpack()
        return self._truncation

    @truncation.setter
    def truncation(self, truncation: Truncation | None) -> None:
        self._unpack()
        self._truncation = truncation

    def _unpack(self) -> None:
        if self._packed is not None:
            self._results, self._failures, self._truncation = pickle.loads(self._packed)  # our own pickle
            self._packed = None

    def __reduce__(self) -> tuple[Callable[..., PassResult], tuple[dict[str, Any], bytes]]:
        packed = self._packed
        if packed is None:
            packed = pickle.dumps((self._results, self._failures, self._truncation), pickle.HIGHEST_PROTOCOL)
        return _packed_pass, (self.sketches, packed)

    def record(self, name: str, result: Any, failure: str | None = None) -> None:
        """Store a check's result (spans in original offsets), or a placeholder that says why it failed."""
        if failure is None and not isinstance(result, CheckResult):
            failure = f"returned {type(result).__name__}, not a CheckResult"
        if failure is not None:
            self.failures.append(f"check {name!r} failed: {failure}")
            self.results[name] = CheckResult(0.0, [], {"error": failure})
        else:
            self.results[name] = self.truncation.apply(result) if self.truncation else result


def _packed_pass(sketches: dict[str, Any], packed: bytes) -> PassResult:
    outcome = PassResult(sketches=sketches)
    outcome._packed = packed
    return outcome


DEFAULT_MAX_LINE_CHARS = 20_000


class CheckRunner:
    """Runs the checks on one document; picklable, so worker processes get their own copy once."""

    def __init__(self, checks: Sequence[Check], max_line_chars: int = DEFAULT_MAX_LINE_CHARS) -> None:
        self.checks = tuple(checks)
        self.max_line_chars = max_line_chars
        self.order = document_check_order(self.checks)
        self.corpus_checks = tuple(check for check in self.checks if is_corpus_check(check))

    def run(self, doc: Document) -> PassResult:
        return self.run_batch([doc])[0]

    def run_batch(self, docs: Sequence[Document]) -> list[PassResult]:
        """Each check runs on the whole batch before the next starts, so its tables (lexicons, phrase
        lists, stoplists) stay in the processor's caches from one document to the next: taken document
        by document, every check found them evicted by the checks between, and a stoplist lookup cost
        five times what it costs warm."""
        outcomes = [PassResult() for _ in docs]
        work: list[tuple[Document, PassResult]] = []
        for doc, outcome in zip(docs, outcomes, strict=True):
            if doc.error is None:
                doc, outcome.truncation = truncate_long_lines(doc, self.max_line_chars)
                work.append((doc, outcome))
        for check in self.order:
            needs = getattr(check, "needs", ())
            for doc, outcome in work:
                if needs:
                    needed = {name: outcome.results[name] for name in needs if name in outcome.results}
                    value, failure = call_guarded(partial(check.run, doc, needed))
                else:
                    value, failure = call_guarded(partial(check.run, doc))
                outcome.record(check.name, value, failure)
        for check in self.corpus_checks:
            for doc, outcome in work:
                value, failure = call_guarded(partial(check.sketch, doc))
                outcome.sketches[check.name] = value
                if failure is not None:
                    outcome.failures.append(f"check {check.name!r} failed: {failure}")
        return outcomes


def call_guarded(fn: Callable[[], Any]) -> tuple[Any, str | None]:
    """Run one check call; a check that raises is reported on its document, never stops the run."""
    try:
        return fn(), None
    except Exception as exc:  # noqa: BLE001 - a buggy check must not lose the corpus
        return None, f"{type(exc).__name__}: {exc}"


def document_check_order(checks: Sequence[Check]) -> list[DocumentCheck]:
    """Document checks ordered so that every check runs after the checks it ``needs``."""
    pending = [check for check in checks if not is_corpus_check(check)]
    names = {check.name for check in pending}
    done: set[str] = set()
    order: list[DocumentCheck] = []
    while pending:
        ready = [c for c in pending if all(n in done or n not in names for n in getattr(c, "needs", ()))]
        if not ready:
            cycle = ", ".join(sorted(check.name for check in pending))
            raise ConfigError(f"checks {cycle} need each other's results in a cycle")
        for check in ready:
            order.append(check)  # type: ignore[arg-type]
            done.add(check.name)
            pending.remove(check)
    return order
