"""Throughput of the machine_translation check, its parts, and the whole default audit, in MB/s per core.

    .venv/bin/python benchmarks/speed_machine_translation.py [--repeat 3] [--harper-docs 100]

Measured in CPU time of this one process (so per core), on the five samples and on the larger
trainset texts (about 2.3 MB). Parts: the shared tokenisation (Document.words/sentences/lines, paid
once per document by whichever check asks first), the feature pass, and the optional grammar backend
(Harper, on a subset: it is far slower). The full default audit runs every installed check through
the engine, as `textaudit scan` does, and once without this check to show its marginal cost. CPU time
is inflated when other processes share the cores, so compare figures taken in the same run.
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
from checks._mt_features import extract  # noqa: E402
from checks._mt_lexicon import load_lexicon  # noqa: E402
from checks.machine_translation import MachineTranslationCheck  # noqa: E402

TRAINSET = REPO.parent / "shared/trainset/machine_translation/wmt21_cs_de_ha_zh_en_mt_vs_human.jsonl"


def corpora() -> dict[str, list[tuple[str, str]]]:
    found = {
        "samples": [(p.name, p.read_text(encoding="utf-8")) for p in sorted((REPO / "samples").glob("*.txt"))]
    }
    if TRAINSET.exists():
        rows = [json.loads(line) for line in TRAINSET.read_text(encoding="utf-8").splitlines() if line]
        found["trainset"] = [(r["id"], r["text"]) for r in rows]
    return found


def rate(texts: Sequence[tuple[str, str]], work: Callable[[list[Document]], object], repeat: int) -> float:
    """Best MB/s (UTF-8 bytes per CPU second) over ``repeat`` runs on fresh documents."""
    size = sum(len(text.encode("utf-8")) for _, text in texts)
    best = float("inf")
    for _ in range(repeat):
        docs = [Document(doc_id, text, "bench") for doc_id, text in texts]
        start = time.process_time()
        work(docs)
        best = min(best, time.process_time() - start)
    return size / 1e6 / max(best, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--harper-docs", type=int, default=100, help="documents to time Harper on")
    args = parser.parse_args()

    check = MachineTranslationCheck()
    lexicon = load_lexicon()
    harper = HarperBackend()
    auditor = build_auditor(Config())
    without = build_auditor(Config(), skip=("machine_translation",))

    def tokenise(docs: list[Document]) -> None:
        for doc in docs:
            _ = doc.words, doc.sentences, doc.lines

    def feature_pass(docs: list[Document]) -> None:
        tokenise(docs)
        for doc in docs:
            extract(doc, lexicon)

    print(f"checks in the default audit: {', '.join(auditor.check_names)}")
    for name, texts in corpora().items():
        size = sum(len(t.encode("utf-8")) for _, t in texts) / 1e6
        print(f"{name}: {len(texts)} documents, {size:.2f} MB")
        subset = texts[: args.harper_docs]
        parts = {
            "machine_translation check (tokenisation included)": rate(
                texts, lambda docs: [check.run(d) for d in docs], args.repeat
            ),
            "  tokenisation, shared with the other checks": rate(texts, tokenise, args.repeat),
            "  tokenisation + feature pass": rate(texts, feature_pass, args.repeat),
            f"  grammar = harper alone ({len(subset)} docs)": rate(
                subset, lambda docs: [harper.check(d.text) for d in docs], 1
            ),
        }
        for label, value in parts.items():
            print(f"  {label:55s} {value:7.2f} MB/s per core")
        audit_rate = rate(texts, lambda docs: list(auditor.audit(docs)), args.repeat)
        print(f"  {'whole default audit':55s} {audit_rate:7.2f} MB/s per core")
        without_rate = rate(texts, lambda docs: list(without.audit(docs)), args.repeat)
        print(f"  {'default audit without machine_translation':55s} {without_rate:7.2f} MB/s per core")


if __name__ == "__main__":
    main()
