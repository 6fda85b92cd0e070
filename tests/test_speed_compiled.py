"""The compiled feature loops (`boilerfree._features`) give what their pure-Python specifications give. CI builds the
extension and sets BOILERFREE_REQUIRE_SPEEDUPS=1, so a build that silently fell back to Python fails there."""

from __future__ import annotations

import importlib.util
import os

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree import hashing

compiled_features = hashing._compiled
compiled = pytest.mark.skipif(
    compiled_features is None, reason="boilerfree._features is not built (or BOILERFREE_PURE=1)"
)

# ASCII, Latin, CJK, astral (4-byte UTF-8), NUL and lone surrogates: every UTF-8 length and the fallback
characters = st.sampled_from(list("abz09 _:=>é€中\x00\U0001d11e\ud800\udfff"))
texts = st.text(alphabet=characters, max_size=12)


def test_the_compiled_features_are_built_when_required():
    if os.environ.get("BOILERFREE_REQUIRE_SPEEDUPS", "") in ("", "0"):
        pytest.skip("BOILERFREE_REQUIRE_SPEEDUPS is not set")
    assert os.environ.get("BOILERFREE_PURE", "") in ("", "0"), "BOILERFREE_PURE=1 contradicts the requirement"
    assert compiled_features is not None, "boilerfree._features did not build or import: pip install -e . must build it"


def test_boilerfree_pure_turns_the_compiled_features_off(monkeypatch):
    monkeypatch.setenv("BOILERFREE_PURE", "1")
    assert hashing.compiled_features() is None
    monkeypatch.setenv("BOILERFREE_PURE", "0")
    assert (hashing.compiled_features() is not None) == (importlib.util.find_spec("boilerfree._features") is not None)


@compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(texts, max_size=20))
def test_compiled_murmurhash_is_mmh3_of_each_token(tokens):
    expected = hashing.murmurhash3_32_of_each(tokens)
    got = compiled_features.murmurhash3_32(tokens)
    if any(0xD800 <= ord(c) <= 0xDFFF for t in tokens for c in t):
        assert got is None  # no UTF-8 form: the caller hashes these the specification's way
        assert np.array_equal(hashing.murmurhash3_32(tokens), expected)
    else:
        assert got.dtype == np.int32 and np.array_equal(got, expected)


@compiled
def test_compiled_murmurhash_of_every_tail_length():
    tokens = ["x" * n for n in range(40)] + ["é" * n for n in range(20)] + ["\U0001d11e" * n for n in range(10)]
    assert np.array_equal(compiled_features.murmurhash3_32(tokens), hashing.murmurhash3_32_of_each(tokens))


# blocks of words, spaces, marks, separators, currency codes and signs, digits and caps, as the text family reads them
pieces = st.sampled_from(
    ["a", "Word", "USD", "rs.", "r$", "eur", "inr", " ", "  ", "\t", "\u00a0", "5", "12", ".", "!", "?", "。", "…", ":",
     "»", ")", "|", "•", "/", ">", ",", "、", "€", "$", "É", "ß", "İ", "東京", "\U0001d11e", "{{x}}", "\ud800"]
)  # fmt: skip
block_texts = st.lists(pieces, max_size=12).map("".join)


def _joined(texts: list[str]):
    from boilerfree.blocks import JoinedTexts
    from boilerfree.features import text

    return JoinedTexts(texts, text._CHARACTERS)


@compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(block_texts, min_size=1, max_size=8), st.integers(1, 12))
def test_compiled_text_counts_are_the_array_counts(texts, sample):
    from boilerfree.features import text

    blocks = _joined(texts)
    expected = text.block_counts_of_arrays(blocks)
    assert np.array_equal(text.block_counts(blocks), expected)
    # a short sample, so that heads end inside blocks: the compiled loop against the arrays with the same sample
    original = text.SAMPLE_CHARS
    try:
        text.SAMPLE_CHARS = sample
        assert np.array_equal(text.block_counts(blocks), text.block_counts_of_arrays(blocks))
    finally:
        text.SAMPLE_CHARS = original


def _lexical_pages():
    from boilerfree.blocks import segment
    from boilerfree.document import load_document

    html = (
        "<html><body><nav><a href='/'>Home</a> | <a href='/n'>News</a></nav><h1>Stand: 08.07.2026 05:00 Uhr</h1>"
        "<p>Share</p><p>Share</p><p>" + " ".join(f"wörd{i} 東京" for i in range(30)) + "</p>"
        "<p>€9.99 per month</p><p>Über uns</p><p>½ price ² x_y</p><p></p><div>Share</div></body></html>"
    )
    return [segment(load_document(html)), segment(load_document("Subscribe now\n\nA b c d e f g\n\nx", "text"))]


@compiled
def test_compiled_lexical_columns_are_the_hashed_tokens():
    from boilerfree.features import block_words, lexical
    from boilerfree.hashing import TokenHasher

    hasher = TokenHasher(2**16)
    for page in _lexical_pages():
        words = block_words(page)
        hashed = lexical.token_columns(page, words, hasher.n_features)
        assert isinstance(hashed, hashing.HashedRows)
        expected = hasher.transform_parts([lexical.tokens(page, words)])
        got = hasher.transform_parts([hashed])
        assert all(np.array_equal(getattr(got, k), getattr(expected, k)) for k in ("indptr", "indices", "data"))


@compiled
@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(texts.filter(bool), max_size=45), min_size=1, max_size=6))
def test_compiled_lexical_hashes_are_the_hashes_of_the_tokens(word_lists):
    from boilerfree.features import lexical

    shapes = [lexical.shape(" ".join(w)) if 0 < len(w) <= lexical.SHAPE_WORDS else None for w in word_lists]
    got = compiled_features.lexical_hashes(word_lists, shapes, lexical.MAX_WORDS, lexical.WHOLE_WORDS)
    rows = []
    for toks, shape in zip(word_lists, shapes):  # lexical.tokens' lists, for these words and shapes
        head = toks[: lexical.MAX_WORDS]
        row = ["w:" + t for t in head] + [f"b:{a}_{b}" for a, b in zip(head, head[1:])]
        if toks:
            row += ["first:" + toks[0], "last:" + toks[-1]]
            row += ["whole:" + " ".join(toks)] if len(toks) <= lexical.WHOLE_WORDS else []
            row += ["shape:" + shape] if shape is not None else []
        rows.append(row)
    flat = [t for row in rows for t in row]
    if any(0xD800 <= ord(c) <= 0xDFFF for t in flat for c in t):
        assert got is None
        return
    lengths, hashes = got
    assert lengths.tolist() == list(map(len, rows))
    assert np.array_equal(hashes, hashing.murmurhash3_32_of_each(flat))
