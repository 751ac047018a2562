"""Trust: 100 × Π(1 − w·risk), monotone in every risk, verdicts by threshold."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from audit.config import Thresholds
from audit.scoring import Scorer

SCORER = Scorer({"a": 1.0, "b": 0.5, "muted": 0.0}, Thresholds(keep=70, review=40))


def test_trust_multiplies_the_weighted_risks() -> None:
    assert SCORER.trust({"a": 0.0, "b": 0.0}) == 100.0
    assert SCORER.trust({"a": 0.5, "b": 0.0}) == 50.0
    assert SCORER.trust({"a": 0.5, "b": 1.0}) == 25.0
    assert SCORER.trust({"a": 1.0}) == 0.0


def test_a_check_with_weight_zero_or_no_weight_does_not_count() -> None:
    assert SCORER.trust({"muted": 1.0, "unweighted": 1.0}) == 100.0


def test_verdicts_follow_the_thresholds() -> None:
    assert [SCORER.verdict(t) for t in (100, 70, 69.9, 40, 39.9, 0)] == [
        "keep",
        "keep",
        "review",
        "review",
        "reject",
        "reject",
    ]


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_more_risk_never_raises_trust(a: float, b: float, extra: float) -> None:
    lower = SCORER.trust({"a": a, "b": b})
    higher_risk = SCORER.trust({"a": min(1.0, a + extra), "b": b})
    assert 0.0 <= higher_risk <= lower <= 100.0


def test_risk_up_to_a_floor_costs_nothing_and_the_rest_scales_to_the_weight() -> None:
    scorer = Scorer({"a": 0.5}, Thresholds(), floors={"a": 0.2})
    assert scorer.trust({"a": 0.2}) == 100.0
    assert scorer.trust({"a": 0.6}) == 75.0  # (0.6 - 0.2) / 0.8 = 0.5 of the weight
    assert scorer.trust({"a": 1.0}) == 50.0


@given(st.floats(0, 0.95), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_with_floors_more_risk_still_never_raises_trust(
    floor: float, weight: float, a: float, extra: float
) -> None:
    scorer = Scorer({"a": weight}, Thresholds(), floors={"a": floor})
    assert scorer.trust({"a": min(1.0, a + extra)}) <= scorer.trust({"a": a})
