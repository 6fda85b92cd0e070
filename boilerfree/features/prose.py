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
from ..hashing import _compiled
from .table import BlockTable, block_table

NAMES = ("prose", "log_run_chars", "run_share", "in_top_run", "log_gap_to_prose", "bridged")

_SENTENCE_END = re.compile(r"[.!?。！？…\"'”»)]\s*$")
_END_MARKS = frozenset(".!?。！？…\"'”»)")  # _SENTENCE_END's class
PROSE_WORDS = 6  # or PROSE_CHARS of text without spaces (Chinese, Japanese)
PROSE_CHARS = 40
BRIDGE_WORDS = 15  # a non-prose block this short (a subheading, a caption) does not end a run


def is_prose(text: str, words: int) -> bool:
    """A sentence-like block: several words (or many characters) ending with a sentence mark: the last character
    that is not whitespace is one of _SENTENCE_END's (what its search finds, without a scan of the whole text;
    str.rstrip strips the characters \\s matches)."""
    if not (words >= PROSE_WORDS or len(text) >= PROSE_CHARS and " " not in text):
        return False
    end = text.rstrip()[-1:]
    return bool(end) and end in _END_MARKS


def numeric(page: Page, blocks: BlockTable | None = None) -> np.ndarray:
    """One row per block, columns as in NAMES: by the compiled loop when it is built (`boilerfree._features.
    prose_rows`, which reads ``blocks``, the page's `block_table`), else by `numeric_of_runs`, its specification."""
    if not page.segments:
        return np.zeros((0, len(NAMES)), dtype=np.float32)
    if _compiled is None:
        return numeric_of_runs(page)
    blocks = block_table(page) if blocks is None else blocks
    return _compiled.prose_rows(
        blocks.texts, blocks.columns, "".join(sorted(_END_MARKS)), PROSE_WORDS, PROSE_CHARS, BRIDGE_WORDS
    )


def numeric_of_runs(page: Page) -> np.ndarray:
    """`numeric` of a page with blocks, by list and array operations."""
    segs = page.segments
    n = len(segs)
    prose = [is_prose(s.text, s.words) for s in segs]
    run, bridged, run_chars = _runs(segs, prose)
    total = sum(run_chars) or 1.0
    top = int(np.argmax(run_chars)) if run_chars else -1
    prose_at = np.flatnonzero(prose)
    positions = np.arange(n)
    if prose_at.size:  # distance to the nearest prose block: the one at or after, or the one before
        after = np.minimum(np.searchsorted(prose_at, positions), prose_at.size - 1)
        before = np.maximum(after - 1, 0)
        gaps = np.minimum(np.abs(prose_at[after] - positions), np.abs(prose_at[before] - positions)).tolist()
    else:
        gaps = [n] * n
    in_run = run >= 0
    of_run = np.where(in_run, run, 0)  # the run of each block (0 where none: masked below)
    run_logs = np.array([*map(math.log1p, run_chars), 0.0])[of_run]
    run_shares = (np.array([*run_chars, 0.0]) / total)[of_run]
    columns = [
        prose,
        np.where(in_run, run_logs, 0.0),
        np.where(in_run, run_shares, 0.0),
        in_run & (run == top),
        list(map(math.log1p, gaps)),
        bridged,
    ]
    return np.column_stack([np.asarray(c, dtype=np.float64) for c in columns]).astype(np.float32)


def _runs(segs: list, prose: list[bool]) -> tuple[np.ndarray, list[bool], list[float]]:
    """The run of every block (-1: none), whether it bridges its run, and the characters of every run: consecutive
    prose blocks, where one short non-prose block between two prose blocks bridges them."""
    n = len(segs)
    run = [-1] * n
    bridged = [False] * n
    run_chars: list[float] = []
    current = -1
    for i in range(n):
        if prose[i]:
            if current < 0:
                run_chars.append(0.0)
                current = len(run_chars) - 1
            run[i] = current
            run_chars[current] += float(len(segs[i].text))
        elif current >= 0 and i + 1 < n and prose[i + 1] and segs[i].words <= BRIDGE_WORDS and not bridged[i - 1]:
            run[i] = current
            bridged[i] = True
        else:
            current = -1
    return np.array(run), bridged, run_chars
