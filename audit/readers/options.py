"""Reader options shared by every format."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadOptions:
    text_field: str = "text"
    id_field: str = "id"


def blank_text_error(text: str) -> str | None:
    """An empty document has nothing to trust: it is reported with an error rather than scored 100."""
    return "empty document: no text to audit" if not text.strip() else None
