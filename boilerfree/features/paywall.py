"""Paywall, pricing and other typed-boilerplate signals: the lexicon of `boilerfree.rules` matched on the text, the
same types' class/id tokens among the ancestors (vendor markers: Piano/Tinypass, Poool, Pelcro, LaterPay, Zephr...),
and schema.org ``isAccessibleForFree: false`` + ``cssSelector`` markup (Google's paywalled-content markup).

Class tokens are read apart for the block's own element and its two nearest ancestors (a box of that type) and for
the farther ones; tokens of containers that hold a large share of the page's words are not read at all. Those are
page wrappers or the article body itself ('l-wrapper gate ad', 'paywallAccessWrapper' around a gated article), never
a paywall box or an ad slot, and read as evidence they once removed whole articles."""

from __future__ import annotations

from itertools import chain, repeat

import numpy as np

from ..blocks import FLAG_SCHEMA_PAYWALL, Elements, Page
from ..hashing import _compiled
from ..rules import CLASS_TOKENS, LEXICON, NEAR_ANCESTORS, TYPED_ORDER, lexicon_hits_array
from .table import BlockTable, block_table

NAMES = (
    tuple(f"lexicon_{label}" for label in TYPED_ORDER)
    + tuple(f"class_{label}" for label in TYPED_ORDER)
    + ("schema_paywall", "page_has_schema_paywall")
    + tuple(f"class_far_{label}" for label in TYPED_ORDER)
)
_ANCESTOR_DEPTH = 8
WRAPPER_SHARE = 0.3  # a container with this share of the page's words (and at least WRAPPER_WORDS) is not a box
WRAPPER_WORDS = 150
# every class/id token of CLASS_TOKENS: a bit per type of TYPED_ORDER that lists it
_TOKEN_TYPES = {
    token: sum(1 << k for k, label in enumerate(TYPED_ORDER) if token in CLASS_TOKENS[label])
    for token in chain.from_iterable(CLASS_TOKENS[label] for label in TYPED_ORDER)
}
_LEXICON_COLUMNS = np.array([list(LEXICON).index(label) for label in TYPED_ORDER], dtype=np.int64)


def numeric(page: Page, blocks: BlockTable | None = None) -> np.ndarray:
    """One row per block, columns as in NAMES; the class/id columns are computed once per element, for all the
    blocks' elements at once (``blocks``: the page's `block_table`, made here when not given)."""
    segs = page.segments
    n = len(segs)
    n_types = len(TYPED_ORDER)
    out = np.zeros((n, len(NAMES)), dtype=np.float32)
    if not n:
        return out
    blocks = block_table(page) if blocks is None else blocks
    hits = lexicon_hits_array(blocks.texts)
    el = page.elements
    owners = blocks.owners
    near = far = None  # no element: no class/id bits
    if el is not None and max(owners) >= 0:
        wrapper_words = max(WRAPPER_SHARE * blocks.total_words, WRAPPER_WORDS)
        if _compiled is None:
            near, far = _class_bits(el, np.array(owners), wrapper_words)
        else:  # the same, one loop up the ancestors (`boilerfree._features.class_bits`)
            near, far = _compiled.class_bits(
                owners, el.parent, el.tokens, el.words, wrapper_words, _TOKEN_TYPES, _ANCESTOR_DEPTH, NEAR_ANCESTORS
            )
    flags = blocks.flags
    if _compiled is not None:  # the rest in one loop over the blocks (`boilerfree._features.paywall_rows`)
        _compiled.paywall_rows(out, hits.view(np.uint8), _LEXICON_COLUMNS, near, far, flags, FLAG_SCHEMA_PAYWALL)
        return out
    out[:, :n_types] = hits[:, _LEXICON_COLUMNS]
    if near is not None:
        bits = 1 << np.arange(n_types)
        out[:, n_types : 2 * n_types] = (near[:, None] & bits) != 0
        out[:, 2 * n_types + 2 :] = (far[:, None] & bits) != 0
    schema_col = 2 * n_types
    out[:, schema_col] = [bool(f & FLAG_SCHEMA_PAYWALL) for f in flags]
    if out[:, schema_col].any():
        out[:, schema_col + 1] = 1.0
    return out


def _class_bits(el: Elements, owners: np.ndarray, wrapper_words: float) -> tuple[np.ndarray, np.ndarray]:
    """Per block, a bit per type of TYPED_ORDER: do the class/id tokens of its element's near (then: far) ancestors
    name it? Containers with ``wrapper_words`` words or more are skipped; blocks without an element get none."""
    # elements share their token tuples (blocks.segment_html): each distinct tuple is looked up once
    distinct = list(dict.fromkeys(el.tokens))
    label_bits = dict(zip(distinct, type_bits(distinct).tolist()))
    masks = np.zeros(len(el.tokens) + 1, dtype=np.int64)  # the last entry stands for "no element"
    masks[:-1] = np.fromiter(map(label_bits.__getitem__, el.tokens), dtype=np.int64, count=len(el.tokens))
    parent = np.array([*el.parent, -1])
    small = np.array([*el.words, 0]) < wrapper_words
    near = np.zeros(len(owners), dtype=np.int64)
    far = np.zeros(len(owners), dtype=np.int64)
    at = np.where(owners >= 0, owners, -1)
    for level in range(_ANCESTOR_DEPTH):
        bits = np.where(small[at], masks[at], 0)
        if level < NEAR_ANCESTORS:
            near |= bits
        else:
            far |= bits
        at = parent[at]
    return near, far


def type_bits(token_tuples: list[tuple[str, ...]]) -> np.ndarray:
    """Per tuple of class/id tokens, a bit per type of TYPED_ORDER: does a token of the tuple name it (is it one of
    ``CLASS_TOKENS[label]``)? The bits of every token at once, OR-ed tuple by tuple."""
    lengths = np.fromiter(map(len, token_tuples), dtype=np.int64, count=len(token_tuples))
    n_tokens = int(lengths.sum())
    if not n_tokens:
        return np.zeros(len(token_tuples), dtype=np.int64)
    flat = np.zeros(n_tokens + 1, dtype=np.int64)  # the last entry ends the last tuple's run
    flat[:-1] = np.fromiter(
        map(_TOKEN_TYPES.get, chain.from_iterable(token_tuples), repeat(0)), dtype=np.int64, count=n_tokens
    )
    bits = np.bitwise_or.reduceat(flat, np.cumsum(lengths) - lengths)
    bits[lengths == 0] = 0  # reduceat gives an empty tuple's run the next tuple's first token
    return bits
