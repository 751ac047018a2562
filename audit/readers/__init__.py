"""Readers turn command-line inputs (folders, files, ``-`` for stdin) into a stream of documents.

Every input yields at least one document: one that cannot be read becomes a document with an ``error``.
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from audit.document import Document
from audit.readers.decode import decode_bytes
from audit.readers.detect import GZIP_MAGIC, Format, binary_kind, detect
from audit.readers.html import read_html
from audit.readers.jsonl import read_jsonl
from audit.readers.options import ReadOptions, blank_text_error

__all__ = ["ReadOptions", "read_inputs", "read_stream"]

STDIN = "-"
_HEAD_BYTES = 65536
_DEFAULTS = ReadOptions()


def read_inputs(
    paths: Iterable[str], options: ReadOptions = _DEFAULTS, stdin: BinaryIO | None = None
) -> Iterator[Document]:
    """Documents from every path in order; folders are walked recursively in name order."""
    for arg in paths:
        if arg == STDIN:
            stream = stdin if stdin is not None else os.fdopen(0, "rb", closefd=False)
            yield from read_stream(stream, "stdin", STDIN, options)
        elif os.path.isdir(arg):
            for path, rel, error in _walk(Path(arg)):
                if error is None:
                    yield from _read_file(path, rel, options)
                else:
                    yield Document(rel, "", str(path), {}, _os_error(error))
        else:
            yield from _read_file(Path(arg), arg, options)


def read_stream(stream: BinaryIO, name: str, source: str, options: ReadOptions) -> Iterator[Document]:
    """Documents from an open binary stream, its format detected from its first bytes."""
    try:
        buffered = io.BufferedReader(stream, buffer_size=_HEAD_BYTES)  # type: ignore[arg-type]
        if buffered.peek(len(GZIP_MAGIC)).startswith(GZIP_MAGIC):
            inner = name[:-3] if name.lower().endswith(".gz") else name
            with gzip.open(buffered, "rb") as unzipped:
                unzipped_buffered = io.BufferedReader(unzipped, buffer_size=_HEAD_BYTES)
                yield from _read_detected(unzipped_buffered, inner, name, source, options)
        else:
            yield from _read_detected(buffered, name, name, source, options)
    except OSError as exc:
        yield Document(name, "", source, {}, _os_error(exc))
    except (EOFError, zlib.error) as exc:
        yield Document(name, "", source, {}, f"corrupt gzip data: {exc}")


def _read_detected(
    stream: io.BufferedReader, detect_name: str, doc_id: str, source: str, options: ReadOptions
) -> Iterator[Document]:
    head = stream.peek(_HEAD_BYTES)[:_HEAD_BYTES]
    fmt = detect(detect_name, head)
    if fmt is Format.JSONL:
        yield from read_jsonl(stream, doc_id, source, options)
    elif fmt is Format.HTML:
        yield read_html(stream.read(), doc_id, source)
    elif fmt is Format.BINARY:
        yield Document(doc_id, "", source, {}, f"binary file ({binary_kind(head)}), not text")
    else:
        text, encoding = decode_bytes(stream.read())
        yield Document(doc_id, text, source, {"encoding": encoding}, blank_text_error(text))


def _read_file(path: Path, doc_id: str, options: ReadOptions) -> Iterator[Document]:
    source = str(path)
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed below, once the generator is drained
    except OSError as exc:
        yield Document(doc_id, "", source, {}, _os_error(exc))
        return
    with stream:
        yield from read_stream(stream, doc_id, source, options)


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
            yield path, path.relative_to(root).as_posix(), error


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=True)
    except OSError:
        return False


def _os_error(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"cannot read: {reason[0].lower()}{reason[1:]}" if reason else "cannot read"
