"""The lexicon hits of a page's blocks at once (`rules.lexicon_hits_many`) equal the whole patterns searched in each
block's head alone."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree.rules import (
    _FEW_HEADS,
    _MATCHER,
    COMPILED,
    LEXICON,
    LEXICON_CHARS,
    _LexiconMatcher,
    lexicon_hits_array,
    lexicon_hits_many,
)


def reference_hits(text: str) -> tuple[bool, ...]:
    head = text[:LEXICON_CHARS].lower()
    return tuple(bool(COMPILED[label].search(head)) for label in LEXICON)


_FRAGMENTS = [
    "subscribe", "to", "continue", "per", "month", "al", "an", "year", "$", "€", "9", "99", "/", "mo", "|", "›",
    ">", "©", "cookie", "share", "newsletter", "home", "read more", "free", "trial", "plan", "ad", " ", "-", "ago",
    "months", "\u00a0", "年", "月", "円", "advertisement", "rs.", "usd", "İ", "Σ", "\x00", "",
    # Latin-1 texts are read lower-cased by a table (the compiled scanner): capitals, letters past ASCII, and
    # wordings cut by the head's end
    "SUBSCRIBE", "Per", "MONTH", "Rs.", "USD", "À", "ß", "µ", "É", "ÿ", "x" * 190,
]  # fmt: skip
_TEXTS = st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=3)), max_size=12).map(" ".join)


def test_hits_of_many_blocks_equal_each_block_searched_alone():
    texts = ["Subscribe now to continue", "Advertisement", "Advertisement", "", "€9 a month", "Home", "3 Months",
             "5 years ago", "News › World", "x" * 300 + "subscribe to continue", "年", "al an mo per day"]  # fmt: skip
    assert lexicon_hits_many(texts) == [reference_hits(t) for t in texts]
    many = texts + [f"{t} {n}" for n in range(3) for t in texts]  # past _FEW_HEADS: the array operations
    assert len(set(many)) >= _FEW_HEADS
    assert lexicon_hits_many(many) == [reference_hits(t) for t in many]
    assert lexicon_hits_many([]) == []


def test_hits_of_blocks_with_a_line_break_are_answered_alone():
    texts = ["Home\nmenu", "Home", "ad\n"]
    assert lexicon_hits_many(texts) == [reference_hits(t) for t in texts]


def test_hits_of_many_heads_keep_unfilterable_alternatives():
    matcher = _LexiconMatcher({"x": [r"\w+ing\b|^only$", r"(?i:caps)|\d{3}"], "y": ["^anchored only"]})
    heads = ["walking", "123", "anchored only here", "no match", "only", "caps", ""]
    heads += [f"{h} {n}" for n in range(4) for h in heads]
    assert matcher.hits_many(heads) == [tuple(matcher.hits(h).values()) for h in heads]


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXTS, max_size=10), st.lists(_TEXTS, min_size=_FEW_HEADS, max_size=40))
def test_hits_of_many_blocks_equal_each_block_searched_alone_on_generated_text(few, many):
    for texts in (few, many):  # answered head by head, and by the array operations (when enough are distinct)
        assert lexicon_hits_many(texts) == [reference_hits(t) for t in texts]
        assert_array_of_hits(texts)


def assert_array_of_hits(texts: list[str]) -> None:
    """`lexicon_hits_array` (the compiled loop, when it is built) is the array of the tuples, a row per text."""
    got = lexicon_hits_array(texts)
    want = _MATCHER.hits_array_of_tuples(texts, LEXICON_CHARS)
    assert got.dtype == want.dtype == np.bool_ and got.shape == want.shape == (len(texts), len(LEXICON))
    assert got.tolist() == want.tolist() == [list(reference_hits(t)) for t in texts]


def test_array_of_hits_of_many_blocks_is_the_tuples_of_each():
    texts = ["Subscribe now to continue", "Advertisement", "ADVERTISEMENT", "", "€9 a month", "x" * 300 + "free"]
    assert_array_of_hits(texts)
    assert_array_of_hits(texts + [f"{t} {n}" for n in range(3) for t in texts])
    assert_array_of_hits([])
