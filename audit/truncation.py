"""Long lines cut for scoring: a minified script or a table dumped on one line costs every check time in
proportion to its length and tells nothing a few thousand characters would not.

Checks see a view of the document whose over-long lines are cut at the limit; their spans are mapped
back to offsets in the original text, and their details say how much was left unscored.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, replace

from audit.document import CheckResult, Document, Span


@dataclass(frozen=True)
class Truncation:
    view_starts: tuple[int, ...]  # where each kept piece starts in the view
    original_starts: tuple[int, ...]  # and in the original text
    lines: int
    dropped_chars: int

    def to_original(self, offset: int) -> int:
        piece = bisect.bisect_right(self.view_starts, offset) - 1
        return self.original_starts[piece] + offset - self.view_starts[piece]

    def apply(self, result: CheckResult) -> CheckResult:
        """The result with spans in original offsets and the truncation recorded in its details."""
        spans = [
            Span(self.to_original(s.start), self.to_original(s.end - 1) + 1, s.reason) for s in result.spans
        ]
        details = {**result.details, "truncated_lines": self.lines, "chars_not_scored": self.dropped_chars}
        return replace(result, spans=spans, details=details)


def truncate_long_lines(doc: Document, limit: int) -> tuple[Document, Truncation | None]:
    """A view of ``doc`` with every line cut to ``limit`` characters, or ``doc`` itself if none is longer."""
    text = doc.text
    if len(text) <= limit or all(len(line) <= limit for line in text.split("\n")):
        return doc, None
    pieces: list[str] = []
    view_starts: list[int] = []
    original_starts: list[int] = []
    view_at = original_at = lines = dropped = 0
    for line in text.split("\n"):
        kept = line[:limit]
        view_starts.append(view_at)
        original_starts.append(original_at)
        pieces.append(kept)
        if len(line) > limit:
            lines += 1
            dropped += len(line) - limit
        view_at += len(kept) + 1
        original_at += len(line) + 1
    view = Document(doc.id, "\n".join(pieces), doc.source, doc.meta, doc.error)
    return view, Truncation(tuple(view_starts), tuple(original_starts), lines, dropped)
