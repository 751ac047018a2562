"""Types of the compiled module ``checks/_phrase_match.pyx``."""

import re
from collections.abc import Callable
from typing import Any

def first_matches(
    for_short: Any,
    for_long: Any,
    max_words: int,
    lowered: list[str],
    words: list[int],
    at_word_start: Callable[[re.Pattern[str], str], bool],
) -> list[int]: ...
