"""Peak memory of a full default audit of many short documents (issue 8: 1,000,000 under 2 GB).

    .venv/bin/pip install -e '.[bench]' && .venv/bin/python benchmarks/million_docs.py --documents 1000000

Generates the corpus once (benchmarks/.cache/short-<N>.jsonl): short documents of two to four
sentences of English words drawn by frequency, one in twenty a verbatim copy of an earlier one and one in
twenty a copy with two words changed, so the near-duplicate index has work. Then runs `textaudit scan` on it
(JSON Lines report to /dev/null) and prints documents/s and the peak resident memory of the whole process
tree (the command and its worker processes), sampled every 50 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from itertools import accumulate
from pathlib import Path

from _process_tree import run_measured
from wordfreq import top_n_list, word_frequency

HERE = Path(__file__).resolve().parent


def build(path: Path, documents: int) -> None:
    """Short documents of words drawn by their English frequency (wordfreq), one in twenty a verbatim
    copy of an earlier one and one in twenty a copy with two words changed."""
    vocabulary = top_n_list("en", 20_000)
    weights = list(accumulate(word_frequency(word, "en") for word in vocabulary))
    rng = random.Random(13)
    made: list[str] = []
    with path.open("w", encoding="utf-8") as out:
        for i in range(documents):
            if made and i % 20 == 0:
                text = made[rng.randrange(len(made))]
            elif made and i % 20 == 10:
                words = made[rng.randrange(len(made))].split(" ")
                for _ in range(2):
                    words[rng.randrange(len(words))] = rng.choice(vocabulary)
                text = " ".join(words)
            else:
                sentences = []
                for _ in range(rng.randint(2, 4)):
                    words = rng.choices(vocabulary, cum_weights=weights, k=rng.randint(6, 16))
                    sentences.append(" ".join(words).capitalize() + ".")
                text = f"Report {i}: " + " ".join(sentences)
                if len(made) < 100_000:
                    made.append(text)
            out.write(json.dumps({"id": f"short-{i}", "text": text}) + "\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    corpus = HERE / ".cache" / f"short-{args.documents}.jsonl"
    if not corpus.exists():
        corpus.parent.mkdir(parents=True, exist_ok=True)
        build(corpus, args.documents)
    megabytes = corpus.stat().st_size / 1e6
    command = [sys.executable, "-m", "audit", "scan", str(corpus), "-f", "jsonl", "-o", "/dev/null"]
    command += ["--workers", str(args.workers), "--no-progress"]
    measured = run_measured(command)
    if measured.returncode != 0:
        raise SystemExit(f"scan failed: {measured.stderr[-2000:]}")
    seconds, peak = measured.seconds, measured.peak_bytes
    summary = measured.stderr.strip().splitlines()[-1:]
    print(f"{args.documents:,} documents ({megabytes:.0f} MB of JSONL), {args.workers} workers")
    print(f"{seconds:.0f} s, {args.documents / seconds:,.0f} documents/s, peak memory {peak / 1e9:.2f} GB")
    print(*summary)


if __name__ == "__main__":
    main()
