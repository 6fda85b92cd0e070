"""Combining marks (Unicode categories Mn, Mc, Me) are parts of words: the vowel signs and viramas of Hindi and the
other Brahmic scripts, the accents of decomposed Latin. re's \\w has none of them, and \\w+ cut every such word at
each mark; `blocks.WORD` (a \\w character, then \\w characters and marks), `blocks.word_counts`, the text family's
letter and punctuation classes and `lexical.shape` read them as parts of words, the compiled loops as the Python
ones (`blocks.MARK_RANGES`, which boilerfree._walk and boilerfree._features read)."""

from __future__ import annotations

import sys
import unicodedata
from contextlib import ExitStack

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_speed_compiled import without_compiled

from boilerfree import blocks, hashing
from boilerfree.blocks import MARK_RANGES, WORD, Elements, JoinedTexts, Segment, segment, word_counts
from boilerfree.document import load_document
from boilerfree.features import block_words, lexical, page_words, text
from boilerfree.features.stopwords import guess_language, guess_language_of_blocks, stop_index

HINDI = "वैज्ञानिकों ने प्रक्षेपण के बाद"
BENGALI = "বিজ্ঞানীরা উৎক্ষেপণের পরে"
TAMIL = "விஞ்ஞானிகள் ஏவுதலுக்குப் பிறகு"
NFD_LATIN = unicodedata.normalize("NFD", "Café crème brûlée")  # each accent a mark after its letter

# (text, its words, letters, punctuation characters): every character of these is a letter, a mark or a space
SAMPLES = [
    (HINDI, ["वैज्ञानिकों", "ने", "प्रक्षेपण", "के", "बाद"], 27, 0),
    (BENGALI, ["বিজ্ঞানীরা", "উৎক্ষেপণের", "পরে"], 23, 0),
    (TAMIL, ["விஞ்ஞானிகள்", "ஏவுதலுக்குப்", "பிறகு"], 28, 0),
    (NFD_LATIN, ["Cafe\u0301", "cre\u0300me", "bru\u0302le\u0301e"], 19, 0),
]

compiled_walk = pytest.mark.skipif(blocks._compiled is None, reason="boilerfree._walk is not built")
compiled_features = pytest.mark.skipif(hashing._compiled is None, reason="boilerfree._features is not built")


def _all_marks() -> list[int]:
    return [code for first, last in MARK_RANGES for code in range(first, last + 1)]


def test_the_mark_ranges_are_the_categories_of_unicodedata():
    """The table of blocks.py, or the ranges found where this Python's Unicode version is another; every mark of
    every plane (the search reads planes 0, 1 and 14 only)."""
    marks = [c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me")]
    assert _all_marks() == marks
    assert blocks.find_mark_ranges() == MARK_RANGES
    assert not any(chr(c).isalnum() or chr(c).isspace() for c in marks)  # no mark was \w (nor whitespace) before


@pytest.mark.parametrize(("sample", "words", "letters", "punct"), SAMPLES)
def test_words_of_brahmic_scripts_and_decomposed_latin_hold_their_marks(sample, words, letters, punct):
    assert WORD.findall(sample) == words
    assert word_counts([sample, sample + " 2024"]) == [len(words), len(words) + 1]
    counts = text.block_counts(JoinedTexts([sample], text._CHARACTERS))[0]
    assert (counts[text._LETTERS], counts[text._PUNCTS]) == (letters, punct)
    assert lexical.shape(sample + ", 2024") == " ".join(["a"] * len(words)) + ", 9"


def test_hindi_words_as_the_features_read_them():
    page = segment(load_document(f"<html><body><p>{HINDI}</p><p>के बाद</p></body></html>"))
    assert [s.words for s in page.segments] == [5, 2]
    assert block_words(page) == [["वैज्ञानिकों", "ने", "प्रक्षेपण", "के", "बाद"], ["के", "बाद"]]
    assert lexical.shape("वैज्ञानिकों 12 ने") == "a 9 a"


def test_a_mark_continues_a_word_and_starts_none():
    words = ["n\u0303", "x\u0301", "1\u20e3", "_\u0301", "a"]
    assert WORD.findall("n\u0303 ✍\ufe0f x\u0301 1\u20e3 _\u0301 \u0301a") == words
    texts = ["✍\ufe0f", "\u0301", " \u0301\u0301 ", "a\u0301\u0301b", "\u0301a", "a \u0301 b"]
    assert word_counts(texts) == [0, 0, 0, 1, 1, 2]
    assert "İ".lower() == "i\u0307" and WORD.findall("İstanbul".lower()) == ["i\u0307stanbul"]
    # a shape's run of letters takes the marks after it; a mark after anything else stays itself
    assert lexical.shape("e\u0301t\u0301 9\u0301 ✍\ufe0f \u0301") == "a 9\u0301 ✍\ufe0f \u0301"


def test_a_mark_is_a_letter_and_no_punctuation():
    joined = JoinedTexts(["a\u0301", "\ufe0f", "क\u093f", ".\u0301"], text._CHARACTERS)
    assert joined.count(joined.has("letter")).tolist() == [2, 1, 2, 1]
    assert joined.count(joined.has("punct")).tolist() == [0, 0, 0, 1]


def test_a_hindi_paragraph_is_guessed_hindi():
    paragraph = (
        "भारतीय अंतरिक्ष अनुसंधान संगठन ने बुधवार को श्रीहरिकोटा से एक नए उपग्रह का सफल प्रक्षेपण किया। "
        "वैज्ञानिकों ने कहा कि यह मिशन देश के लिए बहुत महत्वपूर्ण है और इससे मौसम की जानकारी में सुधार होगा।"
    )
    page = segment(load_document(paragraph, "text"))
    words = block_words(page)
    assert {"में", "के", "है", "की", "और"} <= set(words[0])
    assert guess_language_of_blocks(words) == "hi"
    assert guess_language_of_blocks(page_words(page)) == "hi"
    assert guess_language(w for block in words for w in block) == "hi"
    assert page.total_words == 36


def test_thai_without_spaces_is_one_word_a_run():
    """Thai, Lao, Khmer and Myanmar are written without spaces between words: a run of them is one word (their
    vowel signs and tone marks no longer cut it). Segmenting them needs a dictionary, which boilerfree has not."""
    sentence = "ประเทศไทยมีประชากรประมาณ 70 ล้านคน และกรุงเทพมหานครเป็นเมืองหลวง"
    assert word_counts([sentence]) == [4]


# -- the compiled loops read every mark as the Python code does


def _edges() -> list[str]:
    """Every mark, and the code points beside each range, after a letter, after a digit and alone."""
    codes = _all_marks() + [c for first, last in MARK_RANGES for c in (first - 1, last + 1)]
    return [f"a{chr(c)}b {chr(c)}x 9{chr(c)} {chr(c)}" for c in codes if not 0xD800 <= c <= 0xDFFF]


@compiled_features
def test_compiled_lower_words_read_every_mark_as_the_word_pattern():
    texts = _edges()
    assert hashing._compiled.lower_words(texts) == [WORD.findall(t.lower()) for t in texts]
    assert hashing._compiled.PageWords(texts, stop_index()).lists() == [WORD.findall(t.lower()) for t in texts]


@compiled_walk
def test_compiled_word_counts_read_every_mark_as_the_python_counts():
    texts = _edges()
    segments = [Segment(t, i, owner=0) for i, t in enumerate(texts)]
    twins = [Segment(t, i, owner=0) for i, t in enumerate(texts)]
    blocks._compiled.count_words(segments, Elements(tag=["div"], parent=[-1]))
    blocks._count_words(twins, Elements(tag=["div"], parent=[-1]))
    assert [s.words for s in segments] == [s.words for s in twins]


@compiled_features
def test_compiled_shapes_read_every_mark_as_the_shape_pattern():
    texts = _edges()
    words = hashing._compiled.PageWords(["w"] * len(texts), stop_index())
    got = hashing._compiled.lexical_hashes(words, np.arange(len(texts)), texts, 40, 6, 8, 60)
    tokens = [t for each in texts for t in ("w:w", "first:w", "last:w", "whole:w", "shape:" + lexical.shape(each))]
    want = hashing.murmurhash3_32_of_each(tokens)
    assert got[1].tolist() == want.tolist()


# consonants of Devanagari, Bengali and Tamil, their vowel signs, viramas and nasal signs, other marks, the rest
_INDIC = st.sampled_from(
    list("कखगनपरसह aZ9_.,-✍\u00a0\u093e\u093f\u0940\u0947\u094b\u094d\u0902\u0901\u093c")
    + list("\u09ac\u09b2\u09a4\u0bae\u0ba9\u0b95\u0bb5\u09be\u09bf\u09cd\u0bbf\u0bcd\u0bc1\u0301\u0308\u20e3\ufe0f")
    + ["\U0001d165", "\U000e0100"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(_INDIC, max_size=40), max_size=6))
def test_compiled_and_python_word_splits_agree_on_indic_text(texts):
    want_words = [WORD.findall(t.lower()) for t in texts]
    want_counts = [len(WORD.findall(t)) for t in texts]
    assert word_counts(texts) == want_counts
    if hashing._compiled is not None:
        assert hashing._compiled.lower_words(texts) == want_words
        assert hashing._compiled.PageWords(texts, stop_index()).lists() == want_words
    if blocks._compiled is not None:
        segments = [Segment(t, i, owner=0) for i, t in enumerate(texts)]
        blocks._compiled.count_words(segments, Elements(tag=["div"], parent=[-1]))
        assert [s.words for s in segments] == want_counts


_PAGE_PIECES = st.sampled_from(
    [HINDI, BENGALI, TAMIL, NFD_LATIN, "के बाद", "सदस्यता लें ₹99/माह", "✍\ufe0f लेखक", "Home", "© 2024", "१२.०३.२०२४"]
)


@pytest.mark.skipif(hashing._compiled is None or blocks._compiled is None, reason="the compiled modules are not built")
@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(_PAGE_PIECES, min_size=1, max_size=4).map(" ".join), min_size=1, max_size=8))
def test_the_features_of_an_indic_page_are_those_of_the_python_code(paragraphs):
    """The whole feature matrix (every family, the word split, the shapes, the language guess) and the words of the
    walk, with the compiled modules and without them."""
    from boilerfree import features, rules
    from boilerfree.features import dom, page, paywall, prose, stopwords

    html = "<html><body><nav><a>होम</a></nav>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body></html>"
    featurizer = features.Featurizer()

    def run():
        seg = segment(load_document(html))
        return [s.words for s in seg.segments], featurizer.transform(seg).toarray().tolist()

    fast = run()
    with ExitStack() as stack:
        for module in (blocks, hashing, rules, features, dom, lexical, page, paywall, prose, stopwords, text):
            stack.enter_context(without_compiled(module))
        assert run() == fast
