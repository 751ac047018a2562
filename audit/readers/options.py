"""Reader options shared by every format, with limits that keep hostile input from exhausting memory."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class ReadOptions:
    text_field: str = "text"
    id_field: str = "id"
    # A document (a text file, or one JSONL line) over this size is reported with an error, unread.
    max_document_bytes: int = 64 * MIB
    # Decompressed data may be at most this many times the compressed bytes read so far (plus a small
    # allowance): text compresses 3-20x, a compression bomb 1000x.
    max_expansion: float = 100.0


def blank_text_error(text: str) -> str | None:
    """An empty document has nothing to trust: it is reported with an error rather than scored 100."""
    return "empty document: no text to audit" if not text.strip() else None


def size_error(limit: int) -> str:
    size = f"{limit // MIB} MiB" if limit % MIB == 0 else f"{limit:,} bytes"
    return f"document is over the {size} size limit (raise it with --max-doc-mb)"
