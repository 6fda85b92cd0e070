"""The token hashes written without a call a piece (`lexical_hashes`) and the DOM tokens' hashes kept by string
(`dom_hashes`): the same hashes as the tokens of the Python specifications, on tokens long and short, repeated and
shared between ancestors."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from conftest import assert_rows_hash_as
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree import hashing
from boilerfree.blocks import Elements, Page, Segment
from boilerfree.features import block_words, dom, lexical, page_words

compiled_features = hashing._compiled
compiled = pytest.mark.skipif(
    compiled_features is None, reason="boilerfree._features is not built (or BOILERFREE_PURE=1)"
)

# a few strings, so that elements share tokens and tags; some longer than the 8 bytes copied at a time
_POOL = ["a", "nav", "menu-item", "é", "ab" * 9, "story-body-text", "x y", "日本語のクラス", "li"]
_pooled = st.sampled_from(_POOL)


@compiled
@settings(max_examples=300, deadline=None)
@given(st.data())
def test_compiled_dom_hashes_of_shared_tokens_are_the_hashes_of_the_tokens(data):
    """Ancestors that repeat each other's class tokens (each "ca:" token once a block, as `dom.tokens`' set keeps
    it), tags and tokens met again in other elements: each block's hashes are its tokens', as a multiset."""
    n = data.draw(st.integers(1, 14))
    parent = [-1] + [data.draw(st.integers(-1, i - 1)) for i in range(1, n)]
    tags = data.draw(st.lists(_pooled, min_size=n, max_size=n))
    tokens = [tuple(data.draw(st.lists(_pooled, max_size=4))) for _ in range(n)]
    el = Elements(tag=tags, parent=parent, tokens=tokens)
    blocks = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, 6), st.booleans()), max_size=12))
    segs = [
        Segment(text="x", index=i, owner=owner, heading=heading, flags=dom.FLAG_LINK if link else 0)
        for i, (owner, heading, link) in enumerate(blocks)
    ]
    lists = dom.tokens(Page("html", segs, el))
    lengths, hashes = compiled_features.dom_hashes(
        [s.owner for s in segs], [row[3] for row in lists], parent, tags, tokens, dom.N_ANCESTOR_TOKENS - 1
    )
    assert_rows_hash_as(lengths, hashes, lists)


@compiled
def test_compiled_dom_hashes_of_many_strings_grow_their_tables():
    """More distinct strings and listed tokens than the tables first hold (64 strings, 256 numbers)."""
    n = 300
    parent = [-1] + list(range(n - 1))
    tags = [f"t{i % 7}" for i in range(n)]
    tokens = [tuple(f"c{i}-{j}" for j in range(3)) + ("shared",) for i in range(n)]
    el = Elements(tag=tags, parent=parent, tokens=tokens)
    segs = [Segment(text="x", index=i, owner=i, heading=0, flags=0) for i in range(n)]
    lists = dom.tokens(Page("html", segs, el))
    lengths, hashes = compiled_features.dom_hashes(
        list(range(n)), [row[3] for row in lists], parent, tags, tokens, dom.N_ANCESTOR_TOKENS - 1
    )
    assert lengths.tolist() == list(map(len, lists))
    want = np.concatenate([hashing.murmurhash3_32_of_each(row) for row in lists])
    at = 0
    for row in lists:
        got = hashes[at : at + len(row)]
        assert Counter(got.tolist()) == Counter(want[at : at + len(row)].tolist())
        at += len(row)


@compiled
@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "word", "longer-than-eight", "é" * 5, "9", "ﬁ", "x" * 70]), max_size=9)))
def test_compiled_lexical_hashes_of_words_of_any_length(blocks):
    """Words shorter and longer than the 8 bytes copied at a time, the whole text and its shape: the hashes of the
    tokens `lexical.tokens` makes of the same blocks, in order."""
    texts = [" ".join(words) for words in blocks]
    segs = [Segment(text=t, index=i) for i, t in enumerate(texts)]
    page = Page("text", segs)
    words = page_words(page)
    lengths, hashes = compiled_features.lexical_hashes(
        words, np.arange(len(texts), dtype=np.int64), texts, lexical.MAX_WORDS, lexical.WHOLE_WORDS,
        lexical.SHAPE_WORDS, lexical.SHAPE_CHARS,
    )  # fmt: skip
    want = [hashing.murmurhash3_32_of_each(row).tolist() for row in lexical.tokens(page, block_words(page))]
    assert lengths.tolist() == list(map(len, want))
    assert hashes.tolist() == [h for row in want for h in row]


@compiled
@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.integers(-(2**31), 2**31 - 1), max_size=50).map(lambda h: h + [-(2**31), 2**31 - 1, 0, -1]),
    st.sampled_from([1, 7, 2**16, 2**20 + 3]),
)
def test_compiled_hash_columns_are_the_hashers_columns(hashes, n_features):
    """|hash| mod the columns, -2**31 included (its magnitude is 2**31 in int64): `TokenHasher.columns`' numbers."""
    array = np.array(hashes, dtype=np.int32)
    got = compiled_features.hash_columns(array, n_features)
    assert got.dtype == np.int64
    assert got.tolist() == (np.abs(array.astype(np.int64)) % n_features).tolist()


@compiled
@settings(max_examples=60, deadline=None)
@given(st.data())
def test_compiled_stacking_sorts_keys_of_one_to_four_passes(data):
    """Pages of up to 400 blocks and hashed widths from 1 to 2**30 (keys of one to four 12-bit digits, counted as
    they are written): `stack_hashed`'s arrays are those of the specification, `_stack_of_arrays` of the hasher's
    matrix; and the product, for the widths whose weights fit, is that matrix times the weights."""
    from boilerfree import features

    n = data.draw(st.integers(1, 400))
    n_hashed = data.draw(st.sampled_from([1, 5, 4096, 2**16, 2**20, 2**30]))
    width = data.draw(st.integers(0, 10))
    rng = np.random.default_rng(data.draw(st.integers(0, 99)))
    dense = rng.choice(np.array([0.0, 1.0, -0.0, 2.5], dtype=np.float32), size=(n, width))
    parts = []
    for _ in range(data.draw(st.integers(1, 3))):
        lengths = rng.integers(0, 6, size=n).astype(np.int64)
        columns = rng.integers(0, n_hashed, size=int(lengths.sum())).astype(np.int64)
        if n_hashed > 8 and len(columns):
            columns[: len(columns) // 3] %= 8  # repeated columns, within rows and across them
        parts.append(hashing.HashedRows(lengths, columns))
    n_features = width + n_hashed
    hasher = hashing.TokenHasher(n_hashed)
    want = features._stack_of_arrays(dense, hasher.transform_parts(parts), n_features)
    got = features._stack_hashed(dense, tuple(parts), n_features, n_hashed)
    for name in ("indptr", "indices"):
        assert getattr(got, name).tolist() == getattr(want, name).tolist()
    assert got.data.tobytes() == want.data.astype(np.float32).tobytes()
    if n_hashed <= 2**16:
        weights = rng.normal(size=(n_features, 8)).astype(np.float32)
        product = features._hashed_product(dense, tuple(parts), weights, n_hashed)
        assert product.tobytes() == np.asarray(want @ weights, dtype=np.float32).tobytes()


@compiled
@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(st.sampled_from(list("aZ 9.,|$\n\u00a0éÀÖØ§»×ÿ{}%")), max_size=40), min_size=1, max_size=6))
def test_compiled_text_rows_classify_characters_of_one_byte_met_first(texts):
    """Texts of one byte a character read without a branch (`text_rows`), with a table that has not met their
    characters outside ASCII yet (classified after the first pass, as the per-character loop classified them):
    the rows of the lists' specification."""
    from boilerfree.blocks import CharacterClasses
    from boilerfree.features import text

    fresh = CharacterClasses(text._CHARACTERS.classes)
    original = text._CHARACTERS
    segs = [Segment(text=t, index=i, words=len(t.split())) for i, t in enumerate(texts)]
    page = Page("text", segs)
    want = text.numeric(page, block_words(page), "en")
    text._CHARACTERS = fresh
    try:
        got = text.numeric(page, page_words(page), "en")
    finally:
        text._CHARACTERS = original
    assert got.view(np.uint32).tolist() == want.view(np.uint32).tolist()
