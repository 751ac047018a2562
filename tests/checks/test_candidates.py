"""The sample index finds exactly the document pairs that share sampled shingles, with how many."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from checks._candidates import SampleIndex

_SAMPLES = st.lists(st.lists(st.integers(0, 40), max_size=12, unique=True).map(sorted), max_size=8)


@given(_SAMPLES, _SAMPLES, st.integers(1, 5))
def test_sample_pairs_are_the_shared_hashes_counted_pair_by_pair(
    indexed: list[list[int]], queries: list[list[int]], common: int
) -> None:
    index = SampleIndex([np.array(s, dtype=np.uint32) for s in indexed], common)
    pairs = index.query([np.array(s, dtype=np.uint32) for s in queries])
    frequency = Counter(h for sample in indexed for h in sample)
    expected = Counter(
        (q, t)
        for q, query in enumerate(queries)
        for t, target in enumerate(indexed)
        for h in set(query) & set(target)
        if frequency[h] <= common
    )
    assert pairs.shared is not None
    found = dict(
        zip(zip(pairs.query.tolist(), pairs.target.tolist(), strict=True), pairs.shared.tolist(), strict=True)
    )
    assert found == dict(expected)
