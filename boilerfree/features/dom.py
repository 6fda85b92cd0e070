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

import numpy as np

from ..blocks import FLAG_HIDDEN, FLAG_LINK, FLAGS, Page

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


def best_container(page: Page) -> int:
    """Readability's candidate selection, simplified: paragraphs score their parent fully and grandparent by half;
    the score is damped by the candidate's link density. Hidden paragraphs (closed dialogs) do not vote. Returns the
    element index, or -1."""
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


def _above(el, parent: int, best: int) -> tuple[int, list[int], bool]:
    """What an element's parent tells about everything above the element: the length of the parent's chain (up to
    63 ancestors), that chain, and whether ``best`` is in it. Siblings share it, so it is computed once a parent."""
    chain = el.ancestors(parent, 63) if parent >= 0 else []
    return len(chain), chain, best in chain


def numeric(page: Page) -> np.ndarray:
    """One row per block, columns as in NAMES. An element's chain of ancestors is its parent's chain with the
    element in front, so what comes from above is computed once per parent (the siblings share it)."""
    segs = page.segments
    n = len(segs)
    el = page.elements
    if page.format != "html" or el is None or not n:
        return np.zeros((n, len(NAMES)), dtype=np.float32)
    total = max(page.total_words, 1)
    best = best_container(page)
    best_share = el.words[best] / total if best >= 0 else 0.0
    densest = max(range(n), key=lambda i: segs[i].words)
    flag_bits = tuple(FLAGS.values())
    by_parent: dict[int, tuple[float, tuple[float, ...], bool]] = {}
    by_flags: dict[int, list[float]] = {}  # a page has a few dozen distinct flag sets
    inside = np.zeros(n, dtype=bool)
    rows = []
    previous_owner = None
    for i, seg in enumerate(segs):
        owner = seg.owner
        parent = el.parent[owner]
        known = by_parent.get(parent)
        if known is None:  # the ancestor columns of any child of `parent` (its own chain is [child] + above)
            length, above, best_above = _above(el, parent, best)
            containers: list[float] = []
            for k in _ANCESTOR_LEVELS:
                if not above:
                    break
                a = above[k - 1] if k - 1 < length else above[-1]
                words = el.words[a]
                containers += (words / total, el.link_words[a] / words if words else 0.0, math.log1p(el.blocks[a]))
            known = by_parent[parent] = (math.log1p(1 + length), tuple(containers), best_above)
        log_depth, containers_row, best_above = known
        if not containers_row:  # the root: every level is the element itself
            words = el.words[owner]
            own = (words / total, el.link_words[owner] / words if words else 0.0, math.log1p(el.blocks[owner]))
            containers_row = own * len(_ANCESTOR_LEVELS)
        in_best = owner == best or best_above
        inside[i] = in_best
        heading = seg.heading
        flag_columns = by_flags.get(seg.flags)
        if flag_columns is None:
            flag_columns = by_flags[seg.flags] = [1.0 if seg.flags & bit else 0.0 for bit in flag_bits]
        rows.append((
            log_depth, 1.0 if heading else 0.0, 1.0 if 0 < heading <= 2 else 0.0, el.words[owner] / total,
            1.0 if in_best else 0.0, best_share, 0.0, abs(i - densest) / n,
            1.0 if i and previous_owner == owner else 0.0, math.log1p(el.blocks[owner]),
            *flag_columns, *containers_row,
            *(((1.0, 0.0) if in_best else (0.0, 1.0)) if seg.flags & FLAG_HIDDEN else (0.0, 0.0)),
        ))  # fmt: skip
        previous_owner = owner
    out = np.array(rows, dtype=np.float32)
    if inside.any():
        positions = np.flatnonzero(inside)
        idx = np.arange(n)
        nearest = np.abs(idx[:, None] - positions[None, :]).min(axis=1) if n * len(positions) < 4_000_000 else 0
        out[:, 6] = np.minimum(nearest / n * 10, 1.0)
    else:
        out[:, 6] = 1.0
    return out


def tokens(page: Page) -> list[list[str]]:
    """Tag path, heading/link and class/id tokens of the block's element and ancestors. What comes from the parent
    and farther up is built once per parent (the siblings share it)."""
    el = page.elements
    if page.format != "html" or el is None:
        return [[] for _ in page.segments]
    out = []
    by_parent: dict[int, tuple[list[str], list[str]]] = {}
    for seg in page.segments:
        owner = seg.owner
        parent = el.parent[owner]
        known = by_parent.get(parent)
        if known is None:
            above = el.ancestors(parent, N_ANCESTOR_TOKENS) if parent >= 0 else []
            classes = ["c1:" + t for t in el.tokens[above[0]]] if above else []
            seen = set()
            for a in above[1:]:
                seen.update(el.tokens[a])
            classes.extend("ca:" + t for t in seen)
            known = by_parent[parent] = ([el.tag[a] for a in above[:2]], classes)
        tags_above, classes_above = known
        tags = [el.tag[owner], *tags_above]
        out.append([
            "tag:" + tags[0], "p2:" + ">".join(reversed(tags[:2])), "p3:" + ">".join(reversed(tags)),
            f"heading_link:{seg.heading}_{int(bool(seg.flags & FLAG_LINK))}",  # a teaser's title is a linked heading
            *["c0:" + t for t in el.tokens[owner]], *classes_above,
        ])  # fmt: skip
    return out
