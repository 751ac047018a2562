# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Gopher's n-gram repetition shares of one document, counted in one compiled pass per n.

With NumPy every n took a sort of the document's n-gram hashes and a dozen small-array calls, a quarter
of near_duplicate's per-document cost. Here each n-gram is counted in an open-addressing table as it is
met, in text order, so the first of equal n-grams is simply the one met first.
"""

import numpy as np

from libc.stdint cimport int64_t, uint64_t

cdef uint64_t _MIX = 0x9E3779B97F4A7C15ULL  # how checks._shingles.ngram_hashes combines word hashes


cdef class _Counts:
    """How often each 64-bit key occurs and where it first does; reset for each n."""

    cdef uint64_t[::1] keys
    cdef int64_t[::1] counts
    cdef int64_t[::1] first
    cdef Py_ssize_t mask

    def __init__(self, Py_ssize_t size):
        cdef Py_ssize_t capacity = 16
        while capacity < 2 * size:
            capacity *= 2
        self.keys = np.empty(capacity, dtype=np.uint64)
        self.counts = np.zeros(capacity, dtype=np.int64)
        self.first = np.empty(capacity, dtype=np.int64)
        self.mask = capacity - 1

    cdef void clear(self) noexcept:
        self.counts[:] = 0

    cdef Py_ssize_t add(self, uint64_t key, int64_t position) noexcept:
        """The slot of ``key``, counted once more (first at ``position`` if new)."""
        cdef Py_ssize_t slot = <Py_ssize_t>((key * _MIX) >> 32) & self.mask
        while self.counts[slot] != 0 and self.keys[slot] != key:
            slot = (slot + 1) & self.mask
        if self.counts[slot] == 0:
            self.keys[slot] = key
            self.first[slot] = position
        self.counts[slot] += 1
        return slot


def top_ngram_shares(const uint64_t[::1] hashed, const int64_t[::1] lengths, int64_t total, tuple sizes):
    """For each n of ``sizes`` (increasing, from 2): the character share of the most frequent n-gram
    when it occurs more than once (the one with the smallest hash among equally frequent ones, counted
    at its first occurrence), else 0.0."""
    cdef Py_ssize_t size = hashed.shape[0], i, j, slot, best, n, m
    cdef uint64_t best_key
    cdef int64_t best_count, chars
    grams_array = np.asarray(hashed).copy()
    cdef uint64_t[::1] grams = grams_array
    cdef _Counts table = _Counts(size)
    shares = []
    cdef Py_ssize_t previous = 1
    for n in sizes:
        if size < n:
            shares.append(0.0)
            continue
        for m in range(previous + 1, n + 1):  # m-gram hashes from the (m-1)-gram hashes, in place
            for i in range(size - m + 1):
                grams[i] = grams[i] * _MIX + hashed[i + m - 1]
        previous = n
        table.clear()
        for i in range(size - n + 1):
            table.add(grams[i], i)
        best, best_count, best_key = -1, 0, 0
        for slot in range(table.mask + 1):
            if table.counts[slot] > best_count or (
                table.counts[slot] == best_count and best_count > 0 and table.keys[slot] < best_key
            ):
                best, best_count, best_key = slot, table.counts[slot], table.keys[slot]
        if best_count < 2:
            shares.append(0.0)
            continue
        chars = 0
        for j in range(table.first[best], table.first[best] + n):
            chars += lengths[j]
        shares.append(min(float(best_count * chars) / total, 1.0))
    return shares


def duplicate_ngram_shares(
    const uint64_t[::1] hashed,
    const uint64_t[::1] five_grams,
    const int64_t[::1] lengths,
    int64_t total,
    const int64_t[::1] positions,
    tuple sizes,
):
    """For each n of ``sizes`` (5, 6, …, consecutive): the character share of words inside an n-gram
    that occurred earlier in the text, among the n-grams starting at ``positions`` (increasing)."""
    cdef Py_ssize_t size = hashed.shape[0], count = positions.shape[0], k, p, i
    grams_array = np.asarray(five_grams)[np.asarray(positions)]
    cdef uint64_t[::1] grams = grams_array
    cover_array = np.empty(size + 1, dtype=np.int64)
    cdef int64_t[::1] cover = cover_array
    cdef _Counts table = _Counts(count)
    cdef int64_t running, chars
    cdef Py_ssize_t slot, n, first_n = sizes[0]
    shares = []
    for n in sizes:
        if n > first_n:
            for k in range(count):
                p = positions[k]
                if p + n <= size:
                    grams[k] = grams[k] * _MIX + hashed[p + n - 1]
        table.clear()
        cover[:] = 0
        for k in range(count):
            p = positions[k]
            if p + n > size:
                break
            slot = table.add(grams[k], p)
            if table.counts[slot] > 1:
                cover[p] += 1
                cover[p + n] -= 1
        running, chars = 0, 0
        for i in range(size):
            running += cover[i]
            if running > 0:
                chars += lengths[i]
        shares.append(float(chars) / total)
    return shares
