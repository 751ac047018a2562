"""Derived tables are built once and read back, never read stale, and a missing cache only costs time."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from checks._boilerplate_stoplists import Stoplists
from checks._build_cache import CACHE_ENV, build_inputs, built_once, cache_directory
from checks._mt_lexicon import Lexicon, _lexicon_inputs, build_lexicon


class Builds:
    """A build function that counts how often it really builds."""

    def __init__(self, value: dict[str, int]) -> None:
        self.value = value
        self.calls = 0

    def __call__(self) -> dict[str, int]:
        self.calls += 1
        return dict(self.value)


def test_a_second_load_reads_what_the_first_built(tmp_path: Path) -> None:
    build = Builds({"a": 1})
    assert built_once("table", b"inputs v1", build, dict, tmp_path) == {"a": 1}
    assert built_once("table", b"inputs v1", build, dict, tmp_path) == {"a": 1}
    assert build.calls == 1
    assert [p.name.startswith("table-") for p in tmp_path.iterdir()] == [True]


def test_changed_inputs_build_afresh_and_replace_the_old_file(tmp_path: Path) -> None:
    built_once("table", b"inputs v1", Builds({"a": 1}), dict, tmp_path)
    newer = Builds({"a": 2})
    assert built_once("table", b"inputs v2", newer, dict, tmp_path) == {"a": 2}
    assert newer.calls == 1
    assert len(list(tmp_path.glob("table-*.pickle"))) == 1


def test_a_damaged_cache_file_is_rebuilt(tmp_path: Path) -> None:
    built_once("table", b"inputs", Builds({"a": 1}), dict, tmp_path)
    (cached,) = tmp_path.glob("table-*.pickle")
    cached.write_bytes(cached.read_bytes()[:5])
    again = Builds({"a": 1})
    assert built_once("table", b"inputs", again, dict, tmp_path) == {"a": 1}
    assert again.calls == 1
    assert built_once("table", b"inputs", again, dict, tmp_path) == {"a": 1}
    assert again.calls == 1  # the rebuilt file replaced the damaged one


def test_a_file_of_the_wrong_kind_is_not_trusted(tmp_path: Path) -> None:
    built_once("table", b"inputs", Builds({"a": 1}), dict, tmp_path)
    build = Builds({"a": 1})
    assert built_once("table", b"inputs", build, list, tmp_path) == {"a": 1}  # type: ignore[arg-type]
    assert build.calls == 1


def test_a_cache_path_that_is_a_file_still_gives_the_tables(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder", encoding="utf-8")
    build = Builds({"a": 1})
    assert built_once("table", b"inputs", build, dict, blocker) == {"a": 1}
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_the_cache_directory_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "mine"))
    assert cache_directory() == tmp_path / "mine"
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_directory() == tmp_path / "xdg" / "textaudit"


def test_the_lexicon_read_back_equals_the_one_built(tmp_path: Path) -> None:
    built = built_once("mt-lexicon", _lexicon_inputs(), build_lexicon, Lexicon, tmp_path)
    read = built_once("mt-lexicon", _lexicon_inputs(), _never, Lexicon, tmp_path)
    assert read is not built
    for table in ("words", "foreign"):
        assert getattr(read, table).text == getattr(built, table).text
        assert np.array_equal(getattr(read, table).starts, getattr(built, table).starts)
    assert np.array_equal(read.foreign_languages, built.foreign_languages)
    assert read.common == built.common and read.function_words == built.function_words
    assert np.array_equal(read.row_table, built.row_table)
    for field in dataclasses.fields(read.bigrams):
        assert np.array_equal(getattr(read.bigrams, field.name), getattr(built.bigrams, field.name))
    assert np.array_equal(read.typos.keys, built.typos.keys) and read.typos.words == built.typos.words


def _never() -> Lexicon:
    raise AssertionError("the lexicon should have been read from the cache")


def test_the_stoplists_read_back_choose_as_the_ones_built(tmp_path: Path) -> None:
    inputs = b"stoplists"
    built = built_once("justext-stoplists", inputs, Stoplists, Stoplists, tmp_path)
    read = built_once("justext-stoplists", inputs, _never_stoplists, Stoplists, tmp_path)
    english = "the cat sat on the mat and it was happy with the day".split()
    german = "der hund und die katze sind nicht in dem haus mit der frau".split()
    for words in (english, german):
        assert read.choose(words) == built.choose(words)
    assert read.choose(english)[0] == "English" and read.choose(german)[0] == "German"


def _never_stoplists() -> Stoplists:
    raise AssertionError("the stoplists should have been read from the cache")


def test_the_inputs_name_the_sources_and_the_versions_of_the_packages_read() -> None:
    inputs = build_inputs([b"building code", b"data file"], ["numpy"])
    assert b"building code" in inputs and b"data file" in inputs
    assert np.__version__.encode() in inputs
    assert build_inputs([b"building code"], ["numpy"]) != build_inputs([b"building code 2"], ["numpy"])
