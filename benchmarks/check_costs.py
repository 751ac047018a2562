"""What each part of the default audit costs, in CPU seconds per MB of text, against the 1.4 MB/s budget.

    .venv/bin/python benchmarks/check_costs.py [CORPUS.jsonl] [--docs N] [--repeat N]

The corpus is a JSONL file with a ``text`` field; by default the first 500 documents of the benchmark
corpus (/work/benchdata/docs.jsonl) when it is there, else every devset file. Printed per row, in CPU
seconds of this process per MB (``time.process_time``, so other work on a shared machine barely skews it):

* each shared tokenisation of ``Document`` (every cached property: lines, sentences, words and the
  lighter views of the words), each on fresh documents, so a view counts what it is derived from;
* each check of the default audit, **warm** (the document already tokenised, as in an audit where
  another check tokenised it first) and **cold** (a fresh document: the check pays for what it
  tokenises); a check that ``needs`` others is given their results, computed outside the timing;
* near_duplicate's ``resolve`` over the sketches of the whole corpus;
* the whole per-document pass of the default audit (``CheckRunner.run_batch`` on fresh documents, in
  the engine's batches, each check taking a batch in turn), next to the budget: 1.4 MB/s per core is
  0.71 s/MB.

For the per-check rows documents are taken one at a time and dropped after their turn, as the engine
drops them. With ``--repeat N`` every figure is the smallest of N passes, the least disturbed by other
processes.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from functools import cached_property, partial
from operator import attrgetter
from pathlib import Path
from typing import Any

from audit.check import is_corpus_check
from audit.config import Config
from audit.document import Document
from audit.engine import build_auditor
from audit.gc_policy import collect_less_often
from audit.parallel import batches
from audit.passes import CheckRunner

BENCHMARK_CORPUS = Path("/work/benchdata/docs.jsonl")
DEVSET = Path(__file__).resolve().parents[2] / "shared" / "devset"
BUDGET_MB_PER_S = 1.4
# The tokenisations Document caches: every cached property, so a new shared view is timed too.
TOKENISATIONS = [name for name, value in vars(Document).items() if isinstance(value, cached_property)]


def load_texts(corpus: Path | None, limit: int) -> list[str]:
    paths = [corpus] if corpus else [BENCHMARK_CORPUS] if BENCHMARK_CORPUS.exists() else []
    paths = paths or sorted(DEVSET.glob("*/*.jsonl"))
    texts: list[str] = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if len(texts) >= limit:
                    return texts
                texts.append(json.loads(line)["text"])
    return texts


def tokenised(text: str, i: int) -> Document:
    doc = Document(str(i), text, "bench")
    for name in TOKENISATIONS:
        getattr(doc, name)
    return doc


def best_of(repeat: int, measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(repeat))


def per_document(texts: list[str], work: Callable[[Document], Any], warm: bool) -> float:
    """CPU seconds of ``work`` over the corpus, one document at a time, each dropped after its turn as
    the engine drops it (holding every document's tokens at once would make the collector's work, and
    so the figures, grow with the corpus)."""
    seconds = 0.0
    for i, text in enumerate(texts):
        doc = tokenised(text, i) if warm else Document(str(i), text, "bench")
        start = time.process_time()
        work(doc)
        seconds += time.process_time() - start
    return seconds


def per_batch(texts: list[str], runner: CheckRunner) -> float:
    """CPU seconds of the engine's pass over the corpus: fresh documents in the engine's batches, each
    check taking a whole batch in turn."""
    seconds = 0.0
    for batch in batches(Document(str(i), text, "bench") for i, text in enumerate(texts)):
        start = time.process_time()
        runner.run_batch(batch)
        seconds += time.process_time() - start
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="JSONL file with a text field")
    parser.add_argument("--docs", type=int, default=500, help="documents read (default 500)")
    parser.add_argument("--repeat", type=int, default=1, help="passes; the fastest counts (default 1)")
    args = parser.parse_args()
    collect_less_often()  # as the textaudit command and its workers do
    texts = load_texts(args.corpus, args.docs)
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    auditor = build_auditor(Config())
    runner = CheckRunner(auditor.checks)
    print(f"{len(texts)} documents, {megabytes:.2f} MB; CPU seconds per MB (smallest of {args.repeat})")
    print(f"  {'':34s} {'warm':>8s} {'cold':>8s}")

    def row(label: str, warm: float, cold: float | None = None) -> None:
        shown = f"{cold / megabytes:8.3f}" if cold is not None else f"{'':8s}"
        print(f"  {label:34s} {warm / megabytes:8.3f} {shown}")

    for name in TOKENISATIONS:
        row(f"tokenise: {name}", best_of(args.repeat, partial(per_document, texts, attrgetter(name), False)))
    every = partial(per_document, texts, lambda doc: [getattr(doc, name) for name in TOKENISATIONS], False)
    row("tokenise: all of them", best_of(args.repeat, every))

    needed: list[dict[str, Any]] = []
    sketches: dict[str, list[Any]] = {check.name: [] for check in auditor.checks if is_corpus_check(check)}
    for i, text in enumerate(texts):
        outcome = runner.run(tokenised(text, i))
        needed.append(outcome.results)
        for name, column in sketches.items():
            column.append(outcome.sketches[name])
    checks_total = 0.0
    for check in auditor.checks:
        if is_corpus_check(check):
            work: Callable[[Document], Any] = check.sketch
        elif getattr(check, "needs", ()):

            def work(doc: Document, check: Any = check) -> Any:
                return check.run(doc, {name: needed[int(doc.id)][name] for name in check.needs})
        else:
            work = check.run
        warm = best_of(args.repeat, partial(per_document, texts, work, True))
        cold = best_of(args.repeat, partial(per_document, texts, work, False))
        checks_total += warm
        row(f"{check.name}.sketch" if is_corpus_check(check) else check.name, warm, cold)
        if is_corpus_check(check):
            resolve = partial(check.resolve, sketches[check.name])
            row(f"{check.name}.resolve", best_of(args.repeat, partial(_cpu, resolve)))
    row("checks (warm, summed)", checks_total)
    passes = best_of(args.repeat, partial(per_batch, texts, runner))
    row("whole pass (fresh documents)", passes)
    budget = 1.0 / BUDGET_MB_PER_S
    print(
        f"whole pass: {megabytes / passes:.2f} MB/s per core; "
        f"budget {BUDGET_MB_PER_S} MB/s = {budget:.2f} s/MB ({passes / megabytes / budget:.0%} of it used)"
    )


def _cpu(work: Callable[[], Any]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


if __name__ == "__main__":
    main()
