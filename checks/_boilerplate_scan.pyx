# cython: language_level=3, boundscheck=False, wraparound=False
"""The character-level measures of the boilerplate check, in one compiled pass over each line.

Every line of every document is measured, and in Python each measure is a regular-expression scan or a
method call per word: together they were a quarter of a whole audit. Here loops over a line's
characters yield them all. The character classes are CPython's own (``Py_UNICODE_IS*``, what ``re``
and the ``str`` methods use), so every figure equals its Python definition in
``checks._boilerplate_lines`` (tests compare the two on generated and real text).
"""

import numpy as np


from audit._chars cimport (
    PyUnicode_DATA,
    PyUnicode_KIND,
    PyUnicode_READ,
    is_alnum,
    is_decimal,
    is_lower,
    is_space,
    is_title,
    is_upper,
    is_word,
    word_end,
)


# Columns of the table ``scan_lines`` returns, one row per line.
WORDS = 0  # matches of the word pattern (a CJK character is a word of its own)
HAS_LETTER = 1  # holds a character of re's [^\W\d_]
DIGITS = 2  # characters of re's \d
CODES = 3  # code symbols
TITLE_WORDS = 4  # words that are title case (str.istitle)
UPPER_WORDS = 5  # words that are upper case (str.isupper)
STARTS_LOWER = 6  # the first character is lower case
TERMINAL = 7  # ends, before closing quotes and brackets, in terminal punctuation (not "...")
SENTENCE_END = 8  # ends, before closing quotes and brackets, in a sentence stop
SEPARATOR = 9  # a menu separator between spaces, or opening or closing the line beside a space
COLUMNS = 10


cdef inline bint _cjk(Py_UCS4 c) noexcept:
    return (
        0x3040 <= c <= 0x30FF
        or 0x3400 <= c <= 0x4DBF
        or 0x4E00 <= c <= 0x9FFF
        or 0xAC00 <= c <= 0xD7AF
        or 0xF900 <= c <= 0xFAFF
    )


cdef inline bint _word(Py_UCS4 c) noexcept:
    """re's \\w, outside the CJK ranges."""
    return is_word(c) and not _cjk(c)


cdef inline bint _istitle(int kind, void *data, Py_ssize_t start, Py_ssize_t end) noexcept:
    """str.istitle() of line[start:end], which is not empty."""
    cdef Py_UCS4 c
    cdef bint cased = False, previous_cased = False
    cdef Py_ssize_t i
    if end - start == 1:
        c = PyUnicode_READ(kind, data, start)
        return is_title(c) or is_upper(c)
    for i in range(start, end):
        c = PyUnicode_READ(kind, data, i)
        if is_upper(c) or is_title(c):
            if previous_cased:
                return False
            previous_cased = cased = True
        elif is_lower(c):
            if not previous_cased:
                return False
            previous_cased = cased = True
        else:
            previous_cased = False
    return cased


cdef inline bint _isupper(int kind, void *data, Py_ssize_t start, Py_ssize_t end) noexcept:
    """str.isupper() of line[start:end], which is not empty."""
    cdef Py_UCS4 c
    cdef bint cased = False
    cdef Py_ssize_t i
    if end - start == 1:
        return is_upper(PyUnicode_READ(kind, data, start))
    for i in range(start, end):
        c = PyUnicode_READ(kind, data, i)
        if is_lower(c) or is_title(c):
            return False
        if is_upper(c):
            cased = True
    return cased


cdef bint _separator(int kind, void *data, Py_ssize_t n) noexcept:
    cdef Py_ssize_t i
    cdef Py_UCS4 c
    cdef bint before, after
    for i in range(n):
        c = PyUnicode_READ(kind, data, i)
        if c not in u"|•»·›/":
            continue
        before = i >= 1 and is_space(PyUnicode_READ(kind, data, i - 1))
        after = i + 1 < n and is_space(PyUnicode_READ(kind, data, i + 1))
        if before and after:
            return True
        if c != u"/" and ((before and i == n - 1) or (i == 0 and after)):
            return True
    return False


def scan_lines(list lines):
    """(table, words): the int64 table of COLUMNS measures per line of ``lines`` (stripped, not blank),
    and the words of all the lines in order."""
    cdef Py_ssize_t n = len(lines), row, i, start, length, count, last
    cdef Py_UCS4 c
    cdef str line
    cdef int kind
    cdef void *data
    table = np.zeros((n, COLUMNS), dtype=np.int64)
    cdef long long[:, ::1] out = table
    cdef list words = []
    for row in range(n):
        line = <str>lines[row]
        length = len(line)
        kind = PyUnicode_KIND(line)
        data = PyUnicode_DATA(line)
        for i in range(length):
            c = PyUnicode_READ(kind, data, i)
            if is_decimal(c):
                out[row, DIGITS] += 1
            elif is_alnum(c):
                out[row, HAS_LETTER] = 1
            elif c in u"{}()[];=<>\\│|_*#`$%&+~^":
                out[row, CODES] += 1
        count = 0
        i = 0
        while i < length:
            c = PyUnicode_READ(kind, data, i)
            if _cjk(c):
                start = i
                i += 1
            elif _word(c):
                start = i
                i = word_end(kind, data, length, start, _word)
            else:
                i += 1
                continue
            count += 1
            words.append(line[start:i])
            out[row, TITLE_WORDS] += _istitle(kind, data, start, i)
            out[row, UPPER_WORDS] += _isupper(kind, data, start, i)
        out[row, WORDS] = count
        out[row, STARTS_LOWER] = is_lower(PyUnicode_READ(kind, data, 0))
        last = length - 1
        while last >= 0 and PyUnicode_READ(kind, data, last) in u"\"'”’»)]":
            last -= 1
        if last >= 0:
            c = PyUnicode_READ(kind, data, last)
            out[row, SENTENCE_END] = c in u".!?…。！？"
            out[row, TERMINAL] = c in u".!?…。！？:;" and not line.endswith("...")
        out[row, SEPARATOR] = _separator(kind, data, length)
    return table, words


# Function words that cannot end a line of real prose: a line ending in one continues on the next line.
CONTINUING = frozenset(
    "the a an and or but nor of to with for from by that which who whom whose is are was were be been has "
    "have had as at its their his her this these those than when while if into".split()
)


def blocks(list lines, long long[:, ::1] scan, list debris):
    """The block number of each line of ``lines`` (scanned into ``scan``; ``debris`` is each line's
    debris-phrase index, -1 for none): a line that continues the previous one's sentence joins its
    block."""
    cdef Py_ssize_t n = len(lines), i, j
    cdef str previous
    cdef Py_UCS4 end
    cdef bint continues
    numbers = np.zeros(n, dtype=np.int64)
    cdef long long[::1] block = numbers
    for i in range(1, n):
        previous = <str>lines[i - 1]
        end = previous[len(previous) - 1]
        continues = (
            scan[i - 1, HAS_LETTER]
            and scan[i, HAS_LETTER]
            and <long>debris[i - 1] < 0
            and <long>debris[i] < 0
            and not scan[i - 1, SENTENCE_END]
            and end != u":"
        )
        if continues and not (scan[i, STARTS_LOWER] or end in u",;-–—"):
            j = len(previous) - 1
            while j >= 0 and not is_space(previous[j]):
                j -= 1
            continues = previous[j + 1 :].lower() in CONTINUING
        block[i] = block[i - 1] + (not continues)
    return numbers


def normalised(list lines, list lowered, long long[:, ::1] scan, normalise):
    """Each line's template form: ``normalise(line)``, done here for an ASCII line (lower case is its
    case fold; its words are runs of [a-z0-9_] joined by one space), "" for a line without letters."""
    cdef Py_ssize_t n = len(lines), row, i, length, k
    cdef str line, low
    cdef Py_UCS4 c
    cdef bint gap
    cdef list forms = [""] * n
    cdef bytearray buffer
    cdef unsigned char[::1] out
    for row in range(n):
        if not scan[row, HAS_LETTER]:
            continue
        line = <str>lines[row]
        if not line.isascii():
            forms[row] = normalise(line)
            continue
        low = <str>lowered[row]
        length = len(low)
        buffer = bytearray(length)
        out = buffer
        k = 0
        gap = False
        for i in range(length):
            c = low[i]
            if c == u"_" or u"a" <= c <= u"z" or u"0" <= c <= u"9":
                if gap and k:
                    out[k] = 32
                    k += 1
                gap = False
                out[k] = <unsigned char>c
                k += 1
            else:
                gap = True
        forms[row] = buffer[:k].decode("ascii")
    return forms


cdef inline bint _follows(int kind, void *data, Py_ssize_t n, Py_ssize_t i, str literal) noexcept:
    """Whether ``literal`` (ASCII) stands at position i of the text."""
    cdef Py_ssize_t k, size = len(literal)
    if i + size > n:
        return False
    for k in range(size):
        if PyUnicode_READ(kind, data, i + k) != literal[k]:
            return False
    return True


def url_hints(list lowered):
    """Whether each lower-cased line holds one of the strings every web address or handle holds
    ("://", "www.", "@", ".com", ".org", ".net", ".co.uk", ".io", ".gov", ".edu"); only those lines
    are searched for one."""
    cdef Py_ssize_t n = len(lowered), row, i, length
    cdef list hints = [False] * n
    cdef str line
    cdef int kind
    cdef void *data
    cdef Py_UCS4 c
    for row in range(n):
        line = <str>lowered[row]
        length = len(line)
        kind = PyUnicode_KIND(line)
        data = PyUnicode_DATA(line)
        for i in range(length):
            c = PyUnicode_READ(kind, data, i)
            if (
                c == u"@"
                or (c == u":" and _follows(kind, data, length, i, "://"))
                or (c == u"w" and _follows(kind, data, length, i, "www."))
                or (
                    c == u"."
                    and (
                        _follows(kind, data, length, i, ".com")
                        or _follows(kind, data, length, i, ".org")
                        or _follows(kind, data, length, i, ".net")
                        or _follows(kind, data, length, i, ".co.uk")
                        or _follows(kind, data, length, i, ".io")
                        or _follows(kind, data, length, i, ".gov")
                        or _follows(kind, data, length, i, ".edu")
                    )
                )
            ):
                hints[row] = True
                break
    return hints
