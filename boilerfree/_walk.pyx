# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The segmentation walk of `boilerfree.blocks.segment_html`, compiled (optional: `blocks.walk_tree` is the same walk
in Python, the specification, and runs when this module is missing or ``BOILERFREE_PURE=1``).

The Python walk spends most of its time in lxml's ``iterwalk``, which makes a Python proxy object for every element,
and in ``items()``/``.text``/``.tail``. This walk reads libxml2's tree itself: lxml's element object holds the
``xmlNode*`` of its node (the ``LxmlElement`` struct of lxml's public header ``lxml.etree.h``), and the walk follows
the nodes' children/next/parent pointers and reads names, attributes and text from the struct fields of
``libxml/tree.h`` (headers that lxml's wheels ship, ``lxml.get_include()``). No libxml2 function is called, so
nothing links against libxml2. It records exactly what the Python walk records (the element table, the segments),
which `tests/test_speed_walk.py` and `benchmarks/equivalence.py` check.

What lxml would do is copied where it matters: ``.text`` and ``.tail`` join a run of adjacent text and CDATA nodes
(XInclude markers skipped), an attribute's value is its lone text child ('' without one, as libxml2's
``xmlGetNsProp`` gives), a comment, processing instruction or entity reference is passed over with its tail (as the
Python walk's ``continue`` does). A tree this walk does not know how to read exactly (a namespaced element or
attribute, an attribute value of several nodes, a root that is no element: the XML parser's trees, never the HTML
parser's) raises `Unsupported`, and the caller runs the Python walk on the page.

The walk holds the root, not each node: the tree must not change while it is walked (boilerfree parses every page
itself; a caller's lxml tree shared with another thread that edits it is not supported, as with iterwalk).
"""

from cpython.mem cimport PyMem_Calloc, PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.object cimport PyObject
from cpython.unicode cimport Py_UNICODE_ISALNUM, Py_UNICODE_ISSPACE, PyUnicode_4BYTE_KIND, PyUnicode_FromKindAndData
from cpython.unicode cimport PyUnicode_1BYTE_DATA, PyUnicode_1BYTE_KIND, PyUnicode_KIND
from cpython.unicode cimport PyUnicode_DecodeASCII, PyUnicode_DecodeUTF8
from libc.stdint cimport uint8_t, uint32_t
from libc.string cimport strcmp, strlen

from lxml import etree


cdef extern from "libxml/tree.h":
    ctypedef unsigned char xmlChar

    ctypedef enum xmlElementType:
        XML_ELEMENT_NODE
        XML_ATTRIBUTE_NODE
        XML_TEXT_NODE
        XML_CDATA_SECTION_NODE
        XML_ENTITY_REF_NODE
        XML_PI_NODE
        XML_COMMENT_NODE
        XML_XINCLUDE_START
        XML_XINCLUDE_END

    ctypedef struct xmlNs:
        pass

    ctypedef struct xmlAttr

    ctypedef struct xmlNode:
        xmlElementType type
        const xmlChar* name
        xmlNode* children
        xmlNode* parent
        xmlNode* next
        xmlNs* ns
        xmlChar* content
        xmlAttr* properties

    ctypedef struct xmlAttr:
        xmlElementType type
        const xmlChar* name
        xmlNode* children
        xmlAttr* next
        xmlNs* ns


cdef extern from "lxml.etree.h":
    struct LxmlElement:
        xmlNode* _c_node


if etree._Element.__basicsize__ != sizeof(LxmlElement):  # an lxml whose element struct this build does not know
    raise ImportError("boilerfree._walk was built against another lxml; reinstall boilerfree (or BOILERFREE_PURE=1)")


class Unsupported(Exception):
    """The tree holds what only lxml's own accessors read exactly: run the Python walk on this page."""


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


cdef inline bint _is_element_like(xmlNode* node) noexcept nogil:
    """What lxml's iterwalk stops at (etree_defs.h ``_isElement``): elements, comments, entity references, PIs."""
    return (
        node.type == XML_ELEMENT_NODE or node.type == XML_COMMENT_NODE
        or node.type == XML_ENTITY_REF_NODE or node.type == XML_PI_NODE
    )


cdef inline xmlNode* _next_element_like(xmlNode* node) noexcept nogil:
    while node is not NULL and not _is_element_like(node):
        node = node.next
    return node


cdef inline xmlNode* _text_node_or_skip(xmlNode* node) noexcept nogil:
    """The node if it is text (or CDATA), skipping XInclude markers; NULL at anything else (lxml's rule)."""
    while node is not NULL:
        if node.type == XML_TEXT_NODE or node.type == XML_CDATA_SECTION_NODE:
            return node
        if node.type == XML_XINCLUDE_START or node.type == XML_XINCLUDE_END:
            node = node.next
        else:
            return NULL
    return NULL


cdef inline object _decode(const xmlChar* text):
    return PyUnicode_DecodeUTF8(<const char*>text, strlen(<const char*>text), NULL)


cdef uint8_t _ASCII_SPACE[128]  # Py_UNICODE_ISSPACE (str.isspace, str.split) for the ASCII characters
for _code in range(128):
    _ASCII_SPACE[_code] = Py_UNICODE_ISSPACE(_code)
_SPACE = " "


cdef inline bint _ascii_spaces(const xmlChar* text) noexcept nogil:
    """Is the text (UTF-8) ASCII whitespace only?"""
    while text[0] != 0:
        if text[0] >= 128 or not _ASCII_SPACE[text[0]]:
            return False
        text += 1
    return True


cdef object _collect_text(xmlNode* node, bint spaces_as_one=False):
    """``.text`` (from a node's first child) or ``.tail`` (from its next sibling): the run of text nodes there, or
    None when it is empty (the walk treats lxml's '' and None alike). ``spaces_as_one``: a text node of ASCII
    whitespace alone (the indentation between elements: two texts of three) is " ", not decoded, for a caller that
    collapses whitespace anyway and counts none of it."""
    cdef xmlNode* first = _text_node_or_skip(node)
    cdef xmlNode* cur
    cdef xmlNode* only = NULL
    cdef int filled = 0
    cur = first
    while cur is not NULL:
        if cur.content is not NULL and cur.content[0] != 0:
            only = cur
            filled += 1
        cur = _text_node_or_skip(cur.next)
    if filled == 0:
        return None
    if filled == 1:
        if spaces_as_one and _ascii_spaces(only.content):
            return _SPACE
        return _decode(only.content)
    joined = b""  # several non-empty text nodes (rare): joined as bytes, decoded once, as lxml does
    cur = first
    while cur is not NULL:
        if cur.content is not NULL:
            joined += <bytes>(<const char*>cur.content)
        cur = _text_node_or_skip(cur.next)
    return joined.decode("utf-8")


cdef object _attribute_value(xmlAttr* attr):
    """The value lxml's ``items()`` gives (libxml2's xmlGetNsProp: a lone text child's content, '' without one)."""
    cdef xmlNode* child = attr.children
    if child is NULL:
        return ""
    if child.next is NULL and (child.type == XML_TEXT_NODE or child.type == XML_CDATA_SECTION_NODE):
        return _decode(child.content) if child.content is not NULL else ""
    raise Unsupported("an attribute value of several nodes")


cdef struct TagEntry:
    const xmlChar* name  # libxml2's name pointer: the parser interns names, so a page has a few dozen of them
    PyObject* tag  # the lower-cased tag (owned by _Walk.tags)
    long kind
    long flags


cdef enum:
    TAG_SLOTS = 256  # a power of two; a page with more distinct name pointers decodes the rest each time


cdef inline object _tag_name(xmlNode* node):
    """``el.tag.lower()`` for an element without a namespace (the HTML parser's names are lower case already)."""
    cdef const xmlChar* c = node.name
    cdef bint plain = True
    while c[0] != 0:
        if c[0] >= 0x80 or (c[0] >= 65 and c[0] <= 90):
            plain = False
            break
        c += 1
    name = _decode(node.name)
    return name if plain else name.lower()


cdef int _add_class_tokens(list tokens, str value) except -1:
    """blocks._attribute_tokens' tokens of one ASCII class or id: runs of letters, lower-cased, split where a
    lower-case letter meets an upper-case one (camelCase)."""
    cdef bytes lowered = value.lower().encode("ascii")
    cdef const unsigned char* low = lowered
    cdef Py_ssize_t i, start = -1, n = len(lowered)
    cdef Py_UCS4 c, previous = 0
    for i in range(n):
        c = value[i]
        if 97 <= low[i] <= 122:
            if start >= 0 and 97 <= previous <= 122 and 65 <= c <= 90:  # a camelCase boundary
                tokens.append(PyUnicode_DecodeASCII(<const char*>low + start, i - start, NULL))
                start = i
            elif start < 0:
                start = i
        elif start >= 0:
            tokens.append(PyUnicode_DecodeASCII(<const char*>low + start, i - start, NULL))
            start = -1
        previous = c
    if start >= 0:
        tokens.append(PyUnicode_DecodeASCII(<const char*>low + start, n - start, NULL))
    return 0


cdef object _ascii_attribute_tokens(cls, ident):
    """blocks._attribute_tokens for an element with ASCII class and id and without role or itemprop (most of
    them); None for any other, which the Python function reads."""
    cdef list tokens = []
    for value in (cls, ident):
        if value:
            if not (<str>value).isascii():
                return None
            _add_class_tokens(tokens, value)
    return tuple(dict.fromkeys(tokens)), 0, cls or "", ident or ""


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


cdef class _Walk:
    """The walk's state: the growing tables, the open path and the text gathered since the last block boundary."""

    cdef list segments, parts, element_tag, element_flags, element_parent, element_tokens
    cdef dict attributes, by_class, tag_kinds  # (class, id, role, itemprop) -> tokens; class alone -> tokens
    cdef dict tag_flags, heading_level
    cdef object attribute_tokens, hidden_by_style, segment_class, too_many_blocks, too_many_elements
    cdef object paywall_classes, paywall_ids
    cdef bint schema_paywall
    cdef long max_blocks, max_depth, max_elements
    cdef long flag_link, flag_hidden, flag_schema_paywall
    cdef long link_chars, link_depth
    cdef long* open_elements  # element indices of the open path; -1 skipped, -2 too deep
    cdef long* owners  # open block-level elements
    cdef long* flags  # FLAG_* bits of every element, as element_flags
    cdef Py_ssize_t n_open, n_owners, open_size, owners_size, flags_size
    cdef list tags  # owns the tag strings of the cache
    cdef TagEntry cache[TAG_SLOTS]

    def __dealloc__(self):
        PyMem_Free(self.open_elements)
        PyMem_Free(self.owners)
        PyMem_Free(self.flags)

    cdef long* _grow(self, long* array, Py_ssize_t* size) except NULL:
        cdef Py_ssize_t new_size = size[0] * 2 if size[0] else 64
        cdef long* grown = <long*>PyMem_Realloc(array, new_size * sizeof(long))
        if grown is NULL:
            raise MemoryError()
        size[0] = new_size
        return grown

    cdef TagEntry* _tag(self, xmlNode* node, TagEntry* scratch) except NULL:
        """The tag of an element and what the walk knows of it, from the cache (or into ``scratch`` when full)."""
        cdef size_t slot = (<size_t>node.name >> 4) & (TAG_SLOTS - 1)
        cdef int probe
        cdef TagEntry* entry
        for probe in range(8):
            entry = &self.cache[(slot + probe) & (TAG_SLOTS - 1)]
            if entry.name == node.name:
                return entry
            if entry.name is NULL:
                break
        else:
            entry = scratch
        tag = _tag_name(node)
        self.tags.append(tag)
        entry.name = node.name
        entry.tag = <PyObject*>tag
        entry.kind = self.tag_kinds.get(tag, 0)
        entry.flags = self.tag_flags.get(tag, 0)
        return entry

    cdef inline int _push_open(self, long index) except -1:
        if self.n_open == self.open_size:
            self.open_elements = self._grow(self.open_elements, &self.open_size)
        self.open_elements[self.n_open] = index
        self.n_open += 1
        return 0

    cdef inline int _add_text(self, text) except -1:
        self.parts.append(text)
        if self.link_depth:
            self.link_chars += len(text.strip())
        return 0

    cdef int _flush(self) except -1:
        """The text gathered since the last block boundary becomes a block (called when ``parts`` holds some)."""
        cdef long owner, link, n
        text = _collapse(self.parts)
        del self.parts[:]
        if text:
            if len(self.segments) >= self.max_blocks:
                raise self.too_many_blocks(self.max_blocks)
            if not self.n_owners:  # never (text joins only an open block), but never read outside the array
                raise IndexError("no open block for the text")
            owner = self.owners[self.n_owners - 1]
            tag = self.element_tag[owner]
            n = len(text)
            link = self.link_chars if self.link_chars < n else n
            self.segments.append(
                self.segment_class(
                    text,
                    len(self.segments),
                    owner,
                    tag,
                    0,
                    link,
                    self.heading_level.get(tag, 0),
                    self.flags[owner] | (self.flag_link if link >= 0.8 * n else 0),
                )
            )
        self.link_chars = 0
        return 0

    cdef object _attribute_tokens(self, cls, ident, role, itemprop):
        """blocks._attribute_tokens of these attribute values: compiled for ASCII class and id without role or
        itemprop, else by the Python function."""
        known = None
        if role is None and itemprop is None:
            known = _ascii_attribute_tokens(cls, ident)
        if known is None:
            known = self.attribute_tokens(cls, ident, role, itemprop)
        return known

    cdef int _start(self, xmlNode* node) except -1:
        """The walk's "start" event of an element; True to descend into it."""
        cdef xmlAttr* attr
        cdef const char* name
        cdef long kind, index, parent, flags
        cdef bint hidden = False
        cdef TagEntry scratch
        cdef TagEntry* entry
        if node.ns is not NULL:
            raise Unsupported("a namespaced element")
        entry = self._tag(node, &scratch)
        tag = <object>entry.tag
        kind = entry.kind
        if kind & KIND_SKIP:
            self._push_open(-1)  # a placeholder so the matching "end" pops something
            return False
        cls = ident = role = itemprop = style = None
        attr = node.properties
        while attr is not NULL:
            if attr.type == XML_ATTRIBUTE_NODE:
                if attr.ns is not NULL:
                    raise Unsupported("a namespaced attribute")
                name = <const char*>attr.name
                # the first attribute of a name, as items() gives every one of them the value of the first
                if strcmp(name, "class") == 0:
                    if cls is None:
                        cls = _attribute_value(attr)
                elif strcmp(name, "id") == 0:
                    if ident is None:
                        ident = _attribute_value(attr)
                elif strcmp(name, "role") == 0:
                    if role is None:
                        role = _attribute_value(attr)
                elif strcmp(name, "itemprop") == 0:
                    if itemprop is None:
                        itemprop = _attribute_value(attr)
                elif strcmp(name, "hidden") == 0:
                    hidden = True
                elif strcmp(name, "aria-hidden") == 0:
                    if not hidden and _attribute_value(attr) == "true":
                        hidden = True
                elif strcmp(name, "style") == 0:
                    if style is None:
                        style = _attribute_value(attr)
            attr = attr.next
        if style is not None and not hidden and self.hidden_by_style(style):
            hidden = True
        if hidden and not (kind & KIND_BLOCK):  # hidden inline text would join a shown block
            self._push_open(-1)
            return False
        if self.n_open >= self.max_depth:  # too deep: its text joins the block above, as inline text
            self._push_open(-2)
            if kind & (KIND_BLOCK | KIND_BR):
                self.parts.append(" ")
            text = _collect_text(node.children, True)
            if text is not None:
                self._add_text(text)
            return True
        if ident is None and role is None and itemprop is None:
            # most elements: no attribute that names them, or a class alone; their tokens are kept by the class
            # (None too), without a key tuple made and hashed for each of them
            known = self.by_class.get(cls)
            if known is None:
                known = self.by_class[cls] = self._attribute_tokens(cls, None, None, None)
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
            flags |= self.flags[parent]
        if index == self.flags_size:
            self.flags = self._grow(self.flags, &self.flags_size)
        self.flags[index] = flags
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
        text = _collect_text(node.children, True)
        if text is not None and (self.parts or not text.isspace()):  # whitespace before a block's text is dropped
            self._add_text(text)
        return True

    cdef int _end(self, xmlNode* node) except -1:
        """The walk's "end" event of an element."""
        cdef long index
        self.n_open -= 1
        index = self.open_elements[self.n_open]
        if index >= 0:
            if self.n_owners and self.owners[self.n_owners - 1] == index:
                if self.parts:
                    self._flush()
                self.n_owners -= 1
            if self.element_tag[index] == "a":
                self.link_depth -= 1
        elif index == -2 and self.tag_kinds.get(_tag_name(node), 0) & KIND_BLOCK:  # (too deep: rare)
            self.parts.append(" ")
        tail = _collect_text(node.next, True)
        if tail is not None and self.n_owners and (self.parts or not tail.isspace()):
            self._add_text(tail)
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
):
    """The segments of ``root``'s tree, filling ``elements`` (tag, parent, tokens, flags) as the Python walk does.
    The tables and helpers are `boilerfree.blocks`' own, passed in: this module holds none of its own."""
    if not isinstance(root, etree._Element):
        raise TypeError(f"an lxml element is needed, not {type(root).__name__}")
    cdef xmlNode* top = (<LxmlElement*>root)._c_node
    cdef xmlNode* node
    cdef xmlNode* child
    cdef xmlNode* sibling
    cdef _Walk w = _Walk()
    w.segments = []
    w.tags = []
    w.parts = []
    w.element_tag = elements.tag
    w.element_flags = elements.flags
    w.element_parent = elements.parent
    w.element_tokens = elements.tokens
    w.attributes = {}
    w.by_class = {}
    w.tag_kinds = tag_kinds
    w.tag_flags = tag_flags
    w.heading_level = heading_level
    w.attribute_tokens = attribute_tokens
    w.hidden_by_style = hidden_by_style
    w.segment_class = segment_class
    w.too_many_blocks = too_many_blocks
    w.too_many_elements = too_many_elements
    w.paywall_classes = paywall_classes
    w.paywall_ids = paywall_ids
    w.schema_paywall = bool(paywall_classes or paywall_ids)
    w.max_blocks, w.max_depth, w.max_elements = max_blocks, max_depth, max_elements
    w.flag_link, w.flag_hidden, w.flag_schema_paywall = flag_link, flag_hidden, flag_schema_paywall
    if top is NULL or top.type != XML_ELEMENT_NODE:  # a comment, say: iterwalk's error, from the Python walk
        raise Unsupported("the root is no element")
    node = top
    while True:
        # "start" of node; comments, PIs and entity references are passed over, their tails too
        child = NULL
        if node.type == XML_ELEMENT_NODE and w._start(node):
            child = _next_element_like(node.children)
        if child is not NULL:
            node = child
            continue
        # "end" of node and of every ancestor it closes, up to the next sibling
        while True:
            if node.type == XML_ELEMENT_NODE:
                w._end(node)
            if node == top:
                if w.n_owners and w.parts:
                    w._flush()
                return w.segments
            sibling = _next_element_like(node.next)
            if sibling is not NULL:
                node = sibling
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
    element's subtree."""
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
    """blocks.script_texts, compiled: the text of every ``<script>`` of the tree (``root.iter("script")``) whose
    type attribute, lower-cased, is ``script_type``, and whose text is not empty."""
    if not isinstance(root, etree._Element):
        raise TypeError(f"an lxml element is needed, not {type(root).__name__}")
    cdef xmlNode* top = (<LxmlElement*>root)._c_node
    cdef xmlNode* node = top
    cdef xmlNode* child
    cdef xmlAttr* attr
    cdef list texts = []
    if top is NULL or top.type != XML_ELEMENT_NODE:
        raise Unsupported("the root is no element")
    while True:
        if node.ns is NULL and strcmp(<const char*>node.name, "script") == 0:
            kind = None
            attr = node.properties
            while attr is not NULL:
                if attr.type == XML_ATTRIBUTE_NODE and attr.ns is NULL and strcmp(<const char*>attr.name, "type") == 0:
                    kind = _attribute_value(attr)
                    break
                attr = attr.next
            if (kind or "").lower() == script_type:
                text = _collect_text(node.children)
                if text is not None:
                    texts.append(text)
        child = node.children  # document order: the first element child, else the next element up the tree
        while child is not NULL and child.type != XML_ELEMENT_NODE:
            child = child.next
        if child is not NULL:
            node = child
            continue
        while True:
            if node == top:
                return texts
            child = node.next
            while child is not NULL and child.type != XML_ELEMENT_NODE:
                child = child.next
            if child is not NULL:
                node = child
                break
            node = node.parent


def head_titles(root, frozenset title_meta):
    """blocks.head_titles, compiled: the text of every ``<title>`` among the children of the root's ``<head>``
    (``root.find("head")`` of an ``<html>`` root) and the content of every ``<meta>`` there whose property (else
    name) attribute, lower-cased, is one of ``title_meta``, in document order. An element or attribute with a
    namespace is none of them, as lxml's tags and ``get`` read it."""
    if not isinstance(root, etree._Element):
        raise TypeError(f"an lxml element is needed, not {type(root).__name__}")
    cdef xmlNode* top = (<LxmlElement*>root)._c_node
    cdef xmlNode* node
    cdef list titles = []
    if top is NULL or top.type != XML_ELEMENT_NODE:
        raise Unsupported("the root is no element")
    if not _is_named(top, "html"):
        return titles
    node = top.children
    while node is not NULL and not _is_named(node, "head"):
        node = node.next
    if node is NULL:
        return titles
    node = node.children
    while node is not NULL:
        if _is_named(node, "title"):
            text = _collect_text(node.children)
            if text:
                titles.append(text)
        elif _is_named(node, "meta"):
            kind = _attribute_named(node, "property") or _attribute_named(node, "name") or ""
            if (<str>kind).lower() in title_meta:
                titles.append(_attribute_named(node, "content") or "")
        node = node.next
    return titles


cdef inline bint _is_named(xmlNode* node, const char* name) noexcept:
    """Is ``node`` an element of this tag, without a namespace (lxml's ``tag == name``)?"""
    return node.type == XML_ELEMENT_NODE and node.ns is NULL and strcmp(<const char*>node.name, name) == 0


cdef object _attribute_named(xmlNode* node, const char* name):
    """``el.get(name)``: the value of the element's first attribute of this name without a namespace, else None."""
    cdef xmlAttr* attr = node.properties
    while attr is not NULL:
        if attr.type == XML_ATTRIBUTE_NODE and attr.ns is NULL and strcmp(<const char*>attr.name, name) == 0:
            return _attribute_value(attr)
        attr = attr.next
    return None
