"""A long fuzz run over the readers and every check, with hypothesis, for a set number of minutes.

    .venv/bin/python benchmarks/fuzz.py --minutes 10

Three targets, taken in turn until the time is up:
* readers — arbitrary bytes, JSON Lines made of arbitrary JSON values, and both of those gzip- or
  zstd-compressed, whole or cut short, under names that steer format detection (.txt, .jsonl, .gz, .zst,
  .parquet, .html, none): every document must come out with text or a one-line error, never an exception;
* checks — every registered check through the real engine on arbitrary Unicode text (including
  surrogates, controls, right-to-left marks and very long lines): risk in [0, 1], spans inside the text;
* corpora — several documents through the engine with corpus checks: one report per document, in order.
Prints the number of examples per target and exits 1 with the failing example on the first failure.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import time
from collections import Counter

import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit.config import Config
from audit.document import Document
from audit.engine import build_auditor
from audit.readers import ReadOptions, read_stream

NAMES = st.sampled_from(
    ["doc.txt", "doc.md", "doc.jsonl", "doc.jsonl.gz", "doc.jsonl.zst", "doc.parquet", "doc.html", "doc"]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(["id", "text", "x"]), inner, max_size=4)
    ),
    max_leaves=12,
)
JSONL = st.lists(JSON_VALUES, max_size=6).map(lambda rows: b"\n".join(json.dumps(r).encode() for r in rows))
PAYLOAD = st.one_of(
    st.binary(max_size=2000), JSONL, st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass"))
)


@st.composite
def files(draw: st.DrawFn) -> tuple[str, bytes]:
    payload = draw(PAYLOAD)
    packing = draw(st.sampled_from(["plain", "gzip", "zstd"]))
    if packing == "gzip":
        payload = gzip.compress(payload)
    elif packing == "zstd":
        payload = zstandard.ZstdCompressor().compress(payload)
    if packing != "plain" and draw(st.booleans()):
        payload = payload[: draw(st.integers(0, len(payload)))]
    return draw(NAMES), payload


TEXT = st.one_of(
    st.text(max_size=3000),
    st.text(alphabet=st.characters(codec=None), max_size=500),
    st.lists(
        st.sampled_from(
            ["word", "Word", ".", "\n", " ", "“", "\u202e", "\x00", "Ã©", "http://x.org", "9,600"]
        ),
        max_size=400,
    ).map("".join),
)


def main() -> None:
    parser = argparse.ArgumentParser(description="Fuzz the readers and checks for a while.")
    parser.add_argument("--minutes", type=float, default=10.0)
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    auditor = build_auditor(Config())
    counts: Counter[str] = Counter()
    options = ReadOptions(max_document_bytes=1_000_000)

    @settings(max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(files())
    def readers(item: tuple[str, bytes]) -> None:
        name, data = item
        for doc in read_stream(io.BytesIO(data), name, name, options):
            assert isinstance(doc.text, str)
            sound = doc.error is None or (doc.error and "\n" not in doc.error and not doc.text.strip())
            assert sound, f"{name}: {doc.error!r} (text {doc.text[:80]!r})"
        counts["readers"] += 1

    @settings(max_examples=100, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(TEXT)
    def checks(text: str) -> None:
        [report] = auditor.audit([Document("d", text, "fuzz")])
        for result in report.checks.values():
            assert 0.0 <= result.risk <= 1.0
            assert all(0 <= s.start < s.end <= len(text) for s in result.spans)
        assert report.error is None or "failed" not in report.error, report.error
        counts["checks"] += 1

    @settings(max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(TEXT, min_size=1, max_size=8))
    def corpora(texts: list[str]) -> None:
        docs = [Document(f"d{i}", t, "fuzz") for i, t in enumerate(texts)]
        reports = list(auditor.audit(docs))
        assert [r.id for r in reports] == [d.id for d in docs]
        assert all(r.error is None or "failed" not in r.error for r in reports), [r.error for r in reports]
        counts["corpora"] += 1

    started = time.monotonic()
    rounds = 0
    while time.monotonic() < deadline:
        for target in (readers, checks, corpora):
            try:
                target()
            except Exception as exc:  # noqa: BLE001 - report the failing example and stop
                print(f"FAILED in {target.__name__} after {dict(counts)}: {type(exc).__name__}: {exc}")
                sys.exit(1)
        rounds += 1
    minutes = (time.monotonic() - started) / 60
    print(f"{minutes:.1f} minutes, {rounds} rounds, no failure; examples: {dict(counts)}")


if __name__ == "__main__":
    main()
