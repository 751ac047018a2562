"""The measurements behind the filler check: vocabulary, specificity, hedging, templates and rhythm.

Every feature is a rate (per word, per sentence) or a ratio, never a count or a length, so that a long
human article and a short generated one are compared on how they are written rather than on how much
there is. The word lists are loaded once, from ``checks/data/``, into a ``Lexicon``; ``measure`` is pure.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable

from audit.document import Document
from audit.text import Segment, split_words

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

# A number: digits, possibly with separators ("9,600", "2.5", "1949", "2%").
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
# A word that starts with a capital (Latin script): a name, a place, an acronym, or a sentence's first word.
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*")
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
_SENTENCE_END = re.compile(r"[.!?…:;,\"'”’)\]]$")
_HEADING_COLON = re.compile(r"^[^:]{2,60}:\s+[A-Z0-9]")
# A present participial clause after a comma (", highlighting the need for"): instruction-tuned models
# write them several times as often as people do (Reinhart et al., PNAS 2025).
# "according" and "including" are prepositions in all but form.
_PARTICIPIAL_CLAUSE = re.compile(r",\s+((?!according\b|including\b)[a-z]+ing)\b")
_LETTER = re.compile(r"[^\W\d_]")

# Sentences shorter than this say too little to be called vague.
_MIN_VAGUE_WORDS = 8
# A vague sentence with this many stock phrases, openers or participial clauses is shown as filler.
_MIN_STOCK_PHRASES = 2
# Sentences this long are rare in model output and common in reporting and encyclopaedic prose.
_LONG_SENTENCE_WORDS = 35
# Sentences this short are rare in model output and common in reporting and in plain, simple English.
_SHORT_SENTENCE_WORDS = 10
# Headings are short lines; longer lines without a full stop are prose with the punctuation lost.
_MAX_HEADING_WORDS = 14
_DIVERSITY_WINDOW = 50
# Kobak's list also holds prepositions and pronouns ("this", "into", "between"): they measure grammar and
# topic more than vocabulary, and are left out of the excess-style-word rate.
_FUNCTION_PARTS_OF_SPEECH = frozenset({"preposition", "pronoun", "particle"})


Phrase = tuple[str, ...]  # lower-case word tokens
# First word → second word ("" for a one-word entry) → (phrase, kind), longest phrase first.
PhraseIndex = dict[str, dict[str, tuple[tuple[Phrase, str], ...]]]


@dataclass(frozen=True)
class Lexicon:
    """The phrase lists, indexed by their first words so a text is matched in one pass over its words."""

    phrases: PhraseIndex
    openers: dict[str, tuple[Phrase, ...]]
    headings: tuple[str, ...]
    function_words: frozenset[str]

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


def _index(entries: Iterable[tuple[str, str]]) -> PhraseIndex:
    """Keying on two words keeps the cost of common first words ("a", "the", "at") to two dictionary
    look-ups. A phrase listed under two kinds keeps the first."""
    seen: set[Phrase] = set()
    index: dict[str, dict[str, list[tuple[Phrase, str]]]] = {}
    for kind, phrase in entries:
        for tokens in _spellings(_tokens(phrase)):
            if tokens and tokens not in seen:
                seen.add(tokens)
                second = tokens[1] if len(tokens) > 1 else ""
                index.setdefault(tokens[0], {}).setdefault(second, []).append((tokens, kind))
    return {
        first: {second: tuple(sorted(items, key=lambda it: -len(it[0]))) for second, items in nexts.items()}
        for first, nexts in index.items()
    }


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
    bounds: list[tuple[int, int]]
    lengths: list[int]


def measure(doc: Document, lexicon: Lexicon) -> Measurement:
    """Every filler feature of ``doc``, and the phrases, headings and sentences that count towards them."""
    text = doc.text
    words = doc.words
    low = [w.text.lower() for w in words]
    starts = [w.start for w in words]
    headings = _headings(doc.lines, starts, lexicon)
    body = _body(doc.sentences, {line.start for line, _ in headings}, starts)
    phrases = _phrase_marks(low, words, body, lexicon)
    openers = _opener_marks(low, words, body, lexicon)
    clauses = [Mark("clause", m.start(1), m.end(1)) for m in _PARTICIPIAL_CLAUSE.finditer(text)]
    templates = [Mark("heading", line.start, line.end) for line, template in headings if template]
    facts = _facts(text, words, low, body)
    vague = [i for i, length in enumerate(body.lengths) if length >= _MIN_VAGUE_WORDS and not facts.detail[i]]
    stock = _per_sentence(body, phrases + openers + clauses)
    filler = [body.sentences[i] for i in vague if stock[i] >= _MIN_STOCK_PHRASES]
    marks = phrases + openers + clauses + templates + [Mark("sentence", s.start, s.end) for s in filler]

    kinds = dict.fromkeys(VOCABULARY_KINDS, 0)
    for mark in phrases:
        kinds[mark.kind] += 1
    n_words = max(len(words), 1)
    n_sentences = max(len(body.sentences), 1)
    long_enough = sum(length >= _MIN_VAGUE_WORDS for length in body.lengths)
    counts = {
        "words": len(words),
        "sentences": len(body.sentences),
        "headings": len(headings),
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
        "template_markers_per_sentence": (len(openers) + len(templates)) / (n_sentences + len(headings)),
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


def _body(sentences: list[Segment], heading_starts: set[int], starts: list[int]) -> _Body:
    kept = [s for s in sentences if s.start not in heading_starts and _LETTER.search(s.text)]
    bounds = [(bisect_left(starts, s.start), bisect_left(starts, s.end)) for s in kept]
    return _Body(kept, bounds, [end - begin for begin, end in bounds])


def _phrase_marks(low: list[str], words: list[Segment], body: _Body, lexicon: Lexicon) -> list[Mark]:
    """Every listed phrase; a word belongs to at most one. A capitalised word inside a sentence is a name
    ("May 1", "Will Smith", "Vital Signs"), not a phrase."""
    index = lexicon.phrases
    initial = {begin for begin, _ in body.bounds}
    n = len(low)
    marks = []
    free = 0  # the first word not yet inside a matched phrase
    for i in [i for i, word in enumerate(low) if word in index]:
        if i < free or (i not in initial and words[i].text[0].isupper()):
            continue
        nexts = index[low[i]]
        candidates = nexts.get(low[i + 1], ()) if i + 1 < n else ()
        for tokens, kind in (*candidates, *nexts.get("", ())):
            end = i + len(tokens)
            if end <= n and (end == i + 1 or tuple(low[i:end]) == tokens):
                marks.append(Mark(kind, words[i].start, words[end - 1].end))
                free = end
                break
    return marks


def _opener_marks(low: list[str], words: list[Segment], body: _Body, lexicon: Lexicon) -> list[Mark]:
    marks = []
    for begin, end in body.bounds:
        for tokens in lexicon.openers.get(low[begin], ()) if begin < end else ():
            stop = begin + len(tokens)
            if stop <= end and tuple(low[begin:stop]) == tokens:
                marks.append(Mark("opener", words[begin].start, words[stop - 1].end))
                break
    return marks


def _headings(lines: list[Segment], starts: list[int], lexicon: Lexicon) -> list[tuple[Segment, bool]]:
    """Short lines without closing punctuation, each with whether it follows an essay template.

    A one-line document has no headings: its layout was flattened, and its first "line" is the text.
    """
    if len(lines) < 2:
        return []
    found = []
    for raw in lines:
        stripped = raw.text.strip()
        if not stripped or not stripped[0].isupper() or _SENTENCE_END.search(stripped):
            continue
        offset = raw.start + raw.text.index(stripped[0])
        line = Segment(offset, offset + len(stripped), stripped)
        n_words = bisect_left(starts, line.end) - bisect_left(starts, line.start)
        if 0 < n_words <= _MAX_HEADING_WORDS:
            lowered = stripped.lower()
            template = bool(_HEADING_COLON.match(stripped)) or any(
                lowered.startswith(start) and lowered[len(start) : len(start) + 1] in ("", " ", ":")
                for start in lexicon.headings
            )
            found.append((line, template))
    return found


def _per_sentence(body: _Body, marks: list[Mark]) -> list[int]:
    """How many of ``marks`` start in each sentence."""
    sentence_starts = [s.start for s in body.sentences]
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


def _facts(text: str, words: list[Segment], low: list[str], body: _Body) -> _Facts:
    """Checkable detail: numbers, dates, names (not sentence-initial), quotations and their sources.

    Names count towards specificity but do not make a sentence checkable on their own: generated text
    repeats the names of its topic in every sentence.
    """
    facts = _Facts([False] * len(body.sentences))
    sentence_starts = [s.start for s in body.sentences]
    numbers = [0] * len(body.sentences)
    for m in _NUMBER.finditer(text):
        i = bisect_right(sentence_starts, m.start()) - 1
        if i >= 0 and m.start() < body.sentences[i].end:
            numbers[i] += 1
    texts = [w.text for w in words]
    attributed = []
    for i, ((begin, end), sentence) in enumerate(zip(body.bounds, body.sentences, strict=True)):
        dates = sum(map(_DATE_WORDS.__contains__, texts[begin:end]))
        attributions = sum(map(_ATTRIBUTION_WORDS.__contains__, low[begin:end]))
        capitalised = len(_CAPITALISED.findall(sentence.text))
        facts.names += capitalised - (begin < end and texts[begin][0].isupper())
        facts.numbers += numbers[i]
        facts.dates += dates
        facts.attributions += attributions
        facts.detail[i] = bool(numbers[i] or dates or attributions)
        attributed.append(attributions > 0)
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
