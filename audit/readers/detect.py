"""Format detection from a file's name and first bytes, so users never have to name the format."""

from __future__ import annotations

import json
import re
from enum import Enum

from audit.readers.decode import utf16_without_bom

PARQUET_MAGIC = b"PAR1"  # a Parquet file starts (and ends) with it
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x7fELF", "ELF executable"),
    (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"RIFF", "RIFF media file"),
    (b"\x00\x00\x01\x00", "icon image"),
    (b"SQLite format 3\x00", "SQLite database"),
)
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.IGNORECASE | re.DOTALL)
# Bytes that do not occur in text in any encoding this tool reads (tab, newlines, form feed, ESC excepted).
_NON_TEXT = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))


class Format(Enum):
    TEXT = "text"
    JSONL = "jsonl"
    HTML = "html"
    BINARY = "binary"


def binary_kind(head: bytes) -> str | None:
    """A human name for a binary file ("PNG image"), or None when the bytes look like text."""
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if not head or utf16_without_bom(head) is not None or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    non_text = sum(head.count(bytes([b])) for b in _NON_TEXT)
    if non_text > 0.1 * len(head):
        return "binary data"
    return None


def detect(name: str, head: bytes) -> Format:
    """The format of a (decompressed) stream from its name without ``.gz`` and its first bytes."""
    lowered = name.lower()
    if lowered.endswith(_JSONL_SUFFIXES):
        return Format.JSONL
    if binary_kind(head) is not None:
        return Format.BINARY
    if lowered.endswith((".txt", ".md")):
        return Format.TEXT
    if lowered.endswith(_HTML_SUFFIXES) or _HTML_START.match(head.removeprefix(b"\xef\xbb\xbf")):
        return Format.HTML
    return Format.JSONL if _first_line_is_json_object(head) else Format.TEXT


def _first_line_is_json_object(head: bytes) -> bool:
    stripped = head.lstrip()
    if not stripped.startswith(b"{"):
        return False
    line = stripped.split(b"\n", 1)[0]
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False
