"""Throughput of the boilerplate check alone, in MB of text per second on one core.

    .venv/bin/python benchmarks/boilerplate_speed.py [--repeat 3]

The corpus is the development set's 67 scraped pages (whole pages: menus, footers and all) plus the five
seed articles, audited as one corpus: ``sketch`` on every document, then ``resolve`` once, as the engine
runs a corpus check. Construction (loading the stoplists, lexicon and model) is timed apart, because it
happens once per process, not per document. The best of ``--repeat`` runs is reported.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from audit.document import Document  # noqa: E402
from benchmarks.devset_boilerplate import DEVSET, load_pages  # noqa: E402
from checks.boilerplate import BoilerplateCheck  # noqa: E402


def corpus() -> list[Document]:
    docs = [page.document for page in load_pages(DEVSET)] if DEVSET.exists() else []
    for path in sorted((REPO / "samples").glob("*.txt")):
        docs.append(Document(path.name, path.read_text(encoding="utf-8"), str(path)))
    return docs


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    check = BoilerplateCheck()
    setup = time.perf_counter() - started
    texts = [doc.text for doc in corpus()]
    megabytes = sum(len(text.encode("utf-8")) for text in texts) / 1e6
    best = float("inf")
    for _ in range(args.repeat):
        docs = [
            Document(f"d{i}", text, f"bench.jsonl:{i + 1}") for i, text in enumerate(texts)
        ]  # fresh caches
        started = time.perf_counter()
        check.resolve([check.sketch(doc) for doc in docs])
        best = min(best, time.perf_counter() - started)
    print(
        f"{len(texts)} documents, {megabytes:.2f} MB of text; construction {setup:.2f} s (once per process)"
    )
    print(f"boilerplate check: {best:.2f} s, {megabytes / best:.2f} MB/s on one core (best of {args.repeat})")


if __name__ == "__main__":
    main()
