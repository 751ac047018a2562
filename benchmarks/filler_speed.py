"""Speed of the filler check, in MB of text per second per core, on the real texts of ../shared/devset/.

    .venv/bin/python -m benchmarks.filler_speed [--repeat N]

Two figures: "cold" counts everything from a fresh Document, including the shared tokenisation (words,
sentences, lines) that the filler check triggers; "warm" counts the check alone, as in a full audit where
another check has already tokenised the document. CPU time of this thread is used, so other work on a
shared machine does not distort the figure. The target is >= 2 MB/s per core.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from audit.document import Document
from checks.filler import FillerCheck

DEVSET = Path(__file__).resolve().parent.parent.parent / "shared" / "devset"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=2, help="passes over the corpus (default 2)")
    args = parser.parse_args()

    check = FillerCheck()
    corpus: dict[str, list[str]] = {
        path.relative_to(DEVSET).as_posix(): [
            json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()
        ]
        for path in sorted(DEVSET.glob("*/*.jsonl"))
    }
    corpus["all of the above"] = [text for texts in corpus.values() for text in texts]
    print(f"MB/s per core (CPU time), {args.repeat} passes; cold: fresh Document; warm: already tokenised")
    print(f"  {'corpus':64s} {'MB':>6s} {'cold':>7s} {'warm':>7s}")
    for name, texts in corpus.items():
        megabytes = args.repeat * sum(len(text.encode("utf-8")) for text in texts) / 1e6
        cold = warm = 0.0
        for _ in range(args.repeat):
            for text in texts:
                cold += _timed(check, Document(name, text, name), tokenised=False)
                warm += _timed(check, Document(name, text, name), tokenised=True)
        print(f"  {name:64s} {megabytes:6.1f} {megabytes / cold:7.2f} {megabytes / warm:7.2f}")


def _timed(check: FillerCheck, doc: Document, tokenised: bool) -> float:
    """CPU seconds of one check; each document is dropped afterwards, as the engine drops it."""
    if tokenised:  # as another check in the same audit would leave it
        doc.words, doc.sentences, doc.lines  # noqa: B018
    start = time.thread_time()
    check.run(doc)
    return time.thread_time() - start


if __name__ == "__main__":
    main()
