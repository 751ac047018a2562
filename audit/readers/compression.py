"""Transparent decompression (gzip, zstd) with a guard against compression bombs."""

from __future__ import annotations

import gzip
import io
from typing import BinaryIO

import zstandard

from audit.readers.options import MIB

GZIP_MAGIC = b"\x1f\x8b"
ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"
_SUFFIXES = {"gzip": (".gz", ".gzip"), "zstd": (".zst", ".zstd")}
_ALLOWANCE = 16 * MIB


class CompressionBombError(Exception):
    """Decompressed data grew far beyond what text compresses to."""


def codec_of(head: bytes) -> str | None:
    if head.startswith(GZIP_MAGIC):
        return "gzip"
    if head.startswith(ZSTD_MAGIC):
        return "zstd"
    return None


def inner_name(name: str, codec: str) -> str:
    """``crawl.jsonl.gz`` -> ``crawl.jsonl``: the name that tells the format of the decompressed bytes."""
    for suffix in _SUFFIXES[codec]:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return name


def decompressed(compressed: BinaryIO, codec: str, max_expansion: float) -> io.BufferedReader:
    """A buffered stream of the decompressed bytes that raises CompressionBombError past the ratio."""
    counted = _CountingReader(compressed)
    raw: BinaryIO
    if codec == "gzip":
        raw = gzip.GzipFile(fileobj=counted, mode="rb")  # type: ignore[arg-type]
    else:
        raw = zstandard.ZstdDecompressor().stream_reader(counted, read_across_frames=True)  # type: ignore[arg-type]
    return io.BufferedReader(_ExpansionGuard(raw, counted, max_expansion), buffer_size=64 * 1024)


class _CountingReader(io.RawIOBase):
    """Counts the compressed bytes consumed, the denominator of the expansion ratio."""

    def __init__(self, inner: BinaryIO) -> None:
        self.inner = inner
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


class _ExpansionGuard(io.RawIOBase):
    def __init__(self, inner: BinaryIO, counted: _CountingReader, max_expansion: float) -> None:
        self.inner = inner
        self.counted = counted
        self.max_expansion = max_expansion
        self.produced = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        self.produced += len(data)
        if self.produced > self.max_expansion * self.counted.count + _ALLOWANCE:
            raise CompressionBombError(
                f"decompressed data is over {self.max_expansion:g}x its compressed size, "
                "which text never is: a compression bomb? (raise the limit with --max-expansion)"
            )
        return len(data)
