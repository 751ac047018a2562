# cython: language_level=3
# CPython's character classes for the compiled scans, with the ASCII answers written out: most text is
# ASCII, and each CPython call looks the character up in its Unicode tables. The ASCII answers are
# Python's own (str.isspace also counts \x1c-\x1f), which tests check for all 128 characters.

cdef extern from "Python.h":
    bint Py_UNICODE_ISALNUM(Py_UCS4 c)
    bint Py_UNICODE_ISDECIMAL(Py_UCS4 c)
    bint Py_UNICODE_ISLOWER(Py_UCS4 c)
    bint Py_UNICODE_ISUPPER(Py_UCS4 c)
    bint Py_UNICODE_ISTITLE(Py_UCS4 c)
    bint Py_UNICODE_ISSPACE(Py_UCS4 c)
    int PyUnicode_KIND(object text)
    bint PyUnicode_IS_ASCII(object text)
    void *PyUnicode_DATA(object text)
    Py_UCS4 PyUnicode_READ(int kind, void *data, Py_ssize_t index)


cdef inline bint is_alnum(Py_UCS4 c) noexcept:
    if c < 128:
        return (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122)
    return Py_UNICODE_ISALNUM(c)


cdef inline bint is_decimal(Py_UCS4 c) noexcept:
    if c < 128:
        return 48 <= c <= 57
    return Py_UNICODE_ISDECIMAL(c)


cdef inline bint is_lower(Py_UCS4 c) noexcept:
    if c < 128:
        return 97 <= c <= 122
    return Py_UNICODE_ISLOWER(c)


cdef inline bint is_upper(Py_UCS4 c) noexcept:
    if c < 128:
        return 65 <= c <= 90
    return Py_UNICODE_ISUPPER(c)


cdef inline bint is_title(Py_UCS4 c) noexcept:
    if c < 128:
        return False
    return Py_UNICODE_ISTITLE(c)


cdef inline bint is_space(Py_UCS4 c) noexcept:
    if c < 128:
        return c == 32 or 9 <= c <= 13 or 28 <= c <= 31
    return Py_UNICODE_ISSPACE(c)


cdef inline bint is_word(Py_UCS4 c) noexcept:
    """re's \\w for str patterns."""
    return c == 95 or is_alnum(c)


ctypedef bint (*char_class)(Py_UCS4) noexcept


cdef inline Py_ssize_t word_end(
    int kind, void *data, Py_ssize_t n, Py_ssize_t start, char_class inside
) noexcept:
    """Where the word that starts at ``start`` ends: a run of ``inside`` characters, joined to the next
    run across one apostrophe or hyphen ("don't", "re-run")."""
    cdef Py_ssize_t i = start + 1
    while True:
        while i < n and inside(PyUnicode_READ(kind, data, i)):
            i += 1
        if (
            i + 1 < n
            and PyUnicode_READ(kind, data, i) in u"'’-"
            and inside(PyUnicode_READ(kind, data, i + 1))
        ):
            i += 1
            continue
        return i
