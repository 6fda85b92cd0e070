"""The lexicon matcher (`boilerfree.rules.lexicon_hits`) gives exactly the answers of searching each label's whole
pattern, however it skips work."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree.rules import COMPILED, LEXICON, LEXICON_CHARS, _LexiconMatcher, _top_level_alternatives, lexicon_hits


def reference_hits(text: str) -> dict[str, bool]:
    head = text[:LEXICON_CHARS].lower()
    return {label: bool(pattern.search(head)) for label, pattern in COMPILED.items()}


SAMPLES = [
    "Subscribe now to continue reading",
    "subscribe today",
    "You have reached your limit of free articles",
    "Already a subscriber? Log in",
    "₹900 / 3 Months",
    "3 Months",
    "5 years ago",
    "€9 a month, cancel anytime",
    "Only 9.99 per month",
    "Rs. 499",
    "© 2024 Example Media. All rights reserved.",
    "We use cookies to improve your experience",
    "Sign up for our newsletter",
    "Advertisement",
    "ad",
    "Home",
    "News › World › Europe",
    "Read more",
    "Tags: politics, europe",
    "有料会員限定の記事です",
    "सब्सक्राइब करें",
    "A plain paragraph about the weather, with no boilerplate in it at all.",
    "",
    "{{free_limit}} articles remaining",
    "monthly plan",
    "half-yearly pass",
    "Das könnte Sie auch interessieren",
    "Ähnliche Beiträge",
    "Leave a Reply",
    "142 Antworten zu „Tomaten richtig schneiden“",
    "Deine E-Mail-Adresse wird nicht veröffentlicht.",
    "Über den Autor",
]


def test_hits_equal_the_whole_patterns_on_typical_wordings():
    for text in SAMPLES:
        assert lexicon_hits(text) == reference_hits(text), text


def test_split_alternatives_rejoin_to_the_pattern():
    for patterns in LEXICON.values():
        for pattern in patterns:
            parts = _top_level_alternatives(pattern)
            assert "|".join(parts) == pattern
            for part in parts:
                re.compile(part)  # each part is a whole expression: no group or class cut in two
    assert _top_level_alternatives(r"a[|(]b|(c|d)|\|e|[]|]f") == ["a[|(]b", "(c|d)", r"\|e", "[]|]f"]


def test_a_lexicon_with_unfilterable_alternatives_still_matches():
    matcher = _LexiconMatcher({"x": [r"\w+ing\b|^only$", r"(?i:caps)|\d{3}"], "y": ["^anchored only"]})
    assert matcher.hits("walking") == {"x": True, "y": False}
    assert matcher.hits("123") == {"x": True, "y": False}
    assert matcher.hits("anchored only here") == {"x": False, "y": True}
    assert matcher.hits("no match") == {"x": False, "y": False}


# Text made of lexicon fragments, digits, currency signs and punctuation, so that near-misses are common.
_FRAGMENTS = [
    "subscribe", "to", "continue", "per", "month", "a", "year", "$", "€", "9", "99", "/", "mo", "|", "›", ">", "©",
    "cookie", "consent", "share", "newsletter", "app", "home", "read more", "free", "trial", "plan", "ad", " ", "-",
    "already", "subscriber", "log in", "abonnent", "ago", "months", "\u00a0", "\n", "年", "月", "円", "e-paper",
]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.text(max_size=3)), max_size=30))
def test_hits_equal_the_whole_patterns_on_generated_text(parts):
    text = "".join(parts)
    assert lexicon_hits(text) == reference_hits(text)
