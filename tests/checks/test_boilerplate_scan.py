"""The compiled line scan against its definition in Python terms (``re`` and ``str`` methods): every
measure must agree character for character, since the boilerplate model was trained on these figures."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from audit.text import CLOSING_MARKS
from checks import _boilerplate_scan as scan
from checks._boilerplate_lines import normalise

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
WORD = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+(?:['’-][^\W{_CJK}]+)*")
LETTER = re.compile(r"[^\W\d_]")
DIGIT = re.compile(r"\d")
CODE = re.compile(r"[{}()\[\];=<>\\│|_*#`$%&+~^]")
SEPARATOR = re.compile(r"\s[|•»·›/]\s|\s[|•»·›]$|^[|•»·›]\s")
SENTENCE_END = frozenset(".!?…。！？")
TERMINAL = SENTENCE_END | frozenset(":;")
CONTINUING_DASHES = (",", ";", "-", "–", "—")


def expected_row(line: str) -> list[int]:
    words = WORD.findall(line)
    last = line.rstrip(CLOSING_MARKS)[-1:]
    row = [0] * scan.COLUMNS
    row[scan.WORDS] = len(words)
    row[scan.HAS_LETTER] = LETTER.search(line) is not None
    row[scan.DIGITS] = len(DIGIT.findall(line))
    row[scan.CODES] = len(CODE.findall(line))
    row[scan.TITLE_WORDS] = sum(map(str.istitle, words))
    row[scan.UPPER_WORDS] = sum(map(str.isupper, words))
    row[scan.STARTS_LOWER] = line[0].islower()
    row[scan.TERMINAL] = last in TERMINAL and not line.endswith("...")
    row[scan.SENTENCE_END] = last in SENTENCE_END
    row[scan.SEPARATOR] = SEPARATOR.search(line) is not None
    return [int(value) for value in row]


def expected_blocks(lines: list[str], debris: list[int]) -> list[int]:
    block_of = [0] * len(lines)
    for i in range(1, len(lines)):
        previous, line = lines[i - 1], lines[i]
        continues = (
            LETTER.search(previous) is not None
            and LETTER.search(line) is not None
            and debris[i - 1] < 0
            and debris[i] < 0
            and previous.rstrip(CLOSING_MARKS)[-1:] not in SENTENCE_END
            and not previous.endswith(":")
            and (
                line[0].islower()
                or previous.endswith(CONTINUING_DASHES)
                or previous.rsplit(None, 1)[-1].lower() in scan.CONTINUING
            )
        )
        block_of[i] = block_of[i - 1] if continues else block_of[i - 1] + 1
    return block_of


def assert_scan_matches(lines: list[str]) -> None:
    table, words = scan.scan_lines(lines)
    assert table.tolist() == [expected_row(line) for line in lines]
    assert words == [word for line in lines for word in WORD.findall(line)]
    debris = [-1 if i % 7 else 0 for i in range(len(lines))]
    assert scan.blocks(lines, table, debris).tolist() == expected_blocks(lines, debris)
    lowered = [line.lower() for line in lines]
    assert scan.normalised(lines, lowered, table, normalise) == list(map(normalise, lines))


# Characters where the Python definitions are easy to get wrong: title-case digraphs (ǅ), numerals that
# are not decimal digits (Ⅻ, ²), CJK inside and beside words, Greek sigma, combining marks, separators,
# closing marks, code symbols and the apostrophes and hyphens that join words.
TRICKY = "aZé ǅǈΣσςⅫ²٣_-'’.…。!?:;\"”»)]|•·›/{}#=│\t\u00a0\u2003日本語한국어ｱ\u0301İßﬁ0x"
lines = st.text(alphabet=st.sampled_from(TRICKY) | st.characters(), min_size=1, max_size=60).map(str.strip)


@settings(max_examples=400, deadline=None)
@given(st.lists(lines.filter(bool), min_size=1, max_size=8))
def test_the_scan_equals_its_python_definition_on_any_lines(generated: list[str]) -> None:
    assert_scan_matches(generated)


def test_the_scan_equals_its_python_definition_on_the_seed_articles(samples: Path) -> None:
    for path in sorted(samples.glob("*.txt")):
        stripped = [line.strip() for line in path.read_text(encoding="utf-8").split("\n")]
        assert_scan_matches([line for line in stripped if line])


def test_a_menu_line_of_title_case_words_between_separators() -> None:
    table, words = scan.scan_lines(["Home | News | Sport", "don't re-run the U.S. test."])
    assert words == ["Home", "News", "Sport", "don't", "re-run", "the", "U", "S", "test"]
    assert table[0, scan.SEPARATOR] == 1 and table[0, scan.TITLE_WORDS] == 3
    assert table[1, scan.STARTS_LOWER] == 1 and table[1, scan.SENTENCE_END] == 1
    assert table[1, scan.UPPER_WORDS] == 2


def test_a_hard_wrapped_sentence_is_one_block_and_a_heading_starts_the_next() -> None:
    lines = ["The committee met on Tuesday and", "agreed to publish the report.", "Next Steps"]
    table, _ = scan.scan_lines(lines)
    assert scan.blocks(lines, table, [-1, -1, -1]).tolist() == [0, 0, 1]


def test_a_non_ascii_line_is_normalised_by_the_python_function() -> None:
    lines = ["Ｓｈａｒｅ on Facebook »", "Share on Facebook »", "»  |"]
    table, _ = scan.scan_lines(lines)
    forms = scan.normalised(lines, [line.lower() for line in lines], table, normalise)
    assert forms == ["share on facebook", "share on facebook", ""]
    assert unicodedata.normalize("NFKC", lines[0]).lower() == "share on facebook »"


def test_no_lines_give_an_empty_table() -> None:
    table, words = scan.scan_lines([])
    assert table.shape == (0, scan.COLUMNS) and words == []
    assert np.array_equal(scan.blocks([], table, []), np.zeros(0))


def test_every_ascii_character_is_classed_as_python_classes_it() -> None:
    """The scan answers ASCII characters without asking CPython's tables; each character in turn
    stands at a line's ends and inside, beside and between words."""
    lines = []
    for code in range(1, 128):
        c = chr(code)
        lines += [f"{c}Ab{c}cD {c} 9{c}x{c}", f"x {c}", f"{c} y", f"{c}"]
    assert_scan_matches([line.strip() for line in lines if line.strip()])


URL_HINT = re.compile(r"://|www\.|@|\.com|\.org|\.net|\.co\.uk|\.io|\.gov|\.edu")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(["://", "www.", "@", ".com", ".co.uk", ".io", ".ed", "co", "w", ".", ":/", "a b"])
        )
        .map("".join)
        .map(str.lower)
        | st.text(max_size=30).map(str.lower),
        max_size=6,
    )
)
def test_url_hints_are_the_lines_holding_a_string_every_address_holds(lowered: list[str]) -> None:
    assert scan.url_hints(lowered) == [URL_HINT.search(line) is not None for line in lowered]
