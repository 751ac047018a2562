# cython: language_level=3, boundscheck=False, wraparound=False
"""Numbering a document's distinct words, in one compiled loop.

The machine_translation check numbers every document's tokens and their lower-case forms. Done in
Python it took a dict call per word and six NumPy calls per document to turn first occurrences into
numbers, which on short documents cost more than the words did.
"""

import numpy as np


def number_distinct(list items):
    """(distinct, ids): the distinct strings of ``items`` in order of first occurrence, and for each
    item the number (intp) of its distinct string."""
    cdef Py_ssize_t n = len(items), i, known = 0
    cdef dict number_of = {}
    cdef list distinct = []
    ids = np.empty(n, dtype=np.intp)
    cdef Py_ssize_t[::1] out = ids
    for i in range(n):
        item = items[i]
        found = number_of.get(item)
        if found is None:
            number_of[item] = known
            distinct.append(item)
            out[i] = known
            known += 1
        else:
            out[i] = <Py_ssize_t>found
    return distinct, ids
