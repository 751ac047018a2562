"""Word statistics the machine-translation features look words up in, loaded once per process.

Everything comes from installed packages or `checks/data/`: wordfreq's English and other-language
frequency lists (untranslated words, rare and misspelt words) and symspellpy's English bigram table
(word pairs that English writers actually put side by side). Nothing is downloaded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib import resources

import wordfreq

# Languages whose words show up untranslated in English MT output; wordfreq's small lists are enough
# and load in milliseconds each.
FOREIGN_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl", "cs", "sk", "pl", "sv", "tr", "id", "ro", "hu", "fi")
# A word this common in English (Zipf scale: 3 = once per million words) is never counted as foreign.
_ENGLISH_ENOUGH = 2.0
_FOREIGN_COMMON = 3.0
# Misspellings are judged against words at least this common, so rare words do not count as targets.
COMMON_ZIPF = 3.0


@dataclass(frozen=True, eq=False)  # hashed by identity, so lookups through it can be cached
class Lexicon:
    zipf: dict[str, float]
    common: frozenset[str]
    foreign: dict[str, str]
    unigram_counts: dict[str, int]
    bigram_counts: dict[tuple[str, str], int]
    total_count: int
    function_words: tuple[str, ...]


@cache
def load_lexicon() -> Lexicon:
    """The shared lexicon; cached so every check instance in a process shares one copy."""
    english = wordfreq.get_frequency_dict("en", wordlist="large")
    zipf = {
        word: math.log10(freq) + 9.0 for word, freq in english.items() if word.isascii() or word.isalpha()
    }
    common = frozenset(word for word, value in zipf.items() if value >= COMMON_ZIPF and word.isalpha())
    foreign: dict[str, str] = {}
    for lang in FOREIGN_LANGUAGES:
        for word, freq in wordfreq.get_frequency_dict(lang, wordlist="small").items():
            value = math.log10(freq) + 9.0
            usable = value >= _FOREIGN_COMMON and len(word) >= 4 and word.isalpha() and word not in foreign
            if usable and zipf.get(word, 0.0) < _ENGLISH_ENOUGH:
                foreign[word] = lang
    unigrams = {gram[0]: count for gram, count in _load_counts("frequency_dictionary_en_82_765.txt").items()}
    bigrams = {
        (gram[0], gram[1]): count
        for gram, count in _load_counts("frequency_bigramdictionary_en_243_342.txt").items()
        if len(gram) == 2
    }
    return Lexicon(zipf, common, foreign, unigrams, bigrams, sum(unigrams.values()), _load_function_words())


def _load_counts(name: str) -> dict[tuple[str, ...], int]:
    """symspellpy's count files: one n-gram and its count a line ("new york 1234")."""
    counts: dict[tuple[str, ...], int] = {}
    with resources.files("symspellpy").joinpath(name).open(encoding="utf-8") as lines:
        for line in lines:
            *gram, count = line.split()
            if gram:
                counts[tuple(gram)] = int(count)
    return counts


def _load_function_words() -> tuple[str, ...]:
    text = resources.files("checks").joinpath("data/mt_function_words.txt").read_text(encoding="utf-8")
    words = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(dict.fromkeys(words))
