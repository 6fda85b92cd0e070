"""The lexicon's literals spelled across elements (a choice of words, whitespace, zero-width assertions) admit every
head that the whole patterns match, whatever whitespace the head holds: the automaton reads each whitespace character
as the " " the literals spell, compiled or not."""

from __future__ import annotations

from re import _parser as sre_parse

from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree.rules import (
    _FEW_HEADS,
    COMPILED,
    LEXICON,
    WHITESPACE,
    _LexiconMatcher,
    _requirements,
    automaton_text,
    lexicon_hits_array,
    lexicon_hits_many,
)


def _reference(head: str) -> tuple[bool, ...]:
    return tuple(bool(COMPILED[label].search(head)) for label in LEXICON)


def test_whitespace_is_every_character_of_str_isspace():
    assert set(WHITESPACE) == {c for c in map(chr, range(0x110000)) if c.isspace()}


def test_requirements_follow_literals_through_choices_and_whitespace():
    # "\x08": a word boundary, spelled where the pattern's \b is (" mo\x08" is not in " month\x08": both stay)
    required = _requirements(list(sre_parse.parse(r"\b(?:per|al)\s+(?:month|mo|an)s?\b")))
    assert required == [
        frozenset({"\x08per ", "\x08al "}),
        frozenset({" month\x08", " months\x08", " mo\x08", " mos\x08", " an\x08", " ans\x08"}),
    ]
    assert _requirements(list(sre_parse.parse(r"\b\d"))) == [frozenset({"\\d"})]  # a boundary alone is none
    assert _requirements(list(sre_parse.parse(r"subscribe (now )?to (go|read)"))) == [
        frozenset({"subscribe to go", "subscribe to read", "subscribe now to go", "subscribe now to read"})
    ]
    assert _requirements(list(sre_parse.parse(r"\d\s?(months?|years?)"))) == [
        frozenset({"\\d"}),
        frozenset({"month", "year"}),  # ' months' holds 'month': the shorter is enough
    ]


_PIECES = ["per", "par", "al", "por", "month", "mo", "an", "a", "9", "€", "$", "3", "months", "subscribe", "to",
           "continue", "ago", "home", "plan", "usd", "rs", "rs.", "years", "and", "_", "é", "ad", "kr"]  # fmt: skip
_TEXTS = st.lists(st.one_of(st.sampled_from(_PIECES), st.sampled_from(list(WHITESPACE)), st.text(max_size=2)),
                  max_size=12).map("".join)  # fmt: skip


def test_literals_found_beside_word_characters_do_not_meet_a_boundary():
    """'rs' in 'years' and ' an' in ' and' admit no currency or period wording; at a boundary they do, whatever
    character (or edge) gives it, and the answers are the whole patterns' either way."""
    pure = _LexiconMatcher(LEXICON)
    pure.scanner = None
    heads = ["5 years", "rs 5", "rs.5", "(rs 5)", "_rs 5", "érs 5", "5 a month", "5 and more", "5 an", "5 an_", "5 ané"]
    for matcher in (_LexiconMatcher(LEXICON), pure):
        assert [tuple(matcher.hits(head).values()) for head in heads] == [_reference(head) for head in heads]
    pricing = [k for k, key in enumerate(pure.keys) if key[0] == "pricing"]
    currency = pricing[:2]  # a code before the amount, after it
    for head, searched in (("5 years", False), ("rs 5", True), ("_rs 5", False), ("érs 5", False)):
        for matcher in (_LexiconMatcher(LEXICON), pure):
            admitted = {k for _, k in matcher._admitted_many([head, "x"], automaton_text([head, "x"]))}
            assert set(currency) <= admitted if searched else admitted.isdisjoint(currency)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXTS, max_size=8), st.lists(_TEXTS, min_size=_FEW_HEADS, max_size=36))
def test_hits_with_any_whitespace_are_the_whole_patterns_searched(few, many):
    pure = _LexiconMatcher(LEXICON)
    pure.scanner = None  # the specification's automaton (pyahocorasick) and arrays
    for texts in (few, many):
        heads = [t.lower() for t in texts]
        want = [_reference(head) for head in heads]
        assert lexicon_hits_many(texts) == want
        assert lexicon_hits_array(texts).tolist() == [list(w) for w in want]
        assert pure.hits_many(heads) == want
        assert [tuple(pure.hits(head).values()) for head in heads] == want
