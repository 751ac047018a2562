"""Types of the compiled module ``audit/_text_scan.pyx``."""

from collections.abc import Callable

def word_columns(text: str) -> tuple[list[str], list[int], list[int]]: ...
def sentence_columns(
    text: str, abbreviation: Callable[[str], bool]
) -> tuple[list[int], list[int], list[str]]: ...
