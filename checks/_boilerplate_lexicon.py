"""The phrase lists of the boilerplate check: debris phrases and the content lines that must be kept.

Both are data files in ``checks/data/`` (``REASON<TAB>PATTERN[<TAB>any]`` per line, sources in their
headers). Patterns are Python regular expressions written in lower case and matched against the
lower-cased line: one that starts with ``^`` must match at the start of the line, any other must match
at the start of a word somewhere in it. A pattern applies to lines of at most ``MAX_WORDS`` words unless
marked ``any``: a longer line is prose that may quote a phrase, and only patterns that never occur in
prose ("retrieved from https://…") judge it.

Speed matters (every line of every document is tried): the anchored patterns are joined into one
alternation; the others are searched one by one, case-sensitively, so each starts with a literal that
the regex engine can skip to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

MAX_WORDS = 25
_ESCAPE = re.compile(r"\\.")


@dataclass(frozen=True)
class _Compiled:
    anchored: re.Pattern[str] | None  # alternation of the ^ patterns, group g<index> per pattern
    floating: tuple[tuple[int, re.Pattern[str]], ...]  # (index, pattern), in file order

    def find(self, lowered: str) -> int:
        best = -1
        if self.anchored is not None and (match := self.anchored.match(lowered)) is not None:
            best = int(match.lastgroup[1:])  # type: ignore[index]
        for index, pattern in self.floating:
            if best != -1 and index > best:
                break
            if _at_word_start(pattern, lowered):
                return index
        return best


@dataclass(frozen=True)
class PhraseList:
    reasons: tuple[str, ...]
    _short: _Compiled  # every pattern, for lines of at most MAX_WORDS words
    _long: _Compiled  # the patterns marked "any", for longer lines

    def find(self, line: str, words: int) -> int:
        """Index into ``reasons`` of the first pattern (in file order) matching the stripped line of
        ``words`` words, or -1."""
        return (self._short if words <= MAX_WORDS else self._long).find(line.lower())


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
    anchored = [f"(?P<g{index}>{pattern[1:]})" for index, pattern in entries if pattern.startswith("^")]
    floating = tuple((i, re.compile(pattern)) for i, pattern in entries if not pattern.startswith("^"))
    return _Compiled(re.compile("|".join(anchored)) if anchored else None, floating)


def _at_word_start(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` matches somewhere in ``text`` at the start of a word (or of the text)."""
    position = 0
    while (match := pattern.search(text, position)) is not None:
        start = match.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            return True
        position = start + 1
    return False
