"""Metrics match their textbook definitions on cases small enough to check by hand."""

from __future__ import annotations

import random

import pytest

from audit.metrics import Counts, best_threshold, counts_at, roc_auc


def test_roc_auc_of_perfect_inverted_and_tied_scores() -> None:
    assert roc_auc([0.1, 0.2, 0.8, 0.9], [False, False, True, True]) == 1.0
    assert roc_auc([0.9, 0.8, 0.2, 0.1], [False, False, True, True]) == 0.0
    assert roc_auc([0.5, 0.5, 0.5, 0.5], [False, True, False, True]) == 0.5
    assert roc_auc([0.3, 0.1, 0.4, 0.35], [False, False, True, True]) == 1.0
    assert roc_auc([0.1, 0.2], [True, True]) is None


def test_roc_auc_equals_the_pairwise_definition() -> None:
    rng = random.Random(7)
    scores = [round(rng.random(), 1) for _ in range(200)]
    truth = [rng.random() < 0.4 for _ in range(200)]
    pos = [s for s, t in zip(scores, truth, strict=True) if t]
    neg = [s for s, t in zip(scores, truth, strict=True) if not t]
    pairwise = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))
    assert roc_auc(scores, truth) == pytest.approx(pairwise)


def test_counts_precision_recall_f1() -> None:
    counts = counts_at([0.9, 0.6, 0.4, 0.7, 0.1], [True, True, True, False, False], 0.5)
    assert counts == Counts(true_positives=2, false_positives=1, false_negatives=1)
    assert (counts.precision, counts.recall, counts.f1) == (2 / 3, 2 / 3, pytest.approx(2 / 3))
    assert Counts(0, 0, 3).precision is None


def test_best_threshold_maximises_f1_over_observed_scores() -> None:
    scores = [0.9, 0.6, 0.4, 0.7, 0.1]
    truth = [True, True, True, False, False]
    threshold, counts = best_threshold(scores, truth)  # type: ignore[misc]
    brute = max(sorted(set(scores)), key=lambda t: counts_at(scores, truth, t).f1 or 0)
    assert threshold == brute == 0.4
    assert counts == counts_at(scores, truth, 0.4)
