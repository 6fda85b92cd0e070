"""Paywall, pricing and other typed-boilerplate signals: the lexicon of `boilerfree.rules` matched on the text, the
same types' class/id tokens among the ancestors (vendor markers: Piano/Tinypass, Poool, Pelcro, LaterPay, Zephr...),
and schema.org ``isAccessibleForFree: false`` + ``cssSelector`` markup (Google's paywalled-content markup)."""

from __future__ import annotations

import numpy as np

from ..blocks import FLAG_SCHEMA_PAYWALL, Page
from ..rules import CLASS_TOKENS, TYPED_ORDER, lexicon_hits

NAMES = (
    tuple(f"lexicon_{label}" for label in TYPED_ORDER)
    + tuple(f"class_{label}" for label in TYPED_ORDER)
    + ("schema_paywall", "page_has_schema_paywall")
)
_ANCESTOR_DEPTH = 8


def numeric(page: Page) -> np.ndarray:
    """One row per block, columns as in NAMES; the class/id columns are looked up once per distinct token tuple of
    an element and once per parent for everything above it."""
    segs = page.segments
    el = page.elements
    # the tokens of an element and its ancestors are the element's plus those of its parent and the parent's
    # ancestors, one level fewer
    by_tokens: dict[tuple[str, ...], tuple[bool, ...]] = {}
    by_parent: dict[int, tuple[bool, ...]] = {}
    no_tokens = (0.0,) * len(TYPED_ORDER)
    rows = []
    for seg in segs:
        hits = lexicon_hits(seg.text)
        classes = no_tokens
        if el is not None and seg.owner >= 0:
            own = el.tokens[seg.owner]
            own_types = by_tokens.get(own)
            if own_types is None:
                own_types = by_tokens[own] = _types(own)
            parent = el.parent[seg.owner]
            above = by_parent.get(parent)
            if above is None:
                tokens_above = el.ancestor_tokens(parent, _ANCESTOR_DEPTH - 1) if parent >= 0 else ()
                above = by_parent[parent] = _types(tokens_above)
            classes = tuple(1.0 if a or b else 0.0 for a, b in zip(own_types, above))
        schema = 1.0 if seg.flags & FLAG_SCHEMA_PAYWALL else 0.0
        rows.append((*[1.0 if hits[label] else 0.0 for label in TYPED_ORDER], *classes, schema, 0.0))
    out = np.array(rows, dtype=np.float32).reshape(len(segs), len(NAMES))
    if len(segs) and out[:, -2].any():
        out[:, -1] = 1.0
    return out


def _types(tokens) -> tuple[bool, ...]:
    """Per type of TYPED_ORDER: do the class/id tokens name it?"""
    return tuple(not CLASS_TOKENS[label].isdisjoint(tokens) for label in TYPED_ORDER)
