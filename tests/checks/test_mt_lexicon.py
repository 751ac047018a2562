"""The machine-translation lexicon: each word's row agrees with the tables it was built from."""

from __future__ import annotations

import math

import wordfreq

from checks._mt_lexicon import load_lexicon


def test_a_words_row_holds_its_frequency_bigram_number_and_function_word_flag() -> None:
    lexicon = load_lexicon()
    for word in ("the", "of", "government", "coronavirus", "lorry"):
        row = lexicon.row_table[lexicon.words.index(word)]
        assert row["zipf"] == lexicon.zipf(word)
        assert row["bigram"] == lexicon.bigrams.vocabulary.get(word, -1)
        assert row["function_word"] == (word in lexicon.function_words)
    assert lexicon.row_table[lexicon.words.index("the")]["function_word"]
    assert not lexicon.row_table[-1]["zipf"] and lexicon.row_table[-1]["bigram"] == -1


def test_frequencies_are_wordfreqs_on_the_zipf_scale() -> None:
    lexicon = load_lexicon()
    for word in ("the", "house", "photosynthesis"):
        assert math.isclose(lexicon.zipf(word), wordfreq.zipf_frequency(word, "en", "large"), abs_tol=0.01)


def test_foreign_words_are_common_abroad_and_rare_in_english() -> None:
    lexicon = load_lexicon()
    assert lexicon.foreign_language("zusammenarbeit") == "de"
    assert lexicon.foreign_language("gouvernement") == "fr"
    assert lexicon.foreign_language("government") is None  # common English words are never foreign
    for k in range(0, len(lexicon.foreign), len(lexicon.foreign) // 200):
        word = lexicon.foreign.word(k)
        lang = lexicon.foreign_language(word)
        assert lang is not None and wordfreq.zipf_frequency(word, lang, "small") >= 3.0
        assert lexicon.zipf(word) < 2.0


def test_bigram_pairs_are_sorted_by_code_and_hold_common_pairs() -> None:
    bigrams = load_lexicon().bigrams
    assert (bigrams.codes[1:] > bigrams.codes[:-1]).all()
    first, second = bigrams.vocabulary["of"], bigrams.vocabulary["the"]
    assert (bigrams.codes == first * bigrams.size + second).any()  # "of the" is a listed pair
