"""Measure checks against labeled documents, in whichever of three forms the labels come.

* **binary** — each document's ``label`` is one of two values (``human``/``mt``, ``human``/``llm``, 0/1):
  ROC-AUC of each check's risk, precision and recall at a threshold, and the threshold with the best F1.
* **clusters** — ``label`` is a cluster id shared by copies: pairwise precision and recall of the checks
  that put documents in clusters (``details.cluster``).
* **lines** — documents carry ``line_labels`` (``debris``/``content``/``meta`` per line of the text):
  per-line precision and recall of the lines a check's spans cover, over the page and inside
  ``content_line_range`` when given.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from audit.document import Document, DocumentReport
from audit.engine import Auditor
from audit.metrics import Counts, best_threshold, counts_at, roc_auc

NEGATIVE_NAMES = frozenset({"human", "clean", "original", "negative", "ok", "good", "keep", "0", "false"})


class LabelError(ValueError):
    """The labels cannot be evaluated as given; the message says what to pass."""


@dataclass(frozen=True)
class BinaryScore:
    check: str
    group: str
    positives: int
    negatives: int
    auc: float | None
    threshold: float
    at_threshold: Counts
    best: tuple[float, Counts] | None


@dataclass(frozen=True)
class CountScore:
    """Precision and recall over pairs (clusters) or lines (line labels)."""

    check: str
    group: str
    counts: Counts


@dataclass
class Evaluation:
    mode: str
    documents: int
    unreadable: int
    positive: str | None = None
    binary: list[BinaryScore] = field(default_factory=list)
    counted: list[CountScore] = field(default_factory=list)
    not_applicable: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Labeled:
    doc: Document
    report: DocumentReport


def evaluate(
    auditor: Auditor,
    docs: Iterable[Document],
    positive: str | None = None,
    by: str | None = None,
    threshold: float = 0.5,
) -> Evaluation:
    """Audit the labeled documents and score every check the auditor runs."""
    audited = [_Labeled(doc, report) for doc, report in auditor.audit_documents(docs)]
    readable = [item for item in audited if item.doc.error is None and "label" in item.doc.meta]
    if not readable:
        raise LabelError("no readable document has a 'label' field")
    base = {"documents": len(audited), "unreadable": len(audited) - len(readable)}
    if any("line_labels" in item.doc.meta for item in readable):
        return _evaluate_lines(auditor.check_names, readable, base)
    labels = [_label_key(item.doc.meta["label"]) for item in readable]
    if len(set(labels)) == 2:
        return _evaluate_binary(auditor.check_names, readable, labels, positive, by, threshold, base)
    return _evaluate_clusters(auditor.check_names, readable, labels, by, base)


def _label_key(label: Any) -> str:
    if isinstance(label, bool):
        return "1" if label else "0"
    if isinstance(label, list | dict):
        raise LabelError("list or object labels need a 'line_labels' field to be evaluated per line")
    return str(label)


def _positive_label(labels: Sequence[str], positive: str | None) -> str:
    values = sorted(set(labels))
    if positive is not None:
        if positive not in values:
            raise LabelError(f"--positive {positive!r} is not a label here (labels: {', '.join(values)})")
        return positive
    candidates = [value for value in values if value.lower() not in NEGATIVE_NAMES]
    if len(candidates) != 1:
        raise LabelError(f"say which label is positive with --positive (labels: {', '.join(values)})")
    return candidates[0]


def _evaluate_binary(
    checks: Sequence[str],
    items: Sequence[_Labeled],
    labels: Sequence[str],
    positive: str | None,
    by: str | None,
    threshold: float,
    base: dict[str, int],
) -> Evaluation:
    positive_label = _positive_label(labels, positive)
    truth = [label == positive_label for label in labels]
    result = Evaluation("binary", positive=positive_label, **base)
    groups = _groups(items, truth, by)
    for name in checks:
        scores = [item.report.checks[name].risk if name in item.report.checks else 0.0 for item in items]
        for group, members in groups:
            group_scores = [scores[i] for i in members]
            group_truth = [truth[i] for i in members]
            result.binary.append(
                BinaryScore(
                    check=name,
                    group=group,
                    positives=sum(group_truth),
                    negatives=len(group_truth) - sum(group_truth),
                    auc=roc_auc(group_scores, group_truth),
                    threshold=threshold,
                    at_threshold=counts_at(group_scores, group_truth, threshold),
                    best=best_threshold(group_scores, group_truth),
                )
            )
    return result


def _groups(items: Sequence[_Labeled], truth: Sequence[bool], by: str | None) -> list[tuple[str, list[int]]]:
    """ "all", then the positives of each value of ``by`` against every negative.

    That answers "how well does the check tell this kind of positive (a generator variant, a band of
    translation quality) from the negatives?".
    """
    everything = list(range(len(items)))
    if by is None:
        return [("all", everything)]
    negatives = [i for i in everything if not truth[i]]
    positives_by_value: dict[str, list[int]] = defaultdict(list)
    for index in everything:
        if truth[index]:
            positives_by_value[_group_value(items[index].doc.meta.get(by))].append(index)
    groups = [("all", everything)]
    for value in sorted(positives_by_value, key=_band_order):
        groups.append((f"{by}={value}", sorted(positives_by_value[value] + negatives)))
    return groups


def _band_order(value: str) -> tuple[float, str]:
    head = value.split("–", 1)[0]
    return (float(head), value) if head.lstrip("-").isdigit() else (float("inf"), value)


def _group_value(value: Any) -> str:
    """Numbers fall in bands of ten (``60–70``), so a score field such as ``da_mean`` can be a group."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int | float):
        low = int(value // 10 * 10)
        return f"{low}–{low + 10}"
    return str(value)


def _evaluate_clusters(
    checks: Sequence[str],
    items: Sequence[_Labeled],
    labels: Sequence[str],
    by: str | None,
    base: dict[str, int],
) -> Evaluation:
    result = Evaluation("clusters", **base)
    gold = _pairs_sharing(labels)
    for name in checks:
        if not any(
            name in item.report.checks and "cluster" in item.report.checks[name].details for item in items
        ):
            result.not_applicable.append(name)
            continue
        clusters = [_cluster_of(item, name) for item in items]
        predicted = _pairs_sharing([c if c is not None else f"\0single{i}" for i, c in enumerate(clusters)])
        result.counted.append(CountScore(name, "all", _pair_counts(predicted, gold)))
        if by is not None:
            values = [str(item.doc.meta.get(by)) for item in items]
            for value in sorted(set(values)):
                involved = {i for i, v in enumerate(values) if v == value}
                keep = {pair for pair in gold | predicted if pair[0] in involved or pair[1] in involved}
                counts = _pair_counts(predicted & keep, gold & keep)
                result.counted.append(CountScore(name, f"{by}={value}", counts))
    return result


def _cluster_of(item: _Labeled, check: str) -> str | None:
    result = item.report.checks.get(check)
    cluster = result.details.get("cluster") if result is not None else None
    return None if cluster is None else str(cluster)


def _pairs_sharing(keys: Sequence[str]) -> set[tuple[int, int]]:
    members: dict[str, list[int]] = defaultdict(list)
    for index, key in enumerate(keys):
        members[key].append(index)
    return {pair for group in members.values() for pair in combinations(group, 2)}


def _pair_counts(predicted: set[tuple[int, int]], gold: set[tuple[int, int]]) -> Counts:
    return Counts(len(predicted & gold), len(predicted - gold), len(gold - predicted))


def _evaluate_lines(checks: Sequence[str], items: Sequence[_Labeled], base: dict[str, int]) -> Evaluation:
    result = Evaluation("lines", positive="debris", **base)
    for name in checks:
        totals: dict[str, Counter[str]] = {"page": Counter(), "article": Counter()}
        for item in items:
            for scope, outcome in _line_outcomes(item, name):
                totals[scope][outcome] += 1
        for scope, tally in totals.items():
            if sum(tally.values()):
                counts = Counts(tally["tp"], tally["fp"], tally["fn"])
                result.counted.append(CountScore(name, scope, counts))
    return result


def _line_outcomes(item: _Labeled, check: str) -> Iterable[tuple[str, str]]:
    """("page"|"article", "tp"|"fp"|"fn"|"tn") for every labeled line that is not ``meta``."""
    labels = item.doc.meta["line_labels"]
    spans = item.report.checks[check].spans if check in item.report.checks else []
    window = item.doc.meta.get("content_line_range")
    start = 0
    flagged_lines = []
    for line in item.doc.text.split("\n"):
        end = start + len(line)
        flagged_lines.append(any(span.start < end and span.end > start for span in spans))
        start = end + 1
    for index, (label, flagged) in enumerate(zip(labels, flagged_lines, strict=False)):
        if label == "meta":
            continue
        debris = label == "debris"
        outcome = ("tp" if debris else "fp") if flagged else ("fn" if debris else "tn")
        yield "page", outcome
        if window is not None and window[0] <= index <= window[1]:
            yield "article", outcome
