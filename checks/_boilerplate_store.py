"""The boilerplate check's corpus state: how many documents of each source hold each line, as arrays.

Template lines are found by counting, per source, the documents that contain each normalised line. A
million documents of a few lines each make millions of (source, line) pairs: they are kept as two
columns and counted once with a sort (about 12 bytes a line), while the documents' sketches wait in a
temporary file and are judged one by one, in input order, when the engine asks.
"""

from __future__ import annotations

from array import array
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

from audit.document import CheckResult
from audit.spool import Spool
from checks._boilerplate_kernels import counts_of

if TYPE_CHECKING:
    from checks.boilerplate import BoilerplateCheck, BoilerplateSketch


class LineCounts:
    """Documents per (source, line hash), looked up a document at a time."""

    def __init__(
        self, groups: dict[str, int], sizes: Counter[str], pair_groups: array, pair_hashes: array
    ) -> None:
        self.groups = groups
        self.sizes = sizes
        group = np.frombuffer(pair_groups, dtype=np.int32) if pair_groups else np.zeros(0, dtype=np.int32)
        hashes = np.frombuffer(pair_hashes, dtype=np.uint64) if pair_hashes else np.zeros(0, dtype=np.uint64)
        order = np.lexsort((hashes, group))
        group, hashes = group[order], hashes[order]
        boundary = np.ones(group.size, dtype=bool)
        boundary[1:] = (group[1:] != group[:-1]) | (hashes[1:] != hashes[:-1])
        starts = np.flatnonzero(boundary)
        self.hashes = hashes[starts]
        self.counts = np.diff(np.append(starts, group.size)).astype(np.intp, copy=False)
        # Where each group's lines begin and end in the sorted columns, found once: a search per document
        # would convert the whole int32 column to the searched values' int64 every time.
        numbers = np.arange(len(groups) + 1, dtype=np.int32)
        self.bounds: list[int] = np.searchsorted(group[starts], numbers).tolist()

    def group_size(self, group: str) -> int:
        return self.sizes[group]

    def of(self, group: str, hashes: array) -> list[int]:
        """How many documents of ``group`` contain each line (0 for a line without letters, hash 0)."""
        number = self.groups[group]
        lo, hi = self.bounds[number], self.bounds[number + 1]
        return counts_of(self.hashes[lo:hi], self.counts[lo:hi], hashes)


class LineCountStore:
    """The ``collector`` of the boilerplate check (see ``audit/collectors.py``)."""

    def __init__(self, check: BoilerplateCheck) -> None:
        self.check = check
        self.groups: dict[str, int] = {}
        self.sizes: Counter[str] = Counter()
        self.pair_groups = array("i")
        self.pair_hashes = array("Q")
        self.sketches = Spool()
        self.counts: LineCounts | None = None

    def add(self, sketch: BoilerplateSketch | None) -> None:
        self.sketches.append(sketch)
        if sketch is None:
            return
        group = self.groups.setdefault(sketch.group, len(self.groups))
        self.sizes[sketch.group] += 1
        distinct = {h for h in sketch.hashes if h} | set(sketch.page_hashes)
        self.pair_groups.extend([group] * len(distinct))
        self.pair_hashes.extend(distinct)

    def finish(self) -> None:
        self.counts = LineCounts(self.groups, self.sizes, self.pair_groups, self.pair_hashes)
        self.pair_groups, self.pair_hashes = array("i"), array("Q")

    def result(self, index: int) -> CheckResult:
        if self.counts is None:
            raise RuntimeError("boilerplate results are judged after finish()")
        return self.check.judge(self.sketches.take(index), self.counts)
