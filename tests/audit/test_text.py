"""Shared tokenisation: offsets always point back into the text."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from audit.document import Document
from audit.text import Segment, lowered, split_lines, split_sentences, split_words


def test_sentences_split_on_end_punctuation_but_not_on_abbreviations() -> None:
    text = "The U.S. envoy met Mr. Smith in Kabul. “It went well,” he said! Then? Nothing.\nNew line"
    assert [s.text for s in split_sentences(text)] == [
        "The U.S. envoy met Mr. Smith in Kabul.",
        "“It went well,” he said!",
        "Then?",
        "Nothing.",
        "New line",
    ]


def test_doubled_and_stray_punctuation_stay_inside_their_sentence() -> None:
    text = "from the Trump presidency Was. . Next one."
    assert [s.text for s in split_sentences(text)] == ["from the Trump presidency Was.", ".", "Next one."]


def test_segments_point_back_into_the_text() -> None:
    text = "  First line.  \n\nSecond’s words-here 9,600 \n"
    for split in (split_lines, split_sentences, split_words):
        for segment in split(text):
            assert text[segment.start : segment.end] == segment.text
    assert [w.text for w in split_words(text)] == ["First", "line", "Second’s", "words-here", "9", "600"]
    assert [line.text for line in split_lines(text)] == ["  First line.  ", "Second’s words-here 9,600 "]


# The plain, one-match-at-a-time tokenisers the fast ones replaced: the fast ones must agree exactly.
_REFERENCE_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_REFERENCE_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n")
_REFERENCE_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st vs etc e.g i.e u.s u.k u.n e.u inc ltd co corp gen col lt sgt rep sen gov "
    "jan feb mar apr jun jul aug sep sept oct nov dec no vol fig approx".split()
)


def reference_words(text: str) -> list[Segment]:
    return [Segment(m.start(), m.end(), m.group()) for m in _REFERENCE_WORD.finditer(text)]


def reference_sentences(text: str) -> list[Segment]:
    segments: list[Segment] = []
    start = 0
    for match in _REFERENCE_SENTENCE_END.finditer(text):
        end = match.end()
        if match.group() != "\n" and text[match.start()] == ".":
            word_start = match.start()
            while word_start > start and not text[word_start - 1].isspace():
                word_start -= 1
            token = text[word_start : match.start()].lower().lstrip("(\"'“‘")
            if token in _REFERENCE_ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
        _append_stripped(segments, text, start, end)
        start = end
    _append_stripped(segments, text, start, len(text))
    return segments


def _append_stripped(segments: list[Segment], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        left = start + (len(piece) - len(piece.lstrip()))
        segments.append(Segment(left, left + len(stripped), stripped))


# Text made of the characters the splitters care about, so that every branch is reached often.
_PIECES = [
    *"aZé9_ .!?…\"'”’)](“‘-\n\t\r\u00a0\u2028\u0130Σσς²Ⅻ\u0301ǅ日",
    *("Mr", "mr", "Dr", "U.S", "e.g", "etc", "No", "I", ". ", ".\n", "ΟΔΟΣ", "\u212a"),
]
_TRICKY = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@given(st.one_of(_TRICKY, st.text(max_size=80)))
def test_fast_splitters_agree_with_the_reference_ones(text: str) -> None:
    assert split_words(text) == reference_words(text)
    assert split_sentences(text) == reference_sentences(text)
    assert all(type(segment) is Segment for segment in split_words(text) + split_sentences(text))


@given(st.one_of(_TRICKY, st.text(max_size=80)))
def test_word_columns_and_lowered_words_match_the_words(text: str) -> None:
    doc = Document("d", text, "test")
    texts, starts, ends = doc.word_columns
    assert list(zip(starts, ends, texts, strict=True)) == [tuple(w) for w in doc.words]
    assert doc.lowered_words == [w.text.lower() for w in doc.words]


def test_each_word_is_lowered_alone_so_its_final_sigma_is_final() -> None:
    words = ["ΟΔΟΣ", "ΣΑΣ", "Σ", "ΑΣ1", "ΑΣ_Β", "Σ\u0301Σ"]
    assert lowered(words) == [word.lower() for word in words]
    assert lowered(words)[:3] == ["οδος", "σας", "σ"]


def test_every_ascii_character_is_classed_as_the_reference_classes_it() -> None:
    """The compiled splits answer ASCII characters without asking CPython's tables; each character in
    turn stands inside, before and after words and stops."""
    for code in range(128):
        c = chr(code)
        text = f"a{c}b {c}x. {c}Mr{c}. y{c}\n{c}.{c} z'{c}q-{c}"
        assert split_words(text) == reference_words(text), repr(c)
        assert split_sentences(text) == reference_sentences(text), repr(c)


@given(st.lists(st.one_of(_TRICKY, st.text(max_size=12), st.sampled_from(["word", "Word", "WORD", "ΟΔΟΣ"]))))
def test_lowered_is_each_strings_own_lower_case(words: list[str]) -> None:
    assert lowered(words) == [word.lower() for word in words]
