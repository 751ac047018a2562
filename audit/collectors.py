"""Where corpus checks keep their sketches until the pass is over, and give back results one by one.

A corpus check may provide ``collector()``, an object that stores sketches its own compact way (arrays
rather than an object per document) and builds each document's result on demand while the report
streams out, so memory holds the corpus-level state and not a million results. A check with only
``resolve(sketches)`` gets the list-backed adapter below.

An engine that runs on a cluster should not pull every sketch into one process. A collector may then
also be a ``SpreadCollector``: its ``splitter`` runs where each sketch is made and cuts it in two, the
small part the driver's ``add`` receives and a row that stays on the engine's workers. After the pass
the engine hands ``finish_rows`` those rows (``SketchRows``: a Ray Dataset and its blocks) instead of
calling ``finish``; the collector computes what it needs there and brings back only its (small) outcome.
The engines stay generic: they never know what a sketch holds, only how to carry its two parts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from audit.check import CorpusCheck
from audit.document import CheckResult


@runtime_checkable
class CorpusCollector(Protocol):
    def add(self, sketch: Any) -> None:
        """One readable document's sketch, in input order (None where its ``sketch`` call raised)."""

    def finish(self) -> None:
        """Called once, after the last sketch: resolve what needs the whole corpus."""

    def result(self, index: int) -> CheckResult:
        """The result of the ``index``-th sketch added, asked for in rising order after ``finish``.

        Indexes may be skipped: a resumed run asks only for the documents it has not yet written.
        """


@dataclass(frozen=True)
class SketchRows:
    """The workers' part of every readable document's sketch, left where the engine computed it.

    ``dataset`` is a Ray Dataset with columns ``index`` (the document's position, as in ``add`` and
    ``result``) and ``row`` (the bytes the splitter returned). Its blocks are also given as object
    references, block ``i`` holding the indexes ``i * per_block`` up to ``(i + 1) * per_block``, so that
    a step can fetch on a worker exactly the sketches a batch of pairs needs (a broadcast join).
    """

    dataset: Any
    blocks: Sequence[Any]
    per_block: int
    count: int
    workers: int


@runtime_checkable
class SpreadCollector(CorpusCollector, Protocol):
    def splitter(self) -> Callable[[Any], tuple[Any, bytes]]:
        """A picklable function run where each sketch is made: (what ``add`` gets, the workers' row)."""

    def finish_rows(self, rows: SketchRows) -> None:
        """Called once instead of ``finish`` when the rows stayed on the workers."""


class ResolveCollector:
    """Adapts a check that resolves a list of sketches at once."""

    def __init__(self, check: CorpusCheck) -> None:
        self.check = check
        self.sketches: list[Any] = []
        self.results: list[CheckResult] = []

    def add(self, sketch: Any) -> None:
        self.sketches.append(sketch)

    def finish(self) -> None:
        results = self.check.resolve(self.sketches)
        if not isinstance(results, list) or len(results) != len(self.sketches):
            raise ValueError(f"resolve() must return one result per sketch ({len(self.sketches)})")
        self.results, self.sketches = results, []

    def result(self, index: int) -> CheckResult:
        return self.results[index]


def collector_for(check: CorpusCheck) -> CorpusCollector:
    make = getattr(check, "collector", None)
    return make() if callable(make) else ResolveCollector(check)
