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
    segs = page.segments
    out = np.zeros((len(segs), len(NAMES)), dtype=np.float32)
    el = page.elements
    n_types = len(TYPED_ORDER)
    for i, seg in enumerate(segs):
        row = out[i]
        hits = lexicon_hits(seg.text)
        for j, label in enumerate(TYPED_ORDER):
            if hits[label]:
                row[j] = 1.0
        if el is not None and seg.owner >= 0:
            tokens = el.ancestor_tokens(seg.owner, _ANCESTOR_DEPTH)
            for j, label in enumerate(TYPED_ORDER):
                if tokens & CLASS_TOKENS[label]:
                    row[n_types + j] = 1.0
        if seg.flags & FLAG_SCHEMA_PAYWALL:
            row[2 * n_types] = 1.0
    if len(segs) and out[:, 2 * n_types].any():
        out[:, 2 * n_types + 1] = 1.0
    return out
