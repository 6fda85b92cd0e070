# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled inner loops of the features stage (optional: each function here has a pure-Python specification, named in
its docstring, that runs when this module is missing or ``BOILERFREE_PURE=1``; `tests/test_speed_compiled.py`
checks that both give the same results).

- `text_counts`: the character counts of the text family's columns, one pass over the page's characters (the
  arrays' way, a dozen masks and sums over all of them, took 0.4 ms a page).
- `lexical_hashes`: the hashes of the lexical family's tokens, written and hashed in one buffer rather than made as
  strings and hashed one by one.
- `murmurhash3_32`: MurmurHash3 x86 32-bit (seed 0) of every token's UTF-8 bytes, the hash of scikit-learn's
  FeatureHasher. The ``mmh3`` package computes the same in C, but one Python call per token cost more than the hash:
  a page's few thousand tokens took 0.36 ms that way. The algorithm is Austin Appleby's public-domain MurmurHash3,
  written here from its description.
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.unicode cimport PyUnicode_AsUTF8AndSize
from libc.string cimport memcpy
from libc.stdint cimport int32_t, int64_t, uint8_t, uint32_t

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


def text_counts(const uint32_t[::1] bits, const int64_t[::1] starts, const int64_t[::1] lengths, Py_ssize_t sample,
                uint32_t letter, uint32_t digit, uint32_t upper, uint32_t punct, uint32_t currency,
                uint32_t code_end, uint32_t isupper, uint32_t sentence_mark, uint32_t comma, uint32_t space,
                uint32_t separator, uint32_t end_mark):
    """``features.text.block_counts_of_arrays(blocks)`` (the specification) from ``blocks.bits``, ``.starts`` and
    ``.lengths`` and the class bits, in one pass over each block's characters: the blocks x 13 int64 counts.

    A block is ``bits[start:start + length]``; the character after it is the "\\n" between blocks (whitespace, in no
    other class), and the characters before it are the previous block's (none before the first: read as 0, which is
    what the specification's shifted masks read there, except a word start, where the start of the page counts as
    whitespace)."""
    cdef Py_ssize_t n = starts.shape[0]
    out = np.zeros((n, 13), dtype=np.int64)
    cdef int64_t[:, ::1] c = out
    cdef Py_ssize_t b, i, start, end, head
    cdef uint32_t here, before, before2, after
    for b in range(n):
        start = starts[b]
        end = start + lengths[b]
        head = start + (lengths[b] if lengths[b] < sample else sample)
        for i in range(start, end):
            here = bits[i]
            before = bits[i - 1] if i >= 1 else 0
            before2 = bits[i - 2] if i >= 2 else 0
            after = bits[i + 1]  # at most the "\n" after the block
            if i < head:
                if here & letter:
                    c[b, 0] += 1
                if here & digit:
                    c[b, 1] += 1
                if here & upper:
                    c[b, 2] += 1
                if here & punct:
                    c[b, 3] += 1
            if here & currency:
                c[b, 4] += 1
            if here & digit and (before & code_end or (before & space and before2 & code_end)):
                c[b, 5] += 1
            if i == start and here & isupper:
                c[b, 6] += 1
            if here & sentence_mark and after & space:
                c[b, 7] += 1
            if here & comma:
                c[b, 8] += 1
            if not here & space and (i == 0 or before & space):
                c[b, 9] += 1
                if here & isupper:
                    c[b, 10] += 1
            # between whitespace inside the block (not the "\n" before or after it)
            if here & separator and start < i < end - 1 and before & space and after & space:
                c[b, 11] += 1
        i = end - 1
        while i >= start and bits[i] & space:
            i -= 1
        if i >= start and bits[i] & end_mark:
            c[b, 12] = 1
    return out


cdef Py_ssize_t _put(char** buffer, Py_ssize_t* capacity, Py_ssize_t at, const char* data, Py_ssize_t size) except -1:
    """Copies ``size`` bytes to ``buffer[at:]``, growing it as needed; returns where the copy ends."""
    cdef Py_ssize_t wanted = at + size
    cdef char* grown
    if wanted > capacity[0]:
        wanted = max(wanted, 2 * capacity[0])
        grown = <char*>PyMem_Realloc(buffer[0], wanted)
        if grown == NULL:
            raise MemoryError()
        buffer[0] = grown
        capacity[0] = wanted
    memcpy(buffer[0] + at, data, size)
    return at + size


cdef Py_ssize_t _put_word(char** buffer, Py_ssize_t* capacity, Py_ssize_t at, object word) except -1:
    cdef Py_ssize_t size
    cdef const char* data = PyUnicode_AsUTF8AndSize(word, &size)
    return _put(buffer, capacity, at, data, size)


def lexical_hashes(list words, list shapes, Py_ssize_t max_words, Py_ssize_t whole_words):
    """The MurmurHash3 of every token ``features.lexical.tokens`` (the specification) gives blocks with these words
    (lists of str) and shape tokens (a str, or None for none), without making the tokens: each is written as UTF-8
    into one buffer and hashed there. Returns (tokens of each block, int64; their hashes, int32, block after block),
    or None when a word holds a lone surrogate (no UTF-8 form: the caller hashes the tokens' own way)."""
    cdef Py_ssize_t n = len(words)
    cdef Py_ssize_t b, i, m, total = 0, at, capacity = 256
    cdef list toks
    for b in range(n):
        m = min(len(<list>words[b]), max_words)
        if m:
            total += 2 * m + 1 + (len(<list>words[b]) <= whole_words) + (shapes[b] is not None)
    lengths = np.zeros(n, dtype=np.int64)
    hashes = np.empty(total, dtype=np.int32)
    cdef int64_t[::1] row_lengths = lengths
    cdef int32_t[::1] out = hashes
    cdef Py_ssize_t k = 0
    cdef char* buffer = <char*>PyMem_Malloc(capacity)
    if buffer == NULL:
        raise MemoryError()
    try:
        for b in range(n):
            toks = <list>words[b]
            m = min(len(toks), max_words)
            if not m:
                continue
            for i in range(m):  # w:word
                at = _put(&buffer, &capacity, 0, "w:", 2)
                at = _put_word(&buffer, &capacity, at, toks[i])
                out[k] = <int32_t>_murmur3_32(<const uint8_t*>buffer, at)
                k += 1
            for i in range(m - 1):  # b:word_next
                at = _put(&buffer, &capacity, 0, "b:", 2)
                at = _put_word(&buffer, &capacity, at, toks[i])
                at = _put(&buffer, &capacity, at, "_", 1)
                at = _put_word(&buffer, &capacity, at, toks[i + 1])
                out[k] = <int32_t>_murmur3_32(<const uint8_t*>buffer, at)
                k += 1
            at = _put(&buffer, &capacity, 0, "first:", 6)
            at = _put_word(&buffer, &capacity, at, toks[0])
            out[k] = <int32_t>_murmur3_32(<const uint8_t*>buffer, at)
            k += 1
            at = _put(&buffer, &capacity, 0, "last:", 5)
            at = _put_word(&buffer, &capacity, at, toks[len(toks) - 1])
            out[k] = <int32_t>_murmur3_32(<const uint8_t*>buffer, at)
            k += 1
            if len(toks) <= whole_words:  # whole:the words joined by spaces
                at = _put(&buffer, &capacity, 0, "whole:", 6)
                for i in range(len(toks)):
                    if i:
                        at = _put(&buffer, &capacity, at, " ", 1)
                    at = _put_word(&buffer, &capacity, at, toks[i])
                out[k] = <int32_t>_murmur3_32(<const uint8_t*>buffer, at)
                k += 1
            if shapes[b] is not None:
                at = _put(&buffer, &capacity, 0, "shape:", 6)
                at = _put_word(&buffer, &capacity, at, shapes[b])
                out[k] = <int32_t>_murmur3_32(<const uint8_t*>buffer, at)
                k += 1
            row_lengths[b] = 2 * m + 1 + (len(toks) <= whole_words) + (shapes[b] is not None)
    except UnicodeEncodeError:
        return None
    finally:
        PyMem_Free(buffer)
    return lengths, hashes
