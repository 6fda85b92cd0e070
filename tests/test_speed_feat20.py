"""The second stage reads the first stage's `BlockTable` (`scores.html_inputs`, `Model.predict_page`) and converts
the parent list by the compiled loop (`int64_of_list`): the same inputs and the same probabilities, bit for bit, as
reading the Segments."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree.blocks import segment
from boilerfree.document import load_document
from boilerfree.features import scores
from boilerfree.features.table import block_table
from boilerfree.hashing import _compiled
from boilerfree.model import combine, load_model, split_scores

HTML = """<html><head><title>Floods close the coast line</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav><h1>Site</h1>
<article><h1>Floods close the coast line</h1><p>Trains stopped on Tuesday as the river rose over the tracks, and
the mayor spoke for a long while about the budget.</p><figure><figcaption>The line at dawn</figcaption></figure>
<p>More rain is due, the agency said, and the roads north are shut.</p></article>
<aside><ul><li><a href="/a">Another story</a></li><li><a href="/b">Subscribe now</a></li></ul></aside>
<footer>© 2026 Example</footer></body></html>"""
TEXT = "Subscribe now\nThe mayor spoke for a long while about the budget, and then left.\n\n€9.99 per month\n"


@pytest.mark.skipif(_compiled is None, reason="boilerfree._features is not built (or BOILERFREE_PURE=1)")
@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-(2**63), 2**63 - 1)))
def test_compiled_int64_of_list_is_numpys_array(values):
    got = _compiled.int64_of_list(values)
    assert got.dtype == np.int64 and got.tobytes() == np.array(values, dtype=np.int64).tobytes()


@pytest.mark.parametrize("source, fmt", [(HTML, None), (TEXT, "text")])
def test_html_inputs_from_the_block_table_are_those_of_the_segments(source, fmt):
    page = segment(load_document(source) if fmt is None else load_document(source, format=fmt))
    by_segments = scores.html_inputs(page)
    by_table = scores.html_inputs(page, block_table(page))
    assert by_segments[0].tobytes() == by_table[0].tobytes()
    assert (by_segments[1] is None) == (by_table[1] is None)
    if by_segments[1] is not None:
        for a, b in zip(by_segments[1], by_table[1]):
            assert np.array_equal(a, b)
    assert by_segments[2] == by_table[2]
    assert (by_segments[3] is None) == (by_table[3] is None)
    if by_segments[3] is not None:
        assert np.array_equal(by_segments[3], by_table[3])


@pytest.mark.parametrize("source, fmt", [(HTML, None), (TEXT, "text")])
def test_predict_page_is_the_stages_composed_without_the_table(source, fmt):
    model = load_model()
    page = segment(load_document(source) if fmt is None else load_document(source, format=fmt))
    head = page.format if page.format in model.heads else "html"
    content, types = split_scores(model.heads[head].page_decision(model.featurizer, page))
    second = model.stage2.get(head)
    if second is not None:
        content = second.content_proba(content, types, page)
    assert model.predict_page(page).tobytes() == combine(content, types).tobytes()
