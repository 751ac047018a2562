"""The disk spool that holds one item per document until the corpus checks are done."""

from __future__ import annotations

import pytest

from audit.spool import Spool


def test_items_come_back_in_order_and_by_offset() -> None:
    with Spool() as spool:
        ends = [spool.append({"doc": n}) for n in range(5)]
        starts = [0, *ends[:-1]]
        assert spool.load_at(starts[3]) == {"doc": 3}
        assert list(spool) == [{"doc": n} for n in range(5)]


def test_take_goes_through_once_in_rising_order_and_may_skip() -> None:
    with Spool() as spool:
        for n in range(6):
            spool.append(n)
        assert [spool.take(2), spool.take(3), spool.take(5)] == [2, 3, 5]
        with pytest.raises(RuntimeError, match="in input order"):
            spool.take(4)  # already passed: a reader cannot go back
