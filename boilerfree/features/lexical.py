"""Lexical features: hashed word unigrams and bigrams of the block text (no vocabulary file, as with scikit-learn's
HashingVectorizer), plus the block's first word and whole short texts, which carry menus and buttons."""

from __future__ import annotations

from ..blocks import Page

MAX_WORDS = 40  # the head of a long paragraph says enough; hashing all of it costs time for nothing


def tokens(page: Page, words: list[list[str]]) -> list[list[str]]:
    """One token list per block of ``page`` (``words``: its lower-cased words, from `block_words`)."""
    out = []
    for toks in words:
        head = toks[:MAX_WORDS]
        feats = ["w:" + t for t in head]
        feats.extend("b:" + a + "_" + b for a, b in zip(head, head[1:]))
        if toks:
            feats.append("first:" + toks[0])
            feats.append("last:" + toks[-1])
        if 0 < len(toks) <= 6:
            feats.append("whole:" + " ".join(toks))
        out.append(feats)
    return out
