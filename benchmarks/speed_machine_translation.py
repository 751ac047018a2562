"""Throughput of the machine_translation check, its parts, and the whole default audit, in CPU time.

    .venv/bin/python benchmarks/speed_machine_translation.py [--repeat 3] [--bench-docs 600]

Measured in CPU time of this one process (so per core), best of ``--repeat`` passes, on the five
samples, the trainset texts (about 2.3 MB of short news documents) and the first ``--bench-docs``
documents of a technical corpus (``--bench``, /work/benchdata/docs.jsonl; skipped if absent). Each
document is tokenised and then checked, as the engine does:

* *warm*: the check alone, on a document whose words, sentences and lines are already split (the
  tokenisation is shared with the other checks, so this is the check's own cost);
* *cold*: tokenisation and check together.

The misspelling cache is emptied before each pass, so every pass is a first pass over its corpus.
Also shown: the optional grammar backend (Harper, on a subset: it is far slower), and the full
default audit through the engine with and without this check. CPU time is inflated when other
processes share the cores, so compare figures taken in the same run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from audit.config import Config  # noqa: E402
from audit.document import Document  # noqa: E402
from audit.engine import build_auditor  # noqa: E402
from checks._grammar import HarperBackend  # noqa: E402
from checks._mt_features import likely_fix  # noqa: E402
from checks.machine_translation import MachineTranslationCheck  # noqa: E402

TRAINSET = REPO.parent / "shared/trainset/machine_translation/wmt21_cs_de_ha_zh_en_mt_vs_human.jsonl"
BENCH = Path("/work/benchdata/docs.jsonl")


def corpora(bench: Path, bench_docs: int) -> dict[str, list[tuple[str, str]]]:
    found = {
        "samples": [(p.name, p.read_text(encoding="utf-8")) for p in sorted((REPO / "samples").glob("*.txt"))]
    }
    if TRAINSET.exists():
        rows = [json.loads(line) for line in TRAINSET.read_text(encoding="utf-8").splitlines() if line]
        found["trainset"] = [(r["id"], r["text"]) for r in rows]
    if bench.exists():
        with bench.open(encoding="utf-8") as lines:
            rows = [json.loads(line) for _, line in zip(range(bench_docs), lines, strict=False)]
        found[f"bench ({bench.name}, first {len(rows)})"] = [
            (str(r.get("id", i)), r["text"]) for i, r in enumerate(rows)
        ]
    return found


def megabytes(texts: Sequence[tuple[str, str]]) -> float:
    return sum(len(text.encode("utf-8")) for _, text in texts) / 1e6


def tokenise(doc: Document) -> None:
    _ = doc.words, doc.sentences, doc.lines


def check_seconds(
    texts: Sequence[tuple[str, str]], check: MachineTranslationCheck, repeat: int
) -> tuple[float, float]:
    """Best (warm, cold) CPU seconds over ``repeat`` passes, tokenising each document just before."""
    clock = time.process_time
    best_warm = best_cold = float("inf")
    for _ in range(repeat):
        likely_fix.cache_clear()
        warm = cold = 0.0
        for doc_id, text in texts:
            doc = Document(doc_id, text, "bench")
            start = clock()
            tokenise(doc)
            split = clock()
            check.run(doc)
            end = clock()
            warm += end - split
            cold += end - start
        best_warm, best_cold = min(best_warm, warm), min(best_cold, cold)
    return best_warm, best_cold


def batch_seconds(
    texts: Sequence[tuple[str, str]], work: Callable[[list[Document]], object], repeat: int
) -> float:
    """Best CPU seconds over ``repeat`` runs of ``work`` on fresh documents."""
    best = float("inf")
    for _ in range(repeat):
        likely_fix.cache_clear()
        docs = [Document(doc_id, text, "bench") for doc_id, text in texts]
        start = time.process_time()
        work(docs)
        best = min(best, time.process_time() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--bench", type=Path, default=BENCH, help="a JSONL corpus with a text field")
    parser.add_argument("--bench-docs", type=int, default=600, help="documents of --bench to time")
    parser.add_argument("--harper-docs", type=int, default=100, help="documents to time Harper on")
    parser.add_argument("--no-audit", action="store_true", help="skip the whole-audit figures")
    args = parser.parse_args()

    check = MachineTranslationCheck()
    harper = HarperBackend()
    auditor = build_auditor(Config())
    without = build_auditor(Config(), skip=("machine_translation",))

    print(f"checks in the default audit: {', '.join(auditor.check_names)}")
    for name, texts in corpora(args.bench, args.bench_docs).items():
        size = megabytes(texts)
        print(f"{name}: {len(texts)} documents, {size:.2f} MB")
        warm, cold = check_seconds(texts, check, args.repeat)
        tokenising = batch_seconds(texts, lambda docs: [tokenise(d) for d in docs], args.repeat)
        report("machine_translation, warm (words already split)", warm, size)
        report("machine_translation, cold (tokenisation included)", cold, size)
        report("  tokenisation alone, shared with the other checks", tokenising, size)
        subset = texts[: args.harper_docs]
        harper_time = batch_seconds(subset, lambda docs: [harper.check(d.text) for d in docs], 1)
        report(f"  grammar = harper alone ({len(subset)} docs)", harper_time, megabytes(subset))
        if args.no_audit:
            continue
        audit = batch_seconds(texts, lambda docs: list(auditor.audit(docs)), args.repeat)
        rest = batch_seconds(texts, lambda docs: list(without.audit(docs)), args.repeat)
        report("whole default audit", audit, size)
        report("default audit without machine_translation", rest, size)


def report(label: str, seconds: float, size: float) -> None:
    print(f"  {label:52s} {seconds / size:6.3f} s/MB  {size / max(seconds, 1e-9):6.2f} MB/s per core")


if __name__ == "__main__":
    main()
