"""Plain evaluation metrics, without scikit-learn: ROC-AUC, precision and recall, the best threshold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Counts:
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float | None:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else None

    @property
    def recall(self) -> float | None:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p is not None and r is not None and p + r > 0 else None


def roc_auc(scores: Sequence[float], positives: Sequence[bool]) -> float | None:
    """The probability that a random positive scores above a random negative (ties count half)."""
    pos = sum(positives)
    neg = len(positives) - pos
    if pos == 0 or neg == 0:
        return None
    order = sorted(range(len(scores)), key=lambda i: scores[i])
    rank_sum = 0.0
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and scores[order[j + 1]] == scores[order[i]]:
            j += 1
        mean_rank = (i + j) / 2 + 1
        rank_sum += mean_rank * sum(positives[order[k]] for k in range(i, j + 1))
        i = j + 1
    return (rank_sum - pos * (pos + 1) / 2) / (pos * neg)


def counts_at(scores: Sequence[float], positives: Sequence[bool], threshold: float) -> Counts:
    """Flagged means score >= threshold."""
    tp = sum(1 for s, p in zip(scores, positives, strict=True) if p and s >= threshold)
    fp = sum(1 for s, p in zip(scores, positives, strict=True) if not p and s >= threshold)
    fn = sum(1 for s, p in zip(scores, positives, strict=True) if p and s < threshold)
    return Counts(tp, fp, fn)


def best_threshold(scores: Sequence[float], positives: Sequence[bool]) -> tuple[float, Counts] | None:
    """The threshold among the observed scores with the highest F1 (one sweep over the sorted scores)."""
    total_positive = sum(positives)
    ranked = sorted(zip(scores, positives, strict=True), key=lambda pair: pair[0], reverse=True)
    best: tuple[float, Counts] | None = None
    tp = fp = 0
    for index, (score, positive) in enumerate(ranked):
        tp += positive
        fp += not positive
        if index + 1 < len(ranked) and ranked[index + 1][0] == score:
            continue
        counts = Counts(tp, fp, total_positive - tp)
        if counts.f1 is not None and (best is None or counts.f1 > (best[1].f1 or 0.0)):
            best = (score, counts)
    return best
