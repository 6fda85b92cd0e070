"""The buffers `PageWords` sizes once a page (texts that lower-casing lengthens among them) and the lexicon's heads of
one byte a character written lower-cased from a table: the words and hits of the Python specifications."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree import hashing
from boilerfree.blocks import WORD
from boilerfree.features import stopwords
from boilerfree.rules import _MATCHER, COMPILED, LEXICON, LEXICON_CHARS, lexicon_hits_array

compiled_features = hashing._compiled
compiled = pytest.mark.skipif(
    compiled_features is None, reason="boilerfree._features is not built (or BOILERFREE_PURE=1)"
)

# 'İ' lower-cases to two characters, 'ẞ' to one of one byte less; the others keep their kind
_PIECES = ["İstanbul", "ẞ", "word", "ÀÉÎ", "日本語", "𝔘𝔫𝔦", "x" * 40, " ", "\u00a0", "-", "it's", "9,99"]


@compiled
@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join), min_size=1, max_size=40))
def test_compiled_page_words_of_texts_lengthened_by_lower_casing_are_the_words(texts):
    words = compiled_features.PageWords(texts, stopwords.stop_index())
    assert words.lists() == [WORD.findall(t.lower()) for t in texts]


def _reference(text: str) -> list[bool]:
    head = text[:LEXICON_CHARS].lower()
    return [bool(COMPILED[label].search(head)) for label in LEXICON]


# wordings the automaton admits, in capitals and not, with characters past ASCII before, inside and past the head
_LATIN1 = ["SUBSCRIBE NOW TO CONTINUE", "€9 PER MONTH", "© 2024", "Ä", "À lire aussi", "Home", "x" * 190, "USD 5",
           "ÉDITION", "ÿ", "3 MONTHS", "Newsletter", "|", " › ", "Déjà abonné ?", "ß"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_LATIN1), max_size=6).map(" ".join), max_size=12))
def test_hits_of_latin1_heads_are_the_whole_patterns_searched(texts):
    assert lexicon_hits_array(texts).tolist() == [_reference(t) for t in texts]
    assert _MATCHER.hits_array_of_tuples(texts, LEXICON_CHARS).tolist() == [_reference(t) for t in texts]
