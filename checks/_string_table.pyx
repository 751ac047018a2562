# cython: language_level=3, boundscheck=False, wraparound=False
"""A read-only set of strings, numbered, held in a few flat arrays instead of a dict.

The machine_translation lexicon looks words up among 320,000 English and 470,000 foreign words. As
dicts, reading them back from the build cache took every process half a second (a Python string per
word, and every one of them hashed into a dict) and 140 MB. Here the words are one UTF-8 buffer, and an
open-addressing table of their 64-bit FNV-1a hashes finds them. Only the buffer and the words' offsets
are stored (in the build cache, with the rest of the lexicon); the table is rebuilt from them on reading,
in a few milliseconds.
"""

import numpy as np

from libc.stdint cimport int32_t, int64_t, uint64_t
from libc.string cimport memcmp

cdef extern from "Python.h":
    const char *PyUnicode_AsUTF8AndSize(object text, Py_ssize_t *size) except NULL

cdef uint64_t _FNV_OFFSET = 14695981039346656037ULL
cdef uint64_t _FNV_PRIME = 1099511628211ULL


cdef inline uint64_t _fnv1a(const unsigned char *data, Py_ssize_t size) noexcept nogil:
    cdef uint64_t h = _FNV_OFFSET
    cdef Py_ssize_t i
    for i in range(size):
        h = (h ^ data[i]) * _FNV_PRIME
    return h


class StringTable:
    """The strings ``words`` (distinct), each found by its number in ``words``."""

    def __init__(self, words):
        encoded = [word.encode("utf-8") for word in words]
        if len(set(encoded)) != len(encoded):
            raise ValueError("a StringTable's words must be distinct")
        starts = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=starts[1:])
        self._index(b"".join(encoded), starts)

    def _index(self, bytes text, starts):
        # Hashes and slots are computed again rather than stored: a few milliseconds, and a cached table
        # can never disagree with the code that searches it.
        self.text, self.starts = text, starts
        n = len(starts) - 1
        self.hashes = np.empty(n, dtype=np.uint64)
        capacity = 1
        while capacity < 2 * max(n, 1):
            capacity *= 2
        self.slots = np.full(capacity, -1, dtype=np.int32)
        _fill(text, starts, self.hashes, self.slots)

    def __len__(self):
        return len(self.hashes)

    def __reduce__(self):
        return _restored, (self.text, self.starts)

    def word(self, Py_ssize_t k):
        """The word numbered ``k``."""
        return self.text[self.starts[k] : self.starts[k + 1]].decode("utf-8")

    def index(self, str word):
        """The number of ``word``, or -1 if the table does not hold it."""
        return _find(self.text, self.starts, self.hashes, self.slots, word)

    def indexes(self, list words):
        """``index`` of each of ``words``, as an intp array."""
        cdef Py_ssize_t n = len(words), i
        found = np.empty(n, dtype=np.intp)
        cdef Py_ssize_t[::1] out = found
        text, starts, hashes, slots = self.text, self.starts, self.hashes, self.slots
        for i in range(n):
            out[i] = _find(text, starts, hashes, slots, words[i])
        return found


def _restored(bytes text, starts):
    table = StringTable.__new__(StringTable)
    table._index(text, starts)
    return table


cdef void _fill(bytes text, const int64_t[::1] starts, uint64_t[::1] hashes, int32_t[::1] slots) noexcept:
    cdef const unsigned char *base = <const unsigned char *>(<const char *>text)
    cdef uint64_t mask = slots.shape[0] - 1
    cdef Py_ssize_t i
    cdef uint64_t slot
    for i in range(hashes.shape[0]):
        hashes[i] = _fnv1a(base + starts[i], starts[i + 1] - starts[i])
        slot = hashes[i] & mask
        while slots[slot] != -1:
            slot = (slot + 1) & mask
        slots[slot] = <int32_t>i


cdef Py_ssize_t _find(
    bytes text, const int64_t[::1] starts, const uint64_t[::1] hashes, const int32_t[::1] slots, str word
) except -2:
    cdef Py_ssize_t size
    cdef const char *data
    try:
        data = PyUnicode_AsUTF8AndSize(word, &size)
    except UnicodeEncodeError:  # a lone surrogate: never one of the table's words
        return -1
    cdef uint64_t h = _fnv1a(<const unsigned char *>data, size)
    cdef uint64_t mask = slots.shape[0] - 1
    cdef uint64_t slot = h & mask
    cdef const char *base = text
    cdef int32_t k
    cdef int64_t start
    while True:
        k = slots[slot]
        if k == -1:
            return -1
        if hashes[k] == h:
            start = starts[k]
            if starts[k + 1] - start == size and memcmp(base + start, data, size) == 0:
                return k
        slot = (slot + 1) & mask
