"""Measurements of one document that tell machine-translated English from English written by people.

Two kinds of evidence:

* *artifacts*, each found at a place in the text (so it can be shown as a span): a function word or
  verb capitalised mid-sentence ("presidency Was"), stray or doubled sentence punctuation ("Was. ."),
  a two- or three-word fragment inside a paragraph ("Get angry."), a misspelt common word
  ("coronovirus"), an untranslated foreign word, a word doubled by mistake, a sentence that starts in
  lower case, a lone unknown capitalised word ("the Kelt approach");
* *statistics* of the whole text that translation studies find in translated and machine-translated
  English (translationese): lexical diversity and word rarity (MT prefers frequent words), how many
  word pairs are conventional English pairs, sentence length and its spread, punctuation habits, and
  the function-word profile.

Speed: a per-word Python loop costs more than everything else here together, so words are handled as
*types* (each distinct word once, through C-level ``map`` calls) and as NumPy arrays of type ids (one
per word), and per-word questions become array operations. Sums of floats keep the order and the
one-at-a-time rounding of a plain loop (``np.cumsum``), so the figures do not depend on how they are
computed.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain, compress, repeat
from operator import itemgetter, not_, sub
from typing import NamedTuple

import numpy as np

from audit.document import Document
from audit.text import CLOSING_MARKS, Segment
from checks._mt_lexicon import COMMON_ZIPF, Lexicon
from checks._mt_numbering import number_distinct

# Function words and auxiliaries that English never capitalises mid-sentence. Left out: words that
# are also names or months ("May", "Will", "He", "An"), "I", and "No" (as in "No. 10").
_NEVER_CAPITALISED = frozenset(
    "and or but nor the of to in on at for from by with as into is are was were been be has have had "
    "does did do then than that which who whom whose would could should shall must might its their "
    "there these those this because although though while whether after before during about also "
    "not only even still already".split()
)
# After these a capital is normal: quotes, brackets (datelines end in ")"), dashes, colons.
_OPENERS = frozenset("\"'“‘”’([{)]}—–-:;")
# "The Times", "A Tale of Two Cities": an article before a capitalised word is usually part of a title.
_ARTICLES = frozenset({"the", "a", "an"})
# Every alternative starts at a punctuation mark, which the lookbehinds then check.
_STRAY_PUNCT = re.compile(
    r"[.,;:!?](?:"  # starting with the mark lets the scan skip to the next one
    r"(?<=\w[.!?])\s+[.,;:!?](?!\s*\.\s*\.)"  # "Was. ." but not a spaced ellipsis ". . ."
    r"|(?<=\w[ \t][.,])(?=\s|$)"  # "Asia ." — space before a full stop or comma
    # doubled marks, but not "Co.," or "..."
    r"|(?<=,),|(?<=,)\.(?!\d)|(?<=[a-z]{4}\.)(?<!etc\.),|(?<=\.)(?<![.]\.)\.(?![.])"
    r"|(?<=[.,;:])(?<![^\n][.,;:])(?m:[.,;:]*[ \t]*$)"  # a line of nothing but punctuation
    r")"
)
_NON_LATIN_LETTER = re.compile(r"[^\W\d_a-zA-Z\u00c0-\u024f\u1e00-\u1eff]")
# Every non-Latin letter is outside these plain ranges (ASCII, Latin letters, General Punctuation,
# which holds no letters), and a scan for them is several times faster than for letters.
_MAYBE_NON_LATIN = re.compile(r"[^\x00-\x7f\u00c0-\u024f\u1e00-\u1eff\u2000-\u206f]")
# The same tokeniser as audit.text.split_words, for the lower-cased text.
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
# The characters that join word pieces into one token ("well-known", "don't").
_JOINER = re.compile(r"['’-]")
# Python lowers only the capital sigma by its context (final "ς" or "σ"): with one in the text, a
# word's lower case is read from the lower-cased text, not from the word alone.
_CONTEXT_LOWERED = "Σ"
# A word repeated across spaces or tabs ("the the"); confirmed at places the tokens point to.
_DOUBLED = re.compile(r"\b(\w+)[ \t]+\1\b")
_DOUBLED_ANY_CASE = re.compile(r"\b(\w+)[ \t]+\1\b", re.IGNORECASE)
_ALLOWED_DOUBLES = frozenset({"had", "that", "is", "very", "bye", "no", "so", "yeah", "ha", "knock"})
# A contraction ("don't", "they're") is a word character, then "n't" or an apostrophe and re/ve/ll/m/d.
# Matched at each apostrophe; `_count_contractions` keeps the matches apart as a left-to-right scan
# from the word character would.
_APOSTROPHES = "'’"
_CURLY_APOSTROPHE = "’"
_CONTRACTION = re.compile(r"['’](?:(?<=\w['’])(?:re|ve|ll|m|d)|(?<=\wn['’])t)\b", re.IGNORECASE)
# A sentence split after "p.m.", "No. 5." or "20." is the splitter's doing, not a fragment.
_ABBREVIATION_END = re.compile(r"(?:\b\w\.\w\.|\b\d+\.|\b[A-Z][a-z]{0,3}\.)\s*$")
_QUOTE = re.compile("[\"“”'‘’]")
# Opening quotes, brackets and dashes a sentence may start with before its first letter.
_SENTENCE_LEAD = "\"'“‘([-–— "
_LEAD_CHARACTERS = frozenset(_SENTENCE_LEAD)
# A word counts as a misspelling when a word one edit away is this much commoner (Zipf: x100).
_TYPO_MARGIN = 2.0
# A word at least this common (Zipf: once in 10 million words) is a word, not a typo ("spate", "comas").
_WORD_ENOUGH = 2.0
_LONGEST_WORD = 24
# A rare word written this often in one text is its subject's term ("wasm", "unnest"), not a slip.
_TERM_REPEATS = 3
_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_SUBJECTS = frozenset("i you he she it we they there this that these those".split())
_MATTR_WINDOW = 50
# A capitalised word rarer than this in English (Zipf scale) and not repeated is an unknown name.
_RARE_NAME_ZIPF = 2.0
_FRAGMENT_MAX_WORDS = 3
# What a sentence before a lower-case start must end with for the lower case to be wrong: a line
# break after anything else (a comma, a word, a brace) is hard-wrapped prose or code, not a new sentence.
_SENTENCE_FINAL = frozenset(".!?…")
# A list item's number or letter ("1.", "b)", "iv."): the splitter makes it a sentence of its own.
_ENUMERATOR = re.compile(r"\(?(?:\d{1,3}|[a-z]|[ivxlc]{1,6})[.)]", re.IGNORECASE)


class Finding(NamedTuple):
    """One artifact at characters ``[start, end)``, of a kind that names a feature. A named tuple:
    documents with many lower-case sentence starts make one per sentence."""

    start: int
    end: int
    kind: str
    reason: str


@dataclass
class Extraction:
    features: dict[str, float] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


# Punctuation counted per sentence: feature, its marks, and those of them an ASCII text can hold.
# Typesetting is normalised away, as it tells a publisher's copy from plain text, not a translator
# from a machine: straight and curly quotes count alike, and so do a spaced hyphen and a typeset dash
# (the WMT dev references set en dashes where MT writes " - ").
_PUNCTUATION = tuple(
    (f"{name}_per_sentence", marks, tuple(m for m in marks if m.isascii()))
    for name, marks in (
        ("commas", (",",)),
        ("quotes", tuple('"“”«»„')),
        ("colons", (":",)),
        ("semicolons", (";",)),
        ("dashes", ("—", "–", " - ")),
        ("parentheses", ("(",)),
    )
)

# The function words whose rates the model reads. MT over-uses literal genitives and "the"; translators
# use more "which", "their", "while" (from the trainset's function-word profile).
PROFILE_WORDS = ("the", "of", "a", "which", "their", "they", "while", "as", "said", "according", "that")

# The document statistics the translationese model reads (artifacts are scored apart from it).
MODEL_FEATURES = (
    "mattr",
    "mean_zipf",
    "content_mean_zipf",
    "rare_share",
    "unknown_share",
    "mean_word_length",
    "bigram_seen_share",
    "bigram_logprob",
    "mean_sentence_words",
    "sentence_words_cv",
    "commas_per_sentence",
    "quotes_per_sentence",
    "colons_per_sentence",
    "semicolons_per_sentence",
    "dashes_per_sentence",
    "parentheses_per_sentence",
    "contractions_per_100_words",
    "capitalised_share",
    "digit_share",
    "function_word_share",
    *(f"rate_{word}" for word in PROFILE_WORDS),
)
_PROFILE_FEATURES = tuple((f"rate_{word}", word) for word in PROFILE_WORDS)

ARTIFACT_KINDS = (
    "capitalised_function_word",
    "stray_punctuation",
    "fragment",
    "misspelling",
    "foreign_word",
    "doubled_word",
    "lowercase_start",
    "lone_unknown_capital",
)


def extract(doc: Document, lexicon: Lexicon) -> Extraction:
    view = _View(doc, lexicon)
    out = Extraction()
    _artifacts(view, lexicon, out)
    _statistics(view, lexicon, out)
    return out


class _View:
    """The document's words as types and arrays, computed once for every feature.

    * ``types``: the distinct tokens in order of first occurrence; ``type_ids``: each word's index
      into them; ``type_counts``: how often each occurs; ``capitalised``: whether each starts with a
      capital;
    * ``lower_types``: the distinct lower-cased words in order of first occurrence; ``lower_ids``:
      each word's index into them; ``lower_counts``: how often each occurs; ``lower_info``: each
      one's row of the lexicon's per-word table;
    * ``first_words``/``end_words``: each sentence's words are words ``[first, end)``;
      ``pairs_inside``: for each word but the last, whether the next word is in the same sentence.

    Every NumPy call costs about a microsecond however short the array, so the arrays are few.
    """

    def __init__(self, doc: Document, lexicon: Lexicon) -> None:
        text, sentences = doc.text, doc.sentences
        self.text = text
        # Columns, not a Segment per word: most words are only ever counted.
        self.tokens, self.starts, self.ends = doc.word_columns
        self.sentences = sentences
        self._doc = doc  # its lines are split only if a headline check needs them
        n = len(self.tokens)
        self.n = n
        self.types, self.type_ids = number_distinct(self.tokens)
        n_types = len(self.types)
        self.type_counts = np.bincount(self.type_ids, minlength=n_types)
        self.type_lowers = list(map(str.lower, self.types))
        self.capitalised = np.fromiter(
            map(str.isupper, map(itemgetter(0), self.types)), dtype=bool, count=n_types
        )
        lowered = text.lower()
        # Lower-casing never changes whether a character is a word character, so when it keeps the
        # length the lower-cased text holds the same words at the same offsets.
        self.lowered = lowered if len(lowered) == len(text) else None
        lowers = _WORD.findall(lowered) if self.lowered is not None and _CONTEXT_LOWERED in text else None
        # Each type's lower-case word, unless the lower case depends on the context.
        self.lower_of_type: np.ndarray | None = None
        if lowers is not None and len(lowers) == n:
            self.lower_types, self.lower_ids = number_distinct(lowers)
        else:
            # Types in order of first occurrence lower to lower-case words in order of first occurrence.
            self.lower_types, self.lower_of_type = number_distinct(self.type_lowers)
            self.lower_ids = self.lower_of_type[self.type_ids]
        n_lower = len(self.lower_types)
        self.lower_counts = np.bincount(self.lower_ids, minlength=n_lower)
        # Each distinct lower-case word looked up once in the lexicon, which spells apostrophes
        # straight: a typeset "don’t" is the same word as a typed "don't".
        keys = self.lower_types
        if _CURLY_APOSTROPHE in text:
            keys = [key.replace(_CURLY_APOSTROPHE, "'") for key in keys]
        self.lower_info = lexicon.row_table[lexicon.words.indexes(keys)]
        word_starts = np.fromiter(self.starts, dtype=np.int64, count=n)
        sentence_bounds = np.fromiter(
            chain.from_iterable(map(itemgetter(0, 1), sentences)), dtype=np.int64, count=2 * len(sentences)
        )
        self.sentence_starts: list[int] = sentence_bounds[0::2].tolist()
        bounds = word_starts.searchsorted(sentence_bounds)
        self.first_words = bounds[0::2]
        self.end_words = bounds[1::2]
        self.sentence_lengths = self.end_words - self.first_words
        nonempty = self.sentence_lengths > 0
        self.sentence_first_words = set(self.first_words[nonempty].tolist()) | {0}
        # A sentence of words [first, end) holds the pairs first .. end - 2.
        marks = np.zeros(n + 1, dtype=np.int32)
        marks[self.first_words[nonempty]] += 1
        marks[self.end_words[nonempty] - 1] -= 1
        self.pairs_inside = marks[: max(n - 1, 0)].cumsum() > 0
        self._lines: list[Segment] = []
        self._line_starts: list[int] | None = None
        self._headline: dict[int, bool] = {}

    def lower_of(self, i: int) -> str:
        return self.lower_types[self.lower_ids[i]]

    def is_title(self, i: int) -> bool:
        return 0 <= i < self.n and self.tokens[i][0].isupper()

    def in_headline(self, offset: int) -> bool:
        """Whether the line holding ``offset`` is written in title case, where capitals are normal."""
        if self._line_starts is None:
            self._lines = self._doc.lines
            self._line_starts = [line.start for line in self._lines]
        index = bisect_right(self._line_starts, offset) - 1
        if index < 0:
            return False
        if index not in self._headline:
            long_words = [w for w in self._lines[index].text.split() if len(w) > 3 and w[0].isalpha()]
            capitalised = sum(1 for w in long_words if w[0].isupper())
            self._headline[index] = bool(long_words) and capitalised >= 0.6 * len(long_words)
        return self._headline[index]


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _artifacts(view: _View, lexicon: Lexicon, out: Extraction) -> None:
    text, types = view.text, view.types
    found = out.findings
    # Non-Latin letters in a mostly Latin text are untranslated words; an ASCII text has none.
    look_for_script = (
        not text.isascii()
        and _has_non_latin_letter(text)
        and int(view.type_counts.dot(np.fromiter(map(str.isascii, types), dtype=bool, count=len(types))))
        >= 0.8 * view.n
    )
    # Decide per word type which tokens need a closer look: a capitalised word that must not be
    # (a function word) or might be a lone unknown name, and any rare word (typo, foreign word).
    if view.lower_of_type is not None:
        type_zipf = view.lower_info["zipf"][view.lower_of_type]
    else:
        type_zipf = lexicon.row_table["zipf"][lexicon.words.indexes(view.type_lowers)]
    never = np.fromiter(map(_NEVER_CAPITALISED.__contains__, view.type_lowers), dtype=bool, count=len(types))
    suspects = ((type_zipf < COMMON_ZIPF) | (view.capitalised & never)).nonzero()[0].tolist()
    # Per type: what every occurrence is (an untranslated or misspelt word), or 0 for a Title-case
    # word that is an artifact only where it stands inside a sentence.
    marked: dict[int, tuple[str, str] | int] = {}
    for k in suspects:
        token = types[k]
        if look_for_script and not token[0].isdigit() and _NON_LATIN_LETTER.search(token):
            marked[k] = ("foreign_word", f"untranslated word '{token}'")
        elif token[0].isupper():
            if token[1:].islower():
                marked[k] = 0
        elif token.islower() and 4 <= len(token) <= _LONGEST_WORD and token.isalpha():
            # A lower-case token is its own lower case.
            lang = lexicon.foreign_language(token)
            if lang is not None:
                marked[k] = ("foreign_word", f"untranslated word '{token}' ({lang})")
            elif type_zipf[k] < _WORD_ENOUGH and view.type_counts[k] < _TERM_REPEATS:
                fix = likely_fix(token, lexicon)
                if fix:
                    marked[k] = ("misspelling", f"misspelt '{token}' ({fix}?)")
    if marked:
        wanted = np.zeros(len(types), dtype=bool)
        wanted[list(marked)] = True
        hits = wanted[view.type_ids].nonzero()[0]
        for i, k in zip(hits.tolist(), view.type_ids[hits].tolist(), strict=True):
            what = marked[k]
            if what != 0:
                found.append(Finding(view.starts[i], view.ends[i], *what))
            elif i not in view.sentence_first_words:
                _capital_artifact(view, i, lexicon, found)
    _doubled_words(view, found)
    _lowercase_starts(view, found)
    _fragments(view, found)
    for match in _STRAY_PUNCT.finditer(text):
        found.append(Finding(*match.span(), "stray_punctuation", f"stray punctuation {match.group()!r}"))
    found.sort(key=itemgetter(0, 1))


def _has_non_latin_letter(text: str) -> bool:
    return any(_NON_LATIN_LETTER.match(m.group()) for m in _MAYBE_NON_LATIN.finditer(text))


def _capital_artifact(view: _View, i: int, lexicon: Lexicon, found: list[Finding]) -> None:
    """A Title-case word inside a sentence: a function word that should be lower case, or a lone
    unknown name after an article (a mistranslated word left as a proper noun)."""
    start, end, token = view.starts[i], view.ends[i], view.tokens[i]
    lower = view.lower_of(i)
    if lower in _NEVER_CAPITALISED:
        before = view.text[max(0, start - 2) : start].strip()
        if (
            not (before and before[-1] in _OPENERS)
            and not (lower in _ARTICLES and view.is_title(i + 1))
            and not (view.is_title(i - 1) and view.is_title(i + 1))
            and not view.in_headline(start)
        ):
            found.append(Finding(start, end, "capitalised_function_word", f"capitalised '{token}'"))
    elif (
        len(token) > 3
        and view.tokens[i - 1] in _ARTICLES
        and view.type_counts[view.type_ids[i]] == 1
        and lexicon.zipf(lower) < _RARE_NAME_ZIPF
        and token.isalpha()
        and not view.is_title(i + 1)
    ):
        found.append(Finding(start, end, "lone_unknown_capital", f"unknown name '{token}'"))


def _doubled_words(view: _View, found: list[Finding]) -> None:
    """A word written twice in a row ("the the"). The pattern can only match where one token's last
    piece (after any hyphen or apostrophe) is the next token's first piece, so it is tried there."""
    if view.lowered is None:
        matches = list(_DOUBLED_ANY_CASE.finditer(view.text))
    else:
        matches = []
        taken = -1
        for start in _doubled_candidates(view):
            if start < taken:
                continue  # the scan resumes after the previous match
            match = _DOUBLED.match(view.lowered, start)
            if match is not None:
                taken = match.end()
                matches.append(match)
    for match in matches:
        if match.group(1).lower() not in _ALLOWED_DOUBLES and not match.group(1).isdigit():
            found.append(
                Finding(match.start(), match.end(), "doubled_word", f"doubled '{match.group(1).lower()}'")
            )


def _doubled_candidates(view: _View) -> list[int]:
    """Where the last piece starts of each word that the next word may repeat: the same lower-case
    word, or pieces that agree where a hyphen or apostrophe joins them."""
    ids = view.lower_ids
    lower_types = view.lower_types
    same = (ids[:-1] == ids[1:]).nonzero()[0].tolist()
    maybe_joined = compress(range(len(lower_types)), map(not_, map(str.isalnum, lower_types)))
    joined = [k for k in maybe_joined if _JOINER.search(lower_types[k])]
    if not joined:
        return [view.starts[i] for i in same]
    is_joined = np.zeros(len(lower_types), dtype=bool)
    is_joined[joined] = True
    joined_word = is_joined[ids]
    involved = (joined_word[:-1] | joined_word[1:]).nonzero()[0].tolist()
    pieces: dict[int, list[str]] = {}
    candidates = []
    for i in sorted(set(same).union(involved)):
        this, following = int(ids[i]), int(ids[i + 1])
        if this not in pieces:
            pieces[this] = _JOINER.split(lower_types[this])
        if following not in pieces:
            pieces[following] = _JOINER.split(lower_types[following])
        last = pieces[this][-1]
        if last == pieces[following][0]:
            candidates.append(view.ends[i] - len(last))
    return candidates


def _lowercase_starts(view: _View, found: list[Finding]) -> None:
    sentences, text = view.sentences, view.text
    if not sentences:
        return
    # A sentence's first character decides, unless it is an opening quote, bracket or dash.
    starts = view.sentence_starts
    firsts = itemgetter(*starts)(text) if len(starts) > 1 else (text[starts[0]],)
    flagged = list(compress(range(len(sentences)), map(str.islower, firsts)))
    if not _LEAD_CHARACTERS.isdisjoint(firsts):
        led = compress(range(len(sentences)), map(_LEAD_CHARACTERS.__contains__, firsts))
        flagged += [k for k in led if sentences[k].text.lstrip(_SENTENCE_LEAD)[:1].islower()]
    after_ellipsis = "…" in text
    for k in flagged:
        start, _, sentence_text = sentences[k]
        if not _after_sentence_end(text, start):
            continue
        if not (after_ellipsis and text[max(0, start - 4) : start].rstrip().endswith("…")):
            end = start + min(len(sentence_text), 30)
            found.append(Finding(start, end, "lowercase_start", "sentence starts in lower case"))


def _fragments(view: _View, found: list[Finding]) -> None:
    """Very short sentences inside a paragraph of longer ones, outside quotes: MT splits clauses there.
    The cheap reasons to pass over a sentence are tried first."""
    text = view.text
    lengths = view.sentence_lengths
    short = ((lengths > 0) & (lengths <= _FRAGMENT_MAX_WORDS)).nonzero()[0]
    for k, first in zip(short.tolist(), view.first_words[short].tolist(), strict=True):
        sentence = view.sentences[k]
        if sentence.text[-1:] not in ".!?":
            continue
        if view.lower_of(first) in _SUBJECTS:
            continue  # "She paused.", "It worked.": short, but whole sentences
        if _QUOTE.search(sentence.text) or _ENUMERATOR.fullmatch(sentence.text):
            continue
        line_start = _line_start(text, sentence.start)
        line_end = text.find("\n", sentence.end)
        line_end = len(text) if line_end < 0 else line_end
        before = text[line_start : sentence.start].strip()
        if (not before or _ENUMERATOR.fullmatch(before)) and not text[sentence.end : line_end].strip():
            continue  # alone on its line: a heading or a list item
        if not before and line_start > 0 and not _after_sentence_end(text, sentence.start):
            continue  # the end of a sentence hard-wrapped onto this line
        if _ABBREVIATION_END.search(text, max(0, sentence.start - 12), sentence.start):
            continue
        if view.in_headline(sentence.start):
            continue
        found.append(Finding(sentence.start, sentence.end, "fragment", f"fragment {sentence.text!r}"))


def _after_sentence_end(text: str, start: int) -> bool:
    """Whether the text before ``start`` ends a sentence: with ".", "!", "?" or "…", closing quotes
    and brackets aside. The start of the text does not count: nothing was translated before it."""
    before = text[max(0, start - 40) : start].rstrip().rstrip(CLOSING_MARKS)
    return before[-1:] in _SENTENCE_FINAL


@lru_cache(maxsize=65536)
def likely_fix(word: str, lexicon: Lexicon) -> str | None:
    """The most common English word one edit away (a deletion, swap of neighbours, or an a-z letter
    replaced or inserted), if it is at least 100 times commoner than the word: the misspelling's
    likely target (ties go to the alphabetically first, so reports are the same in every run).
    Cached: rare words recur across a corpus."""
    common = lexicon.common
    deletions = [word[:i] + word[i + 1 :] for i in range(len(word))]
    candidates = {d for d in deletions if d in common}
    swaps = (word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1))
    candidates.update(s for s in swaps if s in common)
    # Filed under the word itself: the word with one letter inserted; under its i-th deletion: words
    # that differ from it at position i only.
    for index, candidate in lexicon.typos.filed_under([word, *deletions]):
        if index == 0:
            if any(
                candidate[j] in _LETTERS and candidate[:j] + candidate[j + 1 :] == word
                for j in range(len(candidate))
            ):
                candidates.add(candidate)
        else:
            i = index - 1
            if (
                len(candidate) == len(word)
                and candidate[i] in _LETTERS
                and candidate[:i] == word[:i]
                and candidate[i + 1 :] == word[i + 1 :]
            ):
                candidates.add(candidate)
    best, best_zipf = None, max(COMMON_ZIPF, lexicon.zipf(word) + _TYPO_MARGIN)
    for candidate in sorted(candidates):
        value = lexicon.zipf(candidate)
        if value > best_zipf:
            best, best_zipf = candidate, value
    return best


def _statistics(view: _View, lexicon: Lexicon, out: Extraction) -> None:
    f = out.features
    text = view.text
    n_words = view.n
    n_sent = max(len(view.sentences), 1)
    f["words"] = n_words
    f["sentences"] = len(view.sentences)
    lower_types, lower_counts = view.lower_types, view.lower_counts
    n_lower = len(lower_types)
    alphabetic = np.fromiter(map(str.isalpha, lower_types), dtype=bool, count=n_lower)
    alpha_ids = view.lower_ids[alphabetic[view.lower_ids]]
    n_alpha = max(len(alpha_ids), 1)
    # Lexical diversity and word rarity: MT reuses the frequent word where people vary.
    f["mattr"] = _mattr(alpha_ids, _MATTR_WINDOW)
    zipfs = view.lower_info["zipf"][alphabetic]
    counts = lower_counts[alphabetic]
    lengths = np.fromiter(map(len, lower_types), dtype=np.int64, count=n_lower)[alphabetic]
    weighted = zipfs * counts
    content = zipfs < 5.5
    f["mean_zipf"] = _running_sum(weighted) / n_alpha
    f["content_mean_zipf"] = _running_sum(weighted[content]) / max(int(counts.dot(content)), 1)
    f["rare_share"] = int(counts.dot(zipfs < 3.0)) / n_alpha
    f["unknown_share"] = int(counts.dot(zipfs == 0.0)) / n_alpha
    f["mean_word_length"] = int(counts.dot(lengths)) / n_alpha
    # How conventional the word pairs are, under a bigram model of English (symspellpy's tables,
    # with a fixed back-off to the unigram for unseen pairs): MT, decoded for the likeliest output,
    # writes likelier pairs than translators do. Pairs are taken within sentences.
    f["bigram_seen_share"], f["bigram_logprob"] = _bigram_scores(view, lexicon)
    # Sentence length and its spread.
    sentence_lengths = view.sentence_lengths[view.sentence_lengths > 0].tolist()
    mean_len = sum(sentence_lengths) / max(len(sentence_lengths), 1)
    f["mean_sentence_words"] = mean_len
    if len(sentence_lengths) > 1 and mean_len > 0:
        squares = sum(map(pow, map(sub, sentence_lengths, repeat(mean_len)), repeat(2)))
        f["sentence_words_cv"] = math.sqrt(squares / (len(sentence_lengths) - 1)) / mean_len
    else:
        f["sentence_words_cv"] = 0.0
    # Punctuation habits, per sentence.
    ascii_text = text.isascii()
    for name, marks, ascii_marks in _PUNCTUATION:
        f[name] = sum(map(text.count, ascii_marks if ascii_text else marks)) / n_sent
    per_word = max(n_words, 1)
    f["contractions_per_100_words"] = 100.0 * _count_contractions(text) / per_word
    f["capitalised_share"] = int(view.type_counts.dot(view.capitalised)) / per_word
    digits = np.fromiter(map(str.isdigit, map(itemgetter(0), view.types)), dtype=bool, count=len(view.types))
    f["digit_share"] = int(view.type_counts.dot(digits)) / per_word
    # Function-word profile, as rates per word.
    f["function_word_share"] = int(lower_counts.dot(view.lower_info["function_word"])) / per_word
    count_of = dict(zip(lower_types, lower_counts.tolist(), strict=True))
    for name, word in _PROFILE_FEATURES:
        f[name] = count_of.get(word, 0) / per_word
    # Artifact rates per sentence.
    by_kind = dict.fromkeys(ARTIFACT_KINDS, 0)
    for finding in out.findings:
        by_kind[finding.kind] += 1
    for kind, count_ in by_kind.items():
        f[f"{kind}_per_sentence"] = count_ / n_sent


def _running_sum(values: np.ndarray) -> float:
    """The sum a plain left-to-right loop gives (``np.sum`` adds pairwise, which rounds differently)."""
    return float(values.cumsum()[-1]) if len(values) else 0.0


def _bigram_scores(view: _View, lexicon: Lexicon) -> tuple[float, float]:
    """Share of in-sentence word pairs (both words known) that the bigram table has seen, and their
    mean log-probability, each distinct pair scored once and summed in order of first occurrence."""
    model = lexicon.bigrams
    size = model.size
    ids = view.lower_info["bigram"][view.lower_ids]
    known = ids >= 0
    codes = (ids[:-1] * size + ids[1:])[known[:-1] & known[1:] & view.pairs_inside]
    if not len(codes):
        return 0.0, 0.0
    # The distinct pairs, sorted (searching in sorted order is cheaper: each search starts from the
    # last), with their counts and first occurrences (summing is in text order).
    order = codes.argsort(kind="stable")
    ordered = codes[order]
    new = np.empty(len(ordered), dtype=bool)
    new[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    starts = new.nonzero()[0]
    distinct = ordered[starts]
    counts = np.empty_like(starts)
    np.subtract(starts[1:], starts[:-1], out=counts[:-1])
    counts[-1] = len(ordered) - starts[-1]
    where = model.codes.searchsorted(distinct)
    seen = model.codes[where] == distinct
    logprob = np.where(seen, model.logprob[where], model.backoff_logprob[distinct % size])
    in_order = order[starts].argsort()
    pairs = len(codes)
    return int(counts.dot(seen)) / pairs, _running_sum((counts * logprob)[in_order]) / pairs


def _count_contractions(text: str) -> int:
    """Contractions as a left-to-right scan finds them: each starts at the word character before
    "n't" or before the apostrophe, and one that starts inside the previous one is not counted
    ("I'd've" is one). Only the apostrophes (found by ``str.find``) are looked at."""
    apostrophes = [i for mark in _APOSTROPHES for i in _positions(text, mark)]
    if not apostrophes:
        return 0
    apostrophes.sort()
    count, taken = 0, -1
    for i in apostrophes:
        match = _CONTRACTION.match(text, i)
        if match is not None:
            start = i - (2 if match.group()[1:].lower() == "t" else 1)
            if start >= taken:
                count += 1
                taken = match.end()
    return count


def _positions(text: str, mark: str) -> list[int]:
    found = []
    i = text.find(mark)
    while i >= 0:
        found.append(i)
        i = text.find(mark, i + 1)
    return found


def _mattr(ids: np.ndarray, window: int) -> float:
    """Moving-average type/token ratio: lexical diversity that does not fall with text length.

    The sum over windows of their distinct words counts each word once for every window in which it
    is the first occurrence of its type: the windows that start after its previous occurrence.
    """
    n = len(ids)
    if not n:
        return 0.0
    if n <= window:
        return len(set(ids.tolist())) / n
    order = ids.argsort(kind="stable")  # each type's words together, in text order
    ordered = ids[order]
    previous = np.empty(n, dtype=np.intp)  # the previous occurrence of each word of ``order``
    previous[0] = -1
    previous[1:] = np.where(ordered[1:] == ordered[:-1], order[:-1], -1)
    first_window = np.maximum(previous + 1, order - (window - 1))
    last_window = np.minimum(order, n - window)
    total = int((last_window - first_window + 1).clip(min=0).sum())
    return total / (n - window + 1) / window
