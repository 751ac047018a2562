# cython: language_level=3
# 64-bit FNV-1a: a hash of bytes that is the same in every process (Python's hash of a str is salted per
# process), for tables that travel between processes or to disk.

from libc.stdint cimport uint64_t


cdef inline uint64_t fnv1a(const unsigned char *data, Py_ssize_t size) noexcept nogil:
    cdef uint64_t h = 14695981039346656037ULL
    cdef Py_ssize_t i
    for i in range(size):
        h = (h ^ data[i]) * 1099511628211ULL
    return h
