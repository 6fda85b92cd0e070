"""Prose runs: where the page's running text is, read from the shape of the blocks alone.

An article is a run of consecutive sentence-like blocks; menus, plan cards and link lists break it into short lines.
Finn, Kushmerick and Smyth's body-text extraction (2001) and Weninger's text-to-tag ratio find the main region the
same way, by the densest stretch of text. In text mode (no DOM, no ancestors) this is the only sign of the article's
region that does not depend on wording, so it carries what container features carry for HTML: a short line inside
the page's longest run is a paragraph; the same line between two menus is not.
"""

from __future__ import annotations

import math
import re

import numpy as np

from ..blocks import Page

NAMES = ("prose", "log_run_chars", "run_share", "in_top_run", "log_gap_to_prose", "bridged")

_SENTENCE_END = re.compile(r"[.!?。！？…\"'”»)]\s*$")
PROSE_WORDS = 6  # or PROSE_CHARS of text without spaces (Chinese, Japanese)
PROSE_CHARS = 40
BRIDGE_WORDS = 15  # a non-prose block this short (a subheading, a caption) does not end a run


def is_prose(text: str, words: int) -> bool:
    """A sentence-like block: several words (or many characters) ending with a sentence mark."""
    return (words >= PROSE_WORDS or len(text) >= PROSE_CHARS and " " not in text) and bool(_SENTENCE_END.search(text))


def numeric(page: Page) -> np.ndarray:
    """One row per block, columns as in NAMES."""
    segs = page.segments
    n = len(segs)
    if not n:
        return np.zeros((0, len(NAMES)), dtype=np.float32)
    prose = np.array([is_prose(s.text, s.words) for s in segs])
    chars = np.array([len(s.text) for s in segs], dtype=np.float64)
    # runs: consecutive prose blocks; one short non-prose block between two prose blocks bridges them
    run = np.full(n, -1)
    bridged = np.zeros(n, dtype=bool)
    run_chars: list[float] = []
    current = -1
    for i in range(n):
        if prose[i]:
            if current < 0:
                run_chars.append(0.0)
                current = len(run_chars) - 1
            run[i] = current
            run_chars[current] += chars[i]
        elif (
            current >= 0 and i + 1 < n and prose[i + 1] and segs[i].words <= BRIDGE_WORDS and not bridged[i - 1]
        ):  # fmt: skip
            run[i] = current
            bridged[i] = True
        else:
            current = -1
    total = sum(run_chars) or 1.0
    top = int(np.argmax(run_chars)) if run_chars else -1
    prose_at = np.flatnonzero(prose)
    if prose_at.size:  # distance to the nearest prose block: the one at or after, or the one before
        after = np.minimum(np.searchsorted(prose_at, np.arange(n)), prose_at.size - 1)
        before = np.maximum(after - 1, 0)
        positions = np.arange(n)
        gaps = np.minimum(np.abs(prose_at[after] - positions), np.abs(prose_at[before] - positions)).tolist()
    else:
        gaps = [n] * n
    rows = []
    for i in range(n):
        r = run[i]
        if r >= 0:
            in_run = (math.log1p(run_chars[r]), run_chars[r] / total, float(r == top))
        else:
            in_run = (0.0, 0.0, 0.0)
        rows.append((float(prose[i]), *in_run, math.log1p(gaps[i]), float(bridged[i])))
    return np.array(rows, dtype=np.float32)
