"""Page-level relations of a block: does it repeat the page's title, and how often does its text occur on the page.

- The headline is content but looks like a teaser's title; what sets it apart is that it repeats the page's own
  ``<title>`` / og:title (the signal trafilatura's and Readability's title extraction use), and it comes first.
- Text that occurs several times on one page ("Advertisement", "Share", "Read more", a teaser repeating the
  headline) is template, not article: Finn et al.'s body-text and Gibson et al.'s template detection both read
  repetition as a boilerplate sign. Only later copies are marked as repeats, so the first headline stays content.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING

import numpy as np

from ..blocks import WORD, Page
from ..hashing import _compiled

if TYPE_CHECKING:
    from .._features import PageWords

NAMES = ("title_dice", "title_contained", "first_title_match", "log_copies", "repeat")
MATCH = 0.6


def title_sets(page: Page) -> list[set[str]]:
    """The lower-cased words of each of the page's titles (`Page.titles`)."""
    return [s for s in (set(WORD.findall(t.lower())) for t in page.titles) if s]


def title_dice(block: set[str], titles: list[set[str]]) -> float:
    """The best Dice overlap of a block's words with a title's: at least MATCH names the headline."""
    return max(2 * len(block & t) / (len(block) + len(t)) for t in titles)


def headline_block(page: Page) -> int | None:
    """Index of the page's headline: the first h1/h2 whose words match the page's ``<title>`` or og:title (a
    site-name h1 does not), None in text mode or when none does. Gold alignment never teaches it as boilerplate
    (`align.label_by_gold`), and the second stage reads it (`scores.NAMES`: headline)."""
    titles = title_sets(page)
    if not titles:
        return None
    for i, seg in enumerate(page.segments):
        if seg.heading in (1, 2):
            words = set(WORD.findall(seg.text.lower()))
            if words and title_dice(words, titles) >= MATCH:
                return i
    return None


def numeric(page: Page, words: list[list[str]] | PageWords) -> np.ndarray:
    """One row per block, columns as in NAMES (``words``: lower-cased words of each block, `features.page_words`).
    Most values are 0: a block that shares no word with any title skips the title arithmetic, a text the page holds
    once has no copies. The loop below is the specification of the compiled one that reads compiled words
    (`boilerfree._features.title_and_copy_rows`: the words and the keys compared as UTF-8, with no string made)."""
    titles = title_sets(page)
    if not isinstance(words, list):
        return _compiled.title_and_copy_rows(words, titles, MATCH)
    n = len(page.segments)
    keys = [" ".join(w) for w in words]
    seen = Counter(keys)
    out = np.zeros((n, len(NAMES)), dtype=np.float32)
    title_words = set().union(*titles)
    matched = False
    first_seen: set[str] = set()
    for i, (toks, key) in enumerate(zip(words, keys)):
        if titles and toks and not title_words.isdisjoint(toks):
            block = set(toks)
            dice = title_dice(block, titles)
            out[i, 0] = dice
            if len(block) >= 3:
                out[i, 1] = max(len(block & t) for t in titles) / len(block)
            if not matched and dice >= MATCH:
                out[i, 2] = 1.0
                matched = True
        if key and seen[key] > 1:
            out[i, 3] = math.log(seen[key])
            if key in first_seen:
                out[i, 4] = 1.0
            first_seen.add(key)
    return out
