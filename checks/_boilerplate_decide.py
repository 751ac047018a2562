"""The verdict on each line: debris (with the reason) or content, from line evidence, context and corpus.

Rules, in order of precedence:

1. a line matching the keep list (reporting credits, datelines) is content, whatever else holds;
2. a line matching the debris lexicon is debris, with the lexicon's reason;
3. a line of symbols only (".", "});", "|") is debris;
4. a short line that recurs in many documents of the same source is site template (corpus evidence),
   unless it is a full sentence;
5. a line outside the main text (see ``_boilerplate_model``) is debris, except a heading-like line just
   before the main text starts (the title);
6. a short line between two debris lines, or after debris at the end of the document, is debris: debris
   comes in clusters, at the bottom of pages above all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

OUTSIDE_MAIN_TEXT = "outside the main text"
SYMBOLS_ONLY = "no words, only symbols"
BETWEEN_DEBRIS = "short line between debris lines"
EDGE_CLUSTER = "short last line after debris"
MAX_TITLE_WORDS = 20
MAX_TEMPLATE_SENTENCE_WORDS = 8
SHORT_CHARS = 70  # jusText's length_low: below it a line is "short" and context decides


@dataclass(frozen=True, slots=True)
class LineFacts:
    """What the rules need to know about one line."""

    chars: int
    words: int
    debris_reason: str | None
    keep: bool
    symbols_only: bool
    sentence: bool  # ends with terminal punctuation
    documents_with_line: int  # how many documents of the same source contain this line (0: not counted)


def decide_lines(
    facts: Sequence[LineFacts], main: tuple[int, int], template_min_documents: float, template_max_words: int
) -> list[str | None]:
    """The debris reason of every line, or None for content."""
    lo, hi = main
    has_main = hi >= lo
    reasons: list[str | None] = []
    for index, line in enumerate(facts):
        reasons.append(_line_rule(index, line, lo, hi, has_main, template_min_documents, template_max_words))
    return _context(facts, reasons)


def _line_rule(
    index: int, line: LineFacts, lo: int, hi: int, has_main: bool, min_documents: float, max_words: int
) -> str | None:
    if line.keep:
        return None
    if line.debris_reason is not None:
        return line.debris_reason
    if line.symbols_only:
        return SYMBOLS_ONLY
    if line.documents_with_line >= min_documents and line.words <= max_words and not _prose(line):
        return f"template line (in {line.documents_with_line} documents of this source)"
    if has_main and not lo <= index <= hi:
        if index == lo - 1 and 2 <= line.words <= MAX_TITLE_WORDS:
            return None  # the title or heading that opens the main text
        return OUTSIDE_MAIN_TEXT
    return None


def _prose(line: LineFacts) -> bool:
    """A full sentence: when one recurs it is a stock phrase of the writers ("The Kremlin did not respond
    to a request for comment."), not the site's template, so recurrence alone does not remove it."""
    return line.sentence and line.words > MAX_TEMPLATE_SENTENCE_WORDS


def _context(facts: Sequence[LineFacts], reasons: list[str | None]) -> list[str | None]:
    """A short line sandwiched by debris becomes debris, and so does a short last line after debris (the
    tail of a footer). A short first line before debris is left alone: it is usually the title. Lines of
    symbols only do not count as neighbours: in code, every other line is a closing bracket."""
    strong = [r is not None and r != SYMBOLS_ONLY for r in reasons]
    out = list(reasons)
    last = len(facts) - 1
    for index, line in enumerate(facts):
        if out[index] is not None or line.keep or line.chars >= SHORT_CHARS:
            continue
        before = strong[index - 1] if index > 0 else None
        after = strong[index + 1] if index < last else None
        if before and after:
            out[index] = BETWEEN_DEBRIS
        elif after is None and before:
            out[index] = EDGE_CLUSTER
    return out
