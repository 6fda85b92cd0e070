import codecs

import lxml.html
import pytest
from bs4 import BeautifulSoup

from boilerfree.document import decode_bytes, load_document, looks_like_html
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


def test_soup_and_lxml_inputs_become_html_documents():
    soup = BeautifulSoup("<html><body><p>Hello there</p></body></html>", "html.parser")
    assert load_document(soup).format == "html"
    root = lxml.html.fromstring("<div><p>Hello there</p></div>")
    assert load_document(root).root is root


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
