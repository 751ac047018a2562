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

import numpy as np

OUTSIDE_MAIN_TEXT = "outside the main text"
SYMBOLS_ONLY = "no words, only symbols"
BETWEEN_DEBRIS = "short line between debris lines"
EDGE_CLUSTER = "short last line after debris"
MAX_TITLE_WORDS = 20
MAX_TEMPLATE_SENTENCE_WORDS = 8
SHORT_CHARS = 70  # jusText's length_low: below it a line is "short" and context decides


@dataclass(frozen=True)
class LineFacts:
    """What the rules need to know about the lines of a document, as columns (one entry per line)."""

    chars: np.ndarray
    words: np.ndarray
    debris: np.ndarray  # index into the debris reasons, -1 for none
    keep: np.ndarray  # bool: matches the keep list
    symbols_only: np.ndarray  # bool
    sentence: np.ndarray  # bool: ends with terminal punctuation
    documents_with_line: np.ndarray  # documents of the same source that contain the line (0: not counted)


def decide_lines(
    facts: LineFacts,
    debris_reasons: Sequence[str],
    main: tuple[int, int],
    template_min_documents: float,
    template_max_words: int,
) -> list[str | None]:
    """The debris reason of every line, or None for content. The rules are applied to whole columns at
    once, in their order of precedence: each takes only the lines no earlier rule has decided."""
    n = len(facts.chars)
    open_lines = ~facts.keep
    debris = open_lines & (facts.debris >= 0)
    open_lines &= ~debris
    symbols = open_lines & facts.symbols_only
    open_lines &= ~symbols
    # A full sentence that recurs is a stock phrase of the writers ("The Kremlin did not respond to a
    # request for comment."), not the site's template, so recurrence alone does not remove it.
    prose = facts.sentence & (facts.words > MAX_TEMPLATE_SENTENCE_WORDS)
    template = (
        open_lines
        & (facts.documents_with_line >= template_min_documents)
        & (facts.words <= template_max_words)
        & ~prose
    )
    open_lines &= ~template
    outside = np.zeros(n, dtype=bool)
    lo, hi = main
    if hi >= lo:
        outside[:lo] = open_lines[:lo]
        outside[hi + 1 :] = open_lines[hi + 1 :]
        title = lo - 1  # the title or heading that opens the main text
        if title >= 0 and 2 <= facts.words[title] <= MAX_TITLE_WORDS:
            outside[title] = False
    reasons: list[str | None] = [None] * n
    for i in np.flatnonzero(debris).tolist():
        reasons[i] = debris_reasons[facts.debris[i]]
    for i in np.flatnonzero(symbols).tolist():
        reasons[i] = SYMBOLS_ONLY
    for i in np.flatnonzero(template).tolist():
        reasons[i] = f"template line (in {facts.documents_with_line[i]} documents of this source)"
    for i in np.flatnonzero(outside).tolist():
        reasons[i] = OUTSIDE_MAIN_TEXT
    _context(facts, debris | template | outside, debris | symbols | template | outside, reasons)
    return reasons


def _context(facts: LineFacts, strong: np.ndarray, decided: np.ndarray, reasons: list[str | None]) -> None:
    """A short line sandwiched by debris becomes debris, and so does a short last line after debris (the
    tail of a footer). A short first line before debris is left alone: it is usually the title. Lines of
    symbols only are not strong neighbours: in code, every other line is a closing bracket."""
    n = len(reasons)
    if n < 2:
        return
    candidate = ~decided & ~facts.keep & (facts.chars < SHORT_CHARS)
    between = candidate[1:-1] & strong[:-2] & strong[2:]
    for i in (np.flatnonzero(between) + 1).tolist():
        reasons[i] = BETWEEN_DEBRIS
    if candidate[-1] and strong[-2]:
        reasons[-1] = EDGE_CLUSTER
