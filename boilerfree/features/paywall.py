"""Paywall, pricing and other typed-boilerplate signals: the lexicon of `boilerfree.rules` matched on the text, the
same types' class/id tokens among the ancestors (vendor markers: Piano/Tinypass, Poool, Pelcro, LaterPay, Zephr...),
and schema.org ``isAccessibleForFree: false`` + ``cssSelector`` markup (Google's paywalled-content markup).

Class tokens are read apart for the block's own element and its two nearest ancestors (a box of that type) and for
the farther ones; tokens of containers that hold a large share of the page's words are not read at all. Those are
page wrappers or the article body itself ('l-wrapper gate ad', 'paywallAccessWrapper' around a gated article), never
a paywall box or an ad slot, and read as evidence they once removed whole articles."""

from __future__ import annotations

import numpy as np

from ..blocks import FLAG_SCHEMA_PAYWALL, Elements, Page
from ..rules import CLASS_TOKENS, NEAR_ANCESTORS, TYPED_ORDER, lexicon_hits

NAMES = (
    tuple(f"lexicon_{label}" for label in TYPED_ORDER)
    + tuple(f"class_{label}" for label in TYPED_ORDER)
    + ("schema_paywall", "page_has_schema_paywall")
    + tuple(f"class_far_{label}" for label in TYPED_ORDER)
)
_ANCESTOR_DEPTH = 8
WRAPPER_SHARE = 0.3  # a container with this share of the page's words (and at least WRAPPER_WORDS) is not a box
WRAPPER_WORDS = 150


def numeric(page: Page) -> np.ndarray:
    """One row per block, columns as in NAMES; the class/id columns are computed once per element."""
    segs = page.segments
    el = page.elements
    n_types = len(TYPED_ORDER)
    no_classes = (0.0,) * (2 * n_types)
    wrapper_words = max(WRAPPER_SHARE * page.total_words, WRAPPER_WORDS)
    by_owner: dict[int, tuple[float, ...]] = {}
    rows = []
    for seg in segs:
        hits = lexicon_hits(seg.text)
        classes = no_classes
        if el is not None and seg.owner >= 0:
            classes = by_owner.get(seg.owner)
            if classes is None:
                classes = by_owner[seg.owner] = _class_columns(el, seg.owner, wrapper_words)
        schema = 1.0 if seg.flags & FLAG_SCHEMA_PAYWALL else 0.0
        rows.append(
            (*[1.0 if hits[label] else 0.0 for label in TYPED_ORDER], *classes[:n_types], schema, 0.0,
             *classes[n_types:])
        )  # fmt: skip
    out = np.array(rows, dtype=np.float32).reshape(len(segs), len(NAMES))
    schema_col = 2 * n_types
    if len(segs) and out[:, schema_col].any():
        out[:, schema_col + 1] = 1.0
    return out


def _class_columns(el: Elements, owner: int, wrapper_words: float) -> tuple[float, ...]:
    """Per type of TYPED_ORDER, do the near (then: the far) ancestors' class/id tokens name it? Containers with
    ``wrapper_words`` words or more are skipped."""
    near: set[str] = set()
    far: set[str] = set()
    for level, a in enumerate(el.ancestors(owner, _ANCESTOR_DEPTH)):
        if el.words[a] < wrapper_words:
            (near if level < NEAR_ANCESTORS else far).update(el.tokens[a])
    return tuple(1.0 if not CLASS_TOKENS[label].isdisjoint(near) else 0.0 for label in TYPED_ORDER) + tuple(
        1.0 if not CLASS_TOKENS[label].isdisjoint(far) else 0.0 for label in TYPED_ORDER
    )
