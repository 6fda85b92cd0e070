"""The page-at-once text features (`features.text.numeric`) equal the per-block formulas they replaced, bit for bit.

`per_block` below is the earlier implementation, kept as the specification: one row per block, each pattern
searched in each block alone.
"""

from __future__ import annotations

import math
import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from boilerfree.blocks import Page, Segment, word_counts
from boilerfree.features import block_words, page_words, text
from boilerfree.features.stopwords import stopword_set

_CURRENCY = re.compile(r"[$€£¥₹₩₽₺₫₱฿]|\b(?:rs\.?|r\$|usd|eur|inr)\s?\d", re.I)
_PLACEHOLDER = re.compile(r"{{.*?}}|{%.*?%}|{\*.*?\*}|%[sd]\b|\$\{\w+\}|\[\[\w+\]\]")
_SENTENCE = re.compile(r"[.!?。！？](?:\s|$)")
_ENDS_SENTENCE = re.compile(r"[.!?。！？…:\"'”»)]\s*$")
_SEPARATOR = re.compile(r"\s[|•·/›»>]\s")
_DIGIT = re.compile(r"\d")
_UPPER = re.compile(r"[A-ZÀ-ÖØ-ÞА-ЯΑ-Ω]")
_PUNCT = re.compile(r"[^\w\s]")
_NON_LETTER = re.compile(r"[\W\d_]")


def per_block(page: Page, words: list[list[str]], lang: str) -> np.ndarray:
    stop = stopword_set(lang)
    n_blocks = len(page.segments)
    total_words = max(page.total_words, 1)
    words_before = 0
    rows = []
    for i, seg in enumerate(page.segments):
        t = seg.text
        n_chars = len(t)
        sample = t[:400]
        n_sample = len(sample)
        toks = words[i]
        n_words = seg.words
        letters = n_sample - len(_NON_LETTER.findall(sample)) or 1
        split = t.split()
        rows.append((
            math.log1p(n_words), math.log1p(n_chars),
            min(sum(map(len, toks)) / n_words, 20.0) / 10.0 if n_words else 0.0,
            seg.link_chars / n_chars if n_chars else 0.0,
            sum(map(stop.__contains__, toks)) / n_words if n_words and stop else 0.0,
            len(_DIGIT.findall(sample)) / n_sample if n_sample else 0.0,
            len(_UPPER.findall(sample)) / letters,
            len(_PUNCT.findall(sample)) / n_sample if n_sample else 0.0,
            1.0 if _CURRENCY.search(t) else 0.0,
            1.0 if _ENDS_SENTENCE.search(t) else 0.0,
            1.0 if t[:1].isupper() else 0.0,
            math.log1p(len(_SENTENCE.findall(t))),
            math.log1p(t.count(",") + t.count("、") + t.count("，")),
            1.0 if _PLACEHOLDER.search(t) else 0.0,
            sum([w[0].isupper() for w in split]) / max(len(split), 1),
            1.0 if n_words <= 3 else 0.0, 1.0 if n_words >= 30 else 0.0,
            1.0 if _SEPARATOR.search(t) else 0.0,
            i / n_blocks, words_before / total_words, 1.0 if i == 0 else 0.0, 1.0 if seg.blank_before else 0.0,
        ))  # fmt: skip
        words_before += seg.words
    return np.array(rows, dtype=np.float32).reshape(n_blocks, len(text.NAMES))


def page_of(texts: list[str]) -> Page:
    return Page(
        "text",
        [Segment(t, i, words=w, link_chars=len(t) // 3) for i, (t, w) in enumerate(zip(texts, word_counts(texts)))],
    )


def assert_same(texts: list[str], lang: str = "en") -> None:
    """The rows of the word lists and, when the compiled module is built, of the compiled words (`_features.
    text_rows`, which classifies each block's characters itself) are the per-block formulas'."""
    page = page_of(texts)
    words = block_words(page)
    expected = per_block(page, words, lang)
    np.testing.assert_array_equal(text.numeric(page, words, lang).view(np.uint32), expected.view(np.uint32))
    if text._compiled is not None:
        got = text.numeric(page, page_words(page), lang)
        np.testing.assert_array_equal(got.view(np.uint32), expected.view(np.uint32))


def test_text_features_equal_the_per_block_formulas_on_edge_cases():
    assert_same(
        [
            "Hello. World! {{free_limit}} articles left | Menu",
            "{* #forgotPasswordForm *} {* traditionalSignIn_emailAddress *}",
            "Subscribe for USD 5 or rs.300 — €4/month, 1,000、2，3",
            "%s left » next",
            "ΑΣ Ǆemo İstanbul ÖBB 東京は晴れ。明日も！",
            "😀 𝐀𝐁 𝟎𝟏 emoji and mathematical letters",
            "",
            "x" * 900 + " END.",
            "trailing spaces and a mark .  ",
            " leading space | and a line\nbreak {{a\nb}} usd\n5 [[x]]",
            "${name} {% tag %} %d\u00a0|\u00a0nbsp",
            "USD 5",
            "usd5",
            "Rs 100",
            "R$ 5",
            "inr\u00a09",
            "eur\n5",
            "rſ5",
            "İnr 5",
            "x.5",
            "see 2 usd",
        ]
    )


_CODES = st.sampled_from(
    ["usd", "USD", "eur", "inr", "rs", "Rs.", "r$", "R$", "rſ", "İnr", " ", "\u00a0", "\n", "5", "x", "€"]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(_CODES, max_size=8).map("".join), min_size=1, max_size=5))
def test_currency_equals_the_per_block_search_around_currency_codes(texts):
    assert_same(texts)


def test_text_features_equal_the_per_block_formulas_without_a_stop_list():
    assert_same(["Ein Satz. Noch einer!", "und so weiter"], lang="")


def test_text_features_of_one_block_and_of_an_empty_page():
    assert_same(["Only one block."])
    assert text.numeric(page_of([]), [], "en").shape == (0, len(text.NAMES))


_ALPHABET = st.sampled_from(list("aZ 9.,!?|•/»>:)\"'{}%$[]_-€₹ÀÖØ§ΑΣаЯ東。！，、\n\t\u00a0\u2003😀𝐀İǅ"))
_FRAGMENTS = st.sampled_from(
    ["{{x}}", "{{", "}}", "{%", "%}", "{*", "*}", "%s", "%d", "%sx", "${a}", "[[b]]", "usd", "Rs.", " ", "\n", "5", "a",
     "\u00a0", "İ", "😀", "ſ", "|", "."]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_FRAGMENTS, max_size=6).map("".join), min_size=1, max_size=8))
def test_text_features_equal_the_per_block_formulas_on_placeholders_and_codes_at_block_edges(texts):
    assert_same(texts)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(_ALPHABET, max_size=60), min_size=1, max_size=8))
def test_text_features_equal_the_per_block_formulas_on_any_text(texts):
    assert_same(texts)
