"""The second stage's HTML columns by the compiled loops (`boilerfree._features.html_scores`) equal `scores.numeric`'s
numpy way, kept as their specification, bit for bit: random first-stage scores, type distributions, element trees,
headlines and region flags, and pages of no, one and two blocks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_speed_compiled import without_compiled

from boilerfree.features import scores
from boilerfree.labels import LABELS

pytestmark = pytest.mark.skipif(
    scores._compiled is None, reason="boilerfree._features is not built (or BOILERFREE_PURE=1)"
)

# first-stage scores at the edges (0, 1, exactly 0.5 where `likely` turns) and between
probabilities = st.one_of(st.sampled_from([0.0, 0.5, 1.0, 0.4999, 1e-5]), st.floats(0.0, 1.0))


@st.composite
def pages(draw, max_blocks=30):
    n = draw(st.integers(0, max_blocks))
    n_elements = draw(st.integers(1, 12))
    # elements in document order: each one's parent comes before it; a few detached (-1), as the root is
    parents = [-1] + [draw(st.one_of(st.integers(0, e - 1), st.just(-1))) for e in range(1, n_elements)]
    owners = draw(st.lists(st.integers(0, n_elements - 1), min_size=n, max_size=n))
    p = np.array(draw(st.lists(probabilities, min_size=n, max_size=n)), dtype=np.float32)
    types = np.array(
        draw(st.lists(st.lists(st.floats(0.0, 1.0, width=32), min_size=len(LABELS) - 1, max_size=len(LABELS) - 1),
                      min_size=n, max_size=n)),
        dtype=np.float32,
    ).reshape(n, len(LABELS) - 1)  # fmt: skip
    words = np.array(draw(st.lists(st.integers(0, 400), min_size=n, max_size=n)), dtype=np.float64)
    headline = draw(st.one_of(st.none(), st.integers(0, n - 1))) if n else None
    flags = draw(st.one_of(st.none(), st.lists(st.integers(0, 2**16 - 1), min_size=n, max_size=n)))
    tree = (np.array(owners, dtype=np.int32), np.array(parents, dtype=np.int32))
    return p, types, words, tree, headline, None if flags is None else np.array(flags, dtype=np.int64)


def both_ways(p, types, words, tree, headline, flags):
    compiled = scores.numeric(p, types, words, tree, headline, flags)
    with without_compiled(scores):
        specification = scores.numeric(p, types, words, tree, headline, flags)
    return compiled, specification


@settings(max_examples=400, deadline=None)
@given(pages())
def test_compiled_html_columns_are_the_numpy_columns_bit_for_bit(page):
    compiled, specification = both_ways(*page)
    assert compiled.dtype == specification.dtype == np.float32
    assert compiled.tobytes() == specification.tobytes()


@pytest.mark.parametrize("n", [0, 1, 2])
def test_compiled_html_columns_of_pages_of_no_one_and_two_blocks(n):
    rng = np.random.default_rng(n)
    p = rng.random(n)
    types = rng.random((n, len(LABELS) - 1))
    words = rng.integers(0, 50, n).astype(np.float64)
    tree = (np.zeros(n, dtype=np.int32), np.array([-1, 0, 1], dtype=np.int32))
    for headline, flags in ((None, None), (n - 1 if n else None, rng.integers(0, 2**12, n))):
        compiled, specification = both_ways(p, types, words, tree, headline, flags)
        assert compiled.shape == (n, len(scores.NAMES))
        assert compiled.tobytes() == specification.tobytes()


def test_compiled_html_columns_of_a_deep_page_reach_the_root():
    parents = np.arange(-1, 9, dtype=np.int32)  # a chain: each element inside the one before
    owners = np.array([9, 3, 1, 0], dtype=np.int32)
    p = np.array([0.9, 0.2, 0.6, 0.5])
    types = np.full((4, len(LABELS) - 1), 0.25)
    compiled, specification = both_ways(p, types, np.array([40.0, 3.0, 0.0, 12.0]), (owners, parents), 0, None)
    assert compiled.tobytes() == specification.tobytes()
    assert compiled[:, scores.NAMES.index("headline")].tolist() == [1.0, 0.0, 0.0, 0.0]
