"""The verdict on each line: debris (with the reason) or content, from line evidence, context and corpus.

Rules, in order of precedence:

1. a line matching the keep list (reporting credits, datelines) is content, whatever else holds;
2. a line matching the debris lexicon is debris, with the lexicon's reason;
3. a line of symbols only (".", "});", "|") is debris;
4. a short line that recurs in many documents of the same source is site template (corpus evidence),
   unless it is a full sentence;
5. a line outside the main text (see ``_boilerplate_model``, and ``end_of_article``) is debris, except a
   heading-like line just before the main text starts (the title);
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
# Debris that closes an article on a page: what follows it is comments, related stories or sign-ups.
END_MARKERS = frozenset({"comment prompt", "related link", "share prompt", "newsletter prompt"})
PROSE_MIN_WORDS = 8  # a line of prose: a sentence of at least this many words


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


def end_markers(debris_reasons: Sequence[str]) -> np.ndarray:
    """Which debris reasons mark the end of an article, indexed by debris id; one more entry, False, is
    what a line without a debris phrase (id -1) indexes."""
    return np.asarray([reason in END_MARKERS for reason in debris_reasons] + [False])


def end_of_article(
    facts: LineFacts, markers: np.ndarray, main: tuple[int, int], max_prose_after: float
) -> tuple[int, int]:
    """The main text cut short at its first end marker (a comment, share, newsletter or related-links
    line, as ``markers`` from ``end_markers`` tell) after which at most ``max_prose_after`` of the main
    text's prose follows: the comments and "What to Read Next" blocks under an article read like short
    text and join the main text by context, but an article does not go on after them. A marker with
    prose after it ("Read more: …" between paragraphs) cuts nothing; ``max_prose_after`` 0 turns the
    rule off."""
    lo, hi = main
    if max_prose_after <= 0 or hi <= lo:
        return main
    is_marker = markers[facts.debris[lo : hi + 1]]
    if not is_marker[1:].any():
        return main
    inside = slice(lo, hi + 1)
    is_prose = facts.sentence[inside] & (facts.words[inside] >= PROSE_MIN_WORDS)
    prose = np.where(is_prose, facts.chars[inside], 0)
    after = np.cumsum(prose[::-1])[::-1]  # prose from each line to the end of the main text
    total = after[0]
    for k in np.flatnonzero(is_marker[1:]) + 1:
        if after[k] <= max_prose_after * total and after[k] < total:
            return lo, lo + int(k) - 1
    return main


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
