"""Shared tokenisation with character offsets, computed once per document and reused by every check.

Every splitter does its per-token work in C, since every audit pays for these splits on every document
and a Python loop over tokens costs several times as much: words and sentences come from compiled scans
(``_text_scan.pyx``), lines from ``str.split`` with ``itertools.accumulate`` turning their lengths into
offsets, and segments are made by mapping ``tuple.__new__`` over the columns.
"""

from __future__ import annotations

from itertools import accumulate, compress, repeat
from operator import add
from typing import NamedTuple

from audit._text_scan import lowered as lowered  # each word lower-cased, shared by the checks
from audit._text_scan import sentence_columns, word_columns


class Segment(NamedTuple):
    """A piece of the document text with its offsets: ``text == document.text[start:end]``.

    A named tuple, not a dataclass: documents make one per word, and tuple construction is several
    times cheaper, which every check pays for.
    """

    start: int
    end: int
    text: str


class WordColumns(NamedTuple):
    """The words of a text as three parallel lists, for checks that need no ``Segment`` per word."""

    texts: list[str]
    starts: list[int]
    ends: list[int]


# What may close a sentence after its final stop: quotes and brackets ('He left." ', '(as planned.)').
CLOSING_MARKS = "\"'”’»)]"
# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st vs etc e.g i.e u.s u.k u.n e.u inc ltd co corp gen col lt sgt rep sen gov "
    "jan feb mar apr jun jul aug sep sept oct nov dec no vol fig approx".split()
)
_OPENING_MARKS = "(\"'“‘"
_new_segment = tuple.__new__


def segments(starts: list[int], ends: list[int], texts: list[str]) -> list[Segment]:
    """Segments from parallel columns, built without a Python-level call per segment."""
    return list(map(_new_segment, repeat(Segment), zip(starts, ends, texts, strict=True)))


def split_lines(text: str) -> list[Segment]:
    """Non-empty lines, without their newline."""
    parts = text.split("\n")
    lengths = list(map(len, parts))
    starts = list(accumulate(map(add, lengths[:-1], repeat(1)), initial=0))
    ends = map(add, starts, lengths)
    return list(map(_new_segment, repeat(Segment), compress(zip(starts, ends, parts, strict=True), parts)))


def split_word_columns(text: str) -> WordColumns:
    r"""Word tokens as columns: the matches of ``\w+(?:['’-]\w+)*``, found by a compiled scan."""
    return WordColumns(*word_columns(text))


def split_words(text: str) -> list[Segment]:
    """Word tokens (letters, digits, inner apostrophes and hyphens)."""
    texts, starts, ends = split_word_columns(text)
    return segments(starts, ends, texts)


def split_sentences(text: str) -> list[Segment]:
    """Sentences, stripped of surrounding whitespace; good enough for news and web prose. A sentence
    ends at a newline, or at . ! ? … (possibly doubled, possibly followed by closing quotes or brackets)
    when whitespace follows, except a full stop after an abbreviation or an initial."""
    return segments(*sentence_columns(text, _ends_with_abbreviation))


def _ends_with_abbreviation(before: str) -> bool:
    """Whether the text before a full stop ends in an abbreviation or an initial ("Mr", "U.S", "J")."""
    token = "" if not before or before[-1].isspace() else before.rsplit(None, 1)[-1]
    token = token.lower().lstrip(_OPENING_MARKS)
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())
