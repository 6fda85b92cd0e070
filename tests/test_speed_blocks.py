"""The page-at-once helpers of `boilerfree.blocks` give what the per-text regular expressions gave."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree.blocks import WORD, CharacterClasses, JoinedTexts, segment_html, word_counts
from boilerfree.document import parse_html

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# with combining marks (Devanagari's Mc and Mn, decomposed Latin's accent, an enclosing mark, the variation selector
# after an emoji, astral ones) after letters, digits, spaces and other marks
_ALPHABET = st.sampled_from(
    list("ab Z_9٣\n\t\u00a0.,-'東京はカタカナ한국😀𝐀İǅ\ud800ßक✍\u093f\u094d\u0301\u20e3\ufe0f\U0001d165\U000e0100")
)


def reference_words(text: str) -> int:
    return len(WORD.findall(text)) + len(_CJK.findall(text)) // 2


def test_word_counts_count_runs_of_word_characters_and_pairs_of_ideographs():
    texts = ["", "one two three", "東京は晴れ", "mixed 東京 text_with_underscores 42", "  spaced\tout  "]
    assert word_counts(texts) == [reference_words(t) for t in texts]
    assert word_counts([]) == []


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(_ALPHABET, max_size=40), max_size=6))
def test_word_counts_equal_the_regular_expressions(texts):
    assert word_counts(texts) == [reference_words(t) for t in texts]


@settings(max_examples=100, deadline=None)
@given(st.text(_ALPHABET, max_size=60))
def test_character_classes_agree_with_each_pattern_and_predicate(text):
    classes = CharacterClasses({"digit": r"\d", "punct": r"[^\w\s]", "isupper": str.isupper})
    bits = classes.of(text)
    for name, test in classes.classes.items():
        expected = [bool(re.fullmatch(test, c)) if isinstance(test, str) else test(c) for c in text]
        assert ((bits & classes.bit[name]) != 0).tolist() == expected


_KEPT_CLASSES = CharacterClasses({"digit": r"\d", "punct": r"[^\w\s]", "upper": r"[A-ZÀ-Þ]", "isupper": str.isupper})


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(_ALPHABET, max_size=40), min_size=1, max_size=4))
def test_character_classes_kept_from_earlier_texts_are_those_of_each_character(texts):
    """`of` reads the characters met before (by this test's earlier examples too) from its table: the bits of
    `of_each`, which classifies every text afresh, astral characters and lone surrogates included."""
    for text in texts * 2:  # the second time every character is in the table: the compiled read, when built
        got, want = _KEPT_CLASSES.of(text), _KEPT_CLASSES.of_each(text)
        assert got.dtype == want.dtype and got.tolist() == want.tolist()


def test_joined_texts_count_in_each_text_and_in_its_head():
    joined = JoinedTexts(["a1b22", "", "333x"], CharacterClasses({"digit": r"\d"}))
    digits = joined.has("digit")
    assert joined.count(digits).tolist() == [3, 0, 3]
    assert joined.count(digits, head=2).tolist() == [1, 0, 2]
    assert joined.matching(re.compile(r"x")).tolist() == [False, False, True]


def test_element_words_are_the_words_of_their_subtree():
    page = segment_html(
        parse_html("<div><p>one two <a href=x>three four</a></p><ul><li>five</li><li>six</li></ul></div>")
    )
    el = page.elements
    assert [s.words for s in page.segments] == [4, 1, 1]
    div = el.tag.index("div")
    assert (el.words[div], el.blocks[div], el.link_words[div]) == (6, 3, 2)


def test_a_character_class_must_match_one_character_at_a_time():
    with pytest.raises(ValueError, match="single characters"):
        CharacterClasses({"pair": r"ab"})


_ONE_ATTRIBUTE = [
    'class="nav Menu"', 'id="main"', 'role="navigation"', 'itemprop="articleBody"', "hidden", 'aria-hidden="true"',
    'aria-hidden="false"', 'style="display: none"', 'style="color: red"', 'href="/x"', 'data-x="1"', 'class=""',
]  # fmt: skip


def _table(page):
    segments = [(s.text, s.owner, s.tag, s.words, s.link_chars, s.heading, s.flags) for s in page.segments]
    el = page.elements
    return segments, (el.tag, el.parent, el.tokens, el.words, el.link_words, el.blocks, el.flags)


@pytest.mark.parametrize("attribute", _ONE_ATTRIBUTE)
@pytest.mark.parametrize("tag", ["div", "span", "a", "p"])
def test_an_element_with_one_attribute_reads_as_with_more(attribute, tag):
    """The walk's shortcut for a single attribute gives the page that the general path gives (an extra attribute
    that nothing reads sends the element down the general path)."""
    body = f"<div><{tag} {attribute}>inside <b>text</b></{tag}> tail, and more words</div><p>after</p>"
    alone = segment_html(parse_html(f"<html><body>{body}</body></html>"))
    more = segment_html(parse_html(f"<html><body>{body.replace(f'<{tag} ', f'<{tag} data-unread=1 ')}</body></html>"))
    assert _table(alone) == _table(more)


def test_compiled_table_read_leaves_new_and_astral_characters_to_numpy():
    from boilerfree import blocks

    if blocks._features is None:
        pytest.skip("boilerfree._features is not built (or BOILERFREE_PURE=1)")
    classes = CharacterClasses({"digit": r"\d"})
    plane = classes._plane
    assert blocks._features.plane_bits("a1", plane, blocks._UNCLASSIFIED).tolist() == classes.of_each("a1").tolist()
    assert blocks._features.plane_bits("a\u00e9", plane, blocks._UNCLASSIFIED) is None  # not classified yet
    classes.of("a\u00e9")
    assert blocks._features.plane_bits("a\u00e9", plane, blocks._UNCLASSIFIED) is not None
    assert blocks._features.plane_bits("a\U0001d11e", plane, blocks._UNCLASSIFIED) is None  # past the plane
    assert classes.of("a\U0001d11e").tolist() == classes.of_each("a\U0001d11e").tolist()
    assert blocks._features.plane_bits("", plane, blocks._UNCLASSIFIED).tolist() == []
