"""Memory of the near-duplicate check's corpus step, per document, stage by stage.

    .venv/bin/python benchmarks/near_duplicate_finish_memory.py [--documents 200000]

The corpus step (``finish``) is what a million-document scan holds at its peak: every signature and
containment sample read back at once, the band keys and both indexes. This sketches the short documents
of ``million_docs.py`` (the same generator and cache), then runs the stages of ``SketchStore.finish``
under ``tracemalloc`` (which NumPy reports its arrays to) and prints, after each stage, the bytes per
document held and the peak reached during it. Multiply by the corpus size for the peak at scale.
"""

from __future__ import annotations

import argparse
import json
import sys
import tracemalloc
from pathlib import Path

from million_docs import build

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from audit.document import Document  # noqa: E402
from checks._near_duplicate_store import confirmed_pairs  # noqa: E402
from checks.near_duplicate import NearDuplicateCheck  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=200_000)
    args = parser.parse_args()
    n = args.documents
    corpus_file = Path(__file__).resolve().parent / ".cache" / f"short-{n}.jsonl"
    if not corpus_file.exists():
        corpus_file.parent.mkdir(parents=True, exist_ok=True)
        build(corpus_file, n)

    check = NearDuplicateCheck()
    store = check.collector()
    with corpus_file.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            store.add(check.sketch(Document(record["id"], record["text"], "bench")))

    tracemalloc.start()

    def stage(label: str) -> None:
        held, peak = tracemalloc.get_traced_memory()
        print(f"{label:28s} held {held / n:6.0f} B/doc   peak during it {peak / n:6.0f} B/doc")
        tracemalloc.reset_peak()

    corpus, sample_sizes = store.read_sketches()
    stage("signatures and samples")
    keys = check.band_keys(corpus)
    stage("band keys")
    bands, samples = check.indexes(corpus, keys)
    stage("band and sample indexes")
    within = confirmed_pairs(check, corpus, keys, bands, samples, corpus, within=True)
    stage(f"confirmed pairs ({len(within):,})")
    store._clusters(corpus.sizes, sample_sizes, within, None)  # as finish() does, indexes still held
    stage("clusters")
    print(f"{n:,} documents: a million-document corpus step peaks near the largest figure above x 1e6")


if __name__ == "__main__":
    main()
