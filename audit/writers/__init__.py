"""Writers render one stream of document reports into a format; the format names are user-facing."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TextIO

from audit.document import DocumentReport
from audit.writers.machine import write_csv, write_json, write_jsonl
from audit.writers.table import write_table

Writer = Callable[[Iterable[DocumentReport], TextIO, Sequence[str]], None]

WRITERS: dict[str, Writer] = {
    "table": write_table,
    "json": write_json,
    "jsonl": write_jsonl,
    "csv": write_csv,
}
