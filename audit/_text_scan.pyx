# cython: language_level=3, boundscheck=False, wraparound=False
"""The shared tokenisation's word and sentence splits, each one compiled pass over the text.

Every check reads a document's words and sentences, so every audit pays for splitting them. ``re.split``
made a string of every gap between words as well as of every word, and the offsets and stripping took
further passes; here one loop makes only the tokens and their offsets. Character classes are CPython's
own (``Py_UNICODE_ISALNUM`` or "_" is re's ``\\w``, ``Py_UNICODE_ISSPACE`` its ``\\s`` and what
``str.strip`` strips), so the splits equal their regular-expression definitions (tests compare them).
"""


from audit._chars cimport (
    PyUnicode_DATA,
    PyUnicode_IS_ASCII,
    PyUnicode_KIND,
    PyUnicode_READ,
    is_space,
    is_word,
    word_end,
)


def word_columns(str text):
    """(texts, starts, ends) of the words of ``text``: runs of word characters, joined across single
    inner apostrophes and hyphens."""
    cdef Py_ssize_t n = len(text), i = 0, start
    cdef list texts = [], starts = [], ends = []
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    while i < n:
        if not is_word(PyUnicode_READ(kind, data, i)):
            i += 1
            continue
        start = i
        i = word_end(kind, data, n, start, is_word)
        texts.append(text[start:i])
        starts.append(start)
        ends.append(i)
    return texts, starts, ends


def sentence_columns(str text, abbreviation):
    """(starts, ends, texts) of the sentences of ``text``, stripped, empty ones left out. A sentence
    ends at a newline, or at a run of . ! ? … (then any closing quotes and brackets) that whitespace
    follows, unless the run starts with a full stop and ``abbreviation(before)`` holds for the text
    between the previous end and it."""
    cdef Py_ssize_t n = len(text), i = 0, j, k, piece = 0, previous_end = 0
    cdef Py_UCS4 c
    cdef list starts = [], ends = [], texts = []
    cdef int kind = PyUnicode_KIND(text)
    cdef void *data = PyUnicode_DATA(text)
    while i < n:
        c = PyUnicode_READ(kind, data, i)
        if c == u"\n":
            i += 1
            _add_stripped(text, kind, data, piece, i, starts, ends, texts)
            piece = previous_end = i
            continue
        if c not in u".!?…":
            i += 1
            continue
        j = i + 1
        while j < n and PyUnicode_READ(kind, data, j) in u".!?…":
            j += 1
        k = j
        while k < n and PyUnicode_READ(kind, data, k) in u"\"'”’)]":
            k += 1
        if k == n or not is_space(PyUnicode_READ(kind, data, k)):
            i = j
            continue
        if not (c == u"." and abbreviation(text[previous_end:i])):
            _add_stripped(text, kind, data, piece, k, starts, ends, texts)
            piece = k
        previous_end = i = k
    _add_stripped(text, kind, data, piece, n, starts, ends, texts)
    return starts, ends, texts


cdef inline void _add_stripped(
    str text, int kind, void *data, Py_ssize_t start, Py_ssize_t end, list starts, list ends, list texts
):
    while start < end and is_space(PyUnicode_READ(kind, data, start)):
        start += 1
    while end > start and is_space(PyUnicode_READ(kind, data, end - 1)):
        end -= 1
    if start < end:
        starts.append(start)
        ends.append(end)
        texts.append(text[start:end])


def lowered(list words):
    """``word.lower()`` of every word; an ASCII word without capitals is its own lower case, so it is
    reused rather than copied (most words of most text)."""
    cdef Py_ssize_t n = len(words), i, k, length
    cdef list out = [None] * n
    cdef str word
    cdef Py_UCS4 c
    cdef void *data
    for i in range(n):
        word = <str>words[i]
        if PyUnicode_IS_ASCII(word):
            data = PyUnicode_DATA(word)
            length = len(word)
            for k in range(length):
                c = PyUnicode_READ(1, data, k)
                if 65 <= c <= 90:
                    word = word.lower()
                    break
        else:
            word = word.lower()
        out[i] = word
    return out
