"""The DOM features computed for all blocks at once (`features.dom.numeric`, `tokens`) equal the per-block loops
they replaced, bit for bit. `reference_numeric` and `reference_tokens` are those loops, kept as the specification."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree.blocks import FLAG_HIDDEN, FLAG_LINK, FLAGS, Page, segment_html
from boilerfree.document import parse_html
from boilerfree.features import Featurizer, dom


def _above(el, parent: int, best: int) -> tuple[int, list[int], bool]:
    chain = el.ancestors(parent, 63) if parent >= 0 else []
    return len(chain), chain, best in chain


def reference_numeric(page: Page) -> np.ndarray:
    """One row per block, columns as in dom.NAMES. An element's chain of ancestors is its parent's chain with the
    element in front, so what comes from above is computed once per parent (the siblings share it)."""
    segs = page.segments
    n = len(segs)
    el = page.elements
    if page.format != "html" or el is None or not n:
        return np.zeros((n, len(dom.NAMES)), dtype=np.float32)
    total = max(page.total_words, 1)
    best = dom.best_container(page)
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
            for k in dom._ANCESTOR_LEVELS:
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
            containers_row = own * len(dom._ANCESTOR_LEVELS)
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


def reference_tokens(page: Page) -> list[list[str]]:
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
            above = el.ancestors(parent, dom.N_ANCESTOR_TOKENS) if parent >= 0 else []
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


_TAGS = ["div", "p", "span", "a", "li", "ul", "article", "nav", "h1", "h2", "br", "td", "footer", "section", "b"]
_WORDS = ["one", "two", "Ünïcode", "東京は晴れ", "a, b", "x" * 12, "", " ", "price 9€"]
_ATTRS = ["", ' class="nav menu"', ' class="ArticleBody"', ' id="main"', " hidden", ' role="main"', ' class="paywall"']


@st.composite
def html_pages(draw, depth: int = 0) -> str:
    """Small random trees of block and inline tags, attributes and texts (non-ASCII and empty ones among them)."""
    parts = []
    for _ in range(draw(st.integers(0, 4 if depth < 4 else 0))):
        tag = draw(st.sampled_from(_TAGS))
        attrs = draw(st.sampled_from(_ATTRS))
        inner = draw(html_pages(depth + 1)) if tag != "br" else ""
        text = draw(st.sampled_from(_WORDS))
        parts.append(f"<{tag}{attrs}>{text}{inner}</{tag}>" if tag != "br" else "<br>")
        parts.append(draw(st.sampled_from(_WORDS)))
    return "".join(parts)


_FEATURIZER = Featurizer()


def assert_same(html: str) -> None:
    page = segment_html(parse_html(f"<html><body>{html}</body></html>"))
    if page.elements is not None:  # the compiled best container (when built) is the dict's
        assert dom.best_container(page) == dom.best_container_of_scores(page)
    np.testing.assert_array_equal(dom.numeric(page).view(np.uint32), reference_numeric(page).view(np.uint32))
    assert dom.tokens(page) == reference_tokens(page)
    if page.segments:  # the DOM tokens hashed piece by piece give the matrix of hashing the token lists
        hashed = _FEATURIZER.transform(page)
        listed = _FEATURIZER.transform_with_tokens(page)[0]
        for name in ("indptr", "indices", "data"):
            np.testing.assert_array_equal(getattr(hashed, name), getattr(listed, name))


def test_dom_features_equal_the_per_block_loops_on_edge_cases():
    assert_same("")
    assert_same("just text")
    assert_same("<p>one</p>" * 3 + "<div><p>a b c d e f g h, i, j</p><p>k l m n o p q r s</p></div>")
    assert_same("<div>" * 80 + "<p>deep, deeper, deepest text of many words here now</p>" + "</div>" * 80)
    assert_same('<nav class="menu"><a>Home</a><br><a>News</a></nav><article><h1><a>Title</a></h1><p>Body</p>')
    assert_same("<div hidden><p>gated body, with, commas and words enough to score</p></div><p>after</p>")
    para = "<p>a paragraph of the article, with, commas and words enough to score as prose here</p>"
    deep = "<div>" * 70 + "<p>nested far below the article</p>" + "</div>" * 70
    assert_same(f"<article>{para}{para}{deep}{para}</article><footer><p>tail words</p></footer>")


@settings(max_examples=150, deadline=None)
@given(html_pages())
def test_dom_features_equal_the_per_block_loops_on_any_tree(html):
    assert_same(html)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_best_container_equals_the_scores_of_the_dict_on_any_table(data):
    """Random element tables and blocks (ties, link-heavy and hidden blocks, blocks of the root): the compiled
    choice (when built) is the specification's, the same element of equal scores."""
    from boilerfree.blocks import Elements, Segment

    n = data.draw(st.integers(1, 10))
    parent = [-1] + [data.draw(st.integers(-1, i - 1)) for i in range(1, n)]
    words = data.draw(st.lists(st.integers(0, 60), min_size=n, max_size=n))
    link_words = [data.draw(st.integers(0, w)) for w in words]
    el = Elements(tag=["div"] * n, parent=parent, tokens=[()] * n, words=words, link_words=link_words)
    segs = [
        Segment(
            text=data.draw(st.sampled_from(["a, b, c", "one two three four five six seven eight", ",,,", "é, ü"])),
            index=i,
            owner=data.draw(st.integers(0, n - 1)),
            words=data.draw(st.integers(0, 80)),
            link_chars=data.draw(st.integers(0, 20)),
            flags=data.draw(st.sampled_from([0, FLAG_HIDDEN, FLAG_LINK])),
        )
        for i in range(data.draw(st.integers(0, 12)))
    ]
    page = Page("html", segs, el)
    assert dom.best_container(page) == dom.best_container_of_scores(page)
