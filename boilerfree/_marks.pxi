# Included by `_walk.pyx` and `_features.pyx` (`include "_marks.pxi"`): each compiled module gets its own copy
# of the table, built at its import, from one source. The including module cimports PyMem_Malloc and uint8_t/uint32_t.

# Combining marks (categories Mn, Mc, Me: `blocks.MARK_RANGES`, read once at import; this module is imported by
# `boilerfree.blocks` after it made them): one bit per code point of the Basic Multilingual Plane, the ranges past it
# searched (their first and last code points, sorted).
from boilerfree.blocks import MARK_RANGES as _MARK_RANGES

cdef uint8_t _BMP_MARK[8192]
cdef Py_ssize_t _N_ASTRAL_MARKS = sum(1 for _first, _last in _MARK_RANGES if _last > 0xFFFF)
cdef uint32_t* _ASTRAL_MARK_FIRST = <uint32_t*>PyMem_Malloc((2 * _N_ASTRAL_MARKS + 1) * sizeof(uint32_t))
if _ASTRAL_MARK_FIRST is NULL:
    raise MemoryError()
cdef uint32_t* _ASTRAL_MARK_LAST = _ASTRAL_MARK_FIRST + _N_ASTRAL_MARKS
_at = 0
for _first, _last in sorted(_MARK_RANGES):
    for _code in range(_first, min(_last, 0xFFFF) + 1):
        _BMP_MARK[_code >> 3] |= 1 << (_code & 7)
    if _last > 0xFFFF:
        _ASTRAL_MARK_FIRST[_at] = max(_first, 0x10000)
        _ASTRAL_MARK_LAST[_at] = _last
        _at += 1


cdef bint _is_astral_mark(uint32_t c) noexcept nogil:
    cdef Py_ssize_t low = 0, high = _N_ASTRAL_MARKS, middle
    while low < high:  # the ranges that start at or before c: [0, low)
        middle = (low + high) >> 1
        if _ASTRAL_MARK_FIRST[middle] <= c:
            low = middle + 1
        else:
            high = middle
    return low > 0 and c <= _ASTRAL_MARK_LAST[low - 1]


cdef inline bint _is_mark(Py_UCS4 c) noexcept nogil:
    """Is ``c`` a combining mark (the class ``blocks.MARKS``)?"""
    cdef uint32_t code = c
    if code < 0x10000:
        return (_BMP_MARK[code >> 3] >> (code & 7)) & 1
    return _is_astral_mark(code)
