# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""Compiled inner loops of the features stage (optional: each function here has a pure-Python specification, named in
its docstring, that runs when this module is missing or ``BOILERFREE_PURE=1``; `tests/test_speed_compiled.py` and
`tests/test_features.py` check that both give the same results).

- `text_counts`: the character counts of the text family's columns, one pass over the page's characters (the
  arrays' way, a dozen masks and sums over all of them, took 0.27 ms a page; this, 0.06: the counts kept in locals
  and added to without a branch on the classes, where a branch and a store per count took 0.09).
- `lexical_hashes`, `lexical_columns`, `dom_hashes`: the hashes of the lexical and DOM families' tokens, each token
  written as UTF-8 into one buffer and hashed there rather than made as a string and hashed by a Python call (a
  page's DOM rows once per element, its lexical rows once per distinct text).
- `LexiconScanner`: the lexicon's hits in block heads, an Aho-Corasick automaton of its own, the admission of the
  wordings to search and the searches in one loop (pyahocorasick's iterator, and the arrays made of its hits, took
  more time than the searches they spared); literals that need a word boundary beside them admit only where it holds.
- `PageWords`, `StopIndex`: the lower-cased words of a page's blocks without a string a word: split once into one
  UTF-8 buffer, each word with its MurmurHash3 and its entry in the stop-word index (a table keyed by that hash,
  checked against the bytes), which the language guess (`PageWords.language`), the text family's word lengths and
  stop words (`text_rows`), the lexical tokens' hashes (`lexical_hashes`) and the page family's titles and copies
  (`title_and_copy_rows`) read: those and the split took 0.84 ms a page with a list of strings a block, 0.59 so
  (200 pages). `lower_words` is the same split, as strings (text mode's second stage reads them); `most_covering`
  the language guess of words given one by one.
- `stack_rows`: the feature matrix's CSR arrays, dense columns and hashed ones, in one pass over the rows.
- `stack_hashed`: the same, from the hashed families' columns rather than their CSR matrix: the page's (row, column)
  keys radix-sorted and counted as they are written (hashing's numpy assembly and the stacking took 0.32 ms a
  page; this, 0.18).
- `hashed_product`: the first stage's product of that matrix and the weights, summed from the same sorted keys
  without making the matrix, in the order and precision of scipy's CSR product.
- `block_table`: each block's text and the attributes the families read (owner, words, link characters, heading,
  flags, blank line before), read from its Segment once a page into lists and an int64 array (`features.table`),
  which the loops below read rather than the Segments (~20 ns an attribute read, a few dozen reads a block).
- `text_rows`, `dom_rows`, `prose_rows`, `class_bits`, `best_container`: the numeric families' rows (and the
  paywall family's class/id bits of the ancestors, the DOM family's best container) in one loop over the blocks
  each, where the arrays' way made a dozen or more numpy calls on arrays of a few hundred values, each costing more
  than its arithmetic (0.50 ms a page for the DOM rows that way, 0.11 here). `text_rows` classifies and counts each
  block's characters itself (`_count_block`, the loop of `text_counts`), without the page's text joined and
  classified as one array.
- `paywall_rows`: the paywall family's lexicon, class/id and schema.org columns written in one loop over the blocks,
  where numpy made a dozen calls a page (`paywall.numeric` of 133 fundus pages: 0.330 ms a page that way, 0.286
  here).
- `plane_bits`: the character classes of a page's text read from the table `blocks.CharacterClasses` keeps.
- `bucket_columns`: the text family's bucket tokens, picked from their table for every block in one loop.
- `neighbour_rows`: the context columns (the previous, next and window mean of every block's text and paywall
  values), the float32 running sums of numpy's way in one pass (0.10 ms a page that way, 0.02 here).
- `window_stats`, `subtree_sums`: the second stage's window means and maxima and its container sums, with the
  additions of the numpy and list versions in the same order (the second stage went from 0.91 ms a page to 0.59).
- `html_scores`: the rest of the second stage's HTML columns (neighbours, windows, span, ancestor chains and
  container shares, types, headline, flags) in loops over the blocks, where numpy made about 30 calls a page
  (`scores.numeric` of a 200-block page: 0.143 ms that way, 0.032 here).
- `murmurhash3_32`: MurmurHash3 x86 32-bit (seed 0) of every token's UTF-8 bytes, the hash of scikit-learn's
  FeatureHasher. The ``mmh3`` package computes the same in C, but one Python call per token cost more than the hash:
  a page's few thousand tokens took 0.36 ms that way (0.10 here). The algorithm is Austin Appleby's public-domain
  MurmurHash3, written here from its description.

Every function reads what its caller made and trusts its types (lists of str, int64/uint32 arrays); a lone
surrogate, which has no UTF-8 form, makes `murmurhash3_32` and `dom_hashes` return None, and the caller takes the
Python way; the words (`PageWords`) and the lexical hashes write it as ``surrogatepass`` does, the bytes that way
hashes for it.
"""

cimport cython
from cpython.mem cimport PyMem_Calloc, PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISDECIMAL, Py_UNICODE_ISSPACE, PyUnicode_AsUTF8AndSize
from cpython.unicode cimport PyUnicode_1BYTE_DATA, PyUnicode_1BYTE_KIND, PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ
from cpython.unicode cimport PyUnicode_2BYTE_KIND
from cpython.bytes cimport PyBytes_FromStringAndSize
from cpython.unicode cimport PyUnicode_Count, PyUnicode_DecodeUTF8, PyUnicode_Substring
from libc.math cimport INFINITY, log, log1p, sqrt
from libc.string cimport memcmp, memcpy
from libc.stdint cimport INT64_MAX, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t

from itertools import chain

import numpy as np


cdef extern from *:
    void __builtin_prefetch(const void* address) noexcept nogil


cdef extern from "Python.h":
    object PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)


cdef enum:  # the rows of `block_table`'s columns
    _OWNER = 0
    _WORDS = 1
    _LINK_CHARS = 2
    _HEADING = 3
    _FLAGS = 4
    _BLANK_BEFORE = 5


cdef extern from *:
    """
    /* MurmurHash3's constants, known to the compiler (as module variables each was loaded from memory), and a
       4-byte little-endian word read in one load where the byte order allows it (four loads, shifts and ors did) */
    #define BOILERFREE_MURMUR_C1 0xcc9e2d51u
    #define BOILERFREE_MURMUR_C2 0x1b873593u
    #define BOILERFREE_MURMUR_N 0xe6546b64u
    #define BOILERFREE_MURMUR_F1 0x85ebca6bu
    #define BOILERFREE_MURMUR_F2 0xc2b2ae35u
    static inline uint32_t boilerfree_load_le32(const uint8_t* p) {
    #if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
        uint32_t k;
        memcpy(&k, p, 4);
        return k;
    #else
        return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
    #endif
    }
    """
    const uint32_t _C1 "BOILERFREE_MURMUR_C1"
    const uint32_t _C2 "BOILERFREE_MURMUR_C2"
    const uint32_t _N "BOILERFREE_MURMUR_N"
    const uint32_t _F1 "BOILERFREE_MURMUR_F1"
    const uint32_t _F2 "BOILERFREE_MURMUR_F2"
    uint32_t _load_le32 "boilerfree_load_le32"(const uint8_t* data) noexcept nogil


cdef extern from *:
    """
    /* The non-zero values of 8 floats as bits (bit j: p[j] != 0, a NaN counting as non-zero, -0.0 not), by two
       vector compares where SSE2 is there; and the lowest set bit of a non-zero word */
    #if defined(__SSE2__) || defined(_M_X64)
    #include <emmintrin.h>
    static inline unsigned boilerfree_nonzero8(const float* p) {
        __m128 zero = _mm_setzero_ps();
        unsigned low = (unsigned)_mm_movemask_ps(_mm_cmpneq_ps(_mm_loadu_ps(p), zero));
        return low | ((unsigned)_mm_movemask_ps(_mm_cmpneq_ps(_mm_loadu_ps(p + 4), zero)) << 4);
    }
    #else
    static inline unsigned boilerfree_nonzero8(const float* p) {
        unsigned bits = 0;
        for (int j = 0; j < 8; j++) bits |= (unsigned)(p[j] != 0) << j;
        return bits;
    }
    #endif
    #if defined(__GNUC__)
    #define boilerfree_lowest_bit(bits) __builtin_ctz(bits)
    #else
    static inline int boilerfree_lowest_bit(unsigned bits) {
        int j = 0;
        while (!(bits & 1u)) { bits >>= 1; j++; }
        return j;
    }
    #endif
    """
    unsigned _nonzero8 "boilerfree_nonzero8"(const float* values) noexcept nogil
    int _lowest_bit "boilerfree_lowest_bit"(unsigned bits) noexcept nogil


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
        k = _load_le32(data + 4 * i)
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


cdef struct _TextClasses:  # the class bits the text family's counts read (`text._CHARACTERS`)
    uint32_t letter, digit, upper, punct, currency, code_end, isupper, sentence_mark, comma, space, separator
    uint32_t end_mark


cdef void _count_block(const uint32_t* here_at, Py_ssize_t length, uint32_t before1, uint32_t before2_,
                       uint32_t after_last, bint page_start, Py_ssize_t sample, const _TextClasses* k,
                       int64_t* c) noexcept:
    """The 13 counts of one block (`text_counts`' columns) from the class bits of its ``length`` characters, those of
    the two characters before it on the page (``before1``, then ``before2_``: 0 before the page) and of the one after
    it (``after_last``: the "\\n" between blocks); ``page_start``: the block starts the page (where a word start
    counts the start of the page as whitespace).

    The characters whose neighbours are the block's own (all but the first two and the last) are counted by
    `_count_middle` and `_count_head`, loops without a test of the position that the compiler vectorizes (the one
    loop that also took the edges, ~95 instructions a character, was a tenth of the features stage); the edges,
    here, by `_count_at`."""
    cdef Py_ssize_t i, head = length if length < sample else sample
    cdef Py_ssize_t middle_end = length - 1 if length > 3 else 2  # the middle: [2, middle_end)
    for i in range(13):
        c[i] = 0
    for i in range(length if length < 2 else 2):
        _count_at(here_at, length, i, before1, before2_, after_last, page_start, head, k, c)
    if length > 2:
        _count_at(here_at, length, length - 1, before1, before2_, after_last, page_start, head, k, c)
    _count_middle(here_at, 2, middle_end, k, c)
    _count_head(here_at, 2, head if head < middle_end else middle_end, k, c)
    c[6] = length > 0 and (here_at[0] & k.isupper) != 0
    i = length - 1
    while i >= 0 and here_at[i] & k.space:
        i -= 1
    c[12] = i >= 0 and (here_at[i] & k.end_mark) != 0


cdef inline void _count_at(const uint32_t* here_at, Py_ssize_t length, Py_ssize_t i, uint32_t before1,
                           uint32_t before2_, uint32_t after_last, bint page_start, Py_ssize_t head,
                           const _TextClasses* k, int64_t* c) noexcept:
    """Adds character ``i``'s part of the counts (but c[6] and c[12]), read as the specification reads it (the
    characters beside a block's edge are its neighbours on the page)."""
    cdef uint32_t here = here_at[i]
    cdef uint32_t before = here_at[i - 1] if i >= 1 else before1
    cdef uint32_t before2 = here_at[i - 2] if i >= 2 else (before1 if i == 1 else before2_)
    cdef uint32_t after = here_at[i + 1] if i + 1 < length else after_last
    cdef bint in_head = i < head, word_start, after_code
    c[0] += in_head & ((here & k.letter) != 0)
    c[1] += in_head & ((here & k.digit) != 0)
    c[2] += in_head & ((here & k.upper) != 0)
    c[3] += in_head & ((here & k.punct) != 0)
    c[4] += (here & k.currency) != 0
    after_code = ((before & k.code_end) != 0) | (((before & k.space) != 0) & ((before2 & k.code_end) != 0))
    c[5] += ((here & k.digit) != 0) & after_code
    c[7] += ((here & k.sentence_mark) != 0) & ((after & k.space) != 0)
    c[8] += (here & k.comma) != 0
    word_start = ((here & k.space) == 0) & ((page_start & (i == 0)) | ((before & k.space) != 0))
    c[9] += word_start
    c[10] += word_start & ((here & k.isupper) != 0)
    # between whitespace inside the block (not the "\\n" before or after it)
    c[11] += (((here & k.separator) != 0) & (0 < i < length - 1) & ((before & k.space) != 0)
              & ((after & k.space) != 0))


cdef enum:
    _CHUNK = 1 << 30  # characters counted in 32-bit locals at a time


cdef void _count_middle(const uint32_t* here_at, Py_ssize_t first, Py_ssize_t end, const _TextClasses* k,
                        int64_t* c) noexcept:
    """Adds the counts of characters ``first`` to ``end`` that do not depend on the head, each read with the two
    before it and the one after it, all in the block (`_count_at` without its tests of the position); 32-bit
    counts in locals, so that the compiler adds four characters' at a time."""
    cdef Py_ssize_t i, stop
    cdef uint32_t here, before, before2, after, spaced
    cdef uint32_t currency = k.currency, digit = k.digit, code_end = k.code_end, space = k.space
    cdef uint32_t sentence_mark = k.sentence_mark, comma = k.comma, isupper = k.isupper, separator = k.separator
    cdef uint32_t currencies, coded, sentences, commas, starts_, upper_starts, seps, word_start
    while first < end:
        stop = end if end - first <= _CHUNK else first + _CHUNK
        currencies = coded = sentences = commas = starts_ = upper_starts = seps = 0
        for i in range(first, stop):
            here = here_at[i]
            before = here_at[i - 1]
            before2 = here_at[i - 2]
            after = here_at[i + 1]
            spaced = (before & space) != 0
            currencies += (here & currency) != 0
            coded += ((here & digit) != 0) & (((before & code_end) != 0) | (spaced & ((before2 & code_end) != 0)))
            sentences += ((here & sentence_mark) != 0) & ((after & space) != 0)
            commas += (here & comma) != 0
            word_start = ((here & space) == 0) & spaced
            starts_ += word_start
            upper_starts += word_start & ((here & isupper) != 0)
            seps += ((here & separator) != 0) & spaced & ((after & space) != 0)
        c[4] += currencies
        c[5] += coded
        c[7] += sentences
        c[8] += commas
        c[9] += starts_
        c[10] += upper_starts
        c[11] += seps
        first = stop


cdef void _count_head(const uint32_t* here_at, Py_ssize_t first, Py_ssize_t end, const _TextClasses* k,
                      int64_t* c) noexcept:
    """Adds the head's counts (letters, digits, upper-case letters, punctuation) of characters ``first`` to ``end``,
    as `_count_middle` does the others."""
    cdef Py_ssize_t i, stop
    cdef uint32_t here, letter = k.letter, digit = k.digit, upper = k.upper, punct = k.punct
    cdef uint32_t letters, digits, uppers, puncts
    while first < end:
        stop = end if end - first <= _CHUNK else first + _CHUNK
        letters = digits = uppers = puncts = 0
        for i in range(first, stop):
            here = here_at[i]
            letters += (here & letter) != 0
            digits += (here & digit) != 0
            uppers += (here & upper) != 0
            puncts += (here & punct) != 0
        c[0] += letters
        c[1] += digits
        c[2] += uppers
        c[3] += puncts
        first = stop


def text_counts(const uint32_t[::1] bits, const int64_t[::1] starts, const int64_t[::1] lengths, Py_ssize_t sample,
                uint32_t letter, uint32_t digit, uint32_t upper, uint32_t punct, uint32_t currency,
                uint32_t code_end, uint32_t isupper, uint32_t sentence_mark, uint32_t comma, uint32_t space,
                uint32_t separator, uint32_t end_mark):
    """``features.text.block_counts_of_arrays(blocks)`` (the specification) from ``blocks.bits``, ``.starts`` and
    ``.lengths`` and the class bits, in one pass over each block's characters (`_count_block`, which `text_rows`
    runs on the classes of a block it reads itself): the blocks x 13 int64 counts.

    A block is ``bits[start:start + length]``; the character after it is the "\\n" between blocks (whitespace, in no
    other class), and the characters before it are the previous block's (none before the first: read as 0, which is
    what the specification's shifted masks read there, except a word start, where the start of the page counts as
    whitespace)."""
    cdef Py_ssize_t n = starts.shape[0], b, start
    cdef _TextClasses k = _TextClasses(letter, digit, upper, punct, currency, code_end, isupper, sentence_mark, comma,
                                       space, separator, end_mark)
    out = np.zeros((n, 13), dtype=np.int64)
    cdef int64_t[:, ::1] c = out
    for b in range(n):
        start = starts[b]
        if start < 0 or lengths[b] < 0 or start + lengths[b] >= bits.shape[0]:
            raise ValueError("a block (and the character after it) outside the bits")
        _count_block(&bits[start], lengths[b], bits[start - 1] if start >= 1 else 0,
                     bits[start - 2] if start >= 2 else 0, bits[start + lengths[b]], start == 0, sample, &k, &c[b, 0])
    return out


cdef inline Py_ssize_t _put(char** buffer, Py_ssize_t* capacity, Py_ssize_t at, const char* data,
                            Py_ssize_t size) except -1:
    """Copies ``size`` bytes to ``buffer[at:]``, growing it as needed (`_grow`); returns where the copy ends (the DOM
    tokens' paths and the strings `_Hashes` hashes the first time; the lexical tokens, many more, are written by
    `_copy_over` into a buffer grown once a block)."""
    if at + size > capacity[0]:
        _grow(buffer, capacity, at + size)
    memcpy(buffer[0] + at, data, size)
    return at + size


cdef int _grow(char** buffer, Py_ssize_t* capacity, Py_ssize_t wanted) except -1:
    """Grows ``buffer`` to at least ``wanted`` bytes (twice its size at least)."""
    cdef char* grown
    wanted = max(wanted, 2 * capacity[0])
    grown = <char*>PyMem_Realloc(buffer[0], wanted)
    if grown == NULL:
        raise MemoryError()
    buffer[0] = grown
    capacity[0] = wanted
    return 0


cdef Py_ssize_t _put_word(char** buffer, Py_ssize_t* capacity, Py_ssize_t at, object word) except -1:
    cdef Py_ssize_t size
    cdef const char* data = PyUnicode_AsUTF8AndSize(word, &size)
    return _put(buffer, capacity, at, data, size)


include "_marks.pxi"


cdef inline char* _copy_over(char* to, const char* source, Py_ssize_t size) noexcept nogil:
    """Copies ``size`` bytes 8 at a time to ``to``; returns where the copy ends. Reads and writes up to 7 bytes past
    both ends: for `PageWords`' buffer (which keeps that room past its words) into a buffer with room for them. A
    token's words are a few bytes each: a ``memcpy`` call for each cost more than the copy."""
    cdef Py_ssize_t i
    for i in range(0, size, 8):
        memcpy(to + i, source + i, 8)
    return to + size


cdef char* _write_shape(char* at, str text, Py_ssize_t limit) noexcept:
    """Writes the shape of ``text[:limit]`` as UTF-8 (`_utf8`) at ``at`` (room for 4 bytes a character), returns where
    it ends: ``features.lexical.shape`` (the specification: letters ``[^\\W\\d_]`` and the combining marks after them
    -> "a", after ``\\d+`` -> "9"), in one pass: a run of decimal digits (sre's ``\\d``) is "9", a run of other
    alphanumeric characters (``\\w`` without ``\\d`` and "_") and of the marks after them is "a", every other
    character itself."""
    cdef Py_ssize_t i, n = min(len(text), limit)
    cdef Py_UCS4 ch
    cdef int kind, last = 0
    for i in range(n):
        ch = text[i]
        kind = 1 if Py_UNICODE_ISDECIMAL(ch) else 2 if Py_UNICODE_ISALNUM(ch) else 0
        if kind == 0 and last == 2 and _is_mark(ch):  # a mark continues a run of letters
            kind = 2
        if kind:
            if kind != last:
                at[0] = b"9" if kind == 1 else b"a"
                at += 1
        else:
            at += _utf8(ch, at)
        last = kind
    return at


def lexical_hashes(PageWords words, const int64_t[::1] blocks, list texts, Py_ssize_t max_words,
                   Py_ssize_t whole_words, Py_ssize_t shape_words, Py_ssize_t shape_chars):
    """The MurmurHash3 of every token ``features.lexical.tokens`` (the specification) gives the blocks ``blocks`` of
    ``words`` (their texts: ``texts``), without making the tokens: each is written as UTF-8 into one buffer, from
    the words' own UTF-8, and hashed there (a lone surrogate as the bytes `hashing.murmurhash3_32_of_each` hashes
    for it). The buffer is grown once a block, to the most its tokens need, so that they are written by plain
    stores (`_copy_over`: 0.55M instructions a page, where a call to copy each piece, with a check of the room,
    made it 0.86M). Returns (tokens of each block, int64; their hashes, int32, block after block)."""
    cdef Py_ssize_t n = blocks.shape[0]
    cdef Py_ssize_t b, i, m, first, n_words, tokens, total = 0, capacity = 256, span, need
    cdef _Word* word
    cdef _Word* after
    cdef char* at
    if len(texts) != n:
        raise ValueError("one text per block")
    if shape_chars < 0:
        raise ValueError("shape_chars must not be negative")
    for b in range(n):
        if not 0 <= blocks[b] < words.n_blocks:
            raise IndexError("a block is not in the words")
        n_words = words._first[blocks[b] + 1] - words._first[blocks[b]]
        m = min(n_words, max_words)
        if m:
            total += 2 * m + 1 + (n_words <= whole_words) + (n_words <= shape_words)
    lengths = np.zeros(n, dtype=np.int64)
    hashes = np.empty(total, dtype=np.int32)
    cdef int64_t[::1] row_lengths = lengths
    cdef int32_t[::1] out = hashes
    cdef Py_ssize_t k = 0
    cdef char* buffer = <char*>PyMem_Malloc(capacity)
    cdef const char* utf8 = words._utf8
    if buffer == NULL:
        raise MemoryError()
    try:
        for b in range(n):
            first = words._first[blocks[b]]
            n_words = words._first[blocks[b] + 1] - first
            m = min(n_words, max_words)
            if not m:
                continue
            word = &words._words[first]
            after = &words._words[first + n_words - 1]
            # room for the longest token and the 7 bytes `_copy_over` writes past it: a bigram or "whole:" spans at
            # most the block's words, "last:" one of them, "shape:" at most 4 bytes a character
            span = after.at + after.size - word.at
            need = 32 + span + after.size + 4 * shape_chars
            if need > capacity:
                _grow(&buffer, &capacity, need)
            for i in range(first, first + m):  # w:word
                word = &words._words[i]
                memcpy(buffer, b"w:", 2)
                at = _copy_over(buffer + 2, utf8 + word.at, word.size)
                out[k] = <int32_t>_murmur3_32(<const uint8_t*>buffer, at - buffer)
                k += 1
            for i in range(first, first + m - 1):  # b:word_next
                word = &words._words[i]
                after = &words._words[i + 1]
                memcpy(buffer, b"b:", 2)
                at = _copy_over(buffer + 2, utf8 + word.at, word.size)
                at[0] = b"_"
                at = _copy_over(at + 1, utf8 + after.at, after.size)
                out[k] = <int32_t>_murmur3_32(<const uint8_t*>buffer, at - buffer)
                k += 1
            word = &words._words[first]
            memcpy(buffer, b"first:", 6)
            at = _copy_over(buffer + 6, utf8 + word.at, word.size)
            out[k] = <int32_t>_murmur3_32(<const uint8_t*>buffer, at - buffer)
            k += 1
            after = &words._words[first + n_words - 1]
            memcpy(buffer, b"last:", 5)
            at = _copy_over(buffer + 5, utf8 + after.at, after.size)
            out[k] = <int32_t>_murmur3_32(<const uint8_t*>buffer, at - buffer)
            k += 1
            tokens = 2 * m + 1
            if n_words <= whole_words:  # whole:the words joined by spaces, as the block's words are kept
                memcpy(buffer, b"whole:", 6)
                at = _copy_over(buffer + 6, utf8 + word.at, after.at + after.size - word.at)
                out[k] = <int32_t>_murmur3_32(<const uint8_t*>buffer, at - buffer)
                k += 1
                tokens += 1
            if n_words <= shape_words:
                memcpy(buffer, b"shape:", 6)
                at = _write_shape(buffer + 6, <str>texts[b], shape_chars)
                out[k] = <int32_t>_murmur3_32(<const uint8_t*>buffer, at - buffer)
                k += 1
                tokens += 1
            row_lengths[b] = tokens
    finally:
        PyMem_Free(buffer)
    return lengths, hashes


def lexical_columns(list texts, PageWords words, Py_ssize_t max_words, Py_ssize_t whole_words,
                    Py_ssize_t shape_words, Py_ssize_t shape_chars, int64_t n_features):
    """The hashed columns of ``features.lexical.tokens`` for blocks with these texts and words, as
    ``lexical.token_columns_of_hashes`` (the specification) gives them: each distinct text's tokens hashed once
    (`lexical_hashes`, with the words of its first block), every block given its text's columns
    (``|hash| mod n_features``). Returns (tokens of each block, their columns, block after block; both int64)."""
    cdef Py_ssize_t n = len(texts), i, j, d, start, count, total = 0
    cdef int64_t mask = n_features - 1 if n_features & (n_features - 1) == 0 else -1
    cdef dict number = {}
    cdef list distinct_texts = []
    cdef object known
    if words.n_blocks != n:
        raise ValueError("one word list per text")
    if n_features < 1:
        raise ValueError("n_features must be positive")
    rows = np.empty(n, dtype=np.int64)
    firsts = np.empty(n, dtype=np.int64)
    cdef int64_t[::1] row_of = rows
    cdef int64_t[::1] first_of = firsts
    for i in range(n):
        text = texts[i]
        known = number.get(text)
        if known is None:
            d = len(distinct_texts)
            number[text] = d
            distinct_texts.append(text)
            first_of[d] = i
        else:
            d = <Py_ssize_t>known
        row_of[i] = d
    cdef Py_ssize_t n_distinct = len(distinct_texts)
    lengths, hashes = lexical_hashes(words, firsts[:n_distinct], distinct_texts, max_words, whole_words, shape_words,
                                     shape_chars)
    cdef const int64_t[::1] length_of = lengths
    cdef const int32_t[::1] hash_of = hashes
    starts = np.empty(n_distinct, dtype=np.int64)
    cdef int64_t[::1] start_of = starts
    for d in range(n_distinct):
        start_of[d] = total
        total += length_of[d]
    if n_distinct == n:  # every text once: the rows are the distinct texts'
        columns = np.empty(total, dtype=np.int64)
        out_lengths = lengths
    else:
        out_lengths = np.empty(n, dtype=np.int64)
        total = 0
        for i in range(n):
            total += length_of[row_of[i]]
        columns = np.empty(total, dtype=np.int64)
    cdef int64_t[::1] out = columns
    cdef int64_t[::1] out_length = out_lengths
    j = 0
    for i in range(n):
        d = row_of[i]
        start = start_of[d]
        count = length_of[d]
        out_length[i] = count
        for start in range(start, start + count):
            out[j] = _column(hash_of[start], n_features, mask)  # as TokenHasher.columns
            j += 1
    return out_lengths, columns


def hash_columns(const int32_t[::1] hashes, int64_t n_features):
    """The column of each hash, ``np.abs(hashes.astype(np.int64)) % n_features`` (as ``TokenHasher.columns``: the
    specification), in one loop where numpy made three arrays (0.10M instructions a page for the DOM tokens'
    columns that way, 0.04M so); a mask for a power of two (`_column`)."""
    cdef Py_ssize_t i, n = hashes.shape[0]
    if n_features < 1:
        raise ValueError("n_features must be positive")
    columns = np.empty(n, dtype=np.int64)
    cdef int64_t[::1] out = columns
    cdef int64_t mask = n_features - 1 if n_features & (n_features - 1) == 0 else -1
    for i in range(n):
        out[i] = _column(hashes[i], n_features, mask)
    return columns


cdef inline int64_t _column(int64_t h, int64_t n_features, int64_t mask) noexcept nogil:
    """``|h| % n_features`` (|-2**31| is 2**31 in int64), by ``mask`` (``n_features - 1``) when ``n_features`` is a
    power of two (``mask`` -1 when not): a 64-bit division takes a few dozen cycles, an and one."""
    h = -h if h < 0 else h
    return h & mask if mask >= 0 else h % n_features


cdef enum:  # the prefixes of the DOM tokens `_Hashes.add_token` hashes: "", "c0:", "c1:", "ca:", "tag:"
    _PREFIX_PLAIN = 0
    _PREFIX_C0 = 1
    _PREFIX_C1 = 2
    _PREFIX_CA = 3
    _PREFIX_TAG = 4
    _PREFIX_KINDS = 5


@cython.final
cdef class _Hashes:
    """A growing int32 array of hashes and the byte buffer tokens are written into before they are hashed; and the
    hashes of a prefix and a string (`add_token`) kept by string: a page's class tokens, tags and heading/link
    tokens are a few hundred, hashed ten or twenty times each as the tokens of different elements (a dict look-up
    costs a third of writing and hashing one)."""
    cdef int32_t* hashes
    cdef Py_ssize_t size, capacity
    cdef char* text
    cdef Py_ssize_t text_capacity
    cdef dict numbers  # each string met: its number in the arrays below
    cdef int32_t* known  # string i's hash with prefix kind k: known[i * _PREFIX_KINDS + k], once made (made[i] bit k)
    cdef uint8_t* made
    cdef int64_t* stamp  # string i: the last farther-ancestors piece it was added to (`dom_hashes`), -1: none
    cdef Py_ssize_t n_strings, strings_capacity
    cdef int64_t* listed  # the numbers of tuples of strings, one tuple after another (`number_all`)
    cdef Py_ssize_t n_listed, listed_capacity

    def __cinit__(self):
        self.capacity = 1024
        self.text_capacity = 256
        self.strings_capacity = 64
        self.listed_capacity = 256
        self.numbers = {}
        self.hashes = <int32_t*>PyMem_Malloc(self.capacity * sizeof(int32_t))
        self.text = <char*>PyMem_Malloc(self.text_capacity)
        self.known = <int32_t*>PyMem_Malloc(self.strings_capacity * _PREFIX_KINDS * sizeof(int32_t))
        self.made = <uint8_t*>PyMem_Malloc(self.strings_capacity)
        self.stamp = <int64_t*>PyMem_Malloc(self.strings_capacity * sizeof(int64_t))
        self.listed = <int64_t*>PyMem_Malloc(self.listed_capacity * sizeof(int64_t))
        if not (self.hashes and self.text and self.known and self.made and self.stamp and self.listed):
            raise MemoryError()

    def __dealloc__(self):
        PyMem_Free(self.hashes)
        PyMem_Free(self.text)
        PyMem_Free(self.known)
        PyMem_Free(self.made)
        PyMem_Free(self.stamp)
        PyMem_Free(self.listed)

    cdef int add(self, Py_ssize_t size) except -1:
        """Appends the hash of the first ``size`` bytes of the text buffer."""
        self.append(<int32_t>_murmur3_32(<const uint8_t*>self.text, size))
        return 0

    cdef inline int append(self, int32_t h) except -1:
        """Appends ``h``."""
        cdef int32_t* grown
        if self.size == self.capacity:
            grown = <int32_t*>PyMem_Realloc(self.hashes, 2 * self.capacity * sizeof(int32_t))
            if grown == NULL:
                raise MemoryError()
            self.hashes = grown
            self.capacity *= 2
        self.hashes[self.size] = h
        self.size += 1
        return 0

    cdef Py_ssize_t number(self, object string) except -1:
        """``string``'s number (`known`, `made`, `stamp`), given when it is first met."""
        cdef object known = self.numbers.get(string)
        cdef Py_ssize_t i
        if known is not None:
            return <Py_ssize_t>known
        i = self.n_strings
        if i == self.strings_capacity:
            self._grow_strings()
        self.made[i] = 0
        self.stamp[i] = -1
        self.numbers[string] = i
        self.n_strings += 1
        return i

    cdef Py_ssize_t number_all(self, tuple strings) except -1:
        """Lists the numbers of ``strings`` (`number`) one after another in `listed`; returns where they start."""
        cdef Py_ssize_t start = self.n_listed, j, n = len(strings)
        cdef void* grown
        if start + n > self.listed_capacity:
            self.listed_capacity = max(2 * self.listed_capacity, start + n)
            grown = PyMem_Realloc(self.listed, self.listed_capacity * sizeof(int64_t))
            if grown == NULL:
                raise MemoryError()
            self.listed = <int64_t*>grown
        for j in range(n):
            self.listed[start + j] = self.number(strings[j])
        self.n_listed += n
        return start

    cdef int _grow_strings(self) except -1:
        cdef Py_ssize_t wanted = 2 * self.strings_capacity
        cdef void* known = PyMem_Realloc(self.known, wanted * _PREFIX_KINDS * sizeof(int32_t))
        if known == NULL:
            raise MemoryError()
        self.known = <int32_t*>known
        cdef void* made = PyMem_Realloc(self.made, wanted)
        if made == NULL:
            raise MemoryError()
        self.made = <uint8_t*>made
        cdef void* stamp = PyMem_Realloc(self.stamp, wanted * sizeof(int64_t))
        if stamp == NULL:
            raise MemoryError()
        self.stamp = <int64_t*>stamp
        self.strings_capacity = wanted
        return 0

    cdef int add_numbered(self, Py_ssize_t i, int kind, object string) except -1:
        """Appends the hash of the prefix of ``kind`` and ``string`` (number ``i``), made when first asked for."""
        cdef Py_ssize_t at
        if not (self.made[i] >> kind) & 1:
            if kind == _PREFIX_C0:
                at = _put(&self.text, &self.text_capacity, 0, "c0:", 3)
            elif kind == _PREFIX_C1:
                at = _put(&self.text, &self.text_capacity, 0, "c1:", 3)
            elif kind == _PREFIX_CA:
                at = _put(&self.text, &self.text_capacity, 0, "ca:", 3)
            elif kind == _PREFIX_TAG:
                at = _put(&self.text, &self.text_capacity, 0, "tag:", 4)
            else:
                at = 0
            at = _put_word(&self.text, &self.text_capacity, at, string)
            self.known[i * _PREFIX_KINDS + kind] = <int32_t>_murmur3_32(<const uint8_t*>self.text, at)
            self.made[i] |= 1 << kind
        return self.append(self.known[i * _PREFIX_KINDS + kind])

    cdef inline int add_token(self, int kind, object string) except -1:
        """Appends the hash of the prefix of ``kind`` and ``string``."""
        return self.add_numbered(self.number(string), kind, string)

    cdef int copy(self, Py_ssize_t start, Py_ssize_t count) except -1:
        """Appends ``count`` hashes already made, from ``start``."""
        cdef Py_ssize_t i
        for i in range(count):
            self.append(self.hashes[start + i])
        return 0

    cdef object array(self):
        out = np.empty(self.size, dtype=np.int32)
        cdef int32_t[::1] view = out
        if self.size:
            memcpy(&view[0], self.hashes, self.size * sizeof(int32_t))
        return out


def dom_hashes(list owners, list heading_links, list parent, list tag, list tokens, Py_ssize_t farther):
    """The MurmurHash3 of every token ``features.dom.tokens`` (the specification) gives the blocks of these owners
    (element indices) and heading/link tokens, from the page's element table (``parent``, ``tag``, ``tokens``), and
    ``farther`` ancestors from the grandparent up: (tokens of each block, int64; their hashes, int32, block after
    block, each block's a permutation of `dom.tokens`' list: the path and the parent's class tokens, its own class
    tokens, the farther ancestors', then its heading/link token), or None when a tag or token holds a lone surrogate
    or a block has no element. The tokens are written into one buffer and hashed there, a piece of a row once for
    all the blocks that share it (the row of an element; the path and the parent's "c1:" tokens of consecutive
    siblings with one tag; the "ca:" tokens of a grandparent), found by element index in arrays rather than in
    dicts (which took more time than the hashes they spared); a string with a prefix is hashed once a page
    (`_Hashes.add_token`), and the farther ancestors' distinct tokens are found by the same look-up, each string's
    stamp saying whether this piece has it already (a set of them took more time than their hashes: dom_hashes
    0.91M instructions a page that way, 0.46M so)."""
    cdef Py_ssize_t n = len(owners)
    cdef Py_ssize_t b, a, k, level, owner, up, grand, start, count, at, t
    cdef Py_ssize_t n_elements = len(parent)
    lengths = np.zeros(n, dtype=np.int64)
    cdef int64_t[::1] row_lengths = lengths
    cdef _Hashes out = _Hashes()
    # per element: where its row (as owner), its path piece (as parent: the last tag met under it) and its "ca:"
    # piece (as grandparent) start in the hashes, and how many; where the numbers of its class tokens start in
    # `_Hashes.listed`; -1: not made yet
    pieces = np.full((n_elements + 1, 7), -1, dtype=np.int64)
    cdef int64_t[:, ::1] piece = pieces
    cdef list path_tags = [None] * (n_elements + 1)  # the owners' tag of each parent's path piece (-1: the root)
    cdef object owner_tag
    cdef tuple strings
    if len(tag) != n_elements or len(tokens) != n_elements:
        raise ValueError("the element table's lists differ in length")
    for up in parent:  # every index read below is one of the table's (lists are read without bounds checks)
        if not -1 <= up < n_elements:
            raise ValueError("a parent index outside the element table")
    try:
        for b in range(n):
            owner = owners[b]
            if not 0 <= owner < n_elements:
                return None  # a block without an element: the caller's way
            if piece[owner, 0] >= 0:
                start = piece[owner, 0]
                count = piece[owner, 1]
                out.copy(start, count)
            else:
                start = out.size
                up = parent[owner]
                grand = parent[up] if up >= 0 else -1
                owner_tag = tag[owner]
                a = up if up >= 0 else n_elements  # the root's path piece is kept in the extra row
                if piece[a, 2] >= 0 and (path_tags[a] is owner_tag or path_tags[a] == owner_tag):
                    out.copy(piece[a, 2], piece[a, 3])
                else:
                    out.add_token(_PREFIX_TAG, owner_tag)
                    # "p2:" parent>owner and "p3:" grandparent>parent>owner, as far as they exist
                    at = _put(&out.text, &out.text_capacity, 0, "p2:", 3)
                    if up >= 0:
                        at = _put_word(&out.text, &out.text_capacity, at, tag[up])
                        at = _put(&out.text, &out.text_capacity, at, ">", 1)
                    at = _put_word(&out.text, &out.text_capacity, at, owner_tag)
                    out.add(at)
                    at = _put(&out.text, &out.text_capacity, 0, "p3:", 3)
                    if grand >= 0:
                        at = _put_word(&out.text, &out.text_capacity, at, tag[grand])
                        at = _put(&out.text, &out.text_capacity, at, ">", 1)
                    if up >= 0:
                        at = _put_word(&out.text, &out.text_capacity, at, tag[up])
                        at = _put(&out.text, &out.text_capacity, at, ">", 1)
                    at = _put_word(&out.text, &out.text_capacity, at, owner_tag)
                    out.add(at)
                    if up >= 0:
                        strings = <tuple>tokens[up]
                        if piece[up, 6] < 0:
                            piece[up, 6] = out.number_all(strings)
                        for k in range(len(strings)):
                            out.add_numbered(out.listed[piece[up, 6] + k], _PREFIX_C1, strings[k])
                    piece[a, 2] = start
                    piece[a, 3] = out.size - start
                    path_tags[a] = owner_tag
                strings = <tuple>tokens[owner]
                if piece[owner, 6] < 0:
                    piece[owner, 6] = out.number_all(strings)
                for k in range(len(strings)):
                    out.add_numbered(out.listed[piece[owner, 6] + k], _PREFIX_C0, strings[k])
                if grand >= 0:
                    if piece[grand, 4] >= 0:
                        out.copy(piece[grand, 4], piece[grand, 5])
                    else:
                        piece[grand, 4] = out.size
                        a = grand
                        for level in range(farther):  # each distinct token once (as the set of them in `dom.tokens`)
                            if a < 0:
                                break
                            strings = <tuple>tokens[a]
                            if piece[a, 6] < 0:
                                piece[a, 6] = out.number_all(strings)
                            for k in range(len(strings)):
                                t = out.listed[piece[a, 6] + k]
                                if out.stamp[t] != grand:
                                    out.stamp[t] = grand
                                    out.add_numbered(t, _PREFIX_CA, strings[k])
                            a = parent[a]
                        piece[grand, 5] = out.size - piece[grand, 4]
                count = out.size - start
                piece[owner, 0] = start
                piece[owner, 1] = count
            out.add_token(_PREFIX_PLAIN, heading_links[b])
            row_lengths[b] = count + 1
    except UnicodeEncodeError:
        return None
    return lengths, out.array()


cdef uint8_t _ASCII_WORD[128]  # sre's \\w for the ASCII characters: Py_UNICODE_ISALNUM or "_", read once
cdef uint8_t _ASCII_DIGIT[128]  # sre's \\d for them: Py_UNICODE_ISDECIMAL
for _code in range(128):
    _ASCII_WORD[_code] = Py_UNICODE_ISALNUM(_code) or _code == 95
    _ASCII_DIGIT[_code] = Py_UNICODE_ISDECIMAL(_code)


cdef inline bint _is_decimal(Py_UCS4 ch) noexcept:
    """sre's ``\\d``, by the table for ASCII (a C test: the conditional expression of a ``uint8_t`` and a ``bint``
    that this replaced was made a Python int and tested as one, per character of the lexicon's heads)."""
    if ch < 128:
        return _ASCII_DIGIT[ch] != 0
    return Py_UNICODE_ISDECIMAL(ch)


cdef class _Stamps:
    """`LexiconScanner`'s marks of one call: the last head that met each set, the last head that met a set of each
    alternative, and how many of its sets that head met. One allocation, filled in C (three numpy arrays and their
    views took 27,000 instructions a call, a page)."""
    cdef int64_t* set_at
    cdef int64_t* key_at
    cdef int64_t* met

    def __cinit__(self, Py_ssize_t n_sets, Py_ssize_t n_keys):
        cdef Py_ssize_t i, size = n_sets + 2 * n_keys + 3
        self.set_at = <int64_t*>PyMem_Malloc(size * sizeof(int64_t))
        if self.set_at == NULL:
            raise MemoryError()
        self.key_at = self.set_at + n_sets + 1
        self.met = self.key_at + n_keys + 1
        for i in range(n_sets + n_keys + 2):  # set_at and key_at: -1, no head yet
            self.set_at[i] = -1
        for i in range(n_keys + 1):
            self.met[i] = 0

    def __dealloc__(self):
        PyMem_Free(self.set_at)


cdef enum:  # LexiconScanner.latin1_codes: a decimal digit's flag, above the column
    _DECIMAL = 256


cdef enum:  # LexiconScanner.bounds
    _BEFORE = 1
    _AFTER = 2
    _FIRST_WORD = 4
    _LAST_WORD = 8


cdef class LexiconScanner:
    """The lexicon's answers for block heads: ``rules._LexiconMatcher.hits_many`` (the specification), with the
    automaton, the admission of alternatives and the searches in one loop over each head.

    The literals are found by an Aho-Corasick automaton of its own, a table of (state, character column) -> state
    built once: one table read per character of a head, where pyahocorasick's iterator made a Python tuple for every
    hit (that iteration, and the arrays made of its hits, took more time than the searches they spared). An
    alternative is admitted in a head when each of its requirement sets has a member there (literal number
    ``digit``: a decimal digit, sre's ``\\d``, anywhere in the head): a stamp per set, a count per alternative.
    Admitted alternatives are searched (``patterns[k].search``) unless their label is already found. A literal
    spelled with a word boundary (`rules._BOUNDARY`: the currency codes' ``\\b``, the periods' ``\\b`` after) counts
    only where the characters beside it give the boundary (`_bounded`): 'rs' in 'years' and ' an' in ' and' admit
    nothing, and a page's searches went from 97 to 66, its answers from 0.195 ms to 0.130 (200 pages)."""

    cdef int32_t[::1] delta  # state * n_columns + column -> state
    cdef uint8_t[::1] column_of  # code point -> column (0: in no literal), for code points below its length
    cdef uint16_t[::1] latin1_codes  # byte -> its column + _DECIMAL if a digit: [0:256] as read, [256:] lower-cased
    cdef int64_t[::1] output_start  # the literals found on reaching a state: outputs[output_start[s]:...[s + 1]]
    cdef int64_t[::1] outputs
    cdef uint8_t[::1] bounds  # per literal: _BEFORE, _AFTER (\\b there), _FIRST_WORD, _LAST_WORD (its ends are \\w)
    cdef int64_t[::1] literal_length
    cdef Py_ssize_t n_columns, digit, n_labels
    cdef const int64_t[::1] literal_sets_start
    cdef const int64_t[::1] literal_sets
    cdef const int64_t[::1] set_key
    cdef const int64_t[::1] key_sets
    cdef const int64_t[::1] key_label
    cdef list searches, always

    def __init__(self, list literals, list bounds, Py_ssize_t digit, const int64_t[::1] literal_sets_start,
                 const int64_t[::1] literal_sets, const int64_t[::1] set_key, const int64_t[::1] key_sets,
                 const int64_t[::1] key_label, list patterns, Py_ssize_t n_labels, str spaces=""):
        """``literals``: the automaton's strings, numbered as the tables number them (``digit``, -1 for none, is
        found by the digit check, not the automaton), and whether a word boundary must hold before and after each
        (``bounds``: pairs of bools, `rules._bounds`); every character of ``spaces`` is read as " " (the literals
        spell whitespace so: `rules.automaton_text`)."""
        cdef Py_ssize_t i, c, s, state, child, n_states = 1, head = 0
        if len(bounds) != len(literals):
            raise ValueError("one pair of bounds per literal")
        self.bounds = np.array(
            [_BEFORE * before | _AFTER * after | (_FIRST_WORD * _is_word(literal[0]) | _LAST_WORD * _is_word(literal[-1])
                                                  if literal else 0)
             for literal, (before, after) in zip(literals, bounds)] + [0], dtype=np.uint8
        )
        self.literal_length = np.array([len(literal) for literal in literals] + [0], dtype=np.int64)
        chars = sorted({ch for literal in literals for ch in literal})
        if len(chars) > 254:
            raise ValueError("at most 254 distinct characters in the literals")
        self.n_columns = len(chars) + 1
        column_of = np.zeros(max(map(ord, chars + list(spaces)), default=0) + 1, dtype=np.uint8)
        for c, ch in enumerate(chars):
            column_of[ord(ch)] = c + 1
        for ch in spaces:
            column_of[ord(ch)] = column_of[32]
        self.column_of = column_of
        latin1_codes = np.zeros(512, dtype=np.uint16)
        for c in range(512):
            code = _LATIN1_LOWER[c - 256] if c >= 256 else c
            latin1_codes[c] = (int(column_of[code]) if code < len(column_of) else 0) + _DECIMAL * _is_decimal(code)
        self.latin1_codes = latin1_codes
        capacity = 1 + sum(map(len, literals))
        goto = np.full((capacity, self.n_columns), -1, dtype=np.int32)
        cdef int32_t[:, ::1] table = goto
        ends: list = [[] for _ in range(capacity)]  # the literals ending at each state
        for i, literal in enumerate(literals):
            if i == digit:
                continue
            state = 0
            for ch in literal:
                c = column_of[ord(ch)]
                if table[state, c] < 0:
                    table[state, c] = n_states
                    n_states += 1
                state = table[state, c]
            ends[state].append(i)
        fail = np.zeros(n_states, dtype=np.int64)
        cdef int64_t[::1] fail_of = fail
        order = np.zeros(n_states, dtype=np.int64)  # breadth first: a state's failure state comes before it
        cdef int64_t[::1] queue = order
        cdef Py_ssize_t tail = 0
        for c in range(self.n_columns):
            child = table[0, c]
            if child < 0:
                table[0, c] = 0
            else:
                fail_of[child] = 0
                queue[tail] = child
                tail += 1
        while head < tail:
            s = queue[head]
            head += 1
            ends[s] = ends[s] + ends[fail_of[s]]  # and the literals that end its longest proper suffix
            for c in range(self.n_columns):
                child = table[s, c]
                if child < 0:
                    table[s, c] = table[fail_of[s], c]
                else:
                    fail_of[child] = table[fail_of[s], c]
                    queue[tail] = child
                    tail += 1
        self.delta = goto[:n_states].ravel()
        self.output_start = np.cumsum([0] + [len(ends[s]) for s in range(n_states)]).astype(np.int64)
        self.outputs = np.array([x for s in range(n_states) for x in ends[s]], dtype=np.int64)
        self.digit = digit
        self.literal_sets_start = literal_sets_start
        self.literal_sets = literal_sets
        self.set_key = set_key
        self.key_sets = key_sets
        self.key_label = key_label
        self.searches = [pattern.search for pattern in patterns]
        self.always = [k for k in range(key_sets.shape[0]) if key_sets[k] == 0]
        self.n_labels = n_labels

    cdef _Stamps _stamps(self):
        """Stamps for one call (a scanner is shared, by threads too)."""
        return _Stamps(self.set_key.shape[0], self.key_sets.shape[0])

    cdef int _admit(self, _Stamps stamps, Py_ssize_t h, Py_ssize_t literal, list admitted) except -1:
        """Stamps the sets that ``literal`` meets in head ``h``; appends each alternative whose last set it meets."""
        cdef Py_ssize_t i, s, k
        cdef int64_t* set_at = stamps.set_at
        cdef int64_t* key_at = stamps.key_at
        cdef int64_t* met = stamps.met
        for i in range(self.literal_sets_start[literal], self.literal_sets_start[literal + 1]):
            s = self.literal_sets[i]
            if set_at[s] == h:
                continue
            set_at[s] = h
            k = self.set_key[s]
            if key_at[k] != h:
                key_at[k] = h
                met[k] = 0
            met[k] += 1
            if met[k] == self.key_sets[k]:
                admitted.append(k)
        return 0

    cdef list _admitted(self, _Stamps stamps, str head, Py_ssize_t h):
        """The alternatives admitted in ``head`` (numbered ``h``: the stamps of another head do not count)."""
        return self._admitted_of(stamps, PyUnicode_KIND(head), PyUnicode_DATA(head), len(head), False, h)

    cdef list _admitted_of(self, _Stamps stamps, int kind, const void* data, Py_ssize_t n, bint lower,
                           Py_ssize_t h):
        """`_admitted` of the head of ``n`` characters at ``data`` (of ``kind``), each lower-cased by `_LATIN1_LOWER`
        as it is read when ``lower`` (a text of one byte a character: the head of its ``str.lower``, not made). A
        head of one byte a character reads its column and digit flag from `latin1_codes`, one table read a
        character in place of the general loop's kind switch, lower-casing, digit test and column test (100 pages'
        heads: 35.9M -> 25.7M instructions)."""
        cdef list admitted = list(self.always)
        cdef Py_ssize_t i, o, literal, state = 0, n_codes = self.column_of.shape[0], n_columns = self.n_columns
        cdef const int32_t* delta = &self.delta[0]
        cdef const uint8_t* column_of = &self.column_of[0]
        cdef const int64_t* output_start = &self.output_start[0]
        cdef Py_UCS4 ch
        cdef bint digit = self.digit >= 0
        cdef const uint8_t* latin1 = <const uint8_t*>data
        cdef const uint16_t* latin1_codes = &self.latin1_codes[256 if lower else 0]
        cdef uint16_t code
        if kind == PyUnicode_1BYTE_KIND:  # a byte's column and digit flag in one table read (lower-cased by it)
            for i in range(n):
                code = latin1_codes[latin1[i]]
                if code & _DECIMAL and digit:
                    digit = False
                    self._admit(stamps, h, self.digit, admitted)
                state = delta[state * n_columns + (code & 255)]
                for o in range(output_start[state], output_start[state + 1]):
                    literal = self.outputs[o]
                    if self.bounds[literal] & (_BEFORE | _AFTER) and not self._bounded(kind, data, n, lower, i,
                                                                                        literal):
                        continue
                    self._admit(stamps, h, literal, admitted)
            return admitted
        for i in range(n):
            ch = PyUnicode_READ(kind, data, i)
            if lower:
                ch = _LATIN1_LOWER[ch]
            if digit and _is_decimal(ch):
                digit = False
                self._admit(stamps, h, self.digit, admitted)
            state = delta[state * n_columns + (column_of[ch] if ch < n_codes else 0)]
            for o in range(output_start[state], output_start[state + 1]):
                literal = self.outputs[o]
                if self.bounds[literal] & (_BEFORE | _AFTER) and not self._bounded(kind, data, n, lower, i, literal):
                    continue
                self._admit(stamps, h, literal, admitted)
        return admitted

    cdef inline bint _bounded(self, int kind, const void* data, Py_ssize_t n, bint lower, Py_ssize_t end,
                              Py_ssize_t literal) noexcept:
        """Does ``\\b`` hold where ``literal`` (found ending at ``end``, inclusive) needs it: ``rules._bounded``
        (the specification), between a word character (sre's ``\\w``) and another character or the head's edge
        (the head: as `_admitted_of` reads it)."""
        cdef uint8_t bounds = self.bounds[literal]
        cdef Py_ssize_t start = end - self.literal_length[literal] + 1
        cdef Py_UCS4 ch
        if bounds & _BEFORE:
            ch = PyUnicode_READ(kind, data, start - 1) if start > 0 else 0
            if (start > 0 and _is_word(_LATIN1_LOWER[ch] if lower else ch)) == ((bounds & _FIRST_WORD) != 0):
                return False
        if bounds & _AFTER:
            ch = PyUnicode_READ(kind, data, end + 1) if end + 1 < n else 0
            if (end + 1 < n and _is_word(_LATIN1_LOWER[ch] if lower else ch)) == ((bounds & _LAST_WORD) != 0):
                return False
        return True

    def admitted(self, list heads):
        """The (head, alternative) pairs to search: ``_admitted_many_of_arrays``' (its specification), in another
        order."""
        cdef _Stamps stamps = self._stamps()
        return [(h, k) for h in range(len(heads)) for k in self._admitted(stamps, <str>heads[h], h)]

    cdef int _answer(self, _Stamps stamps, str head, Py_ssize_t h, uint8_t* row) except -1:
        """Marks in ``row`` (zeros, one per label) the labels whose wordings ``head`` (numbered ``h``) holds."""
        return self._search(self._admitted(stamps, head, h), head, row)

    cdef int _search(self, list admitted, str head, uint8_t* row) except -1:
        """Marks in ``row`` the labels of the ``admitted`` alternatives that a search finds in ``head``."""
        cdef Py_ssize_t k, label
        for k in admitted:
            label = self.key_label[k]
            if not row[label] and self.searches[k](head) is not None:
                row[label] = 1
        return 0

    def hits(self, list heads):
        """``hits_many(heads)``: one tuple of bools per head, in the order of the labels; a head repeated is answered
        once."""
        cdef dict answers = {}
        cdef list out = []
        cdef Py_ssize_t h = 0, label
        cdef object known
        cdef _Stamps stamps = self._stamps()
        row_array = np.zeros(self.n_labels + 1, dtype=np.uint8)
        cdef uint8_t[::1] row = row_array
        for head in heads:
            known = answers.get(head)
            if known is None:
                for label in range(self.n_labels):
                    row[label] = 0
                self._answer(stamps, <str>head, h, &row[0])
                h += 1
                known = answers[head] = tuple([row[label] != 0 for label in range(self.n_labels)])
            out.append(known)
        return out

    def hits_array(self, list texts, Py_ssize_t limit):
        """``hits_many`` of the lower-cased heads of the texts (``text[:limit].lower()``) as a bool array, a row per
        text and a column per label: ``_LexiconMatcher.hits_array_of_tuples`` (the specification), without the
        heads' list and the tuples, which took longer to make into an array than to answer. A text repeated is
        answered once; a text of one byte a character is read lower-cased by a table (`_admitted_of`), its head made
        only for the searches of the alternatives it admits (most heads admit none: the heads' ``str.lower`` took a
        sixth of the answers' time)."""
        cdef Py_ssize_t n = len(texts), i, h = 0, label, first
        cdef dict answers = {}
        cdef object known
        cdef str head, text
        cdef list admitted
        cdef _Stamps stamps = self._stamps()
        if limit < 0:
            raise ValueError("limit must be at least 0")
        out = np.zeros((n, self.n_labels), dtype=np.bool_)
        cdef uint8_t[:, ::1] rows = out.view(np.uint8)
        for i in range(n):
            text = <str>texts[i]
            known = answers.get(text)
            if known is not None:
                first = known
                for label in range(self.n_labels):
                    rows[i, label] = rows[first, label]
                continue
            answers[text] = i
            if self.n_labels:
                if PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND and _LATIN1_LOWER_EXACT:
                    admitted = self._admitted_of(stamps, PyUnicode_1BYTE_KIND, PyUnicode_DATA(text),
                                                 min(len(text), limit), True, h)
                    if admitted:
                        self._search(admitted, _latin1_lower_head(text, limit), &rows[i, 0])
                else:
                    self._answer(stamps, text[:limit].lower(), h, &rows[i, 0])
            h += 1
        return out

cdef uint8_t _LATIN1_WORD[256]  # sre's \\w for the characters of one byte (Latin-1)
for _code in range(256):
    _LATIN1_WORD[_code] = Py_UNICODE_ISALNUM(_code) or _code == 95


cdef uint8_t _LATIN1_LOWER[256]  # str.lower of each character of one byte
for _code in range(256):
    _LATIN1_LOWER[_code] = ord(chr(_code).lower()[0])
# str.lower of a text of one byte a character is the table's, character by character (each lower-cases to one
# character of one byte, a lower-cased one to itself: no special casing there), and lower-casing keeps sre's \w
# (`_LATIN1_WORD`): `PageWords` splits such a text as it is and lower-cases each word as it copies it
cdef bint _LATIN1_LOWER_EXACT = all(
    chr(c).lower() == chr(_LATIN1_LOWER[c]) and _LATIN1_LOWER[_LATIN1_LOWER[c]] == _LATIN1_LOWER[c]
    and _LATIN1_WORD[_LATIN1_LOWER[c]] == _LATIN1_WORD[c] for c in range(256)
)


cdef str _latin1_lower_head(str text, Py_ssize_t limit):
    """``text[:limit].lower()`` of a text of one byte a character, written from `_LATIN1_LOWER` (when
    `_LATIN1_LOWER_EXACT`): the slice and str.lower, whose non-ASCII path reads the full case mappings, took a
    tenth of the lexicon's time in the heads of the alternatives admitted."""
    cdef Py_ssize_t n = min(len(text), limit), i
    cdef const uint8_t* data = PyUnicode_1BYTE_DATA(text)
    cdef uint8_t widest = 0
    for i in range(n):
        widest |= _LATIN1_LOWER[data[i]]
    cdef str head = PyUnicode_New(n, 255 if widest & 0x80 else 127)  # a str's kind is its widest character's
    cdef uint8_t* out = PyUnicode_1BYTE_DATA(head)
    for i in range(n):
        out[i] = _LATIN1_LOWER[data[i]]
    return head


cdef inline bint _is_word(Py_UCS4 ch) noexcept:
    """sre's ``\\w`` (``Py_UNICODE_ISALNUM`` or "_"): a table for ASCII, where the four lookups of
    Py_UNICODE_ISALNUM (alpha, decimal, digit, numeric: one call each) cost most of a word split's time."""
    return _ASCII_WORD[ch] if ch < 128 else Py_UNICODE_ISALNUM(ch)


cdef inline Py_ssize_t _next_word(int kind, const void* data, Py_ssize_t n, Py_ssize_t i, Py_ssize_t* end) noexcept:
    """The next word of a lower-cased text (``kind``, ``data``: its characters) at or after ``i``: ``WORD``, a word
    character followed by word characters and combining marks (`_is_mark`), sre's ``\\w`` being an alphanumeric
    character (``str.isalnum``'s Py_UNICODE_ISALNUM) or "_". Returns its start (``n``: no word) and puts its end in
    ``end``. A text of one byte a character (Latin-1, most of them, and no marks: the first is U+0300) is read from
    its bytes with a table of all 256."""
    cdef const uint8_t* latin1 = <const uint8_t*>data
    cdef Py_UCS4 ch
    cdef Py_ssize_t j
    if kind == PyUnicode_1BYTE_KIND:
        while i < n and not _LATIN1_WORD[latin1[i]]:
            i += 1
        j = i + 1
        while j < n and _LATIN1_WORD[latin1[j]]:
            j += 1
    else:
        while i < n and not _is_word(PyUnicode_READ(kind, data, i)):
            i += 1
        j = i + 1
        while j < n:
            ch = PyUnicode_READ(kind, data, j)
            if not _is_word(ch) and not _is_mark(ch):
                break
            j += 1
    end[0] = j if j < n else n
    return i


def lower_words(list texts):
    """``[WORD.findall(text.lower()) for text in texts]`` (the specification, `features.lower_words`): the words
    (`_next_word`) of each lower-cased text, as strings."""
    cdef list out = []
    cdef list words
    cdef str lowered
    cdef Py_ssize_t i, end, n
    cdef int kind
    cdef const void* data
    for text in texts:
        lowered = (<str>text).lower()
        n = len(lowered)
        kind = PyUnicode_KIND(lowered)
        data = PyUnicode_DATA(lowered)
        words = []
        i = _next_word(kind, data, n, 0, &end)
        while i < n:
            words.append(PyUnicode_Substring(lowered, i, end))
            i = _next_word(kind, data, n, end + 1, &end)  # the character at end is no word character (or the end)
        out.append(words)
    return out


cdef inline Py_ssize_t _utf8_width(int kind) noexcept nogil:
    """The most UTF-8 bytes a character of a str of this kind takes (a lone surrogate: 3, as `_utf8` writes it)."""
    return 2 if kind == PyUnicode_1BYTE_KIND else 3 if kind == PyUnicode_2BYTE_KIND else 4


cdef inline Py_ssize_t _utf8(uint32_t code, char* out) noexcept nogil:
    """Writes ``code`` as UTF-8 to ``out`` (a lone surrogate as its three bytes, as Python's ``surrogatepass``
    writes it: the bytes `hashing.murmurhash3_32_of_each` hashes for such a token); returns the bytes written."""
    if code < 0x80:
        out[0] = <char>code
        return 1
    if code < 0x800:
        out[0] = <char>(0xC0 | (code >> 6))
        out[1] = <char>(0x80 | (code & 0x3F))
        return 2
    if code < 0x10000:
        out[0] = <char>(0xE0 | (code >> 12))
        out[1] = <char>(0x80 | ((code >> 6) & 0x3F))
        out[2] = <char>(0x80 | (code & 0x3F))
        return 3
    out[0] = <char>(0xF0 | (code >> 18))
    out[1] = <char>(0x80 | ((code >> 12) & 0x3F))
    out[2] = <char>(0x80 | ((code >> 6) & 0x3F))
    out[3] = <char>(0x80 | (code & 0x3F))
    return 4


cdef inline bint _same(const char* a, Py_ssize_t a_size, const char* b, Py_ssize_t b_size) noexcept nogil:
    return a_size == b_size and memcmp(a, b, a_size) == 0


cdef enum:
    _STOP_LAG = 8  # `PageWords` looks a word up in the stop-word index this many words after it fetched its slot


cdef uint64_t _EMPTY = 0xFFFFFFFFFFFFFFFFu  # an empty slot of StopIndex (a word's number is below 2**31)


@cython.final
cdef class StopIndex:
    """The stop-word index of ``features.stopwords`` (every stop word's languages, as their numbers in ``langs``) as
    an open-addressing table keyed by the MurmurHash3 of a word's UTF-8, each slot checked against the word's bytes:
    `PageWords` looks up its words there without a string of each (a slot holds the hash beside the number: a
    word that is none is told so from the slots alone)."""
    cdef readonly tuple langs
    cdef bytes _blob  # every stop word's UTF-8, one after another
    cdef object _arrays  # the numpy arrays the pointers below read
    cdef const char* _bytes
    cdef const int64_t* _at  # word i: _bytes[_at[i]:_at[i + 1]], its languages _numbers[_lang_at[i]:_lang_at[i + 1]]
    cdef const int64_t* _lang_at
    cdef const int32_t* _numbers
    cdef const uint64_t* _slots  # a word's hash << 32 | its number, or _EMPTY; _mask + 1 of them
    cdef uint32_t _mask

    def __init__(self, dict numbers, tuple langs):
        cdef Py_ssize_t n = len(numbers), i, size = 1
        cdef uint32_t slot
        cdef bytes word_bytes
        cdef list encoded = [word.encode("utf-8", "surrogatepass") for word in numbers]
        cdef list lang_lists = list(numbers.values())
        self.langs = langs
        self._blob = b"".join(encoded)
        at = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=n), out=at[1:])
        lang_at = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, lang_lists), dtype=np.int64, count=n), out=lang_at[1:])
        flat = np.fromiter(chain.from_iterable(lang_lists), dtype=np.int64, count=lang_at[n])
        if flat.size and (flat.min() < 0 or flat.max() >= len(langs)):
            raise ValueError("a language number is not in langs")
        hashes = np.empty(n, dtype=np.uint32)
        cdef uint32_t[::1] hash_of = hashes
        for i in range(n):
            word_bytes = <bytes>encoded[i]
            hash_of[i] = _murmur3_32(<const uint8_t*><const char*>word_bytes, len(word_bytes))
        while size < 2 * n:
            size *= 2
        slots = np.full(size, _EMPTY, dtype=np.uint64)
        cdef uint64_t[::1] slot_of = slots
        self._mask = <uint32_t>(size - 1)
        for i in range(n):
            slot = hash_of[i] & self._mask
            while slot_of[slot] != _EMPTY:
                slot = (slot + 1) & self._mask
            slot_of[slot] = (<uint64_t>hash_of[i] << 32) | <uint64_t>i
        numbers_array = np.append(flat, 0).astype(np.int32)  # one more: a pointer to its first entry
        self._arrays = (at, lang_at, numbers_array, slots)
        cdef int64_t[::1] at_view = at
        cdef int64_t[::1] lang_at_view = lang_at
        cdef int32_t[::1] numbers_view = numbers_array
        self._bytes = self._blob
        self._at = &at_view[0]
        self._lang_at = &lang_at_view[0]
        self._numbers = &numbers_view[0]
        self._slots = &slot_of[0]

    cdef inline int32_t find(self, const char* word, Py_ssize_t size, uint32_t h) noexcept nogil:
        """The number of the stop word with these bytes (and hash), -1 if it is none."""
        cdef uint32_t slot = h & self._mask
        cdef uint64_t entry = self._slots[slot]
        cdef Py_ssize_t i
        while entry != _EMPTY:
            if <uint32_t>(entry >> 32) == h:
                i = <Py_ssize_t>(entry & 0xFFFFFFFFu)
                if _same(self._bytes + self._at[i], self._at[i + 1] - self._at[i], word, size):
                    return <int32_t>i
            slot = (slot + 1) & self._mask
            entry = self._slots[slot]
        return -1

    def number(self, str lang):
        """The number of ``lang`` in ``langs``, -1 for '' (no language)."""
        return self.langs.index(lang) if lang else -1


cdef struct _Word:
    int64_t at  # where its UTF-8 starts in PageWords._utf8
    int32_t size  # its bytes
    int32_t chars  # its characters (len of the word as a string)
    uint32_t hash  # MurmurHash3 of its UTF-8
    int32_t stop  # its number in the StopIndex, -1 if it is no stop word


@cython.final
cdef class PageWords:
    """The lower-cased words of every block of a page (`features.block_words`, the specification: lists of strings),
    without a string for each: their UTF-8 one after another in one buffer (a block's words separated by a space,
    so its bytes are the UTF-8 of ``" ".join(words)``), each word's place, length in characters, MurmurHash3 and
    stop-word number (`StopIndex`), found as it is split (a text of one byte a character is split as it is and
    lower-cased by a table as its words are copied, `_LATIN1_LOWER`: 0.100 -> 0.080 ms a page without the
    look-ups, where ``str.lower`` made a copy of every text). A word's stop-word slot is fetched as it is hashed
    and read `_STOP_LAG` words later (read at once, the table's cache misses were a third of the split's time:
    0.17 -> 0.12 ms a page, 300 pages). The language guess, the text family's word lengths and
    stop words, the lexical tokens' hashes and the page family's titles and copies read them here (`features`'s
    families take either form of the words)."""
    cdef char* _utf8
    cdef Py_ssize_t _size, _capacity
    cdef _Word* _words
    cdef Py_ssize_t n_words, _words_capacity
    cdef int64_t* _first  # block b: words _first[b] to _first[b + 1]
    cdef readonly Py_ssize_t n_blocks
    cdef readonly StopIndex stops

    def __cinit__(self):
        self._utf8 = NULL
        self._words = NULL
        self._first = NULL

    def __dealloc__(self):
        PyMem_Free(self._utf8)
        PyMem_Free(self._words)
        PyMem_Free(self._first)

    def __init__(self, list texts, StopIndex stops not None):
        cdef Py_ssize_t b, i, end, n, k, size = 0, word_room = 0, looked = 0
        cdef int kind
        cdef const void* data
        cdef const uint8_t* latin1
        cdef char* utf8
        cdef str lowered
        cdef _Word* word
        self.stops = stops
        self.n_blocks = len(texts)
        self._first = <int64_t*>PyMem_Malloc((self.n_blocks + 1) * sizeof(int64_t))
        if self._first == NULL:
            raise MemoryError()
        # room for all the blocks at once, as each needs it below (unless lower-casing lengthens a text): grown block
        # by block, the buffers' copies took 0.07M instructions a page
        for b in range(self.n_blocks):
            lowered = <str>texts[b]
            size += _utf8_width(PyUnicode_KIND(lowered)) * len(lowered)
            word_room += len(lowered) // 2 + 1
        self._grow(size + 8, word_room)
        for b in range(self.n_blocks):
            self._first[b] = self.n_words
            lowered = <str>texts[b]
            if PyUnicode_KIND(lowered) != PyUnicode_1BYTE_KIND or not _LATIN1_LOWER_EXACT:
                lowered = lowered.lower()  # one byte a character: lower-cased by the table as it is copied
            n = len(lowered)
            kind = PyUnicode_KIND(lowered)
            data = PyUnicode_DATA(lowered)
            latin1 = <const uint8_t*>data
            # room for the block at once: at most `_utf8_width` bytes a character, a word every other character; and
            # 8 bytes past its words, which `_copy_over` may read
            self._grow(self._size + _utf8_width(kind) * n + 8, self.n_words + n // 2 + 1)
            utf8 = self._utf8
            i = _next_word(kind, data, n, 0, &end)
            while i < n:
                if self._first[b] < self.n_words:
                    utf8[self._size] = b" "  # in place of the characters between the words: at least one
                    self._size += 1
                word = &self._words[self.n_words]
                word.at = self._size
                size = self._size  # in a local: a store through ``utf8`` may alias ``self._size``, reread after each
                if kind == PyUnicode_1BYTE_KIND:
                    for k in range(i, end):
                        size += _utf8(_LATIN1_LOWER[latin1[k]], utf8 + size)
                else:
                    for k in range(i, end):
                        size += _utf8(PyUnicode_READ(kind, data, k), utf8 + size)
                self._size = size
                word.size = <int32_t>(self._size - word.at)
                word.chars = <int32_t>(end - i)
                word.hash = _murmur3_32(<const uint8_t*>utf8 + word.at, word.size)
                __builtin_prefetch(&stops._slots[word.hash & stops._mask])  # looked up _STOP_LAG words later
                self.n_words += 1
                if self.n_words - looked > _STOP_LAG:
                    self._look_up(looked)
                    looked += 1
                i = _next_word(kind, data, n, end + 1, &end)
        self._first[self.n_blocks] = self.n_words
        while looked < self.n_words:
            self._look_up(looked)
            looked += 1

    cdef inline void _look_up(self, Py_ssize_t i) noexcept:
        """Word ``i``'s stop-word number (`StopIndex.find`)."""
        cdef _Word* word = &self._words[i]
        word.stop = self.stops.find(self._utf8 + word.at, word.size, word.hash)

    cdef int _grow(self, Py_ssize_t size, Py_ssize_t words) except -1:
        """Room for ``size`` bytes and ``words`` words."""
        cdef void* grown
        if size > self._capacity:
            size = max(size, 2 * self._capacity)
            grown = PyMem_Realloc(self._utf8, size)
            if grown == NULL:
                raise MemoryError()
            self._utf8 = <char*>grown
            self._capacity = size
        if words > self._words_capacity:
            words = max(words, 2 * self._words_capacity)
            grown = PyMem_Realloc(self._words, words * sizeof(_Word))
            if grown == NULL:
                raise MemoryError()
            self._words = <_Word*>grown
            self._words_capacity = words
        return 0

    def __len__(self):
        return self.n_blocks

    def lists(self):
        """The words as `features.block_words` gives them: one list of strings per block."""
        cdef Py_ssize_t b, i
        cdef _Word* word
        out = []
        for b in range(self.n_blocks):
            words = []
            for i in range(self._first[b], self._first[b + 1]):
                word = &self._words[i]
                words.append(PyUnicode_DecodeUTF8(self._utf8 + word.at, word.size, "surrogatepass"))
            out.append(words)
        return out

    def language(self, Py_ssize_t sample):
        """``features.stopwords.guess_language(chain.from_iterable(self.lists()), sample)`` (the specification):
        the language whose stop words are the most of the first ``sample`` words, '' when none is. Word by word, a
        count per language in an array: each language first counted when the first word holding it comes, the order
        of the Counter of distinct words that the specification fills, so a tie goes to the same language."""
        cdef StopIndex stops = self.stops
        cdef Py_ssize_t n_langs = len(stops.langs), n_order = 0, i, j, lang, best = -1
        cdef Py_ssize_t taken = min(max(sample, 0), self.n_words)
        cdef int64_t best_count = 0
        cdef int32_t stop
        counts_array = np.zeros(n_langs + 1, dtype=np.int64)
        order_array = np.empty(n_langs + 1, dtype=np.int64)
        cdef int64_t[::1] counts = counts_array
        cdef int64_t[::1] order = order_array
        if sample < 0:
            raise ValueError("sample must be at least 0")
        for i in range(taken):
            stop = self._words[i].stop
            if stop < 0:
                continue
            for j in range(stops._lang_at[stop], stops._lang_at[stop + 1]):
                lang = stops._numbers[j]
                if counts[lang] == 0:
                    order[n_order] = lang
                    n_order += 1
                counts[lang] += 1
        for i in range(n_order):
            lang = order[i]
            if counts[lang] > best_count:
                best = lang
                best_count = counts[lang]
        return stops.langs[best] if best >= 0 else ""

    cdef Py_ssize_t stop_words(self, Py_ssize_t b, Py_ssize_t lang) noexcept:
        """How many words of block ``b`` are stop words of language number ``lang``."""
        cdef StopIndex stops = self.stops
        cdef Py_ssize_t i, j, count = 0
        cdef int32_t stop
        for i in range(self._first[b], self._first[b + 1]):
            stop = self._words[i].stop
            if stop < 0:
                continue
            for j in range(stops._lang_at[stop], stops._lang_at[stop + 1]):
                if stops._numbers[j] == lang:
                    count += 1
                    break
        return count

    cdef Py_ssize_t word_chars(self, Py_ssize_t b) noexcept:
        """The characters of block ``b``'s words, summed."""
        cdef Py_ssize_t i, count = 0
        for i in range(self._first[b], self._first[b + 1]):
            count += self._words[i].chars
        return count


def plane_bits(str text, const uint32_t[::1] plane, uint32_t unclassified):
    """The class bits of every character of ``text`` read from ``plane`` (one entry per code point of the Basic
    Multilingual Plane): ``blocks.CharacterClasses.of`` once every character is in its table (the specification,
    which fills it); None when one is not, or is past the plane (the caller's way)."""
    cdef Py_ssize_t n = len(text), i
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 ch
    cdef uint32_t b
    if plane.shape[0] < 0x10000:
        raise ValueError("the plane must have an entry for each of its 65,536 code points")
    out = np.empty(n, dtype=np.uint32)
    cdef uint32_t[::1] bits = out
    for i in range(n):
        ch = PyUnicode_READ(kind, data, i)
        if ch > 0xFFFF:
            return None
        b = plane[ch]
        if b == unclassified:
            return None
        bits[i] = b
    return out

def most_covering(occurrences, dict index):
    """The key of ``index``'s values (tuples of languages) that the most of ``occurrences`` (word -> count, in order
    of first occurrence) fall under, '' when none does: ``features.stopwords.guess_language``'s count and
    ``Counter.most_common(1)`` (the specification), whose tie goes to the language counted first."""
    cdef dict counts = {}
    cdef object langs, known
    for word, times in occurrences.items():
        langs = index.get(word)
        if langs:
            for lang in <tuple>langs:
                known = counts.get(lang)
                counts[lang] = times if known is None else known + times
    best = ""
    best_count = 0
    for lang, count in counts.items():
        if count > best_count:
            best = lang
            best_count = count
    return best


def neighbour_rows(const float[:, ::1] values):
    """The columns of ``features.context.neighbours(values, names)[0]`` (the specification), float32 as its numpy
    arithmetic: the previous block's values, the next block's, and the mean of the two blocks on each side, as
    ``(cumsum(padded)[i + 4] - cumsum(padded)[i - 1] - values[i]) / 4``, the running sum added up in float32 in the
    same order (numpy's accumulate: each sum the one before plus the next value, the two zero rows in front
    included). None when a value is NaN: which of two NaNs an operation passes on is the compiler's choice (numpy's
    loops and this one may choose differently), so such values take the specification; the NaNs that infinities
    make are the processor's one default NaN either way."""
    cdef Py_ssize_t n = values.shape[0], k = values.shape[1], i, j
    for i in range(n):
        for j in range(k):
            if values[i, j] != values[i, j]:
                return None
    out_array = np.empty((n, 3 * k), dtype=np.float32)
    cdef float[:, ::1] out = out_array
    for i in range(n):
        for j in range(k):
            out[i, j] = values[i - 1, j] if i > 0 else 0.0
            out[i, k + j] = values[i + 1, j] if i + 1 < n else 0.0
    # padded = [0, 0, values..., 0, 0]; the window of block i is cumsum(padded)[i + 4] - cumsum(padded)[i - 1]
    # (nothing before block 0)
    sums_array = np.empty((n + 4, k), dtype=np.float32)
    _running_sums(values, sums_array)
    _window_means(values, sums_array, out, k)
    return out_array


cdef void _running_sums(const float[:, ::1] values, float[:, ::1] sums) noexcept:
    """``np.cumsum(padded, axis=0)`` of the values padded with two zero rows on each side, in float32."""
    cdef Py_ssize_t n = values.shape[0], k = values.shape[1], t, j
    cdef float pad
    for j in range(k):
        sums[0, j] = 0.0  # accumulate's first row is the first value itself
    for t in range(1, n + 4):
        for j in range(k):
            pad = values[t - 2, j] if 2 <= t < n + 2 else 0.0
            sums[t, j] = sums[t - 1, j] + pad


cdef void _window_means(const float[:, ::1] values, const float[:, ::1] sums, float[:, ::1] out,
                        Py_ssize_t k) noexcept:
    cdef Py_ssize_t n = values.shape[0], i, j
    cdef float window
    for i in range(n):
        for j in range(k):
            window = sums[i + 4, j] - (sums[i - 1, j] if i > 0 else <float>0.0)
            out[i, 2 * k + j] = (window - values[i, j]) / <float>4.0

cdef inline Py_ssize_t _bucket(double value, const double[::1] edges) noexcept:
    """``np.searchsorted(edges, value, side="right")``: the edges at most ``value`` (NaN: past all of them)."""
    cdef Py_ssize_t b = 0, n = edges.shape[0]
    if value != value:
        return n
    while b < n and edges[b] <= value:
        b += 1
    return b


def bucket_columns(const int64_t[:, ::1] blocks, const float[:, ::1] features, const int64_t[::1] table,
                   const int64_t[::1] word_edges, const double[::1] density_edges, const double[::1] stop_edges,
                   Py_ssize_t link_column, Py_ssize_t stop_column, Py_ssize_t end_column):
    """The columns of ``features.text.token_columns_of_arrays`` (the specification): every block's six bucket
    tokens, picked from ``table`` (the column of each of ``text.BUCKET_TOKENS``) by the words of ``blocks`` (the
    rows of `block_table`), in one loop over the blocks. None
    when an ends-sentence value is not 0 or 1 (the specification's arrays say what then)."""
    cdef Py_ssize_t n = blocks.shape[1], i, w, d, st, e, n_wc = word_edges.shape[0] + 1
    cdef Py_ssize_t n_ld = density_edges.shape[0] + 1, n_sd = stop_edges.shape[0] + 1
    cdef Py_ssize_t at_ld = n_wc, at_sd = n_wc + n_ld, at_wc_ld = at_sd + n_sd, at_wc_sd = at_wc_ld + n_wc * n_ld
    cdef Py_ssize_t at_wc_end = at_wc_sd + n_wc * n_sd
    cdef int64_t words
    cdef float end
    if table.shape[0] < at_wc_end + 2 * n_wc:
        raise ValueError("the table has fewer columns than the buckets")
    if features.shape[0] != n:
        raise ValueError("one row of features per block")
    columns = np.empty(6 * n, dtype=np.int64)
    cdef int64_t[::1] out = columns
    for i in range(n):
        end = features[i, end_column]
        if end == 0:
            e = 0
        elif end == 1:
            e = 1
        else:
            return None
        words = blocks[_WORDS, i]
        w = 0
        while w < n_wc - 1 and word_edges[w] <= words:
            w += 1
        d = _bucket(<double>features[i, link_column], density_edges)
        st = _bucket(<double>features[i, stop_column], stop_edges)
        out[6 * i] = table[w]
        out[6 * i + 1] = table[at_ld + d]
        out[6 * i + 2] = table[at_sd + st]
        out[6 * i + 3] = table[at_wc_ld + w * n_ld + d]
        out[6 * i + 4] = table[at_wc_sd + w * n_sd + st]
        out[6 * i + 5] = table[at_wc_end + w * 2 + e]
    return np.full(n, 6, dtype=np.int64), columns

ctypedef fused _index:
    int32_t
    int64_t


def stack_rows(const float[:, ::1] dense, const int64_t[::1] hashed_indptr, const int64_t[::1] hashed_indices,
               const double[::1] hashed_data, bint narrow=False):
    """The (data, indices, indptr) arrays of ``features._stack_of_arrays`` (the specification): every row holds its
    dense non-zeros (``!= 0``: NaN is one, -0.0 is not), then its hashed columns shifted past the dense ones.
    ``narrow``: indices and indptr as int32, what scipy makes of them when they fit (the caller knows they do),
    else int64. One pass, into arrays sized for every dense value (the returned arrays are their heads)."""
    cdef Py_ssize_t n = dense.shape[0], k
    cdef Py_ssize_t most = n * dense.shape[1] + hashed_indptr[n] - hashed_indptr[0]
    cdef int32_t[::1] indptr32, indices32
    cdef int64_t[::1] indptr64, indices64
    index_type = np.int32 if narrow else np.int64
    indptr = np.empty(n + 1, dtype=index_type)
    indices = np.empty(most, dtype=index_type)
    data = np.empty(most, dtype=np.float32)
    cdef float[::1] values = data
    if narrow:
        indptr32 = indptr
        indices32 = indices
        k = _fill_rows[int32_t](dense, hashed_indptr, hashed_indices, hashed_data, indptr32, indices32, values)
    else:
        indptr64 = indptr
        indices64 = indices
        k = _fill_rows[int64_t](dense, hashed_indptr, hashed_indices, hashed_data, indptr64, indices64, values)
    return data[:k], indices[:k], indptr


cdef Py_ssize_t _fill_rows(const float[:, ::1] dense, const int64_t[::1] hashed_indptr,
                           const int64_t[::1] hashed_indices, const double[::1] hashed_data, _index[::1] row_start,
                           _index[::1] column, float[::1] values):
    cdef Py_ssize_t n = dense.shape[0]
    cdef Py_ssize_t width = dense.shape[1]
    cdef Py_ssize_t r, c, j, k = 0
    cdef float value
    for r in range(n):
        row_start[r] = <_index>k
        for c in range(width):
            value = dense[r, c]
            if value != 0:
                column[k] = <_index>c
                values[k] = value
                k += 1
        for j in range(hashed_indptr[r], hashed_indptr[r + 1]):
            column[k] = <_index>(hashed_indices[j] + width)
            values[k] = <float>hashed_data[j]
            k += 1
    row_start[n] = <_index>k
    return k




cdef enum:
    _DIGIT_BITS = 12  # the bits `_radix_sort` sorts by in a pass
    _MAX_PASSES = 6  # passes for keys of up to 72 bits (they are below 2 ** 63)


cdef int64_t* _radix_sort(int64_t* keys, int64_t* spare, Py_ssize_t n, int64_t largest,
                          Py_ssize_t* counts) noexcept:
    """Sorts ``n`` non-negative keys, at most ``largest``: the least significant 12 bits first, a pass per 12 bits
    (skipped when every key has the same bits there), alternating between ``keys`` and ``spare``; returns the one
    that holds them sorted (two passes for the keys of a page of up to 256 blocks and 2 ** 16 columns). ``counts``:
    the keys' digits counted already, 4096 counts a pass (`_sorted_keys` counts them as it writes the keys, where a
    pass of its own read them all again); made into where each digit's keys start, up to the largest digit only."""
    cdef Py_ssize_t i, b, total, last
    cdef int shift = 0
    cdef int64_t* swap
    cdef Py_ssize_t* count
    while shift < 64 and (largest >> shift) != 0:
        count = counts + (shift // _DIGIT_BITS) * 4096
        if count[(keys[0] >> shift) & 4095] != n:
            last = min((largest >> shift), 4095)  # no key has a digit above this one
            total = 0
            for b in range(last + 1):
                total += count[b]
                count[b] = total - count[b]
            for i in range(n):
                b = (keys[i] >> shift) & 4095
                spare[count[b]] = keys[i]
                count[b] += 1
            swap = keys
            keys = spare
            spare = swap
        shift += _DIGIT_BITS
    return keys


def stack_hashed(const float[:, ::1] dense, list lengths, list columns, int64_t n_hashed, bint narrow=False):
    """The (data, indices, indptr) arrays of ``features._stack_of_arrays(dense, TokenHasher.transform_parts(parts),
    n_features)`` (the specification) for parts that are all ``HashedRows`` (``lengths``, ``columns``: their arrays,
    int64; ``n_hashed``: the hasher's columns): every row holds its dense non-zeros, then the distinct hashed columns
    of all its parts, sorted and shifted past the dense ones, each with its count. The page's (row, column) keys are
    sorted by a radix sort (two or three counting passes) and read once beside the dense rows, where
    ``transform_parts`` sorted them with numpy and made a CSR matrix of a dozen arrays that ``stack_rows`` then read
    again. ``narrow``: as for `stack_rows`."""
    cdef Py_ssize_t n = dense.shape[0], t
    cdef Py_ssize_t total = _total_tokens(n, lengths, columns, n_hashed)
    index_type = np.int32 if narrow else np.int64
    most = n * dense.shape[1] + total
    indptr = np.empty(n + 1, dtype=index_type)
    indices = np.empty(most, dtype=index_type)
    data = np.empty(most, dtype=np.float32)
    cdef int64_t* keys = <int64_t*>PyMem_Malloc((2 * total + 1) * sizeof(int64_t))
    if not keys:
        raise MemoryError()
    cdef int32_t[::1] start32, column32
    cdef int64_t[::1] start64, column64
    cdef int64_t* sorted_keys
    try:
        sorted_keys = _sorted_keys(keys, n, lengths, columns, n_hashed, total)
        if narrow:
            start32 = indptr
            column32 = indices
            t = _fill_keyed[int32_t](dense, sorted_keys, total, n_hashed, data, start32, column32)
        else:
            start64 = indptr
            column64 = indices
            t = _fill_keyed[int64_t](dense, sorted_keys, total, n_hashed, data, start64, column64)
        return data[:t], indices[:t], indptr
    finally:
        PyMem_Free(keys)


def hashed_product(const float[:, ::1] dense, list lengths, list columns, int64_t n_hashed,
                   const float[:, ::1] weights):
    """``matrix @ weights`` for the matrix `stack_hashed` makes of the same arguments (the specification: that
    matrix, made by ``features._stack_of_arrays(dense, TokenHasher.transform_parts(parts), n_features)``, times
    ``weights``, one row per column, by scipy), without making it: every row's dense non-zeros, then its distinct
    hashed columns in ascending order, each count times its weight row, added in float32 in the order scipy's CSR
    product adds the row's entries, so the same sums, bit for bit."""
    cdef Py_ssize_t n = dense.shape[0], width = dense.shape[1], n_out = weights.shape[1]
    cdef Py_ssize_t total = _total_tokens(n, lengths, columns, n_hashed)
    if weights.shape[0] != width + n_hashed:
        raise ValueError("one weight row per column of the matrix")
    scores = np.zeros((n, n_out), dtype=np.float32)
    cdef float[:, ::1] out = scores
    cdef int64_t* keys = <int64_t*>PyMem_Malloc((2 * total + 1) * sizeof(int64_t))
    if not keys:
        raise MemoryError()
    try:
        _add_products(dense, _sorted_keys(keys, n, lengths, columns, n_hashed, total), total, n_hashed, weights, out)
    finally:
        PyMem_Free(keys)
    return scores


cdef Py_ssize_t _total_tokens(Py_ssize_t n, list lengths, list columns, int64_t n_hashed) except -1:
    """The tokens of all the parts, after checking them: one columns array per lengths array, one length per row,
    none negative, adding up to the part's columns; ``n`` rows of ``n_hashed`` columns numbered in an int64."""
    cdef Py_ssize_t n_parts = len(lengths), r, p, m, total = 0
    cdef const int64_t[::1] row_lengths, row_columns
    if len(columns) != n_parts:
        raise ValueError("one columns array per lengths array")
    if n_hashed < 1 or n > INT64_MAX // n_hashed - 1:
        raise ValueError("n_hashed out of range")
    for p in range(n_parts):
        row_lengths = lengths[p]
        row_columns = columns[p]
        if row_lengths.shape[0] != n:
            raise ValueError("every part must have one length per row")
        m = 0
        for r in range(n):
            if row_lengths[r] < 0:
                raise ValueError("a row length is negative")
            m += row_lengths[r]
        if m != row_columns.shape[0]:
            raise ValueError("the row lengths of a part must add up to its columns")
        total += m
    return total


cdef int64_t* _sorted_keys(int64_t* keys, Py_ssize_t n, list lengths, list columns, int64_t n_hashed,
                           Py_ssize_t total) except NULL:
    """``row * n_hashed + column`` of every token, part after part, written into ``keys`` (room for ``2 * total +
    1``) and sorted (`_radix_sort`, the digits of its first two passes counted here as the keys are written);
    returns the half of ``keys`` that holds them sorted. Raises for a column out of range."""
    cdef Py_ssize_t p, r, j, m, t = 0, passes = 0, end
    cdef const int64_t[::1] row_lengths, row_columns
    cdef uint64_t column
    cdef int64_t key, largest = n * n_hashed
    cdef int64_t* sorted_keys
    while passes < _MAX_PASSES and (largest >> (passes * _DIGIT_BITS)) != 0:
        passes += 1
    # the first two passes' counts made as the keys are written, whether or not the keys need them
    cdef Py_ssize_t* counts = <Py_ssize_t*>PyMem_Calloc(max(passes, 2) * 4096, sizeof(Py_ssize_t))
    if not counts:
        raise MemoryError()
    try:
        for p in range(len(lengths)):
            row_lengths = lengths[p]
            row_columns = columns[p]
            j = 0
            for r in range(n):
                end = j + row_lengths[r]
                while j < end:
                    column = <uint64_t>row_columns[j]
                    if column >= <uint64_t>n_hashed:  # or negative
                        raise ValueError("a hashed column is out of range")
                    key = r * n_hashed + <int64_t>column
                    keys[t] = key
                    counts[key & 4095] += 1
                    counts[4096 + ((key >> _DIGIT_BITS) & 4095)] += 1
                    t += 1
                    j += 1
        for p in range(2, passes):  # the digits of keys of more than 24 bits (pages of more than 256 blocks)
            for t in range(total):
                counts[p * 4096 + ((keys[t] >> (p * _DIGIT_BITS)) & 4095)] += 1
        sorted_keys = _radix_sort(keys, keys + total, total, largest, counts) if total else keys
    finally:
        PyMem_Free(counts)
    return sorted_keys


cdef enum:
    _LANES = 8  # the outputs `_add_dense` sums at a time
    _AHEAD = 16  # the keys `_add_products` fetches the weight row of ahead


cdef int _add_products(const float[:, ::1] dense, int64_t* keys, Py_ssize_t total, int64_t n_hashed,
                       const float[:, ::1] weights, float[:, ::1] out) except -1:
    """Adds every row's entries times their weight rows to ``out`` (zeros), entry by entry in the matrix's order
    (scipy's ``csr_matvecs``: ``y += a * x`` per entry, in float32): the dense non-zeros, then each distinct key's
    count. The keys (sorted) become weight rows in place, so that the row a few keys ahead is fetched from memory
    while this one is added (the page's few thousand weight rows are spread over megabytes)."""
    cdef Py_ssize_t n = dense.shape[0], width = dense.shape[1], n_out = weights.shape[1]
    cdef Py_ssize_t r, i = 0, j, o, end, lane, n_lanes = (n_out + _LANES - 1) // _LANES
    cdef const float* weight_row
    cdef float count
    cdef Py_ssize_t* row_start = <Py_ssize_t*>PyMem_Malloc((n + 1) * sizeof(Py_ssize_t))
    if not row_start:
        raise MemoryError()
    for r in range(n):  # every key's weight row, and where each row's keys start
        row_start[r] = i
        while i < total and keys[i] < (r + 1) * n_hashed:
            keys[i] += width - r * n_hashed
            i += 1
    row_start[n] = i
    for lane in range(n_lanes):  # lanes counted in C: ``range(0, n_out, _LANES)`` made a Python range (an enum step)
        _add_dense(dense, weights, lane * _LANES, out)
    if n_out % _LANES == 0:  # whole lanes: summed in locals, a lane's outputs at a time
        for r in range(n):
            for lane in range(n_lanes):
                o = lane * _LANES
                _add_keyed_lanes(keys, row_start[r], row_start[r + 1], total, weights, o, &out[r, o])
        PyMem_Free(row_start)
        return 0
    for r in range(n):
        i = row_start[r]
        end = row_start[r + 1]
        while i < end:
            if i + _AHEAD < total:
                __builtin_prefetch(&weights[keys[i + _AHEAD], 0])
            j = i + 1
            while j < end and keys[j] == keys[i]:
                j += 1
            count = <float>(j - i)
            weight_row = &weights[keys[i], 0]
            for o in range(n_out):
                out[r, o] += count * weight_row[o]
            i = j
    PyMem_Free(row_start)
    return 0


cdef void _add_keyed_lanes(const int64_t* keys, Py_ssize_t i, Py_ssize_t end, Py_ssize_t total,
                           const float[:, ::1] weights, Py_ssize_t first, float* out) noexcept:
    """Adds each distinct key's count times its weight row (``keys[i:end]``, sorted weight rows) to ``out``'s
    ``_LANES`` outputs from column ``first``, as `_add_products` adds them one by one, the sums kept in locals
    (the compiler adds the lanes four at a time; in ``out`` itself each addition waited on the store before it, and
    with one weight row of 7 floats a key did not divide into lanes)."""
    cdef Py_ssize_t j, t
    cdef float count
    cdef const float* weight_row
    cdef float sums[_LANES]
    for t in range(_LANES):
        sums[t] = out[t]
    while i < end:
        if i + _AHEAD < total:
            __builtin_prefetch(&weights[keys[i + _AHEAD], first])
        j = i + 1
        while j < end and keys[j] == keys[i]:
            j += 1
        count = <float>(j - i)
        weight_row = &weights[keys[i], first]
        for t in range(_LANES):
            sums[t] += count * weight_row[t]
        i = j
    for t in range(_LANES):
        out[t] = sums[t]


cdef int _add_dense(const float[:, ::1] dense, const float[:, ::1] weights, Py_ssize_t first,
                    float[:, ::1] out) except -1:
    """Writes the sums of every row's dense non-zeros times their weights to ``out``'s columns ``first`` to
    ``first + _LANES`` (those that exist), in column order. The sums are kept in ``_LANES`` locals the compiler
    holds in registers, over a copy of those weights padded to ``_LANES`` a row (summed in ``out`` itself, where
    every addition waited on the store of the one before, and with a branch on each value, they took a third more
    time)."""
    cdef Py_ssize_t n = dense.shape[0], width = dense.shape[1]
    cdef Py_ssize_t used = min(_LANES, weights.shape[1] - first)
    cdef Py_ssize_t r, c, t, k, m
    cdef const float* row
    cdef float value
    cdef float sums[_LANES]
    cdef unsigned bits
    cdef float* lanes = <float*>PyMem_Malloc((width * _LANES + 1) * sizeof(float))
    cdef Py_ssize_t* nonzero = <Py_ssize_t*>PyMem_Malloc((width + 1) * sizeof(Py_ssize_t))
    if not lanes or not nonzero:
        PyMem_Free(lanes)
        PyMem_Free(nonzero)
        raise MemoryError()
    for c in range(width):
        for t in range(_LANES):
            lanes[c * _LANES + t] = weights[c, first + t] if t < used else 0
    for r in range(n):
        row = &dense[r, 0]
        m = 0
        c = 0
        while c + 8 <= width:  # the non-zero columns, 8 compared at a time (one at a time: 0.37M instructions a page)
            bits = _nonzero8(row + c)
            while bits:
                nonzero[m] = c + _lowest_bit(bits)
                m += 1
                bits &= bits - 1
            c += 8
        for c in range(c, width):  # the rest, without a branch on each value
            nonzero[m] = c
            m += row[c] != 0
        for t in range(_LANES):
            sums[t] = 0
        for k in range(m):
            value = row[nonzero[k]]
            for t in range(_LANES):
                sums[t] += value * lanes[nonzero[k] * _LANES + t]
        for t in range(used):
            out[r, first + t] = sums[t]
    PyMem_Free(lanes)
    PyMem_Free(nonzero)
    return 0


cdef Py_ssize_t _fill_keyed(const float[:, ::1] dense, const int64_t* keys, Py_ssize_t total, int64_t n_hashed,
                            float[::1] values, _index[::1] row_start, _index[::1] column) noexcept:
    """Writes every row: its dense non-zeros, then the distinct columns of its keys (sorted) with their counts."""
    cdef Py_ssize_t n = dense.shape[0], width = dense.shape[1]
    cdef Py_ssize_t r, c, i = 0, j, k = 0
    cdef int64_t row_end
    cdef float value
    for r in range(n):
        row_start[r] = <_index>k
        for c in range(width):  # written at k whether or not it is kept (the arrays have room): no branch
            value = dense[r, c]
            column[k] = <_index>c
            values[k] = value
            k += value != 0
        row_end = (r + 1) * n_hashed
        while i < total and keys[i] < row_end:
            j = i + 1
            while j < total and keys[j] == keys[i]:
                j += 1
            column[k] = <_index>(keys[i] - r * n_hashed + width)
            values[k] = <float>(j - i)
            k += 1
            i = j
    row_start[n] = <_index>k
    return k

def title_and_copy_rows(PageWords words, list titles, double match):
    """``features.page.numeric``'s rows (the specification: its loop over the blocks) as a float32 array: per block
    of ``words``, its overlap with the ``titles`` (sets of words), the first block that matches one, and its copies on
    the page. The words are compared as the UTF-8 bytes `PageWords` keeps (with their hashes), the titles' words
    written so too. A block's words joined (the specification's key) are its bytes: blocks are grouped by a hash of
    their words' hashes, then those bytes (a bytes object a block and a dict took 0.04 ms a page, hashing every
    byte; the rows, 0.086 ms a page so, 0.056 this way, the titles' words read through pointers rather than
    memoryviews passed to each look-up, 200 pages)."""
    cdef Py_ssize_t n = words.n_blocks, n_titles = len(titles), b, i, j, t, first, last, distinct, best_common
    cdef Py_ssize_t slots_size, other_block
    cdef uint32_t slot, mask
    cdef uint64_t key
    cdef int32_t entry
    cdef double dice, best_dice
    cdef bint matched = False
    cdef _Word* word
    cdef _Word* other
    cdef const char* utf8 = words._utf8
    out = np.zeros((n, 5), dtype=np.float32)
    cdef float[:, ::1] row = out
    # the titles' words: each distinct one with the titles that hold it, their UTF-8 one after another
    cdef dict holders = {}
    for t in range(n_titles):
        for title_word in <set>titles[t]:
            holders.setdefault(title_word, []).append(t)
    cdef list encoded = [w.encode("utf-8", "surrogatepass") for w in holders]
    cdef bytes blob = b"".join(encoded)
    cdef Py_ssize_t n_title_words = len(encoded)
    title_at_array = np.zeros(n_title_words + 1, dtype=np.int64)
    title_at_array[1:] = np.cumsum([len(w) for w in encoded])
    title_sizes = np.array([len(<set>title) for title in titles] + [0], dtype=np.int64)
    title_hashes = np.array([_murmur3_32(<const uint8_t*><const char*>w, len(w)) for w in encoded] + [0],
                            dtype=np.uint32)
    holder_at = np.zeros(n_title_words + 1, dtype=np.int64)
    holder_at[1:] = np.cumsum([len(h) for h in holders.values()])
    holder_titles = np.array([t for h in holders.values() for t in h] + [0], dtype=np.int64)
    common_array = np.zeros(n_titles + 1, dtype=np.int64)
    slots_size = 1
    while slots_size < 2 * n_title_words:
        slots_size *= 2
    title_slots_array = np.full(slots_size, -1, dtype=np.int32)
    cdef _TitleWords title_words
    cdef int64_t[::1] title_at_view = title_at_array
    cdef uint32_t[::1] title_hash_view = title_hashes
    cdef int32_t[::1] title_slots_view = title_slots_array
    title_words.utf8 = blob
    title_words.at = &title_at_view[0]
    title_words.hash = &title_hash_view[0]
    title_words.slots = &title_slots_view[0]
    title_words.mask = <uint32_t>(slots_size - 1)
    for i in range(n_title_words):
        slot = title_words.hash[i] & title_words.mask
        while title_words.slots[slot] >= 0:
            slot = (slot + 1) & title_words.mask
        title_words.slots[slot] = <int32_t>i
    cdef const int64_t[::1] title_size = title_sizes
    cdef const int64_t[::1] holder_start = holder_at
    cdef const int64_t[::1] holder_title = holder_titles
    cdef int64_t[::1] common = common_array
    # a block's distinct words, and the page's blocks by their words: tables of word and block numbers
    slots_size = 1
    while slots_size < 2 * n:
        slots_size *= 2
    block_slots_array = np.full(max(slots_size, 4 * (words.n_words + 1)), -1, dtype=np.int64)
    cdef int64_t[::1] block_slots = block_slots_array
    copies_array = np.zeros(n + 1, dtype=np.int64)  # of each block, the blocks with its words (its first's count)
    group_array = np.arange(n + 1, dtype=np.int64)  # the first block with its words
    cdef int64_t[::1] copies = copies_array
    cdef int64_t[::1] group = group_array
    mask = <uint32_t>(slots_size - 1)
    for b in range(n):
        first = words._first[b]
        last = words._first[b + 1]
        if first == last:
            continue
        key = <uint64_t>(last - first)
        for i in range(first, last):
            key = key * 0x100000001B3u + words._words[i].hash
        slot = <uint32_t>(key ^ (key >> 32)) & mask
        while block_slots[slot] >= 0:
            other_block = block_slots[slot]
            if _same_block(words, other_block, b):
                group[b] = other_block
                break
            slot = (slot + 1) & mask
        else:
            block_slots[slot] = b
        copies[group[b]] += 1
    for b in range(n):
        first = words._first[b]
        last = words._first[b + 1]
        if first == last:
            continue
        if copies[group[b]] > 1:
            row[b, 3] = <float>log(<double>copies[group[b]])
            if group[b] != b:
                row[b, 4] = 1.0
        if not n_titles:
            continue
        for i in range(first, last):
            if _title_word(&title_words, &words._words[i], utf8) >= 0:
                break
        else:
            continue
        slots_size = 1
        while slots_size < 2 * (last - first):
            slots_size *= 2
        for i in range(slots_size):
            block_slots[i] = -1
        mask = <uint32_t>(slots_size - 1)
        for t in range(n_titles):
            common[t] = 0
        distinct = 0
        for i in range(first, last):
            word = &words._words[i]
            slot = word.hash & mask
            while block_slots[slot] >= 0:
                other = &words._words[block_slots[slot]]
                if other.hash == word.hash and _same(utf8 + other.at, other.size, utf8 + word.at, word.size):
                    break
                slot = (slot + 1) & mask
            if block_slots[slot] >= 0:  # seen in this block already
                continue
            block_slots[slot] = i
            distinct += 1
            entry = _title_word(&title_words, word, utf8)
            if entry >= 0:
                for j in range(holder_start[entry], holder_start[entry + 1]):
                    common[holder_title[j]] += 1
        best_dice = -1.0
        best_common = -1
        for t in range(n_titles):
            dice = 2 * common[t] / <double>(distinct + title_size[t])
            if dice > best_dice:
                best_dice = dice
            if common[t] > best_common:
                best_common = common[t]
        row[b, 0] = <float>best_dice
        if distinct >= 3:
            row[b, 1] = <float>(best_common / <double>distinct)
        if not matched and best_dice >= match:
            row[b, 2] = 1.0
            matched = True
    return out


cdef struct _TitleWords:
    const char* utf8  # the titles' words, one after another: word i is utf8[at[i]:at[i + 1]]
    const int64_t* at
    const uint32_t* hash
    int32_t* slots  # a word's number or -1, mask + 1 of them
    uint32_t mask


cdef inline int32_t _title_word(const _TitleWords* titles, const _Word* word, const char* utf8) noexcept:
    """The number of ``word`` (its bytes in ``utf8``) among the titles' words, -1 if it is none of them."""
    cdef uint32_t slot = word.hash & titles.mask
    cdef int32_t t = titles.slots[slot]
    while t >= 0:
        if titles.hash[t] == word.hash and _same(titles.utf8 + titles.at[t], titles.at[t + 1] - titles.at[t],
                                                 utf8 + word.at, word.size):
            return t
        slot = (slot + 1) & titles.mask
        t = titles.slots[slot]
    return -1


cdef inline bint _same_block(PageWords words, Py_ssize_t a, Py_ssize_t b) noexcept:
    """Do blocks ``a`` and ``b`` (each with a word) have the same words (their bytes, joined by spaces)?"""
    cdef const _Word* a_first = &words._words[words._first[a]]
    cdef const _Word* a_last = &words._words[words._first[a + 1] - 1]
    cdef const _Word* b_first = &words._words[words._first[b]]
    cdef const _Word* b_last = &words._words[words._first[b + 1] - 1]
    return _same(words._utf8 + a_first.at, a_last.at + a_last.size - a_first.at, words._utf8 + b_first.at,
                 b_last.at + b_last.size - b_first.at)


def class_bits(list owners, list parent, list tokens, list words, double wrapper_words, dict token_types,
               Py_ssize_t depth, Py_ssize_t near_levels):
    """``features.paywall._class_bits`` (the specification) for blocks of these ``owners`` (element indices, -1:
    none) and the page's element table (``parent``, ``tokens``, ``words``): per block, the OR of the type bits of
    the class/id tokens (``token_types``: token -> bits) of its element and ancestors, the first ``near_levels``
    (near) apart from the rest up to ``depth`` levels (far), elements with ``wrapper_words`` words or more skipped.
    Each distinct token tuple is looked up once."""
    cdef Py_ssize_t n = len(owners), n_elements = len(parent)
    cdef Py_ssize_t b, level, at
    cdef int64_t bits, mask
    near = np.zeros(n, dtype=np.int64)
    far = np.zeros(n, dtype=np.int64)
    cdef int64_t[::1] near_of = near
    cdef int64_t[::1] far_of = far
    masks = np.full(n_elements, -1, dtype=np.int64)  # -1: not computed yet
    cdef int64_t[::1] mask_of = masks
    cdef dict tuple_bits = {}
    cdef object known
    if len(tokens) != n_elements or len(words) != n_elements:
        raise ValueError("the element table's lists differ in length")
    for b in range(n):
        at = owners[b]
        for level in range(depth):
            if not 0 <= at < n_elements:
                break
            mask = mask_of[at]
            if mask < 0:
                if words[at] < wrapper_words:
                    known = tuple_bits.get(tokens[at])
                    if known is None:
                        mask = 0
                        for token in <tuple>tokens[at]:
                            mask |= <int64_t>token_types.get(token, 0)
                        tuple_bits[tokens[at]] = mask
                    else:
                        mask = known
                else:
                    mask = 0
                mask_of[at] = mask
            if level < near_levels:
                near_of[b] |= mask
            else:
                far_of[b] |= mask
            at = parent[at]
    return near, far



def paywall_rows(float[:, ::1] out, const uint8_t[:, ::1] hits, const int64_t[::1] lexicon_columns,
                 const int64_t[::1] near, const int64_t[::1] far, list flags, int64_t schema_bit):
    """The rest of `features.paywall.numeric` (its numpy way, the specification) in one loop over the blocks: the
    lexicon columns picked from ``hits`` (a row per block, a column per label of the lexicon), the class/id bits
    ``near`` and ``far`` from `class_bits` (None: no element) spread into their columns, and the schema.org flag
    (``schema_bit`` of ``flags``) and its page-wide column."""
    cdef Py_ssize_t n = out.shape[0], n_types = lexicon_columns.shape[0], i, k
    cdef bint classes = near is not None, schema = False
    for i in range(n):
        for k in range(n_types):
            if hits[i, lexicon_columns[k]]:
                out[i, k] = 1.0
            if classes and (near[i] >> k) & 1:
                out[i, n_types + k] = 1.0
            if classes and (far[i] >> k) & 1:
                out[i, 2 * n_types + 2 + k] = 1.0
        if <int64_t>flags[i] & schema_bit:
            out[i, 2 * n_types] = 1.0
            schema = True
    if schema:
        for i in range(n):
            out[i, 2 * n_types + 1] = 1.0

cdef void _nearest_marked(const uint8_t[::1] marked, int64_t[::1] out, Py_ssize_t n) noexcept:
    """out[i]: how many blocks from i to the nearest marked one, before (first pass) or after (second); -1 if none
    (``out`` starts at -1)."""
    cdef Py_ssize_t i, last = -1
    for i in range(n):
        if marked[i]:
            last = i
        if last >= 0:
            out[i] = i - last
    last = -1
    for i in range(n - 1, -1, -1):
        if marked[i]:
            last = i
        if last >= 0 and (out[i] < 0 or last - i < out[i]):
            out[i] = last - i


def block_table(list segments):
    """``features.table.block_table_of_segments`` (the specification) of these ``segments``: their texts, owners and
    flags as lists, and their owner, words, link_chars, heading, flags and blank_before as the rows of one int64
    array (6 x blocks), each attribute read once (the families' loops read a Segment's attributes a few dozen times a
    block, each read ~20 ns)."""
    cdef Py_ssize_t n = len(segments), i
    cdef list texts = [None] * n, owners = [None] * n, flags = [None] * n
    columns = np.empty((6, n), dtype=np.int64)
    cdef int64_t[:, ::1] c = columns
    for i in range(n):
        seg = segments[i]
        texts[i] = <str>seg.text
        owner = seg.owner
        flag = seg.flags
        owners[i] = owner
        flags[i] = flag
        c[_OWNER, i] = owner
        c[_WORDS, i] = seg.words
        c[_LINK_CHARS, i] = seg.link_chars
        c[_HEADING, i] = seg.heading
        c[_FLAGS, i] = flag
        c[_BLANK_BEFORE, i] = bool(seg.blank_before)
    return texts, owners, flags, columns


def best_container(list texts, const int64_t[:, ::1] columns, list parent, list words, list link_words,
                   int64_t hidden_bit):
    """``features.dom.best_container_of_scores`` (the specification: Readability's candidate scores in a dict) of an
    HTML page's blocks (their ``texts`` and `block_table` ``columns``) and element table (``parent``, ``words``,
    ``link_words``) and ``hidden_bit`` (FLAG_HIDDEN): the element index, or -1. The scores are summed in an array per element, in the same float64
    additions, and compared in the order the dict kept (each element's first vote), so the same one wins a tie."""
    cdef Py_ssize_t n_elements = len(parent), i, owner, up, level, n_voted = 0, best = -1
    cdef Py_ssize_t n_words, commas
    cdef double score, share, best_score = 0.0, w
    cdef str text
    if len(words) != n_elements or len(link_words) != n_elements:
        raise ValueError("the element table's lists differ in length")
    if columns.shape[0] != 6 or columns.shape[1] != len(texts):
        raise ValueError("one column per text")
    scores_array = np.zeros(n_elements, dtype=np.float64)
    voted_array = np.zeros(n_elements, dtype=np.uint8)
    order_array = np.empty(n_elements, dtype=np.int64)
    cdef double[::1] scores = scores_array
    cdef uint8_t[::1] voted = voted_array
    cdef int64_t[::1] order = order_array
    for i in range(len(texts)):
        n_words = columns[_WORDS, i]
        text = texts[i]
        if n_words < 8 or columns[_LINK_CHARS, i] > 0.33 * len(text) or columns[_FLAGS, i] & hidden_bit:
            continue
        w = n_words / 20.0
        commas = PyUnicode_Count(text, ",", 0, len(text))
        score = 1.0 + commas + (3.0 if 3.0 < w else w)
        owner = columns[_OWNER, i]
        if owner < 0:  # as a list reads a negative index
            owner += n_elements
        if not 0 <= owner < n_elements:
            raise IndexError("a block's element is not in the table")
        up = owner
        share = score
        for level in range(2):  # the parent scores fully, the grandparent by half
            up = parent[up]
            if up < 0:
                break
            if up >= n_elements:
                raise IndexError("a parent index outside the element table")
            if not voted[up]:
                voted[up] = 1
                order[n_voted] = up
                n_voted += 1
            scores[up] = scores[up] + share
            share = score / 2
    for i in range(n_voted):
        up = order[i]
        n_words = words[up]
        score = scores[up] * (1.0 - (<double>(<int64_t>link_words[up]) / n_words if n_words else 0.0))
        if score > best_score:
            best = up
            best_score = score
    return best


def dom_rows(const int64_t[:, ::1] columns, list parent, list words, list link_words, list blocks, Py_ssize_t best,
             Py_ssize_t total, list flag_bits, int64_t hidden_bit, Py_ssize_t width):
    """``features.dom.numeric`` (the specification) of an HTML page's blocks (`block_table` ``columns``) and element
    table (``parent``,
    ``words``, ``link_words``, ``blocks``), ``best`` its best container (-1: none), ``total`` its words (at least
    1), ``flag_bits`` the FLAGS columns' bits and ``hidden_bit`` FLAG_HIDDEN: the float32 rows (``width`` columns),
    each value computed in float64 as there. One pass over the elements for their depths, one over the blocks."""
    cdef Py_ssize_t n = columns.shape[1], n_elements = len(parent), n_flags = len(flag_bits)
    cdef Py_ssize_t i, j, e, owner, up, at, level, parent_at, chain_length
    cdef Py_ssize_t densest = 0, subtree_end = -1, n_best = 0, first = 10 + n_flags
    cdef int64_t most = 0
    cdef int64_t heading, flags
    cdef double level_words
    cdef Py_ssize_t levels[4]
    levels[:] = [1, 2, 3, 5]  # dom._ANCESTOR_LEVELS
    if width != first + 3 * 4 + 2:
        raise ValueError("the DOM columns do not match")
    if len(words) != n_elements or len(link_words) != n_elements or len(blocks) != n_elements:
        raise ValueError("the element table's lists differ in length")
    if not -1 <= best < n_elements or total < 1:
        raise ValueError("best is not an element, or total is not positive")
    # the parents as C integers (every element's is read for the depths); the counts are read where needed
    cdef int64_t[::1] parent_of = np.empty(n_elements + 1, dtype=np.int64)
    cdef int64_t[::1] depth = np.zeros(n_elements + 1, dtype=np.int64)
    cdef int64_t[::1] nearest = np.full(n, -1, dtype=np.int64)
    parent_of[n_elements] = -1
    for e in range(n_elements):
        up = parent[e]
        if not -1 <= up < e:
            raise ValueError("a parent index that does not come before its element")
        parent_of[e] = up
        if up >= 0:
            depth[e] = depth[up] + 1
    if best >= 0:  # best's subtree: the elements after it up to the next that is no deeper
        subtree_end = n_elements
        for e in range(best + 1, n_elements):
            if depth[e] <= depth[best]:
                subtree_end = e
                break
    out = np.empty((n, width), dtype=np.float32)
    cdef float[:, ::1] row = out
    cdef int64_t[::1] owner_at = np.empty(n, dtype=np.int64)
    cdef uint8_t[::1] in_best = np.zeros(n, dtype=np.uint8)
    cdef double best_share = <Py_ssize_t>words[best] / <double>total if best >= 0 else 0.0
    for i in range(n):
        owner = columns[_OWNER, i]
        if not 0 <= owner < n_elements:
            raise ValueError("a block without an element")
        owner_at[i] = owner
        if i == 0 or columns[_WORDS, i] > most:  # the first of the most words (np.argmax)
            most = columns[_WORDS, i]
            densest = i
        parent_at = parent_of[owner]
        chain_length = min(depth[parent_at] + 1, 63) if parent_at >= 0 else 0
        in_best[i] = owner == best or (
            best >= 0 and best <= parent_at < subtree_end and depth[parent_at] - depth[best] < 63
        )
        n_best += in_best[i]
        heading = columns[_HEADING, i]
        flags = columns[_FLAGS, i]
        row[i, 0] = <float>log1p(<double>(1 + chain_length))
        row[i, 1] = heading > 0
        row[i, 2] = heading > 0 and heading <= 2
        row[i, 3] = <float>(<Py_ssize_t>words[owner] / <double>total)
        row[i, 4] = in_best[i]
        row[i, 5] = <float>best_share
        row[i, 8] = i > 0 and owner == owner_at[i - 1]
        row[i, 9] = <float>log1p(<double><Py_ssize_t>blocks[owner])
        for j in range(n_flags):
            row[i, 10 + j] = (flags & <int64_t>flag_bits[j]) != 0
        # the 1st/2nd/3rd/5th ancestor, from the parent up (the root's blocks: the element itself), a step up from
        # the root staying at the root
        at = parent_at if parent_at >= 0 else owner
        level = 1
        for j in range(4):
            while level < levels[j]:
                if parent_of[at] >= 0:
                    at = parent_of[at]
                level += 1
            level_words = <double><Py_ssize_t>words[at]
            row[i, first + 3 * j] = <float>(level_words / <double>total)
            row[i, first + 3 * j + 1] = <float>(<Py_ssize_t>link_words[at] / level_words if level_words != 0 else 0.0)
            row[i, first + 3 * j + 2] = <float>log1p(<double><Py_ssize_t>blocks[at])
        row[i, width - 2] = (flags & hidden_bit) != 0 and in_best[i]
        row[i, width - 1] = (flags & hidden_bit) != 0 and not in_best[i]
    for i in range(n):
        row[i, 7] = <float>((i - densest if i >= densest else densest - i) / <double>n)
    if n_best and n * n_best < 4_000_000:  # the nearest block inside best: before it (this pass) or after (the next)
        _nearest_marked(in_best, nearest, n)
        for i in range(n):
            row[i, 6] = <float>min(nearest[i] / <double>n * 10, 1.0)
    else:  # no block inside: 1; a page too large for the specification's distance matrix: 0
        for i in range(n):
            row[i, 6] = 0.0 if n_best else 1.0
    return out


cdef bint _currency_near_digits(str text, currency_search, const uint32_t* here_at, uint32_t before1,
                                uint32_t before2, uint32_t digit, uint32_t space, uint32_t code_end) except -1:
    """Does ``currency_search`` find a match ending at a digit of ``text`` (its class bits ``here_at``, after
    ``before1`` and ``before2`` as in `_count_block`) that follows the end of a code (or that and a whitespace
    character)? See `text_rows`."""
    cdef Py_ssize_t p, n = len(text)
    cdef uint32_t before, before_that
    for p in range(n):
        if not here_at[p] & digit:
            continue
        before = here_at[p - 1] if p >= 1 else before1
        before_that = here_at[p - 2] if p >= 2 else (before1 if p == 1 else before2)
        if before & code_end or (before & space and before_that & code_end):
            if currency_search(text, p - 4 if p >= 4 else 0, p + 1) is not None:
                return True
    return False


cdef uint32_t _class_of(Py_UCS4 ch, list texts, Py_ssize_t first, const uint32_t* plane, uint32_t unclassified,
                        classify, dict astral) except? 0xFFFFFFFF:
    """The class bits of ``ch``, a character of block ``first`` that the plane does not hold or that is past it and not
    in ``astral`` yet: every such character of that block and the blocks after it classified first (`_classify_rest`),
    so that a page asks ``classify`` once or twice, not once a character."""
    cdef long code = ch  # the astral characters' key
    if (ch > 0xFFFF and code not in astral) or (ch <= 0xFFFF and plane[ch] == unclassified):
        _classify_rest(texts, first, plane, unclassified, classify, astral)
    return plane[ch] if ch <= 0xFFFF else <uint32_t>astral[code]


cdef int _classify_rest(list texts, Py_ssize_t first, const uint32_t* plane, uint32_t unclassified, classify,
                        dict astral) except -1:
    """Classifies the characters of the blocks from ``first`` on that the plane does not hold, by one call of
    ``classify`` (which files them there), and those past it, by another (kept in ``astral``)."""
    cdef Py_ssize_t b, j, n
    cdef int kind
    cdef const void* data
    cdef Py_UCS4 ch
    cdef str text
    cdef set bmp = set(), wide = set()
    for b in range(first, len(texts)):
        text = texts[b]
        kind = PyUnicode_KIND(text)
        data = PyUnicode_DATA(text)
        n = len(text)
        for j in range(n):
            ch = PyUnicode_READ(kind, data, j)
            if ch > 0xFFFF:
                if <long>ch not in astral:
                    wide.add(<long>ch)
            elif plane[ch] == unclassified:
                bmp.add(<long>ch)
    if bmp:
        classify("".join([chr(code) for code in bmp]))
        for code in bmp:
            if plane[<long>code] == unclassified:
                raise ValueError("classify did not file a character of the plane")
    if wide:
        codes = list(wide)
        for code, bits in zip(codes, classify("".join([chr(code) for code in codes]))):
            astral[code] = <uint32_t>bits
    return 0


def text_rows(list texts, const int64_t[:, ::1] columns, PageWords words, Py_ssize_t lang, const uint32_t[::1] plane, uint32_t unclassified,
              classify, placeholder_search, str placeholder_starts, currency_search, uint32_t letter, uint32_t digit,
              uint32_t upper, uint32_t punct, uint32_t currency, uint32_t code_end, uint32_t isupper,
              uint32_t sentence_mark, uint32_t comma, uint32_t space, uint32_t separator, uint32_t end_mark,
              Py_ssize_t sample, Py_ssize_t total_words):
    """``features.text.numeric``'s rows (the specification: `numeric_of_counts`, of the counts of
    ``text.block_counts`` and the matches of ``JoinedTexts.matching``) from the blocks' ``texts`` and
    `block_table` ``columns``, their lower-cased
    ``words`` (`PageWords`), the number of the page's language in their `StopIndex` (-1: no language, no stop
    words) and the page's words: float32, each value computed in float64 as there. Each block's characters are
    classified by the table ``plane`` of ``text._CHARACTERS`` (one entry per code point of the Basic Multilingual
    Plane; ``unclassified``: not filled yet, when ``classify(chars)`` gives the bits of each of ``chars``, filing
    those of the plane there: see `_class_of`), into a buffer that the counts of
    `text_counts` read (`_count_block`), without the page's text joined and classified as one array (0.05 ms a
    page) or a search of the joined text for the placeholders (0.04 ms): ``placeholder_search`` (of
    ``text._PLACEHOLDER``, whose matches hold no "\\n", so a block's search finds one where the joined text's did)
    runs only on a block holding one of ``placeholder_starts``, the characters every match starts with.

    Where a block has no currency sign, ``currency_search`` (of ``text._CURRENCY``) matches when its second
    alternative does, ``\\b(?:rs\\.?|r\\$|usd|eur|inr)\\s?\\d`` (case-insensitive), whose matches end at a digit after the
    end of a code, or after that and a whitespace character, and are at most 5 characters long: the search is tried
    in the 5 characters up to each such digit (``search(text, pos, endpos)``: ``\\b`` still reads the character
    before ``pos``), not over the whole block."""
    cdef Py_ssize_t n = len(texts), i, j, n_words, n_chars, n_sample, word_chars, stops, before = 0
    cdef Py_ssize_t capacity = 0
    cdef double total = <double>(total_words if total_words > 1 else 1)
    cdef bint has_stop = lang >= 0, maybe_placeholder
    cdef _TextClasses k = _TextClasses(letter, digit, upper, punct, currency, code_end, isupper, sentence_mark, comma,
                                       space, separator, end_mark)
    cdef int64_t c[13]
    cdef uint32_t newline = plane[10], before1 = 0, before2 = 0
    cdef uint32_t* here_at = NULL
    cdef int kind
    cdef const void* data
    cdef Py_UCS4 ch
    cdef dict astral = {}
    cdef str text
    if words.n_blocks != n or columns.shape[0] != 6 or columns.shape[1] != n:
        raise ValueError("the texts, columns and words differ in number")
    if plane.shape[0] < 0x10000:
        raise ValueError("the plane must have an entry for each of its 65,536 code points")
    cdef const uint32_t* plane_at = &plane[0]
    cdef uint8_t starts_at[256]  # the placeholders' first characters (ASCII), for every character of one byte
    cdef const uint8_t* latin1
    cdef bint unknown
    for j in range(256):  # set from the characters (``chr(j) in placeholder_starts`` for each took 0.014M a page)
        starts_at[j] = 0
    for ch in placeholder_starts:
        if ch >= 128:
            raise ValueError("the placeholders' first characters must be ASCII")
        starts_at[ch] = 1
    out = np.empty((n, 22), dtype=np.float32)
    cdef float[:, ::1] row = out
    try:
        for i in range(n):
            text = texts[i]
            n_words = columns[_WORDS, i]
            n_chars = len(text)
            if n_chars >= capacity:
                capacity = max(2 * capacity, n_chars + 1, 256)
                PyMem_Free(here_at)
                here_at = <uint32_t*>PyMem_Malloc(capacity * sizeof(uint32_t))
                if here_at == NULL:
                    raise MemoryError()
            kind = PyUnicode_KIND(text)
            data = PyUnicode_DATA(text)
            maybe_placeholder = False
            if kind == PyUnicode_1BYTE_KIND:  # read without a branch; the characters the plane lacks, after
                latin1 = <const uint8_t*>data
                unknown = False
                for j in range(n_chars):
                    here_at[j] = plane_at[latin1[j]]
                    unknown |= here_at[j] == unclassified
                    maybe_placeholder |= starts_at[latin1[j]]
                if unknown:
                    for j in range(n_chars):
                        if here_at[j] == unclassified:
                            here_at[j] = _class_of(latin1[j], texts, i, plane_at, unclassified, classify, astral)
            else:
                for j in range(n_chars):
                    ch = PyUnicode_READ(kind, data, j)
                    if ch <= 0xFFFF and plane_at[ch] != unclassified:
                        here_at[j] = plane_at[ch]
                    else:
                        here_at[j] = _class_of(ch, texts, i, plane_at, unclassified, classify, astral)
                    if ch < 128:
                        maybe_placeholder |= starts_at[ch]
            _count_block(here_at, n_chars, before1, before2, newline, i == 0, sample, &k, c)
            n_sample = n_chars if n_chars < sample else sample
            word_chars = words.word_chars(i)
            stops = words.stop_words(i, lang) if has_stop else 0
            row[i, 0] = <float>log1p(<double>n_words)
            row[i, 1] = <float>log1p(<double>n_chars)
            row[i, 2] = <float>(min(word_chars / <double>n_words, 20.0) / 10.0 if n_words else 0.0)
            row[i, 3] = <float>(columns[_LINK_CHARS, i] / <double>n_chars if n_chars else 0.0)
            row[i, 4] = <float>(stops / <double>n_words if has_stop and n_words else 0.0)
            row[i, 5] = <float>(c[1] / <double>n_sample if n_sample else 0.0)  # digits in the head
            row[i, 6] = <float>(c[2] / <double>(c[0] if c[0] > 0 else 1))  # upper-case letters of the letters
            row[i, 7] = <float>(c[3] / <double>n_sample if n_sample else 0.0)  # punctuation in the head
            row[i, 8] = c[4] > 0 or (c[5] > 0 and _currency_near_digits(text, currency_search, here_at, before1,
                                                                         before2, digit, space, code_end))
            row[i, 9] = c[12] > 0
            row[i, 10] = c[6] > 0
            row[i, 11] = <float>log1p(<double>c[7])
            row[i, 12] = <float>log1p(<double>c[8])
            row[i, 13] = maybe_placeholder and placeholder_search(text) is not None
            row[i, 14] = <float>(c[10] / <double>(c[9] if c[9] > 1 else 1))
            row[i, 15] = n_words <= 3
            row[i, 16] = n_words >= 30
            row[i, 17] = c[11] > 0
            row[i, 18] = <float>(i / <double>n)
            row[i, 19] = <float>(before / total)
            row[i, 20] = i == 0
            row[i, 21] = columns[_BLANK_BEFORE, i] != 0
            before += n_words
            # the next block's two characters before: the "\\n" after this one, and this one's last character (the
            # "\\n" before this one when it is empty; nothing before the page)
            before2 = here_at[n_chars - 1] if n_chars else before1
            before1 = newline
    finally:
        PyMem_Free(here_at)
    return out


def prose_rows(list texts, const int64_t[:, ::1] columns, str end_marks, Py_ssize_t prose_words, Py_ssize_t prose_chars,
               Py_ssize_t bridge_words):
    """``features.prose.numeric`` (the specification: `numeric_of_runs`) of blocks with these ``texts`` and
    `block_table` ``columns``: float32, each value
    computed in float64 as there. A block is prose as `prose.is_prose` tells (``end_marks``: the characters that
    end a sentence); runs and bridges as `prose._runs` finds them."""
    cdef Py_ssize_t n = len(texts), i, j, size, words, current = -1, top = -1
    cdef Py_UCS4 ch
    cdef str text
    cdef double total = 0.0, most = 0.0
    out = np.zeros((n, 6), dtype=np.float32)
    cdef float[:, ::1] row = out
    cdef uint8_t[::1] prose = np.zeros(n + 1, dtype=np.uint8)  # one past the end: not prose
    cdef uint8_t[::1] bridged = np.zeros(n, dtype=np.uint8)
    cdef int64_t[::1] run = np.full(n, -1, dtype=np.int64)
    cdef int64_t[::1] gap = np.full(n, -1, dtype=np.int64)
    cdef list run_chars = []
    if columns.shape[0] != 6 or columns.shape[1] != n:
        raise ValueError("one column per text")
    for i in range(n):
        text = texts[i]
        words = columns[_WORDS, i]
        size = len(text)
        if words >= prose_words or (size >= prose_chars and u" " not in text):
            j = size - 1
            while j >= 0 and Py_UNICODE_ISSPACE(text[j]):  # what str.rstrip strips
                j -= 1
            prose[i] = j >= 0 and text[j] in end_marks
    for i in range(n):
        if prose[i]:
            if current < 0:
                run_chars.append(0.0)
                current = len(run_chars) - 1
            run[i] = current
            run_chars[current] += <double>len(<str>texts[i])
        elif (current >= 0 and i + 1 < n and prose[i + 1] and columns[_WORDS, i] <= bridge_words
              and not (i >= 1 and bridged[i - 1])):
            run[i] = current
            bridged[i] = True
        else:
            current = -1
    for j in range(len(run_chars)):
        total += <double>run_chars[j]
        if top < 0 or <double>run_chars[j] > most:  # the first of the most characters (np.argmax)
            most = run_chars[j]
            top = j
    if total == 0.0:
        total = 1.0
    _nearest_marked(prose, gap, n)  # the distance to the nearest prose block
    for i in range(n):
        row[i, 0] = prose[i]
        if run[i] >= 0:
            row[i, 1] = <float>log1p(<double>run_chars[run[i]])
            row[i, 2] = <float>(<double>run_chars[run[i]] / total)
            row[i, 3] = run[i] == top
        row[i, 4] = <float>log1p(<double>(gap[i] if gap[i] >= 0 else n))
        row[i, 5] = bridged[i]
    return out


def window_stats(const double[::1] p, Py_ssize_t radius):
    """`features.scores._window_stats`, compiled: the mean and max of ``p`` over the ``radius`` blocks on each side,
    from the same cumulative sums added in the same order, so the columns are the same bit for bit."""
    cdef Py_ssize_t n = p.shape[0]
    mean_array = np.zeros(n)
    peak_array = np.zeros(n)
    _window_stats(p, radius, mean_array, peak_array, np.zeros(n + 2 * radius + 1))
    return mean_array, peak_array


cdef void _window_stats(const double[::1] p, Py_ssize_t radius, double[::1] mean, double[::1] peak,
                        double[::1] cumulative) noexcept:
    """`window_stats` into ``mean`` and ``peak`` (zeros; ``peak`` may be empty: the means only), with ``cumulative``
    of n + 2 * radius + 1 values to work in."""
    cdef Py_ssize_t n = p.shape[0], m = n + 2 * radius, i, d, j, count
    cdef double top
    cumulative[0] = 0.0
    for i in range(m):
        cumulative[i + 1] = cumulative[i] + (p[i - radius] if radius <= i < radius + n else 0.0)
    for i in range(n):
        count = (i if i < radius else radius) + (n - 1 - i if n - 1 - i < radius else radius)
        if count > 0:
            mean[i] = (cumulative[i + 2 * radius + 1] - cumulative[i] - p[i]) / <double>count
        if peak.shape[0] == 0:
            continue
        top = 0.0 if i < radius or i + radius >= n else p[i - radius]  # a padding zero, or the first neighbour
        for d in range(-radius, radius + 1):
            j = i + d
            if d != 0 and 0 <= j < n and p[j] > top:
                top = p[j]
        peak[i] = top


def subtree_sums(double[:, ::1] values, const int64_t[::1] parents):
    """`features.scores.subtree_sums`, compiled and in place: every element's row added into its parent's, from the
    last element to the first (the same additions in the same order as the list loop)."""
    cdef Py_ssize_t e, up, j, k = values.shape[1]
    for e in range(values.shape[0] - 1, 0, -1):
        up = parents[e]
        if up >= 0:
            for j in range(k):
                values[up, j] += values[e, j]


def int64_of_list(list values):
    """``np.array(values, dtype=np.int64)`` (the specification) of a list of ints: an element's parent list
    (`scores.html_inputs`), a few hundred to thousands of values, read here at a few ns each where numpy's
    conversion of a list took ~17."""
    cdef Py_ssize_t n = len(values), i
    array = np.empty(n, dtype=np.int64)
    cdef int64_t[::1] out = array
    for i in range(n):
        out[i] = values[i]
    return array


def html_scores(float[:, ::1] out, const double[::1] p, const double[:, ::1] types, const double[::1] words,
                const int64_t[::1] owners, const int64_t[::1] parents, Py_ssize_t headline, const int64_t[::1] flags,
                const int64_t[::1] levels, const int64_t[::1] windows, const int64_t[::1] neighbour_types,
                Py_ssize_t headline_column, const int64_t[::1] flag_bits, Py_ssize_t flag_column):
    """`features.scores.numeric`'s HTML columns from "prev" on (its numpy way, the specification), compiled: loops
    over the blocks, the elements and the ancestor chains, with the additions of the numpy way in the same order, so
    the columns are the same bit for bit (``headline``: -1 for none). The numpy version made about 30 calls on arrays of a few
    hundred values, each costing more than its arithmetic."""
    cdef Py_ssize_t n = p.shape[0], n_windows = windows.shape[0], n_levels = levels.shape[0]
    cdef Py_ssize_t n_types = types.shape[1], i, j, k, e, up, col, level, start = 0, end = 0, run_start = 0, last
    cdef Py_ssize_t widest = 3
    cdef double best = -INFINITY, running = 0.0, g, span_words = 0.0, all_words = 0.0, total_content, w
    for j in range(n_windows):
        widest = max(widest, windows[j])
    cdef double[::1] mean = np.zeros(n), peak = np.zeros(n), cumulative = np.zeros(n + 2 * widest + 1)
    cdef double[::1] empty = np.zeros(0), share = np.zeros(n)
    cdef double[:, ::1] own = np.zeros((parents.shape[0], 2))
    for i in range(1, n):  # prev, next, prev2, next2
        out[i, 2] = <float>p[i - 1]
        out[i - 1, 3] = <float>p[i]
    for i in range(2, n):
        out[i, 4] = <float>p[i - 2]
        out[i - 2, 5] = <float>p[i]
    col = 6
    for j in range(n_windows):
        mean[:] = 0.0
        peak[:] = 0.0
        _window_stats(p, windows[j], mean, peak, cumulative)
        for i in range(n):
            out[i, col + j] = <float>mean[i]
            out[i, col + n_windows + j] = <float>peak[i]
    col += 2 * n_windows
    last = -1  # content_before, content_after, between_content: a likely-content block before, after, both
    for i in range(n):
        if last >= 0:
            out[i, col] = 1.0
        if p[i] >= 0.5:
            last = i
    last = -1
    for i in range(n - 1, -1, -1):
        if last >= 0:
            out[i, col + 1] = 1.0
            out[i, col + 2] = out[i, col]
        if p[i] >= 0.5:
            last = i
    for i in range(n):  # `best_span`
        g = (p[i] - 0.5) * sqrt(1.0 + words[i])
        if running <= 0:
            running, run_start = g, i
        else:
            running += g
        if running > best:
            best, start, end = running, run_start, i
    for i in range(n):
        all_words += words[i]
        if start <= i <= end:
            span_words += words[i]
            out[i, col + 3] = 1.0
        out[i, col + 4] = <float>min(max(start - i, i - end, 0) / 10.0, 1.0)
    for i in range(n):
        out[i, col + 5] = <float>((span_words + 1.0) / (all_words + 1.0))
    col += 6
    for i in range(n):  # np.bincount's additions, in block order
        w = words[i] + 1.0
        own[owners[i], 0] += w
        own[owners[i], 1] += p[i] * w
    subtree_sums(own, parents)
    total_content = own[0, 1] if own[0, 1] != 0.0 else 1.0
    for i in range(n):
        e, level = owners[i], 0
        for j in range(n_levels):
            while level < levels[j]:
                up = parents[e]
                if up >= 0:
                    e = up
                level += 1
            out[i, col + j] = <float>(own[e, 1] / own[e, 0])
            out[i, col + n_levels + j] = <float>(own[e, 1] / total_content)
    col += 2 * n_levels
    for i in range(n):
        for j in range(n_types):
            out[i, col + j] = <float>types[i, j]
    col += n_types
    for k in range(neighbour_types.shape[0]):
        for i in range(n):
            share[i] = types[i, neighbour_types[k]]
        for j in (1, 3):
            mean[:] = 0.0
            _window_stats(share, j, mean, empty, cumulative)
            for i in range(n):
                out[i, col] = <float>mean[i]
            col += 1
    if headline >= 0:
        out[headline, headline_column] = 1.0
    for i in range(n):
        for j in range(flag_bits.shape[0]):
            if flags[i] & flag_bits[j]:
                out[i, flag_column + j] = 1.0
