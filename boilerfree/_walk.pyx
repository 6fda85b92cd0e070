# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The segmentation walk of `boilerfree.blocks.segment_html`, compiled (optional: `blocks.walk_tree` is the same walk
in Python, the specification, and runs when this module is missing or ``BOILERFREE_PURE=1``).

The Python walk spends most of its time making a selectolax proxy object for every node it passes and reading
``tag``, ``attributes`` and ``text_content`` through them. This walk reads Lexbor's tree itself: a selectolax node's
public ``mem_id`` is the address of its ``lxb_dom_node_t``, and the walk follows the nodes' first-child, next and
parent pointers and reads text from the structs of Lexbor's DOM (`_NODE_STRUCTS`: only the fields read, declared
here as selectolax 1.0.x's bundled Lexbor lays them out). Names are not read from Lexbor's hash tables: the tag of an
element and the name of an attribute come from Lexbor's own functions (``lxb_dom_element_qualified_name``,
``lxb_dom_attr_qualified_name``, ``lxb_dom_element_first_attribute_noi``), which selectolax's extension exports and
this module finds there by name at import (ctypes); they are called once per distinct name of a walk. Nothing links
against selectolax or Lexbor.

At import, the layout is checked against selectolax's Python API on a small page (`layout_mismatches`): node kinds,
the pointers between nodes, tag names, attributes and text. Any difference (another selectolax, another Lexbor)
raises ImportError, and `boilerfree.speedups.compiled` gives the Python walk instead, the same output, slower.

It records exactly what the Python walk records (the element table, the segments), which `tests/test_speed_walk.py`
and `benchmarks/equivalence.py` check. The walk holds the root node, whose parser owns the tree: the tree must not
change while it is walked (boilerfree parses every page itself).
"""

import ctypes
import dataclasses
import types

from cpython.list cimport PyList_New, PyList_SET_ITEM
from cpython.mem cimport PyMem_Calloc, PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.object cimport PyObject, PyTypeObject
from cpython.ref cimport Py_DECREF, Py_INCREF
from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISSPACE, PyUnicode_4BYTE_KIND, PyUnicode_FromKindAndData
from cpython.unicode cimport PyUnicode_1BYTE_DATA, PyUnicode_1BYTE_KIND, PyUnicode_KIND
from cpython.unicode cimport PyUnicode_DecodeASCII, PyUnicode_DecodeUTF8
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_GET_SIZE
from libc.stdint cimport uint8_t, uint32_t, uintptr_t
from libc.math cimport rint
from libc.string cimport memcmp

import selectolax.lexbor as _lexbor


cdef extern from *:
    """
    /* _NODE_STRUCTS: Lexbor's lxb_dom_node_t, lxb_dom_attr_t and lxb_dom_character_data_t (lexbor/dom/interfaces/
       node.h, attr.h, character_data.h, as selectolax 1.0.x bundles them), with the fields before each one read. */
    typedef struct { unsigned char *data; size_t length; } bf_lexbor_str;

    typedef struct bf_node bf_node;
    struct bf_node {
        void *events;
        uintptr_t local_name;
        uintptr_t prefix;
        uintptr_t ns;
        void *owner_document;
        bf_node *next;
        bf_node *prev;
        bf_node *parent;
        bf_node *first_child;
        bf_node *last_child;
        void *user;
        int type;
    };

    typedef struct { bf_node node; bf_lexbor_str data; } bf_character_data;

    typedef struct bf_attr bf_attr;  /* read through Lexbor's functions only */
    typedef const unsigned char *(*bf_name_f)(void *, size_t *);
    typedef bf_attr *(*bf_attr_f)(void *);
    """
    ctypedef struct bf_lexbor_str:
        unsigned char* data
        size_t length

    ctypedef struct bf_node:
        uintptr_t local_name
        uintptr_t prefix
        bf_node* next
        bf_node* parent
        bf_node* first_child
        int type

    ctypedef struct bf_character_data:
        bf_node node
        bf_lexbor_str data

    ctypedef struct bf_attr
    ctypedef const unsigned char* (*bf_name_f)(void*, size_t*) noexcept nogil
    ctypedef bf_attr* (*bf_attr_f)(void*) noexcept nogil


cdef extern from "Python.h":
    ctypedef struct PyMemberDef:
        int type
        Py_ssize_t offset
    ctypedef struct PyMemberDescrObject:
        PyMemberDef* d_member
    ctypedef PyObject* (*allocfunc)(PyTypeObject*, Py_ssize_t)
    ctypedef struct AllocatingType "PyTypeObject":
        allocfunc tp_alloc

cdef extern from "structmember.h":
    enum: T_OBJECT_EX


cdef enum:  # lxb_dom_node_type_t
    NODE_ELEMENT = 1
    NODE_ATTRIBUTE = 2
    NODE_TEXT = 3


def _function_address(str name):
    """The address of a function that selectolax's extension exports (its Lexbor is built into it)."""
    try:
        return ctypes.cast(getattr(ctypes.CDLL(_lexbor.__file__), name), ctypes.c_void_p).value
    except (OSError, AttributeError) as exc:
        raise ImportError(f"selectolax's extension does not export {name}: {exc}") from None


cdef bf_name_f _element_name = <bf_name_f><uintptr_t>_function_address("lxb_dom_element_qualified_name")
cdef bf_attr_f _first_attribute = <bf_attr_f><uintptr_t>_function_address("lxb_dom_element_first_attribute_noi")
cdef bf_attr_f _next_attribute = <bf_attr_f><uintptr_t>_function_address("lxb_dom_element_next_attribute_noi")
cdef bf_name_f _attribute_name = <bf_name_f><uintptr_t>_function_address("lxb_dom_attr_qualified_name")
cdef bf_name_f _attribute_value_of = <bf_name_f><uintptr_t>_function_address("lxb_dom_attr_value_noi")


cdef bf_node* _node_of(node) except NULL:
    """The ``lxb_dom_node_t*`` of a selectolax node (its ``mem_id``)."""
    if not isinstance(node, _lexbor.LexborNode):
        raise TypeError(f"a selectolax LexborNode is needed, not {type(node).__name__}")
    cdef bf_node* c = <bf_node*><uintptr_t>node.mem_id
    if c is NULL:
        raise ValueError("a node without a tree")
    return c


cdef bf_node* _element_of(node) except NULL:
    cdef bf_node* c = _node_of(node)
    if c.type != NODE_ELEMENT:
        raise ValueError(f"the walk starts at an element, not a {node.tag or 'node'}")
    return c


cdef inline str _decode(const unsigned char* data, size_t length):
    """selectolax's decoding of Lexbor's strings (bytes Lexbor passed through undecoded become U+FFFD)."""
    return PyUnicode_DecodeUTF8(<const char*>data, length, "replace")


cdef object _name(const unsigned char* name, size_t length):
    return None if name is NULL else _decode(name, length)


cdef inline object _tag_name(bf_node* node):
    """The selectolax ``tag`` of an element (its qualified name)."""
    cdef size_t length = 0
    cdef const unsigned char* name = _element_name(node, &length)
    return _name(name, length)


cdef inline bint _is_named(bf_node* node, const char* name, size_t size) noexcept:
    """Is ``node`` an element whose tag is ``name`` (``size`` bytes)?"""
    cdef size_t length = 0
    cdef const unsigned char* own
    if node.type != NODE_ELEMENT:
        return False
    own = _element_name(node, &length)
    return own is not NULL and length == size and memcmp(own, name, size) == 0


cdef inline object _attribute_value(bf_attr* attr):
    """selectolax's value of an attribute: None for one without a value."""
    cdef size_t length = 0
    cdef const unsigned char* value = _attribute_value_of(attr, &length)
    return _name(value, length)


cdef object _attribute_named(bf_node* node, const char* name, size_t size):
    """``node.attributes.get(name)``."""
    cdef bf_attr* attr = _first_attribute(node)
    cdef const unsigned char* own
    cdef size_t length
    while attr is not NULL:
        length = 0
        own = _attribute_name(attr, &length)
        if own is not NULL and length == size and memcmp(own, name, size) == 0:
            return _attribute_value(attr)
        attr = _next_attribute(attr)
    return None


cdef object _texts_of(bf_node* node):
    """blocks._texts_of: the data of the text nodes before the element's first other child, joined; None when
    there are none or they are empty."""
    cdef bf_node* child = node.first_child
    cdef bf_character_data* text
    texts = None
    while child is not NULL and child.type == NODE_TEXT:
        text = <bf_character_data*>child
        if text.data.data is not NULL and text.data.length:
            if texts is None:
                texts = _decode(text.data.data, text.data.length)
            else:
                texts += _decode(text.data.data, text.data.length)
        child = child.next
    return texts


cdef inline bf_node* _next_element(bf_node* node) noexcept:
    while node is not NULL and node.type != NODE_ELEMENT:
        node = node.next
    return node


def layout_mismatches(top):
    """Where reading Lexbor's structs here differs from selectolax's Python API, over ``top`` and every node under
    it: node kinds, tag ids, first-child, next and parent pointers, then tag names, attributes and text (lengths
    before the bytes they count). Empty for a layout this module reads correctly; ``top`` is read through its Python
    API (any object with it)."""
    nodes = []
    stack = [top]
    while stack:  # document order, through the Python API
        node = stack.pop()
        nodes.append(node)
        children = []
        child = node.first_child
        while child is not None:
            children.append(child)
            child = child.next
        stack.extend(reversed(children))
    cdef bf_node* c
    mismatches = []
    for i, node in enumerate(nodes):
        c = <bf_node*><uintptr_t>node.mem_id
        if (c.type == NODE_ELEMENT) != bool(node.is_element_node) or (c.type == NODE_TEXT) != bool(node.is_text_node):
            mismatches.append(f"node {i} ({node.tag}): type {c.type}")
        elif c.local_name != node.tag_id or c.prefix != 0:
            mismatches.append(f"node {i} ({node.tag}): local name {c.local_name}")
        for pointer, related in ((<uintptr_t>c.first_child, node.first_child), (<uintptr_t>c.next, node.next),
                                 (<uintptr_t>c.parent, node.parent)):
            if pointer != (0 if related is None else related.mem_id):
                mismatches.append(f"node {i} ({node.tag}): a pointer to another node")
    if mismatches:  # nothing read past the nodes' own fields
        return mismatches
    cdef bf_attr* attr
    cdef bf_character_data* text
    cdef size_t length
    cdef const unsigned char* name
    for i, node in enumerate(nodes):
        c = <bf_node*><uintptr_t>node.mem_id
        if c.type == NODE_ELEMENT:
            if _tag_name(c) != node.tag:
                mismatches.append(f"node {i}: tag {_tag_name(c)!r}")
            pairs = []
            attr = _first_attribute(c)
            while attr is not NULL:
                length = 0
                name = _attribute_name(attr, &length)
                pairs.append((_name(name, length), _attribute_value(attr)))
                if (<bf_node*>attr).type != NODE_ATTRIBUTE or (<bf_node*>attr).prefix != 0:
                    mismatches.append(f"node {i}: the node of an attribute")
                attr = _next_attribute(attr)
            if pairs != list(node.attributes.items()):
                mismatches.append(f"node {i}: attributes {pairs!r}")
        elif c.type == NODE_TEXT:
            text = <bf_character_data*>c
            expected = node.text_content
            if text.data.length != (0 if expected is None else len(expected.encode("utf-8"))):
                mismatches.append(f"node {i}: text of {text.data.length} bytes")
            elif (None if text.data.data is NULL else _decode(text.data.data, text.data.length)) != expected:
                mismatches.append(f"node {i}: text")
    return mismatches


# what the check reads: elements standard and not (their names from the hash of the page), attributes with and
# without a value, standard and not, text with entities and wide characters, a comment, a doctype, SVG's names
_CHECK_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><title>A t\u00eftle</title><meta property="og:title" content="x"></head>'
    '<body class="b"><div id="main" class="Story body" data-some-long-attribute-name="\u00e9&amp;" hidden>one '
    "<!-- a comment --><p>two &lt;\U0001f600</p>three</div><my-element Data-Y=v empty=\"\" bare>four</my-element>"
    '<svg viewBox="0 0 1 1"><foreignObject>f</foreignObject></svg><script type="application/ld+json">{}</script>'
    "</body></html>"
)
_CHECK_TREE = _lexbor.LexborHTMLParser(_CHECK_PAGE)
_CHECK = layout_mismatches(_CHECK_TREE.root)
if _CHECK:  # another selectolax or Lexbor than this module knows: the Python walk (boilerfree.speedups)
    raise ImportError(f"boilerfree._walk does not read this selectolax's Lexbor structs ({_CHECK[0]}); "
                      "reinstall boilerfree, or set BOILERFREE_PURE=1")
# Lexbor's local name of <script> (an index into its table of the tags HTML defines): script_texts compares it
cdef uintptr_t _SCRIPT_ID = _CHECK_TREE.css_first("script").tag_id


cdef inline bint _is_script(bf_node* node) noexcept:
    return (node.local_name == _SCRIPT_ID and node.prefix == 0 and node.type == NODE_ELEMENT) or (
        node.prefix != 0 and _is_named(node, "script", 6)
    )


cdef int _add_script_text(bf_node* node, str script_type, list texts) except -1:
    """The text of the script ``node`` into ``texts`` when its type, lower-cased, is ``script_type`` and it is not
    empty."""
    kind = _attribute_named(node, "type", 4)
    if (kind or "").lower() == script_type:
        text = _texts_of(node)
        if text:
            texts.append(text)
    return 0


cdef int _collect_scripts(bf_node* top, str script_type, list texts) except -1:
    """`script_texts` of the subtree of ``top`` (itself included), added to ``texts`` in document order."""
    cdef bf_node* node = top
    cdef bf_node* child
    while True:
        if _is_script(node):
            _add_script_text(node, script_type, texts)
        child = _next_element(node.first_child)  # document order: the first element child, else the next one up
        if child is not NULL:
            node = child
            continue
        while True:
            if node == top:
                return 0
            child = _next_element(node.next)
            if child is not NULL:
                node = child
                break
            node = node.parent


# what the walk needs to know of a tag, as bits (`kind_of_tag`); the Python tables stay in boilerfree.blocks
cdef enum:
    KIND_SKIP = 1
    KIND_BLOCK = 2
    KIND_BR = 4
    KIND_A = 8


def kind_of_tag(tag, block_tags, skip_tags):
    """The KIND_* bits of a lower-cased tag name (for the table `walk` is given)."""
    return (
        (KIND_SKIP if tag in skip_tags else 0)
        | (KIND_BLOCK if tag in block_tags else 0)
        | (KIND_BR if tag == "br" else 0)
        | (KIND_A if tag == "a" else 0)
    )


# the attributes the walk reads, by name (`_attribute_code`)
cdef enum:
    ATTR_OTHER = 0
    ATTR_CLASS = 1
    ATTR_ID = 2
    ATTR_ROLE = 3
    ATTR_ITEMPROP = 4
    ATTR_HIDDEN = 5
    ATTR_ARIA_HIDDEN = 6
    ATTR_STYLE = 7


cdef inline bint _equals(const unsigned char* name, size_t length, const char* known, size_t size) noexcept:
    return length == size and memcmp(name, known, size) == 0


cdef int _attribute_code(const unsigned char* name, size_t length) noexcept:
    if name is NULL:
        return ATTR_OTHER
    if _equals(name, length, "class", 5):
        return ATTR_CLASS
    if _equals(name, length, "id", 2):
        return ATTR_ID
    if _equals(name, length, "role", 4):
        return ATTR_ROLE
    if _equals(name, length, "itemprop", 8):
        return ATTR_ITEMPROP
    if _equals(name, length, "hidden", 6):
        return ATTR_HIDDEN
    if _equals(name, length, "aria-hidden", 11):
        return ATTR_ARIA_HIDDEN
    if _equals(name, length, "style", 5):
        return ATTR_STYLE
    return ATTR_OTHER


cdef uint8_t _ASCII_SPACE[128]  # Py_UNICODE_ISSPACE (str.isspace, str.split) for the ASCII characters
for _code in range(128):
    _ASCII_SPACE[_code] = Py_UNICODE_ISSPACE(_code)
_SPACE = " "


cdef inline bint _ascii_spaces(const unsigned char* text, size_t length) noexcept nogil:
    """Is the text (UTF-8) ASCII whitespace only?"""
    cdef size_t i
    for i in range(length):
        if text[i] >= 128 or not _ASCII_SPACE[text[i]]:
            return False
    return True


cdef struct TagEntry:
    uintptr_t id  # Lexbor's local name: an index for the tags HTML defines, a hash entry's address for others
    bint used
    PyObject* tag  # the lower-cased tag (owned by _Walk.tags)
    long kind
    long flags


cdef struct AttributeEntry:
    uintptr_t id  # Lexbor's local name of the attribute
    bint used
    int code


cdef enum:
    TAG_SLOTS = 256  # powers of two; a page with more distinct names looks the rest up each time
    ATTRIBUTE_SLOTS = 64


cdef enum:
    LINEAR_TOKENS = 32  # a value with more distinct tokens finds repeats in a set, not by comparing with each


cdef struct _Tokens:
    const unsigned char* lowered  # the value, lower-cased
    Py_ssize_t n  # distinct tokens found, whose spans the first LINEAR_TOKENS of are kept
    Py_ssize_t start[LINEAR_TOKENS]
    Py_ssize_t length[LINEAR_TOKENS]


cdef set _add_token(list tokens, set seen, _Tokens* found, Py_ssize_t start, Py_ssize_t length):
    """Append the token at ``start`` of the lowered value unless ``tokens`` holds it (dict.fromkeys keeps the
    first): compared as bytes with the spans of the tokens before, no string made for a repeat; the set of
    ``tokens`` once there are more than LINEAR_TOKENS (None before)."""
    cdef Py_ssize_t i
    cdef const unsigned char* token = found.lowered + start
    if seen is None:
        for i in range(found.n):
            if found.length[i] == length and memcmp(found.lowered + found.start[i], token, length) == 0:
                return None
        tokens.append(PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, token, length))
        if found.n == LINEAR_TOKENS:
            return set(tokens)
        found.start[found.n] = start
        found.length[found.n] = length
        found.n += 1
        return None
    text = PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, token, length)
    if text not in seen:
        seen.add(text)
        tokens.append(text)
    return seen


cdef object _ascii_value_tokens(str value):
    """blocks._attribute_tokens' tokens of one class or id value, when it is ASCII (else None): runs of letters,
    lower-cased, split where a lower-case letter meets an upper-case one (camelCase), each once. Read from the
    string's bytes, with no regular expression and no dict (10k instructions a value before)."""
    if PyUnicode_KIND(value) != PyUnicode_1BYTE_KIND or not value.isascii():
        return None
    cdef const unsigned char* data = <const unsigned char*>PyUnicode_1BYTE_DATA(value)
    cdef Py_ssize_t i, start = -1, n = len(value)
    cdef unsigned char c, previous = 0
    cdef unsigned char small[128]
    cdef unsigned char* lowered = small
    cdef list tokens = []
    cdef set seen = None
    cdef _Tokens found
    if n > 128:
        lowered = <unsigned char*>PyMem_Malloc(n)
        if lowered is NULL:
            raise MemoryError()
    found.lowered = lowered
    found.n = 0
    try:
        for i in range(n):
            c = data[i]
            if 65 <= c <= 90:
                lowered[i] = c + 32
                if start >= 0 and 97 <= previous <= 122:  # a camelCase boundary
                    seen = _add_token(tokens, seen, &found, start, i - start)
                    start = i
                elif start < 0:
                    start = i
            elif 97 <= c <= 122:
                lowered[i] = c
                if start < 0:
                    start = i
            elif start >= 0:
                seen = _add_token(tokens, seen, &found, start, i - start)
                start = -1
            previous = c
        if start >= 0:
            seen = _add_token(tokens, seen, &found, start, n - start)
    finally:
        if lowered is not small:
            PyMem_Free(lowered)
    return tuple(tokens)


cdef tuple _joined_tokens(tuple first, tuple second):
    """dict.fromkeys(first + second) of two tuples of distinct tokens, as a tuple."""
    if not first:
        return second
    cdef list joined = None
    for token in second:
        if token not in first and (joined is None or token not in joined):
            if joined is None:
                joined = list(first)
            joined.append(token)
    return first if joined is None else tuple(joined)


cdef str _collapse(list parts):
    """``" ".join("".join(parts).split())``: runs of whitespace (str.isspace) become one space, none at the ends.
    Parts all of one byte a character (most blocks) are read and written as bytes (`_collapse_narrow`)."""
    cdef Py_ssize_t total = 0, i, n, m = 0
    cdef Py_UCS4 c
    cdef Py_UCS4* out
    cdef bint space = False, narrow = True
    cdef str part
    for part in parts:
        total += len(part)
        if PyUnicode_KIND(part) != PyUnicode_1BYTE_KIND:
            narrow = False
    if narrow:
        return _collapse_narrow(parts, total)
    out = <Py_UCS4*>PyMem_Malloc((total + 1) * sizeof(Py_UCS4))
    if out is NULL:
        raise MemoryError()
    try:
        for part in parts:
            n = len(part)
            for i in range(n):
                c = part[i]
                if Py_UNICODE_ISSPACE(c):
                    space = m > 0
                else:
                    if space:
                        out[m] = 32
                        m += 1
                        space = False
                    out[m] = c
                    m += 1
        return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, out, m)
    finally:
        PyMem_Free(out)


cdef uint8_t _LATIN1_SPACE[256]  # Py_UNICODE_ISSPACE for the characters of one byte
for _code in range(256):
    _LATIN1_SPACE[_code] = Py_UNICODE_ISSPACE(_code)


cdef str _collapse_narrow(list parts, Py_ssize_t total):
    """`_collapse` of parts that are all of one byte a character (Latin-1), ``total`` of them."""
    cdef Py_ssize_t i, n, m = 0
    cdef uint8_t c
    cdef const uint8_t* data
    cdef bint space = False
    cdef str part
    cdef uint8_t* out = <uint8_t*>PyMem_Malloc(total + 1)
    if out is NULL:
        raise MemoryError()
    try:
        for part in parts:
            n = len(part)
            data = <const uint8_t*>PyUnicode_1BYTE_DATA(part)
            for i in range(n):
                c = data[i]
                if _LATIN1_SPACE[c]:
                    space = m > 0
                else:
                    if space:
                        out[m] = 32
                        m += 1
                        space = False
                    out[m] = c
                    m += 1
        return PyUnicode_FromKindAndData(PyUnicode_1BYTE_KIND, out, m)
    finally:
        PyMem_Free(out)


# blocks.Segment's fields, in order: a walk fills the slots of each segment itself (`_new_segment`)
_SEGMENT_FIELDS = ("text", "index", "owner", "tag", "words", "link_chars", "heading", "flags", "blank_before")
cdef enum:
    SEGMENT_FIELDS = 9
cdef object _slotted_class = None  # the segment class whose slots `_segment_slots` holds the offsets of
cdef Py_ssize_t _segment_slots[SEGMENT_FIELDS]


cdef bint _read_slots(segment_class) except -1:
    """Can the walk make ``segment_class``'s objects by filling their slots (`_new_segment`)? Yes for a dataclass
    with slots, of `_SEGMENT_FIELDS` exactly, made by object.__new__ and with no __post_init__ (blocks.Segment):
    its __init__ does nothing else than store the arguments. The offsets are read once, from the member
    descriptors of the slots; any other class is called as usual."""
    global _slotted_class
    cdef PyMemberDef* member
    if segment_class is _slotted_class:
        return True
    if not (
        isinstance(segment_class, type)
        and dataclasses.is_dataclass(segment_class)
        and tuple(f.name for f in dataclasses.fields(segment_class)) == _SEGMENT_FIELDS
        and segment_class.__new__ is object.__new__
        and not hasattr(segment_class, "__post_init__")
    ):
        return False
    for i, name in enumerate(_SEGMENT_FIELDS):
        descriptor = segment_class.__dict__.get(name)
        if type(descriptor) is not types.MemberDescriptorType or descriptor.__objclass__ is not segment_class:
            return False
        member = (<PyMemberDescrObject*>descriptor).d_member
        if member.type != T_OBJECT_EX or member.offset < <Py_ssize_t>sizeof(PyObject):
            return False
        _segment_slots[i] = member.offset
    _slotted_class = segment_class
    return True


cdef inline void _fill(PyObject* raw, int field, object value) noexcept:
    Py_INCREF(value)
    (<PyObject**>(<char*>raw + _segment_slots[field]))[0] = <PyObject*>value


cdef object _new_segment(segment_class, text, index, owner, tag, words, link_chars, heading, flags):
    """``segment_class(text, index, ...)`` of a class `_read_slots` read: allocated as object.__new__ does, its
    slots filled as the dataclass's __init__ does (a call with its arguments was a fifth of the walk's time)."""
    cdef PyObject* raw = (<AllocatingType*><PyObject*>segment_class).tp_alloc(<PyTypeObject*>segment_class, 0)
    if raw is NULL:
        raise MemoryError()
    _fill(raw, 0, text)
    _fill(raw, 1, index)
    _fill(raw, 2, owner)
    _fill(raw, 3, tag)
    _fill(raw, 4, words)
    _fill(raw, 5, link_chars)
    _fill(raw, 6, heading)
    _fill(raw, 7, flags)
    _fill(raw, 8, False)
    segment = <object>raw
    Py_DECREF(segment)  # the allocation's reference: ``segment`` holds its own
    return segment


cdef inline void _set_item(list items, Py_ssize_t index, object value) noexcept:
    """Fill a slot of a new list (PyList_New's slots are empty: nothing is released)."""
    Py_INCREF(value)
    PyList_SET_ITEM(items, index, value)


cdef struct ElementRecord:
    long flags  # FLAG_* bits, as element_flags
    long parent
    long words  # of its own blocks, then (`_subtree_counts`) of its subtree
    long link_words
    long blocks


cdef Py_ssize_t _stripped_length(str text):
    """``len(text.strip())``: 0 for whitespace alone (``text.isspace()`` of a text that is not empty)."""
    cdef Py_ssize_t start = 0, end = len(text)
    while start < end and Py_UNICODE_ISSPACE(text[start]):
        start += 1
    while end > start and Py_UNICODE_ISSPACE(text[end - 1]):
        end -= 1
    return end - start


cdef class _Walk:
    """The walk's state: the growing tables, the open path and the text gathered since the last block boundary."""

    cdef list segments, parts, element_tag, element_flags, element_parent, element_tokens
    cdef dict attributes, by_class, value_tokens  # (class, id, role, itemprop), class alone, one value -> tokens
    cdef dict tag_kinds
    cdef dict tag_flags, heading_level, role_flags
    cdef tuple article_itemprops
    cdef object attribute_tokens, hidden_by_style, segment_class, too_many_blocks, too_many_elements
    cdef object paywall_classes, paywall_ids
    cdef bint schema_paywall
    cdef list scripts  # the texts of the scripts of `script_type` met, skipped subtrees included (None: not read)
    cdef str script_type
    cdef bint slotted  # segments made by filling their slots (`_new_segment`)
    cdef object last_class, last_known, unnamed  # the class last read and its tokens; those of no attribute
    cdef const unsigned char* last_class_data  # its bytes in Lexbor's tree (unchanged while it is walked)
    cdef size_t last_class_length
    cdef long max_blocks, max_depth, max_elements
    cdef long flag_link, flag_hidden, flag_schema_paywall, flag_article
    cdef long link_chars, link_depth
    cdef long* open_elements  # element indices of the open path; -1 skipped, -2 too deep
    cdef long* owners  # open block-level elements
    cdef ElementRecord* records  # of every element: its flags (as element_flags), parent and counts
    cdef Py_ssize_t n_open, n_owners, open_size, owners_size, records_size
    cdef list tags  # owns the tag strings of the cache
    cdef TagEntry cache[TAG_SLOTS]
    cdef AttributeEntry attribute_cache[ATTRIBUTE_SLOTS]

    def __dealloc__(self):
        PyMem_Free(self.open_elements)
        PyMem_Free(self.owners)
        PyMem_Free(self.records)

    cdef long* _grow(self, long* array, Py_ssize_t* size) except NULL:
        cdef Py_ssize_t new_size = size[0] * 2 if size[0] else 64
        cdef long* grown = <long*>PyMem_Realloc(array, new_size * sizeof(long))
        if grown is NULL:
            raise MemoryError()
        size[0] = new_size
        return grown

    cdef int _grow_records(self) except -1:
        cdef Py_ssize_t new_size = self.records_size * 2 if self.records_size else 64
        cdef ElementRecord* grown = <ElementRecord*>PyMem_Realloc(self.records, new_size * sizeof(ElementRecord))
        if grown is NULL:
            raise MemoryError()
        self.records = grown
        self.records_size = new_size
        return 0

    cdef TagEntry* _tag(self, bf_node* node, TagEntry* scratch) except NULL:
        """The tag of an element and what the walk knows of it, from the cache (or into ``scratch`` when full, or
        for an element with a namespace prefix, whose name its local name alone does not give)."""
        cdef uintptr_t id = node.local_name
        cdef size_t slot = (id ^ (id >> 4) ^ (id >> 12)) & (TAG_SLOTS - 1)
        cdef int probe
        cdef TagEntry* entry = scratch
        if node.prefix == 0:
            for probe in range(8):
                entry = &self.cache[(slot + probe) & (TAG_SLOTS - 1)]
                if not entry.used:
                    break
                if entry.id == id:
                    return entry
            else:
                entry = scratch
        tag = _tag_name(node)
        tag = "" if tag is None else tag.lower()
        self.tags.append(tag)
        entry.id = id
        entry.used = True
        entry.tag = <PyObject*>tag
        entry.kind = self.tag_kinds.get(tag, 0)
        entry.flags = self.tag_flags.get(tag, 0)
        return entry

    cdef int _attribute_code(self, bf_attr* attr) noexcept:
        """Which of the attributes the walk reads ``attr`` is (ATTR_*), cached by its local name: in HTML content
        an attribute's qualified name is its local name (one with a namespace prefix is looked up each time)."""
        cdef bf_node* node = <bf_node*>attr
        cdef uintptr_t id = node.local_name
        cdef size_t slot = (id ^ (id >> 4) ^ (id >> 12)) & (ATTRIBUTE_SLOTS - 1)
        cdef int probe
        cdef size_t length = 0
        cdef AttributeEntry* entry = NULL
        if node.prefix == 0:
            for probe in range(4):
                entry = &self.attribute_cache[(slot + probe) & (ATTRIBUTE_SLOTS - 1)]
                if not entry.used:
                    break
                if entry.id == id:
                    return entry.code
            else:
                entry = NULL
        cdef const unsigned char* name = _attribute_name(attr, &length)  # (before ``length`` is read: C leaves the
        cdef int code = _attribute_code(name, length)  # order of a call's arguments open)
        if entry is not NULL:
            entry.id = id
            entry.used = True
            entry.code = code
        return code

    cdef inline int _push_open(self, long index) except -1:
        if self.n_open == self.open_size:
            self.open_elements = self._grow(self.open_elements, &self.open_size)
        self.open_elements[self.n_open] = index
        self.n_open += 1
        return 0

    cdef object _class_value(self, bf_attr* attr):
        """The value of a class attribute: the string of the last one read when it has the same bytes (the walk
        then finds its tokens at hand: `last_known`), else decoded."""
        cdef size_t length = 0
        cdef const unsigned char* value = _attribute_value_of(attr, &length)
        if value is NULL:
            return None
        if (
            self.last_class is not None
            and length == self.last_class_length
            and memcmp(value, self.last_class_data, length) == 0
        ):
            return self.last_class
        self.last_class = _decode(value, length)
        self.last_class_data = value
        self.last_class_length = length
        self.last_known = None
        return self.last_class

    cdef int _flush(self) except -1:
        """The text gathered since the last block boundary becomes a block (called when ``parts`` holds some)."""
        cdef long owner, link, n, n_words
        cdef ElementRecord* record
        text = _collapse(self.parts)
        self.parts = []
        if text:
            if len(self.segments) >= self.max_blocks:
                raise self.too_many_blocks(self.max_blocks)
            if not self.n_owners:  # never (text joins only an open block), but never read outside the array
                raise IndexError("no open block for the text")
            owner = self.owners[self.n_owners - 1]
            tag = self.element_tag[owner]
            n = len(text)
            link = self.link_chars if self.link_chars < n else n
            n_words = _words(text)
            record = &self.records[owner]
            record.words += n_words
            record.blocks += 1
            if link:  # the share of the text in links, rounded half to even as round() does
                record.link_words += <long>rint(n_words * min(1.0, <double>link / n))
            index = len(self.segments)
            heading = self.heading_level.get(tag, 0)
            flags = record.flags | (self.flag_link if link >= 0.8 * n else 0)
            if self.slotted:
                segment = _new_segment(self.segment_class, text, index, owner, tag, n_words, link, heading, flags)
            else:
                segment = self.segment_class(text, index, owner, tag, n_words, link, heading, flags)
            self.segments.append(segment)
        self.link_chars = 0
        return 0

    cdef int _subtree_counts(self, elements) except -1:
        """blocks._count_words after the walk: the words, link words and blocks of every element's subtree (an
        element's parent comes before it, so one pass from the end adds every subtree into its parent)."""
        cdef Py_ssize_t index, n = len(self.element_tag)
        cdef long parent
        cdef ElementRecord* records = self.records
        for index in range(n - 1, -1, -1):
            parent = records[index].parent
            if parent >= 0:
                if records[index].words:
                    records[parent].words += records[index].words
                    records[parent].link_words += records[index].link_words
                if records[index].blocks:
                    records[parent].blocks += records[index].blocks
        words, link_words, blocks = PyList_New(n), PyList_New(n), PyList_New(n)
        for index in range(n):
            _set_item(words, index, records[index].words)
            _set_item(link_words, index, records[index].link_words)
            _set_item(blocks, index, records[index].blocks)
        elements.words, elements.link_words, elements.blocks = words, link_words, blocks
        return 0

    cdef tuple _value_tokens(self, str value):
        """The tokens of one class or id value: compiled when it is ASCII, else from the Python function; once per
        distinct value of a page (elements with an id repeat the classes of others)."""
        known = self.value_tokens.get(value)
        if known is None:
            known = _ascii_value_tokens(value)
            if known is None:
                known = self.attribute_tokens(value, None, None, None)[0]
            self.value_tokens[value] = known
        return <tuple>known

    cdef object _attribute_tokens(self, cls, ident, role, itemprop):
        """blocks._attribute_tokens of these attribute values: the tokens of class and id joined (`_value_tokens`),
        then those of role and itemprop, and their region flags."""
        cdef long flags = 0
        tokens = self._value_tokens(cls) if cls else ()
        if ident:
            tokens = _joined_tokens(tokens, self._value_tokens(ident))
        if role:
            lowered = role.lower()
            flags |= self.role_flags.get(lowered, 0)
            tokens = _joined_tokens(tokens, ("role_" + lowered,))
        if itemprop:
            lowered = itemprop.lower()
            if lowered in self.article_itemprops:
                flags |= self.flag_article
            tokens = _joined_tokens(tokens, ("itemprop_" + lowered,))
        return tokens, flags, cls or "", ident or ""

    cdef int _start(self, bf_node* node) except -1:
        """An element's start; True to walk its children."""
        cdef bf_attr* attr
        cdef const unsigned char* name
        cdef size_t length
        cdef long kind, index, parent, flags
        cdef bint hidden = False
        cdef TagEntry scratch
        cdef TagEntry* entry = self._tag(node, &scratch)
        tag = <object>entry.tag
        kind = entry.kind
        if kind & KIND_SKIP:
            if self.scripts is not None:  # (the scripts themselves, and those of <head>, <template>, <svg>...)
                _collect_scripts(node, self.script_type, self.scripts)
            self._push_open(-1)  # a placeholder so the matching end pops something
            return False
        cls = ident = role = itemprop = style = None
        attr = _first_attribute(node)
        while attr is not NULL:  # (an element has each name once: the HTML tokenizer drops repeated ones)
            code = self._attribute_code(attr)
            if code == ATTR_CLASS:
                cls = self._class_value(attr)
            elif code == ATTR_ID:
                ident = _attribute_value(attr)
            elif code == ATTR_ROLE:
                role = _attribute_value(attr)
            elif code == ATTR_ITEMPROP:
                itemprop = _attribute_value(attr)
            elif code == ATTR_HIDDEN:
                hidden = True
            elif code == ATTR_ARIA_HIDDEN:
                if not hidden and _attribute_value(attr) == "true":
                    hidden = True
            elif code == ATTR_STYLE:
                style = _attribute_value(attr)
            attr = _next_attribute(attr)
        if style is not None and not hidden and self.hidden_by_style(style):
            hidden = True
        if hidden and not (kind & KIND_BLOCK):  # hidden inline text would join a shown block
            if self.scripts is not None:
                _collect_scripts(node, self.script_type, self.scripts)
            self._push_open(-1)
            return False
        if self.scripts is not None and _is_script(node):
            _add_script_text(node, self.script_type, self.scripts)
        if self.n_open >= self.max_depth:  # too deep: its text joins the block above, as inline text
            self._push_open(-2)
            if kind & (KIND_BLOCK | KIND_BR):
                self.parts.append(" ")
            return True
        if ident is None and role is None and itemprop is None:
            # most elements: no attribute that names them, or a class alone; their tokens are kept by the class
            # (None too), without a key tuple made and hashed for each of them, and those of the class last read
            # at hand (siblings repeat it)
            if cls is None and self.unnamed is not None:
                known = self.unnamed
            elif cls is not None and cls is self.last_class and self.last_known is not None:
                known = self.last_known
            else:
                known = self.by_class.get(cls)
                if known is None:
                    known = self.by_class[cls] = self._attribute_tokens(cls, None, None, None)
                if cls is None:
                    self.unnamed = known
                else:
                    self.last_known = known
        else:
            key = (cls, ident, role, itemprop)
            known = self.attributes.get(key)
            if known is None:
                known = self.attributes[key] = self._attribute_tokens(cls, ident, role, itemprop)
        tokens, flags_of_attributes, cls_text, ident_text = known
        flags = flags_of_attributes
        parent = self.open_elements[self.n_open - 1] if self.n_open else -1
        flags |= entry.flags
        if hidden:  # a hidden block is kept, flagged: gated article bodies and closed tabs hold main text too
            flags |= self.flag_hidden
        if self.schema_paywall and (
            (cls_text and not self.paywall_classes.isdisjoint(cls_text.split()))
            or (self.paywall_ids and ident_text in self.paywall_ids)
        ):
            flags |= self.flag_schema_paywall
        index = len(self.element_tag)
        if index >= self.max_elements:
            raise self.too_many_elements(self.max_elements)
        if parent >= 0:
            flags |= self.records[parent].flags
        if index == self.records_size:
            self._grow_records()
        self.records[index] = ElementRecord(flags, parent, 0, 0, 0)
        self.element_tag.append(tag)
        self.element_flags.append(flags)
        self.element_parent.append(parent)
        self.element_tokens.append(tokens)
        if self.parts and kind & (KIND_BLOCK | KIND_BR):
            self._flush()
        if kind & KIND_A:
            self.link_depth += 1
        self._push_open(index)
        if kind & KIND_BLOCK or not self.n_owners:
            if self.n_owners == self.owners_size:
                self.owners = self._grow(self.owners, &self.owners_size)
            self.owners[self.n_owners] = index
            self.n_owners += 1
        return True

    cdef int _text(self, bf_node* node) except -1:
        """A text node: its text joins the parts, unless it is whitespace before a block's text (collapsed away).
        ASCII whitespace alone (the indentation between elements: a third of the text nodes) is " ", not decoded:
        the parts are collapsed, and whitespace counts no link characters."""
        cdef bf_character_data* data = <bf_character_data*>node
        cdef const unsigned char* chars = data.data.data
        cdef size_t length = data.data.length
        if chars is NULL or length == 0:
            return 0
        if _ascii_spaces(chars, length):
            if self.parts:
                self.parts.append(_SPACE)
            return 0
        text = _decode(chars, length)
        if self.parts or _stripped_length(text):
            self.parts.append(text)
            if self.link_depth:
                self.link_chars += _stripped_length(text)
        return 0

    cdef int _end(self, bf_node* node) except -1:
        """An element's end."""
        cdef long index
        cdef TagEntry scratch
        self.n_open -= 1
        index = self.open_elements[self.n_open]
        if index >= 0:
            if self.n_owners and self.owners[self.n_owners - 1] == index:
                if self.parts:
                    self._flush()
                self.n_owners -= 1
            if self.element_tag[index] == "a":
                self.link_depth -= 1
        elif index == -2 and self._tag(node, &scratch).kind & KIND_BLOCK:  # (too deep: rare)
            self.parts.append(" ")
        return 0


def walk(
    root,
    elements,
    paywall_classes,
    paywall_ids,
    long max_blocks,
    long max_depth,
    long max_elements,
    dict tag_kinds,
    dict tag_flags,
    dict heading_level,
    attribute_tokens,
    hidden_by_style,
    segment_class,
    too_many_blocks,
    too_many_elements,
    long flag_link,
    long flag_hidden,
    long flag_schema_paywall,
    dict role_flags,
    tuple article_itemprops,
    long flag_article,
    str script_type=None,
    list scripts=None,
):
    """The segments of the tree under ``root`` (a selectolax element), with their words, filling ``elements`` (tag,
    parent, tokens, flags, then the words, link words and blocks of every subtree) as the Python walk and
    blocks._count_words do: the words of a block are counted as its text is made. The tables and helpers are
    `boilerfree.blocks`' own, passed in: this module holds none of its own. Given ``scripts`` (a list), the walk
    adds to it what `script_texts` gives for ``script_type``, in document order, the scripts of the subtrees it
    skips included: the page's structured data read in the same pass, not in one more over the tree."""
    cdef bf_node* top = _element_of(root)
    cdef bf_node* node
    cdef bf_node* child
    cdef _Walk w = _Walk()
    if elements.tag:
        raise ValueError("the walk fills an empty element table")
    w.segments = []
    w.tags = []
    w.parts = []
    w.element_tag = elements.tag
    w.element_flags = elements.flags
    w.element_parent = elements.parent
    w.element_tokens = elements.tokens
    w.attributes = {}
    w.by_class = {}
    w.value_tokens = {}
    w.tag_kinds = tag_kinds
    w.tag_flags = tag_flags
    w.heading_level = heading_level
    w.attribute_tokens = attribute_tokens
    w.hidden_by_style = hidden_by_style
    w.segment_class = segment_class
    w.slotted = _read_slots(segment_class)
    w.too_many_blocks = too_many_blocks
    w.too_many_elements = too_many_elements
    w.paywall_classes = paywall_classes
    w.paywall_ids = paywall_ids
    w.schema_paywall = bool(paywall_classes or paywall_ids)
    w.scripts, w.script_type = scripts, script_type
    if scripts is not None and script_type is None:
        raise ValueError("scripts= needs script_type=")
    w.max_blocks, w.max_depth, w.max_elements = max_blocks, max_depth, max_elements
    w.flag_link, w.flag_hidden, w.flag_schema_paywall = flag_link, flag_hidden, flag_schema_paywall
    w.role_flags, w.article_itemprops, w.flag_article = role_flags, article_itemprops, flag_article
    node = top
    while True:
        child = NULL
        if node.type == NODE_ELEMENT:
            if w._start(node):
                child = node.first_child
        elif node.type == NODE_TEXT:
            w._text(node)
        if child is not NULL:
            node = child
            continue
        while True:  # the end of node and of every ancestor it closes, up to the next sibling
            if node.type == NODE_ELEMENT:
                w._end(node)
            if node == top:
                if w.n_owners and w.parts:
                    w._flush()
                w._subtree_counts(elements)
                return w.segments
            if node.next is not NULL:
                node = node.next
                break
            node = node.parent


cdef inline bint _is_cjk(Py_UCS4 c) noexcept nogil:
    """blocks._CJK: kana, CJK ideographs (and extension A), compatibility ideographs."""
    return (
        (0x3040 <= c <= 0x30FF) or (0x3400 <= c <= 0x4DBF) or (0x4E00 <= c <= 0x9FFF) or (0xF900 <= c <= 0xFAFF)
    )


cdef uint8_t _LATIN1_WORD[256]  # re's \\w for the characters of one byte: str.isalnum or "_", read once
for _code in range(256):
    _LATIN1_WORD[_code] = Py_UNICODE_ISALNUM(_code) or _code == 95

include "_marks.pxi"


cdef long _words(str text):
    """blocks.word_counts of one text: words (blocks.WORD: a \\w character, by re's rule str.isalnum or "_", then
    \\w characters and combining marks) plus pairs of CJK characters."""
    cdef Py_ssize_t i, n = len(text)
    cdef Py_UCS4 c
    cdef long runs = 0, cjk = 0
    cdef bint word, previous = False  # previous: the characters before end in a word
    if PyUnicode_KIND(text) == PyUnicode_1BYTE_KIND:
        return _latin1_words(PyUnicode_1BYTE_DATA(text), n)
    for i in range(n):
        c = text[i]
        word = _LATIN1_WORD[c] if c < 256 else Py_UNICODE_ISALNUM(c)  # a table: Py_UNICODE_ISALNUM is 4 lookups
        if word:
            if not previous:
                runs += 1
            previous = True
        elif previous:  # a mark continues the word (and starts none)
            previous = c >= 0x300 and _is_mark(c)
        if _is_cjk(c):
            cjk += 1
    return runs + cjk // 2


cdef long _latin1_words(const uint8_t* data, Py_ssize_t n) noexcept:
    """`_words` of a text of one byte a character (most blocks): its runs of word characters, read from a table
    (none is a combining mark, U+0300 on, or CJK; the loop above read each character by its kind, 2x the time)."""
    cdef Py_ssize_t i
    cdef long runs = 0
    cdef uint8_t previous = 0, word
    for i in range(n):
        word = _LATIN1_WORD[data[i]]
        runs += word & (previous ^ 1)
        previous = word
    return runs


def count_words(list segments, elements):
    """blocks._count_words, compiled: the words of every block, then the words, link words and blocks of every
    element's subtree. The walk counts them itself as it goes (`_Walk._flush`, `_Walk._subtree_counts`); this
    counts given segments with the same `_words` (tests compare it with the Python count)."""
    cdef Py_ssize_t n = len(elements.tag), index
    cdef long n_words, owner, link_chars, parent
    cdef list parents = elements.parent
    words, link_words, blocks = [0] * n, [0] * n, [0] * n
    cdef long* w = <long*>PyMem_Calloc(3 * n + 1, sizeof(long))
    if w is NULL:
        raise MemoryError()
    cdef long* lw = w + n
    cdef long* b = w + 2 * n
    try:
        for seg in segments:
            text = seg.text
            n_words = _words(text)
            seg.words = n_words
            owner = seg.owner
            w[owner] += n_words
            b[owner] += 1
            link_chars = seg.link_chars
            if link_chars:  # the share of the text in links (link_chars is at most its length)
                lw[owner] += round(n_words * min(1.0, <double>link_chars / len(text)))
        for index in range(n - 1, -1, -1):
            parent = parents[index]
            if parent >= 0:
                if w[index]:
                    w[parent] += w[index]
                    lw[parent] += lw[index]
                if b[index]:
                    b[parent] += b[index]
        words = [w[index] for index in range(n)]
        link_words = [lw[index] for index in range(n)]
        blocks = [b[index] for index in range(n)]
    finally:
        PyMem_Free(w)
    elements.words, elements.link_words, elements.blocks = words, link_words, blocks




def script_texts(root, str script_type):
    """blocks.script_texts, compiled: the text of every ``<script>`` under ``root`` (and itself), in document order,
    whose type attribute, lower-cased, is ``script_type``, and whose text is not empty."""
    cdef list texts = []
    _collect_scripts(_element_of(root), script_type, texts)
    return texts


def head_titles(root, frozenset title_meta):
    """blocks.head_titles, compiled: the text of every ``<title>`` among the children of the root's ``<head>``, then
    of its ``<body>`` (of an ``<html>`` root), and the content of every ``<meta>`` there whose property (else name)
    attribute, lower-cased, is one of ``title_meta``, in document order."""
    cdef bf_node* top = _element_of(root)
    cdef bf_node* part
    cdef bf_node* node
    cdef list titles = []
    if not _is_named(top, "html", 4):
        return titles
    part = top.first_child
    while part is not NULL:
        if _is_named(part, "head", 4) or _is_named(part, "body", 4):
            node = part.first_child
            while node is not NULL:
                if _is_named(node, "title", 5):
                    text = _texts_of(node)
                    if text:
                        titles.append(text)
                elif _is_named(node, "meta", 4):
                    kind = _attribute_named(node, "property", 8) or _attribute_named(node, "name", 4) or ""
                    if (<str>kind).lower() in title_meta:
                        titles.append(_attribute_named(node, "content", 7) or "")
                node = node.next
        part = part.next
    return titles


# --- the parser's input (`document.parse_html`) ----------------------------------------------------------------------

cdef extern from *:
    """
    /* How many bytes of s are `byte`, counted in blocks (vector code) and stopped past `limit`: only whether the
       count exceeds it matters to the caller. */
    static Py_ssize_t bf_count_byte(const unsigned char *s, Py_ssize_t n, unsigned char byte, Py_ssize_t limit) {
        Py_ssize_t count = 0, i = 0;
        while (i < n && count <= limit) {
            Py_ssize_t end = n - i > 4096 ? i + 4096 : n;
            uint32_t block = 0;
            for (Py_ssize_t j = i; j < end; j++) block += s[j] == byte;
            count += block;
            i = end;
        }
        return count;
    }
    """
    Py_ssize_t bf_count_byte(const unsigned char* s, Py_ssize_t n, unsigned char byte, Py_ssize_t limit) nogil


def count_byte(bytes data, unsigned char byte, Py_ssize_t limit):
    """``data.count(bytes([byte]))`` when it is at most ``limit``, else some count above ``limit``: the depth guard
    of `document.parse_html` asks only which, and a count in blocks runs several times faster than ``bytes.count``."""
    return bf_count_byte(<const unsigned char*>PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data), byte, limit)
