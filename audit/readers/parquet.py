"""Parquet: one document per row, streamed in record batches (only the two columns needed are read)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from audit.document import Document
from audit.readers.options import ReadOptions, blank_text_error, size_error

_BATCH_ROWS = 1024


def read_parquet(stream: BinaryIO, name: str, source: str, options: ReadOptions) -> Iterator[Document]:
    """Documents from the rows of a Parquet file; fallback ids are ``name:row`` (rows counted from 1)."""
    try:
        table = pq.ParquetFile(stream)
    except (pa.ArrowException, OSError) as exc:
        yield Document(name, "", source, {}, f"not a readable Parquet file: {exc}")
        return
    columns = table.schema_arrow.names
    if options.text_field not in columns:
        found = ", ".join(columns[:10])
        yield Document(name, "", source, {}, f"Parquet file has no {options.text_field!r} column ({found})")
        return
    wanted = [options.text_field] + ([options.id_field] if options.id_field in columns else [])
    row = 0
    for batch in table.iter_batches(batch_size=_BATCH_ROWS, columns=wanted):
        texts = batch.column(options.text_field).to_pylist()
        ids = batch.column(options.id_field).to_pylist() if len(wanted) == 2 else [None] * len(texts)
        for text, raw_id in zip(texts, ids, strict=True):
            row += 1
            doc_id = str(raw_id) if isinstance(raw_id, str | int) and str(raw_id) else f"{name}:{row}"
            where = f"{source}:{row}"
            if not isinstance(text, str):
                kind = "null" if text is None else type(text).__name__
                yield Document(doc_id, "", where, {}, f"row {row}: column {options.text_field!r} is {kind}")
            elif len(text) > options.max_document_bytes:
                yield Document(doc_id, "", where, {}, size_error(options.max_document_bytes))
            else:
                yield Document(doc_id, text, where, {}, blank_text_error(text))
