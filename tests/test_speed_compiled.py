"""The compiled feature loops (`boilerfree._features`) give what their pure-Python specifications give. CI builds the
extension and sets BOILERFREE_REQUIRE_SPEEDUPS=1, so a build that silently fell back to Python fails there."""

from __future__ import annotations

import importlib.util
import os
from contextlib import contextmanager

import numpy as np
import pytest
from conftest import assert_rows_hash_as
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree import hashing, speedups

compiled_features = hashing._compiled
compiled = pytest.mark.skipif(
    compiled_features is None, reason="boilerfree._features is not built (or BOILERFREE_PURE=1)"
)

# ASCII, Latin, CJK, astral (4-byte UTF-8), NUL and lone surrogates: every UTF-8 length and the fallback
characters = st.sampled_from(list("abz09 _:=>é€中\x00\U0001d11e\ud800\udfff"))
texts = st.text(alphabet=characters, max_size=12)


@contextmanager
def without_compiled(module):
    """``module`` runs its Python code inside the block (its ``_compiled`` is None), as under BOILERFREE_PURE=1."""
    original = module._compiled
    module._compiled = None
    try:
        yield
    finally:
        module._compiled = original


def test_the_compiled_features_are_built_when_required():
    if os.environ.get("BOILERFREE_REQUIRE_SPEEDUPS", "") in ("", "0"):
        pytest.skip("BOILERFREE_REQUIRE_SPEEDUPS is not set")
    assert os.environ.get("BOILERFREE_PURE", "") in ("", "0"), "BOILERFREE_PURE=1 contradicts the requirement"
    assert compiled_features is not None, "boilerfree._features did not build or import: pip install -e . must build it"


def test_boilerfree_pure_turns_the_compiled_features_off(monkeypatch):
    monkeypatch.setenv("BOILERFREE_PURE", "1")
    assert speedups.compiled("_features") is None
    monkeypatch.setenv("BOILERFREE_PURE", "0")
    assert (speedups.compiled("_features") is not None) == (
        importlib.util.find_spec("boilerfree._features") is not None
    )


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
     "»", ")", "|", "•", "/", ">", ",", "、", "€", "$", "É", "ß", "İ", "東京", "\U0001d11e", "{{x}}", "\ud800",
     "कि", "\u094d", "e\u0301", "✍\ufe0f", "\U0001d165"]
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


# combining marks: Devanagari's (a vowel sign of category Mc, a virama and a nasal sign of Mn), an accent of
# decomposed Latin, an enclosing mark (Me), the variation selector after an emoji, astral ones (Mc, Mn)
marks = list("\u093f\u094d\u0902\u0301\u20e3\ufe0f\U0001d165\U000e0100")


_DOM_HTML = (
    "<html><body><nav class='menu main-nav'><ul><li><a href='/'>Home</a></li><li class='more'><a>News</a></li></ul>"
    "</nav><div id='page' class='wrapper'><article class='story paywall'><h1><a href='/s'>Title</a></h1>"
    "<div class='body Ünïcode 東京'><p>First, a paragraph.</p><p>Second one<br>after a break</p></div>"
    "<aside class='promo share'><h3>Share</h3><p>Follow us</p></aside></article>"
    "<footer class='legal footer'><p>© 2024</p><div><div><div><p class='x x'>deep</p></div></div></div></footer>"
    "</div>loose text</body></html>"
)


@compiled
def test_compiled_dom_columns_are_the_hashed_tokens():
    from boilerfree.blocks import segment
    from boilerfree.document import load_document
    from boilerfree.features import dom
    from boilerfree.hashing import TokenHasher

    hasher = TokenHasher(2**16)
    page = segment(load_document(_DOM_HTML))
    hashed = dom.token_columns(page, hasher)
    expected = dom.token_columns_of_pieces(page, hasher.columns_of)
    assert hashed.lengths.tolist() == expected.lengths.tolist() == list(map(len, dom.tokens(page)))
    got = hasher.transform_parts([hashed])
    want = hasher.transform_parts([dom.tokens(page)])
    assert all(np.array_equal(getattr(got, k), getattr(want, k)) for k in ("indptr", "indices", "data"))


@compiled
@settings(max_examples=200, deadline=None)
@given(st.data())
def test_compiled_dom_hashes_are_the_hashes_of_the_tokens(data):
    """Random element tables (tags and class tokens with any characters) and blocks: each block's hashes are those
    of `dom.tokens`' list for it, as a multiset (the farther ancestors' tokens come from a set)."""
    from boilerfree.blocks import Elements, Page, Segment
    from boilerfree.features import dom

    n = data.draw(st.integers(1, 12))
    parent = [-1] + [data.draw(st.integers(-1, i - 1)) for i in range(1, n)]
    tags = data.draw(st.lists(texts.filter(bool), min_size=n, max_size=n))
    tokens = [tuple(data.draw(st.lists(texts, max_size=3))) for _ in range(n)]
    el = Elements(tag=tags, parent=parent, tokens=tokens)
    blocks = data.draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, 6), st.booleans()), max_size=10))
    segs = [
        Segment(text="x", index=i, owner=owner, heading=heading, flags=dom.FLAG_LINK if link else 0)
        for i, (owner, heading, link) in enumerate(blocks)
    ]
    page = Page("html", segs, el)
    lists = dom.tokens(page)
    got = compiled_features.dom_hashes(
        [s.owner for s in segs], [row[3] for row in lists], parent, tags, tokens, dom.N_ANCESTOR_TOKENS - 1
    )
    if any(0xD800 <= ord(c) <= 0xDFFF for row in lists for t in row for c in t):
        assert got is None
        return
    lengths, hashes = got
    assert_rows_hash_as(lengths, hashes, lists)


@compiled
def test_compiled_dom_hashes_share_pieces_only_between_siblings_of_one_tag():
    """Siblings that alternate tags (one path piece kept per parent), an equal tag in another string object, blocks
    of the root and repeated owners: each row is still its own tokens' hashes."""
    from boilerfree.blocks import Elements, Page, Segment
    from boilerfree.features import dom

    tags = ["body", "div", "span", "ul", "span", "".join(["sp", "an"]), "li", "li", "span"]
    assert tags[5] is not tags[4]
    parent = [-1, 0, 1, 1, 1, 1, 3, 3, 0]
    tokens = [("page",), ("article", "body"), (), ("menu",), ("lead",), (), ("item",), ("item",), ()]
    el = Elements(tag=tags, parent=parent, tokens=tokens)
    owners = [0, 2, 3, 4, 5, 6, 7, 2, 8, 5]
    segs = [
        Segment(text="x", index=i, owner=o, heading=i % 3, flags=dom.FLAG_LINK * (i % 2)) for i, o in enumerate(owners)
    ]
    lists = dom.tokens(Page("html", segs, el))
    lengths, hashes = compiled_features.dom_hashes(
        owners, [row[3] for row in lists], parent, tags, tokens, dom.N_ANCESTOR_TOKENS - 1
    )
    assert_rows_hash_as(lengths, hashes, lists)


@compiled
def test_compiled_dom_hashes_leave_blocks_without_an_element_to_the_python_way():
    assert compiled_features.dom_hashes([-1], ["heading_link:0_0"], [-1], ["p"], [()], 5) is None
    with pytest.raises(ValueError):
        compiled_features.dom_hashes([0], ["heading_link:0_0"], [3], ["p"], [()], 5)


_LEXICON_FRAGMENTS = [
    "subscribe", "to", "continue", "per", "month", "al", "an", "year", "$", "€", "9", "٣", "²", "/", "mo", "|", "›",
    "©", "cookie", "share", "newsletter", "read more", "free", "trial", "plan", "ad", " ", "months", "年", "円", "usd",
    "\t", "\xa0", "\u3000", "per\u2009", "\x85month", "rs", "years", "and", "_", "é", "kr",
]  # fmt: skip
_HEADS = st.lists(st.sampled_from(_LEXICON_FRAGMENTS), max_size=10).map(" ".join)


@compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(_HEADS, min_size=1, max_size=40))
def test_compiled_lexicon_admission_is_the_array_admission(heads):
    from boilerfree.rules import _MATCHER, automaton_text

    distinct = list(dict.fromkeys(heads))
    text = automaton_text(distinct)
    got = _MATCHER._admitted_many(distinct, text)
    assert len(got) == len(set(got))
    assert set(got) == set(_MATCHER._admitted_many_of_arrays(distinct, _MATCHER._finds(text)))


# word characters of many scripts, '_', digits of other kinds, marks, case changes that change length ('İ'), final
# sigma, separators and surrogates
word_characters = st.sampled_from(list("aZ_9٣²½ß東कİΣς -.,'✍\u00a0\t\n\U0001d11e\ud800\u2028") + marks)


@compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=word_characters, max_size=30), max_size=8))
def test_compiled_lower_words_are_the_word_pattern_of_the_lower_cased_texts(texts):
    from boilerfree.blocks import WORD

    assert compiled_features.lower_words(texts) == [WORD.findall(t.lower()) for t in texts]


@compiled
def test_compiled_lower_words_read_every_latin1_character_as_the_word_pattern():
    """The compiled split reads texts of one byte a character from a table of its own: each of the 256 characters
    alone and between letters (and with a character past Latin-1 beside it, which the other loop reads)."""
    from boilerfree.blocks import WORD

    texts = [chr(c) for c in range(256)] + [f"A{chr(c)}b {chr(c)}{chr(c)}" for c in range(256)]
    texts += [f"{chr(c)}x\u0100 {chr(c)}" for c in range(256)]
    assert compiled_features.lower_words(texts) == [WORD.findall(t.lower()) for t in texts]


# stop words of several languages at once ('die': German and others, 'a': many), ties among them, and non-words
language_words = st.sampled_from(["the", "and", "die", "der", "und", "le", "la", "et", "a", "de", "el", "o", "東", "x"])


@compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(language_words, max_size=40), st.integers(1, 50))
def test_compiled_language_guess_is_the_counter_loop(words, sample):
    from boilerfree.features import stopwords

    got = stopwords.guess_language(iter(words), sample)
    with without_compiled(stopwords):
        assert got == stopwords.guess_language(iter(words), sample)


@compiled
@settings(max_examples=200, deadline=None)
@given(st.data())
def test_compiled_stacking_is_the_array_stacking(data):
    """Dense rows with zeros, -0.0 and NaN, beside hashed rows (some empty): the same CSR arrays, dtypes included."""
    import scipy.sparse as sp

    from boilerfree import features

    n = data.draw(st.integers(1, 6))
    width = data.draw(st.integers(1, 7))
    values = st.sampled_from([0.0, -0.0, 1.0, -2.5, float("nan"), 1e-30, 3.0])
    dense = np.array(data.draw(st.lists(values, min_size=n * width, max_size=n * width)), dtype=np.float32)
    dense = dense.reshape(n, width)
    rows = [sorted(set(data.draw(st.lists(st.integers(0, 31), max_size=5)))) for _ in range(n)]
    counts = [float(data.draw(st.integers(1, 3))) for row in rows for _ in row]
    indptr = np.cumsum([0, *map(len, rows)])
    hashed = sp.csr_matrix((np.array(counts), np.array([c for r in rows for c in r], dtype=np.int32), indptr), (n, 32))
    got = features._stack(dense, hashed, width + 32)
    want = features._stack_of_arrays(dense, hashed, width + 32)
    for name in ("indptr", "indices", "data"):
        a, b = getattr(got, name), getattr(want, name)
        assert a.dtype == b.dtype and np.array_equal(a.view(np.uint8), b.view(np.uint8))
    assert got.shape == want.shape and got.has_sorted_indices


@compiled
@settings(max_examples=200, deadline=None)
@given(st.data())
def test_compiled_hashed_stacking_is_hashing_then_stacking(data):
    """Dense rows with zeros, -0.0 and NaN, beside parts of hashed rows (some empty, columns repeated within a row
    and across parts, a page past 4,096 keys' worth of rows): the arrays of transform_parts, then _stack."""
    from boilerfree import features

    n = data.draw(st.integers(1, 40))
    width = data.draw(st.integers(0, 7))
    n_hashed = data.draw(st.sampled_from([1, 3, 32, 2**16, 2**20]))
    values = st.sampled_from([0.0, -0.0, 1.0, -2.5, float("nan"), 1e-30, 3.0])
    dense = np.array(data.draw(st.lists(values, min_size=n * width, max_size=n * width)), dtype=np.float32)
    dense = dense.reshape(n, width)
    columns = st.one_of(st.integers(0, min(n_hashed, 8) - 1), st.integers(0, n_hashed - 1))
    parts = []
    for _ in range(data.draw(st.integers(1, 3))):
        rows = [data.draw(st.lists(columns, max_size=12)) for _ in range(n)]
        parts.append(
            hashing.HashedRows(
                np.array(list(map(len, rows)), dtype=np.int64), np.array([c for r in rows for c in r], dtype=np.int64)
            )
        )
    hasher = hashing.TokenHasher(n_hashed)
    got = features._stack_hashed(dense, tuple(parts), width + n_hashed, n_hashed)
    want = features._stack_of_arrays(dense, hasher.transform_parts(parts), width + n_hashed)
    for name in ("indptr", "indices", "data"):
        a, b = getattr(got, name), getattr(want, name)
        assert a.dtype == b.dtype and np.array_equal(a.view(np.uint8), b.view(np.uint8))
    assert got.shape == want.shape and got.has_sorted_indices


@compiled
def test_compiled_hashed_stacking_refuses_inconsistent_parts():
    dense = np.zeros((2, 1), dtype=np.float32)
    lengths, columns = np.array([1, 1], dtype=np.int64), np.array([0, 5], dtype=np.int64)
    with pytest.raises(ValueError):  # a column past the hasher's
        compiled_features.stack_hashed(dense, [lengths], [columns], 4, True)
    with pytest.raises(ValueError):  # lengths that do not add up to the columns
        compiled_features.stack_hashed(dense, [np.array([1, 2], dtype=np.int64)], [columns], 8, True)
    with pytest.raises(ValueError):  # one length per row
        compiled_features.stack_hashed(dense, [np.array([2], dtype=np.int64)], [columns], 8, True)


@compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(language_words, max_size=8), max_size=8), st.integers(0, 50))
def test_compiled_language_guess_of_blocks_is_the_counter_loop_of_their_words(blocks, sample):
    """Blocks of stop words of several languages (ties among them), the sample ending inside a block or past all."""
    from itertools import chain

    from boilerfree.features import stopwords

    got = stopwords.guess_language_of_blocks(blocks, sample)
    with without_compiled(stopwords):
        assert got == stopwords.guess_language_of_blocks(blocks, sample)
        assert got == stopwords.guess_language(chain.from_iterable(blocks), sample)


@compiled
@settings(max_examples=300, deadline=None)
@given(st.data())
def test_compiled_neighbour_rows_are_the_context_columns(data):
    """Values with zeros of both signs, infinities (whose sums make NaN) and magnitudes whose running sums round: the
    float32 columns of context.neighbours, bit for bit, from no block to many; values with a NaN: None."""
    from boilerfree.features import context

    n = data.draw(st.integers(0, 12))
    k = data.draw(st.integers(1, 4))
    values = st.one_of(
        st.sampled_from([0.0, -0.0, 1.0, -2.5, float("nan"), float("inf"), -float("inf"), 1e-40, 3e38, 0.1]),
        st.floats(width=32),
    )
    array = np.array(data.draw(st.lists(values, min_size=n * k, max_size=n * k)), dtype=np.float32).reshape(n, k)
    got = compiled_features.neighbour_rows(array)
    want = context.neighbours(array, tuple(f"c{j}" for j in range(k)))[0]
    if np.isnan(array).any():  # left to the specification: which NaN an operation passes on is the compiler's
        assert got is None
        return
    assert got.dtype == want.dtype == np.float32 and got.shape == want.shape
    assert got.tobytes() == want.tobytes()


@compiled
@settings(max_examples=300, deadline=None)
@given(st.data())
def test_compiled_bucket_columns_are_the_picked_arrays(data):
    """Word counts and densities at and around the bucket edges, NaN densities, ends-sentence values other than 0
    and 1 (left to the specification): the columns of text.token_columns_of_arrays."""
    from boilerfree.blocks import Page, Segment
    from boilerfree.features import Featurizer, text

    n = data.draw(st.integers(1, 8))
    words = data.draw(st.lists(st.sampled_from([0, 1, 2, 5, 9, 29, 30, 31, 150, 151, 10**6]), min_size=n, max_size=n))
    densities = st.sampled_from([0.0, -0.0, 0.05, 0.0500001, 0.2, 0.5, 0.95, 1.0, float("nan"), -1.0, 2.0])
    features = np.zeros((n, 12), dtype=np.float32)
    features[:, 3] = data.draw(st.lists(densities, min_size=n, max_size=n))
    features[:, 4] = data.draw(st.lists(densities, min_size=n, max_size=n))
    features[:, 9] = data.draw(st.lists(st.sampled_from([0.0, 1.0, 1.0, 0.0, -0.0, 0.5]), min_size=n, max_size=n))
    page = Page("html", [Segment("x", i, words=w) for i, w in enumerate(words)])
    table = Featurizer()._bucket_columns
    got = text.token_columns(page, features, table)
    want = text.token_columns_of_arrays(page, features, table)
    assert got.lengths.tolist() == want.lengths.tolist() and got.columns.tolist() == want.columns.tolist()
