# cython: language_level=3
"""A phrase list tried on every line of a document, in one compiled loop.

The boilerplate check tries its debris and keep lists on every line, and in Python the few steps per
line around the regular-expression calls (prefix lookups, slices, the choice of alternation) cost more
than the calls themselves. Here those steps run in C, and the search for the strings a floating pattern
needs is a plain string search of the document's lines joined by newlines instead of one call per line
(no needle holds a newline, so none matches across two lines), moving on to the next line at each find.
"""

from bisect import bisect_right


def _needle_lines(tuple needles, list lines):
    """Whether each of ``lines`` holds one of the strings ``needles`` (all true when there are none)."""
    cdef Py_ssize_t n = len(lines), row, position, end = -1
    cdef bytearray found = bytearray(b"\x01" * n) if needles is None else bytearray(n)
    if needles is None or not n:
        return found
    cdef list ends = []
    for row in range(n):
        end += 1 + len(<str>lines[row])
        ends.append(end)  # where the line's newline is (or would be, for the last line)
    cdef str joined = "\n".join(lines), needle
    for needle in needles:
        position = joined.find(needle)
        while position != -1:
            row = bisect_right(ends, position)
            found[row] = 1
            position = joined.find(needle, <Py_ssize_t>ends[row] + 1)  # on from the next line
    return found


cdef long _first(compiled, str line, bint needled, at_word_start):
    """The index of the first pattern of ``compiled`` (a ``_Compiled`` of ``_boilerplate_lexicon``)
    matching ``line``, -1 for none, given whether the line holds one of its floating patterns' needles."""
    cdef long best = -1
    cdef dict prefixes = compiled.prefixes
    cdef str first = line[:1]
    if line.startswith(prefixes.get(line[:2], ())) or line.startswith(prefixes.get(first, ())):
        anchored = compiled.anchored.get(first, compiled.anchored_other)
    else:
        anchored = compiled.anchored_other
    if anchored is not None:
        match = anchored.match(line)
        if match is not None:
            best = int(match.lastgroup[1:])
    if not needled:
        return best
    for index, pattern in compiled.floating:
        if best != -1 and index > best:
            break
        if at_word_start(pattern, line):
            return index
    return best


def first_matches(for_short, for_long, Py_ssize_t max_words, list lowered, list words, at_word_start):
    """The index of the first pattern matching each of the ``lowered`` lines, -1 for none: a line of
    at most ``max_words`` words is tried with ``for_short``, a longer one with ``for_long``."""
    cdef Py_ssize_t n = len(lowered), i, k_short = 0, k_long = 0
    cdef list is_short = [<long>words[i] <= max_words for i in range(n)]
    cdef list short_lines = [lowered[i] for i in range(n) if is_short[i]]
    cdef list long_lines = [lowered[i] for i in range(n) if not is_short[i]]
    cdef bytearray short_needled = _needle_lines(for_short.needles, short_lines)
    cdef bytearray long_needled = _needle_lines(for_long.needles, long_lines)
    cdef list found = [-1] * n
    for i in range(n):
        if is_short[i]:
            found[i] = _first(for_short, <str>lowered[i], short_needled[k_short], at_word_start)
            k_short += 1
        else:
            found[i] = _first(for_long, <str>lowered[i], long_needled[k_long], at_word_start)
            k_long += 1
    return found
