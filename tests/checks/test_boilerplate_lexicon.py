"""The phrase lists' fast lookups (literal prefixes, first-character buckets, required strings) must
find exactly what trying every pattern in file order finds."""

from __future__ import annotations

import random
import re
from importlib import resources
from pathlib import Path

import pytest

from checks._boilerplate_lexicon import (
    MAX_WORDS,
    _outermost,
    literal_prefixes,
    load_phrase_list,
    parse_phrase_list,
    required_strings,
)

LISTS = ("boilerplate_debris.tsv", "boilerplate_keep.tsv")


def _patterns(filename: str) -> list[tuple[str, bool]]:
    """(pattern, applies to long lines) of every entry, in file order."""
    text = resources.files("checks").joinpath("data", filename).read_text(encoding="utf-8")
    entries = []
    for raw in text.splitlines():
        if raw.strip() and not raw.startswith("#"):
            _, pattern, scope = [*raw.split("\t"), ""][:3]
            entries.append((pattern, scope == "any"))
    return entries


def _first_match(entries: list[tuple[str, bool]], line: str, words: int) -> int:
    """The slow reference: every pattern tried in file order."""
    lowered = line.lower()
    for index, (pattern, any_length) in enumerate(entries):
        if words > MAX_WORDS and not any_length:
            continue
        if pattern.startswith("^"):
            if re.match(pattern[1:], lowered):
                return index
        elif any(
            m.start() == 0 or not (lowered[m.start() - 1].isalnum() or lowered[m.start() - 1] == "_")
            for m in re.finditer(f"(?=(?:{pattern}))", lowered)
        ):
            return index
    return -1


def _lines(samples: Path) -> list[str]:
    lines = [line.strip() for path in sorted(samples.iterdir()) for line in path.read_text().splitlines()]
    rng = random.Random(5)
    words = " ".join(lines).split()
    lines += [" ".join(rng.choices(words, k=rng.randint(1, 40))) for _ in range(2000)]
    lines += [
        "Leave a Reply",
        "Read more »",
        "Please log in to upload a file.",
        "© 2024 Example Media. All rights reserved.",
        "You need to enable JavaScript to run this app.",
        "3 items in your cart",
        "Subscribe to our newsletter for daily updates",
        "Retrieved from https://example.org/x",
        "Also contributed.",
        "Jane Doe contributed reporting to this story.",
        "12 comments",
        "",
    ]
    return [line for line in lines if line]


@pytest.mark.parametrize("filename", LISTS)
def test_phrase_list_finds_the_first_pattern_in_file_order(filename: str, samples: Path) -> None:
    phrases = load_phrase_list(filename)
    entries = _patterns(filename)
    for line in _lines(samples):
        words = len(line.split())
        assert phrases.find(line, words) == _first_match(entries, line, words), line


@pytest.mark.parametrize("filename", LISTS)
def test_all_lines_of_a_document_at_once_find_what_each_alone_finds(filename: str, samples: Path) -> None:
    """find_each looks for the floating patterns' strings in all lines joined: a string at a line's start
    or end must be put down to that line, not to its neighbour."""
    phrases = load_phrase_list(filename)
    lines = _lines(samples)
    lowered = [line.lower() for line in lines]
    words = [len(line.split()) for line in lines]
    alone = [phrases.find(line, count) for line, count in zip(lines, words, strict=True)]
    assert phrases.find_each(lowered, words) == alone
    assert phrases.find_each(lowered[::-1], words[::-1]) == alone[::-1]
    assert phrases.find_each([], []) == []


def test_literal_prefixes_of_a_pattern() -> None:
    assert literal_prefixes("(post|add) a comment") == {"post a comment", "add a comment"}
    assert literal_prefixes("(please )?upload") == {"please upload", "upload"}
    assert literal_prefixes(r"comments? \d+") == {"comment ", "comments "}
    assert literal_prefixes("(ab)+c") == {"ab"}  # a repeat ends what is known
    assert literal_prefixes(r"\d+ comments") is None  # a class: any digit of any script
    assert literal_prefixes("(x)?") is None  # may match the empty string


def test_required_strings_of_a_pattern() -> None:
    assert required_strings(r"retrieved from https?://") == {"retrieved from http"}
    assert required_strings("items? in (your )?cart") == {"item"}
    assert required_strings("(subscribe|register) now") == {"subscribe", "register"}
    # The parser moves a first letter the branches share out of them; what remains is still required.
    assert required_strings("(subscribe|sign up) now") == {"ubscribe", "ign up"}
    assert required_strings(r"(ab|c\w*)") == {"ab", "c"}
    assert required_strings(r"\w+") is None


def test_a_list_whose_floating_pattern_needs_no_literal_still_finds_it() -> None:
    phrases = parse_phrase_list("counter\t\\d+ views\nread more\tread more\n")
    assert phrases.find("1,204 views", 2) == 0
    assert phrases.find("or read more", 3) == 1
    assert phrases.find("nothing here", 2) == -1
    lines = ["read more", "1,204 views", "nothing", "x read more", "read more"]
    assert phrases.find_each(lines, [2, 2, 1, 3, 30]) == [1, 0, -1, 1, -1]


def test_a_needle_inside_another_is_the_one_searched_for() -> None:
    # A line holding "javascript " holds "javascript": searching for both would only find it twice.
    assert _outermost({"javascript ", "javascript", "file", "profile", "item"}) == (
        "file",
        "item",
        "javascript",
    )
