# cython: language_level=3
"""The filler check's phrase search over a document's words, in one compiled loop.

Every word that can start a listed phrase is a candidate, and documents have thousands of them; in
Python each cost a tuple, two lookups and a call, more than the search itself.
"""


cdef extern from "Python.h":
    bint Py_UNICODE_ISUPPER(Py_UCS4 c)


def phrase_marks(
    list low, list texts, list starts, list ends, set initial, dict single, dict first_two,
    frozenset first_words, mark,
):
    """``mark(kind, start, end)`` for every listed phrase in the words (``low`` lower-cased, ``texts``
    as written, with their offsets), the longest where several start at one word; a word belongs to at
    most one. A capitalised word that does not start a sentence (``initial``: the first words) is a
    name ("May 1", "Will Smith", "Vital Signs"), not a phrase. ``single`` maps one-word phrases to their
    kind; ``first_two`` maps the first two words of longer phrases to (phrase, kind) pairs, longest
    first; ``first_words`` holds the words either can start with."""
    cdef Py_ssize_t n = len(low), i, free = 0, end, size
    cdef list marks = []
    cdef str word
    for i in range(n):
        word = <str>low[i]
        if word not in first_words:
            continue
        longer = first_two.get((word, low[i + 1] if i + 1 < n else ""))
        if longer is None and word not in single:
            continue
        if i < free or (i not in initial and Py_UNICODE_ISUPPER((<str>texts[i])[0])):
            continue
        end = -1
        if longer is not None:
            for tokens, kind in longer:
                size = len(tokens)
                if size == 2 or (i + size <= n and tuple(low[i : i + size]) == tokens):
                    end = i + size
                    break
        if end < 0:
            end = i + 1
            kind = single.get(word, "")
        if kind:
            marks.append(mark(kind, starts[i], ends[end - 1]))
            free = end
    return marks
