"""Results cross process boundaries (workers, the spool) by pickling: they must come back equal."""

from __future__ import annotations

import pickle

from audit.document import CheckResult, Span


def test_a_check_result_survives_pickling_with_its_spans_and_details() -> None:
    result = CheckResult(0.25, [Span(0, 5, "outside the main text"), Span(9, 12, "fragment")], {"lines": 3})
    copy = pickle.loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == result
    assert isinstance(copy.spans[0], Span)
    assert copy.spans[1].reason == "fragment"
