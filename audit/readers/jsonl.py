"""JSON Lines: one document per line, streamed, with a per-line error for every line that is not one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from audit.document import Document
from audit.readers.options import ReadOptions, blank_text_error, size_error

_MAX_ID_CHARS = 512


def read_jsonl(stream: BinaryIO, name: str, source: str, options: ReadOptions) -> Iterator[Document]:
    """Documents from the lines of one JSONL stream; ``name`` prefixes fallback ids (``name:line``)."""
    for number, raw in enumerate(_lines(stream, options.max_document_bytes), start=1):
        fallback_id = f"{name}:{number}"
        where = f"{source}:{number}"
        if raw is None:
            yield _failed(fallback_id, where, f"line {number}: {size_error(options.max_document_bytes)}")
            continue
        if not raw.strip():
            continue
        record, problem = _parse(raw.rstrip(b"\r\n"))
        if problem is not None:
            yield _failed(fallback_id, where, f"line {number} {problem}")
            continue
        if not isinstance(record, dict):
            yield _failed(
                fallback_id, where, f"line {number} is a JSON {type(record).__name__}, not an object"
            )
            continue
        doc_id = _record_id(record.get(options.id_field), fallback_id)
        text = record.get(options.text_field)
        if text is None:
            yield _failed(doc_id, where, f"line {number} has no {options.text_field!r} field")
        elif not isinstance(text, str):
            kind = type(text).__name__
            yield _failed(
                doc_id, where, f"line {number}: field {options.text_field!r} is not a string ({kind})"
            )
        else:
            meta = {k: v for k, v in record.items() if k not in (options.text_field, options.id_field)}
            yield Document(doc_id, text, where, meta, blank_text_error(text))


def _lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The stream's lines, with None for a line over ``limit`` bytes, which is skipped without storing it."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(1024 * 1024)
            yield None
        else:
            yield line


def _parse(raw: bytes) -> tuple[object, str | None]:
    try:
        return json.loads(raw), None
    except UnicodeDecodeError:
        return None, "is not valid UTF-8"
    except json.JSONDecodeError as exc:
        return None, f"is not valid JSON ({exc.msg} at column {exc.colno})"
    except ValueError as exc:
        return None, f"is not valid JSON ({exc})"
    except RecursionError:
        return None, "is not valid JSON (nested too deeply)"


def _record_id(value: object, fallback: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return fallback
    text = str(value)
    return text if 0 < len(text) <= _MAX_ID_CHARS else fallback


def _failed(doc_id: str, source: str, error: str) -> Document:
    return Document(doc_id, "", source, {}, error)
