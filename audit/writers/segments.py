"""Cut a text at span boundaries so overlapping evidence from several checks can be highlighted at once."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

Piece = tuple[str, tuple[int, ...]]


def highlight_segments(text: str, spans: Sequence[tuple[int, int]]) -> list[Piece]:
    """Consecutive pieces of ``text``, each with the indices of the spans that cover all of it.

    Spans are clamped to the text and empty ones are dropped, so a check reporting offsets past the end
    cannot break a report. The pieces join back into ``text``.
    """
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for index, (start, end) in enumerate(spans):
        start, end = max(start, 0), min(end, len(text))
        if start < end:
            starts.setdefault(start, []).append(index)
            ends.setdefault(end, []).append(index)
    cuts = sorted({0, len(text), *starts, *ends})
    active: set[int] = set()
    pieces: list[Piece] = []
    for here, there in pairwise(cuts):
        active.difference_update(ends.get(here, ()))
        active.update(starts.get(here, ()))
        pieces.append((text[here:there], tuple(sorted(active))))
    return pieces
