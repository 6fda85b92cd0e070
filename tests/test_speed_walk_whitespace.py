"""The compiled walk's shortcuts for whitespace: a text node of ASCII whitespace alone is taken as " " without being
decoded, and blocks of one byte a character are collapsed as bytes. Both must leave every segment as the Python walk
(the specification) makes it, whatever whitespace (ASCII, NEL, no-break space, wide) sits between the elements."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_speed_compiled import without_compiled
from test_speed_walk import _record

from boilerfree import blocks
from boilerfree.document import parse_html

compiled = pytest.mark.skipif(blocks._compiled is None, reason="boilerfree._walk is not built (or BOILERFREE_PURE=1)")

_SPACES = st.sampled_from([" ", "\n", "\t", "\r\n  ", "\x0b", "\x0c", "\x1c", "\x85", "\xa0", "\u2003", "\u3000", ""])
_WORDS = st.sampled_from(["word", "é", "ünï", "東京", "😀", "a,b", "x"])
_TAGS = st.sampled_from(["p", "span", "a", "b", "div", "li", "br", "td"])


@st.composite
def _markup(draw) -> str:
    parts = ["<html><body>"]
    for _ in range(draw(st.integers(1, 12))):
        tag = draw(_TAGS)
        inner = "".join(draw(st.lists(st.one_of(_SPACES, _WORDS), max_size=5)))
        parts.append(f"{draw(_SPACES)}<{tag}>{inner}</{tag}>{draw(_SPACES)}{draw(_WORDS)}")
    return "".join(parts) + "</body></html>"


@compiled
@settings(max_examples=200, deadline=None)
@given(_markup())
def test_the_compiled_walk_reads_whitespace_as_the_python_walk(html):
    root = parse_html(html)
    fast = _record(blocks.segment_html(root))
    with without_compiled(blocks):
        assert _record(blocks.segment_html(root)) == fast
