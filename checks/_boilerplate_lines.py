"""What the boilerplate check measures on each line of a document, before any context is used.

The measures are the ones published line filters rely on: length and word count (C4, RefinedWeb),
stopword density (jusText, with jusText's own stoplists), terminal punctuation (C4), the share of capitals
and digits (RefinedWeb), repeated lines (Gopher), plus the debris phrase lexicon. Hard-wrapped text (a
paragraph broken into lines of ~70 characters) is joined back into blocks first, so a wrapped paragraph
is judged as the paragraph it is, as jusText judges paragraphs, not as a row of short lines.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import chain, compress
from operator import add, itemgetter, not_, sub

import numpy as np

from audit import text as textlib
from audit.text import Segment
from checks._boilerplate_lexicon import PhraseList

# Words: runs of letters/digits, but every CJK character counts as a word of its own, since those scripts
# do not separate words with spaces.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+(?:['’-][^\W{_CJK}]+)*")
_SENTENCE_END = frozenset(".!?…。！？")
_TERMINAL = _SENTENCE_END | frozenset(":;")
_CODE = re.compile(r"[{}()\[\];=<>\\│|_*#`$%&+~^]")
_SEPARATOR = re.compile(r"\s[|•»·›/]\s|\s[|•»·›]$|^[|•»·›]\s")
_SEPARATOR_CHAR = re.compile(r"[|•»·›/]")
_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|co\.uk|io|gov|edu)\b|(?<!\w)@\w")
_URL_HINT = re.compile(r"://|www\.|@|\.com|\.org|\.net|\.co\.uk|\.io|\.gov|\.edu")
_DIGITS = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_NORMALISE_WORDS = re.compile(r"\w+")
# Function words that cannot end a line of real prose: a line ending in one continues on the next line.
_CONTINUING = frozenset(
    "the a an and or but nor of to with for from by that which who whom whose is are was were be been has "
    "have had as at its their his her this these those than when while if into".split()
)
_DASHES = (",", ";", "-", "–", "—")
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

    Every line is measured by column-wide ``map`` calls and NumPy operations rather than a Python loop
    over lines: pages run to thousands of lines, and each Python-level step per line costs as much as
    the C-level work it wraps."""
    kept = list(compress(lines, map(not_, map(str.isspace, map(_TEXT, lines)))))
    texts = list(map(_TEXT, kept))
    stripped = list(map(str.strip, texts))
    n = len(stripped)
    starts = list(map(add, map(_START, kept), map(sub, map(len, texts), map(len, map(str.lstrip, texts)))))
    chars = list(map(len, stripped))
    tokens = list(map(_WORD.findall, stripped))
    words = list(map(len, tokens))
    has_letter = [found is not None for found in map(_LETTER.search, stripped)]
    lowered = list(map(str.lower, stripped))
    debris_ids = list(map(debris.find_lowered, lowered, words))
    keep_ids = list(map(keep.find_lowered, lowered, words))
    lasts = [line.rstrip(textlib.CLOSING_MARKS)[-1:] for line in stripped]
    terminal = [
        last in _TERMINAL and not line.endswith("...") for last, line in zip(lasts, stripped, strict=True)
    ]
    sentence_end = [last in _SENTENCE_END for last in lasts]
    norms = list(map(_normalised, stripped, lowered, has_letter))
    language, stoplist = choose_stoplist(token.lower() for line in tokens for token in line)
    if not n:
        return language, _EMPTY_TABLE

    flat = list(chain.from_iterable(tokens))
    line_of_token = np.repeat(np.arange(n), words)
    words_a = np.asarray(words, dtype=float)

    def per_line(token_flags: Iterable[bool]) -> np.ndarray:
        flags = np.fromiter(token_flags, dtype=float, count=len(flat))
        return np.bincount(line_of_token, weights=flags, minlength=n)

    block_of = np.asarray(_blocks(stripped, has_letter, debris_ids, sentence_end))
    last_of_block = np.flatnonzero(np.append(block_of[1:] != block_of[:-1], True))
    block_words = np.bincount(block_of, weights=words_a)[block_of]
    block_lines = np.bincount(block_of)[block_of]
    terminal_a = np.asarray(terminal, dtype=float)
    if stoplist is None:
        line_density = block_density = np.full(n, NEUTRAL_STOPWORD_DENSITY)
    else:
        stopwords = per_line(map(stoplist.__contains__, textlib.lowered(flat)))
        line_density = _share(stopwords, words_a)
        block_density = _share(np.bincount(block_of, weights=stopwords)[block_of], block_words)
    digits = np.fromiter(map(len, map(_DIGITS.findall, stripped)), dtype=float, count=n)
    codes = np.fromiter(map(len, map(_CODE.findall, stripped)), dtype=float, count=n)
    chars_a = np.asarray(chars, dtype=float)
    no_letter = ~np.asarray(has_letter, dtype=bool)
    symbols_only = no_letter & (digits == 0)
    repeats = Counter(norm for norm in norms if norm)
    log_words = list(map(math.log1p, words))
    features = np.column_stack(
        [
            list(map(math.log1p, chars)),
            list(map(math.log1p, block_words.astype(int).tolist())),
            block_density,
            line_density,
            terminal_a,
            terminal_a[last_of_block][block_of],
            [line[0].islower() for line in stripped],
            _share(per_line(map(str.istitle, flat)), words_a),
            _share(per_line(map(str.isupper, flat)), words_a),
            no_letter,
            symbols_only,
            digits / chars_a,
            np.minimum(5.0 * codes / chars_a, 1.0),
            list(map(_has_separator, stripped)),
            list(map(_has_url, lowered)),
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
        [stable_hash(norm) if norm else 0 for norm in norms],
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


def stable_hash(text: str) -> int:
    """A hash that is the same in every process (``hash()`` of a str is salted per process)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def _normalised(line: str, lowered: str, has_letter: bool) -> str:
    """``normalise(line)``, with the lower case of an ASCII line (its case fold) already at hand."""
    if not has_letter:
        return ""
    return " ".join(_NORMALISE_WORDS.findall(lowered)) if line.isascii() else normalise(line)


def _has_separator(line: str) -> bool:
    return _SEPARATOR_CHAR.search(line) is not None and _SEPARATOR.search(line) is not None


def _has_url(lowered: str) -> bool:
    return _URL_HINT.search(lowered) is not None and _URL.search(lowered) is not None


def _blocks(
    lines: Sequence[str], has_letter: Sequence[bool], debris: Sequence[int], sentence_end: Sequence[bool]
) -> list[int]:
    """Block number of each line: a line that continues the previous one's sentence joins its block."""
    block_of = [0] * len(lines)
    for i in range(1, len(lines)):
        previous, line = lines[i - 1], lines[i]
        continues = (
            has_letter[i - 1]
            and has_letter[i]
            and debris[i - 1] < 0
            and debris[i] < 0
            and not sentence_end[i - 1]
            and not previous.endswith(":")
            and (
                line[0].islower()
                or previous.endswith(_DASHES)
                or previous.rsplit(None, 1)[-1].lower() in _CONTINUING
            )
        )
        block_of[i] = block_of[i - 1] if continues else block_of[i - 1] + 1
    return block_of
