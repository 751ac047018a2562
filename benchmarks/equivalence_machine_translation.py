"""Snapshot the machine_translation check's full output on fixed texts, or compare against a snapshot.

    .venv/bin/python benchmarks/equivalence_machine_translation.py snapshot /tmp/mt_before.jsonl
    .venv/bin/python benchmarks/equivalence_machine_translation.py compare /tmp/mt_before.jsonl

For speed work that must not change what the check says: the snapshot holds the risk (as a float, not
rounded), every span and every detail of each document in the dev set, the trainset, the samples and
the first documents of a technical corpus (``--bench``, default /work/benchdata/docs.jsonl), one JSON
line each, plus edge cases and seeded random texts that exercise the unusual paths (Greek capital
sigma, which lowers by context; letters that lower to two characters; words doubled across hyphens;
stacked contractions). ``compare`` reruns the check and prints every document whose output differs; it exits 1
when any does.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from audit.document import Document  # noqa: E402
from checks.machine_translation import MachineTranslationCheck  # noqa: E402

DEVSET = REPO.parent / "shared/devset/machine_translation/wmt21_ruen_mt_vs_human.jsonl"
TRAINSET = REPO.parent / "shared/trainset/machine_translation/wmt21_cs_de_ha_zh_en_mt_vs_human.jsonl"
BENCH = Path("/work/benchdata/docs.jsonl")
EDGE_CASES = (
    "",
    "   \n\n  ",
    "ΟΔΟΣ.Α and ΣΟΦΟΣ'Α went to Athens. The the road Was long. ΑΣ ΣΑΣ Σ.",
    "İstanbul is big. The İ and the i are not the same the same way. It is is what it is.",
    "A well-known known fact. The rock-n-roll roll was loud loud. Don't don't stop.",
    "I'd've gone, y'all'd've seen. She's here; they're there; we'll see; I'm in; he'd go. CAN'T WON'T.",
    "Es war zusammen mit dem Хабаровск office. The govenrment said Mr Khalilzad met Ghani in Kabul.",
    "word " * 300,
    "ABC DEF. . , ,, .. ;; \n.\n, \nthe end. and then. So. Get angry. It worked.",
)


def random_texts(count: int) -> Iterator[str]:
    """Word salad from a fixed seed: English, other scripts, joiners, punctuation and line breaks."""
    rng = random.Random(20240605)
    pieces = (
        "the The THE of and And was Was is it It they don't I'd've well-known known rock-n-roll "
        "Σοφός ΣΟΦΟΣ ΟΔΟΣ İstanbul straße Хабаровск 北京 zusammen coronovirus govenrment mport "
        "Mr. p.m. No. 5. 20. … — – \" “ ” ' ‘ ’ ( ) [ ] : ; , . .. . . ! ? \n \n\n \t 1,000 3.5 _x_ a_b"
    ).split(" ")
    for _ in range(count):
        yield " ".join(rng.choice(pieces) for _ in range(rng.randint(0, 400)))


def texts(bench: Path, bench_docs: int) -> Iterator[tuple[str, str]]:
    for index, text in enumerate(EDGE_CASES):
        yield f"edge/{index}", text
    for index, text in enumerate(random_texts(300)):
        yield f"random/{index}", text
    for path in sorted((REPO / "samples").glob("*.txt")):
        yield f"samples/{path.name}", path.read_text(encoding="utf-8")
    for name, path in (("dev", DEVSET), ("train", TRAINSET)):
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line:
                    row = json.loads(line)
                    yield f"{name}/{row['id']}", row["text"]
    if bench.exists():
        with bench.open(encoding="utf-8") as lines:
            for index, line in enumerate(lines):
                if index >= bench_docs:
                    break
                row = json.loads(line)
                yield f"bench/{index}", row["text"]


def outputs(bench: Path, bench_docs: int) -> Iterator[dict]:
    check = MachineTranslationCheck()
    for key, text in texts(bench, bench_docs):
        result = check.run(Document(key, text, "equivalence"))
        yield {
            "key": key,
            "risk": repr(result.risk),
            "spans": [[s.start, s.end, s.reason] for s in result.spans],
            "details": result.details,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("snapshot", "compare"))
    parser.add_argument("path", type=Path)
    parser.add_argument("--bench", type=Path, default=BENCH)
    parser.add_argument("--bench-docs", type=int, default=1000)
    args = parser.parse_args()

    current = [
        json.dumps(o, sort_keys=True, ensure_ascii=False) for o in outputs(args.bench, args.bench_docs)
    ]
    if args.mode == "snapshot":
        args.path.write_text("\n".join(current) + "\n", encoding="utf-8")
        print(f"wrote {len(current)} outputs to {args.path}")
        return
    before = args.path.read_text(encoding="utf-8").splitlines()
    differ = 0
    for old, new in zip(before, current, strict=False):
        if old != new:
            differ += 1
            if differ <= 10:
                print(f"DIFFERS {json.loads(old)['key']}\n  before {old[:600]}\n  after  {new[:600]}")
    if len(before) != len(current):
        print(f"document count differs: {len(before)} before, {len(current)} now")
        differ += 1
    print(f"{len(current)} documents compared, {differ} differ")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
