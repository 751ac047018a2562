"""The phrase lists of the boilerplate check: debris phrases and the content lines that must be kept.

Both are data files in ``checks/data/`` (``REASON<TAB>PATTERN[<TAB>any]`` per line, sources in their
headers). Patterns are Python regular expressions written in lower case and matched against the
lower-cased line: one that starts with ``^`` must match at the start of the line, any other must match
at the start of a word somewhere in it. A pattern applies to lines of at most ``MAX_WORDS`` words unless
marked ``any``: a longer line is prose that may quote a phrase, and only patterns that never occur in
prose ("retrieved from https://…") judge it.

Speed matters (every line of every document is tried): the anchored patterns are joined into one
alternation per first character of the line, holding only the patterns that can start with it, and are
tried only on lines that start with one of the literal strings their matches start with (both read from
the parsed patterns), so most lines cost one ``str.startswith``; the others are searched
one by one, case-sensitively, so each starts with a literal that the regex engine can skip to, and
only in lines holding one of the strings that some match of theirs must contain (one scan of the whole
document finds those lines). The per-line steps run compiled, in ``_phrase_match.pyx``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from re import _constants as sre
from re import _parser as sre_parse
from typing import Any

from checks._phrase_match import first_matches

MAX_WORDS = 25
_ESCAPE = re.compile(r"\\.")


@dataclass(frozen=True)
class _Compiled:
    # Every match of most ^ patterns starts with one of these literal strings, filed under their first
    # two characters (or one, for a one-character string); a line that starts with none of them can only
    # match the others (``anchored_other``).
    prefixes: dict[str, tuple[str, ...]]
    # Alternations of the ^ patterns, group g<index> per pattern: one per first character of a line,
    # holding the patterns that can start with it, and one for the patterns without prefixes.
    anchored: dict[str, re.Pattern[str] | None]
    anchored_other: re.Pattern[str] | None
    floating: tuple[tuple[int, re.Pattern[str]], ...]  # (index, pattern), in file order
    # Strings of which every match of some floating pattern contains one (None: no such strings), none
    # inside another.
    needles: tuple[str, ...] | None


@dataclass(frozen=True)
class PhraseList:
    reasons: tuple[str, ...]
    _short: _Compiled  # every pattern, for lines of at most MAX_WORDS words
    _long: _Compiled  # the patterns marked "any", for longer lines

    def find(self, line: str, words: int) -> int:
        """Index into ``reasons`` of the first pattern (in file order) matching the stripped line of
        ``words`` words, or -1."""
        return self.find_each([line.lower()], [words])[0]

    def find_each(self, lowered: list[str], words: list[int]) -> list[int]:
        """``find`` for each of a document's lines, already lower-cased, in one compiled pass."""
        return first_matches(self._short, self._long, MAX_WORDS, lowered, words, _at_word_start)


def load_phrase_list(filename: str) -> PhraseList:
    text = resources.files("checks").joinpath("data", filename).read_text(encoding="utf-8")
    return parse_phrase_list(text, filename)


def parse_phrase_list(text: str, origin: str = "<phrases>") -> PhraseList:
    """Compile ``REASON<TAB>PATTERN[<TAB>any]`` lines; ``#`` lines and blank lines are comments."""
    reasons: list[str] = []
    short: list[tuple[int, str]] = []
    long: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        reason, _, rest = raw.partition("\t")
        pattern, _, scope = rest.partition("\t")
        where = f"{origin}:{number}"
        if not reason.strip() or not pattern.strip() or scope not in ("", "any"):
            raise ValueError(f"{where}: expected REASON<TAB>PATTERN[<TAB>any], got {raw!r}")
        if _ESCAPE.sub("", pattern) != _ESCAPE.sub("", pattern).lower():
            raise ValueError(f"{where}: write the pattern in lower case (lines are lower-cased): {pattern!r}")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"{where}: bad pattern {pattern!r}: {exc}") from exc
        entry = (len(reasons), pattern)
        reasons.append(reason.strip())
        short.append(entry)
        if scope:
            long.append(entry)
    return PhraseList(tuple(reasons), _compile(short), _compile(long))


def _compile(entries: list[tuple[int, str]]) -> _Compiled:
    anchored = [(index, pattern[1:]) for index, pattern in entries if pattern.startswith("^")]
    starts = [(entry, literal_prefixes(entry[1])) for entry in anchored]
    characters = sorted({prefix[0] for _, prefixes in starts if prefixes is not None for prefix in prefixes})
    by_first = {
        char: _alternation(
            [entry for entry, prefixes in starts if prefixes is None or any(p[0] == char for p in prefixes)]
        )
        for char in characters
    }
    other = _alternation([entry for entry, prefixes in starts if prefixes is None])
    filed: dict[str, list[str]] = {}
    for prefix in sorted({p for _, prefixes in starts if prefixes is not None for p in prefixes}):
        filed.setdefault(prefix[:2], []).append(prefix)
    floating = [(i, pattern) for i, pattern in entries if not pattern.startswith("^")]
    needles: set[str] = set()
    for _, pattern in floating:
        required = required_strings(pattern)
        if required is None:
            needles.clear()
            break
        needles |= required
    return _Compiled(
        {start: tuple(prefixes) for start, prefixes in filed.items()},
        by_first,
        other,
        tuple((i, re.compile(pattern)) for i, pattern in floating),
        _outermost(needles) if needles else None,
    )


def _outermost(strings: set[str]) -> tuple[str, ...]:
    """The strings that hold none of the others: a line holding a longer one holds the shorter too."""
    return tuple(sorted(s for s in strings if not any(other != s and other in s for other in strings)))


def _alternation(entries: Sequence[tuple[int, str]]) -> re.Pattern[str] | None:
    """The patterns as one alternation in their order, which ``match`` tries first to last."""
    if not entries:
        return None
    return re.compile("|".join(f"(?P<g{index}>{pattern})" for index, pattern in entries))


def literal_prefixes(pattern: str) -> frozenset[str] | None:
    """Non-empty strings of which every match of ``pattern`` starts with one, or None when there are no
    such strings (the pattern starts with a class such as ``\\d`` or ``.``, or can match nothing)."""
    prefixes, _ = _prefixes_of(sre_parse.parse(pattern).data)
    return None if "" in prefixes else frozenset(prefixes)


def required_strings(pattern: str) -> set[str] | None:
    """Strings of which every match of ``pattern`` contains at least one, or None when the pattern
    has no such literal (the longest-shortest choice among its parts, for the sharpest filter)."""
    return _required_of(sre_parse.parse(pattern).data)


def _required_of(items: Sequence[tuple[Any, Any]]) -> set[str] | None:
    choices: list[set[str]] = []
    run: list[str] = []
    for op, arg in [*items, (None, None)]:
        if op is sre.LITERAL:
            run.append(chr(arg))
            continue
        if run:
            choices.append({"".join(run)})
            run = []
        required: set[str] | None = None
        if op is sre.SUBPATTERN:
            required = _required_of(arg[3])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and arg[0] >= 1:
            required = _required_of(arg[2])
        elif op is sre.BRANCH:
            branches = [_required_of(branch) for branch in arg[1]]
            if all(branch is not None for branch in branches):
                required = set().union(*branches)  # type: ignore[arg-type]
        if required:
            choices.append(required)
    return max(choices, key=lambda strings: min(map(len, strings)), default=None)


_MAX_PREFIXES = 256


def _prefixes_of(items: Sequence[tuple[Any, Any]]) -> tuple[set[str], bool]:
    """(prefixes, complete) of a parsed sequence: every match starts with one of the prefixes, and when
    ``complete`` the prefixes are every string the sequence can match."""
    prefixes = {""}
    for op, arg in items:
        ends, complete = _prefixes_of_item(op, arg)
        if ends is None or len(prefixes) * len(ends) > _MAX_PREFIXES:
            return prefixes, False
        prefixes = {prefix + end for prefix in prefixes for end in ends}
        if not complete:
            return prefixes, False
    return prefixes, True


def _prefixes_of_item(op: Any, arg: Any) -> tuple[set[str] | None, bool]:
    if op is sre.LITERAL:
        return {chr(arg)}, True
    if op is sre.AT:  # a position, not a character
        return {""}, True
    if op is sre.IN and all(kind is sre.LITERAL for kind, _ in arg):
        return {chr(code) for _, code in arg}, True
    if op is sre.SUBPATTERN:
        return _prefixes_of(arg[3])
    if op is sre.BRANCH:
        union: set[str] = set()
        all_complete = True
        for branch in arg[1]:
            prefixes, complete = _prefixes_of(branch)
            union |= prefixes
            all_complete &= complete
        return union, all_complete
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, sub = arg
        prefixes, complete = _prefixes_of(sub)
        if low == 0 and high == 1 and complete:
            return prefixes | {""}, True
        return (prefixes, False) if low >= 1 else (None, False)
    return None, False


def _at_word_start(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` matches somewhere in ``text`` at the start of a word (or of the text)."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        start = match.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            return True
        position = start + 1
    return False
