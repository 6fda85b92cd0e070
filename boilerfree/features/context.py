"""Context: the features of the neighbouring blocks (jusText's context-sensitive revision and Kohlschütter's
previous/next-block features): a short line between two paragraphs is content, the same line inside a menu is not."""

from __future__ import annotations

import numpy as np


def neighbours(values: np.ndarray, names: tuple[str, ...]) -> tuple[np.ndarray, tuple[str, ...]]:
    """For every column: the previous block's value, the next block's value, and the mean over the two blocks on
    each side (a missing neighbour counts as zero)."""
    n, k = values.shape
    prev = np.zeros_like(values)
    nxt = np.zeros_like(values)
    if n > 1:
        prev[1:] = values[:-1]
        nxt[:-1] = values[1:]
    padded = np.zeros((n + 4, k), dtype=values.dtype)
    padded[2 : n + 2] = values
    cumulative = np.cumsum(padded, axis=0)
    window = (cumulative[4:] - np.vstack([np.zeros((1, k), values.dtype), cumulative[: n - 1]])) if n else padded[:0]
    window = (window - values) / 4.0
    out_names = tuple(f"{p}_{name}" for p in ("prev", "next", "window") for name in names)
    return np.hstack([prev, nxt, window]), out_names
