"""Word shingles of a document as 32-bit hashes, computed with NumPy in one pass over the text.

Shingles are runs of ``size`` consecutive words after normalisation (lower case, typographic apostrophes
and dashes made plain), so that a copy that only changed case, punctuation or line breaks hashes the
same. Each word is hashed once, as a polynomial over its UTF-8 bytes evaluated for all words at once;
a shingle's hash combines its words' hashes, so no shingle string is ever built. Hashes are stable
across processes and runs (unlike Python's ``hash``), which a persisted reference index needs.

The arithmetic wraps modulo 2**64, as the hashes want. NumPy never warns when integer *arrays* overflow
(only scalars do), so array arithmetic here runs without ``np.errstate``, whose cost per call counts
when a document has a few hundred words.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from audit.text import Segment, lowered

_U64 = np.uint64
_BASE = 0x100000001B3  # odd, so it has an inverse modulo 2**64
_BASE_INVERSE = pow(_BASE, -1, 1 << 64)
_COMBINE = _U64(0x9E3779B97F4A7C15)
_SPACE = 0x20
# Powers of _BASE and of its inverse for texts up to 64 KiB, computed once (1 MiB) rather than per text.
with np.errstate(over="ignore"):
    _POWERS = np.cumprod(np.full(1 << 16, _BASE, dtype=_U64))
    _INVERSE_POWERS = np.cumprod(np.full(1 << 16, _BASE_INVERSE, dtype=_U64))
_POWERS.flags.writeable = False
_INVERSE_POWERS.flags.writeable = False
# Typographic variants a copy may or may not have; shingles should not depend on them.
_PLAIN = (("’", "'"), ("‘", "'"), ("ʼ", "'"), ("‐", "-"), ("‑", "-"), ("–", "-"), ("—", "-"))


def normalised_words(words: Sequence[Segment]) -> list[str]:
    """Lower-cased words with typographic apostrophes and dashes made plain."""
    return plain_words(lowered([w.text for w in words]))


def plain_words(lowered_words: list[str]) -> list[str]:
    """Lower-cased words (``Document.lowered_words``) with typographic apostrophes and dashes made plain.

    Plain ASCII words are returned as they are; otherwise one replacement pass runs over them all.
    """
    joined = " ".join(lowered_words)
    if joined.isascii():
        return lowered_words
    parts = _plain(joined).split(" ")
    if len(parts) != len(lowered_words):  # the replacements add no spaces, but keep the mapping exact
        return [_plain(word) for word in lowered_words]
    return parts


def _plain(text: str) -> str:
    if text.isascii():
        return text
    for typographic, plain in _PLAIN:
        text = text.replace(typographic, plain)
    return text


def word_hashes(words: Sequence[str]) -> np.ndarray:
    """A 64-bit hash of every word, evaluated for all words with a handful of array operations."""
    if not words:
        return np.zeros(0, dtype=_U64)
    data = np.frombuffer((" ".join(words) + " ").encode("utf-8", "surrogatepass"), dtype=np.uint8)
    ends = (data == _SPACE).nonzero()[0]
    starts = np.empty_like(ends)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    powers, inverse = _powers(data.size)
    # Each word's segment runs to and includes its trailing space, so one reduceat sums them all.
    sums = np.add.reduceat(data.astype(_U64) * powers, starts)
    # Multiplying by the inverse power of the start makes the hash independent of the position.
    scale = np.ones_like(starts, dtype=_U64)
    scale[1:] = inverse[starts[1:] - 1]
    return fmix64(sums * scale)


def _powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    """``_BASE`` and its inverse to the powers 1 … ``size``, from the tables when they are long enough."""
    if size <= _POWERS.size:
        return _POWERS[:size], _INVERSE_POWERS[:size]
    with np.errstate(over="ignore"):
        return np.cumprod(np.full(size, _BASE, dtype=_U64)), np.cumprod(
            np.full(size, _BASE_INVERSE, dtype=_U64)
        )


def ngram_hashes(hashed_words: np.ndarray, n: int, mix: bool = True) -> np.ndarray:
    """A 64-bit hash of every run of ``n`` words (one run of all words when there are fewer).

    ``mix=False`` skips the final avalanche: enough to compare n-grams within one document.
    """
    if hashed_words.size == 0:
        return np.zeros(0, dtype=_U64)
    width = min(n, hashed_words.size)
    count = hashed_words.size - width + 1
    combined = hashed_words[:count].copy()
    for offset in range(1, width):
        combined = combined * _COMBINE + hashed_words[offset : offset + count]
    return fmix64(combined) if mix else combined


def shingle_hashes(hashed_words: np.ndarray, size: int) -> np.ndarray:
    """The 32-bit hash of every ``size``-word shingle, in text order."""
    return (ngram_hashes(hashed_words, size) >> _U64(32)).astype(np.uint32)


def fmix64(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser: spreads every input bit over every output bit (of an array)."""
    values = values ^ (values >> _U64(33))
    values *= _U64(0xFF51AFD7ED558CCD)
    values ^= values >> _U64(33)
    values *= _U64(0xC4CEB9FE1A85EC53)
    values ^= values >> _U64(33)
    return values
