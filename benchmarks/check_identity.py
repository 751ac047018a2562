"""Proof that a speed-up changed nothing: every result and tokenisation, against a recorded baseline.

    # before changing anything (keep the baseline outside the repository):
    .venv/bin/python benchmarks/check_identity.py record /tmp/textaudit-baseline
    # after:
    .venv/bin/python benchmarks/check_identity.py compare /tmp/textaudit-baseline

For every document of every corpus it records a digest of ``doc.lines``, ``doc.sentences`` and
``doc.words``, the full result (risk at full precision, spans, details) of ``encoding``, ``filler`` and
``provenance`` (cross-checked with the filler result, as in an audit), a digest of each
``near_duplicate`` sketch (signature, containment sample, sizes) and the ``near_duplicate`` results
resolved over the whole corpus. ``compare`` prints the differences per corpus and check and exits 1 if
there is any. Corpora: the samples, each devset file, and the benchmark corpora of /work/benchdata
(docs.jsonl, chunks3k.jsonl: 12.5k documents for ``resolve``) when present; ``--corpus NAME=PATH`` adds
or replaces one (a .jsonl file with a ``text`` field, or a folder of .txt files).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from audit.document import CheckResult, Document
from audit.passes import call_guarded
from checks.encoding import EncodingCheck
from checks.filler import FillerCheck
from checks.near_duplicate import DocumentSketch, NearDuplicateCheck
from checks.provenance import ProvenanceCheck

REPO = Path(__file__).resolve().parents[1]
DEVSET = REPO.parent / "shared" / "devset"
BENCHDATA = Path("/work/benchdata")


def default_corpora() -> dict[str, Path]:
    corpora = {"samples": REPO / "samples"}
    for path in sorted(DEVSET.glob("*/*.jsonl")):
        corpora[f"devset/{path.parent.name}/{path.stem}"] = path
    for name in ("docs", "chunks3k"):
        if (BENCHDATA / f"{name}.jsonl").exists():
            corpora[f"bench/{name}"] = BENCHDATA / f"{name}.jsonl"
    return corpora


def load(path: Path) -> Iterator[Document]:
    """Documents one at a time, so that only one document's tokenisation is held in memory."""
    if path.is_dir():
        for file in sorted(path.glob("*.txt")):
            yield Document(file.name, file.read_text(encoding="utf-8"), str(file))
        return
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            record = json.loads(line)
            yield Document(str(record.get("id", number)), record["text"], f"{path}:{number}")


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot record {type(value).__name__}")


def _guarded(run: Callable[..., CheckResult], *args: Any) -> CheckResult | str:
    """A check's result, or the error it raised (which the engine would report on the document)."""
    value, failure = call_guarded(partial(run, *args))
    return value if failure is None else failure


def _result(result: CheckResult | str) -> dict[str, Any]:
    """A result exactly: the risk unrounded, so that even a last-bit change shows."""
    if isinstance(result, str):
        return {"error": result}
    return {
        "risk": repr(result.risk),
        "spans": [span.to_dict() for span in result.spans],
        "details": json.loads(json.dumps(result.details, default=_plain)),
    }


def _digest(*parts: Any) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(
            part.tobytes() if isinstance(part, np.ndarray) else repr(part).encode("utf-8", "surrogatepass")
        )
        h.update(b"\x00")
    return h.hexdigest()[:32]


def _sketch_digest(sketch: DocumentSketch) -> str:
    s = sketch.shingles
    return _digest(s.signature, s.sample, s.limit, s.size)


def audit(docs: Iterable[Document]) -> list[dict[str, Any]]:
    encoding, filler, provenance, near = (
        EncodingCheck(),
        FillerCheck(),
        ProvenanceCheck(),
        NearDuplicateCheck(),
    )
    records = []
    sketches = []
    for doc in docs:
        filler_result = _guarded(filler.run, doc)
        needed = {"filler": filler_result} if isinstance(filler_result, CheckResult) else {}
        sketch = near.sketch(doc)
        sketches.append(sketch)
        records.append(
            {
                "id": doc.id,
                "tokens": _digest(doc.lines, doc.sentences, doc.words),
                "sketch": _sketch_digest(sketch),
                "checks": {
                    "encoding": _result(_guarded(encoding.run, doc)),
                    "filler": _result(filler_result),
                    "provenance": _result(_guarded(provenance.run, doc, needed)),
                },
            }
        )
    for record, resolved in zip(records, near.resolve(sketches), strict=True):
        record["checks"]["near_duplicate"] = _result(resolved)
    return records


def _file_name(corpus: str) -> str:
    return corpus.replace("/", "__") + ".jsonl"


def record(baseline: Path, corpora: dict[str, Path]) -> int:
    baseline.mkdir(parents=True, exist_ok=True)
    for name, path in corpora.items():
        records = audit(load(path))
        with open(baseline / _file_name(name), "w", encoding="utf-8") as f:
            for item in records:
                f.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"{name}: {len(records)} documents recorded")
    return 0


def compare(baseline: Path, corpora: dict[str, Path]) -> int:
    failed = 0
    for name, path in corpora.items():
        stored = baseline / _file_name(name)
        if not stored.exists():
            print(f"{name}: no baseline at {stored}")
            failed += 1
            continue
        expected = [json.loads(line) for line in stored.read_text(encoding="utf-8").splitlines()]
        actual = [json.loads(json.dumps(item, sort_keys=True)) for item in audit(load(path))]
        if len(expected) != len(actual):
            print(f"{name}: {len(actual)} documents, baseline has {len(expected)}")
            failed += 1
            continue
        differences: Counter[str] = Counter()
        first: dict[str, str] = {}
        for old, new in zip(expected, actual, strict=True):
            for key in ("id", "tokens", "sketch"):
                if old[key] != new[key]:
                    differences[key] += 1
                    first.setdefault(key, old["id"])
            for check, result in old["checks"].items():
                if new["checks"].get(check) != result:
                    differences[check] += 1
                    first.setdefault(check, old["id"])
        status = "identical" if not differences else "DIFFERENT"
        shown = ", ".join(f"{key}: {count} (first {first[key]})" for key, count in differences.items())
        print(f"{name}: {len(actual)} documents {status}{'; ' + shown if shown else ''}")
        failed += bool(differences)
    return 1 if failed else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=("record", "compare"))
    parser.add_argument("baseline", type=Path, help="folder of baseline files (outside the repository)")
    parser.add_argument("--corpus", action="append", default=[], help="NAME=PATH to add or replace one")
    parser.add_argument("--only", action="append", default=[], help="only these corpus names")
    args = parser.parse_args()
    corpora = default_corpora()
    for item in args.corpus:
        name, _, path = item.partition("=")
        corpora[name] = Path(path)
    if args.only:
        corpora = {name: path for name, path in corpora.items() if name in args.only}
    sys.exit((record if args.mode == "record" else compare)(args.baseline, corpora))


if __name__ == "__main__":
    main()
