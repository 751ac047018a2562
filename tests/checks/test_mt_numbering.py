"""Numbering distinct words: first occurrences get 0, 1, 2, ... and every repeat its first's number."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from checks._mt_numbering import number_distinct


def test_repeats_take_the_number_of_their_first_occurrence() -> None:
    distinct, ids = number_distinct(["the", "cat", "The", "the", "cat"])
    assert distinct == ["the", "cat", "The"]
    assert ids.tolist() == [0, 1, 2, 0, 1]
    assert ids.dtype.kind == "i"


@given(st.lists(st.sampled_from(["a", "b", "c", "Σ", "ς", ""]) | st.text(max_size=3)))
def test_the_numbers_index_the_distinct_strings(items: list[str]) -> None:
    distinct, ids = number_distinct(items)
    assert [distinct[i] for i in ids.tolist()] == items
    assert distinct == list(dict.fromkeys(items))


def test_no_items_give_no_numbers() -> None:
    distinct, ids = number_distinct([])
    assert distinct == [] and len(ids) == 0
