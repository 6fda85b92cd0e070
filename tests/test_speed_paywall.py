"""`features.paywall.type_bits` (every token's type bits at once, OR-ed tuple by tuple) equals the per-tuple formula
it replaced, kept here as the specification; `features.paywall.numeric`'s compiled rows
(`boilerfree._features.paywall_rows`) equal its numpy way."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_speed_compiled import without_compiled

from boilerfree.blocks import segment
from boilerfree.document import load_document
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


# blocks of paywall, price and plain text in boxes of typed and plain classes, under a schema.org selector or not
block_texts = st.sampled_from(
    ["Already a subscriber? Log in", "Subscribe for $4.99/month", "We use cookies.", "The minister said on Tuesday.",
     "Share this article", "Advertisement", "東京の記事"]
)  # fmt: skip
boxes = st.tuples(st.lists(class_tokens, max_size=3), st.lists(block_texts, min_size=1, max_size=3), st.booleans())
_SCHEMA = (
    '<script type="application/ld+json">{"isAccessibleForFree": false, "hasPart": {"@type": "WebPageElement", '
    '"isAccessibleForFree": false, "cssSelector": ".locked"}}</script>'
)


def both_ways(page):
    compiled = paywall.numeric(page)
    with without_compiled(paywall):
        specification = paywall.numeric(page)
    return compiled, specification


@pytest.mark.skipif(paywall._compiled is None, reason="boilerfree._features is not built (or BOILERFREE_PURE=1)")
@settings(max_examples=150, deadline=None)
@given(
    st.lists(boxes, max_size=6), st.lists(class_tokens, max_size=2), st.booleans(), st.sampled_from(("html", "text"))
)
def test_compiled_paywall_rows_are_the_numpy_rows(box_list, outer, schema, fmt):
    body = "".join(
        f"<div class='{' '.join(tokens)}{' locked' if locked else ''}'>{''.join(f'<p>{t}</p>' for t in texts)}</div>"
        for tokens, texts, locked in box_list
    )
    body = f"<div class='{' '.join(outer)}'><section><div><div>{body}</div></div></section></div>"  # far ancestors
    html = f"<html><head>{_SCHEMA if schema else ''}</head><body>{body}</body></html>"
    document = html if fmt == "html" else "\n\n".join(t for _, texts, _ in box_list for t in texts)
    compiled, specification = both_ways(segment(load_document(document, format=fmt)))
    assert compiled.tobytes() == specification.tobytes()
