"""The compiled phrase search against the word-by-word search it replaced."""

from __future__ import annotations

from itertools import compress, count

from hypothesis import given, settings
from hypothesis import strategies as st

from checks._filler_features import Lexicon, Mark
from checks._filler_phrases import phrase_marks

LEXICON = Lexicon.load()


def reference_marks(low: list[str], texts: list[str], initial: set[int]) -> list[Mark]:
    single, first_two = LEXICON.single_words, LEXICON.first_two_words
    following = [*low[1:], ""]
    starters = compress(count(), map(LEXICON.first_words.__contains__, low))
    candidates = [i for i in starters if low[i] in single or (low[i], following[i]) in first_two]
    marks, free = [], 0
    for i in candidates:
        if i < free or (i not in initial and texts[i][0].isupper()):
            continue
        end, kind = i + 1, single.get(low[i], "")
        for tokens, phrase_kind in first_two.get((low[i], following[i]), ()):
            if tuple(low[i : i + len(tokens)]) == tokens:
                end, kind = i + len(tokens), phrase_kind
                break
        if kind:
            marks.append(Mark(kind, 10 * i, 10 * (end - 1) + 5))
            free = end
    return marks


# Words of listed phrases (so that phrases, overlaps and truncated phrases are common) and others.
_PHRASE_WORDS = sorted({word for phrase in LEXICON.phrases for word in phrase})[:400]
_WORD = st.sampled_from([*_PHRASE_WORDS, "the", "report", "said", "May", "2024"])


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(_WORD, st.booleans()), max_size=60),
    st.sets(st.integers(min_value=0, max_value=59), max_size=10),
)
def test_the_compiled_search_finds_what_the_word_by_word_search_finds(
    words: list[tuple[str, bool]], initial: set[int]
) -> None:
    low = [word.lower() for word, _ in words]
    texts = [word.capitalize() if capital else word for word, capital in words]
    starts = [10 * i for i in range(len(low))]
    ends = [start + 5 for start in starts]
    found = phrase_marks(
        low,
        texts,
        starts,
        ends,
        initial,
        LEXICON.single_words,
        LEXICON.first_two_words,
        LEXICON.first_words,
        Mark,
    )
    assert found == reference_marks(low, texts, initial)


def test_a_capitalised_phrase_inside_a_sentence_is_a_name_but_at_its_start_a_phrase() -> None:
    phrase = next(tokens for tokens in LEXICON.phrases if len(tokens) > 1)
    low, texts = list(phrase), [word.capitalize() for word in phrase]
    starts = [10 * i for i in range(len(low))]
    ends = [start + 5 for start in starts]
    args = (LEXICON.single_words, LEXICON.first_two_words, LEXICON.first_words, Mark)
    assert phrase_marks(low, texts, starts, ends, set(), *args) == []
    assert phrase_marks(low, texts, starts, ends, {0}, *args) == [Mark(LEXICON.phrases[phrase], 0, ends[-1])]
