"""A regular expression that finds any of many literal strings, as a trie instead of a flat alternation.

``(?:Associated Press|AP|AFP|…)`` makes the regex engine try every alternative at every position of the
text; the same strings as a trie, ``(?:A(?:FP|P|ssociated\\ Press)|…)``, try one branch per character.
A flat alternation sorted longest first matches, at a given position, the longest string that lets the
rest of the pattern match; the trie does the same, because at every node it tries the longer strings
(the child branches, of which at most one can match the next character) before ending there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_Trie = dict[str, "_Trie"]
_END = ""  # the key that marks a node where a string ends


def trie_pattern(strings: Iterable[str], first_guard: str = "") -> str:
    """A non-capturing regex matching any of ``strings`` (longest first), which must be non-empty.

    ``first_guard``, a ``str.format`` template with one ``{}`` for the escaped first character, is
    placed after each first character: a lookbehind there (``(?<!\\w{})``) tests what precedes the
    match while the pattern still starts with a literal character, which lets the engine skip ahead
    to the next possible first character in C.
    """
    trie: _Trie = {}
    for string in strings:
        if not string:
            raise ValueError("trie_pattern: strings must not be empty")
        node = trie
        for char in string:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _branches(trie, first_guard)


def _branches(node: _Trie, guard: str = "") -> str:
    branches = []
    for char, child in sorted(node.items()):
        if char != _END:
            escaped = re.escape(char)
            branches.append(escaped + (guard.format(escaped) if guard else "") + _branches(child))
    ends_here = _END in node
    if not branches:
        return ""
    if len(branches) == 1 and not ends_here:
        return branches[0]
    return "(?:" + "|".join(branches) + ("|" if ends_here else "") + ")"
