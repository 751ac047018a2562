"""Candidate pairs of near-duplicate documents, found with sorted arrays instead of Python dicts.

Two indexes, both a sorted array searched with ``np.searchsorted`` for a whole batch of queries at once,
so building and querying them costs a few array operations however many documents there are, and they
are cheap to rebuild from a persisted reference index:

* ``BandIndex`` — MinHash LSH: a signature cut into ``bands`` bands of ``rows`` rows; two documents
  are candidates when any band agrees, which for Jaccard ``s`` has probability ``1 - (1 - s^rows)^bands``.
* ``SampleIndex`` — an inverted index of the containment samples; it counts the sampled shingles each
  pair shares, which is what containment is estimated from. A shingle sampled in more than ``common``
  documents is template text (a footer, a licence), not evidence that one document copies another.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from checks._candidate_scores import signature_agreement
from checks._minhash import PackedSamples, SketchMatrix

_MIX = np.uint64(0x9E3779B97F4A7C15)


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One 64-bit key per band per signature: ``uint64[n, bands]``.

    Computed in place, a column of the signature at a time: a 64-bit copy of a million 128-value
    signatures would take 1 GB."""
    keys = np.zeros((signatures.shape[0], bands), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for row in range(rows):
            np.bitwise_xor(keys, signatures[:, row : bands * rows : rows], out=keys)
            np.multiply(keys, _MIX, out=keys)
    return keys


@dataclass(frozen=True)
class Pairs:
    """Candidate pairs ``(query[i], target[i])``, optionally with how many samples they share."""

    query: np.ndarray
    target: np.ndarray
    shared: np.ndarray | None = None


def _expand(lo: np.ndarray, hi: np.ndarray, sorted_ids: np.ndarray, owners: np.ndarray) -> Pairs:
    """Every (owner, id) for the ranges ``sorted_ids[lo:hi]``, one range per owner."""
    counts = hi - lo
    total = int(counts.sum())
    if total == 0:
        empty = np.zeros(0, dtype=np.int64)
        return Pairs(empty, empty)
    starts = np.repeat(lo, counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    return Pairs(np.repeat(owners, counts), sorted_ids[starts + offsets])


def _unique_pairs(pairs: Pairs, targets: int, with_counts: bool) -> Pairs:
    codes = pairs.query.astype(np.int64) * max(targets, 1) + pairs.target
    if with_counts:
        codes, counts = np.unique(codes, return_counts=True)
        return Pairs(codes // max(targets, 1), codes % max(targets, 1), counts)
    codes = np.unique(codes)
    return Pairs(codes // max(targets, 1), codes % max(targets, 1))


class BandIndex:
    """MinHash LSH over band keys; a bucket lists at most ``bucket_cap`` documents, the earliest first."""

    def __init__(self, keys: np.ndarray, bucket_cap: int) -> None:
        self.size, bands = keys.shape
        self.bucket_cap = bucket_cap
        # Band-major, so each band's column is contiguous (a search in a strided column copies it first),
        # sorted a band at a time, with 32-bit document numbers where they fit: at a million documents
        # a whole-matrix argsort would hold twice the index in 64-bit temporaries.
        self._order = np.empty((bands, self.size), dtype=_index_type(self.size))
        self._sorted = np.empty((bands, self.size), dtype=np.uint64)
        for band in range(bands):
            order = np.argsort(keys[:, band], kind="stable")
            self._order[band] = order
            self._sorted[band] = keys[order, band]

    def query(self, keys: np.ndarray) -> Pairs:
        found: list[Pairs] = []
        owners = np.arange(keys.shape[0])
        for band in range(keys.shape[1]):
            column = self._sorted[band]
            lo = np.searchsorted(column, keys[:, band], side="left")
            hi = np.minimum(np.searchsorted(column, keys[:, band], side="right"), lo + self.bucket_cap)
            found.append(_expand(lo, hi, self._order[band], owners))
        merged = Pairs(
            np.concatenate([p.query for p in found]) if found else np.zeros(0, dtype=np.int64),
            np.concatenate([p.target for p in found]) if found else np.zeros(0, dtype=np.int64),
        )
        return _unique_pairs(merged, self.size, with_counts=False)


class SampleIndex:
    """Inverted index of containment samples: which documents share which sampled shingles."""

    def __init__(self, samples: Sequence[np.ndarray], common: int) -> None:
        self.size = len(samples)
        hashes, owners = _flatten(samples)
        # The order of documents sharing a hash does not matter (pairs are counted by np.unique), so the
        # quicker unstable sort will do.
        order = hashes.argsort()
        hashes, owners = hashes[order], owners[order]
        del order  # a million documents' samples: each of these arrays is worth freeing early
        if hashes.size:
            changes = np.ones(hashes.size + 1, dtype=bool)
            np.not_equal(hashes[1:], hashes[:-1], out=changes[1:-1])
            counts = np.diff(changes.nonzero()[0])
            del changes
            keep = np.repeat(counts <= common, counts)
            del counts
            hashes, owners = hashes[keep], owners[keep]
        self._hashes = hashes
        self._owners = owners

    def query(self, samples: Sequence[np.ndarray]) -> Pairs:
        """Pairs of (query, indexed document) sharing sampled shingles, with how many they share.

        The queries are looked up in sorted order: NumPy's binary search starts from the previous answer
        when the keys increase, which makes millions of look-ups several times faster. The order of the
        pairs does not matter, as they are counted by ``np.unique``.
        """
        hashes, owners = _flatten(samples)
        order = hashes.argsort()
        hashes, owners = hashes[order], owners[order]
        lo = np.searchsorted(self._hashes, hashes, side="left")
        hi = np.searchsorted(self._hashes, hashes, side="right")
        return _unique_pairs(_expand(lo, hi, self._owners, owners), self.size, with_counts=True)


def _flatten(samples: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    owners = np.arange(len(samples), dtype=_index_type(len(samples)))
    if isinstance(samples, PackedSamples):
        return samples.values, np.repeat(owners, samples.sizes)
    if not samples:
        return np.zeros(0, dtype=np.uint32), owners
    lengths = np.array([s.size for s in samples], dtype=np.int64)
    hashes = np.concatenate(samples) if lengths.sum() else np.zeros(0, dtype=np.uint32)
    return hashes, np.repeat(owners, lengths)


def _index_type(size: int) -> type:
    """The narrowest integer type that numbers ``size`` documents."""
    return np.int32 if size < 2**31 else np.int64


@dataclass(frozen=True)
class ScoredPairs:
    """Candidate pairs with their estimated Jaccard and containment in both directions."""

    query: np.ndarray
    target: np.ndarray
    jaccard: np.ndarray
    query_in_target: np.ndarray
    target_in_query: np.ndarray

    def __len__(self) -> int:
        return int(self.query.size)

    @classmethod
    def joined(cls, parts: list[ScoredPairs]) -> ScoredPairs:
        empty_ints, empty_floats = np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        return cls(
            np.concatenate([p.query for p in parts]) if parts else empty_ints,
            np.concatenate([p.target for p in parts]) if parts else empty_ints,
            np.concatenate([p.jaccard for p in parts]) if parts else empty_floats,
            np.concatenate([p.query_in_target for p in parts]) if parts else empty_floats,
            np.concatenate([p.target_in_query for p in parts]) if parts else empty_floats,
        )

    def shifted(self, offset: int) -> ScoredPairs:
        """The same pairs with query rows counted from ``offset`` (for a chunk of the queries)."""
        return ScoredPairs(
            self.query + offset, self.target, self.jaccard, self.query_in_target, self.target_in_query
        )

    def where(self, keep: np.ndarray) -> ScoredPairs:
        return ScoredPairs(
            self.query[keep],
            self.target[keep],
            self.jaccard[keep],
            self.query_in_target[keep],
            self.target_in_query[keep],
        )


def candidates(
    queries: SketchMatrix,
    query_keys: np.ndarray,
    bands: BandIndex,
    samples: SampleIndex,
) -> Pairs:
    """Pairs found by either index, with the number of sampled shingles they share (0 if none)."""
    by_band = bands.query(query_keys)
    by_sample = samples.query(queries.samples)
    width = max(bands.size, samples.size, 1)
    band_codes = by_band.query * width + by_band.target
    sample_codes = by_sample.query * width + by_sample.target
    codes = np.union1d(band_codes, sample_codes)
    shared = np.zeros(codes.size, dtype=np.int64)
    if sample_codes.size:
        shared[np.searchsorted(codes, sample_codes)] = by_sample.shared
    return Pairs(codes // width, codes % width, shared)


def score(queries: SketchMatrix, targets: SketchMatrix, pairs: Pairs) -> ScoredPairs:
    """Estimated Jaccard (from the signatures) and containment (from the samples) of every pair."""
    q, t = pairs.query, pairs.target
    jaccard = signature_agreement(
        queries.signatures,
        targets.signatures,
        np.ascontiguousarray(q, dtype=np.int64),
        np.ascontiguousarray(t, dtype=np.int64),
    )
    empty = (queries.sizes[q] == 0) | (targets.sizes[t] == 0)
    jaccard[empty] = 0.0
    shared = pairs.shared if pairs.shared is not None else np.zeros(q.size, dtype=np.int64)
    limit = np.minimum(queries.limits[q], targets.limits[t])
    return ScoredPairs(
        q,
        t,
        jaccard,
        _share(shared, queries, q, limit),
        _share(shared, targets, t, limit),
    )


def _share(shared: np.ndarray, side: SketchMatrix, rows: np.ndarray, limit: np.ndarray) -> np.ndarray:
    """``shared`` over the number of ``side``'s sampled hashes below each pair's common limit."""
    counted = side.sample_sizes[rows].copy()
    cut = np.flatnonzero(limit < side.limits[rows])  # pairs that count only part of this side's sample
    if isinstance(side.samples, PackedSamples):
        samples, searched = side.samples, rows[cut]
    else:  # one array per document (a reference index, a Ray block): pack only the rows searched
        samples = PackedSamples.of([side.samples[row] for row in rows[cut].tolist()])
        searched = np.arange(cut.size)
    counted[cut] = samples.count_below(searched, limit[cut])
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(counted > 0, np.minimum(shared / np.maximum(counted, 1), 1.0), 0.0)
