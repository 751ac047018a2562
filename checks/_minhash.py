"""MinHash signatures and containment samples of shingle sets, vectorised with NumPy.

The signature follows datasketch's ``affine32`` scheme exactly (the same permutations for the same
``num_perm`` and ``seed``, the same MurmurHash3 pre-mix): it equals ``datasketch.MinHash(num_perm, seed)``
updated with every shingle, with the shingle hash as ``hashfunc``, so it can be handed to datasketch's
own indexes. Computing every permutation for a block of shingles in one array operation instead of one
``update`` call per shingle is what makes signatures cheap enough to compute for every document.

Jaccard estimated from a MinHash is poor for a short text inside a long one (the Jaccard is small and
its error, relative to it, large), so each sketch also keeps a FracMinHash sample, as sourmash does for
containment: every shingle hash below a fixed limit. Two samples compare exactly, whatever the sizes of
the two documents, and the shared share of the smaller one's sample estimates containment directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, partial
from pathlib import Path

import numpy as np

from checks._build_cache import build_inputs, built_once

_FULL = 1 << 32
_EMPTY = np.uint32(_FULL - 1)
_BLOCK = 1024  # shingles per array operation: bounds memory to _BLOCK x num_perm words


@dataclass(frozen=True)
class SketchParams:
    """What must match between two sketches for them to be comparable."""

    num_perm: int = 128
    seed: int = 1
    shingle: int = 5
    sample_every: int = 2  # keep one shingle hash in this many for containment
    max_sample: int = 4096  # at most this many sampled hashes per document

    @property
    def sample_limit(self) -> int:
        return _FULL // self.sample_every


@dataclass(frozen=True, slots=True)
class ShingleSketch:
    """A document's MinHash signature and containment sample: small, picklable, comparable."""

    signature: np.ndarray  # uint32[num_perm]
    sample: np.ndarray  # sorted unique uint32 hashes below ``limit``
    limit: int  # the sample holds every shingle hash below this
    size: int  # distinct shingles

    @property
    def nbytes(self) -> int:
        return int(self.signature.nbytes + self.sample.nbytes) + 16

    def __reduce__(self) -> tuple[type[ShingleSketch], tuple[np.ndarray, np.ndarray, int, int]]:
        # Cheaper than a slots dataclass's generic state method; every document's sketch is pickled.
        return ShingleSketch, (self.signature, self.sample, self.limit, self.size)


class MinHasher:
    """Turns shingle hashes into sketches with fixed, datasketch-compatible permutations."""

    def __init__(self, params: SketchParams) -> None:
        self.params = params
        a, b = affine_permutations(params.num_perm, params.seed)
        # One row per permutation, so that each row's minimum is a reduction over contiguous memory.
        self._a = a[:, None]
        self._b = b[:, None]

    def sketch(self, shingle_hashes: np.ndarray) -> ShingleSketch:
        # Sorting and dropping repeats is quicker than np.unique. Array arithmetic wraps modulo 2**32
        # without a warning (only NumPy scalars warn), so it needs no np.errstate.
        ordered = np.sort(shingle_hashes)
        new = np.ones(ordered.size, dtype=bool)
        np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
        distinct = ordered[new]
        mixed = fmix32(distinct)
        signature = np.full(self.params.num_perm, _EMPTY, dtype=np.uint32)
        for start in range(0, mixed.size, _BLOCK):
            products = self._a * mixed[None, start : start + _BLOCK]
            products += self._b
            np.minimum(signature, products.min(axis=1), out=signature)
        limit = self.params.sample_limit
        sample = np.sort(mixed[mixed < limit])
        if sample.size > self.params.max_sample:
            limit = int(sample[self.params.max_sample])
            sample = sample[: self.params.max_sample]
        return ShingleSketch(signature, sample, limit, int(distinct.size))


def affine_permutations(num_perm: int, seed: int) -> np.ndarray:
    """datasketch's ``affine32`` permutations (``a`` and ``b``, uint32) for ``num_perm`` and ``seed``.

    Kept in the build cache: importing datasketch pulls in scipy.integrate, which costs every scan
    half a second, for 1 KB of numbers that never change."""
    sources = [Path(__file__).read_bytes(), f"{num_perm} {seed}".encode()]
    inputs = build_inputs(sources, ["datasketch", "numpy"])
    build = partial(_datasketch_permutations, num_perm, seed)
    return built_once(f"minhash-permutations-{num_perm}-{seed}", inputs, build, np.ndarray)


def _datasketch_permutations(num_perm: int, seed: int) -> np.ndarray:
    from datasketch import MinHash

    return np.asarray(MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations, dtype=np.uint32)


def fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, datasketch's pre-mix for the affine32 scheme (of an array)."""
    values = values.astype(np.uint32)
    values ^= values >> np.uint32(16)
    values *= np.uint32(0x85EBCA6B)
    values ^= values >> np.uint32(13)
    values *= np.uint32(0xC2B2AE35)
    values ^= values >> np.uint32(16)
    return values


def jaccard(a: ShingleSketch, b: ShingleSketch) -> float:
    """Estimated Jaccard similarity: the share of permutations whose minimum agrees."""
    if a.size == 0 or b.size == 0:
        return 0.0
    return float(np.count_nonzero(a.signature == b.signature)) / a.signature.size


def containment(part: ShingleSketch, whole: ShingleSketch) -> float:
    """Estimated share of ``part``'s shingles that occur in ``whole``."""
    limit = min(part.limit, whole.limit)
    mine = part.sample[: np.searchsorted(part.sample, limit)]
    if mine.size == 0:
        return 0.0
    return float(np.intersect1d(mine, whole.sample, assume_unique=True).size) / mine.size


class PackedSamples(Sequence[np.ndarray]):
    """Many containment samples in one array: no NumPy object per document."""

    def __init__(self, values: np.ndarray, ends: np.ndarray) -> None:
        self.values = values  # uint32, every sample one after the other
        self.ends = ends  # int64[n], where each sample ends in ``values``
        self.starts = np.concatenate(([0], ends[:-1])).astype(np.int64) if ends.size else ends

    @classmethod
    def of(cls, samples: Sequence[np.ndarray]) -> PackedSamples:
        sizes = np.fromiter((sample.size for sample in samples), dtype=np.int64, count=len(samples))
        values = np.concatenate(samples) if len(samples) else np.zeros(0, dtype=np.uint32)
        return cls(values.astype(np.uint32, copy=False), np.cumsum(sizes))

    def __len__(self) -> int:
        return int(self.ends.size)

    def __getitem__(self, row: int) -> np.ndarray:  # type: ignore[override]
        return self.values[self.starts[row] : self.ends[row]]

    @property
    def sizes(self) -> np.ndarray:
        return self.ends - self.starts

    def count_below(self, rows: np.ndarray, limits: np.ndarray) -> np.ndarray:
        """For each pair of ``rows`` and ``limits``: how many of the row's sampled hashes are below the
        limit (``np.searchsorted(self[row], limit)``), for all pairs at once: a bisection step is one
        array operation over every pair still searching, where a search per pair cost a Python-level
        call for each of tens of thousands of pairs."""
        lo = self.starts[rows]
        hi = self.ends[rows]
        first = lo.copy()
        searching = np.flatnonzero(lo < hi)
        while searching.size:
            middle = (lo[searching] + hi[searching]) // 2
            below = self.values[middle] < limits[searching]
            lo[searching[below]] = middle[below] + 1
            hi[searching[~below]] = middle[~below]
            searching = searching[lo[searching] < hi[searching]]
        return lo - first

    def rows(self, start: int, stop: int) -> PackedSamples:
        first = int(self.starts[start]) if start < stop else 0
        return PackedSamples(
            self.values[first : int(self.ends[stop - 1]) if start < stop else 0],
            self.ends[start:stop] - first,
        )


@dataclass(frozen=True)
class SketchMatrix:
    """Many sketches as arrays, for vectorised candidate search and scoring."""

    signatures: np.ndarray  # uint32[n, num_perm]
    samples: Sequence[np.ndarray]
    limits: np.ndarray  # int64[n]
    sizes: np.ndarray  # int64[n]

    @classmethod
    def of(cls, sketches: list[ShingleSketch], num_perm: int) -> SketchMatrix:
        signatures = np.empty((len(sketches), num_perm), dtype=np.uint32)
        for row, sketch in enumerate(sketches):
            signatures[row] = sketch.signature
        return cls(
            signatures,
            [sketch.sample for sketch in sketches],
            np.array([sketch.limit for sketch in sketches], dtype=np.int64),
            np.array([sketch.size for sketch in sketches], dtype=np.int64),
        )

    def __len__(self) -> int:
        return len(self.samples)

    def rows(self, start: int, stop: int) -> SketchMatrix:
        """The sketches of rows ``start`` to ``stop`` (packed samples stay packed)."""
        samples = (
            self.samples.rows(start, stop)
            if isinstance(self.samples, PackedSamples)
            else self.samples[start:stop]
        )
        return SketchMatrix(
            self.signatures[start:stop], samples, self.limits[start:stop], self.sizes[start:stop]
        )

    @cached_property
    def sample_sizes(self) -> np.ndarray:
        if isinstance(self.samples, PackedSamples):
            return self.samples.sizes
        return np.array([sample.size for sample in self.samples], dtype=np.int64)

    def sketch(self, row: int) -> ShingleSketch:
        return ShingleSketch(
            self.signatures[row], self.samples[row], int(self.limits[row]), int(self.sizes[row])
        )
