"""A disk spool for per-document results while corpus checks wait for the end of the pass.

Holding every document's results in memory would make memory grow with the corpus; the spool keeps
them on disk in input order and hands them back once the corpus checks have resolved.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterator
from types import TracebackType
from typing import Any


class Spool:
    def __init__(self) -> None:
        self._file = tempfile.TemporaryFile(prefix="textaudit-spool-")  # noqa: SIM115 - closed on exit
        self.count = 0

    def append(self, item: Any) -> None:
        pickle.dump(item, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1

    def __iter__(self) -> Iterator[Any]:
        """The items in the order they were appended (the spool holds only what this process wrote)."""
        self._file.seek(0)
        for _ in range(self.count):
            yield pickle.load(self._file)  # our own temporary file, never outside input

    def __enter__(self) -> Spool:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._file.close()
