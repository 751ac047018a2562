"""A string table finds exactly the words it was built from, by their numbers, before and after pickling."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks._string_table import StringTable

_WORDS = st.lists(st.text(max_size=8), max_size=40, unique=True)


@given(_WORDS, st.lists(st.text(max_size=8), max_size=20))
def test_each_word_is_found_at_its_number_and_any_other_string_is_not(
    words: list[str], others: list[str]
) -> None:
    table = StringTable(words)
    restored = pickle.loads(pickle.dumps(table))
    queries = words + others
    expected = [words.index(q) if q in words else -1 for q in queries]
    for searched in (table, restored):
        assert [searched.index(q) for q in queries] == expected
        assert searched.indexes(queries).tolist() == expected
        assert [searched.word(k) for k in range(len(words))] == words


def test_a_lone_surrogate_is_simply_not_there() -> None:
    # Decoded JSON may hold one; it has no UTF-8 form, and no table word can equal it.
    table = StringTable(["caf\u00e9", "\u65e5\u672c"])
    assert table.index("\ud800") == -1
    assert table.indexes(["\u65e5\u672c", "\udfff"]).tolist() == [1, -1]


def test_words_must_be_distinct() -> None:
    with pytest.raises(ValueError, match="distinct"):
        StringTable(["a", "b", "a"])
