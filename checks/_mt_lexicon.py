"""Word statistics the machine-translation features look words up in, loaded once per process.

Everything comes from installed packages or `checks/data/`: wordfreq's English and other-language
frequency lists (untranslated words, rare and misspelt words) and symspellpy's English bigram table
(word pairs that English writers actually put side by side). Nothing is downloaded.

The bigram model and the misspelling index are stored as sorted NumPy arrays rather than dicts keyed
by tuples: a document's word pairs are then scored in a few vectorised lookups, and the tables take a
fraction of the memory.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import repeat
from pathlib import Path

import numpy as np

from checks._build_cache import build_inputs, built_once
from checks._string_table import StringTable

# Languages whose words show up untranslated in English MT output; wordfreq's small lists are enough
# and load in milliseconds each.
FOREIGN_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "cs", "sk", "pl", "sv", "tr", "id", "ro", "hu", "fi")
# A word this common in English (Zipf scale: 3 = once per million words) is never counted as foreign.
_ENGLISH_ENOUGH = 2.0
_FOREIGN_COMMON = 3.0
# Misspellings are judged against words at least this common, so rare words do not count as targets.
COMMON_ZIPF = 3.0
# What the lexicon knows of a word, in one record so a document's words are looked up in one read.
ROW_FIELDS = np.dtype([("zipf", np.float64), ("bigram", np.int64), ("function_word", np.bool_)])
# The bigram model's fixed back-off: an unseen pair gets this share of the second word's probability.
BACKOFF = 0.4
FUNCTION_WORDS = "data/mt_function_words.txt"


@dataclass(frozen=True, eq=False)
class BigramModel:
    """symspellpy's English unigram and bigram counts, as log-probabilities ready to sum.

    Words are numbered by ``vocabulary``; the pair (a, b) is the code ``a * size + b``. ``codes`` is
    sorted and ends in a sentinel larger than any code (so a search never runs off its end),
    ``logprob[i]`` is log P(b | a) of the pair ``codes[i]``, and ``backoff_logprob[b]`` is the
    log-probability given to an unseen pair ending in b.
    """

    vocabulary: dict[str, int]
    codes: np.ndarray
    logprob: np.ndarray
    backoff_logprob: np.ndarray

    @property
    def size(self) -> int:
        return len(self.vocabulary)


@dataclass(frozen=True, eq=False)
class TypoIndex:
    """Every common word under each of its one-letter deletions, keyed by a CRC-32 of the deletion
    (sorted, so a word's lookups are one vectorised search): a misspelling's neighbours one insertion
    or substitution away are the words filed under the misspelling itself or under its own deletions.
    Keys can collide, so callers verify what they get back. Not Python's ``hash``: that differs from
    process to process, and the index travels to worker processes with the check."""

    keys: np.ndarray
    word_ids: np.ndarray
    words: tuple[str, ...]

    @classmethod
    def build(cls, words: frozenset[str]) -> TypoIndex:
        ordered = tuple(sorted(words))
        pairs = [(_key(variant), k) for k, word in enumerate(ordered) for variant in _deletions(word)]
        keys = np.fromiter((key for key, _ in pairs), dtype=np.int64, count=len(pairs))
        ids = np.fromiter((k for _, k in pairs), dtype=np.int32, count=len(pairs))
        order = np.argsort(keys, kind="stable")
        return cls(keys[order], ids[order], ordered)

    def filed_under(self, variants: list[str]) -> Iterator[tuple[int, str]]:
        """(index of the variant, word) for every word filed under one of ``variants``."""
        hashes = np.fromiter(map(_key, variants), dtype=np.int64, count=len(variants))
        lows = np.searchsorted(self.keys, hashes, side="left").tolist()
        highs = np.searchsorted(self.keys, hashes, side="right").tolist()
        for index, (low, high) in enumerate(zip(lows, highs, strict=True)):
            if high > low:
                for word_id in self.word_ids[low:high].tolist():
                    yield index, self.words[word_id]


@dataclass(frozen=True, eq=False)  # hashed by identity, so lookups through it can be cached
class Lexicon:
    """``words`` numbers every word that ``row_table`` knows (the wordfreq words first, then the
    bigram vocabulary and the function words): its Zipf frequency (0 if unknown), its number in the
    bigram vocabulary (-1 if none) and whether it is a function word. The last row (-1) is the unknown
    word. A document's words are then looked up once and their properties gathered in one read.
    ``foreign`` numbers the words that show a text was left untranslated, ``foreign_languages`` holds
    each one's language (an index into ``FOREIGN_LANGUAGES``)."""

    common: frozenset[str]
    foreign: StringTable
    foreign_languages: np.ndarray
    bigrams: BigramModel
    typos: TypoIndex
    function_words: frozenset[str]
    words: StringTable
    row_table: np.ndarray

    def zipf(self, word: str) -> float:
        """The word's Zipf frequency in English, 0.0 for a word wordfreq does not list."""
        return float(self.row_table["zipf"][self.words.index(word)])

    def foreign_language(self, word: str) -> str | None:
        """The language whose common word ``word`` is, if it is not English enough to be English."""
        index = self.foreign.index(word)
        return None if index < 0 else FOREIGN_LANGUAGES[self.foreign_languages[index]]


@cache
def load_lexicon() -> Lexicon:
    """The shared lexicon; cached so every check instance in a process shares one copy, and on disk so
    a process reads it rather than building it again."""
    return built_once("mt-lexicon", _lexicon_inputs(), build_lexicon, Lexicon)


def _lexicon_inputs() -> bytes:
    """Everything the lexicon is built from: this code, the data packages and the function-word list."""
    sources = [Path(__file__).read_bytes(), resources.files("checks").joinpath(FUNCTION_WORDS).read_bytes()]
    return build_inputs(sources, ["wordfreq", "symspellpy", "numpy"])


def build_lexicon() -> Lexicon:
    zipf: dict[str, float] = {}
    for value, bucket in _zipf_buckets("en", "large"):
        zipf.update(dict.fromkeys(filter(_english_spelling, bucket), value))
    common = frozenset(word for word, value in zipf.items() if value >= COMMON_ZIPF and word.isalpha())
    foreign: dict[str, str] = {}
    for lang in FOREIGN_LANGUAGES:
        for value, bucket in _zipf_buckets(lang, "small"):
            if value < _FOREIGN_COMMON:  # buckets run from the most frequent down
                break
            for word in bucket:
                usable = len(word) >= 4 and word.isalpha() and word not in foreign
                if usable and zipf.get(word, 0.0) < _ENGLISH_ENOUGH:
                    foreign[word] = lang
    bigrams = _load_bigram_model()
    function_words = _load_function_words()
    words = list(
        {**dict.fromkeys(zipf), **dict.fromkeys(bigrams.vocabulary), **dict.fromkeys(sorted(function_words))}
    )
    rows = dict(zip(words, range(len(words)), strict=True))
    table = np.zeros(len(words) + 1, dtype=ROW_FIELDS)
    table["zipf"][: len(zipf)] = list(zipf.values())  # the zipf words come first, in zipf's order
    table["bigram"] = -1
    table["bigram"][:-1] = list(map(bigrams.vocabulary.get, words, repeat(-1)))
    table["function_word"][[rows[word] for word in function_words]] = True
    languages = np.array(list(map(FOREIGN_LANGUAGES.index, foreign.values())), dtype=np.int8)
    return Lexicon(
        common,
        StringTable(list(foreign)),
        languages,
        bigrams,
        TypoIndex.build(common),
        function_words,
        StringTable(words),
        table,
    )


def _key(variant: str) -> int:
    return zlib.crc32(variant.encode("utf-8"))


def _english_spelling(word: str) -> bool:
    return word.isascii() or word.isalpha()


def _zipf_buckets(lang: str, wordlist: str) -> list[tuple[float, list[str]]]:
    """wordfreq's list for ``lang`` as (Zipf frequency, words) buckets, most frequent first; read
    without filling wordfreq's caches: they keep every list as nested Python lists (a million strings
    for these sixteen), which every full garbage collection of the process then walks. Every word of
    a bucket shares its frequency, so it is computed once per bucket."""
    import wordfreq  # only a build reads it, and importing it costs every scan a tenth of a second

    buckets = wordfreq.read_cBpack(wordfreq.available_languages(wordlist)[lang])
    return [(math.log10(wordfreq.cB_to_freq(-index)) + 9.0, bucket) for index, bucket in enumerate(buckets)]


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def _load_bigram_model() -> BigramModel:
    unigrams = {gram[0]: count for gram, count in _load_counts("frequency_dictionary_en_82_765.txt").items()}
    total = sum(unigrams.values())
    vocabulary = {word: index for index, word in enumerate(unigrams)}
    size = len(vocabulary)
    # Only pairs of known words are ever looked up; unseen pairs (and zero counts) back off. A pair
    # listed twice keeps its last count.
    counts: dict[int, int] = {}
    find = vocabulary.get
    with (
        resources.files("symspellpy")
        .joinpath("frequency_bigramdictionary_en_243_342.txt")
        .open(encoding="utf-8") as lines
    ):
        for line in lines:
            *gram, count = line.split()
            if len(gram) == 2 and (a := find(gram[0])) is not None and (b := find(gram[1])) is not None:
                counts[a * size + b] = int(count)
    scored = sorted((code, count) for code, count in counts.items() if count)
    first_counts = [unigrams[word] for word in vocabulary]
    logprob = [math.log(count / first_counts[code // size]) for code, count in scored]
    return BigramModel(
        vocabulary,
        np.array([code for code, _ in scored] + [np.iinfo(np.int64).max], dtype=np.int64),
        np.array([*logprob, 0.0], dtype=np.float64),
        np.array([math.log(BACKOFF * count / total) for count in unigrams.values()], dtype=np.float64),
    )


def _load_counts(name: str) -> dict[tuple[str, ...], int]:
    """symspellpy's count files: one n-gram and its count a line ("new york 1234")."""
    counts: dict[tuple[str, ...], int] = {}
    with resources.files("symspellpy").joinpath(name).open(encoding="utf-8") as lines:
        for line in lines:
            *gram, count = line.split()
            if gram:
                counts[tuple(gram)] = int(count)
    return counts


def _load_function_words() -> frozenset[str]:
    text = resources.files("checks").joinpath(FUNCTION_WORDS).read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))
