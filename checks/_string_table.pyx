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

from checks._fnv cimport fnv1a

cdef extern from "Python.h":
    const char *PyUnicode_AsUTF8AndSize(object text, Py_ssize_t *size) except NULL


cdef class StringTable:
    """The strings ``words`` (distinct), each found by its number in ``words``."""

    cdef readonly bytes text
    cdef readonly object starts
    cdef const char *_base
    cdef const int64_t[::1] _starts
    cdef uint64_t[::1] _hashes
    cdef int32_t[::1] _slots
    cdef uint64_t _mask

    def __init__(self, words):
        encoded = [word.encode("utf-8") for word in words]
        if len(set(encoded)) != len(encoded):
            raise ValueError("a StringTable's words must be distinct")
        starts = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(e) for e in encoded], out=starts[1:])
        self._index(b"".join(encoded), starts)

    cdef void _index(self, bytes text, starts):
        # Hashes and slots are computed again rather than stored: a few milliseconds, and a cached table
        # can never disagree with the code that searches it.
        self.text, self.starts = text, starts
        self._base = text
        self._starts = starts
        n = len(starts) - 1
        capacity = 1
        while capacity < 2 * max(n, 1):
            capacity *= 2
        self._hashes = np.empty(n, dtype=np.uint64)  # the views keep their arrays alive
        self._slots = np.full(capacity, -1, dtype=np.int32)
        self._mask = capacity - 1
        cdef Py_ssize_t i
        cdef uint64_t slot
        cdef const unsigned char *base = <const unsigned char *>self._base
        for i in range(n):
            self._hashes[i] = fnv1a(base + self._starts[i], self._starts[i + 1] - self._starts[i])
            slot = self._hashes[i] & self._mask
            while self._slots[slot] != -1:
                slot = (slot + 1) & self._mask
            self._slots[slot] = <int32_t>i

    def __len__(self):
        return self._hashes.shape[0]

    def __reduce__(self):
        return _restored, (self.text, self.starts)

    def word(self, Py_ssize_t k):
        """The word numbered ``k``."""
        return self.text[self.starts[k] : self.starts[k + 1]].decode("utf-8")

    def index(self, str word):
        """The number of ``word``, or -1 if the table does not hold it."""
        return self._find(word)

    def indexes(self, list words):
        """``index`` of each of ``words``, as an intp array."""
        cdef Py_ssize_t n = len(words), i
        found = np.empty(n, dtype=np.intp)
        cdef Py_ssize_t[::1] out = found
        for i in range(n):
            out[i] = self._find(<str>words[i])
        return found

    cdef Py_ssize_t _find(self, str word) except -2:
        cdef Py_ssize_t size
        cdef const char *data
        try:
            data = PyUnicode_AsUTF8AndSize(word, &size)
        except UnicodeEncodeError:  # a lone surrogate: never one of the table's words
            return -1
        cdef uint64_t h = fnv1a(<const unsigned char *>data, size)
        cdef uint64_t slot = h & self._mask
        cdef int32_t k
        cdef int64_t start
        while True:
            k = self._slots[slot]
            if k == -1:
                return -1
            if self._hashes[k] == h:
                start = self._starts[k]
                if self._starts[k + 1] - start == size and memcmp(self._base + start, data, size) == 0:
                    return k
            slot = (slot + 1) & self._mask


def _restored(bytes text, starts):
    cdef StringTable table = StringTable.__new__(StringTable)
    table._index(text, starts)
    return table
