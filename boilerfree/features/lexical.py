"""Lexical features: hashed word unigrams and bigrams of the block text (no vocabulary file, as with scikit-learn's
HashingVectorizer), plus the block's first word and whole short texts, which carry menus and buttons, and the shape
of short texts (digits and words collapsed: "Stand: 08.07.2026 05:00 Uhr" -> "a: 9.9.9 9:9 a"), which generalises
dates, prices, counters and page numbers across sites and languages."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from ..blocks import ASTRAL, ASTRAL_MARKS, BMP_MARKS, Page
from ..hashing import HashedRows, TokenHasher, _compiled

if TYPE_CHECKING:
    from .._features import PageWords

_DIGITS = re.compile(r"\d+")
MAX_WORDS = 40  # the head of a long paragraph says enough; hashing all of it costs time for nothing
WHOLE_WORDS = 6  # a text of at most this many words is also a token as a whole
SHAPE_WORDS = 8  # and of at most this many, its shape
SHAPE_CHARS = 60  # of the text's first this many characters


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
            if n <= SHAPE_WORDS:
                if n <= WHOLE_WORDS:
                    feats.append("whole:" + " ".join(toks))
                feats.append("shape:" + shape(text))
        seen[text] = feats
        out.append(feats)
    return out


def shape(text: str) -> str:
    """Digits and runs of letters (and the combining marks after them) collapsed, punctuation and spacing kept (the
    first 60 characters)."""
    return _letters().sub("a", _DIGITS.sub("9", text[:SHAPE_CHARS]))


@cache
def _letters() -> re.Pattern[str]:
    """A run of letters and the combining marks after them (those past the BMP tried at a character past it, as in
    blocks.WORD); compiled when first used (2 ms), which the compiled shapes (`_features`) never do."""
    letter_or_mark = rf"(?:[^\W\d_]|[{BMP_MARKS}])*"
    return re.compile(rf"[^\W\d_]{letter_or_mark}(?:{ASTRAL}[{ASTRAL_MARKS}]{letter_or_mark})*")


def token_columns(
    page: Page, words: list[list[str]] | PageWords, hasher: TokenHasher, texts: list[str] | None = None
) -> HashedRows | list[list[str]]:
    """`tokens`, hashed into ``hasher``'s columns by the compiled loop when the words are compiled ones
    (`boilerfree._features.lexical_columns`: the tokens are never made as strings, but written from the words'
    UTF-8; each distinct text's are hashed once, and every block given its text's columns in the same loop;
    `token_columns_of_hashes` is its specification); `tokens` itself for words as lists: the hasher takes either
    (``texts``: the blocks' texts, when the caller has them)."""
    if isinstance(words, list):
        return tokens(page, words)
    return HashedRows(
        *_compiled.lexical_columns(
            [seg.text for seg in page.segments] if texts is None else texts, words, MAX_WORDS, WHOLE_WORDS,
            SHAPE_WORDS, SHAPE_CHARS, hasher.n_features,
        )
    )  # fmt: skip


def token_columns_of_hashes(page: Page, words: PageWords, hasher: TokenHasher) -> HashedRows:
    """`token_columns` of compiled words by the compiled hashing of the distinct texts
    (`boilerfree._features.lexical_hashes`) and array operations that give each block its text's columns."""
    number: dict[str, int] = {}  # each distinct text, numbered; the words of its first block
    firsts: list[int] = []
    rows = []
    for i, seg in enumerate(page.segments):
        known = number.get(seg.text)
        if known is None:
            known = number[seg.text] = len(firsts)
            firsts.append(i)
        rows.append(known)
    texts = list(number)  # in the order of firsts
    lengths, hashes = _compiled.lexical_hashes(
        words, np.array(firsts, dtype=np.int64), texts, MAX_WORDS, WHOLE_WORDS, SHAPE_WORDS, SHAPE_CHARS
    )
    columns = np.abs(hashes.astype(np.int64)) % hasher.n_features  # as TokenHasher.columns
    if len(firsts) == len(rows):
        return HashedRows(lengths, columns)
    at_row = np.array(rows, dtype=np.int64)
    starts = np.cumsum(lengths) - lengths
    taken = lengths[at_row]
    at = np.repeat(starts[at_row] - (np.cumsum(taken) - taken), taken) + np.arange(taken.sum())
    return HashedRows(taken, columns[at])
