# cython: language_level=3
"""How many of a document's most frequent words each stoplist holds, counted in C.

Common words are in dozens of jusText's lists ("a" is in 40), so a document's 200 most frequent words
add up to ~750 (word, list) pairs: a Python loop over them cost more than the rest of the stoplist
choice together.
"""

from libc.stdlib cimport calloc, free


def language_hits(top, dict languages_of, Py_ssize_t languages):
    """For each of ``languages`` lists, the summed counts of the (word, count) pairs in ``top`` whose
    word ``languages_of`` files under that list's index."""
    cdef long long *hits = <long long *>calloc(languages, sizeof(long long))
    cdef long long count
    cdef tuple ids
    cdef Py_ssize_t k
    if hits == NULL:
        raise MemoryError()
    try:
        for word, number in top:
            found = languages_of.get(word)
            if found is None:
                continue
            ids = <tuple>found
            count = number
            for k in range(len(ids)):
                hits[<Py_ssize_t>ids[k]] += count
        return [hits[k] for k in range(languages)]
    finally:
        free(hits)
