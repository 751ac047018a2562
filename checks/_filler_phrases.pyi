"""Types of the compiled module ``checks/_filler_phrases.pyx``."""

from collections.abc import Callable
from typing import TypeVar

M = TypeVar("M")

def phrase_marks(
    low: list[str],
    texts: list[str],
    starts: list[int],
    ends: list[int],
    initial: set[int],
    single: dict[str, str],
    first_two: dict[tuple[str, str], tuple[tuple[tuple[str, ...], str], ...]],
    first_words: frozenset[str],
    mark: Callable[[str, int, int], M],
) -> list[M]: ...
