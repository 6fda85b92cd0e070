# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled inner loops of the features stage (optional: each function here has a pure-Python specification, named in
its docstring, that runs when this module is missing or ``BOILERFREE_PURE=1``; `tests/test_speed_compiled.py`
checks that both give the same results).

- `murmurhash3_32`: MurmurHash3 x86 32-bit (seed 0) of every token's UTF-8 bytes, the hash of scikit-learn's
  FeatureHasher. The ``mmh3`` package computes the same in C, but one Python call per token cost more than the hash:
  a page's few thousand tokens took 0.36 ms that way. The algorithm is Austin Appleby's public-domain MurmurHash3,
  written here from its description.
"""

from cpython.unicode cimport PyUnicode_AsUTF8AndSize
from libc.stdint cimport int32_t, uint8_t, uint32_t

import numpy as np


cdef uint32_t _C1 = 0xcc9e2d51u
cdef uint32_t _C2 = 0x1b873593u
cdef uint32_t _N = 0xe6546b64u
cdef uint32_t _F1 = 0x85ebca6bu
cdef uint32_t _F2 = 0xc2b2ae35u


cdef inline uint32_t _rotl(uint32_t x, int r) noexcept nogil:
    return (x << r) | (x >> (32 - r))


cdef inline uint32_t _murmur3_32(const uint8_t* data, Py_ssize_t n) noexcept nogil:
    cdef uint32_t h = 0
    cdef uint32_t k
    cdef uint32_t c1 = _C1
    cdef uint32_t c2 = _C2
    cdef Py_ssize_t i
    cdef Py_ssize_t blocks = n // 4
    cdef const uint8_t* tail = data + 4 * blocks
    for i in range(blocks):  # little-endian 4-byte words, as the reference reads them on x86
        k = (<uint32_t>data[4 * i] | (<uint32_t>data[4 * i + 1] << 8) | (<uint32_t>data[4 * i + 2] << 16)
             | (<uint32_t>data[4 * i + 3] << 24))
        k *= c1
        k = _rotl(k, 15)
        k *= c2
        h ^= k
        h = _rotl(h, 13)
        h = h * 5 + _N
    k = 0
    i = n & 3
    if i == 3:
        k ^= <uint32_t>tail[2] << 16
    if i >= 2:
        k ^= <uint32_t>tail[1] << 8
    if i >= 1:
        k ^= <uint32_t>tail[0]
        k *= c1
        k = _rotl(k, 15)
        k *= c2
        h ^= k
    h ^= <uint32_t>n
    h ^= h >> 16
    h *= _F1
    h ^= h >> 13
    h *= _F2
    h ^= h >> 16
    return h


def murmurhash3_32(list tokens):
    """``hashing.murmurhash3_32(tokens)`` (the specification: mmh3 over each token's UTF-8 bytes), as an int32 array;
    None when a token holds a lone surrogate (no UTF-8 form: the caller hashes those the specification's way)."""
    cdef Py_ssize_t n = len(tokens)
    out = np.empty(n, dtype=np.int32)
    cdef int32_t[::1] view = out
    cdef Py_ssize_t i, size
    cdef const char* data
    for i in range(n):
        try:
            data = PyUnicode_AsUTF8AndSize(tokens[i], &size)  # a str's UTF-8 form (ASCII: its own buffer)
        except UnicodeEncodeError:
            return None
        view[i] = <int32_t>_murmur3_32(<const uint8_t*>data, size)
    return out
