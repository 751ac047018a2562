"""Long lines are scored only up to a limit; spans still point into the original text."""

from __future__ import annotations

from audit.config import Thresholds
from audit.document import Document
from audit.engine import Auditor
from audit.scoring import Scorer
from audit.truncation import truncate_long_lines
from checks.encoding import EncodingCheck


def test_short_lines_are_left_alone() -> None:
    doc = Document("d", "short\nlines\n", "s")
    view, truncation = truncate_long_lines(doc, 10)
    assert view is doc and truncation is None


def test_long_lines_are_cut_and_offsets_map_back() -> None:
    text = "a" * 30 + "\n" + "bcd" + "\n" + "e" * 25
    view, truncation = truncate_long_lines(Document("d", text, "s"), 10)
    assert view.text == "a" * 10 + "\nbcd\n" + "e" * 10
    assert truncation is not None and (truncation.lines, truncation.dropped_chars) == (2, 35)
    b_in_view = view.text.index("b")
    assert text[truncation.to_original(b_in_view)] == "b"
    e_in_view = view.text.index("e")
    assert truncation.to_original(e_in_view) == text.index("e")


def test_findings_after_a_cut_line_keep_their_original_offsets() -> None:
    text = "x" * 50_000 + "\ufffd" + "\nCaf\u00c3\u00a9 \ufffd on the next line"
    auditor = Auditor([EncodingCheck()], Scorer({"encoding": 1.0}, Thresholds()), max_line_chars=1_000)
    [report] = auditor.audit([Document("d", text, "s")])
    result = report.checks["encoding"]
    assert [text[s.start : s.end] for s in result.spans] == ["fÃ©", "\ufffd"]
    assert (result.details["truncated_lines"], result.details["chars_not_scored"]) == (1, 49_001)
