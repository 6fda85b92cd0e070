"""The blocks of a page as columns: each block's text and the attributes the feature families read, read once.

A `Segment` attribute costs ~20 ns a read, and the families' loops read a block's attributes a few dozen times
(its words in five of them); read once into lists and one int64 array, they cost a fifth of that."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..blocks import Page, Segment
from ..hashing import _compiled

# the rows of `BlockTable.columns`
OWNER, WORDS, LINK_CHARS, HEADING, FLAGS, BLANK_BEFORE = range(6)


@dataclass(frozen=True)
class BlockTable:
    """Per block: its text, owner and flags (lists, as the families that take lists read them), and the int64 rows
    of ``columns``: owner, words, link_chars, heading, flags, blank_before (0 or 1)."""

    texts: list[str]
    owners: list[int]
    flags: list[int]
    columns: np.ndarray  # int64, 6 x blocks, C order

    @property
    def words(self) -> np.ndarray:
        return self.columns[WORDS]

    @property
    def total_words(self) -> int:
        """`Page.total_words`."""
        return int(self.columns[WORDS].sum())


def block_table(page: Page) -> BlockTable:
    """The page's `BlockTable`: by the compiled loop when it is built (`boilerfree._features.block_table`: each
    attribute read once, in one pass), else by `block_table_of_segments`, its specification."""
    if _compiled is not None:
        return BlockTable(*_compiled.block_table(page.segments))
    return block_table_of_segments(page.segments)


def block_table_of_segments(segments: list[Segment]) -> BlockTable:
    """`block_table` of these segments, by list comprehensions."""
    owners = [s.owner for s in segments]
    flags = [s.flags for s in segments]
    rows = [owners, [s.words for s in segments], [s.link_chars for s in segments], [s.heading for s in segments],
            flags, [int(bool(s.blank_before)) for s in segments]]  # fmt: skip
    columns = np.array(rows, dtype=np.int64).reshape(6, len(segments))
    return BlockTable([s.text for s in segments], owners, flags, columns)
