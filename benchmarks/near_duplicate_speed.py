"""Speed and size of the near_duplicate check: signatures per second, MB/s per core, bytes per document.

Times are CPU seconds of this process (one core), so other work on the machine does not skew them.
The corpus is a JSONL file (field ``text``) given as argument, or by default 10,000 distinct ~3 KB
documents drawn (seeded) from the sentences of every devset file, which keeps the text real while
making most documents unique, as in a crawl.

    python benchmarks/near_duplicate_speed.py [CORPUS.jsonl] [--docs N]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import tempfile
import time
from pathlib import Path

from datasketch import MinHash

from audit.document import Document
from audit.reference_index import ReferenceIndex, build_index
from checks._shingles import normalised_words
from checks.near_duplicate import NearDuplicateCheck

DEVSET = Path(__file__).resolve().parents[2] / "shared" / "devset"
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def devset_corpus(count: int, size: int = 3000, seed: int = 7) -> list[str]:
    sentences = []
    for path in sorted(DEVSET.rglob("*.jsonl")):
        with open(path, encoding="utf-8") as f:
            for line in f:
                sentences.extend(s for s in _SENTENCE.split(json.loads(line)["text"]) if len(s) > 20)
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < size:
            parts.append(rng.choice(sentences))
        texts.append("\n".join(parts))
    return texts


def jsonl_corpus(path: Path, count: int) -> list[str]:
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            texts.append(json.loads(line)["text"])
            if len(texts) >= count:
                break
    return texts


def cpu(fn) -> float:  # type: ignore[no-untyped-def]
    start = time.process_time()
    fn()
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", type=Path)
    parser.add_argument("--docs", type=int, default=10_000)
    args = parser.parse_args()
    texts = jsonl_corpus(args.corpus, args.docs) if args.corpus else devset_corpus(args.docs)
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    check = NearDuplicateCheck()
    print(f"{len(texts)} documents, {megabytes:.1f} MB, {megabytes * 1e6 / len(texts):.0f} bytes each")

    docs = [Document(str(i), t, "bench") for i, t in enumerate(texts)]
    sketches: list = []
    cold = cpu(lambda: sketches.extend(check.sketch(d) for d in docs))
    report("sketch, tokenising each document first (check alone)", len(docs), megabytes, cold)
    warm_docs = [Document(str(i), t, "bench") for i, t in enumerate(texts)]
    for doc in warm_docs:  # as when other checks have already tokenised the document
        _ = doc.words, doc.lines
    warm = cpu(lambda: [check.sketch(d) for d in warm_docs])
    report("sketch, words and lines already tokenised (in a full audit)", len(docs), megabytes, warm)
    signature_only = cpu(lambda: [check.shingle_sketch(d) for d in warm_docs])
    report("signature + containment sample only (no repetition rules)", len(docs), megabytes, signature_only)

    few = warm_docs[:500]
    few_mb = sum(len(d.text.encode("utf-8")) for d in few) / 1e6

    def datasketch_update() -> None:
        for doc in few:
            words = normalised_words(doc.words)
            minhash = MinHash(num_perm=128)
            for i in range(max(len(words) - 4, 1)):
                minhash.update(" ".join(words[i : i + 5]).encode("utf-8"))

    report("datasketch MinHash.update per shingle (for comparison)", len(few), few_mb, cpu(datasketch_update))

    results: list = []
    resolve = cpu(lambda: results.extend(check.resolve(sketches)))
    clustered = sum(1 for r in results if r.details["cluster"] is not None)
    print(f"resolve: {resolve:.2f} CPU s for {len(sketches)} sketches ({clustered} documents in clusters)")
    sketch_bytes = sum(s.shingles.nbytes for s in sketches) / len(sketches)
    print(f"sketch in memory: {sketch_bytes:.0f} bytes per document")

    with tempfile.TemporaryDirectory() as tmp:
        index_path = Path(tmp) / "bench.idx"
        stats = build_index(warm_docs, index_path, check.params, check.shingle_sketch)
        print(
            f"reference index: {stats.documents} documents, {stats.bytes_per_document:.0f} bytes per document"
        )
        loaded: list = []
        load = cpu(lambda: loaded.append(ReferenceIndex.load(index_path)))
        print(f"loading the index: {load:.2f} CPU s")


def report(what: str, count: int, megabytes: float, seconds: float) -> None:
    print(f"{what}: {count / seconds:,.0f} docs/s, {megabytes / seconds:.2f} MB/s per core")


if __name__ == "__main__":
    main()
