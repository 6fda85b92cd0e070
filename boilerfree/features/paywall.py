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
    """One row per block, columns as in NAMES; the ancestors' class/id columns are computed once per element."""
    segs = page.segments
    el = page.elements
    by_owner: dict[int, tuple[float, ...]] = {}
    no_tokens = (0.0,) * len(TYPED_ORDER)
    rows = []
    for seg in segs:
        hits = lexicon_hits(seg.text)
        classes = no_tokens
        if el is not None and seg.owner >= 0:
            classes = by_owner.get(seg.owner)
            if classes is None:
                tokens = el.ancestor_tokens(seg.owner, _ANCESTOR_DEPTH)
                classes = tuple(1.0 if tokens & CLASS_TOKENS[label] else 0.0 for label in TYPED_ORDER)
                by_owner[seg.owner] = classes
        schema = 1.0 if seg.flags & FLAG_SCHEMA_PAYWALL else 0.0
        rows.append((*[1.0 if hits[label] else 0.0 for label in TYPED_ORDER], *classes, schema, 0.0))
    out = np.array(rows, dtype=np.float32).reshape(len(segs), len(NAMES))
    if len(segs) and out[:, -2].any():
        out[:, -1] = 1.0
    return out
