"""The compiled words of a page (`features.page_words`: `boilerfree._features.PageWords`, no string a word) are
`features.block_words`'s lists, and every family that reads them gives what it gives from the lists (its Python
specification): the language guess, the text family's word lengths and stop words, the lexical tokens' columns and
the page family's titles and copies."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree import hashing
from boilerfree.blocks import WORD, JoinedTexts, Page, Segment, segment, word_counts
from boilerfree.document import load_document
from boilerfree.features import block_words, lexical, page_words, stopwords, text
from boilerfree.features import page as page_features
from boilerfree.hashing import TokenHasher

compiled_features = hashing._compiled
compiled = pytest.mark.skipif(
    compiled_features is None, reason="boilerfree._features is not built (or BOILERFREE_PURE=1)"
)

# combining marks (Mc, Mn, Me, astral), word characters of many scripts, '_', other digits, case changes that change
# length ('İ') or depend on the place (final sigma), every UTF-8 length, separators, NUL and lone surrogates
marks = list("\u093f\u094d\u0902\u0301\u20e3\ufe0f\U0001d165\U000e0100")
word_characters = st.sampled_from(list("aZ_9٣²½ßÿ東कİΣς -.,'✍\u00a0\t\n\x00\U0001d11e\ud800\udfff\u2028") + marks)
# stop words of several languages at once ('die': German and others, 'a': many), upper-cased ones, ties, non-words
stop_words = st.sampled_from(
    ["the", "The", "and", "die", "der", "und", "le", "la", "et", "a", "de", "el", "o", "東", "x"]
)
block_texts = st.one_of(st.text(alphabet=word_characters, max_size=40), st.lists(stop_words, max_size=12).map(" ".join))


def page_of(texts: list[str], titles: tuple[str, ...] = ()) -> Page:
    segments = [Segment(t, i, words=w) for i, (t, w) in enumerate(zip(texts, word_counts(texts)))]
    return Page("text", segments, titles=titles)


@compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(block_texts, max_size=8))
def test_compiled_words_are_the_lists_of_block_words(texts):
    page = page_of(texts)
    words = page_words(page)
    assert not isinstance(words, list) and len(words) == len(texts)
    assert words.lists() == block_words(page) == [WORD.findall(t.lower()) for t in texts]


@compiled
def test_compiled_words_read_every_latin1_character_as_the_word_pattern():
    texts = [chr(c) for c in range(256)] + [f"A{chr(c)}b {chr(c)}{chr(c)}" for c in range(256)]
    texts += [f"{chr(c)}x\u0100 {chr(c)}" for c in range(256)]
    assert page_words(page_of(texts)).lists() == [WORD.findall(t.lower()) for t in texts]


@compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(block_texts, max_size=8), st.integers(0, 50))
def test_compiled_language_guess_is_the_guess_of_the_lists(texts, sample):
    page = page_of(texts)
    assert stopwords.guess_language_of_blocks(page_words(page), sample) == stopwords.guess_language_of_blocks(
        block_words(page), sample
    )


@compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(block_texts, min_size=1, max_size=8))
def test_compiled_text_rows_are_the_rows_of_the_lists(texts):
    page = page_of(texts)
    blocks = JoinedTexts([s.text for s in page.segments], text._CHARACTERS)
    counts = text.block_counts(blocks)
    placeholder = blocks.matching(text._PLACEHOLDER)
    for lang in ("en", "de", stopwords.guess_language_of_blocks(block_words(page)), ""):
        want = text.numeric_of_counts(page, block_words(page), stopwords.stopword_set(lang), counts, placeholder)
        got = text.numeric(page, page_words(page), lang)
        assert got.tobytes() == want.tobytes() == text.numeric(page, block_words(page), lang).tobytes()


@compiled
@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.characters(), max_size=30), min_size=1, max_size=8))
def test_compiled_text_rows_classify_characters_met_first(texts):
    """Any characters, most of them new to the table of character classes (and those past the Basic Multilingual
    Plane, which it never holds): the compiled rows classify them as the joined text's classes do."""
    page = page_of(texts)
    got = text.numeric(page, page_words(page), "en")  # first: the joined text's classes below file the characters
    blocks = JoinedTexts([s.text for s in page.segments], text._CHARACTERS)
    want = text.numeric_of_counts(
        page,
        block_words(page),
        stopwords.stopword_set("en"),
        text.block_counts(blocks),
        blocks.matching(text._PLACEHOLDER),
    )
    assert got.tobytes() == want.tobytes()


title_words = st.sampled_from(["the", "Mayor", "budget", "city", "votes", "share", "東京", "İ", "x", "\ud800", "-"])


@compiled
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.one_of(st.lists(title_words, max_size=8).map(" ".join), block_texts), max_size=12),
    st.lists(st.lists(title_words, max_size=5).map(" ".join), max_size=4),
)
def test_compiled_title_and_copy_rows_are_the_rows_of_the_lists(texts, titles):
    page = page_of(texts, tuple(titles))
    got = page_features.numeric(page, page_words(page))
    want = page_features.numeric(page, block_words(page))
    assert got.dtype == want.dtype == np.float32
    assert np.array_equal(got.view(np.uint32), want.view(np.uint32))


def test_title_and_copy_rows_of_a_long_block_that_shares_a_title_word():
    words = " ".join(f"w{i}" for i in range(500))
    page = page_of([words + " mayor", "Mayor votes", words + " mayor"], ("The mayor votes",))
    values = page_features.numeric(page, page_words(page))
    assert values.tobytes() == page_features.numeric(page, block_words(page)).tobytes()
    assert values[:, page_features.NAMES.index("repeat")].tolist() == [0, 0, 1]


def test_copies_are_counted_by_the_words_joined():
    """Blocks whose words are the same (whatever lies between them) are copies; the same words in another order,
    run together or split otherwise are not; blocks without a word are never copies."""
    texts = ["a b", "A  b!", "b a", "ab", "a b", "", "...", "a bc", "ab c", "", "a\u00a0b"]
    page = page_of(texts, ("B and more",))
    got = page_features.numeric(page, page_words(page))
    assert got.tobytes() == page_features.numeric(page, block_words(page)).tobytes()
    assert got[:, page_features.NAMES.index("repeat")].tolist() == [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1]


def _lexical_pages() -> list[Page]:
    html = (
        "<html><body><nav><a href='/'>Home</a> | <a href='/n'>News</a></nav><h1>Stand: 08.07.2026 05:00 Uhr</h1>"
        "<p>Share</p><p>Share</p><p>" + " ".join(f"wörd{i} 東京" for i in range(30)) + "</p>"
        "<p>€9.99 per month</p><p>Über uns</p><p>½ price ² x_y</p><p></p><div>Share</div></body></html>"
    )
    return [segment(load_document(html)), segment(load_document("Subscribe now\n\nA b c d e f g\n\nx", "text"))]


@compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Share", "Home", "Stand: 08.07.2026", "½ price ² x_y", ""]) | block_texts, max_size=9))
def test_compiled_lexical_columns_are_the_hashed_tokens_of_the_lists(texts):
    """Texts repeated or not, empty, long, with lone surrogates (hashed as the bytes `surrogatepass` writes, as
    `hashing.murmurhash3_32_of_each` hashes such tokens): the matrix of the token lists, and the arrays of hashing
    each distinct text and giving every block its text's columns by array operations."""
    hasher = TokenHasher(2**16)
    for page in [page_of(texts), *_lexical_pages()]:
        if not page.segments:
            continue
        words = page_words(page)
        got = lexical.token_columns(page, words, hasher)
        assert isinstance(got, hashing.HashedRows)
        want = hasher.transform_parts([lexical.tokens(page, block_words(page))])
        matrix = hasher.transform_parts([got])
        assert all(np.array_equal(getattr(matrix, k), getattr(want, k)) for k in ("indptr", "indices", "data"))
        by_arrays = lexical.token_columns_of_hashes(page, words, hasher)
        for name in ("lengths", "columns"):
            a, b = getattr(got, name), getattr(by_arrays, name)
            assert a.dtype == b.dtype == np.int64 and a.tolist() == b.tolist()


# what a shape reads: decimal and other digits ('²', '½', Arabic-Indic), letters, marks, '_', spacing, the rest
shape_characters = st.sampled_from(list("aZß9٣²½_ -.:/€東क✍\u00a0\t\U0001d11e\ud800é\x00") + marks)


@compiled
@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.lists(st.text(alphabet=word_characters, min_size=1, max_size=12), max_size=45),
                  st.text(alphabet=shape_characters, max_size=70)),
        min_size=1,
        max_size=6,
    )
)  # fmt: skip
def test_compiled_lexical_hashes_are_the_hashes_of_the_tokens(blocks):
    """Every token `lexical.tokens` makes of the blocks' words (read in any order of the blocks) and shapes."""
    word_texts = [" ".join(w) for w, _ in blocks]
    order = np.arange(len(blocks))[::-1].copy()
    shapes = [blocks[i][1] for i in order]
    words = compiled_features.PageWords(word_texts, stopwords.stop_index())
    lengths, hashes = compiled_features.lexical_hashes(
        words, order, shapes, lexical.MAX_WORDS, lexical.WHOLE_WORDS, lexical.SHAPE_WORDS, lexical.SHAPE_CHARS
    )
    rows = []
    for i, shape_text in zip(order.tolist(), shapes):
        toks = WORD.findall(word_texts[i].lower())
        head = toks[: lexical.MAX_WORDS]
        row = ["w:" + t for t in head] + [f"b:{a}_{b}" for a, b in zip(head, head[1:])]
        if toks:
            row += ["first:" + toks[0], "last:" + toks[-1]]
            row += ["whole:" + " ".join(toks)] if len(toks) <= lexical.WHOLE_WORDS else []
            row += ["shape:" + lexical.shape(shape_text)] if len(toks) <= lexical.SHAPE_WORDS else []
        rows.append(row)
    assert lengths.tolist() == list(map(len, rows))
    assert np.array_equal(hashes, hashing.murmurhash3_32_of_each([t for row in rows for t in row]))


@compiled
def test_stop_index_finds_the_stop_words_of_every_language():
    """Every 10th stop word of the index (all languages), alone: its languages, the first of them guessed."""
    langs, numbers = stopwords._numbered_index()
    index = stopwords.stop_index()
    assert index.langs == langs and index.number("") == -1
    for word in list(numbers)[::10]:
        words = compiled_features.PageWords([word], index)
        assert words.language(1) == stopwords.guess_language(WORD.findall(word.lower())[:1], 1)
    assert compiled_features.PageWords(["qqqq zzzz"], index).language(3000) == ""
