import codecs

import lxml.html
import pytest
from bs4 import BeautifulSoup
from selectolax.lexbor import LexborHTMLParser

from boilerfree.blocks import segment
from boilerfree.document import close_noscript_iframes, decode_bytes, load_document, looks_like_html
from boilerfree.errors import InputError


def test_prose_that_mentions_a_tag_is_text():
    assert not looks_like_html("Use the <br> tag to break a line, and <p> for a paragraph.")


def test_page_and_fragment_are_html():
    assert looks_like_html("<!DOCTYPE html><html><body><p>x</p></body></html>")
    assert looks_like_html("<div><p>A fragment</p><p>with two paragraphs</p></div>")


def test_utf16_with_bom_is_decoded():
    data = codecs.BOM_UTF16_LE + "<p>Grüße aus Köln</p>".encode("utf-16-le")
    assert "Grüße aus Köln" in decode_bytes(data)


def test_meta_charset_is_used():
    page = '<html><head><meta charset="windows-1251"></head><body><p>Привет, мир</p></body></html>'
    assert "Привет, мир" in decode_bytes(page.encode("windows-1251"))


def test_utf8_page_that_declares_latin1_is_read_as_utf8():
    page = '<html><head><meta charset="iso-8859-1"></head><body><p>Ça coûte 5 €</p></body></html>'
    assert "Ça coûte 5 €" in decode_bytes(page.encode("utf-8"))


def test_undeclared_legacy_charset_falls_back_to_detection():
    text = "<html><body><p>" + "Der Bürgermeister äußerte sich über die Größe der Straßen. " * 20 + "</p></body></html>"
    assert "Bürgermeister" in decode_bytes(text.encode("cp1252"))


def test_binary_input_is_a_clear_error():
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"%PDF-1.7\n\x00\x01\x02 binary stuff")


def test_soup_input_is_read_as_its_markup():
    soup = BeautifulSoup("<html><body><p class=x>Hello <b>there</b></p></body></html>", "html.parser")
    doc = load_document(soup)
    assert doc.format == "html" and isinstance(doc.root, LexborHTMLParser)
    assert [s.text for s in segment(doc).segments] == ["Hello there"]
    tag = soup.find("p")
    assert [s.text for s in segment(load_document(tag)).segments] == ["Hello there"]


def test_lxml_element_input_is_serialised_and_parsed_by_lexbor():
    """A caller's lxml tree is read as the markup it stands for; its tail is not part of it."""
    root = lxml.html.fromstring("<div><p>Hello <i>there</i></p><p>again &amp; again</p></div>")
    root.tail = "not part of the element"
    doc = load_document(root)
    assert doc.format == "html" and isinstance(doc.root, LexborHTMLParser)
    page = segment(doc)
    assert [s.text for s in page.segments] == ["Hello there", "again & again"]
    assert page.elements.path(page.segments[0].owner) == ["html", "body", "div", "p"]
    assert load_document(root, format="text").format == "text"
    document = lxml.html.document_fromstring("<html><head><title>T</title></head><body><p>x</p></body></html>")
    assert segment(load_document(document)).titles == ("T",)
    assert [
        s.text for s in segment(load_document(lxml.html.fromstring("<p>x</p>").getroottree().getroot())).segments
    ] == ["x"]


def test_xml_declaration_in_str_is_accepted():
    doc = load_document('<?xml version="1.0" encoding="utf-8"?><html><body><p>Hi</p></body></html>')
    assert doc.root is not None


def test_wrong_types_and_formats_raise_input_error():
    with pytest.raises(InputError):
        load_document(None)
    with pytest.raises(InputError):
        load_document(42)
    with pytest.raises(InputError):
        load_document("<p>x</p>", format="pdf")


def test_empty_markup_has_no_root():
    assert load_document("   ", format="html").root is None


def test_self_closed_iframe_in_noscript_does_not_swallow_the_page():
    """The tag-manager snippet as React renders it: an HTML5 parser would read the rest of the page as the iframe's
    text (render.com in WCXB lost all of its text)."""
    gtm = '<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-X" height="0" width="0" /></noscript>'
    page = f"<html><body>{gtm}<main><h1>Deploy</h1><p>Render does the rest.</p></main>{gtm}<p>End</p></body></html>"
    assert [s.text for s in segment(load_document(page)).segments] == ["Deploy", "Render does the rest.", "End"]
    assert [s.text for s in segment(load_document(page.encode())).segments][-1] == "End"


def test_close_noscript_iframes_leaves_other_markup_alone():
    closed = b'<noscript><iframe src="a"></iframe></noscript><p>x</p>'
    both = b"<noscript><iframe src='a'/></iframe></noscript>"
    outside = b'<p><iframe src="a"/></p>'
    for markup in (closed, both, outside, b"", b"<noscript><iframe src=a"):
        assert close_noscript_iframes(markup) is markup
    fixed = b'<noscript><iframe src="a" ></iframe></noscript>'
    assert close_noscript_iframes(b'<noscript><iframe src="a" /></noscript>') == fixed
