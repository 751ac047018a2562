"""A disk spool for per-document items (results, sketches) while corpus checks wait for the end of the pass.

Holding an item per document in memory would make memory grow with the corpus; the spool keeps them on
disk in input order and hands them back once the corpus checks have resolved: all of them (iteration),
one at a time in rising order (``take``), or one at a known offset (``load_at``).
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
        self._taking: Iterator[Any] | None = None
        self._next = 0

    def append(self, item: Any) -> int:
        """Store ``item``; returns the offset where the next item starts (so ``load_at`` can find it)."""
        pickle.dump(item, self._file, protocol=pickle.HIGHEST_PROTOCOL)
        self.count += 1
        return self._file.tell()

    def take(self, index: int) -> Any:
        """The ``index``-th item appended, for a reader that goes through once in rising order and may
        skip items (a resumed run reports only the documents it has not yet written)."""
        if index < self._next or index >= self.count:
            raise RuntimeError(f"items are taken once, in input order: {index} was taken or never appended")
        if self._taking is None:
            self._taking = iter(self)
        for _ in range(index - self._next):
            next(self._taking)
        self._next = index + 1
        item = next(self._taking)
        if self._next == self.count:
            self._file.close()  # the last item: free the disk now, not when the spool is collected
        return item

    def load_at(self, offset: int) -> Any:
        """The item that starts at ``offset``; only before ``take`` starts, which reads on from its place."""
        self._file.seek(offset)
        return pickle.load(self._file)  # our own temporary file, never outside input

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
