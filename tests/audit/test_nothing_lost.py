"""Whatever a folder holds, the scan reports every input exactly once and never raises."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from audit.config import Config
from audit.engine import build_auditor
from audit.readers import read_inputs

NAME = st.text(alphabet="abcdefghij0123456789_-", min_size=1, max_size=8)
RECORD = st.one_of(
    st.fixed_dictionaries({"text": st.text(max_size=50)}),
    st.fixed_dictionaries({"text": st.integers()}),
    st.fixed_dictionaries({"body": st.text(max_size=20)}),
    st.just("not json {"),
)
CONTENT = st.one_of(
    st.tuples(st.just("txt"), st.binary(max_size=300)),
    st.tuples(st.just("txt"), st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass"))),
    st.tuples(st.just("jsonl"), st.lists(RECORD, min_size=1, max_size=6)),
)
# (sub-folders, file name) -> content; folders start with "d" and files with "f", so they never collide.
CORPUS = st.dictionaries(
    st.tuples(st.lists(NAME, max_size=2).map(tuple), NAME), CONTENT, min_size=1, max_size=8
)


def materialise(root: Path, corpus: dict) -> dict[str, int]:
    """Write the corpus; return each file's path and how many documents it yields (JSONL: one a line)."""
    expected: dict[str, int] = {}
    for (folders, name), (kind, content) in corpus.items():
        folder = root.joinpath(*(f"d{f}" for f in folders))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"f{name}.{kind}"
        if kind == "jsonl":
            lines = [r if isinstance(r, str) else json.dumps(r) for r in content]
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            expected[str(path)] = len(lines)
        else:
            path.write_bytes(content)
            expected[str(path)] = 1
    return expected


AUDITOR = build_auditor(Config())


@settings(max_examples=60, deadline=None)
@given(CORPUS)
def test_every_input_appears_exactly_once(corpus: dict) -> None:
    root = Path(tempfile.mkdtemp())
    try:
        expected = materialise(root, corpus)
        reports = list(AUDITOR.audit(read_inputs([str(root)])))
        sources = [report.source for report in reports]
        assert len(sources) == len(set(sources)), "no document is reported twice"
        for path, count in expected.items():
            own = [s for s in sources if s == path or s.startswith(path + ":")]
            if path.endswith(".jsonl"):
                assert len(own) == count
            else:
                assert len(own) >= 1  # a text file that happens to be JSON Lines yields one per line
        assert all(any(s == p or s.startswith(p + ":") for p in expected) for s in sources)
        assert all(0.0 <= report.trust <= 100.0 for report in reports)
    finally:
        shutil.rmtree(root)
