"""The trie-shaped alternation finds what a flat, longest-first alternation finds."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks._alternation import trie_pattern

_STRINGS = st.lists(st.text(alphabet="ab .\\(", min_size=1, max_size=4), min_size=1, max_size=8, unique=True)
_TEXT = st.text(alphabet="ab .\\(x", max_size=40)


@given(_STRINGS, _TEXT, st.sampled_from(["", r"(?![a-z])", r"(?= )"]))
def test_the_trie_matches_like_the_longest_first_alternation(
    strings: list[str], text: str, after: str
) -> None:
    flat = re.compile("(?:" + "|".join(map(re.escape, sorted(strings, key=len, reverse=True))) + ")" + after)
    trie = re.compile(trie_pattern(strings) + after)
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in flat.finditer(text)]


@given(_STRINGS, _TEXT)
def test_a_guard_after_the_first_character_tests_what_precedes_the_match(
    strings: list[str], text: str
) -> None:
    flat = re.compile(
        r"(?<![ab])(?:" + "|".join(map(re.escape, sorted(strings, key=len, reverse=True))) + ")"
    )
    guarded = re.compile(trie_pattern(strings, r"(?<![ab]{})"))
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in flat.finditer(text)]


def test_empty_strings_are_refused() -> None:
    with pytest.raises(ValueError, match="must not be empty"):
        trie_pattern(["a", ""])
