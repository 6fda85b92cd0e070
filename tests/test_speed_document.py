"""A page is encoded to UTF-8 once: the bytes of the surrogate check are the bytes the parser reads."""

from __future__ import annotations

import pytest

from boilerfree.document import load_document, parse_html


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>plain ASCII</p></body></html>",
        "<html><body><p>Ünïcode, 東京, 😀</p></body></html>",
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>déclaration</p></body></html>',
        "<html><body><p>broken \ud800 surrogate and a NUL \x00 here, é</p></body></html>",
    ],
)
def test_the_parsed_page_is_the_page_parsed_from_its_text(html):
    root = load_document(html, "html").root
    expected = parse_html(html.replace("\x00", "").replace("\ud800", "\ufffd"))
    assert root.html == expected.html
