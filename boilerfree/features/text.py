"""Shallow text features of one block (Kohlschütter, Fankhauser and Nejdl 2010, "Boilerplate detection using
shallow text features"; stop-word density from jusText), plus the signs of scraped templates (``{{free_limit}}``).

The columns are computed for all blocks of a page at once (`blocks.JoinedTexts`): every character is classified
once, by the character classes of the per-block patterns, and a pattern's count in a block is a sum over its
characters. Regular expressions scanning each block one after the other cost more than all the other text features
together.
"""

from __future__ import annotations

import math
import re
from itertools import chain
from typing import TYPE_CHECKING

import numpy as np

from ..blocks import _UNCLASSIFIED, MARKS, CharacterClasses, JoinedTexts, Page, shifted
from ..hashing import HashedRows, _compiled
from .stopwords import stop_index, stopword_set
from .table import BlockTable, block_table

if TYPE_CHECKING:
    from .._features import PageWords

NAMES = (
    "log_words", "log_chars", "avg_word_length", "link_density", "stopword_density", "digit_share", "upper_share",
    "punct_share", "currency", "ends_sentence", "starts_upper", "log_sentences", "log_commas", "placeholder",
    "title_case_share", "is_short", "is_long", "separator", "position", "words_before_share", "first_block",
    "blank_before",
)  # fmt: skip

_CURRENCY = re.compile(r"[$€£¥₹₩₽₺₫₱฿]|\b(?:rs\.?|r\$|usd|eur|inr)\s?\d", re.I)
# Template syntax left in the page: Mustache/Jinja, printf, JS template literals, wiki links, and the `{* … *}` of
# Janrain (Akamai Identity Cloud) login forms that SRF and others ship as hidden dialogs.
_PLACEHOLDER = re.compile(r"{{.*?}}|{%.*?%}|{\*.*?\*}|%[sd]\b|\$\{\w+\}|\[\[\w+\]\]")
_PLACEHOLDER_STARTS = (
    "{%$["  # every match of _PLACEHOLDER starts with one of these (the compiled rows search no other block)
)
SAMPLE_CHARS = 400

# Character classes, as a search of each block reads them, each feature's pattern in words:
_CHARACTERS = CharacterClasses(
    {
        "digit": r"\d",
        "upper": r"[A-ZÀ-ÖØ-ÞА-ЯΑ-Ω]",
        "punct": rf"[^\w\s{MARKS}]",  # combining marks are no punctuation: they are parts of letters
        "letter": rf"[^\W\d_]|[{MARKS}]",
        "space": r"\s",  # the same characters as str.split's whitespace (both are Py_UNICODE_ISSPACE)
        "comma": r"[,、，]",
        "currency": r"[$€£¥₹₩₽₺₫₱฿]",  # _CURRENCY's first alternative
        "code_end": r"(?i:[sd.$r])",  # ends a code of its second alternative (rs, rs., r$, usd, eur, inr)
        "sentence_mark": r"[.!?。！？]",  # a sentence: one of these, then whitespace or the end: [.!?。！？](?:\s|$)
        "end_mark": r"[.!?。！？…:\"'”»)]",  # ends a sentence: one of these, then only whitespace: [...]\s*$
        "separator": r"[|•·/›»>]",  # between two whitespace characters: \s[|•·/›»>]\s
        "isupper": str.isupper,
    }
)


def numeric(page: Page, words: list[list[str]] | PageWords, lang: str, blocks: BlockTable | None = None) -> np.ndarray:
    """One row per block, columns as in NAMES (``words``: the lower-cased words of each block, `features.page_words`).
    Each column is computed in float64 as the per-block arithmetic was (logarithms by math.log1p), so the float32
    values match; by the compiled loop when the words are compiled ones (`boilerfree._features.text_rows`: each
    block's characters classified and counted in one pass, with the words' lengths and stop-word entries), else
    from the counts of the page's joined text (`block_counts`) by `numeric_of_counts`, its specification
    (``blocks``: the page's `block_table`, made here when not given)."""
    segs = page.segments
    if not segs:
        return np.zeros((0, len(NAMES)), dtype=np.float32)
    if not isinstance(words, list):
        blocks = block_table(page) if blocks is None else blocks
        bit = _CHARACTERS.bit
        return _compiled.text_rows(
            blocks.texts, blocks.columns, words, stop_index().number(lang), _CHARACTERS._plane, _UNCLASSIFIED,
            _character_bits, _PLACEHOLDER.search, _PLACEHOLDER_STARTS, _CURRENCY.search,
            *(bit[name] for name in _COUNTED_CLASSES), SAMPLE_CHARS, blocks.total_words,
        )  # fmt: skip
    blocks = JoinedTexts([s.text for s in segs], _CHARACTERS)
    placeholder = blocks.matching(_PLACEHOLDER)  # its '.' does not match the "\n" after a block
    return numeric_of_counts(page, words, stopword_set(lang), block_counts(blocks), placeholder)


def _character_bits(chars: str) -> list[int]:
    """The class bits of each of ``chars`` (`CharacterClasses.of`, which files characters of the Basic Multilingual
    Plane in its table): what the compiled rows ask of the characters the table does not hold."""
    return _CHARACTERS.of(chars).tolist()


def numeric_of_counts(
    page: Page, words: list[list[str]], stop: frozenset[str], counts: np.ndarray, placeholder: np.ndarray
) -> np.ndarray:
    """`numeric`'s rows from the character counts of the blocks (`block_counts`) and whether `_PLACEHOLDER` matches
    each, by array operations."""
    segs = page.segments
    n = len(segs)
    texts = [s.text for s in segs]
    n_chars = np.fromiter(map(len, texts), dtype=np.int64, count=n)
    n_sample = np.minimum(n_chars, SAMPLE_CHARS)
    n_words = np.array([s.words for s in segs], dtype=np.int64)
    letters = counts[:, _LETTERS]
    columns = [
        _log1p(n_words),
        _log1p(n_chars),
        np.minimum(_share(np.array(list(map(len, map("".join, words)))), n_words), 20.0) / 10.0,
        _share(np.array([s.link_chars for s in segs]), n_chars),
        _share(_stopword_counts(words, stop), n_words) if stop else np.zeros(n),
        _share(counts[:, _DIGITS], n_sample),
        counts[:, _UPPERS] / np.where(letters > 0, letters, 1),
        _share(counts[:, _PUNCTS], n_sample),
        _currency(counts, texts),
        counts[:, _ENDS_SENTENCE] > 0,
        counts[:, _STARTS_UPPER] > 0,
        _log1p(counts[:, _SENTENCES]),
        _log1p(counts[:, _COMMAS]),
        placeholder,
        counts[:, _UPPER_WORD_STARTS] / np.maximum(counts[:, _WORD_STARTS], 1),
        n_words <= 3,
        n_words >= 30,
        counts[:, _SEPARATORS] > 0,
        np.arange(n) / n,
        (np.cumsum(n_words) - n_words) / max(page.total_words, 1),
        np.arange(n) == 0,
        [s.blank_before for s in segs],
    ]
    out = np.empty((n, len(columns)), dtype=np.float64)
    for i, column in enumerate(columns):
        out[:, i] = column
    return out.astype(np.float32)


# the columns of `block_counts`
(_LETTERS, _DIGITS, _UPPERS, _PUNCTS, _CURRENCY_SIGNS, _DIGITS_AFTER_CODE, _STARTS_UPPER, _SENTENCES, _COMMAS,
 _WORD_STARTS, _UPPER_WORD_STARTS, _SEPARATORS, _ENDS_SENTENCE) = range(13)  # fmt: skip


# the classes `block_counts` reads, in the order of the compiled loops' arguments
_COUNTED_CLASSES = ("letter", "digit", "upper", "punct", "currency", "code_end", "isupper", "sentence_mark", "comma",
                    "space", "separator", "end_mark")  # fmt: skip


def block_counts(blocks: JoinedTexts) -> np.ndarray:
    """The character counts of every block that the columns read (int64, blocks x 13, columns as named above), by
    the compiled loop when it is built (`boilerfree._features.text_counts`: one pass over the characters), else by
    `block_counts_of_arrays`, its specification."""
    if _compiled is None:
        return block_counts_of_arrays(blocks)
    bit = _CHARACTERS.bit
    return _compiled.text_counts(
        blocks.bits, blocks.starts, blocks.lengths, SAMPLE_CHARS, *(bit[name] for name in _COUNTED_CLASSES)
    )


def block_counts_of_arrays(blocks: JoinedTexts) -> np.ndarray:
    """`block_counts` by array operations over all characters of the page, one class after another."""
    space = blocks.has("space")
    inner_space = space.copy()
    inner_space[blocks.ends] = False  # whitespace inside a block
    word_start = ~space & shifted(space, 1, True)  # the "\n" between blocks is whitespace too
    code_end = blocks.has("code_end")
    after_code = shifted(code_end, 1) | (shifted(space, 1) & shifted(code_end, 2))
    columns = [
        blocks.count(blocks.has("letter"), SAMPLE_CHARS),
        blocks.count(blocks.has("digit"), SAMPLE_CHARS),
        blocks.count(blocks.has("upper"), SAMPLE_CHARS),
        blocks.count(blocks.has("punct"), SAMPLE_CHARS),
        blocks.count(blocks.has("currency")),
        blocks.count(blocks.has("digit") & after_code),
        blocks.count(blocks.has("isupper"), 1),
        blocks.count(blocks.has("sentence_mark") & shifted(space, -1)),
        blocks.count(blocks.has("comma")),
        blocks.count(word_start),
        blocks.count(word_start & blocks.has("isupper")),
        blocks.count(blocks.has("separator") & shifted(inner_space, 1) & shifted(inner_space, -1)),
        _ends_sentence(blocks, space),
    ]
    return np.column_stack(columns).astype(np.int64)


def _currency(counts: np.ndarray, texts: list[str]) -> np.ndarray:
    """Does _CURRENCY match: at once for a currency sign; else searched in the blocks where a digit follows the end
    of a currency code, or that and one whitespace character (every match of the second alternative does)."""
    found = counts[:, _CURRENCY_SIGNS] > 0
    for i in np.flatnonzero(~found & (counts[:, _DIGITS_AFTER_CODE] > 0)).tolist():
        found[i] = _CURRENCY.search(texts[i]) is not None
    return found


def _ends_sentence(blocks: JoinedTexts, space: np.ndarray) -> np.ndarray:
    """Is the block's last character that is not whitespace an end mark?"""
    last = np.maximum.accumulate(np.where(space, -1, np.arange(len(space))))  # last non-space at or before i
    at = last[np.maximum(blocks.ends - 1, 0)]
    return (
        (at >= blocks.starts) & (blocks.ends > blocks.starts) & ((blocks.bits[at] & _CHARACTERS.bit["end_mark"]) != 0)
    )


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


_WORD_EDGES = (1, 2, 3, 4, 6, 9, 13, 20, 30, 50, 80, 150)
_DENSITY_EDGES = (0.05, 0.2, 0.4, 0.6, 0.8, 0.95)
_STOPWORD_EDGES = (0.1, 0.2, 0.3, 0.4, 0.5)
# the columns of NAMES that the buckets read
_LINK_DENSITY, _STOPWORD_DENSITY, _ENDS = (
    NAMES.index(name) for name in ("link_density", "stopword_density", "ends_sentence")
)
_WORD_EDGE_ARRAY = np.array(_WORD_EDGES, dtype=np.int64)  # the edges, as the compiled loop reads them
_DENSITY_EDGE_ARRAY = np.array(_DENSITY_EDGES, dtype=np.float64)
_STOPWORD_EDGE_ARRAY = np.array(_STOPWORD_EDGES, dtype=np.float64)
# every bucket token, written once: a page's blocks pick from these (formatting them for each block cost more)
_WC = tuple(f"wc={w}" for w in range(len(_WORD_EDGES) + 1))
_LD = tuple(f"ld={d}" for d in range(len(_DENSITY_EDGES) + 1))
_SD = tuple(f"sd={d}" for d in range(len(_STOPWORD_EDGES) + 1))
_WC_LD = tuple(tuple(f"wc_ld={w}_{d}" for d in range(len(_DENSITY_EDGES) + 1)) for w in range(len(_WC)))
_WC_SD = tuple(tuple(f"wc_sd={w}_{d}" for d in range(len(_STOPWORD_EDGES) + 1)) for w in range(len(_WC)))
_WC_END = tuple((f"wc_end={w}_0", f"wc_end={w}_1") for w in range(len(_WC)))


def tokens(page: Page, features: np.ndarray) -> list[list[str]]:
    """Bucketed copies of the strongest numeric features, and their crosses."""
    words, links, stops, ends = _buckets(page, features)
    return [
        [_WC[w], _LD[d], _SD[s], _WC_LD[w][d], _WC_SD[w][s], _WC_END[w][e]]
        for w, d, s, e in zip(words.tolist(), links.tolist(), stops.tolist(), ends.tolist())
    ]


def token_columns(page: Page, features: np.ndarray, table: np.ndarray, blocks: BlockTable | None = None) -> HashedRows:
    """`tokens`, hashed: the columns of the bucket tokens picked from ``table``, the column of each of BUCKET_TOKENS
    (a few hundred, hashed once by the featurizer); by the compiled loop when it is built
    (`boilerfree._features.bucket_columns`, which reads the words of ``blocks``, the page's `block_table`), else by
    `token_columns_of_arrays`, its specification."""
    if _compiled is not None and features.dtype == np.float32 and features.flags.c_contiguous:
        blocks = block_table(page) if blocks is None else blocks
        picked = _compiled.bucket_columns(
            blocks.columns, features, np.ascontiguousarray(table, dtype=np.int64), _WORD_EDGE_ARRAY,
            _DENSITY_EDGE_ARRAY, _STOPWORD_EDGE_ARRAY, _LINK_DENSITY, _STOPWORD_DENSITY, _ENDS,
        )  # fmt: skip
        if picked is not None:
            return HashedRows(*picked)
    return token_columns_of_arrays(page, features, table)


def token_columns_of_arrays(page: Page, features: np.ndarray, table: np.ndarray) -> HashedRows:
    """`token_columns`, the tokens of all blocks picked at once by array operations."""
    words, links, stops, ends = _buckets(page, features)
    n_wc, n_ld, n_sd = len(_WC), len(_LD), len(_SD)
    at = np.cumsum([0, n_wc, n_ld, n_sd, n_wc * n_ld, n_wc * n_sd])  # where each table starts in BUCKET_TOKENS
    picks = np.column_stack(
        [at[0] + words, at[1] + links, at[2] + stops, at[3] + words * n_ld + links, at[4] + words * n_sd + stops,
         at[5] + words * 2 + ends]
    )  # fmt: skip
    return HashedRows(np.full(len(words), picks.shape[1], dtype=np.int64), table[picks.ravel()])


def _buckets(page: Page, features: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The word-count, link-density and stop-word-density bucket and the ends-sentence flag of every block."""
    words = np.searchsorted(_WORD_EDGES, [seg.words for seg in page.segments], side="right")
    links = np.searchsorted(_DENSITY_EDGES, features[:, _LINK_DENSITY].astype(np.float64), side="right")
    stops = np.searchsorted(_STOPWORD_EDGES, features[:, _STOPWORD_DENSITY].astype(np.float64), side="right")
    ends = features[:, _ENDS].astype(np.int64)
    return words.astype(np.int64), links.astype(np.int64), stops.astype(np.int64), ends


BUCKET_TOKENS = [
    *_WC, *_LD, *_SD, *(t for row in _WC_LD for t in row), *(t for row in _WC_SD for t in row),
    *(t for row in _WC_END for t in row),
]  # fmt: skip
