# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The MinHash estimate of each candidate pair's Jaccard, compared in place.

With NumPy both signatures of every pair were gathered into new arrays first: for the Debian-docs corpus's
364,000 candidate pairs, 370 MB copied to compare 47 million values.
"""

import numpy as np

from libc.stdint cimport int64_t, uint32_t


def signature_agreement(
    const uint32_t[:, :] queries, const uint32_t[:, :] targets, const int64_t[::1] q, const int64_t[::1] t
):
    """For each pair (``queries`` row ``q[i]``, ``targets`` row ``t[i]``), the share of positions where
    the two signatures agree (float64; 0.0 for signatures of no values)."""
    cdef Py_ssize_t n = q.shape[0], width = queries.shape[1], i, j
    cdef int64_t a, b, equal
    shares = np.zeros(n, dtype=np.float64)
    cdef double[::1] out = shares
    if width == 0:
        return shares
    for i in range(n):
        a, b, equal = q[i], t[i], 0
        for j in range(width):
            equal += queries[a, j] == targets[b, j]
        out[i] = <double>equal / <double>width
    return shares
