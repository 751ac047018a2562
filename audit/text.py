"""Shared tokenisation with character offsets, computed once per document and reused by every check."""

from __future__ import annotations

import re
from typing import NamedTuple


class Segment(NamedTuple):
    """A piece of the document text with its offsets: ``text == document.text[start:end]``.

    A named tuple, not a dataclass: documents make one per word, and tuple construction is several
    times cheaper, which every check pays for.
    """

    start: int
    end: int
    text: str


_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
# A sentence ends at . ! ? (possibly doubled, possibly followed by closing quotes or brackets)
# when whitespace follows; a newline always ends one.
_SENTENCE_END = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s)|\n")
# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof sr jr st vs etc e.g i.e u.s u.k u.n e.u inc ltd co corp gen col lt sgt rep sen gov "
    "jan feb mar apr jun jul aug sep sept oct nov dec no vol fig approx".split()
)


def split_lines(text: str) -> list[Segment]:
    """Non-empty lines, without their newline."""
    return [Segment(m.start(), m.end(), m.group()) for m in _LINE.finditer(text)]


def split_words(text: str) -> list[Segment]:
    """Word tokens (letters, digits, inner apostrophes and hyphens)."""
    return [Segment(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def split_sentences(text: str) -> list[Segment]:
    """Sentences, stripped of surrounding whitespace; good enough for news and web prose."""
    segments: list[Segment] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if match.group() != "\n" and _ends_with_abbreviation(text, start, match.start()):
            continue
        _append_stripped(segments, text, start, end)
        start = end
    _append_stripped(segments, text, start, len(text))
    return segments


def _ends_with_abbreviation(text: str, start: int, dot: int) -> bool:
    if text[dot] != ".":
        return False
    word_start = dot
    while word_start > start and not text[word_start - 1].isspace():
        word_start -= 1
    token = text[word_start:dot].lower().lstrip("(\"'“‘")
    return token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha())


def _append_stripped(segments: list[Segment], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    left = start + (len(piece) - len(piece.lstrip()))
    segments.append(Segment(left, left + len(stripped), stripped))
