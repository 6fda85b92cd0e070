"""Input normalisation: bytes, str, BeautifulSoup or lxml trees become one `Document`, parsed by Lexbor.

Charset detection lives here and nowhere else: a byte-order mark first, then a ``<meta charset>`` declaration, then
strict UTF-8, then charset-normalizer as the fallback (as browsers do, WHATWG encoding sniffing, simplified).
Hostile input is refused or repaired here too: binary data raises `InputError`, an input over `Limits.max_bytes`
raises `LimitError`, and long markup nested deeper than Lexbor parses quickly is flattened below `Limits.max_depth`.
"""

from __future__ import annotations

import codecs
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from .errors import InputError, LimitError
from .limits import Limits, resolve
from .speedups import compiled

# "extracted": plain text that is already an extractor's main content (boilerfree as a post-filter)
FORMATS = ("auto", "html", "text", "extracted")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
# A page: a doctype or an html/head/body tag near the start.
_HTML_START = re.compile(r"<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>]|meta\s|title>)", re.I)
# A fragment: common tags, with at least one closing tag, so prose that mentions "<br>" stays text.
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|li|ul|ol|table|tr|td|th|h[1-6]|section|article|br|img|b|i|em|strong)\b[^<>]*>", re.I
)
_HTML_CLOSE = re.compile(r"</[a-zA-Z][a-zA-Z0-9]*\s*>")
_SINGLE_BYTE_LATIN = {codecs.lookup(n).name for n in ("latin-1", "cp1252", "ascii", "iso-8859-15")}
# Signatures of formats that are not pages: PDF, PNG, GIF, JPEG, zip, gzip, bzip2, xz, zstd, 7z, ELF, WOFF, RIFF.
_MAGIC = (
    b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b", b"BZh9", b"\xfd7zXZ\x00",
    b"\x28\xb5\x2f\xfd", b"7z\xbc\xaf\x27\x1c", b"\x7fELF", b"wOFF", b"wOF2", b"RIFF",
)  # fmt: skip
# C0 control bytes that no text uses (tab, line feed, vertical tab, form feed, carriage return and escape are kept).
_CONTROL_BYTES = bytes(range(0, 9)) + bytes(range(14, 27)) + bytes(range(28, 32))
_SURROGATE = re.compile("[\ud800-\udfff]")
# WHATWG: a <meta> that could be read as ASCII cannot be right about UTF-16/32; such a page is UTF-8.
_WIDE = {codecs.lookup(n).name for n in ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be")}


@dataclass(frozen=True)
class Document:
    """One input, decoded: ``root`` is the parsed tree for HTML (a ``selectolax.lexbor.LexborHTMLParser``; None for
    an empty page); ``text`` is the decoded source (HTML markup or plain text). ``extracted``: the text is an
    extractor's main-content output, which the model scores at its post-filter threshold."""

    format: str
    text: str
    root: Any = None
    extracted: bool = False


def decode_bytes(data: bytes) -> str:
    """Decode a page whose charset is unknown (BOM, then meta charset, then UTF-8, then charset-normalizer)."""
    return _decoded(data)[0]


def _decoded(data: bytes) -> tuple[str, bytes | None]:
    """`decode_bytes`, and ``data`` itself when it is the UTF-8 of the text (valid UTF-8, as most pages are): the
    parser then reads the bytes it was given, not the text encoded anew."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, "replace"), None
    wide = _utf16_without_bom(data[:4096])
    if wide:
        return data.decode(wide, "replace"), None
    if _looks_binary(data):
        raise InputError("input looks binary (an image, a PDF, compressed data?), not HTML or text")
    declared = _declared_charset(data[:4096])
    if declared and declared not in ("utf-8", "utf8") and declared not in _WIDE:
        # Many pages declare latin-1 or another legacy charset but are UTF-8 (re-encoded by a CMS or a proxy): valid
        # UTF-8 with non-ASCII bytes is almost never an accident in a legacy charset.
        if not data.isascii():
            try:
                return data.decode("utf-8"), data
            except UnicodeDecodeError:
                pass
        try:
            return data.decode(declared), None
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8"), data
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(data)
    if mostly is not None:
        return mostly, None
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, "replace"), None
    return data.decode("utf-8", "replace"), None


def _declared_charset(head: bytes) -> str | None:
    match = _META_CHARSET.search(head)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def _looks_binary(data: bytes) -> bool:
    """A known file signature, or control bytes (NUL and the like) in more than 5% of the first 4 KiB: images,
    PDFs and compressed data are full of them, text in any charset has almost none (UTF-16 was tried before)."""
    head = data[:4096]
    if not head:
        return False
    if head.startswith(_MAGIC):
        return True
    return len(head) - len(head.translate(None, _CONTROL_BYTES)) > len(head) // 20


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 without a byte-order mark: markup and Latin text put a NUL in every other byte, always on the same
    side (the high byte); binary data puts them anywhere."""
    pairs = len(head) // 2
    if pairs < 8:
        return None
    even = head[0 : 2 * pairs : 2].count(0)
    odd = head[1 : 2 * pairs : 2].count(0)
    encoding = "utf-16-le" if odd >= 0.3 * pairs and even <= 0.02 * pairs else None
    if odd <= 0.02 * pairs and even >= 0.3 * pairs:
        encoding = "utf-16-be"
    if encoding is None:
        return None
    sample = head[: 2 * pairs].decode(encoding, "replace")
    printable = sum(ch.isprintable() or ch in "\t\n\r\f" for ch in sample)
    return encoding if printable >= 0.9 * len(sample) else None


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few broken sequences (a page cut in the middle of a character, a stray byte): decoded with
    U+FFFD for them, rather than read whole in a legacy charset. Legacy text has no valid multi-byte sequences."""
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    valid = len(text) - len(text.encode("ascii", "ignore")) - broken
    return text if valid >= 2 * broken else None


def looks_like_html(text: str) -> bool:
    """True for a page or fragment of markup; False for prose that merely mentions a tag."""
    head = text[:4096]
    if _HTML_START.search(head):
        return True
    tags = _HTML_TAG.findall(head)
    return len(tags) >= 2 and bool(_HTML_CLOSE.search(head))


def parse_html(text: str, max_depth: int = Limits.max_depth, encoded: bytes | None = None) -> Any:
    """Parse markup with Lexbor (selectolax's HTML5 parser, as browsers parse); returns the parsed tree (a
    ``selectolax.lexbor.LexborHTMLParser``: its ``root`` is the ``<html>`` element), or None for an empty page.
    ``encoded``: ``text`` as UTF-8 when the caller has it already (a long page takes a while to encode).

    Lexbor keeps any depth, but its tree builder scans the stack of open elements at many start tags, so markup
    nested 10,000 deep takes 60 ms to parse and 30,000 deep 1.4 s. Markup with fewer than `PARSER_SAFE_TAGS` tags
    cannot nest deeper than that and is parsed as it is (the walk's own ``max_depth`` then applies); longer markup is
    checked, and flattened below ``max_depth`` when deeper (`flatten_deep`)."""
    declared = len(text)
    text = _XML_DECL.sub("", text, count=1)
    if not text or text.isspace():  # not text.strip(), which copies the page
        return None
    if encoded is None or len(text) != declared:  # (the XML declaration gone: encoded anew)
        encoded = text.encode("utf-8", "replace")
    if _count_tags(encoded) > PARSER_SAFE_TAGS:
        flat = flatten_deep(text, max_depth)
        if len(flat) != len(text) or flat != text:
            encoded = flat.encode("utf-8", "replace")
    encoded = close_noscript_iframes(encoded)
    return LexborHTMLParser(encoded)


_NOSCRIPT_IFRAME = b"<noscript><iframe"


def close_noscript_iframes(encoded: bytes) -> bytes:
    """The markup with every self-closed ``<noscript><iframe .../>`` given its end tag (the Google Tag Manager
    snippet as React and Next.js render it). An HTML5 parser ignores the "/" and, with scripting off as here (the
    walk reads <noscript>: `blocks.SKIP_TAGS`), reads the rest of the page as the iframe's raw text, up to an
    "</iframe>" if any: render.com (WCXB) lost all of its text. A browser, scripting on, never parses the
    <noscript>'s content. One search for the literal (a regular expression took 0.1 ms a page on WCXB's pages
    with an iframe)."""
    at = encoded.find(_NOSCRIPT_IFRAME)
    if at < 0:
        return encoded
    pieces: list[bytes] = []
    start = 0
    while at >= 0:
        end = encoded.find(b">", at + len(_NOSCRIPT_IFRAME))
        if end < 0:
            break
        if encoded[end - 1 : end] == b"/" and not encoded[end + 1 : end + 201].lstrip().lower().startswith(b"</iframe"):
            pieces += [encoded[start : end - 1], b"></iframe>"]
            start = end + 1
        at = encoded.find(_NOSCRIPT_IFRAME, end)
    if not pieces:
        return encoded
    pieces.append(encoded[start:])
    return b"".join(pieces)


# Markup with at most this many "<" parses in at most ~60 ms however it nests (Lexbor's tree builder is quadratic in
# the depth): longer markup is checked for depth before it is parsed (1.1% of the corpora's pages).
PARSER_SAFE_TAGS = 10_000


def _count_tags(encoded: bytes) -> int:
    """The number of "<" in ``encoded``, or some number above `PARSER_SAFE_TAGS` once past it: the compiled count
    (`boilerfree._walk.count_byte`) takes a fifth of the time of ``bytes.count``, which tests byte by byte."""
    count_byte = _compiled_count_byte()
    return encoded.count(b"<") if count_byte is None else count_byte(encoded, 60, PARSER_SAFE_TAGS)


@cache
def _compiled_count_byte() -> Callable[[bytes, int, int], int] | None:
    """`boilerfree._walk.count_byte`, or None (`speedups`); looked up at the first parse, not at import, as
    ``boilerfree._walk`` imports `boilerfree.blocks`, which imports this module."""
    walk = compiled("_walk")
    return None if walk is None else walk.count_byte


_TOKEN = re.compile(r"<(?:(/?)([a-zA-Z][^\s/>]*)[^>]*>|!--)")
_VOID = frozenset(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param source track wbr".split()
)
# Elements whose content is text, not markup: kept whole at any depth, so scripts never become text.
_RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes".split())
_RAW_END: dict[str, re.Pattern[str]] = {name: re.compile(f"</{name}", re.I) for name in _RAW_TEXT}


def flatten_deep(text: str, max_depth: int) -> str:
    """``text`` with the tags of elements nested deeper than ``max_depth`` replaced by a space: their text stays, in
    order, inside the element at ``max_depth``. Depth is counted as written (open tags not yet closed, void and
    self-closed tags aside, an end tag closing up to its open match), which a parser's implied end tags mostly lower."""
    out: list[str] = []
    stack: list[tuple[str, bool]] = []  # open elements: (name, kept)
    open_names: dict[str, int] = {}
    last = pos = 0
    while True:
        m = _TOKEN.search(text, pos)
        if m is None:
            break
        pos = m.end()
        if m.group(2) is None:  # a comment: skip to its end
            end = text.find("-->", pos)
            pos = len(text) if end < 0 else end + 3
            continue
        name = m.group(2).lower()
        if not m.group(1):
            if name in _RAW_TEXT:
                end = _RAW_END[name].search(text, pos)
                pos = len(text) if end is None else end.start()
                continue  # its end tag closes nothing that was pushed; the parser adds at most this one level
            if name in _VOID or m.group(0).endswith("/>"):
                continue
            kept = len(stack) < max_depth
            stack.append((name, kept))
            open_names[name] = open_names.get(name, 0) + 1
            if kept:
                continue
        else:
            if not open_names.get(name):
                continue  # an end tag without a start: parsers ignore it
            while True:
                popped, kept = stack.pop()
                open_names[popped] -= 1
                if popped == name:
                    break
            if kept:
                continue
        out.append(text[last : m.start()])
        out.append(" ")
        last = pos
    out.append(text[last:])
    return "".join(out)


def load_document(document: Any, format: str = "auto", limits: Limits | None = None) -> Document:
    """Turn any supported input into a `Document` (see `boilerfree.classify` for what is accepted); raises
    `InputError` for what cannot be read and `LimitError` for an input over ``limits.max_bytes``."""
    if format not in FORMATS:
        raise InputError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    if document is None:
        raise InputError("document is None; pass HTML or text (str or bytes), or a BeautifulSoup object")
    limits = resolve(limits)
    if _is_lxml_element(document):
        document = _lxml_markup(document)
        format = "html" if format == "auto" else format
    elif _is_soup(document):
        document = str(document)
        format = "html" if format == "auto" else format
    if isinstance(document, (bytes, bytearray, memoryview, str)) and len(document) > limits.max_bytes:
        unit = "characters" if isinstance(document, str) else "bytes"
        raise LimitError(
            f"input is {len(document):,} {unit}, over the limit of {limits.max_bytes:,}; raise it with "
            "limits=Limits(max_bytes=...) or BOILERFREE_MAX_BYTES"
        )
    encoded = None
    if isinstance(document, (bytes, bytearray, memoryview)):
        document, encoded = _decoded(bytes(document))
    if not isinstance(document, str):
        raise InputError(
            f"cannot read a {type(document).__name__}; pass str, bytes, a BeautifulSoup object or an lxml element"
        )
    document, encoded = _without_nul_and_surrogates(document, encoded)
    if format == "auto":
        format = "html" if looks_like_html(document) else "text"
    if format in ("text", "extracted"):
        return Document("text", document, extracted=format == "extracted")
    return Document("html", document, parse_html(document, limits.max_depth, encoded))


def _without_nul_and_surrogates(text: str, encoded: bytes | None = None) -> tuple[str, bytes | None]:
    """``text`` without NUL characters and with U+FFFD for unpaired surrogates, which cannot be encoded or hashed,
    and its UTF-8 bytes when the check made them or the caller had them (``encoded``: the page was read from them;
    the parser reads them: a page is encoded at most once). A strict encode finds surrogates in half the time a
    search takes; NUL is looked for in the bytes (one memchr: in a str of two or four bytes a character, a search for
    it, or ``str.replace``, took as long as the encode)."""
    if encoded is not None:  # valid UTF-8 decodes to no surrogate
        if b"\x00" in encoded:
            return text.replace("\x00", ""), encoded.replace(b"\x00", b"")
        return text, encoded
    if text.isascii():
        return (text.replace("\x00", "") if "\x00" in text else text), None
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", text.replace("\x00", "")), None
    if b"\x00" in encoded:  # the byte 0 is the UTF-8 of NUL only
        return text.replace("\x00", ""), encoded.replace(b"\x00", b"")
    return text, encoded


def _is_lxml_element(obj: Any) -> bool:
    """An lxml element (lxml is not imported for it: a caller holding one has imported it already)."""
    etree = sys.modules.get("lxml.etree")
    return etree is not None and isinstance(obj, etree._Element)


def _lxml_markup(element: Any) -> str:
    """An lxml element, serialised as HTML (its tail left out) for Lexbor to parse: boilerfree reads its own trees
    only, so a caller's lxml tree is read as the markup it stands for (libxml2's serialiser, then Lexbor's parser)."""
    from lxml import etree

    return etree.tostring(element, method="html", encoding="unicode", with_tail=False)


def _is_soup(obj: Any) -> bool:
    try:
        from bs4 import BeautifulSoup, Tag
    except ImportError:  # pragma: no cover - bs4 is a dependency
        return False
    return isinstance(obj, (BeautifulSoup, Tag))
