"""The local engine: one pass over the documents, document checks and corpus sketches together.

Reports come out in input order. Without corpus checks they stream as soon as each document is done.
With corpus checks, each document's results wait in a disk spool (memory holds only the sketches) until
the corpus checks have resolved; then the reports follow, still in input order.

On the Ray engine, a corpus check whose collector is a ``SpreadCollector`` finishes on the Ray workers
from the rows the pass left there (``finish_rows``); the rest of the flow is the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, closing
from dataclasses import dataclass
from functools import partial
from itertools import chain, islice

from audit.check import DEFAULT_WEIGHT, Check, instantiate, is_corpus_check
from audit.collector_process import CollectorProcess
from audit.collectors import CorpusCollector, SketchRows, SpreadCollector, collector_for
from audit.config import Config, ConfigError
from audit.document import Document, DocumentReport
from audit.parallel import process_context, run_passes
from audit.passes import DEFAULT_MAX_LINE_CHARS, CheckRunner, PassResult, call_guarded, document_check_order
from audit.ray_engine import RayPasses
from audit.readers import ReadOptions, read_inputs
from audit.registry import RegisteredCheck, discover
from audit.scoring import REJECT, Scorer
from audit.spool import Spool


@dataclass(frozen=True)
class Auditor:
    checks: Sequence[Check]
    scorer: Scorer
    workers: int = 1
    max_line_chars: int = DEFAULT_MAX_LINE_CHARS
    engine: str = "local"
    ray_address: str | None = None

    @property
    def check_names(self) -> list[str]:
        return [check.name for check in self.checks]

    def audit(self, docs: Iterable[Document]) -> Iterator[DocumentReport]:
        for _, report in self._run(run_passes(self._runner(), docs, self.workers), keep_text=False):
            yield report

    def audit_documents(
        self, docs: Iterable[Document], skip: int = 0
    ) -> Iterator[tuple[Document, DocumentReport]]:
        """Each document with its report, for commands that write the documents back out.

        The first ``skip`` documents were handled by an interrupted run: they are only sketched, so that
        corpus checks still see the whole corpus, and are not reported again.
        """
        remaining = iter(docs)
        sketcher = CheckRunner([c for c in self.checks if is_corpus_check(c)], self.max_line_chars)
        done = ((doc, sketcher.run(doc)) for doc in islice(remaining, skip))
        passes = chain(done, run_passes(self._runner(), remaining, self.workers))
        return self._run(passes, keep_text=True, skip=skip)

    def audit_paths(
        self,
        paths: Sequence[str],
        options: ReadOptions,
        keep_text: bool = False,
        on_pass: Callable[[Document], None] | None = None,
    ) -> Iterator[tuple[Document, DocumentReport]]:
        """Read and audit the command-line paths on this engine (Ray reads the files on its workers).

        ``on_pass`` is called with each document as its pass ends, before corpus checks resolve: the
        hook for progress displays.
        """
        if self.engine == "ray":
            return self._run_on_ray(paths, options, keep_text, on_pass)
        passes = run_passes(self._runner(), read_inputs(paths, options), self.workers)
        if on_pass is not None:
            passes = _observed(passes, on_pass)
        return self._run(passes, keep_text)

    def _run_on_ray(
        self,
        paths: Sequence[str],
        options: ReadOptions,
        keep_text: bool,
        on_pass: Callable[[Document], None] | None,
    ) -> Iterator[tuple[Document, DocumentReport]]:
        """Collectors that can leave their sketches' bulk on the workers are asked to, and finish there."""
        collectors = self._collectors()
        splitters = {
            name: collector.splitter()
            for name, collector in collectors.items()
            if isinstance(collector, SpreadCollector)
        }
        with RayPasses(self._runner(), paths, options, self.ray_address, self.workers, splitters) as ray_run:
            passes: Iterable[tuple[Document, PassResult]] = ray_run
            if on_pass is not None:
                passes = _observed(passes, on_pass)
            yield from self._run(passes, keep_text, collectors=collectors, rows=ray_run.rows)

    def _runner(self) -> CheckRunner:
        return CheckRunner(self.checks, self.max_line_chars)

    def _collectors(self, helpers: ExitStack | None = None) -> dict[str, CorpusCollector]:
        """The corpus checks' collectors. With a pool of workers (and ``helpers`` to close them by), each
        runs in a helper process of its own, so that the corpus checks' work overlaps."""
        corpus = [check for check in self.checks if is_corpus_check(check)]
        if helpers is None or self.workers <= 1:
            return {check.name: collector_for(check) for check in corpus}
        # The helpers start before the pool: a fork server they start must preload the modules of
        # every check, so that the pool's workers find them imported too.
        modules = sorted({CollectorProcess.__module__, *(type(check).__module__ for check in self.checks)})
        context = process_context(modules)
        return {
            check.name: helpers.enter_context(closing(CollectorProcess(check, context))) for check in corpus
        }

    def _run(
        self,
        passes: Iterable[tuple[Document, PassResult]],
        keep_text: bool,
        skip: int = 0,
        collectors: dict[str, CorpusCollector] | None = None,
        rows: Callable[[str], SketchRows | None] | None = None,
    ) -> Iterator[tuple[Document, DocumentReport]]:
        with ExitStack() as helpers:
            collectors = self._collectors(helpers) if collectors is None else collectors
            if collectors:
                yield from self._run_with(collectors, passes, keep_text, skip, rows)
                return
            for index, (doc, outcome) in enumerate(passes):
                if index >= skip:
                    yield doc, self._report(doc, outcome)

    def _run_with(
        self,
        collectors: dict[str, CorpusCollector],
        passes: Iterable[tuple[Document, PassResult]],
        keep_text: bool,
        skip: int,
        rows: Callable[[str], SketchRows | None] | None,
    ) -> Iterator[tuple[Document, DocumentReport]]:
        failed: dict[str, str] = {}
        readable = 0  # readable documents sketched so far
        first_readable = 0  # the collectors' index of the first document reported
        with Spool() as spool:
            for index, (doc, outcome) in enumerate(passes):
                if doc.error is None:
                    readable += 1
                    for name, collector in collectors.items():
                        _, failure = call_guarded(partial(collector.add, outcome.sketches.get(name)))
                        if failure is not None:
                            failed.setdefault(name, failure)
                if index < skip:
                    continue
                if index == skip:
                    first_readable = readable - (doc.error is None)
                outcome.sketches = {}
                spool.append((doc if keep_text else doc.without_text(), outcome))
            for name, collector in collectors.items():
                if name not in failed:
                    _, failure = call_guarded(partial(_finish, collector, name, rows, first_readable))
                    if failure is not None:
                        failed[name] = failure
            readable = first_readable
            for doc, outcome in spool:
                if doc.error is None:
                    for name, collector in collectors.items():
                        if name in failed:
                            outcome.record(name, None, failed[name])
                        else:
                            outcome.record(name, *call_guarded(partial(collector.result, readable)))
                    readable += 1
                yield doc, self._report(doc, outcome)

    def _report(self, doc: Document, outcome: PassResult) -> DocumentReport:
        if doc.error is not None:
            return DocumentReport(doc.id, doc.source, 0.0, REJECT, doc.error, {})
        ordered = {name: outcome.results[name] for name in self.check_names if name in outcome.results}
        trust = self.scorer.trust({name: result.risk for name, result in ordered.items()})
        error = "; ".join(outcome.failures) or None
        return DocumentReport(doc.id, doc.source, trust, self.scorer.verdict(trust), error, ordered)


def _finish(
    collector: CorpusCollector,
    name: str,
    rows: Callable[[str], SketchRows | None] | None,
    first_result: int,
) -> None:
    if isinstance(collector, CollectorProcess):
        collector.finish(first_result)
        return
    spread = rows(name) if rows is not None and isinstance(collector, SpreadCollector) else None
    if spread is None:
        collector.finish()
    else:
        collector.finish_rows(spread)


def _observed(
    passes: Iterable[tuple[Document, PassResult]], on_pass: Callable[[Document], None]
) -> Iterator[tuple[Document, PassResult]]:
    for doc, outcome in passes:
        on_pass(doc)
        yield doc, outcome


def build_auditor(
    config: Config,
    only: Sequence[str] | None = None,
    skip: Sequence[str] = (),
    registry: dict[str, RegisteredCheck] | None = None,
    workers: int = 1,
    max_line_chars: int = DEFAULT_MAX_LINE_CHARS,
    engine: str = "local",
    ray_address: str | None = None,
) -> Auditor:
    """The checks the config and the command line ask for, set up with their settings and weights."""
    available = discover() if registry is None else registry
    wanted = list(only) if only else list(config.checks or available)
    unknown = sorted({*wanted, *skip, *config.settings, *config.weights, *config.floors} - set(available))
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
    scorer = Scorer(weights, config.thresholds, dict(config.floors))
    return Auditor(checks, scorer, workers, max_line_chars, engine, ray_address)
