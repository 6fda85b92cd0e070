"""Faster per-page loops of the lexical and page families equal the loops they replaced (kept below as the
specification): the same tokens in the same order, the same float32 values bit for bit."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree.blocks import WORD, Page, Segment, segment_html, word_counts
from boilerfree.document import parse_html
from boilerfree.features import block_words, lexical, paywall, prose
from boilerfree.features import page as page_features
from boilerfree.rules import CLASS_TOKENS, NEAR_ANCESTORS, TYPED_ORDER


def reference_lexical(page: Page, words: list[list[str]]) -> list[list[str]]:
    out = []
    for seg, toks in zip(page.segments, words):
        head = toks[: lexical.MAX_WORDS]
        feats = ["w:" + t for t in head]
        feats += ["b:" + a + "_" + b for a, b in zip(head, head[1:])]
        if toks:
            feats.append("first:" + toks[0])
            feats.append("last:" + toks[-1])
        if 0 < len(toks) <= 6:
            feats.append("whole:" + " ".join(toks))
        if 0 < len(toks) <= 8:
            feats.append("shape:" + lexical.shape(seg.text))
        out.append(feats)
    return out


def reference_page(page: Page, words: list[list[str]]) -> np.ndarray:
    titles = [s for s in (set(WORD.findall(t.lower())) for t in page.titles) if s]
    matched = False
    keys = [" ".join(w) for w in words]
    seen = Counter(keys)
    first_seen: set[str] = set()
    rows = []
    for toks, key in zip(words, keys):
        dice = contained = first_title = log_copies = repeat = 0.0
        if titles and toks:
            block = set(toks)
            dice = max(2 * len(block & t) / (len(block) + len(t)) for t in titles)
            if len(block) >= 3:
                contained = max(len(block & t) for t in titles) / len(block)
            if not matched and dice >= 0.6:
                first_title = 1.0
                matched = True
        if key:
            log_copies = math.log(seen[key])
            if key in first_seen:
                repeat = 1.0
            first_seen.add(key)
        rows.append((dice, contained, first_title, log_copies, repeat))
    return np.array(rows, dtype=np.float32).reshape(len(words), len(page_features.NAMES))


def page_of(texts: list[str], titles: tuple[str, ...] = ()) -> Page:
    segments = [Segment(t, i, words=w) for i, (t, w) in enumerate(zip(texts, word_counts(texts)))]
    return Page("text", segments, titles=titles)


def assert_same(texts: list[str], titles: tuple[str, ...] = ()) -> None:
    page = page_of(texts, titles)
    words = block_words(page)
    assert lexical.tokens(page, words) == reference_lexical(page, words)
    expected = reference_page(page, words)
    np.testing.assert_array_equal(page_features.numeric(page, words).view(np.uint32), expected.view(np.uint32))


def test_lexical_and_page_features_equal_the_loops_on_edge_cases():
    assert_same([])
    assert_same([""], ("A title",))
    assert_same(["Share", "Share", "Stand: 08.07.2026", "Stand: 08.07.2026", "The Mayor spoke today about the budget"],
                ("The mayor spoke | Daily", "Mayor spoke"))  # fmt: skip
    assert_same(["東京は晴れ", "Ünïcode İstanbul ΟΔΟΣ", " ".join(["word"] * 60)], ("東京は晴れ",))


_WORDS = st.sampled_from(["the", "mayor", "Spoke", "9.99", "€", "東京", "İ", "share", "a", "-", ""])


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.lists(_WORDS, max_size=12).map(" ".join), max_size=8),
    st.lists(st.lists(_WORDS, max_size=5).map(" ".join), max_size=3),
)
def test_lexical_and_page_features_equal_the_loops_on_any_text(texts, titles):
    assert_same(texts, tuple(titles))


def reference_class_masks(tokens: list[tuple[str, ...]]) -> list[int]:
    return [sum(1 << k for k, label in enumerate(TYPED_ORDER) if not CLASS_TOKENS[label].isdisjoint(t)) for t in tokens]


def test_paywall_class_bits_equal_the_per_element_loop():
    html = (
        '<html><body><div class="paywall piano"><p>Subscribe to read.</p></div><nav class="menu"><a>Home</a></nav>'
        '<div class="price-box"><span class="plan">€9</span></div><footer class="legal">© 2024</footer>'
        '<div class="Ünïcode 東京"><p>text</p></div><p>plain</p></body></html>'
    )
    page = segment_html(parse_html(html))
    el = page.elements
    owners = np.array([seg.owner for seg in page.segments])
    near, far = paywall._class_bits(el, owners, wrapper_words=1_000)
    masks = reference_class_masks(el.tokens)
    for block, owner in enumerate(owners.tolist()):
        chain = el.ancestors(owner, 8)
        assert near[block] == np.bitwise_or.reduce([masks[a] for a in chain[:NEAR_ANCESTORS]] or [0])
        assert far[block] == np.bitwise_or.reduce([masks[a] for a in chain[NEAR_ANCESTORS:]] or [0])


_PROSE_ALPHABET = st.sampled_from(list("ab .!?。…\"')»x\u00a0\u3000\t\n東") + ["word ", "Σ", "\u2029"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PROSE_ALPHABET, max_size=50).map("".join), st.integers(0, 12))
def test_is_prose_equals_the_sentence_end_search(text, words):
    expected = (words >= prose.PROSE_WORDS or len(text) >= prose.PROSE_CHARS and " " not in text) and bool(
        prose._SENTENCE_END.search(text)
    )
    assert prose.is_prose(text, words) == expected
