"""A page is encoded to UTF-8 once: the bytes of the surrogate check are the bytes the parser reads; the depth guard's
count of tags is compiled."""

from __future__ import annotations

import random

import pytest

from boilerfree import document
from boilerfree.document import PARSER_SAFE_TAGS, flatten_deep, load_document, parse_html


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


def test_the_compiled_tag_count_is_the_count_of_its_specification():
    count_byte = document._compiled_count_byte()
    if count_byte is None:
        pytest.skip("boilerfree._walk is not built (or BOILERFREE_PURE=1)")
    rng = random.Random(7)
    for n in [0, 1, 7, 4095, 4096, 4097, 20_000, 70_001]:
        data = bytes(rng.choice(b"<<>a\x00\xff\xe2") for _ in range(n))
        assert count_byte(data, 60, n + 1) == data.count(b"<")
        for limit in (0, 100, 4096, n // 3):
            assert (count_byte(data, 60, limit) > limit) == (data.count(b"<") > limit)


@pytest.mark.parametrize("tags", [PARSER_SAFE_TAGS - 1, PARSER_SAFE_TAGS, PARSER_SAFE_TAGS + 1])
def test_markup_at_the_tag_limit_is_flattened_only_past_it(tags):
    deep = "<b>" * (tags - 1) + "x<i>"  # `tags` tags, nested `tags` deep
    flat = flatten_deep(deep, 50)
    expected = parse_html(flat if tags > PARSER_SAFE_TAGS else deep, 50)
    assert parse_html(deep, 50).html == expected.html


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body><p>plain ASCII</p></body></html>",
        "<html><body><p>Ünïcode, 東京, 😀</p></body></html>".encode(),
        '<meta charset="iso-8859-1"><p>UTF-8 déclaré latin-1</p>'.encode(),
        '<meta charset="iso-8859-1"><p>vrai latin-1 é</p>'.encode("latin-1"),
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>déclaration</p></body></html>'.encode(),
        "<html><body><p>a NUL \x00 here, é</p></body></html>".encode(),
        b"<html><body><p>a NUL \x00 here, ASCII</p></body></html>",
        "\ufeff<html><body><p>BOM é</p></body></html>".encode(),
        b"<html><body><p>broken \xed\xa0\x80 surrogate and \xff bytes \xc3\xa9\xc3\xa9\xc3\xa9</p></body></html>",
    ],
)
def test_a_page_read_from_bytes_is_the_page_read_from_its_text(data):
    from_bytes = load_document(data, "html")
    from_text = load_document(document.decode_bytes(data), "html")
    assert from_bytes.text == from_text.text and from_bytes.root.html == from_text.root.html
    assert document._decoded(data)[1] in (None, data)
