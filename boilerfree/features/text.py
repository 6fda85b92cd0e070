"""Shallow text features of one block (Kohlschütter, Fankhauser and Nejdl 2010, "Boilerplate detection using
shallow text features"; stop-word density from jusText), plus the signs of scraped templates (``{{free_limit}}``).
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right

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
_CURRENCY_CHARS = re.compile(r"[$€£¥₹₩₽₺₫₱฿\d]")  # every _CURRENCY match holds one: a cheap scan first
_PLACEHOLDER = re.compile(r"{{.*?}}|{%.*?%}|%[sd]\b|\$\{\w+\}|\[\[\w+\]\]")
_SENTENCE = re.compile(r"[.!?。！？](?:\s|$)")
_ENDS_SENTENCE = re.compile(r"[.!?。！？…:\"'”»)]\s*$")
_SEPARATOR = re.compile(r"\s[|•·/›»>]\s")
_DIGIT = re.compile(r"\d")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯΑ-Ω]")
_PUNCT = re.compile(r"[^\w\s]")
_NON_LETTER = re.compile(r"[\W\d_]")
SAMPLE_CHARS = 400


def numeric(page: Page, words: list[list[str]], lang: str) -> np.ndarray:
    """One row per block, columns as in NAMES. Rows are built as Python tuples and converted once: writing numpy
    cells one by one cost more than computing them (the values round to float32 the same way)."""
    stop = stopword_set(lang)
    n_blocks = len(page.segments)
    total_words = max(page.total_words, 1)
    words_before = 0
    rows = []
    for i, seg in enumerate(page.segments):
        text = seg.text
        n_chars = len(text)
        sample = text[:SAMPLE_CHARS]  # character shares: the head of a long paragraph is a fair sample
        n_sample = len(sample)
        toks = words[i]
        n_words = seg.words
        letters = n_sample - len(_NON_LETTER.findall(sample)) or 1
        split = text.split()
        rows.append((
            math.log1p(n_words),
            math.log1p(n_chars),
            min(sum(map(len, toks)) / n_words, 20.0) / 10.0 if n_words else 0.0,
            seg.link_chars / n_chars if n_chars else 0.0,
            sum(map(stop.__contains__, toks)) / n_words if n_words and stop else 0.0,
            len(_DIGIT.findall(sample)) / n_sample if n_sample else 0.0,
            len(_UPPER.findall(sample)) / letters,
            len(_PUNCT.findall(sample)) / n_sample if n_sample else 0.0,
            1.0 if _CURRENCY_CHARS.search(text) and _CURRENCY.search(text) else 0.0,
            1.0 if _ENDS_SENTENCE.search(text) else 0.0,
            1.0 if text[:1].isupper() else 0.0,
            math.log1p(len(_SENTENCE.findall(text))),
            math.log1p(text.count(",") + text.count("、") + text.count("，")),
            1.0 if _PLACEHOLDER.search(text) else 0.0,
            sum([w[0].isupper() for w in split]) / max(len(split), 1),
            1.0 if n_words <= 3 else 0.0,
            1.0 if n_words >= 30 else 0.0,
            1.0 if _SEPARATOR.search(text) else 0.0,
            i / n_blocks,
            words_before / total_words,
            1.0 if i == 0 else 0.0,
            1.0 if seg.blank_before else 0.0,
        ))  # fmt: skip
        words_before += seg.words
    return np.array(rows, dtype=np.float32).reshape(n_blocks, len(NAMES))


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
