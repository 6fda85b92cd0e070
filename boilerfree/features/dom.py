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

from ..blocks import FLAG_LINK, FLAGS, Page

_ANCESTOR_LEVELS = (1, 2, 3, 5)
NAMES = (
    ("log_depth", "heading", "heading_top", "owner_word_share", "inside_best",
     "best_word_share", "distance_from_best", "distance_from_densest", "same_owner_as_previous", "owner_block_count")
    + tuple(f"flag_{name}" for name in FLAGS)
    + tuple(f"ancestor{k}_{m}" for k in _ANCESTOR_LEVELS for m in ("word_share", "link_density", "log_blocks"))
)  # fmt: skip
N_ANCESTOR_TOKENS = 6


def best_container(page: Page) -> int:
    """Readability's candidate selection, simplified: paragraphs score their parent fully and grandparent by half;
    the score is damped by the candidate's link density. Returns the element index, or -1."""
    el = page.elements
    scores: dict[int, float] = {}
    for seg in page.segments:
        if seg.words < 8 or seg.link_chars > 0.33 * len(seg.text):
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


def numeric(page: Page) -> np.ndarray:
    """One row per block, columns as in NAMES. What depends on the block's element alone (depth, containers) is
    computed once per element: the blocks of one element (split by <br> or inline blocks) share it."""
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
    by_owner: dict[int, tuple[float, float, bool, float, tuple[float, ...]]] = {}
    inside = np.zeros(n, dtype=bool)
    rows = []
    previous_owner = None
    for i, seg in enumerate(segs):
        owner = seg.owner
        known = by_owner.get(owner)
        if known is None:
            chain = el.ancestors(owner)
            containers: list[float] = []
            for k in _ANCESTOR_LEVELS:
                a = chain[k] if k < len(chain) else chain[-1]
                words = el.words[a]
                containers += (words / total, el.link_words[a] / words if words else 0.0, math.log1p(el.blocks[a]))
            known = (
                math.log1p(len(chain)), el.words[owner] / total, best in chain, math.log1p(el.blocks[owner]),
                tuple(containers),
            )  # fmt: skip
            by_owner[owner] = known
        log_depth, owner_share, in_best, log_blocks, containers_row = known
        inside[i] = in_best
        heading = seg.heading
        flags = seg.flags
        rows.append((
            log_depth, 1.0 if heading else 0.0, 1.0 if 0 < heading <= 2 else 0.0, owner_share, 1.0 if in_best else 0.0,
            best_share, 0.0, abs(i - densest) / n, 1.0 if i and previous_owner == owner else 0.0, log_blocks,
            *[1.0 if flags & bit else 0.0 for bit in flag_bits], *containers_row,
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
    """Tag path, heading/link and class/id tokens of the block's element and ancestors; all but the heading/link
    token depend on the element alone, so they are built once per element."""
    el = page.elements
    if page.format != "html" or el is None:
        return [[] for _ in page.segments]
    out = []
    by_owner: dict[int, tuple[list[str], list[str]]] = {}
    for seg in page.segments:
        known = by_owner.get(seg.owner)
        if known is None:
            chain = el.ancestors(seg.owner, N_ANCESTOR_TOKENS + 1)
            tags = [el.tag[a] for a in chain[:3]]
            path = ["tag:" + tags[0], "p2:" + ">".join(reversed(tags[:2])), "p3:" + ">".join(reversed(tags))]
            classes = ["c0:" + t for t in el.tokens[chain[0]]]
            if len(chain) > 1:
                classes.extend("c1:" + t for t in el.tokens[chain[1]])
            seen = set()
            for a in chain[2:]:
                seen.update(el.tokens[a])
            classes.extend("ca:" + t for t in seen)
            known = by_owner[seg.owner] = (path, classes)
        path, classes = known
        # a teaser's title is a linked heading
        out.append([*path, f"heading_link:{seg.heading}_{int(bool(seg.flags & FLAG_LINK))}", *classes])
    return out
