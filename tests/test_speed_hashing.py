"""Hashing the feature families' token lists apart gives the matrix of hashing each block's joined list."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree.blocks import segment
from boilerfree.document import load_document
from boilerfree.features import Featurizer
from boilerfree.hashing import HashedRows, TokenHasher

tokens = st.lists(st.sampled_from(["w:a", "w:b", "tag:p", "c0:nav", "wc=3", "ünï", "東京", ""]), max_size=6)


def same_matrix(a, b) -> bool:
    return a.shape == b.shape and all(
        np.array_equal(getattr(a, k), getattr(b, k)) for k in ("indptr", "indices", "data")
    )


@settings(max_examples=150, deadline=None)
@given(st.integers(1, 5).flatmap(lambda n: st.lists(st.lists(tokens, min_size=n, max_size=n), min_size=1, max_size=3)))
def test_parts_hash_like_the_joined_rows(parts):
    hasher = TokenHasher(2**8)
    joined = [sum(rows, []) for rows in zip(*parts)]
    assert same_matrix(hasher.transform_parts(parts), hasher.transform(joined))


def test_transform_is_the_matrix_of_transform_with_tokens(example_html):
    featurizer = Featurizer()
    page = segment(load_document(example_html))
    matrix, block_tokens = featurizer.transform_with_tokens(page)
    assert same_matrix(featurizer.transform(page), matrix)
    assert len(block_tokens) == len(page.segments) and all(block_tokens)
    hashed = featurizer._hasher.transform(block_tokens)
    assert np.array_equal(matrix[:, -(2**featurizer.hash_bits) :].toarray(), hashed.toarray())


def test_transform_of_a_text_page_is_the_matrix_of_its_token_lists():
    featurizer = Featurizer()
    text = "Subscribe now\nThe mayor spoke for a long while about the budget, and then left.\n\n€9.99 per month\n"
    page = segment(load_document(text, "text"))
    assert same_matrix(featurizer.transform(page), featurizer.transform_with_tokens(page)[0])


@settings(max_examples=100, deadline=None)
@given(st.lists(tokens, min_size=1, max_size=5))
def test_rows_hashed_ahead_give_the_matrix_of_their_token_lists(rows):
    hasher = TokenHasher(2**8)
    hashed = HashedRows(
        np.array([len(r) for r in rows], dtype=np.int64),
        np.array([c for r in rows for c in hasher.columns_of(r)], dtype=np.int64),
    )
    assert same_matrix(hasher.transform_parts([hashed, rows]), hasher.transform_parts([rows, rows]))
