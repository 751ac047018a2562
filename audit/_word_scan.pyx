# cython: language_level=3, boundscheck=False, wraparound=False
"""The shared word tokenisation, in one compiled pass over the text.

Every check reads a document's words, so every audit pays for splitting them. ``re.split`` made a
string of every gap between words as well as of every word, and the offsets took a further pass; here
one loop makes only the words and their offsets. Word characters are re's ``\\w`` for ``str`` patterns
(CPython's ``Py_UNICODE_ISALNUM`` or "_"), so the words equal ``audit.text.WORD_PATTERN``'s matches
(tests compare the two).
"""


cdef extern from "Python.h":
    bint Py_UNICODE_ISALNUM(Py_UCS4 c)


cdef inline bint _word(Py_UCS4 c) noexcept:
    return c == u"_" or Py_UNICODE_ISALNUM(c)


def word_columns(str text):
    """(texts, starts, ends) of the words of ``text``: runs of word characters, joined across single
    inner apostrophes and hyphens."""
    cdef Py_ssize_t n = len(text), i = 0, start
    cdef list texts = [], starts = [], ends = []
    while i < n:
        if not _word(text[i]):
            i += 1
            continue
        start = i
        i += 1
        while True:
            while i < n and _word(text[i]):
                i += 1
            if i + 1 < n and text[i] in u"'’-" and _word(text[i + 1]):
                i += 1
                continue
            break
        texts.append(text[start:i])
        starts.append(start)
        ends.append(i)
    return texts, starts, ends
