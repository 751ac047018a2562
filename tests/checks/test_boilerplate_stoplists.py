"""The stoplist choice: the list covering most of a document's most frequent words, English on near-ties."""

from __future__ import annotations

from collections import Counter
from itertools import islice

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checks._boilerplate_stoplists import MIN_COVERAGE, Stoplists, load_stoplists
from checks._stoplist_hits import language_hits


@pytest.fixture(scope="module")
def stoplists() -> Stoplists:
    return load_stoplists()


def reference_choice(stoplists: Stoplists, words: list[str]) -> tuple[str | None, frozenset[str] | None]:
    """The choice written out word by word and list by list."""
    counts = Counter(islice(words, 1500))
    if not counts:
        return None, None
    hits = [0] * len(stoplists.lists)
    for word, count in counts.most_common(200):
        for index, stoplist in enumerate(stoplists.lists):
            hits[index] += count * (word in stoplist)
    english = stoplists.names.index("English")
    best = max(range(len(hits)), key=lambda i: (hits[i], i == english))
    if hits[english] >= 0.9 * hits[best]:
        best = english
    if hits[best] < MIN_COVERAGE * counts.total():
        return None, None
    return stoplists.names[best], stoplists.lists[best]


def _vocabulary() -> list[str]:
    """Words of a few lists mixed with words of none."""
    lists = load_stoplists().lists
    return [*sorted(lists[0] | lists[5] | lists[40]), "zzq", "qxw", "wvk"]


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.sampled_from(_vocabulary()), max_size=1700))
def test_the_choice_equals_its_word_by_word_definition(stoplists: Stoplists, words: list[str]) -> None:
    """Samples from none to over 1,500 words, with fewer and more than 200 distinct ones."""
    assert stoplists.choose(words) == reference_choice(stoplists, words)


def test_english_and_german_prose_get_their_own_lists(stoplists: Stoplists) -> None:
    english = "the committee said that it would publish the report on the day of the vote".split()
    german = "der ausschuss sagte dass er den bericht am tag der abstimmung veröffentlichen werde".split()
    assert stoplists.choose(english)[0] == "English"
    assert stoplists.choose(german)[0] == "German"
    assert stoplists.choose(["1", "2", "3", "x86_64"]) == (None, None)
    assert stoplists.choose([]) == (None, None)


def test_hits_sum_each_words_count_into_every_list_that_holds_it() -> None:
    languages_of = {"a": (0, 2), "der": (1,), "the": (0,)}
    assert language_hits([("a", 3), ("the", 2), ("zzz", 9)], languages_of, 3) == [5, 0, 3]
    assert language_hits([], languages_of, 3) == [0, 0, 0]
