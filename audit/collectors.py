"""Where corpus checks keep their sketches until the pass is over, and give back results one by one.

A corpus check may provide ``collector()``, an object that stores sketches its own compact way (arrays
rather than an object per document) and builds each document's result on demand while the report
streams out, so memory holds the corpus-level state and not a million results. A check with only
``resolve(sketches)`` gets the list-backed adapter below.
"""

from __future__ import annotations

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
