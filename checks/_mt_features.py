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
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

from audit.document import Document
from audit.text import Segment
from checks._mt_lexicon import COMMON_ZIPF, Lexicon

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
# Every alternative starts at a punctuation mark; the leading lookahead lets the scan skip the rest.
_STRAY_PUNCT = re.compile(
    r"(?=[.,;:!?])(?:"
    r"(?<=\w)[.!?]\s+[.,;:!?](?!\s*\.\s*\.)"  # "Was. ." but not a spaced ellipsis ". . ."
    r"|(?<=\w[ \t])[.,](?=\s|$)"  # "Asia ." — space before a full stop or comma
    r"|,,|,\.(?!\d)|(?<=[a-z]{4})(?<!etc)\.,|(?<![.])\.\.(?![.])"  # doubled marks; not "Co.," or "..."
    r"|(?m:^[.,;:]+[ \t]*$)"  # a line of nothing but punctuation
    r")"
)
_NON_LATIN_LETTER = re.compile(r"[^\W\d_a-zA-Z\u00c0-\u024f\u1e00-\u1eff]")
# The same tokeniser as audit.text.split_words, run over the lower-cased text in one pass.
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
_DOUBLED = re.compile(r"\b(\w+)[ \t]+\1\b")
_DOUBLED_ANY_CASE = re.compile(r"\b(\w+)[ \t]+\1\b", re.IGNORECASE)
_ALLOWED_DOUBLES = frozenset({"had", "that", "is", "very", "bye", "no", "so", "yeah", "ha", "knock"})
_CONTRACTION = re.compile(r"\w(?:n['’]t|['’](?:re|ve|ll|m|d))\b", re.IGNORECASE)
# A sentence split after "p.m.", "No. 5." or "20." is the splitter's doing, not a fragment.
_ABBREVIATION_END = re.compile(r"(?:\b\w\.\w\.|\b\d+\.|\b[A-Z][a-z]{0,3}\.)\s*$")
# A word counts as a misspelling when a word one edit away is this much commoner (Zipf: x100).
_TYPO_MARGIN = 2.0
# A word at least this common (Zipf: once in 10 million words) is a word, not a typo ("spate", "comas").
_WORD_ENOUGH = 2.0
_LONGEST_WORD = 24
_SUBJECTS = frozenset("i you he she it we they there this that these those".split())
_MATTR_WINDOW = 50
_BACKOFF = 0.4
# A capitalised word rarer than this in English (Zipf scale) and not repeated is an unknown name.
_RARE_NAME_ZIPF = 2.0
_FRAGMENT_MAX_WORDS = 3


@dataclass(frozen=True, slots=True)
class Finding:
    """One artifact at characters ``[start, end)``, of a kind that names a feature."""

    start: int
    end: int
    kind: str
    reason: str


@dataclass
class Extraction:
    features: dict[str, float] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


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
    text = doc.text
    words = doc.words
    view = _View(text, words, doc.sentences, doc.lines)
    out = Extraction()
    _artifacts(view, lexicon, out)
    _statistics(view, lexicon, out)
    return out


class _View:
    """The document's words with what the features need about them, computed once.

    Per-word Python loops are the cost of this check, so the lower-case tokens come from one regex
    pass over the lower-cased text (falling back to lowering each word when lowering changed the
    length), and sentence membership from bisecting word offsets.
    """

    def __init__(
        self, text: str, words: list[Segment], sentences: list[Segment], lines: list[Segment]
    ) -> None:
        self.text = text
        self.words = words
        self.sentences = sentences
        self.tokens = [w.text for w in words]
        lowered = text.lower()
        lowers = _WORD.findall(lowered) if len(lowered) == len(text) else []
        if len(lowers) != len(self.tokens):
            lowers = [token.lower() for token in self.tokens]
        self.lowers = lowers
        self.lowered = lowered if len(lowered) == len(text) else None
        self.token_counts = Counter(self.tokens)
        starts = [w.start for w in words]
        # Each sentence's words are tokens[first:end].
        self.bounds = [(bisect_left(starts, s.start), bisect_left(starts, s.end)) for s in sentences]
        self.sentence_starts = frozenset(first for first, end in self.bounds if end > first)
        self._line_starts = [line.start for line in lines]
        self._lines = lines
        self._headline: dict[int, bool] = {}

    def starts_sentence(self, i: int) -> bool:
        return i in self.sentence_starts or i == 0

    def is_title(self, i: int) -> bool:
        return 0 <= i < len(self.tokens) and self.tokens[i][0].isupper()

    def in_headline(self, offset: int) -> bool:
        """Whether the line holding ``offset`` is written in title case, where capitals are normal."""
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
    text, words, tokens, lowers = view.text, view.words, view.tokens, view.lowers
    zipf = lexicon.zipf
    found = out.findings
    # Non-Latin letters in a mostly Latin text are untranslated words; an ASCII text has none.
    look_for_script = (
        not text.isascii()
        and _NON_LATIN_LETTER.search(text) is not None
        and sum(1 for token in tokens if token.isascii()) >= 0.8 * len(tokens)
    )
    token_counts = view.token_counts
    capital_counts = {t: n for t, n in token_counts.items() if t[0].isupper()}
    # Decide per word type which tokens need a closer look: a capitalised word that must not be
    # (a function word) or might be a lone unknown name, and any rare word (typo, foreign word).
    rare = {t for t in token_counts if zipf.get(t.lower(), 0.0) < COMMON_ZIPF}
    suspect = rare | {t for t in capital_counts if t.lower() in _NEVER_CAPITALISED}
    for i in [i for i, token in enumerate(tokens) if token in suspect]:
        token, lower = tokens[i], lowers[i]
        w = words[i]
        if look_for_script and not token[0].isdigit() and _NON_LATIN_LETTER.search(token):
            found.append(Finding(w.start, w.end, "foreign_word", f"untranslated word '{token}'"))
        elif token[0].isupper():
            if token[1:].islower() and not view.starts_sentence(i):
                _capital_artifact(view, i, capital_counts, zipf, found)
        elif token.islower() and 4 <= len(token) <= _LONGEST_WORD and token.isalpha():
            lang = lexicon.foreign.get(lower)
            if lang is not None:
                found.append(Finding(w.start, w.end, "foreign_word", f"untranslated word '{token}' ({lang})"))
                continue
            fix = likely_fix(lower, lexicon) if zipf.get(lower, 0.0) < _WORD_ENOUGH else None
            if fix:
                found.append(Finding(w.start, w.end, "misspelling", f"misspelt '{token}' ({fix}?)"))
    doubled = (
        _DOUBLED.finditer(view.lowered) if view.lowered is not None else _DOUBLED_ANY_CASE.finditer(text)
    )
    for match in doubled:
        if match.group(1).lower() not in _ALLOWED_DOUBLES and not match.group(1).isdigit():
            found.append(
                Finding(match.start(), match.end(), "doubled_word", f"doubled '{match.group(1).lower()}'")
            )
    for sentence in view.sentences:
        head = sentence.text.lstrip("\"'“‘([-–— ")
        if head[:1].islower() and not text[max(0, sentence.start - 4) : sentence.start].rstrip().endswith(
            "…"
        ):
            end = sentence.start + min(len(sentence.text), 30)
            found.append(Finding(sentence.start, end, "lowercase_start", "sentence starts in lower case"))
    _fragments(view, found)
    for match in _STRAY_PUNCT.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            found.append(Finding(start, end, "stray_punctuation", f"stray punctuation {text[start:end]!r}"))
    found.sort(key=lambda f: (f.start, f.end))


def _capital_artifact(
    view: _View, i: int, capital_counts: dict[str, int], zipf: dict[str, float], found: list[Finding]
) -> None:
    """A Title-case word inside a sentence: a function word that should be lower case, or a lone
    unknown name after an article (a mistranslated word left as a proper noun)."""
    w = view.words[i]
    token, lower = w.text, view.lowers[i]
    if lower in _NEVER_CAPITALISED:
        before = view.text[max(0, w.start - 2) : w.start].strip()
        if (
            not (before and before[-1] in _OPENERS)
            and not (lower in _ARTICLES and view.is_title(i + 1))
            and not (view.is_title(i - 1) and view.is_title(i + 1))
            and not view.in_headline(w.start)
        ):
            found.append(Finding(w.start, w.end, "capitalised_function_word", f"capitalised '{token}'"))
    elif (
        len(token) > 3
        and view.tokens[i - 1] in _ARTICLES
        and capital_counts[token] == 1
        and zipf.get(lower, 0.0) < _RARE_NAME_ZIPF
        and token.isalpha()
        and not view.is_title(i + 1)
    ):
        found.append(Finding(w.start, w.end, "lone_unknown_capital", f"unknown name '{token}'"))


def _fragments(view: _View, found: list[Finding]) -> None:
    """Very short sentences inside a paragraph of longer ones, outside quotes: MT splits clauses there."""
    text = view.text
    for (first, end), sentence in zip(view.bounds, view.sentences, strict=True):
        if not 0 < end - first <= _FRAGMENT_MAX_WORDS or sentence.text[-1:] not in ".!?":
            continue
        line_start = _line_start(text, sentence.start)
        line_end = text.find("\n", sentence.end)
        line_end = len(text) if line_end < 0 else line_end
        alone_on_line = (
            not text[line_start : sentence.start].strip() and not text[sentence.end : line_end].strip()
        )
        quoted = any(q in sentence.text for q in "\"“”'‘’")
        if alone_on_line or quoted or view.in_headline(sentence.start):
            continue
        if _ABBREVIATION_END.search(text, max(0, sentence.start - 12), sentence.start):
            continue
        if view.lowers[first] in _SUBJECTS:
            continue  # "She paused.", "It worked.": short, but whole sentences
        found.append(Finding(sentence.start, sentence.end, "fragment", f"fragment {sentence.text!r}"))


@lru_cache(maxsize=65536)
def likely_fix(word: str, lexicon: Lexicon) -> str | None:
    """The most common English word one edit away, if it is at least 100 times commoner than the word:
    the misspelling's likely target (ties go to the alphabetically first, so reports are the same in
    every run). Cached: rare words recur across a corpus."""
    best, best_zipf = None, max(COMMON_ZIPF, lexicon.zipf.get(word, 0.0) + _TYPO_MARGIN)
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    candidates = {a + b[1:] for a, b in splits if b}
    candidates |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    candidates |= {a + c + b[1:] for a, b in splits if b for c in letters}
    candidates |= {a + c + b for a, b in splits for c in letters}
    for candidate in sorted(candidates & lexicon.common):
        value = lexicon.zipf[candidate]
        if value > best_zipf:
            best, best_zipf = candidate, value
    return best


def _statistics(view: _View, lexicon: Lexicon, out: Extraction) -> None:
    f = out.features
    text, tokens, lowers = view.text, view.tokens, view.lowers
    zipf = lexicon.zipf
    n_words = len(tokens)
    n_sent = max(len(view.sentences), 1)
    f["words"] = n_words
    f["sentences"] = len(view.sentences)
    alpha = [lw for lw in lowers if lw.isalpha()]
    n_alpha = max(len(alpha), 1)
    # Lexical diversity and word rarity: MT reuses the frequent word where people vary.
    f["mattr"] = _mattr(alpha, _MATTR_WINDOW)
    type_counts = Counter(lowers)
    zipf_sum = content_sum = 0.0
    content_n = rare_n = unknown_n = length_sum = 0
    for word, count in type_counts.items():
        if not word.isalpha():
            continue
        z = zipf.get(word, 0.0)
        zipf_sum += z * count
        length_sum += len(word) * count
        if z < 5.5:
            content_sum += z * count
            content_n += count
        if z < 3.0:
            rare_n += count
            if z == 0.0:
                unknown_n += count
    f["mean_zipf"] = zipf_sum / n_alpha
    f["content_mean_zipf"] = content_sum / max(content_n, 1)
    f["rare_share"] = rare_n / n_alpha
    f["unknown_share"] = unknown_n / n_alpha
    f["mean_word_length"] = length_sum / n_alpha
    # How conventional the word pairs are, under a bigram model of English (symspellpy's tables,
    # with a fixed back-off to the unigram for unseen pairs): MT, decoded for the likeliest output,
    # writes likelier pairs than translators do. Pairs are taken within sentences.
    unigrams, bigrams, total = lexicon.unigram_counts, lexicon.bigram_counts, lexicon.total_count
    known = {word: unigrams[word] for word in type_counts if word in unigrams}
    pair_counts = Counter(
        chain.from_iterable(
            zip(lowers[first:end], lowers[first + 1 : end], strict=False) for first, end in view.bounds
        )
    )
    pairs = seen = 0
    logp_sum = 0.0
    log = math.log
    for pair, count in pair_counts.items():
        count_a = known.get(pair[0])
        count_b = known.get(pair[1])
        if count_a is None or count_b is None:
            continue
        pairs += count
        count_ab = bigrams.get(pair)
        if count_ab:
            seen += count
            logp_sum += count * log(count_ab / count_a)
        else:
            logp_sum += count * log(_BACKOFF * count_b / total)
    f["bigram_seen_share"] = seen / pairs if pairs else 0.0
    f["bigram_logprob"] = logp_sum / pairs if pairs else 0.0
    # Sentence length and its spread.
    lengths = [end - first for first, end in view.bounds if end > first]
    mean_len = sum(lengths) / max(len(lengths), 1)
    f["mean_sentence_words"] = mean_len
    if len(lengths) > 1 and mean_len > 0:
        var = sum((c - mean_len) ** 2 for c in lengths) / (len(lengths) - 1)
        f["sentence_words_cv"] = math.sqrt(var) / mean_len
    else:
        f["sentence_words_cv"] = 0.0
    # Punctuation habits, per sentence.
    for name, marks in (
        ("commas", ","),
        ("quotes", '"“”«»„'),
        ("colons", ":"),
        ("semicolons", ";"),
        ("dashes", "—–"),
        ("parentheses", "("),
    ):
        f[f"{name}_per_sentence"] = sum(text.count(m) for m in marks) / n_sent
    f["contractions_per_100_words"] = 100.0 * len(_CONTRACTION.findall(text)) / max(n_words, 1)
    token_counts = view.token_counts
    f["capitalised_share"] = sum(n for t, n in token_counts.items() if t[0].isupper()) / max(n_words, 1)
    f["digit_share"] = sum(n for t, n in token_counts.items() if t[0].isdigit()) / max(n_words, 1)
    # Function-word profile, as rates per word.
    f["function_word_share"] = sum(type_counts[w] for w in lexicon.function_words) / max(n_words, 1)
    for word in PROFILE_WORDS:
        f[f"rate_{word}"] = type_counts[word] / max(n_words, 1)
    # Artifact rates per sentence.
    by_kind = dict.fromkeys(ARTIFACT_KINDS, 0)
    for finding in out.findings:
        by_kind[finding.kind] += 1
    for kind, count in by_kind.items():
        f[f"{kind}_per_sentence"] = count / n_sent


def _mattr(tokens: list[str], window: int) -> float:
    """Moving-average type/token ratio: lexical diversity that does not fall with text length."""
    if not tokens:
        return 0.0
    if len(tokens) <= window:
        return len(set(tokens)) / len(tokens)
    counts: dict[str, int] = {}
    for token in tokens[:window]:
        counts[token] = counts.get(token, 0) + 1
    types = len(counts)
    total = types
    for i in range(window, len(tokens)):
        old, new = tokens[i - window], tokens[i]
        counts[old] -= 1
        if counts[old] == 0:
            del counts[old]
            types -= 1
        if new in counts:
            counts[new] += 1
        else:
            counts[new] = 1
            types += 1
        total += types
    return total / (len(tokens) - window + 1) / window
