# cython: language_level=3, boundscheck=False, wraparound=False
"""The filler check's character-level counts of checkable detail, in one compiled pass over the sentences.

Three regular expressions found them before (a digit, ``\\d+(?:[.,:]\\d+)*`` for numbers and
``[A-ZÀ-ÖØ-Þ][\\w'’.-]*`` for capitalised words); none starts with a literal, so the regular-expression
engine tried a match at every character, a third of the filler check's time.
"""

from audit._chars cimport PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ, is_decimal, is_word


cdef inline bint _joins_numbers(Py_UCS4 c) noexcept:
    return c == 46 or c == 44 or c == 58  # . , :


cdef inline bint _in_capitalised(Py_UCS4 c) noexcept:
    return c == 39 or c == 0x2019 or c == 46 or c == 45 or is_word(c)  # ' ’ . - \w


cdef inline bint _capital(Py_UCS4 c) noexcept:
    return (65 <= c <= 90) or (0xC0 <= c <= 0xD6) or (0xD8 <= c <= 0xDE)


def detail_counts(list sentences):
    """(whether each sentence holds a digit, how many numbers, how many capitalised words) of the
    ``sentences``: the matches of the three expressions above in each sentence.

    A number's match takes every digit run joined to the one before by a single ``.``, ``,`` or ``:``,
    so a digit run starts a new number unless such a joint and a digit come before it. A capitalised
    word's match runs from a capital to the end of the run of word characters, apostrophes, dots and
    hyphens it is in, so each such run that holds a capital is one match."""
    cdef list has_digit = []
    cdef Py_ssize_t numbers = 0, capitalised = 0, i, n
    cdef int kind
    cdef void *data
    cdef Py_UCS4 c, before = 0, before_that = 0
    cdef bint digit, previous_digit, in_run, counted
    cdef str text
    for text in sentences:
        kind = PyUnicode_KIND(text)
        data = PyUnicode_DATA(text)
        n = len(text)
        digit = previous_digit = in_run = counted = False
        for i in range(n):
            c = PyUnicode_READ(kind, data, i)
            if is_decimal(c):
                if not previous_digit:
                    digit = True
                    if i < 2 or not _joins_numbers(before) or not is_decimal(before_that):
                        numbers += 1
                previous_digit = True
            else:
                previous_digit = False
            if _in_capitalised(c):
                if not in_run:
                    in_run, counted = True, False
                if not counted and _capital(c):
                    capitalised += 1
                    counted = True
            else:
                in_run = False
            before_that, before = before, c
        has_digit.append(digit)
    return has_digit, numbers, capitalised
