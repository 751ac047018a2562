# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Array steps of the boilerplate check, compiled, and the line hash it counts lines by.

The two array steps work on one document's lines (a hundred or two values) with a dozen NumPy calls each,
and NumPy's cost per call was most of what they cost: the window means run twice per document (in the
pass, and again when the corpus evidence is added) and the line-count look-up once per document after
the pass.
They do the same floating-point operations in the same order as the NumPy they replace, so their results
are the same to the bit (the tests compare them with it).
"""

import numpy as np

from libc.stdint cimport uint64_t

from checks._fnv cimport fnv1a

cdef extern from "Python.h":
    const char *PyUnicode_AsUTF8AndSize(object text, Py_ssize_t *size) except NULL


def window_means(const double[::1] scores, const Py_ssize_t[::1] windows):
    """The score itself, then for each window w: the mean over [i-w, i+w], over the w lines before and
    over the w lines after (0 where there are none); one row per line, float64[n, 1 + 3 * windows]."""
    cdef Py_ssize_t n = scores.shape[0], k = windows.shape[0], i, j, w, lo, hi, column
    cumulative = np.empty(n + 1)
    columns = np.empty((n, 1 + 3 * k))
    cdef double[::1] total = cumulative
    cdef double[:, ::1] out = columns
    total[0] = 0.0
    if n:
        total[1] = scores[0]  # a running sum from the first score, as np.cumsum starts it
    for i in range(1, n):
        total[i + 1] = total[i] + scores[i]
    for i in range(n):
        out[i, 0] = scores[i]
        for j in range(k):
            w = windows[j]
            lo = i - w if i > w else 0
            hi = i + w + 1 if i + w + 1 < n else n
            column = 1 + 3 * j
            out[i, column] = (total[hi] - total[lo]) / <double>(hi - lo)
            out[i, column + 1] = (total[i] - total[lo]) / <double>(i - lo if i - lo > 1 else 1)
            out[i, column + 2] = (total[hi] - total[i + 1]) / <double>(hi - i - 1 if hi - i - 1 > 1 else 1)
    return columns


def counts_of(
    const unsigned long long[::1] keys, const Py_ssize_t[::1] counts, const unsigned long long[::1] wanted
):
    """For each wanted hash, its count where ``keys`` (sorted) holds it, else 0; and 0 for hash 0."""
    cdef Py_ssize_t size = keys.shape[0], i, lo, hi, middle
    cdef unsigned long long value
    cdef list found = [0] * wanted.shape[0]
    for i in range(wanted.shape[0]):
        value = wanted[i]
        if value == 0:
            continue
        lo, hi = 0, size
        while lo < hi:
            middle = (lo + hi) >> 1
            if keys[middle] < value:
                lo = middle + 1
            else:
                hi = middle
        if lo < size and keys[lo] == value:
            found[i] = counts[lo]
    return found


def stable_hash(str text):
    """A 64-bit hash of ``text`` (FNV-1a of its UTF-8) that is the same in every process: a line's hash is
    computed in a pool worker and compared in another process."""
    return _utf8_hash(text)


def stable_hashes(list texts):
    """``stable_hash`` of each of ``texts``, 0 for an empty one (a line without letters)."""
    cdef Py_ssize_t n = len(texts), i
    cdef list hashes = [0] * n
    cdef str text
    for i in range(n):
        text = <str>texts[i]
        if text:
            hashes[i] = _utf8_hash(text)
    return hashes


cdef uint64_t _utf8_hash(str text) except? 0:
    cdef Py_ssize_t size
    cdef const char *data = PyUnicode_AsUTF8AndSize(text, &size)
    return fnv1a(<const unsigned char *>data, size)
