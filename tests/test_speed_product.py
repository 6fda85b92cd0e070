"""Prediction's first-stage scores summed without the feature matrix (`Featurizer.product`, the compiled
`hashed_product`) are the matrix's product, bit for bit: the same float32 additions in the same order."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree import features, hashing
from boilerfree.blocks import segment
from boilerfree.document import load_document
from boilerfree.model import combine, load_model, split_scores

compiled_features = hashing._compiled
compiled = pytest.mark.skipif(
    compiled_features is None, reason="boilerfree._features is not built (or BOILERFREE_PURE=1)"
)
TEXT_PAGE = "Subscribe now\nThe mayor spoke for a long while about the budget, and then left.\n\n€9.99 per month\n"


def same_floats(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal bit for bit, NaN where NaN (whose sign and payload the order of additions does not fix)."""
    nan = np.isnan(a)
    return (
        a.dtype == b.dtype
        and a.shape == b.shape
        and np.array_equal(nan, np.isnan(b))
        and a[~nan].tobytes() == b[~nan].tobytes()
    )


@compiled
@settings(max_examples=200, deadline=None)
@given(st.data())
def test_compiled_hashed_product_is_the_stacked_matrix_times_the_weights(data):
    """Dense rows with zeros, -0.0 and NaN, hashed columns repeated within a row and across parts, weights of any
    sign and size, more outputs than are summed at a time: scipy's product of the matrix `_stack_hashed` makes."""
    n = data.draw(st.integers(1, 30))
    width = data.draw(st.integers(0, 20))
    n_hashed = data.draw(st.sampled_from([1, 3, 32, 2**12]))
    n_out = data.draw(st.sampled_from([1, 2, 7, 8, 9, 16, 17]))
    values = st.sampled_from([0.0, -0.0, 1.0, -2.5, float("nan"), 1e-30, 3.0, 0.1, 7e5])
    dense = np.array(data.draw(st.lists(values, min_size=n * width, max_size=n * width)), dtype=np.float32)
    dense = dense.reshape(n, width)
    rng = np.random.default_rng(data.draw(st.integers(0, 99)))
    weights = rng.normal(size=(width + n_hashed, n_out))
    if data.draw(st.booleans()):  # zeros of both signs, products that underflow to them, sums that cancel to +0.0
        weights = rng.choice([0.0, -0.0, 1e-30, -1e-30, 1.0, -1.0, 2.5], size=weights.shape)
    weights = weights.astype(np.float32)
    columns = st.one_of(st.integers(0, min(n_hashed, 8) - 1), st.integers(0, n_hashed - 1))
    parts = []
    for _ in range(data.draw(st.integers(1, 3))):
        rows = [data.draw(st.lists(columns, max_size=12)) for _ in range(n)]
        lengths = np.array(list(map(len, rows)), dtype=np.int64)
        parts.append(hashing.HashedRows(lengths, np.array([c for r in rows for c in r], dtype=np.int64)))
    matrix = features._stack_hashed(dense, tuple(parts), width + n_hashed, n_hashed)
    got = features._hashed_product(dense, tuple(parts), weights, n_hashed)
    assert same_floats(got, np.asarray(matrix @ weights))


@compiled
def test_compiled_hashed_product_refuses_weights_of_another_width():
    dense = np.zeros((2, 1), dtype=np.float32)
    lengths, columns = np.array([1, 1], dtype=np.int64), np.array([0, 3], dtype=np.int64)
    with pytest.raises(ValueError):
        compiled_features.hashed_product(dense, [lengths], [columns], 4, np.zeros((4, 7), dtype=np.float32))


def test_product_of_a_page_is_its_matrix_times_the_weights(example_html):
    """Both heads of the shipped model, on an HTML page and a text page, float32 and float64 weights (a head being
    trained: the matrix's product), compiled or not."""
    model = load_model()
    for page in (segment(load_document(example_html)), segment(load_document(TEXT_PAGE, "text"))):
        matrix = model.featurizer.transform(page)
        for head in model.heads.values():
            for weights in (head._transposed(), head._transposed().astype(np.float64)):
                assert same_floats(model.featurizer.product(page, weights), np.asarray(matrix @ weights))


def test_predict_page_is_the_probabilities_of_the_matrix(example_html):
    model = load_model()
    page = segment(load_document(example_html))
    content, types = split_scores(model.heads["html"].decision(model.featurizer.transform(page)))
    content = model.stage2["html"].content_proba(content, types, page)
    assert same_floats(model.predict_page(page), combine(content, types))


def test_product_of_a_page_without_blocks_has_no_rows():
    model = load_model()
    page = segment(load_document("", "text"))
    weights = model.heads["html"]._transposed()
    assert model.featurizer.product(page, weights).shape == (0, weights.shape[1])
    assert weights.shape[1] % 8 == 0 and not weights[:, len(model.labels) :].any()  # the padding: zeros


def test_decision_drops_the_padding_of_the_weights(example_html):
    """Both heads' scores have one column per label, summed with the padded weights (`LinearHead._transposed`)."""
    model = load_model()
    page = segment(load_document(example_html))
    for head in model.heads.values():
        matrix = model.featurizer.transform(page)
        expected = np.asarray(matrix @ np.ascontiguousarray(head.coef.T)) + head.intercept
        assert same_floats(head.decision(matrix), expected)
        assert same_floats(head.page_decision(model.featurizer, page), expected)
