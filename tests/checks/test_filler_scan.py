"""The compiled detail counts are the matches of the regular expressions they replace, in each sentence."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from checks._filler_scan import detail_counts

_DIGIT = re.compile(r"\d")
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][\w'’.-]*")

# The characters at the edges of each class: separators, an Arabic-Indic digit and a superscript two
# (\d takes the first, not the second), capitals just inside and outside the Latin-1 ranges (× and ß
# are outside), apostrophes, an underscore and a few letters.
_CHARACTERS = st.sampled_from(list("0123456789.,:;-'’_ aZAÀÖØÞ×ßéx\n٣²")) | st.characters()
_SENTENCES = st.lists(st.text(_CHARACTERS, max_size=30), max_size=6)


@settings(max_examples=500, deadline=None)
@given(_SENTENCES)
def test_counts_are_the_regular_expressions_matches(sentences: list[str]) -> None:
    has_digit, numbers, capitalised = detail_counts(sentences)
    assert has_digit == [_DIGIT.search(s) is not None for s in sentences]
    assert numbers == sum(len(_NUMBER.findall(s)) for s in sentences)
    assert capitalised == sum(len(_CAPITALISED.findall(s)) for s in sentences)


def test_joined_digit_runs_are_one_number_and_a_capital_takes_the_rest_of_its_word() -> None:
    # Numbers: "9,600", "1.2.2024", "3" and "4"; capitalised: "Pay", "McDonald’s-owned" and "Phone".
    sentences = ["Pay 9,600 on 1.2.2024: 3..4", "the McDonald’s-owned iPhone", "no detail"]
    assert detail_counts(sentences) == ([True, False, False], 4, 3)
