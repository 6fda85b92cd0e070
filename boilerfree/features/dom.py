"""DOM features: where a block sits in the tree.

- tag path and class/id tokens of the block and its ancestors, hashed (Dragnet, Peters and Lecocq 2013);
- region flags inherited from <article>/<main>/<nav>/<footer>/<aside>/... and ARIA roles;
- container density: the share of the page's words and the link density of the 1st/2nd/3rd/5th ancestor
  (the idea behind Readability's subtree scoring and Weninger's text-to-tag ratio: content sits in a container
  that holds much of the page's text and few links);
- the best Readability-style candidate container (paragraph text scored into parent and grandparent) and whether
  the block is inside it; the distance from the densest block; position in the page.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from itertools import chain

import numpy as np

from ..blocks import FLAG_HIDDEN, FLAG_LINK, FLAGS, Page
from ..hashing import HashedRows, TokenHasher, _compiled
from .table import HEADING, BlockTable, block_table

_ANCESTOR_LEVELS = (1, 2, 3, 5)
NAMES = (
    ("log_depth", "heading", "heading_top", "owner_word_share", "inside_best",
     "best_word_share", "distance_from_best", "distance_from_densest", "same_owner_as_previous", "owner_block_count")
    + tuple(f"flag_{name}" for name in FLAGS)
    + tuple(f"ancestor{k}_{m}" for k in _ANCESTOR_LEVELS for m in ("word_share", "link_density", "log_blocks"))
    + ("hidden_inside_best", "hidden_outside_best")
)  # fmt: skip
# Hidden blocks are mostly closed dialogs and menu copies, but a gated article body or a closed tab inside the
# article's container is main text (corpora, word-weighted: 92% content inside the best container, 1% outside)
N_ANCESTOR_TOKENS = 6


def best_container(page: Page, blocks: BlockTable | None = None) -> int:
    """Readability's candidate selection, simplified: paragraphs score their parent fully and grandparent by half;
    the score is damped by the candidate's link density. Hidden paragraphs (closed dialogs) do not vote. Returns the
    element index, or -1. By the compiled loop when it is built (`boilerfree._features.best_container`: the scores
    in an array, where the dict of the loop below, its specification, took 0.04 ms a page), else by
    `best_container_of_scores`."""
    el = page.elements
    if _compiled is not None:
        blocks = block_table(page) if blocks is None else blocks
        return _compiled.best_container(blocks.texts, blocks.columns, el.parent, el.words, el.link_words, FLAG_HIDDEN)
    return best_container_of_scores(page)


def best_container_of_scores(page: Page) -> int:
    """`best_container`, the scores summed per element in a dict."""
    el = page.elements
    scores: dict[int, float] = {}
    for seg in page.segments:
        if seg.words < 8 or seg.link_chars > 0.33 * len(seg.text) or seg.flags & FLAG_HIDDEN:
            continue
        score = 1.0 + seg.text.count(",") + min(seg.words / 20.0, 3.0)
        parent = el.parent[seg.owner]
        if parent >= 0:
            scores[parent] = scores.get(parent, 0.0) + score
            grand = el.parent[parent]
            if grand >= 0:
                scores[grand] = scores.get(grand, 0.0) + score / 2
    best, best_score = -1, 0.0
    for index, score in scores.items():
        words = el.words[index]
        score *= 1.0 - (el.link_words[index] / words if words else 0.0)
        if score > best_score:
            best, best_score = index, score
    return best


def _log1p_of(values: list[int]) -> np.ndarray:
    """math.log1p of each value, computed once per distinct value (numpy's log1p may round differently)."""
    logs = {v: math.log1p(v) for v in set(values)}
    return np.array([logs[v] for v in values], dtype=np.float64)


def _depths(parents: list[int]) -> np.ndarray:
    """The depth of every element (the root's is 0; a parent comes before its children)."""
    depth = [0] * len(parents)
    for i, parent in enumerate(parents):
        if parent >= 0:
            depth[i] = depth[parent] + 1
    return np.array(depth, dtype=np.intp)


def numeric(page: Page, blocks: BlockTable | None = None) -> np.ndarray:
    """One row per block, columns as in NAMES, for all blocks at once: the ancestors by steps up the parent array,
    in float64 as the per-block arithmetic was (logarithms by math.log1p); by the compiled loop when it is built
    (``blocks``: the page's `block_table`, made here when not given)."""
    segs = page.segments
    n = len(segs)
    el = page.elements
    if page.format != "html" or el is None or not n:
        return np.zeros((n, len(NAMES)), dtype=np.float32)
    blocks = block_table(page) if blocks is None else blocks
    total = max(blocks.total_words, 1)
    best = best_container(page, blocks)
    if _compiled is None:
        return numeric_of_arrays(page, best, total)
    return _compiled.dom_rows(
        blocks.columns, el.parent, el.words, el.link_words, el.blocks, best, total, list(FLAGS.values()), FLAG_HIDDEN,
        len(NAMES),
    )  # fmt: skip


def numeric_of_arrays(page: Page, best: int, total: int) -> np.ndarray:
    """`numeric` of an HTML page with blocks, its best container and its words (at least 1), by array operations:
    the specification of the compiled loop (`boilerfree._features.dom_rows`: one pass over the blocks, 4x faster)."""
    segs = page.segments
    n = len(segs)
    el = page.elements
    best_share = el.words[best] / total if best >= 0 else 0.0
    owners = [seg.owner for seg in segs]
    owner_at = np.array(owners, dtype=np.intp)
    parent_of = np.array(el.parent, dtype=np.intp)
    parent_at = parent_of[owner_at]  # the blocks' parents (-1: the block's element is the root)
    depth = _depths(el.parent)
    # the chain of a block's parent (the parent and up to 62 ancestors): its length, its elements at the levels
    # (a step up from the root stays at the root), and whether `best` is in it (element indices are in document
    # order, so best's subtree is the range from best to the next element that is no deeper)
    chain_length = np.where(parent_at >= 0, np.minimum(depth[parent_at] + 1, 63), 0)
    up = np.where(parent_of >= 0, parent_of, np.arange(len(parent_of)))
    step = [np.where(parent_at >= 0, parent_at, owner_at)]  # the root's blocks: every level is the element itself
    while len(step) < max(_ANCESTOR_LEVELS):
        step.append(up[step[-1]])
    at = np.column_stack([step[level - 1] for level in _ANCESTOR_LEVELS])  # (blocks, levels) element indices
    if best >= 0:
        deeper = np.flatnonzero(depth[best + 1 :] <= depth[best])
        subtree_end = best + 1 + (int(deeper[0]) if deeper.size else len(depth) - best - 1)
        best_above = (parent_at >= best) & (parent_at < subtree_end) & (depth[parent_at] - depth[best] < 63)
    else:
        best_above = np.zeros(n, dtype=bool)
    words = np.array(el.words, dtype=np.int64)
    link_words = np.array(el.link_words, dtype=np.int64)
    blocks = np.array(el.blocks, dtype=np.int64)
    level_words = words[at]
    containers = np.empty((n, 3 * len(_ANCESTOR_LEVELS)), dtype=np.float64)
    containers[:, 0::3] = level_words / total
    containers[:, 1::3] = np.divide(link_words[at], level_words, out=np.zeros(at.shape), where=level_words != 0)
    containers[:, 2::3] = _log1p_of(blocks[at].ravel().tolist()).reshape(at.shape)
    in_best = (owner_at == best) | best_above
    heading = np.array([seg.heading for seg in segs], dtype=np.int64)
    flags = np.array([seg.flags for seg in segs], dtype=np.int64)
    hidden = (flags & FLAG_HIDDEN) != 0
    densest = int(np.argmax([seg.words for seg in segs]))
    position = np.arange(n)
    same_owner = np.zeros(n, dtype=bool)
    same_owner[1:] = owner_at[1:] == owner_at[:-1]
    out = np.empty((n, len(NAMES)), dtype=np.float64)
    out[:, 0] = _log1p_of((1 + chain_length).tolist())
    out[:, 1] = heading > 0
    out[:, 2] = (heading > 0) & (heading <= 2)
    out[:, 3] = words[owner_at] / total
    out[:, 4] = in_best
    out[:, 5] = best_share
    out[:, 7] = np.abs(position - densest) / n
    out[:, 8] = same_owner
    out[:, 9] = _log1p_of(blocks[owner_at].tolist())
    n_flags = len(FLAGS)
    out[:, 10 : 10 + n_flags] = (flags[:, None] & np.array(list(FLAGS.values()), dtype=np.int64)) != 0
    out[:, 10 + n_flags : -2] = containers
    out[:, -2] = hidden & in_best
    out[:, -1] = hidden & ~in_best
    if in_best.any():
        positions = np.flatnonzero(in_best)
        nearest = np.abs(position[:, None] - positions[None, :]).min(axis=1) if n * len(positions) < 4_000_000 else 0
        out[:, 6] = np.minimum(nearest / n * 10, 1.0)
    else:
        out[:, 6] = 1.0
    return out.astype(np.float32)


def tokens(page: Page) -> list[list[str]]:
    """Tag path, heading/link and class/id tokens of the block's element and ancestors."""
    if page.format != "html" or page.elements is None:
        return [[] for _ in page.segments]
    paths, owns, farther, blocks = _token_pieces(page)
    return [
        [*paths[path][:3], heading_link, *owns[own], *paths[path][3:], *farther[grand]]
        for path, heading_link, own, grand in blocks
    ]


def token_columns(page: Page, hasher: TokenHasher, blocks: BlockTable | None = None) -> HashedRows:
    """`tokens`, hashed: by the compiled loop when it is built (`boilerfree._features.dom_hashes`: the tokens are
    written and hashed in one buffer, never made as strings), else by `token_columns_of_pieces`."""
    if page.format != "html" or page.elements is None:
        return HashedRows(np.zeros(len(page.segments), dtype=np.int64), np.zeros(0, dtype=np.int64))
    if _compiled is not None:
        el = page.elements
        blocks = block_table(page) if blocks is None else blocks
        links = [
            _HEADING_LINK[h][1 if f & FLAG_LINK else 0] for h, f in zip(blocks.columns[HEADING].tolist(), blocks.flags)
        ]
        hashed = _compiled.dom_hashes(blocks.owners, links, el.parent, el.tag, el.tokens, N_ANCESTOR_TOKENS - 1)
        if hashed is not None:  # None: a lone surrogate
            lengths, hashes = hashed
            return HashedRows(lengths, _compiled.hash_columns(hashes, hasher.n_features))  # as TokenHasher.columns
    return token_columns_of_pieces(page, hasher.columns_of)


def token_columns_of_pieces(page: Page, columns_of: Callable[[list[str]], list[int]]) -> HashedRows:
    """`tokens`, hashed: every distinct piece of the lists (a path with the parent's class tokens, the farther
    ancestors' class tokens, an element's own class tokens) is hashed once by ``columns_of``, and each block's row
    joins the columns of its pieces (blocks repeat their ancestors' tokens: most of the page's DOM tokens are hashed
    once rather than once per block)."""
    paths, owns, farther, blocks = _token_pieces(page)
    headings = {token: [token] for token in dict.fromkeys(token for _, token, _, _ in blocks)}
    groups = (headings, owns, paths, farther)
    pieces = [piece for group in groups for piece in group.values()]
    columns = np.asarray(columns_of(list(chain.from_iterable(pieces))), dtype=np.int64)  # one call for all pieces
    lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    starts = np.cumsum(lengths) - lengths
    # each block's four pieces (heading/link, own, path, farther), numbered as in `pieces`, block after block
    chosen = np.empty((len(blocks), len(groups)), dtype=np.int64)
    first = 0
    for g, (group, keys) in enumerate(zip(groups, zip(*[(b[1], b[2], b[0], b[3]) for b in blocks]))):
        number = {key: first + n for n, key in enumerate(group)}
        chosen[:, g] = [number[key] for key in keys]
        first += len(group)
    chosen = chosen.ravel()
    taken = lengths[chosen]
    at = np.repeat(starts[chosen] - (np.cumsum(taken) - taken), taken) + np.arange(taken.sum())
    return HashedRows(taken.reshape(len(blocks), len(groups)).sum(axis=1), columns[at])


def _token_pieces(
    page: Page,
) -> tuple[
    dict[tuple[int, str], list[str]],
    dict[tuple[str, ...], list[str]],
    dict[int, list[str]],
    list[tuple[tuple[int, str], str, tuple[str, ...], int]],
]:
    """The pieces of every block's DOM tokens: the tag path and the parent's class tokens, per (parent, tag); the
    element's own class tokens, per token tuple; the class tokens of the farther ancestors (the grandparent and up
    to four above it), per grandparent; and per block, its (parent, tag), heading/link token, own token tuple and
    grandparent. Each is built once per page (siblings and cousins share them)."""
    el = page.elements
    el_parent, el_tag, el_tokens = el.parent, el.tag, el.tokens
    paths: dict[tuple[int, str], list[str]] = {}
    owns: dict[tuple[str, ...], list[str]] = {}
    farther: dict[int, list[str]] = {}
    blocks = []
    for seg in page.segments:
        owner = seg.owner
        parent = el_parent[owner]
        key = (parent, el_tag[owner])
        grand = el_parent[parent] if parent >= 0 else -1
        if key not in paths:
            tags = [key[1]]
            if parent >= 0:
                tags.append(el_tag[parent])
                if grand >= 0:
                    tags.append(el_tag[grand])
            paths[key] = [
                "tag:" + tags[0], "p2:" + ">".join(reversed(tags[:2])), "p3:" + ">".join(reversed(tags)),
                *(["c1:" + t for t in el_tokens[parent]] if parent >= 0 else []),
            ]  # fmt: skip
        if grand not in farther:
            seen: set[str] = set()
            for a in el.ancestors(grand, N_ANCESTOR_TOKENS - 1) if grand >= 0 else []:
                seen.update(el_tokens[a])
            farther[grand] = ["ca:" + t for t in seen]
        own = el_tokens[owner]
        if own not in owns:
            owns[own] = ["c0:" + t for t in own]
        # a teaser's title is a linked heading
        blocks.append((key, _HEADING_LINK[seg.heading][1 if seg.flags & FLAG_LINK else 0], own, grand))
    return paths, owns, farther, blocks


_HEADING_LINK = tuple((f"heading_link:{h}_0", f"heading_link:{h}_1") for h in range(7))
