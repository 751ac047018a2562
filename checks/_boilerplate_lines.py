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

from audit.text import Segment
from checks._boilerplate_lexicon import PhraseList

# Words: runs of letters/digits, but every CJK character counts as a word of its own, since those scripts
# do not separate words with spaces.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+(?:['’-][^\W{_CJK}]+)*")
_CLOSERS = "\"'”’»)]"
_SENTENCE_END = frozenset(".!?…。！？")
_TERMINAL = _SENTENCE_END | frozenset(":;")
_CODE = re.compile(r"[{}()\[\];=<>\\│|_*#`$%&+~^]")
_SEPARATOR = re.compile(r"\s[|•»·›/]\s|\s[|•»·›]$|^[|•»·›]\s")
_SEPARATOR_CHARS = "|•»·›/"
_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|org|net|co\.uk|io|gov|edu)\b|(?<!\w)@\w")
_URL_HINTS = ("://", "www.", "@", ".com", ".org", ".net", ".co.uk", ".io", ".gov", ".edu")
_DIGITS = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")
_NORMALISE_WORDS = re.compile(r"\w+")
# Function words that cannot end a line of real prose: a line ending in one continues on the next line.
_CONTINUING = frozenset(
    "the a an and or but nor of to with for from by that which who whom whose is are was were be been has "
    "have had as at its their his her this these those than when while if into".split()
)
_DASHES = (",", ";", "-", "–", "—")

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


@dataclass(frozen=True, slots=True)
class LineEvidence:
    """One non-blank line: where it is, the phrase-list hits, and the model features."""

    start: int  # offsets of the stripped line in the document text
    end: int
    words: int
    debris: int  # index into the debris lexicon's reasons, -1 for none
    keep: int  # index into the keep list's reasons, -1 for none
    symbols_only: bool  # neither letters nor digits: ".", "});", "|"
    sentence: bool  # ends with terminal punctuation
    line_hash: int  # hash of the normalised line, 0 when it has no letters
    features: tuple[float, ...]


@dataclass(slots=True)
class _Raw:
    text: str
    start: int
    tokens: list[str]
    has_letter: bool
    debris: int
    keep: int
    terminal: bool
    sentence_end: bool
    norm: str
    stopwords: int = 0

    @property
    def words(self) -> int:
        return len(self.tokens)


def describe_lines(
    lines: Sequence[Segment],
    debris: PhraseList,
    keep: PhraseList,
    choose_stoplist: Callable[[Iterable[str]], tuple[str | None, frozenset[str] | None]],
) -> tuple[str | None, list[LineEvidence]]:
    """The stoplist language and the evidence for every non-blank line. The stoplist is chosen from the
    document's own words; without one (a language jusText has no list for) the stopword densities are
    set to a neutral prose value, so only the language-free features decide."""
    raws = [_raw(segment, debris, keep) for segment in lines if not segment.text.isspace()]
    language, stoplist = choose_stoplist(token.lower() for raw in raws for token in raw.tokens)
    if not raws:
        return language, []
    if stoplist is not None:
        contains = stoplist.__contains__
        for raw in raws:
            raw.stopwords = sum(map(contains, map(str.lower, raw.tokens)))
    block_of = _blocks(raws)
    block_words: Counter[int] = Counter()
    block_stopwords: Counter[int] = Counter()
    block_lines: Counter[int] = Counter()
    block_terminal: dict[int, bool] = {}
    for raw, block in zip(raws, block_of, strict=True):
        block_words[block] += raw.words
        block_stopwords[block] += raw.stopwords
        block_lines[block] += 1
        block_terminal[block] = raw.terminal
    repeats = Counter(raw.norm for raw in raws if raw.norm)
    evidence = []
    last = len(raws) - 1
    for index, (raw, block) in enumerate(zip(raws, block_of, strict=True)):
        s = raw.text
        chars = len(s)
        words = raw.words
        if stoplist is None:
            line_density = block_density = NEUTRAL_STOPWORD_DENSITY
        else:
            line_density = raw.stopwords / words if words else 0.0
            block_total = block_words[block]
            block_density = block_stopwords[block] / block_total if block_total else 0.0
        digits = len(_DIGITS.findall(s))
        has_alnum = raw.has_letter or digits > 0
        features = (
            math.log1p(chars),
            math.log1p(block_words[block]),
            block_density,
            line_density,
            float(raw.terminal),
            float(block_terminal[block]),
            float(s[0].islower()),
            sum(map(str.istitle, raw.tokens)) / words if words else 0.0,
            sum(map(str.isupper, raw.tokens)) / words if words else 0.0,
            float(not raw.has_letter),
            float(not has_alnum),
            digits / chars,
            min(5.0 * len(_CODE.findall(s)) / chars, 1.0),
            float(_has_separator(s)),
            float(_has_url(s)),
            float(raw.debris >= 0),
            float(raw.keep >= 0),
            math.log(repeats[raw.norm]) if raw.norm else 0.0,
            math.log(block_lines[block]),
            float(words <= 4 and not raw.terminal),
            float(words <= 1),
            math.log1p(raws[index - 1].words) if index > 0 else 0.0,
            math.log1p(raws[index + 1].words) if index < last else 0.0,
            0.0,
        )
        evidence.append(
            LineEvidence(
                raw.start,
                raw.start + chars,
                words,
                raw.debris,
                raw.keep,
                not has_alnum,
                raw.terminal,
                stable_hash(raw.norm) if raw.norm else 0,
                features,
            )
        )
    return language, evidence


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


def _raw(segment: Segment, debris: PhraseList, keep: PhraseList) -> _Raw:
    line = segment.text
    s = line.strip()
    start = segment.start + (len(line) - len(line.lstrip()))
    tokens = _WORD.findall(s)
    words = len(tokens)
    has_letter = _LETTER.search(s) is not None
    last = s.rstrip(_CLOSERS)[-1:]
    return _Raw(
        s,
        start,
        tokens,
        has_letter,
        debris.find(s, words),
        keep.find(s, words),
        last in _TERMINAL and last != "" and not s.endswith("..."),
        last in _SENTENCE_END and last != "",
        normalise(s) if has_letter else "",
    )


def _has_separator(line: str) -> bool:
    return any(c in line for c in _SEPARATOR_CHARS) and _SEPARATOR.search(line) is not None


def _has_url(line: str) -> bool:
    lowered = line.lower()
    return any(hint in lowered for hint in _URL_HINTS) and _URL.search(lowered) is not None


def _blocks(raws: Sequence[_Raw]) -> list[int]:
    """Block number of each line: a line that continues the previous one's sentence joins its block."""
    block_of = [0] * len(raws)
    for i in range(1, len(raws)):
        block_of[i] = block_of[i - 1] if _continues(raws[i - 1], raws[i]) else block_of[i - 1] + 1
    return block_of


def _continues(previous: _Raw, line: _Raw) -> bool:
    if not previous.has_letter or not line.has_letter or previous.debris >= 0 or line.debris >= 0:
        return False
    if previous.sentence_end or previous.text.endswith(":"):
        return False
    if line.text[0].islower():
        return True
    last_word = previous.text.rsplit(None, 1)[-1].lower()
    return previous.text.endswith(_DASHES) or last_word in _CONTINUING
