"""What each part of the default audit costs, in CPU seconds per MB of text, against the 1.4 MB/s budget.

    .venv/bin/python benchmarks/check_costs.py [CORPUS.jsonl] [--docs N] [--repeat N]

The corpus is a JSONL file with a ``text`` field; by default the first 500 documents of the benchmark
corpus (/work/benchdata/docs.jsonl) when it is there, else every devset file. Printed per row, in CPU
seconds of this process per MB (``time.process_time``, so other work on a shared machine barely skews it):

* each shared tokenisation of ``Document`` (lines, sentences, words, and any other cached view);
* each check of the default audit, **warm** (the document already tokenised, as in an audit where
  another check tokenised it first) and **cold** (a fresh document: the check pays for what it
  tokenises); a check that ``needs`` others is given their results, computed outside the timing;
* near_duplicate's ``resolve`` over the sketches of the whole corpus;
* the whole per-document pass of the default audit (``CheckRunner.run`` on fresh documents), and with
  ``resolve`` added, next to the budget: 1.4 MB/s per core is 0.71 s/MB.

With ``--repeat N`` every figure is the smallest of N passes, the least disturbed by other processes.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from functools import cached_property, partial
from pathlib import Path
from typing import Any

from audit.check import is_corpus_check
from audit.config import Config
from audit.document import Document
from audit.engine import build_auditor
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


def fresh(texts: list[str]) -> list[Document]:
    return [Document(str(i), text, "bench") for i, text in enumerate(texts)]


def tokenised(texts: list[str]) -> list[Document]:
    docs = fresh(texts)
    for doc in docs:
        for name in TOKENISATIONS:
            getattr(doc, name)
    return docs


def cpu_seconds(calls: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        calls()
        best = min(best, time.process_time() - start)
    return best


def best_of(repeat: int, measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="JSONL file with a text field")
    parser.add_argument("--docs", type=int, default=500, help="documents read (default 500)")
    parser.add_argument("--repeat", type=int, default=1, help="passes; the fastest counts (default 1)")
    args = parser.parse_args()
    texts = load_texts(args.corpus, args.docs)
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    auditor = build_auditor(Config())
    runner = CheckRunner(auditor.checks)
    print(f"{len(texts)} documents, {megabytes:.2f} MB; CPU seconds per MB (smallest of {args.repeat})")
    print(f"  {'':34s} {'warm':>8s} {'cold':>8s}")

    def row(label: str, warm: float, cold: float | None = None) -> None:
        shown = f"{cold / megabytes:8.3f}" if cold is not None else f"{'':8s}"
        print(f"  {label:34s} {warm / megabytes:8.3f} {shown}")

    tokenisation_total = 0.0
    for name in TOKENISATIONS:

        def split(name: str = name) -> float:
            docs = fresh(texts)
            start = time.process_time()
            for doc in docs:
                getattr(doc, name)
            return time.process_time() - start

        seconds = best_of(args.repeat, split)
        tokenisation_total += seconds
        row(f"tokenise: {name}", seconds)
    row("tokenise: all", tokenisation_total)

    warm_docs = tokenised(texts)
    needed = {doc.id: runner.run(doc).results for doc in warm_docs}
    checks_total = 0.0
    for check in auditor.checks:
        if is_corpus_check(check):
            work: Callable[[Document], Any] = check.sketch
        elif getattr(check, "needs", ()):

            def work(doc: Document, check: Any = check) -> Any:
                return check.run(doc, {name: needed[doc.id][name] for name in check.needs})
        else:
            work = check.run
        warm = cpu_seconds(lambda work=work: [work(doc) for doc in warm_docs], args.repeat)
        cold = best_of(args.repeat, lambda work=work: _cold(work, texts))
        checks_total += warm
        suffix = ".sketch" if is_corpus_check(check) else ""
        row(f"{check.name}{suffix}", warm, cold)
        if is_corpus_check(check):
            sketches = [check.sketch(doc) for doc in warm_docs]
            row(f"{check.name}.resolve", cpu_seconds(partial(check.resolve, sketches), args.repeat))
    row("checks (warm, summed)", checks_total)
    passes = best_of(args.repeat, lambda: _cold(runner.run, texts))
    row("whole pass (fresh documents)", passes)
    budget = 1.0 / BUDGET_MB_PER_S
    print(
        f"whole pass: {megabytes / passes:.2f} MB/s per core; "
        f"budget {BUDGET_MB_PER_S} MB/s = {budget:.2f} s/MB ({passes / megabytes / budget:.0%} of it used)"
    )


def _cold(work: Callable[[Document], Any], texts: list[str]) -> float:
    docs = fresh(texts)
    start = time.process_time()
    for doc in docs:
        work(doc)
    return time.process_time() - start


if __name__ == "__main__":
    main()
