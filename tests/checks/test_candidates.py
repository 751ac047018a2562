"""The sample index finds exactly the document pairs that share sampled shingles, with how many; a pair's
signature agreement is the share of equal values."""

from __future__ import annotations

from collections import Counter

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from checks._candidate_scores import signature_agreement
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


@given(
    st.integers(0, 6),
    st.lists(st.tuples(st.integers(0, 4), st.integers(0, 3)), max_size=20),
    st.integers(0, 2**32 - 1),
)
def test_signature_agreement_is_the_share_of_equal_values_numpy_gives(
    width: int, pairs: list[tuple[int, int]], seed: int
) -> None:
    rng = np.random.default_rng(seed)
    queries = rng.integers(0, 3, size=(5, width), dtype=np.uint32)  # few values, so many agree
    targets = rng.integers(0, 3, size=(4, 2 * width), dtype=np.uint32)[:, ::2]  # a strided view
    q = np.array([a for a, _ in pairs], dtype=np.int64)
    t = np.array([b for _, b in pairs], dtype=np.int64)
    agree = queries[q] == targets[t]
    expected = agree.mean(axis=1) if agree.size else np.zeros(len(pairs))
    assert signature_agreement(queries, targets, q, t).tolist() == expected.tolist()
