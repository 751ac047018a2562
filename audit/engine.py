"""The local engine: one pass over the documents, document checks and corpus sketches together.

Reports come out in input order. Without corpus checks they stream as soon as each document is done;
with corpus checks they follow once every sketch is in and the corpus checks have resolved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from audit.check import DEFAULT_WEIGHT, Check, DocumentCheck, instantiate, is_corpus_check
from audit.config import Config, ConfigError
from audit.document import CheckResult, Document, DocumentReport
from audit.registry import RegisteredCheck, discover
from audit.scoring import REJECT, Scorer


@dataclass
class _Pending:
    doc: Document
    results: dict[str, CheckResult] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Auditor:
    checks: Sequence[Check]
    scorer: Scorer

    @property
    def check_names(self) -> list[str]:
        return [check.name for check in self.checks]

    def audit(self, docs: Iterable[Document]) -> Iterator[DocumentReport]:
        for _, report in self.audit_documents(docs):
            yield report

    def audit_documents(self, docs: Iterable[Document]) -> Iterator[tuple[Document, DocumentReport]]:
        """Each document with its report, for commands that write the documents back out."""
        order = document_check_order(self.checks)
        corpus_checks = [check for check in self.checks if is_corpus_check(check)]
        if not corpus_checks:
            for doc in docs:
                yield doc, self._report(self._document_pass(doc, order, {}))
            return
        sketches: dict[str, list[Any]] = {check.name: [] for check in corpus_checks}
        pending = [self._document_pass(doc, order, sketches) for doc in docs]
        readable = [item for item in pending if item.doc.error is None]
        for check in corpus_checks:
            outcome = _call(partial(check.resolve, sketches[check.name]))
            results = outcome.value
            if outcome.failure is None and (not isinstance(results, list) or len(results) != len(readable)):
                outcome = _Outcome(None, f"resolve() must return one result per sketch ({len(readable)})")
            for index, item in enumerate(readable):
                value = None if outcome.failure else results[index]
                _record(item, check.name, value, outcome.failure)
        for item in pending:
            yield item.doc, self._report(item)

    def _document_pass(
        self, doc: Document, order: Sequence[DocumentCheck], sketches: dict[str, list[Any]]
    ) -> _Pending:
        item = _Pending(doc)
        if doc.error is not None:
            return item
        for check in order:
            needs = getattr(check, "needs", ())
            if needs:
                needed = {name: item.results[name] for name in needs if name in item.results}
                outcome = _call(partial(check.run, doc, needed))
            else:
                outcome = _call(partial(check.run, doc))
            _record(item, check.name, outcome.value, outcome.failure)
        for check in self.checks:
            if is_corpus_check(check):
                outcome = _call(partial(check.sketch, doc))
                sketches[check.name].append(outcome.value)
                if outcome.failure:
                    item.failures.append(f"check {check.name!r} failed: {outcome.failure}")
        return item

    def _report(self, item: _Pending) -> DocumentReport:
        doc = item.doc
        if doc.error is not None:
            return DocumentReport(doc.id, doc.source, 0.0, REJECT, doc.error, {})
        ordered = {name: item.results[name] for name in self.check_names if name in item.results}
        trust = self.scorer.trust({name: result.risk for name, result in ordered.items()})
        error = "; ".join(item.failures) or None
        return DocumentReport(doc.id, doc.source, trust, self.scorer.verdict(trust), error, ordered)


@dataclass
class _Outcome:
    value: Any
    failure: str | None = None


def _call(fn: Callable[[], Any]) -> _Outcome:
    """Run one check call; a check that raises is reported on its document, never stops the run."""
    try:
        return _Outcome(fn())
    except Exception as exc:  # noqa: BLE001 - a buggy check must not lose the corpus
        return _Outcome(None, f"{type(exc).__name__}: {exc}")


def _record(item: _Pending, name: str, result: Any, failure: str | None = None) -> None:
    if failure is None and not isinstance(result, CheckResult):
        failure = f"returned {type(result).__name__}, not a CheckResult"
    if failure is not None:
        item.failures.append(f"check {name!r} failed: {failure}")
        item.results[name] = CheckResult(0.0, [], {"error": failure})
    else:
        item.results[name] = result


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


def build_auditor(
    config: Config,
    only: Sequence[str] | None = None,
    skip: Sequence[str] = (),
    registry: dict[str, RegisteredCheck] | None = None,
) -> Auditor:
    """The checks the config and the command line ask for, set up with their settings and weights."""
    available = discover() if registry is None else registry
    wanted = list(only) if only else list(config.checks or available)
    unknown = sorted({*wanted, *skip, *config.settings, *config.weights} - set(available))
    if unknown:
        raise ConfigError(f"unknown check {', '.join(unknown)} (installed: {', '.join(sorted(available))})")
    checks: list[Check] = []
    weights: dict[str, float] = {}
    for name in wanted:
        if name in skip:
            continue
        check_class = available[name].check_class
        try:
            checks.append(instantiate(check_class, dict(config.settings.get(name, {}))))
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{config.origin}: {exc}") from exc
        weights[name] = config.weights.get(name, getattr(check_class, "default_weight", DEFAULT_WEIGHT))
    document_check_order(checks)
    return Auditor(checks, Scorer(weights, config.thresholds))
