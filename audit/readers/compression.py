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
    raw = gzip.GzipFile(fileobj=counted, mode="rb") if codec == "gzip" else _ZstdFrames(counted)
    return io.BufferedReader(_ExpansionGuard(raw, counted, max_expansion), buffer_size=64 * 1024)


class _ZstdFrames(io.RawIOBase):
    """Decompresses concatenated zstd frames and, unlike zstandard's stream reader, notices a cut-off one."""

    _CHUNK = 64 * 1024

    def __init__(self, compressed: io.RawIOBase) -> None:
        self.compressed = compressed
        self.frame = zstandard.ZstdDecompressor().decompressobj()
        self.frame_started = False
        self.pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self.pending:
            chunk = self.compressed.read(self._CHUNK)
            if not chunk:
                if self.frame_started and not self.frame.eof:
                    raise EOFError("compressed file ended before the end of its last zstd frame")
                return 0
            self.pending = self._feed(chunk)
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        return size

    def _feed(self, chunk: bytes) -> bytes:
        output = []
        while chunk:
            self.frame_started = True
            output.append(self.frame.decompress(chunk))
            chunk = self.frame.unused_data if self.frame.eof else b""
            if self.frame.eof and chunk:
                self.frame = zstandard.ZstdDecompressor().decompressobj()
        return b"".join(output)


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
