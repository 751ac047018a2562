"""The plain data that flows through an audit: documents in, check results and reports out."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from audit import text as textlib


@dataclass(frozen=True, slots=True)
class Span:
    """Evidence for a finding: characters ``[start, end)`` of the document text, and why."""

    start: int
    end: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "reason": self.reason}

    def __reduce__(self) -> tuple[type[Span], tuple[int, int, str]]:
        # A slots dataclass otherwise pickles through a generic state method that looks its fields up
        # for every object, and results cross between processes by the thousand.
        return Span, (self.start, self.end, self.reason)


@dataclass(slots=True)
class CheckResult:
    """What one check found in one document.

    ``details`` holds plain named numbers (and small lists or strings) so users can filter on the raw
    features, not only on the risk.
    """

    risk: float
    spans: list[Span] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not 0.0 <= self.risk <= 1.0:
            raise ValueError(f"risk must be in [0, 1], got {self.risk!r}")

    def __reduce__(self) -> tuple[type[CheckResult], tuple[float, list[Span], dict[str, Any]]]:
        return CheckResult, (self.risk, self.spans, self.details)  # see Span.__reduce__

    def to_dict(self) -> dict[str, Any]:
        return {
            "risk": round(self.risk, 4),
            "spans": [span.to_dict() for span in self.spans],
            "details": self.details,
        }


@dataclass(frozen=True)
class Document:
    """One input text. A document that could not be read carries an ``error`` and empty text.

    Tokenisations are cached on the document so checks share them instead of re-splitting the text.
    """

    id: str
    text: str
    source: str
    meta: dict[str, Any] = field(default_factory=dict)
    error: str | None = None

    def without_text(self) -> Document:
        """The same document with its text dropped, for keeping only what a report needs."""
        return Document(self.id, "", self.source, {}, self.error)

    def __getstate__(self) -> dict[str, Any]:
        """Pickle the fields only: cached tokenisations are cheaper to recompute than to ship."""
        return {name: self.__dict__[name] for name in ("id", "text", "source", "meta", "error")}

    @cached_property
    def lines(self) -> list[textlib.Segment]:
        return textlib.split_lines(self.text)

    @cached_property
    def sentences(self) -> list[textlib.Segment]:
        return textlib.split_sentences(self.text)

    @cached_property
    def words(self) -> list[textlib.Segment]:
        texts, starts, ends = self.word_columns
        return textlib.segments(starts, ends, texts)

    @cached_property
    def word_columns(self) -> textlib.WordColumns:
        """The same words as ``words``, as parallel lists of texts, starts and ends.

        Cheaper than ``words`` (no object per word), for checks that loop over words or hand them to
        NumPy.
        """
        return textlib.split_word_columns(self.text)

    @cached_property
    def lowered_words(self) -> list[str]:
        """The text of every word, lower-cased."""
        return textlib.lowered(self.word_columns.texts)


@dataclass(slots=True)
class DocumentReport:
    """The audit of one document: the object the report schema describes."""

    id: str
    source: str
    trust: float
    verdict: str
    error: str | None
    checks: dict[str, CheckResult]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source,
            "trust": self.trust,
            "verdict": self.verdict,
            "error": self.error,
            "checks": {name: result.to_dict() for name, result in self.checks.items()},
        }
