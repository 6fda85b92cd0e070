"""Lexical features: hashed word unigrams and bigrams of the block text (no vocabulary file, as with scikit-learn's
HashingVectorizer), plus the block's first word and whole short texts, which carry menus and buttons, and the shape
of short texts (digits and words collapsed: "Stand: 08.07.2026 05:00 Uhr" -> "a: 9.9.9 9:9 a"), which generalises
dates, prices, counters and page numbers across sites and languages."""

from __future__ import annotations

import re

from ..blocks import Page

_DIGITS = re.compile(r"\d+")
_LETTERS = re.compile(r"[^\W\d_]+")
MAX_WORDS = 40  # the head of a long paragraph says enough; hashing all of it costs time for nothing


def tokens(page: Page, words: list[list[str]]) -> list[list[str]]:
    """One token list per block of ``page`` (``words``: its lower-cased words, from `block_words`). Bigrams are
    formatted in one step (an f-string builds one string; two concatenations build two); a text the page repeats
    ("Share", "Advertisement", a teaser's title) is tokenised once, and its later blocks get a copy of the list."""
    out = []
    seen: dict[str, list[str]] = {}
    for seg, toks in zip(page.segments, words):
        text = seg.text
        known = seen.get(text)
        if known is not None:  # the same text has the same words (block_words), so the same tokens
            out.append(list(known))
            continue
        head = toks[:MAX_WORDS]
        feats = ["w:" + t for t in head]
        feats += [f"b:{a}_{b}" for a, b in zip(head, head[1:])]
        n = len(toks)
        if n:
            feats.append("first:" + toks[0])
            feats.append("last:" + toks[-1])
            if n <= 8:
                if n <= 6:
                    feats.append("whole:" + " ".join(toks))
                feats.append("shape:" + shape(text))
        seen[text] = feats
        out.append(feats)
    return out


def shape(text: str) -> str:
    """Digits and runs of letters collapsed, punctuation and spacing kept (the first 60 characters)."""
    return _LETTERS.sub("a", _DIGITS.sub("9", text[:60]))
