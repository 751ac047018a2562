"""Shared tokenisation: offsets always point back into the text."""

from __future__ import annotations

from audit.text import split_lines, split_sentences, split_words


def test_sentences_split_on_end_punctuation_but_not_on_abbreviations() -> None:
    text = "The U.S. envoy met Mr. Smith in Kabul. “It went well,” he said! Then? Nothing.\nNew line"
    assert [s.text for s in split_sentences(text)] == [
        "The U.S. envoy met Mr. Smith in Kabul.",
        "“It went well,” he said!",
        "Then?",
        "Nothing.",
        "New line",
    ]


def test_doubled_and_stray_punctuation_stay_inside_their_sentence() -> None:
    text = "from the Trump presidency Was. . Next one."
    assert [s.text for s in split_sentences(text)] == ["from the Trump presidency Was.", ".", "Next one."]


def test_segments_point_back_into_the_text() -> None:
    text = "  First line.  \n\nSecond’s words-here 9,600 \n"
    for split in (split_lines, split_sentences, split_words):
        for segment in split(text):
            assert text[segment.start : segment.end] == segment.text
    assert [w.text for w in split_words(text)] == ["First", "line", "Second’s", "words-here", "9", "600"]
    assert [line.text for line in split_lines(text)] == ["  First line.  ", "Second’s words-here 9,600 "]
