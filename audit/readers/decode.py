"""Bytes to text: pick the encoding from the bytes, never fail on a legible file."""

from __future__ import annotations

import codecs
from collections.abc import Iterator

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode_bytes(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read with.

    A byte-order mark first, then UTF-8, then UTF-16 without a mark (recognised by its NUL pattern), then
    Windows-1252, and Latin-1 as the last resort, which accepts any byte.
    """
    for encoding in _candidates(data):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "latin-1"


def _candidates(data: bytes) -> Iterator[str]:
    bom = next((encoding for mark, encoding in _BOMS if data.startswith(mark)), None)
    if bom is not None:
        yield bom
    yield "utf-8"
    utf16 = utf16_without_bom(data)
    if utf16 is not None:
        yield utf16
    yield "cp1252"


def utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when most odd or even bytes are NUL, as in ASCII-range UTF-16."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 4:
        return None
    pairs = len(sample) // 2
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    if odd_nuls > 0.6 * pairs and even_nuls < 0.1 * pairs:
        return "utf-16-le"
    if even_nuls > 0.6 * pairs and odd_nuls < 0.1 * pairs:
        return "utf-16-be"
    return None
