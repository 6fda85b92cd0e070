"""Input normalisation: bytes, str, BeautifulSoup or lxml trees become one `Document`.

Charset detection lives here and nowhere else: a byte-order mark first, then a ``<meta charset>`` declaration, then
strict UTF-8, then charset-normalizer as the fallback (as browsers do, WHATWG encoding sniffing, simplified).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml import etree

from .errors import InputError

FORMATS = ("auto", "html", "text")

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


@dataclass(frozen=True)
class Document:
    """One input, decoded: ``root`` is the parsed tree for HTML (None when the page has no elements); ``text`` is the
    decoded source (HTML markup or plain text)."""

    format: str
    text: str
    root: Any = None


def decode_bytes(data: bytes) -> str:
    """Decode a page whose charset is unknown (BOM, then meta charset, then UTF-8, then charset-normalizer)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, "replace")
    if _looks_binary(data):
        raise InputError("input looks binary (an image, a PDF, compressed data?), not HTML or text")
    declared = _declared_charset(data[:4096])
    if declared and declared not in ("utf-8", "utf8"):
        # Many pages declare latin-1 but are UTF-8; valid UTF-8 with non-ASCII bytes is almost never an accident.
        if declared in _SINGLE_BYTE_LATIN and not data.isascii():
            try:
                return data.decode("utf-8")
            except UnicodeDecodeError:
                pass
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, "replace")
    return data.decode("utf-8", "replace")


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
    """NUL bytes in the first KiB (no BOM): UTF-16 without BOM would show them too, but so do images and PDFs."""
    head = data[:1024]
    if not head:
        return False
    if head.startswith((b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x1f\x8b")):
        return True
    return head.count(0) > len(head) // 10


def looks_like_html(text: str) -> bool:
    """True for a page or fragment of markup; False for prose that merely mentions a tag."""
    head = text[:4096]
    if _HTML_START.search(head):
        return True
    tags = _HTML_TAG.findall(head)
    return len(tags) >= 2 and bool(_HTML_CLOSE.search(head))


def _html_parser() -> lxml.html.HTMLParser:
    # huge_tree: libxml2 otherwise drops everything below depth 256, and real pages nest that deep
    return lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False, huge_tree=True
    )


def parse_html(text: str) -> Any:
    """Parse markup with lxml's HTML parser (libxml2); returns the root element, or None for an empty page."""
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text.encode("utf-8", "replace"), parser=_html_parser())
    except etree.ParserError:  # "Document is empty": markup with no elements
        return None


def load_document(document: Any, format: str = "auto") -> Document:
    """Turn any supported input into a `Document` (see `boilerfree.classify` for what is accepted)."""
    if format not in FORMATS:
        raise InputError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    if document is None:
        raise InputError("document is None; pass HTML or text (str or bytes), or a BeautifulSoup object")
    if isinstance(document, etree._Element):
        return Document("html", "", document)
    if _is_soup(document):
        document = str(document)
        format = "html" if format == "auto" else format
    if isinstance(document, (bytes, bytearray, memoryview)):
        document = decode_bytes(bytes(document))
    if not isinstance(document, str):
        raise InputError(
            f"cannot read a {type(document).__name__}; pass str, bytes, a BeautifulSoup object or an lxml element"
        )
    document = document.replace("\x00", "")
    if format == "auto":
        format = "html" if looks_like_html(document) else "text"
    if format == "text":
        return Document("text", document)
    return Document("html", document, parse_html(document))


def _is_soup(obj: Any) -> bool:
    try:
        from bs4 import BeautifulSoup, Tag
    except ImportError:  # pragma: no cover - bs4 is a dependency
        return False
    return isinstance(obj, (BeautifulSoup, Tag))
