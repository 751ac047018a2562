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
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

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
_STRAY_PUNCT = re.compile(
    r"(?<=\w)[.!?]\s+[.,;:!?](?!\s*\.\s*\.)"  # "Was. ." but not a spaced ellipsis ". . ."
    r"|(?<=\w)\s+[.,](?=\s|$)"  # "Asia ." — space before a full stop or comma
    r"|,,|,\.(?!\d)|(?<=[a-z]{4})(?<!etc)\.,|(?<![.])\.\.(?![.])"  # doubled marks; not "Co.," or "..."
    r"|(?m:^[ \t]*[.,;:]+[ \t]*$)"  # a line of nothing but punctuation
)
_NON_LATIN_LETTER = re.compile(r"[^\W\d_a-zA-Z\u00c0-\u024f\u1e00-\u1eff]")
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
    sentences = doc.sentences
    out = Extraction()
    sentence_of = _sentence_index(words, sentences)
    headline_lines = _headline_lines(doc)
    lowers = [w.text.lower() for w in words]
    _artifacts(text, words, lowers, sentences, sentence_of, headline_lines, lexicon, out)
    _statistics(text, words, lowers, sentences, sentence_of, lexicon, out)
    return out


def _sentence_index(words: list[Segment], sentences: list[Segment]) -> list[int]:
    """For each word, the index of the sentence it falls in (-1 if between sentences)."""
    index: list[int] = []
    s = 0
    for word in words:
        while s < len(sentences) and sentences[s].end <= word.start:
            s += 1
        index.append(s if s < len(sentences) and sentences[s].start <= word.start else -1)
    return index


def _headline_lines(doc: Document) -> set[int]:
    """Start offsets of lines written in title case, where capitals mid-line are normal."""
    starts = set()
    for line in doc.lines:
        long_words = [w for w in line.text.split() if len(w) > 3 and w[0].isalpha()]
        if long_words and sum(w[0].isupper() for w in long_words) >= 0.6 * len(long_words):
            starts.add(line.start)
    return starts


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def _artifacts(
    text: str,
    words: list[Segment],
    lowers: list[str],
    sentences: list[Segment],
    sentence_of: list[int],
    headline_lines: set[int],
    lexicon: Lexicon,
    out: Extraction,
) -> None:
    zipf = lexicon.zipf
    found = out.findings
    # Non-Latin letters in a mostly Latin text are untranslated words; an ASCII text has none.
    look_for_script = not text.isascii() and sum(1 for w in words if w.text.isascii()) >= 0.8 * len(words)
    capital_counts = Counter(w.text for w in words if w.text[0].isupper())
    previous_lower = ""
    for i, w in enumerate(words):
        token = w.text
        lower = lowers[i]
        if (
            lower == previous_lower
            and lower not in _ALLOWED_DOUBLES
            and _doubled(text, words, i, sentence_of)
        ):
            found.append(Finding(words[i - 1].start, w.end, "doubled_word", f"doubled '{lower}'"))
        previous_lower = lower
        frequency = zipf.get(lower, 0.0)
        if frequency >= COMMON_ZIPF:
            if token[0].isupper() and i > 0 and sentence_of[i - 1] == sentence_of[i] and token[1:].islower():
                _capital_artifact(
                    text, words, i, lower, sentence_of, headline_lines, capital_counts, zipf, found
                )
            continue
        if look_for_script and not token[0].isdigit() and _NON_LATIN_LETTER.search(token):
            found.append(Finding(w.start, w.end, "foreign_word", f"untranslated word '{token}'"))
        elif token[0].isupper():
            if token[1:].islower() and i > 0 and sentence_of[i - 1] == sentence_of[i]:
                _capital_artifact(
                    text, words, i, lower, sentence_of, headline_lines, capital_counts, zipf, found
                )
        elif token.islower() and 4 <= len(token) <= _LONGEST_WORD and token.isalpha():
            lang = lexicon.foreign.get(lower)
            if lang is not None:
                found.append(Finding(w.start, w.end, "foreign_word", f"untranslated word '{token}' ({lang})"))
                continue
            fix = likely_fix(lower, lexicon) if frequency < _WORD_ENOUGH else None
            if fix:
                found.append(Finding(w.start, w.end, "misspelling", f"misspelt '{token}' ({fix}?)"))
    for sentence in sentences:
        head = sentence.text.lstrip("\"'“‘([-–— ")
        if head[:1].islower() and not text[max(0, sentence.start - 4) : sentence.start].rstrip().endswith(
            "…"
        ):
            end = sentence.start + min(len(sentence.text), 30)
            found.append(Finding(sentence.start, end, "lowercase_start", "sentence starts in lower case"))
    _fragments(text, words, sentences, sentence_of, headline_lines, found)
    for match in _STRAY_PUNCT.finditer(text):
        start, end = match.span()
        while start < end and text[start].isspace():
            start += 1
        if start < end:
            found.append(Finding(start, end, "stray_punctuation", f"stray punctuation {text[start:end]!r}"))
    found.sort(key=lambda f: (f.start, f.end))


def _is_title(words: list[Segment], i: int, sentence_of: list[int]) -> bool:
    return 0 <= i < len(words) and words[i].text[:1].isupper()


def _doubled(text: str, words: list[Segment], i: int, sentence_of: list[int]) -> bool:
    return sentence_of[i - 1] == sentence_of[i] and text[words[i - 1].end : words[i].start].isspace()


def _capital_artifact(
    text: str,
    words: list[Segment],
    i: int,
    lower: str,
    sentence_of: list[int],
    headline_lines: set[int],
    capital_counts: Counter[str],
    zipf: dict[str, float],
    found: list[Finding],
) -> None:
    """A Title-case word inside a sentence: a function word that should be lower case, or a lone
    unknown name after an article (a mistranslated word left as a proper noun)."""
    w = words[i]
    token = w.text
    if lower in _NEVER_CAPITALISED:
        before = text[max(0, w.start - 2) : w.start].strip()
        if (
            not (before and before[-1] in _OPENERS)
            and _line_start(text, w.start) not in headline_lines
            and not (lower in _ARTICLES and _is_title(words, i + 1, sentence_of))
            and not (_is_title(words, i - 1, sentence_of) and _is_title(words, i + 1, sentence_of))
        ):
            found.append(Finding(w.start, w.end, "capitalised_function_word", f"capitalised '{token}'"))
    elif (
        len(token) > 3
        and words[i - 1].text in _ARTICLES
        and capital_counts[token] == 1
        and zipf.get(lower, 0.0) < _RARE_NAME_ZIPF
        and token.isalpha()
        and not _is_title(words, i + 1, sentence_of)
    ):
        found.append(Finding(w.start, w.end, "lone_unknown_capital", f"unknown name '{token}'"))


def _fragments(
    text: str,
    words: list[Segment],
    sentences: list[Segment],
    sentence_of: list[int],
    headline_lines: set[int],
    found: list[Finding],
) -> None:
    """Very short sentences inside a paragraph of longer ones, outside quotes: MT splits clauses there."""
    counts = [0] * len(sentences)
    for s in sentence_of:
        if s >= 0:
            counts[s] += 1
    for s, sentence in enumerate(sentences):
        if not 0 < counts[s] <= _FRAGMENT_MAX_WORDS:
            continue
        line_start = _line_start(text, sentence.start)
        line_end = text.find("\n", sentence.end)
        line_end = len(text) if line_end < 0 else line_end
        alone_on_line = (
            text[line_start : sentence.start].strip() == "" and text[sentence.end : line_end].strip() == ""
        )
        quoted = any(q in sentence.text for q in "\"“”'‘’")
        if alone_on_line or quoted or line_start in headline_lines or sentence.text[-1:] not in ".!?":
            continue
        if _ABBREVIATION_END.search(text, max(0, sentence.start - 12), sentence.start):
            continue
        if sentence.text.split(maxsplit=1)[0].lower() in _SUBJECTS:
            continue  # "She paused.", "It worked.": short, but whole sentences
        found.append(Finding(sentence.start, sentence.end, "fragment", f"fragment {sentence.text!r}"))


@lru_cache(maxsize=65536)
def likely_fix(word: str, lexicon: Lexicon) -> str | None:
    """The most common English word one edit away, if it is at least 100 times commoner than the word:
    the misspelling's likely target. Cached: rare words recur across a corpus."""
    best, best_zipf = None, max(COMMON_ZIPF, lexicon.zipf.get(word, 0.0) + _TYPO_MARGIN)
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    candidates = {a + b[1:] for a, b in splits if b}
    candidates |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    candidates |= {a + c + b[1:] for a, b in splits if b for c in letters}
    candidates |= {a + c + b for a, b in splits for c in letters}
    for candidate in candidates & lexicon.common:
        value = lexicon.zipf[candidate]
        if value > best_zipf:
            best, best_zipf = candidate, value
    return best


def _statistics(
    text: str,
    words: list[Segment],
    lowers: list[str],
    sentences: list[Segment],
    sentence_of: list[int],
    lexicon: Lexicon,
    out: Extraction,
) -> None:
    f = out.features
    zipf = lexicon.zipf
    n_words = len(words)
    n_sent = max(len(sentences), 1)
    f["words"] = n_words
    f["sentences"] = len(sentences)
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
    # writes likelier pairs than translators do.
    unigrams, bigrams, total = lexicon.unigram_counts, lexicon.bigram_counts, lexicon.total_count
    pairs = seen = 0
    logp_sum = 0.0
    known = {word: unigrams[word] for word in type_counts if word in unigrams}
    log = math.log
    for i in range(1, n_words):
        a, b = lowers[i - 1], lowers[i]
        if a not in known or b not in known or sentence_of[i] != sentence_of[i - 1]:
            continue
        pairs += 1
        count_ab = bigrams.get(a + " " + b)
        if count_ab:
            seen += 1
            logp_sum += log(count_ab / known[a])
        else:
            logp_sum += log(_BACKOFF * known[b] / total)
    f["bigram_seen_share"] = seen / pairs if pairs else 0.0
    f["bigram_logprob"] = logp_sum / pairs if pairs else 0.0
    # Sentence length and its spread.
    counts = [0] * len(sentences)
    for s in sentence_of:
        if s >= 0:
            counts[s] += 1
    lengths = [c for c in counts if c > 0]
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
    f["capitalised_share"] = sum(1 for w in words if w.text[:1].isupper()) / max(n_words, 1)
    f["digit_share"] = sum(1 for w in words if w.text[:1].isdigit()) / max(n_words, 1)
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
