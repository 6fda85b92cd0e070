"""`features.paywall.type_bits` (every token's type bits at once, OR-ed tuple by tuple) equals the per-tuple formula
it replaced, kept here as the specification."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree.features import paywall
from boilerfree.rules import CLASS_TOKENS, TYPED_ORDER

# tokens of every type, tokens of two types ('subscribe' is promo, 'subscriber' paywall), and of none
class_tokens = st.sampled_from(
    ["paywall", "piano", "price", "plan", "cookie", "legal", "ad", "share", "nav", "menu", "more", "subscribe",
     "subscriber", "footer", "article", "body", "ünïcode", "東京", ""]
)  # fmt: skip


def per_tuple(token_tuples: list[tuple[str, ...]]) -> list[int]:
    return [
        sum(1 << k for k, label in enumerate(TYPED_ORDER) if not CLASS_TOKENS[label].isdisjoint(tokens))
        for tokens in token_tuples
    ]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(class_tokens, max_size=5).map(tuple), max_size=12))
def test_type_bits_equal_the_per_tuple_formula(token_tuples):
    assert paywall.type_bits(token_tuples).tolist() == per_tuple(token_tuples)


def test_type_bits_of_empty_tuples_at_either_end():
    tuples = [(), ("nav",), (), ("paywall", "price"), ()]
    assert paywall.type_bits(tuples).tolist() == per_tuple(tuples)
    assert paywall.type_bits([]).tolist() == []
    assert paywall.type_bits([(), ()]).tolist() == [0, 0]
