"""Readers turn command-line inputs (folders, files, ``-`` for stdin) into a stream of documents.

Every input yields at least one document: one that cannot be read becomes a document with an ``error``.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import zstandard

from audit.document import Document
from audit.readers.compression import CompressionBombError, codec_of, decompressed, inner_name
from audit.readers.decode import decode_bytes
from audit.readers.detect import PARQUET_MAGIC, Format, binary_kind, detect
from audit.readers.jsonl import read_jsonl
from audit.readers.options import ReadOptions, blank_text_error, size_error

__all__ = ["InputFile", "ReadOptions", "list_inputs", "read_file", "read_inputs", "read_stream"]

STDIN = "-"
_HEAD_BYTES = 65536
_DEFAULTS = ReadOptions()


@dataclass(frozen=True)
class InputFile:
    """One file to read: where it is, the id its documents are named after, or why it cannot be read."""

    path: str
    id: str
    error: str | None = None


def list_inputs(paths: Iterable[str]) -> Iterator[InputFile]:
    """The files behind the command-line paths, in order; folders are walked recursively in name order."""
    for arg in paths:
        if os.path.isdir(arg):
            for path, rel, error in _walk(Path(arg)):
                yield InputFile(str(path), rel, None if error is None else _os_error(error))
        else:
            yield InputFile(arg, arg)


def read_inputs(
    paths: Iterable[str], options: ReadOptions = _DEFAULTS, stdin: BinaryIO | None = None
) -> Iterator[Document]:
    """Documents from every path in order; ``-`` reads standard input."""
    for arg in paths:
        if arg == STDIN:
            stream = stdin if stdin is not None else os.fdopen(0, "rb", closefd=False)
            yield from read_stream(stream, "stdin", STDIN, options)
            continue
        for item in list_inputs([arg]):
            yield from read_file(item, options)


def read_file(item: InputFile, options: ReadOptions = _DEFAULTS) -> Iterator[Document]:
    """The documents of one listed file (one, or one per record), or one document with its error."""
    if item.error is not None:
        yield Document(item.id, "", item.path, {}, item.error)
        return
    try:
        stream = open(item.path, "rb")  # noqa: SIM115 - closed below, once the generator is drained
    except OSError as exc:
        yield Document(item.id, "", item.path, {}, _os_error(exc))
        return
    with stream:
        yield from read_stream(stream, item.id, item.path, options)


def read_stream(stream: BinaryIO, name: str, source: str, options: ReadOptions) -> Iterator[Document]:
    """Documents from an open binary stream, its format (and compression) detected from its first bytes."""
    codec = None
    try:
        buffered = io.BufferedReader(stream, buffer_size=_HEAD_BYTES)  # type: ignore[arg-type]
        magic = buffered.peek(8)[:8]
        codec = codec_of(magic)
        if magic.startswith(PARQUET_MAGIC):
            from audit.readers.parquet import read_parquet  # see _read_html

            yield from read_parquet(_seekable(buffered), name, source, options)
        elif codec is not None:
            inner = decompressed(buffered, codec, options.max_expansion)
            yield from _read_detected(inner, inner_name(name, codec), name, source, options)
        else:
            yield from _read_detected(buffered, name, name, source, options)
    except OSError as exc:
        yield Document(name, "", source, {}, _os_error(exc))
    except (EOFError, zlib.error, zstandard.ZstdError) as exc:
        yield Document(name, "", source, {}, f"corrupt {codec} data: {exc}")
    except CompressionBombError as exc:
        yield Document(name, "", source, {}, str(exc))


def _read_html(data: bytes, doc_id: str, source: str) -> Document:
    """Imported on first use, as is the Parquet reader: trafilatura and pyarrow take a sixth of a second
    to import, which every scan paid at start whether or not it read HTML or Parquet."""
    from audit.readers.html import read_html

    return read_html(data, doc_id, source)


def _read_detected(
    stream: io.BufferedReader, detect_name: str, doc_id: str, source: str, options: ReadOptions
) -> Iterator[Document]:
    head = stream.peek(_HEAD_BYTES)[:_HEAD_BYTES]
    fmt = detect(detect_name, head)
    if fmt is Format.JSONL:
        yield from read_jsonl(stream, doc_id, source, options)
    elif fmt is Format.BINARY:
        yield Document(doc_id, "", source, {}, f"binary file ({binary_kind(head)}), not text")
    else:
        data = stream.read(options.max_document_bytes + 1)
        if len(data) > options.max_document_bytes:
            yield Document(doc_id, "", source, {}, size_error(options.max_document_bytes))
        elif fmt is Format.HTML:
            yield _read_html(data, doc_id, source)
        else:
            text, encoding = decode_bytes(data)
            yield Document(doc_id, text, source, {"encoding": encoding}, blank_text_error(text))


def _seekable(stream: io.BufferedReader) -> BinaryIO:
    """Parquet reads its footer first: a pipe is read into memory, a file is used as it is."""
    return stream if stream.seekable() else io.BytesIO(stream.read())


def _walk(root: Path) -> Iterator[tuple[Path, str, OSError | None]]:
    """Files under ``root`` in name order with their ids (path relative to ``root``); hidden entries skipped.

    Symlinked folders are followed, but a folder already visited (a symlink loop) is not entered again.
    A folder that cannot be listed is yielded with its error, so it still shows up in the report.
    """
    seen: set[tuple[int, int]] = set()
    stack: list[Iterator[os.DirEntry[str]]] = []

    def enter(folder: Path) -> OSError | None:
        try:
            stat = folder.stat()
            if (stat.st_dev, stat.st_ino) not in seen:
                seen.add((stat.st_dev, stat.st_ino))
                stack.append(iter(sorted(os.scandir(folder), key=lambda e: e.name)))
        except OSError as exc:
            return exc
        return None

    error = enter(root)
    if error is not None:
        yield root, root.name, error
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        is_dir = _is_dir(entry)
        error = enter(path) if is_dir else None
        if error is not None or not is_dir:
            yield path, path.relative_to(root).as_posix(), error or _not_regular(path)


def _not_regular(path: Path) -> OSError | None:
    """Opening a named pipe or a device found in a folder would block or never end: report it instead."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None  # a dangling link: opening it reports the error
    if stat.S_ISREG(mode):
        return None
    kind = "named pipe" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode) else "device"
    return OSError(errno.EINVAL, f"not a regular file ({kind})")


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def _os_error(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"cannot read: {reason[0].lower()}{reason[1:]}" if reason else "cannot read"
