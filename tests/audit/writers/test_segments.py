"""Cutting a text at span boundaries: pieces join back into the text and know which spans cover them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from audit.writers.segments import highlight_segments


def test_overlapping_spans_cut_the_text_where_any_span_starts_or_ends() -> None:
    pieces = highlight_segments("The cafÃ© is OPEN now", [(4, 9), (7, 9), (13, 17)])
    assert pieces == [
        ("The ", ()),
        ("caf", (0,)),
        ("Ã©", (0, 1)),
        (" is ", ()),
        ("OPEN", (2,)),
        (" now", ()),
    ]


def test_spans_outside_the_text_are_clamped_or_dropped() -> None:
    assert highlight_segments("abc", [(-5, 1), (2, 99), (3, 9), (2, 2), (2, 1)]) == [
        ("a", (0,)),
        ("b", ()),
        ("c", (1,)),
    ]


def test_empty_text_gives_no_pieces() -> None:
    assert highlight_segments("", [(0, 3)]) == []


@given(
    st.text(max_size=60),
    st.lists(st.tuples(st.integers(-5, 70), st.integers(-5, 70)), max_size=8),
)
def test_pieces_join_into_the_text_and_carry_exactly_the_covering_spans(
    text: str, spans: list[tuple[int, int]]
) -> None:
    pieces = highlight_segments(text, spans)
    assert "".join(piece for piece, _ in pieces) == text
    offset = 0
    for piece, refs in pieces:
        assert piece
        covering = {i for i, (s, e) in enumerate(spans) if max(s, 0) <= offset and offset + len(piece) <= e}
        assert set(refs) == covering
        offset += len(piece)
