"""Second-stage features: what the first stage thinks of a block's neighbours and containers.

A paragraph among paragraphs is content even when it looks thin; a teaser among teasers is not, even when it looks
like prose. Web2Text (Vogels et al. 2018) gets this from a sequence model over block scores; jusText from its
context-sensitive revision; here a second linear model reads the first stage's P(content) of the blocks around
(window means) and above (the word-weighted mean P(content) inside each ancestor container), and which kind of
boilerplate the first stage took the block and its neighbours for: a byline or a related-links heading scores as
high as a short paragraph, but its type distribution (other, navigation) tells them apart. In text mode, where no
container is known, page-wide shares stand in: how much of the whole text the first stage took for content (an
extractor's output is mostly article; a page's full text is not), and so do the page's shape around the block:
the first-stage logit times those shares (how far to trust it depends on what kind of text this is), where the
block lies in the page's words, and how long its neighbours are (a teaser list alternates short titles and
summaries; an article runs long). In HTML they stay zero: there the page-wide shares raised the corpora's scores by
0.001-0.003 but let promo and other blocks inside our own held-out articles through (boilerplate removed 95.8% ->
93.3%; README, session 8). One column names the headline (HTML: `features.page.headline_block`): the first stage's
title columns lost to what a headline shares with teaser titles, and fundus' headlines were dropped (README,
session 11). And the block's own region flags (HTML: figure, list, aside, hidden, ...): without them the second
stage lifted a caption or a teaser item between paragraphs as much as a paragraph (fundus' figure blocks outside
its gold: 4.6% kept by the first stage, 8.9% after the second; `benchmarks/page_gaps.py --by-region`, README,
session 12).
In text mode, the headline has no <title> to match, and it looks like a menu item or another article's title; what
sets it apart is that it repeats the article's words: the share of a block's words that the page's long likely-
content blocks hold (CJK: character pairs). Without it, 11 of the 16 article lines the text head dropped
from our own held-out text pages were headlines; with it, fundus' text mode gains at every threshold
(`benchmarks/stage2_variants.py eval --head text ... set13 set14`; README, session 13). The line before the
span that repeats most of them is flagged as the headline, as `features.page.headline_block` flags it in HTML.
And a short closing paragraph is a sentence late in the page, where the text of a page holds links, bylines and
buttons: text mode says which lines end as sentences do, alone, times the first-stage logit, and among the few
blocks after the span (`benchmarks/stage2_variants.py eval --head text ... set15 set16`: the objective 0.9077 ->
0.9102, each at its threshold, 0.55 and 0.5; every corpus gains but fundus, 0.9048 -> 0.9041; README, session 14).
A sentence is also read by what stands around it: the best first-stage P(content) just before and after it, the
type shares the first stage gave it, and the headline flag times the logit. On three first-stage builds (two means
of three SGD fits and their mean of six) they ranked our own text pages' lines better each time (boilerplate
removed with 97% of article lines kept: 0.9150 -> 0.9172, 0.9204 -> 0.9242, 0.9210 -> 0.9261) at an objective as
high or higher (`benchmarks/stage2_variants.py eval --head text ... set16 set17`; README, session 19).
"""

from __future__ import annotations

import numpy as np

from ..blocks import FLAGS, Page
from ..hashing import _compiled
from ..labels import LABELS
from . import lower_words, table
from .page import headline_block
from .table import BlockTable

LEVELS = (0, 1, 2, 3, 5)  # the block's own element, its parent, ...
_WINDOWS = (1, 3, 10)
_TYPES = LABELS[1:]  # the columns of the first stage's type distribution (`LinearHead.split_proba`)
_NEIGHBOUR_TYPES = ("navigation", "other")  # their window means: menus and bylines come in runs
_BEFORE_SPAN = (1, 2, 3)  # text mode: a title-long line this many blocks before the article's span (a headline)
_TITLE_WORDS = (3, 30)
# text mode's headline (`text_headline`): this many blocks before the span are searched, this share of words needed
# (`benchmarks/stage2_variants.py eval --head text ... set15-near set15`: 8 and 0.3 let the threshold fall to 0.45;
# README, session 13)
_HEADLINE_REACH = 20
_HEADLINE_FLOOR = 0.2
# the block's own kind (HTML): the first stage knows it, but the second lifts a block by its neighbours' scores, and a
# caption, a list item or a hidden dialog between paragraphs is lifted as much as a paragraph is unless it is told
REGION_FLAGS = ("article", "nav", "header", "footer", "aside", "form", "list", "table", "link", "quote", "figure",
                "hidden")  # fmt: skip
_FLAG_BITS = np.array([FLAGS[name] for name in REGION_FLAGS], dtype=np.int64)
NAMES = (
    ("logit", "log_words", "prev", "next", "prev2", "next2")
    + tuple(f"window{w}_mean" for w in _WINDOWS)
    + tuple(f"window{w}_max" for w in _WINDOWS)
    + ("content_before", "content_after", "between_content", "in_span", "span_distance", "span_word_share")
    + tuple(f"ancestor{k}_mean" for k in LEVELS)
    + tuple(f"ancestor{k}_content_share" for k in LEVELS)
    + tuple(f"type_{t}" for t in _TYPES)
    + tuple(f"window{w}_{t}_mean" for t in _NEIGHBOUR_TYPES for w in (1, 3))
    + ("page_content_mean", "page_likely_share", "page_log_blocks", "page_mean_log_words")
    + ("text_logit_x_content_mean", "text_logit_x_likely_share", "text_logit_x_log_blocks", "text_span_x_content_mean")
    + ("text_position", "text_words_before", "text_words_before_sq")
    + tuple(f"text_window{w}_log_words" for w in (1, 3)) + tuple(f"text_window{w}_long" for w in (1, 3))
    + ("headline",) + tuple(f"text_title_before_span{k}" for k in _BEFORE_SPAN)
    + tuple(f"flag_{name}" for name in REGION_FLAGS)
    + ("text_body_overlap", "text_body_overlap_short", "text_body_overlap_before_span")
    + ("text_headline", "text_headline_share")
    + ("text_sentence", "text_sentence_x_logit", "text_sentence_after_span")
    + ("text_sentence_prev3_max", "text_sentence_next3_max", "text_sentence_long_before")
    + ("text_sentence_other", "text_sentence_promo", "text_headline_x_logit")
)  # fmt: skip
_LONG = 15  # words: a block this long is prose, not a title or a menu item
# text mode's sentence columns (`ends_sentence`): a line of this many words that ends with one of these characters
# (closing quotes and brackets after the full stop too) reads as a sentence; `text_sentence_after_span` flags one
# among the blocks this many after the article's span
_SENTENCE_WORDS = 4
_SENTENCE_END = tuple('.!?…。！？।"“”«»)')  # „…“ and »…« close with “ and «
_AFTER_SPAN = 3
_NEAR = 3  # text mode: a sentence is read by the first-stage P(content) of this many blocks before and after it


def block_flags(page: Page) -> np.ndarray | None:
    """The region flags of every block (`blocks.FLAGS` bits), as an array (None in text mode)."""
    if page.elements is None or page.format != "html":
        return None
    return np.array([seg.flags for seg in page.segments], dtype=np.int64)


def block_tree(page: Page) -> tuple[np.ndarray, np.ndarray] | None:
    """The element of every block and the parent of every element, as arrays (None in text mode)."""
    el = page.elements
    if el is None or page.format != "html":
        return None
    owners = np.array([seg.owner for seg in page.segments], dtype=np.int32)
    return owners, np.array(el.parent, dtype=np.int32)


def html_inputs(
    page: Page, blocks: BlockTable | None = None
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray] | None, int | None, np.ndarray | None]:  # fmt: skip
    """`numeric`'s page inputs but the scores, for the second stage (`model.StageTwo`): the blocks' words (float64),
    `block_tree`, the headline (`features.page.headline_block`, HTML) and `block_flags`, each read from the Segments
    (the specification), or, given the page's `BlockTable` that the first stage read (``blocks``), from its
    columns, with the parent list converted by the compiled loop when it is built: those reads and numpy's conversion
    were ~40 of the stage's ~130 us a page."""
    html = page.elements is not None and page.format == "html"
    if blocks is None or not html:
        words = np.array([seg.words for seg in page.segments], dtype=np.float64)
        return words, block_tree(page), headline_block(page) if html else None, block_flags(page)
    parent = page.elements.parent
    parents = np.array(parent, dtype=np.int64) if _compiled is None else _compiled.int64_of_list(parent)
    columns = blocks.columns
    tree = (columns[table.OWNER], parents)
    return columns[table.WORDS].astype(np.float64), tree, headline_block(page), columns[table.FLAGS]


def _window_stats(p: np.ndarray, radius: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean and max of p over the `radius` blocks on each side (the block itself excluded): `window_stats_of_arrays`,
    by the compiled loop when it is built (`boilerfree._features.window_stats`: a dozen numpy calls on a few hundred
    values cost more than their arithmetic)."""
    if _compiled is not None:
        return _compiled.window_stats(np.ascontiguousarray(p, dtype=np.float64), radius)
    return window_stats_of_arrays(p, radius)


def window_stats_of_arrays(p: np.ndarray, radius: int) -> tuple[np.ndarray, np.ndarray]:
    """`_window_stats` by numpy: padded cumulative sums for the means, shifted copies for the maxima."""
    n = len(p)
    padded = np.concatenate([np.zeros(radius), p, np.zeros(radius)])
    cumulative = np.concatenate([[0.0], np.cumsum(padded)])
    sums = cumulative[2 * radius + 1 : 2 * radius + 1 + n] - cumulative[:n] - p
    counts = np.minimum(np.arange(n), radius) + np.minimum(np.arange(n)[::-1], radius)
    mean = np.divide(sums, counts, out=np.zeros(n), where=counts > 0)
    if radius <= 3:
        stacked = np.stack([padded[radius + d : radius + d + n] for d in range(-radius, radius + 1) if d])
        peak = stacked.max(axis=0)
    else:
        from numpy.lib.stride_tricks import sliding_window_view

        windows = sliding_window_view(padded, 2 * radius + 1)
        peak = np.maximum(windows[:, :radius].max(axis=1), windows[:, radius + 1 :].max(axis=1))
    return mean, peak


def numeric(
    p: np.ndarray, types: np.ndarray, words: np.ndarray, tree: tuple[np.ndarray, np.ndarray] | None,
    headline: int | None = None, flags: np.ndarray | None = None, texts: list[str] | None = None,
) -> np.ndarray:  # fmt: skip
    """One row per block, columns as in NAMES. ``p``: first-stage P(content); ``types``: its distribution over the
    boilerplate types (blocks x len(LABELS) - 1); ``tree``: from `block_tree` (None in text mode, where the
    container columns stay zero); ``headline``: the block `features.page.headline_block` names (HTML); ``flags``:
    from `block_flags` (HTML); ``texts``: the blocks' texts (text mode: `body_overlap`)."""
    n = len(p)
    out = np.zeros((n, len(NAMES)), dtype=np.float32)
    if not n:
        return out
    p = p.astype(np.float64)
    clipped = np.minimum(np.maximum(p, 1e-4), 1 - 1e-4)  # np.clip's values, without its Python wrappers
    out[:, 0] = np.log(clipped / (1 - clipped))
    out[:, 1] = np.log1p(words)
    if tree is not None and texts is None and _compiled is not None:
        _html_columns(out, p, types, words, tree, headline, flags)
        return out
    out[1:, 2] = p[:-1]
    out[:-1, 3] = p[1:]
    out[2:, 4] = p[:-2]
    out[:-2, 5] = p[2:]
    col = 6
    for w in _WINDOWS:
        mean, peak = _window_stats(p, w)
        out[:, col] = mean
        out[:, col + len(_WINDOWS)] = peak
        col += 1
    col += len(_WINDOWS)
    likely = p >= 0.5
    before = np.concatenate([[False], np.logical_or.accumulate(likely)[:-1]])
    after = np.concatenate([np.logical_or.accumulate(likely[::-1])[::-1][1:], [False]])
    out[:, col] = before
    out[:, col + 1] = after
    out[:, col + 2] = before & after
    start, end = best_span(p, words)
    idx = np.arange(n)
    out[:, col + 3] = (idx >= start) & (idx <= end)
    out[:, col + 4] = np.minimum(np.maximum(start - idx, idx - end).clip(0) / 10.0, 1.0)
    out[:, col + 5] = (words[start : end + 1].sum() + 1.0) / (words.sum() + 1.0)
    col += 6
    weights = words.astype(np.float64) + 1.0
    if tree is not None:
        owners, parents = tree
        own = np.stack([np.bincount(owners, weights=weights, minlength=len(parents)),
                        np.bincount(owners, weights=p * weights, minlength=len(parents))], axis=1)  # fmt: skip
        mass, content = subtree_sums(own, parents).T
        total_content = float(content[0]) or 1.0
        chains = _chains(owners, parents)
        for j in range(len(LEVELS)):
            ids = chains[:, j]
            out[:, col + j] = content[ids] / mass[ids]
            out[:, col + len(LEVELS) + j] = content[ids] / total_content
    col += 2 * len(LEVELS)
    out[:, col : col + len(_TYPES)] = types
    col += len(_TYPES)
    for t in _NEIGHBOUR_TYPES:
        share = types[:, _TYPES.index(t)].astype(np.float64)
        for w in (1, 3):
            out[:, col] = _window_stats(share, w)[0]
            col += 1
    if tree is None:  # text mode, where the container columns above stay zero
        _text_page_columns(out, col, p, words, weights, likely, start)
        if texts is not None:
            first = NAMES.index("text_body_overlap")
            out[:, first : first + 3] = body_overlap(texts, p, words, start)
            found = text_headline(out[:, first], words, start)
            if found is not None:
                out[found, NAMES.index("text_headline")] = 1.0
                out[found, NAMES.index("text_headline_share")] = out[found, first]
            _sentence_columns(out, ends_sentence(texts, words), end, p, types, words)
    if headline is not None:
        out[headline, NAMES.index("headline")] = 1.0
    if flags is not None:
        first = NAMES.index(f"flag_{REGION_FLAGS[0]}")
        out[:, first : first + len(REGION_FLAGS)] = (flags[:, None] & _FLAG_BITS) != 0
    return out


_LEVELS = np.array(LEVELS, dtype=np.int64)
_WINDOW_RADII = np.array(_WINDOWS, dtype=np.int64)
_NEIGHBOUR_COLUMNS = np.array([_TYPES.index(t) for t in _NEIGHBOUR_TYPES], dtype=np.int64)


def _html_columns(
    out: np.ndarray, p: np.ndarray, types: np.ndarray, words: np.ndarray, tree: tuple[np.ndarray, np.ndarray],
    headline: int | None, flags: np.ndarray | None,
) -> None:  # fmt: skip
    """`numeric`'s HTML columns from "prev" on, by the compiled loops (`boilerfree._features.html_scores`: the
    numpy way, the rest of `numeric`, made about 30 calls on arrays of a few hundred values)."""
    owners, parents = tree
    _compiled.html_scores(
        out, p, np.ascontiguousarray(types, dtype=np.float64), np.ascontiguousarray(words, dtype=np.float64),
        np.ascontiguousarray(owners, dtype=np.int64), np.ascontiguousarray(parents, dtype=np.int64),
        -1 if headline is None else headline,
        np.zeros(len(p), dtype=np.int64) if flags is None else np.ascontiguousarray(flags, dtype=np.int64),
        _LEVELS, _WINDOW_RADII, _NEIGHBOUR_COLUMNS, NAMES.index("headline"), _FLAG_BITS,
        NAMES.index(f"flag_{REGION_FLAGS[0]}"),
    )  # fmt: skip


def _text_page_columns(
    out: np.ndarray, col: int, p: np.ndarray, words: np.ndarray, weights: np.ndarray, likely: np.ndarray, start: int
) -> None:
    """Text mode's page-wide columns, from ``col`` on (names from "page_content_mean"); ``weights``: words + 1;
    ``start``: the first block of `best_span`. No <title> marks the headline in text, but it is a title-long line
    just before the article's span (a byline or a date may stand between)."""
    n = len(p)
    content_mean = (p * weights).sum() / weights.sum()
    likely_share = likely.mean()
    log_blocks = np.log1p(n)
    out[:, col] = content_mean
    out[:, col + 1] = likely_share
    out[:, col + 2] = log_blocks
    out[:, col + 3] = np.log1p(weights).mean()
    logit = out[:, 0].astype(np.float64)
    out[:, col + 4] = logit * content_mean
    out[:, col + 5] = logit * likely_share
    out[:, col + 6] = logit * log_blocks / 5.0
    out[:, col + 7] = out[:, NAMES.index("in_span")] * content_mean
    before = (np.cumsum(weights) - weights) / weights.sum()
    out[:, col + 8] = np.arange(n) / max(n - 1, 1)
    out[:, col + 9] = before
    out[:, col + 10] = before**2
    log_words = np.log1p(words.astype(np.float64))
    long = (words >= _LONG).astype(np.float64)
    for j, values in enumerate((log_words, long)):
        for k, radius in enumerate((1, 3)):
            out[:, col + 11 + 2 * j + k] = _window_stats(values, radius)[0]
    first = NAMES.index("text_title_before_span1")
    for j, k in enumerate(_BEFORE_SPAN):
        i = start - k
        if i >= 0 and _TITLE_WORDS[0] <= words[i] <= _TITLE_WORDS[1]:
            out[i, first + j] = 1.0


def ends_sentence(texts: list[str], words: np.ndarray) -> np.ndarray:
    """Does each block read as a sentence: `_SENTENCE_WORDS` words or more, ending as a sentence ends. A short
    closing paragraph does; a related link, a button or a menu line does not."""
    return np.array(
        [w >= _SENTENCE_WORDS and t.rstrip().endswith(_SENTENCE_END) for t, w in zip(texts, words.tolist())], dtype=bool
    )


def _sentence_columns(
    out: np.ndarray, sentence: np.ndarray, end: int, p: np.ndarray, types: np.ndarray, words: np.ndarray
) -> None:
    """Text mode's sentence columns: the flag, the flag times the first-stage logit (how far to trust the first
    stage on a prose-shaped line), and the flag on the `_AFTER_SPAN` blocks after the span (``end``: its last block).
    A short last paragraph after the article's long ones, often past an ad label or a share line, otherwise lost to
    what stands after an article in a page's text: links, bios, buttons. Then what stands around a sentence (feature
    set 17): the flag times the highest first-stage P(content) among the `_NEAR` blocks before it and after it, and
    times that of the nearest long block among the `_NEAR` before it (a closing paragraph follows the article's
    prose; a bio or a newsletter pitch follows a byline or buttons); the flag times the first stage's other and
    promo shares (a bio and a pitch read as sentences too); and the headline flag times the logit."""
    first = NAMES.index("text_sentence")
    out[:, first] = sentence
    out[:, first + 1] = sentence * out[:, 0]
    after = np.zeros(len(sentence), dtype=bool)
    after[end + 1 : end + 1 + _AFTER_SPAN] = True
    out[:, first + 2] = sentence & after
    n = len(p)
    padded = np.concatenate([np.zeros(_NEAR), p, np.zeros(_NEAR)])  # P >= 0, so a missing block counts as 0
    before = np.max([padded[_NEAR - k : _NEAR - k + n] for k in range(1, _NEAR + 1)], axis=0)
    later = np.max([padded[_NEAR + k : _NEAR + k + n] for k in range(1, _NEAR + 1)], axis=0)
    long_before = np.zeros(n)
    index = np.arange(n)
    for k in range(_NEAR, 0, -1):  # the nearest long block is written last
        j = index - k
        found = (j >= 0) & (words[np.maximum(j, 0)] >= _LONG)
        long_before[found] = p[j[found]]
    first = NAMES.index("text_sentence_prev3_max")
    out[:, first] = sentence * before
    out[:, first + 1] = sentence * later
    out[:, first + 2] = sentence * long_before
    out[:, first + 3] = sentence * types[:, _TYPES.index("other")]
    out[:, first + 4] = sentence * types[:, _TYPES.index("promo")]
    out[:, first + 5] = out[:, NAMES.index("text_headline")] * out[:, 0]


def overlap_tokens(words: list[str]) -> set[str]:
    """The tokens `body_overlap` compares, of a block's lower-cased words (`features.lower_words`, whose words keep
    their vowel signs): the words of 3+ characters; of CJK runs, written without spaces, the pairs of characters."""
    out = set()
    for w in words:
        if ord(w[0]) >= _CJK_START:
            out.update(w[i : i + 2] for i in range(len(w) - 1))
        elif len(w) >= 3:
            out.add(w)
    return out


_CJK_START = 0x2E80  # CJK radicals, kana, ideographs, Hangul: written without spaces between words (Korean aside)


def body_overlap(texts: list[str], p: np.ndarray, words: np.ndarray, start: int) -> np.ndarray:
    """(blocks x 3): the share of a block's tokens (`overlap_tokens`) that the page's other long likely-content
    blocks hold; the same for short blocks only (a title, not a paragraph); and for short blocks before the
    article's span (``start``: `best_span`), where a headline stands."""
    out = np.zeros((len(texts), 3), dtype=np.float32)
    body = (p >= 0.5) & (words >= _LONG)
    if not body.any():
        return out
    sets = [overlap_tokens(w) for w in lower_words(texts)]
    held: dict[str, int] = {}  # token: how many body blocks hold it
    for i in np.flatnonzero(body).tolist():
        for token in sets[i]:
            held[token] = held.get(token, 0) + 1
    for i, tokens in enumerate(sets):
        if not tokens:
            continue
        own = 1 if body[i] else 0
        share = sum(1 for t in tokens if held.get(t, 0) > own) / len(tokens)
        out[i, 0] = share
        if words[i] < _LONG:
            out[i, 1] = share
            out[i, 2] = share if i < start else 0.0
    return out


def text_headline(
    overlap: np.ndarray, words: np.ndarray, start: int, reach: int = _HEADLINE_REACH, floor: float = _HEADLINE_FLOOR
) -> int | None:
    """Text mode's headline: of the title-long lines among the ``reach`` blocks before the article's span
    (``start``), the one that repeats most of the article's words (``overlap``: `body_overlap`'s first column), at
    least ``floor`` of them; the last of equals. None when no line does."""
    best, best_share = None, floor
    for i in range(max(0, start - reach), start):
        if _TITLE_WORDS[0] <= words[i] <= _TITLE_WORDS[1] and overlap[i] >= best_share:
            best, best_share = i, float(overlap[i])
    return best


def subtree_sums(values: np.ndarray, parents: np.ndarray) -> np.ndarray:
    """``values`` (elements x k) summed over every element's subtree. Elements are numbered in document order, so
    one pass from the end adds every subtree into its parent (as `blocks._count_words` does): `subtree_sums_of_lists`,
    by the compiled loop when it is built (`boilerfree._features.subtree_sums`)."""
    if _compiled is not None:
        out = np.array(values, dtype=np.float64, order="C")
        _compiled.subtree_sums(out, np.ascontiguousarray(parents, dtype=np.int64))
        return out
    return subtree_sums_of_lists(values, parents)


def subtree_sums_of_lists(values: np.ndarray, parents: np.ndarray) -> np.ndarray:
    """`subtree_sums` on Python lists: a numpy version (one `np.add.at` per depth) took twice as long, and numpy
    scalars element by element four times."""
    columns = [column.tolist() for column in np.asarray(values, dtype=np.float64).T]
    parent = parents.tolist()
    for e in range(len(parent) - 1, 0, -1):
        up = parent[e]
        if up >= 0:
            for column in columns:
                column[up] += column[e]
    return np.array(columns, dtype=np.float64).reshape(len(columns), len(parent)).T


def best_span(p: np.ndarray, words: np.ndarray) -> tuple[int, int]:
    """The run of consecutive blocks with the largest summed (P(content) - 0.5) * sqrt(words): the article body as
    one stretch, after Finn, Kushmerick and Smyth's body text extraction (2001), which finds it by the same maximum
    subarray (Kadane's algorithm) over tag and word counts."""
    gain = (p - 0.5) * np.sqrt(1.0 + words)
    best, best_start, best_end = -np.inf, 0, 0
    running, start = 0.0, 0
    for i, g in enumerate(gain.tolist()):
        if running <= 0:
            running, start = g, i
        else:
            running += g
        if running > best:
            best, best_start, best_end = running, start, i
    return best_start, best_end


def _chains(owners: np.ndarray, parents: np.ndarray) -> np.ndarray:
    """(blocks x len(LEVELS)) the element at each of LEVELS above every block (the root when the page is shallow)."""
    out = np.zeros((len(owners), len(LEVELS)), dtype=np.int32)
    current = owners.copy()
    level = 0
    for j, k in enumerate(LEVELS):
        while level < k:
            up = parents[current]
            current = np.where(up >= 0, up, current)
            level += 1
        out[:, j] = current
    return out
