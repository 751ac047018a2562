"""Types of the compiled module ``checks/_boilerplate_scan.pyx``."""

from collections.abc import Callable

import numpy as np

WORDS: int
HAS_LETTER: int
DIGITS: int
CODES: int
TITLE_WORDS: int
UPPER_WORDS: int
STARTS_LOWER: int
TERMINAL: int
SENTENCE_END: int
SEPARATOR: int
COLUMNS: int
CONTINUING: frozenset[str]

def scan_lines(lines: list[str]) -> tuple[np.ndarray, list[str]]: ...
def blocks(lines: list[str], scan: np.ndarray, debris: list[int]) -> np.ndarray: ...
def normalised(
    lines: list[str], lowered: list[str], scan: np.ndarray, normalise: Callable[[str], str]
) -> list[str]: ...
def url_hints(lowered: list[str]) -> list[bool]: ...
