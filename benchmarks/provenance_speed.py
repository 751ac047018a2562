"""Speed of the provenance check in MB/s per core (CPU time of this process), lines already tokenised.

    python benchmarks/provenance_speed.py [CORPUS.jsonl] [--docs N]

Without a corpus it reads every devset file (news, translations, web pages).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from audit.document import Document
from checks.provenance import ProvenanceCheck

DEVSET = Path(__file__).resolve().parents[2] / "shared" / "devset"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", nargs="?", type=Path)
    parser.add_argument("--docs", type=int, default=10_000)
    args = parser.parse_args()
    paths = [args.corpus] if args.corpus else sorted(DEVSET.rglob("*.jsonl"))
    docs: list[Document] = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            docs.extend(Document(str(len(docs)), json.loads(line)["text"], str(path)) for line in f)
    docs = docs[: args.docs]
    for doc in docs:
        _ = doc.lines  # shared with the other checks in a full audit
    megabytes = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    check = ProvenanceCheck()
    start = time.process_time()
    results = [check.run(doc) for doc in docs]
    seconds = time.process_time() - start
    claimed = sum(1 for r in results if r.details["outlets"] or r.details["datelines"])
    print(
        f"{len(docs)} documents, {megabytes:.1f} MB: {len(docs) / seconds:,.0f} docs/s, "
        f"{megabytes / seconds:.2f} MB/s per core; {claimed} with a dateline or outlet claim"
    )


if __name__ == "__main__":
    main()
