"""The measurements behind the filler check: vocabulary, specificity, hedging, templates and rhythm.

Every feature is a rate (per word, per sentence) or a ratio, never a count or a length, so that a long
human article and a short generated one are compared on how they are written rather than on how much
there is. The word lists are loaded once, from ``checks/data/``, into a ``Lexicon``; ``measure`` is pure.

The features are computed for every line, sentence and word of every document, so each step is mapped
over whole lists in C (``map``, ``compress``, ``np.searchsorted``) wherever the order of the Python
version allows it, and Python-level loops run only over the few words, lines or sentences that matter.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from importlib.resources.abc import Traversable
from itertools import compress, count, repeat
from operator import add, getitem, gt, itemgetter, or_, sub

import numpy as np

from audit.document import Document
from audit.text import Segment, WordColumns, split_words
from checks._alternation import trie_pattern
from checks._filler_phrases import phrase_marks
from checks._filler_scan import detail_counts

# Phrase kinds found anywhere in the text; the check reports each hit as a span with this reason.
VOCABULARY_KINDS = ("llm", "style", "cliche", "hedge", "prediction")
REASONS = {
    "llm": "overused LLM vocabulary",
    "style": "excess style word",
    "cliche": "cliché",
    "hedge": "hedge",
    "prediction": "vague prediction",
    "opener": "template opener",
    "clause": "participial clause",
    "heading": "template heading",
    "sentence": "filler sentence: no number, date or quotation, only stock phrases",
}

# Month and weekday names, capitalised as dates are ("May 1", not "may").
_DATE_WORDS = frozenset(
    "January February March April May June July August September October November December Jan Feb Mar "
    "Apr Jun Jul Aug Sep Sept Oct Nov Dec Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
)
_QUOTATION = re.compile(r"[“\"]([^“”\"\n]{3,600}?)[”\"]")
# Verbs that attribute a statement to a source ("according" as in "according to").
_ATTRIBUTION_WORDS = frozenset(
    "said says say told tells added adds according asked wrote writes stated states explained noted "
    "insisted argued recalled warned announced quoted".split()
)
_CLOSING_MARKS = tuple(".!?…:;,\"'”’)]")
_HEADING_COLON = re.compile(r"^[^:]{2,60}:\s+[A-Z0-9]")
# A present participial clause after a comma (", highlighting the need for"): instruction-tuned models
# write them several times as often as people do (Reinhart et al., PNAS 2025).
# "according" and "including" are prepositions in all but form.
_PARTICIPIAL_CLAUSE = re.compile(r",\s+((?!according\b|including\b)[a-z]+ing)\b")
_LETTER = re.compile(r"[^\W\d_]")
_START, _END, _TEXT = itemgetter(0), itemgetter(1), itemgetter(2)  # of a Segment, without a Python call
_FIRST = itemgetter(0)
_FIRST_CHARACTER = slice(0, 1)  # of a string that may be empty

# Sentences shorter than this say too little to be called vague.
_MIN_VAGUE_WORDS = 8
# A vague sentence with this many stock phrases, openers or participial clauses is shown as filler.
_MIN_STOCK_PHRASES = 2
# Sentences this long are rare in model output and common in reporting and encyclopaedic prose.
_LONG_SENTENCE_WORDS = 35
# Sentences this short are rare in model output and common in reporting and in plain, simple English.
_SHORT_SENTENCE_WORDS = 10
# Headings are short lines; longer lines without a full stop are prose with the punctuation lost.
_HEADING_WORDS = range(1, 15)
_DIVERSITY_WINDOW = 50
# Kobak's list also holds prepositions and pronouns ("this", "into", "between"): they measure grammar and
# topic more than vocabulary, and are left out of the excess-style-word rate.
_FUNCTION_PARTS_OF_SPEECH = frozenset({"preposition", "pronoun", "particle"})


Phrase = tuple[str, ...]  # lower-case word tokens


# Words that may make a sentence checkable: date words (case-sensitive) and attribution verbs.
_FACT_WORDS = frozenset({*_ATTRIBUTION_WORDS, *(word.lower() for word in _DATE_WORDS)})


@dataclass(frozen=True)
class Lexicon:
    """The phrase lists, compiled so that a text is matched in one pass over its joined words."""

    phrases: dict[Phrase, str]  # each phrase -> its kind
    openers: dict[str, tuple[Phrase, ...]]
    headings: tuple[str, ...]
    function_words: frozenset[str]
    # One-word phrases -> kind; the first two words of longer phrases -> those phrases, longest first.
    single_words: dict[str, str] = field(init=False, repr=False, compare=False)
    first_two_words: dict[tuple[str, str], tuple[tuple[Phrase, str], ...]] = field(
        init=False, repr=False, compare=False
    )
    first_words: frozenset[str] = field(init=False, repr=False, compare=False)
    heading_pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        longer: dict[tuple[str, str], list[tuple[Phrase, str]]] = {}
        for tokens, kind in self.phrases.items():
            if len(tokens) > 1:
                longer.setdefault(tokens[:2], []).append((tokens, kind))
        first_two = {key: tuple(sorted(items, key=lambda it: -len(it[0]))) for key, items in longer.items()}
        single = {tokens[0]: kind for tokens, kind in self.phrases.items() if len(tokens) == 1}
        object.__setattr__(self, "single_words", single)
        object.__setattr__(self, "first_two_words", first_two)
        object.__setattr__(self, "first_words", frozenset({*single, *(first for first, _ in first_two)}))
        # A template heading starts with a listed heading, then a space, a colon or nothing.
        heading_pattern = trie_pattern(self.headings) + r"(?=[ :]|\Z)"
        object.__setattr__(self, "heading_pattern", re.compile(heading_pattern))

    @classmethod
    def load(cls) -> Lexicon:
        data = resources.files("checks") / "data"
        entries: list[tuple[str, str]] = []
        entries += [("llm", term) for term, _ in _rows(data / "filler_llm_vocabulary.tsv")]
        entries += [
            ("style", term)
            for term, part_of_speech in _rows(data / "filler_excess_style_words.tsv")
            if part_of_speech.split("/")[0] not in _FUNCTION_PARTS_OF_SPEECH
        ]
        entries += [("cliche", phrase) for _, phrase in _rows(data / "filler_cliches.tsv")]
        patterns = _rows(data / "filler_patterns.tsv")
        entries += [(kind, phrase) for kind, phrase in patterns if kind in ("hedge", "prediction")]
        return cls(
            phrases=_index(entries),
            openers=_index_openers(phrase for kind, phrase in patterns if kind == "opener"),
            headings=tuple(phrase for kind, phrase in patterns if kind == "heading"),
            function_words=frozenset(phrase for kind, phrase in patterns if kind == "function"),
        )


def _rows(path: Traversable) -> list[tuple[str, str]]:
    """The first two tab-separated columns of a data file, without its ``#`` header."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            first, second = line.split("\t")[:2]
            rows.append((first.strip(), second.strip()))
    return rows


def _tokens(phrase: str) -> Phrase:
    return tuple(w.text for w in split_words(phrase.lower()))


def _spellings(tokens: Phrase) -> list[Phrase]:
    """A phrase with a straight apostrophe also matches the typographic one, without normalising text."""
    curly = tuple(t.replace("'", "’") for t in tokens)
    return [tokens] if curly == tokens else [tokens, curly]


def _index(entries: Iterable[tuple[str, str]]) -> dict[Phrase, str]:
    """Each phrase's words, with its kind. A phrase listed under two kinds keeps the first."""
    index: dict[Phrase, str] = {}
    for kind, phrase in entries:
        for tokens in _spellings(_tokens(phrase)):
            if tokens:
                index.setdefault(tokens, kind)
    return index


def _index_openers(phrases: Iterable[str]) -> dict[str, tuple[Phrase, ...]]:
    index: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        for tokens in _spellings(_tokens(phrase)):
            index.setdefault(tokens[0], []).append(tokens)
    return {first: tuple(sorted(items, key=len, reverse=True)) for first, items in index.items()}


@dataclass(frozen=True, slots=True)
class Mark:
    """A stretch ``[start, end)`` of the text that counts towards a feature, and which kind it is."""

    kind: str
    start: int
    end: int


@dataclass
class Measurement:
    """The features of one document, the raw counts behind them, and the marks that can become spans."""

    features: dict[str, float]
    counts: dict[str, int]
    marks: list[Mark] = field(default_factory=list)


@dataclass
class _Body:
    """The prose sentences (headings left out), with each one's range of word indices."""

    sentences: list[Segment]
    begins: list[int]  # sentence i holds words begins[i] to ends[i] - 1
    ends: list[int]
    lengths: list[int]

    @property
    def bounds(self) -> zip[tuple[int, int]]:
        return zip(self.begins, self.ends, strict=True)

    @cached_property
    def starts(self) -> list[int]:
        return list(map(_START, self.sentences))

    def sentence_of_word(self, word: int) -> int | None:
        """The index of the sentence holding word number ``word``, if one does."""
        i = bisect_right(self.begins, word) - 1
        return i if i >= 0 and word < self.ends[i] else None


def measure(doc: Document, lexicon: Lexicon) -> Measurement:
    """Every filler feature of ``doc``, and the phrases, headings and sentences that count towards them."""
    text = doc.text
    words = doc.word_columns
    low = doc.lowered_words
    word_starts = np.fromiter(words.starts, dtype=np.int64, count=len(words.starts))
    headings = _headings(doc.lines, word_starts, lexicon)
    body = _body(doc.sentences, set(headings.starts), word_starts)
    phrases = _phrase_marks(low, words, body, lexicon)
    openers = _opener_marks(low, words, body, lexicon)
    clauses = [Mark("clause", m.start(1), m.end(1)) for m in _PARTICIPIAL_CLAUSE.finditer(text)]
    templates = [
        Mark("heading", start, end)
        for start, end, template in zip(headings.starts, headings.ends, headings.templates, strict=True)
        if template
    ]
    facts = _facts(text, low, words, body)
    vague = [i for i, length in enumerate(body.lengths) if length >= _MIN_VAGUE_WORDS and not facts.detail[i]]
    stock = _per_sentence(body, phrases + openers + clauses)
    filler = [body.sentences[i] for i in vague if stock[i] >= _MIN_STOCK_PHRASES]
    marks = phrases + openers + clauses + templates + [Mark("sentence", s.start, s.end) for s in filler]

    kinds = dict.fromkeys(VOCABULARY_KINDS, 0)
    for mark in phrases:
        kinds[mark.kind] += 1
    n_words = max(len(low), 1)
    n_sentences = max(len(body.sentences), 1)
    long_enough = sum(length >= _MIN_VAGUE_WORDS for length in body.lengths)
    counts = {
        "words": len(low),
        "sentences": len(body.sentences),
        "headings": len(headings.starts),
        "template_headings": len(templates),
        "template_openers": len(openers),
        "participial_clauses": len(clauses),
        "numbers": facts.numbers,
        "dates": facts.dates,
        "names": facts.names,
        "quotations": facts.quotations,
        "attributed_quotations": facts.attributed_quotations,
        "attributions": facts.attributions,
        "vague_sentences": len(vague),
        "filler_sentences": len(filler),
        **{f"{kind}_phrases": count for kind, count in kinds.items()},
    }
    features = {
        "llm_vocabulary_per_1k_words": 1000 * kinds["llm"] / n_words,
        "excess_style_words_per_1k_words": 1000 * kinds["style"] / n_words,
        "cliches_per_1k_words": 1000 * kinds["cliche"] / n_words,
        "hedges_per_sentence": kinds["hedge"] / n_sentences,
        "predictions_per_sentence": kinds["prediction"] / n_sentences,
        "template_markers_per_sentence": (len(openers) + len(templates))
        / (n_sentences + len(headings.starts)),
        "participial_clauses_per_sentence": len(clauses) / n_sentences,
        "numbers_per_100_words": 100 * facts.numbers / n_words,
        "dates_per_100_words": 100 * facts.dates / n_words,
        "names_per_100_words": 100 * facts.names / n_words,
        "quotations_per_sentence": facts.quotations / n_sentences,
        "attributed_quotations_per_sentence": facts.attributed_quotations / n_sentences,
        "attributions_per_sentence": facts.attributions / n_sentences,
        "vague_sentence_share": len(vague) / max(long_enough, 1),
        **_rhythm(body.lengths),
        "lexical_diversity": _lexical_diversity(low),
        "mean_word_length": sum(map(len, low)) / n_words,
        "function_word_share": sum(map(lexicon.function_words.__contains__, low)) / n_words,
    }
    return Measurement(features, counts, marks)


def _body(sentences: list[Segment], heading_starts: set[int], word_starts: np.ndarray) -> _Body:
    if heading_starts:
        sentences = [s for s in sentences if s.start not in heading_starts]
    kept = list(compress(sentences, map(_LETTER.search, map(_TEXT, sentences))))
    begins = _words_before(word_starts, map(_START, kept), len(kept))
    ends = _words_before(word_starts, map(_END, kept), len(kept))
    return _Body(kept, begins.tolist(), ends.tolist(), (ends - begins).tolist())


def _words_before(word_starts: np.ndarray, offsets: Iterable[int], count: int) -> np.ndarray:
    """How many words start before each offset (``bisect_left`` for all offsets at once)."""
    return np.searchsorted(word_starts, np.fromiter(offsets, dtype=np.int64, count=count))


def _phrase_marks(low: list[str], words: WordColumns, body: _Body, lexicon: Lexicon) -> list[Mark]:
    """Every listed phrase, the longest where several start at one word; a word belongs to at most one.
    A capitalised word inside a sentence is a name ("May 1", "Will Smith", "Vital Signs"), not a phrase.
    The search runs compiled (``_filler_phrases.pyx``)."""
    return phrase_marks(
        low,
        words.texts,
        words.starts,
        words.ends,
        set(body.begins),
        lexicon.single_words,
        lexicon.first_two_words,
        lexicon.first_words,
        Mark,
    )


def _opener_marks(low: list[str], words: WordColumns, body: _Body, lexicon: Lexicon) -> list[Mark]:
    marks = []
    openers = lexicon.openers
    for begin, end in body.bounds:
        for tokens in openers.get(low[begin], ()) if begin < end else ():
            stop = begin + len(tokens)
            if stop <= end and tuple(low[begin:stop]) == tokens:
                marks.append(Mark("opener", words.starts[begin], words.ends[stop - 1]))
                break
    return marks


@dataclass
class _Headings:
    """Where each heading starts and ends (stripped), and whether it follows an essay template."""

    starts: list[int]
    ends: list[int]
    templates: list[bool]


def _headings(lines: list[Segment], word_starts: np.ndarray, lexicon: Lexicon) -> _Headings:
    """Short lines without closing punctuation, each with whether it follows an essay template.

    A one-line document has no headings: its layout was flattened, and its first "line" is the text.
    Technical text has tens of thousands of short lines per megabyte, so each step is mapped over all
    lines in C rather than taken line by line.
    """
    if len(lines) < 2:
        return _Headings([], [], [])
    texts = list(map(_TEXT, lines))
    stripped = list(map(str.strip, texts))
    capitalised = map(str.isupper, map(getitem, stripped, repeat(_FIRST_CHARACTER)))
    closed = map(str.endswith, stripped, repeat(_CLOSING_MARKS))
    candidate = list(map(gt, capitalised, closed))  # capitalised and not closed
    texts, stripped = list(compress(texts, candidate)), list(compress(stripped, candidate))
    # Where the stripped line starts: its line's start, plus the whitespace left-stripping removed.
    line_starts = map(add, compress(map(_START, lines), candidate), map(len, texts))
    begins = list(map(sub, line_starts, map(len, map(str.lstrip, texts))))
    ends = list(map(add, begins, map(len, stripped)))
    n_words = _words_before(word_starts, ends, len(ends)) - _words_before(word_starts, begins, len(begins))
    short = list(map(_HEADING_WORDS.__contains__, n_words.tolist()))
    stripped = list(compress(stripped, short))
    colon = map(bool, map(_HEADING_COLON.match, stripped))
    listed = map(bool, map(lexicon.heading_pattern.match, map(str.lower, stripped)))
    return _Headings(
        list(compress(begins, short)), list(compress(ends, short)), list(map(or_, colon, listed))
    )


def _per_sentence(body: _Body, marks: list[Mark]) -> list[int]:
    """How many of ``marks`` start in each sentence."""
    sentence_starts = body.starts
    counts = [0] * len(body.sentences)
    for mark in marks:
        i = bisect_right(sentence_starts, mark.start) - 1
        if i >= 0 and mark.start < body.sentences[i].end:
            counts[i] += 1
    return counts


@dataclass
class _Facts:
    detail: list[bool]  # per sentence: a number, date, quotation or attribution to check
    numbers: int = 0
    dates: int = 0
    names: int = 0
    quotations: int = 0
    attributed_quotations: int = 0
    attributions: int = 0


def _facts(text: str, low: list[str], words: WordColumns, body: _Body) -> _Facts:
    """Checkable detail: numbers, dates, names (not sentence-initial), quotations and their sources.

    Names count towards specificity but do not make a sentence checkable on their own: generated text
    repeats the names of its topic in every sentence.
    """
    # Numbers ("9,600", "2.5", "1949") and capitalised words (names, places, acronyms, and each sentence's
    # first word) are counted in each sentence (``_filler_scan.pyx``).
    has_digit, numbers, capitalised = detail_counts(list(map(_TEXT, body.sentences)))
    facts = _Facts(has_digit)  # every number starts with a digit
    facts.numbers = numbers
    initial_capitals = sum(map(str.isupper, map(_FIRST, map(words.texts.__getitem__, body.begins))))
    facts.names = capitalised - initial_capitals
    attributed = [False] * len(body.sentences)
    for word in compress(count(), map(_FACT_WORDS.__contains__, low)):
        i = body.sentence_of_word(word)
        if i is None:
            continue
        if words.texts[word] in _DATE_WORDS:
            facts.dates += 1
            facts.detail[i] = True
        if low[word] in _ATTRIBUTION_WORDS:
            facts.attributions += 1
            facts.detail[i] = attributed[i] = True
    sentence_starts = body.starts
    for m in _QUOTATION.finditer(text):
        if len(m.group(1).split()) < 2:
            continue  # a scare-quoted word is not a quotation
        touched = {bisect_right(sentence_starts, position) - 1 for position in (m.start(), m.end() - 1)}
        touched.discard(-1)
        if not touched:
            continue
        facts.quotations += 1
        for k in touched:
            facts.detail[k] = True
        near = {k + step for k in touched for step in (-1, 0, 1)}
        facts.attributed_quotations += any(0 <= k < len(attributed) and attributed[k] for k in near)
    return facts


def _rhythm(lengths: list[int]) -> dict[str, float]:
    """Sentence-length statistics: people write long and short sentences, templates even ones.

    The sample standard deviation is computed in floating point: ``statistics.stdev`` is exact, and slow,
    on integers.
    """
    if not lengths:
        return dict.fromkeys(
            (
                "mean_sentence_words",
                "sentence_length_sd",
                "sentence_length_cv",
                "long_sentence_share",
                "short_sentence_share",
            ),
            0.0,
        )
    mean = sum(lengths) / len(lengths)
    sd = math.sqrt(sum((n - mean) ** 2 for n in lengths) / (len(lengths) - 1)) if len(lengths) > 1 else 0.0
    return {
        "mean_sentence_words": mean,
        "sentence_length_sd": sd,
        "sentence_length_cv": sd / mean,
        "long_sentence_share": sum(n > _LONG_SENTENCE_WORDS for n in lengths) / len(lengths),
        "short_sentence_share": sum(n < _SHORT_SENTENCE_WORDS for n in lengths) / len(lengths),
    }


def _lexical_diversity(low: list[str]) -> float:
    """Mean type-token ratio over consecutive 50-word windows (MSTTR), which, unlike the plain ratio,
    does not fall as a text grows longer."""
    window = _DIVERSITY_WINDOW
    if len(low) < window:
        return len(set(low)) / len(low) if low else 0.0
    chunks = range(0, len(low) - window + 1, window)
    return sum(len(set(low[i : i + window])) for i in chunks) / (len(chunks) * window)
