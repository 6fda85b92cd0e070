"""Shallow text features of one block (Kohlschütter, Fankhauser and Nejdl 2010, "Boilerplate detection using
shallow text features"; stop-word density from jusText), plus the signs of scraped templates (``{{free_limit}}``).

The columns are computed for all blocks of a page at once: the blocks' texts are joined by "\n" and every character
is classified once (its classes as bits, by the same regular expressions the per-block code used, each looked up
once per distinct character), so a count of a class in a block is a difference of cumulative sums. Regular
expressions scanning each block one after the other cost more than all the other text features together.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from itertools import chain, count

import numpy as np

from ..blocks import Page
from .stopwords import stopword_set

NAMES = (
    "log_words", "log_chars", "avg_word_length", "link_density", "stopword_density", "digit_share", "upper_share",
    "punct_share", "currency", "ends_sentence", "starts_upper", "log_sentences", "log_commas", "placeholder",
    "title_case_share", "is_short", "is_long", "separator", "position", "words_before_share", "first_block",
    "blank_before",
)  # fmt: skip

_CURRENCY = re.compile(r"[$€£¥₹₩₽₺₫₱฿]|\b(?:rs\.?|r\$|usd|eur|inr)\s?\d", re.I)
_PLACEHOLDER = re.compile(r"{{.*?}}|{%.*?%}|%[sd]\b|\$\{\w+\}|\[\[\w+\]\]")
SAMPLE_CHARS = 400

# Character classes, one bit each; a feature's pattern in words, as a search of each block would read it:
_CLASSES = {
    "digit": r"\d",
    "upper": r"[A-ZÀ-ÖØ-ÞА-ЯΑ-Ω]",
    "punct": r"[^\w\s]",
    "letter": r"[^\W\d_]",
    "space": r"\s",  # the same characters as str.split's whitespace (both are Py_UNICODE_ISSPACE)
    "comma": r"[,、，]",
    "currency": r"[$€£¥₹₩₽₺₫₱฿]",  # _CURRENCY's first alternative
    "sentence_mark": r"[.!?。！？]",  # a sentence: one of these, then whitespace or the end: [.!?。！？](?:\s|$)
    "end_mark": r"[.!?。！？…:\"'”»)]",  # ends a sentence: one of these, then only whitespace: [...]\s*$
    "separator": r"[|•·/›»>]",  # between two whitespace characters: \s[|•·/›»>]\s
}
_BIT = {name: 1 << i for i, name in enumerate([*_CLASSES, "isupper"])}  # isupper: str.isupper


def _classify(chars: str) -> np.ndarray:
    """The class bits of each character of ``chars`` (distinct characters): each class's pattern replaces its
    members by a character that ``chars`` lacks (chr(128) for ASCII, else NUL: never a backslash)."""
    free = next(c for c in map(chr, count()) if c not in chars)
    bits = np.zeros(len(chars), dtype=np.uint16)
    for name, pattern in _CLASSES.items():
        bits[_code_points(re.sub(pattern, free, chars)) == ord(free)] |= _BIT[name]
    bits[np.fromiter(map(str.isupper, chars), dtype=bool, count=len(chars))] |= _BIT["isupper"]
    return bits


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


_ASCII_BITS = _classify("".join(map(chr, range(128))))


def character_classes(text: str) -> np.ndarray:
    """The class bits of every character of ``text``; characters beyond ASCII are classified once each."""
    points = _code_points(text)
    bits = _ASCII_BITS[np.minimum(points, 127)]
    wide = np.flatnonzero(points > 127)
    if wide.size:
        distinct, where = np.unique(points[wide], return_inverse=True)
        bits[wide] = _classify(distinct.tobytes().decode("utf-32-le", "surrogatepass"))[where]
    return bits


class _Blocks:
    """The blocks' texts, each followed by "\n" (a whitespace character, and in none of the other classes), with the
    class bits of every character: counts over each block, or over its first characters."""

    def __init__(self, texts: list[str]) -> None:
        self.joined = "\n".join(texts) + "\n"
        self.bits = character_classes(self.joined)
        self.lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        self.ends = np.cumsum(self.lengths + 1) - 1  # where each block's "\n" is
        self.starts = self.ends - self.lengths

    def has(self, name: str) -> np.ndarray:
        return (self.bits & _BIT[name]) != 0

    def count(self, mask: np.ndarray, head: int | None = None) -> np.ndarray:
        """Positions of ``mask`` (one per character) in each block, or in its first ``head`` characters. Sums
        over [start, end) and the ignored [end, next start), which is never empty; an empty block counts 0."""
        ends = self.ends if head is None else self.starts + np.minimum(self.lengths, head)
        bounds = np.column_stack([self.starts, ends]).ravel()
        sums = np.add.reduceat(mask, bounds, dtype=np.int64)[::2]
        return np.where(ends > self.starts, sums, 0)

    def matching(self, pattern: re.Pattern[str]) -> np.ndarray:
        """Does a search of each block find ``pattern``, for a pattern whose matches never hold a "\n"?"""
        found = np.zeros(len(self.lengths), dtype=bool)
        found[np.searchsorted(self.ends, [m.start() for m in pattern.finditer(self.joined)])] = True
        return found


def numeric(page: Page, words: list[list[str]], lang: str) -> np.ndarray:
    """One row per block, columns as in NAMES (``words``: the lower-cased words of each block). Each column is
    computed in float64 as the per-block arithmetic was (logarithms by math.log1p), so the float32 values match."""
    segs = page.segments
    n = len(segs)
    if not n:
        return np.zeros((0, len(NAMES)), dtype=np.float32)
    texts = [s.text for s in segs]
    blocks = _Blocks(texts)
    n_chars = blocks.lengths
    n_sample = np.minimum(n_chars, SAMPLE_CHARS)
    n_words = np.array([s.words for s in segs], dtype=np.int64)
    space = blocks.has("space")
    inner_space = space.copy()
    inner_space[blocks.ends] = False  # whitespace inside a block
    word_start = ~space & _shifted(space, 1, True)  # the "\n" between blocks is whitespace too
    letters = blocks.count(blocks.has("letter"), SAMPLE_CHARS)
    stop = stopword_set(lang)
    columns = [
        _log1p(n_words),
        _log1p(n_chars),
        np.minimum(_share(np.array(list(map(len, map("".join, words)))), n_words), 20.0) / 10.0,
        _share(np.array([s.link_chars for s in segs]), n_chars),
        _share(_stopword_counts(words, stop), n_words) if stop else np.zeros(n),
        _share(blocks.count(blocks.has("digit"), SAMPLE_CHARS), n_sample),
        blocks.count(blocks.has("upper"), SAMPLE_CHARS) / np.where(letters > 0, letters, 1),
        _share(blocks.count(blocks.has("punct"), SAMPLE_CHARS), n_sample),
        _currency(blocks, texts),
        _ends_sentence(blocks, space),
        blocks.count(blocks.has("isupper"), 1) > 0,
        _log1p(blocks.count(blocks.has("sentence_mark") & _shifted(space, -1))),
        _log1p(blocks.count(blocks.has("comma"))),
        blocks.matching(_PLACEHOLDER),  # its '.' does not match the "\n" after a block
        blocks.count(word_start & blocks.has("isupper")) / np.maximum(blocks.count(word_start), 1),
        n_words <= 3,
        n_words >= 30,
        blocks.count(blocks.has("separator") & _shifted(inner_space, 1) & _shifted(inner_space, -1)) > 0,
        np.arange(n) / n,
        (np.cumsum(n_words) - n_words) / max(page.total_words, 1),
        np.arange(n) == 0,
        [s.blank_before for s in segs],
    ]
    return np.column_stack([np.asarray(c, dtype=np.float64) for c in columns]).astype(np.float32)


def _shifted(mask: np.ndarray, offset: int, beyond: bool = False) -> np.ndarray:
    """mask[i - offset] at i (``beyond`` past the ends): offset 1 reads the previous character, -1 the next."""
    out = np.full_like(mask, beyond)
    if offset > 0:
        out[offset:] = mask[:-offset]
    else:
        out[:offset] = mask[-offset:]
    return out


def _currency(blocks: _Blocks, texts: list[str]) -> np.ndarray:
    """Does _CURRENCY match: at once for a currency sign; else searched in the blocks with a digit (every match
    holds one of the two)."""
    found = blocks.count(blocks.has("currency")) > 0
    for i in np.flatnonzero(~found & (blocks.count(blocks.has("digit")) > 0)).tolist():
        found[i] = _CURRENCY.search(texts[i]) is not None
    return found


def _ends_sentence(blocks: _Blocks, space: np.ndarray) -> np.ndarray:
    """Is the block's last character that is not whitespace an end mark?"""
    last = np.maximum.accumulate(np.where(space, -1, np.arange(len(space))))  # last non-space at or before i
    at = last[np.maximum(blocks.ends - 1, 0)]
    return (at >= blocks.starts) & (blocks.ends > blocks.starts) & ((blocks.bits[at] & _BIT["end_mark"]) != 0)


def _log1p(values: np.ndarray) -> list[float]:
    """math.log1p of each value: numpy's log1p may round differently (SIMD implementations)."""
    return list(map(math.log1p, values.tolist()))


def _share(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """part / whole, 0 where whole is 0."""
    return np.divide(part, whole, out=np.zeros(len(part)), where=whole != 0)


def _stopword_counts(words: list[list[str]], stop: frozenset[str]) -> np.ndarray:
    """How many of each block's words are stop words."""
    hits = np.fromiter(map(stop.__contains__, chain.from_iterable(words)), dtype=np.int64)
    cumulative = np.concatenate([[0], np.cumsum(hits)])
    lengths = np.array(list(map(len, words)), dtype=np.int64)
    ends = np.cumsum(lengths)
    return cumulative[ends] - cumulative[ends - lengths]


def bucket(value: float, edges: tuple[float, ...]) -> int:
    """Index of the first edge above ``value`` (a cheap way to let a linear model see non-linear shapes); ``edges``
    ascend."""
    return bisect_right(edges, value)


_WORD_EDGES = (1, 2, 3, 4, 6, 9, 13, 20, 30, 50, 80, 150)
_DENSITY_EDGES = (0.05, 0.2, 0.4, 0.6, 0.8, 0.95)
_STOPWORD_EDGES = (0.1, 0.2, 0.3, 0.4, 0.5)


def tokens(page: Page, features: np.ndarray) -> list[list[str]]:
    """Bucketed copies of the strongest numeric features, and their crosses."""
    out = []
    link_density = features[:, 3].tolist()
    stopword_density = features[:, 4].tolist()
    ends_sentence = features[:, 9].tolist()
    for i, seg in enumerate(page.segments):
        wb = bisect_right(_WORD_EDGES, seg.words)
        lb = bisect_right(_DENSITY_EDGES, link_density[i])
        sb = bisect_right(_STOPWORD_EDGES, stopword_density[i])
        out.append([f"wc={wb}", f"ld={lb}", f"sd={sb}", f"wc_ld={wb}_{lb}", f"wc_sd={wb}_{sb}",
                    f"wc_end={wb}_{int(ends_sentence[i])}"])  # fmt: skip
    return out
