"""What the boilerplate check measures on each line of a document, before any context is used.

The measures are the ones published line filters rely on: length and word count (C4, RefinedWeb),
stopword density (jusText, with jusText's own stoplists), terminal punctuation (C4), the share of capitals
and digits (RefinedWeb), repeated lines (Gopher), plus the debris phrase lexicon. Hard-wrapped text (a
paragraph broken into lines of ~70 characters) is joined back into blocks first, so a wrapped paragraph
is judged as the paragraph it is, as jusText judges paragraphs, not as a row of short lines.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import add, itemgetter, not_, sub

import numpy as np

from audit import text as textlib
from audit.text import Segment
from checks._boilerplate_kernels import stable_hashes
from checks._boilerplate_lexicon import PhraseList
from checks._boilerplate_scan import (
    CODES,
    DIGITS,
    HAS_LETTER,
    SEPARATOR,
    STARTS_LOWER,
    TERMINAL,
    TITLE_WORDS,
    UPPER_WORDS,
    WORDS,
    blocks,
    normalised,
    scan_lines,
    url_hints,
)

_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|co\.uk|io|gov|edu)\b|(?<!\w)@\w")
_LETTER = re.compile(r"[^\W\d_]")
_NORMALISE_WORDS = re.compile(r"\w+")
_START, _TEXT = itemgetter(0), itemgetter(2)  # of a Segment

FEATURE_NAMES = (
    "log_chars",
    "log_block_words",
    "block_stopword_density",
    "line_stopword_density",
    "terminal_punctuation",
    "block_terminal_punctuation",
    "starts_lowercase",
    "capitalised_word_share",
    "all_caps_word_share",
    "no_letters",
    "no_letters_or_digits",
    "digit_share",
    "code_symbol_share",
    "separators",
    "url_or_handle",
    "debris_phrase",
    "content_phrase",
    "log_repeats_in_document",
    "log_block_lines",
    "short_without_punctuation",
    "single_word",
    "log_previous_words",
    "log_next_words",
    "log_documents_with_line",  # corpus evidence: filled in by the check once the corpus is counted
)
CORPUS_FEATURE = FEATURE_NAMES.index("log_documents_with_line")
MAX_CORPUS_FEATURE = 3.0  # log1p(20): the range seen in training; more documents add no more evidence


@dataclass(frozen=True)
class LineTable:
    """The evidence on each non-blank line of a document, as columns: one entry (or row) per line."""

    starts: list[int]  # offsets of the stripped line in the document text
    ends: list[int]
    words: list[int]
    debris: list[int]  # index into the debris lexicon's reasons, -1 for none
    keep: list[int]  # index into the keep list's reasons, -1 for none
    symbols_only: list[bool]  # neither letters nor digits: ".", "});", "|"
    sentence: list[bool]  # ends with terminal punctuation
    hashes: list[int]  # hash of the normalised line, 0 when it has no letters
    features: np.ndarray  # the model features (FEATURE_NAMES), one row per line

    def __len__(self) -> int:
        return len(self.starts)


def describe_lines(
    lines: Sequence[Segment],
    debris: PhraseList,
    keep: PhraseList,
    choose_stoplist: Callable[[Iterable[str]], tuple[str | None, frozenset[str] | None]],
) -> tuple[str | None, LineTable]:
    """The stoplist language and the evidence for every non-blank line. The stoplist is chosen from the
    document's own words; without one (a language jusText has no list for) the stopword densities are
    set to a neutral prose value, so only the language-free features decide.

    Pages run to thousands of lines, and a Python-level step per line costs as much as the C-level work
    it wraps, so the character-level measures come from one compiled scan (``_boilerplate_scan.pyx``)
    and the rest from column-wide ``map`` calls and NumPy operations, never a Python loop over lines."""
    kept = list(compress(lines, map(not_, map(str.isspace, map(_TEXT, lines)))))
    texts = list(map(_TEXT, kept))
    stripped = list(map(str.strip, texts))
    n = len(stripped)
    starts = list(map(add, map(_START, kept), map(sub, map(len, texts), map(len, map(str.lstrip, texts)))))
    chars = list(map(len, stripped))
    scan, flat = scan_lines(stripped)
    words = scan[:, WORDS].tolist()
    lowered = list(map(str.lower, stripped))
    debris_ids = debris.find_each(lowered, words)
    keep_ids = keep.find_each(lowered, words)
    terminal = scan[:, TERMINAL].astype(bool).tolist()
    norms = normalised(stripped, lowered, scan, normalise)
    lowered_words = textlib.lowered(flat)
    language, stoplist = choose_stoplist(lowered_words)
    if not n:
        return language, _EMPTY_TABLE

    words_a = np.asarray(words, dtype=float)
    block_of = blocks(stripped, scan, debris_ids)
    last_of_block = np.flatnonzero(np.append(block_of[1:] != block_of[:-1], True))
    block_words = np.bincount(block_of, weights=words_a)[block_of]
    block_lines = np.bincount(block_of)[block_of]
    terminal_a = np.asarray(terminal, dtype=float)
    if stoplist is None:
        line_density = block_density = np.full(n, NEUTRAL_STOPWORD_DENSITY)
    else:
        flags = np.fromiter(map(stoplist.__contains__, lowered_words), dtype=float, count=len(flat))
        stopwords = np.bincount(np.repeat(np.arange(n), words), weights=flags, minlength=n)
        line_density = _share(stopwords, words_a)
        block_density = _share(np.bincount(block_of, weights=stopwords)[block_of], block_words)
    digits = scan[:, DIGITS].astype(float)
    codes = scan[:, CODES].astype(float)
    chars_a = np.asarray(chars, dtype=float)
    no_letter = ~scan[:, HAS_LETTER].astype(bool)
    symbols_only = no_letter & (digits == 0)
    repeats = Counter(norm for norm in norms if norm)
    # Only lines holding a string every address holds are searched for one.
    hinted = zip(url_hints(lowered), lowered, strict=True)
    urls = [hint and _URL.search(low) is not None for hint, low in hinted]
    log_words = list(map(math.log1p, words))
    features = np.column_stack(
        [
            list(map(math.log1p, chars)),
            list(map(math.log1p, block_words.astype(int).tolist())),
            block_density,
            line_density,
            terminal_a,
            terminal_a[last_of_block][block_of],
            scan[:, STARTS_LOWER],
            _share(scan[:, TITLE_WORDS].astype(float), words_a),
            _share(scan[:, UPPER_WORDS].astype(float), words_a),
            no_letter,
            symbols_only,
            digits / chars_a,
            np.minimum(5.0 * codes / chars_a, 1.0),
            scan[:, SEPARATOR],
            urls,
            np.asarray(debris_ids) >= 0,
            np.asarray(keep_ids) >= 0,
            [math.log(repeats[norm]) if norm else 0.0 for norm in norms],
            list(map(math.log, block_lines.tolist())),
            (words_a <= 4) & (terminal_a == 0),
            words_a <= 1,
            [0.0, *log_words[:-1]],
            [*log_words[1:], 0.0],
            np.zeros(n),
        ]
    ).astype(float)
    return language, LineTable(
        starts,
        list(map(add, starts, chars)),
        words,
        debris_ids,
        keep_ids,
        symbols_only.tolist(),
        terminal,
        stable_hashes(norms),
        features,
    )


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """part / whole, 0 where whole is 0."""
    return np.divide(part, whole, out=np.zeros(len(part)), where=whole != 0)


_EMPTY_TABLE = LineTable([], [], [], [], [], [], [], [], np.zeros((0, len(FEATURE_NAMES))))
NEUTRAL_STOPWORD_DENSITY = 0.35


def corpus_feature(documents_with_line: Sequence[int]) -> list[float]:
    """The corpus feature of each line from how many documents of its source contain it (itself included;
    0 when not counted)."""
    return [
        min(math.log1p(count - 1), MAX_CORPUS_FEATURE) if count > 1 else 0.0 for count in documents_with_line
    ]


def normalise(line: str) -> str:
    """The form under which two lines count as the same line: NFKC, case-folded, words only (so
    "Share on Facebook »" and "share on facebook" are one template line). Empty without letters."""
    folded = (line if line.isascii() else unicodedata.normalize("NFKC", line)).casefold()
    if _LETTER.search(folded) is None:
        return ""
    return " ".join(_NORMALISE_WORDS.findall(folded))
