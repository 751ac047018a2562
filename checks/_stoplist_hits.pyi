"""Types of the compiled module ``checks/_stoplist_hits.pyx``."""

from collections.abc import Iterable

def language_hits(
    top: Iterable[tuple[str, int]], languages_of: dict[str, tuple[int, ...]], languages: int
) -> list[int]: ...
