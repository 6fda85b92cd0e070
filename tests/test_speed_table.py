"""The blocks read as columns once a page (`features.table.block_table`, the compiled `_features.block_table`) hold
the segments' attributes, as the list comprehensions of `block_table_of_segments` read them."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree import hashing
from boilerfree.blocks import Page, Segment
from boilerfree.features import table

compiled_features = hashing._compiled
compiled = pytest.mark.skipif(
    compiled_features is None, reason="boilerfree._features is not built (or BOILERFREE_PURE=1)"
)

segments = st.builds(
    Segment,
    text=st.text(max_size=5),
    index=st.integers(0, 9),
    owner=st.integers(-1, 2**40),
    tag=st.just("p"),
    words=st.integers(0, 2**31),
    link_chars=st.integers(0, 500),
    heading=st.integers(0, 6),
    flags=st.integers(0, 2**20),
    blank_before=st.booleans(),
)


@compiled
@settings(max_examples=200, deadline=None)
@given(st.lists(segments, max_size=12))
def test_compiled_block_table_is_the_table_of_the_segments(segs):
    got = table.block_table(Page("html", segs))
    want = table.block_table_of_segments(segs)
    assert got.texts == want.texts and got.owners == want.owners and got.flags == want.flags
    assert got.columns.dtype == want.columns.dtype == np.int64 and np.array_equal(got.columns, want.columns)
    assert got.columns.flags.c_contiguous and got.total_words == want.total_words == Page("html", segs).total_words


def test_block_table_of_no_segments_is_empty():
    blocks = table.block_table(Page("html", []))
    assert blocks.texts == [] and blocks.columns.shape == (6, 0) and blocks.total_words == 0
