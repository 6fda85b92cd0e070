import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import boilerfree

EVAL_TEXT = Path(__file__).resolve().parent.parent / "datasets" / "labelled" / "text_eval.jsonl"


def test_clean_accepts_str_bytes_and_soup(example_html):
    expected = boilerfree.clean(example_html)
    assert "Councillors voted 31 to 12" in expected
    assert boilerfree.clean(example_html.encode("utf-8")) == expected
    assert boilerfree.clean(example_html.encode("utf-16")) == expected
    assert boilerfree.clean(BeautifulSoup(example_html, "html.parser")) == expected


def test_example_page_loses_its_paywall_prices_and_menus(example_html):
    text = boilerfree.clean(example_html)
    for kept in (
        "City council approves new tram line",
        "The line will have eleven stops",
        "Preparatory work on utility lines",
    ):
        assert kept in text
    for dropped in (
        "reached your limit",
        "€9.99/month",
        "Already a subscriber",
        "All rights reserved",
        "Sign up for the newsletter",
        "We use cookies",
    ):
        assert dropped not in text


@pytest.mark.parametrize("empty", ["", "   ", "\n\n\t", b"", b"  \n", "<html><body></body></html>"])
def test_empty_input_gives_empty_result(empty):
    assert boilerfree.clean(empty) == ""
    assert boilerfree.classify(empty) == []


def test_classify_returns_every_block_with_probabilities(example_html):
    blocks = boilerfree.classify(example_html)
    assert [b.index for b in blocks] == list(range(len(blocks)))
    for b in blocks:
        assert b.label in boilerfree.LABELS
        assert abs(sum(b.probabilities.values()) - 1) < 1e-4
        assert b.score == pytest.approx(b.probabilities["content"])
        assert b.is_content == (b.label == "content")
        assert b.tag_path.startswith("html/body")
    wall = next(b for b in blocks if "reached your limit" in b.text)
    assert not wall.is_content and wall.label == "paywall"


def test_threshold_trades_precision_for_recall(example_html):
    assert len(boilerfree.clean(example_html, threshold=0.0)) >= len(boilerfree.clean(example_html))
    assert len(boilerfree.clean(example_html, threshold=1.0)) <= len(boilerfree.clean(example_html))


def test_text_mode_removes_paywall_pricing_and_disclaimer_lines():
    article = [
        "Sensex ends 400 points higher as bank stocks rally",
        "Mumbai: Benchmark indices closed higher on Monday, led by gains in private lenders after the central "
        "bank left interest rates unchanged and signalled that inflation was easing.",
        "The 30-share index rose 0.6 per cent to close at 81,230, while the broader Nifty gained 0.5 per cent. "
        "Analysts said foreign investors had returned to the market after three weeks of selling.",
        "Metal stocks fell for a second day as prices of copper and aluminium declined on the London exchange.",
    ]
    boilerplate = [
        "Disclaimer: No Business Standard journalist was involved in creation of this content",
        "You've reached your limit of {{free_limit}} free articles this month.",
        "Subscribe now for unlimited access.",
        "Already subscribed? Log in",
        "Smart Quarterly",
        "₹900",
        "3 Months",
        "₹300/Month",
        "Renews automatically, cancel anytime",
    ]
    for format in ("text", "extracted"):  # a page's text, or an extractor's output: the same lines go
        lines = boilerfree.clean("\n".join(article + boilerplate), format=format).splitlines()
        for line in article:
            assert line in lines
        for line in boilerplate:
            assert line not in lines


def held_out_text_shares() -> tuple[float, float]:
    """The shares of article lines kept and of boilerplate lines removed on our held-out text pages, as `clean`
    sees them: one page a string, one line a block."""
    kept_content = total_content = removed = total_boilerplate = 0
    for line in EVAL_TEXT.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        blocks = row["blocks"]
        result = boilerfree.classify("\n".join(b["text"] for b in blocks), format="text")
        predicted = {b.text: b.is_content for b in result}
        for b in blocks:
            text = " ".join(b["text"].split())
            if b["label"] == "content":
                total_content += 1
                kept_content += predicted.get(text, False)
            else:
                total_boilerplate += 1
                removed += not predicted.get(text, True)
    return kept_content / total_content, removed / total_boilerplate


@pytest.mark.skipif(not EVAL_TEXT.is_file(), reason="no held-out labelled text examples")
def test_held_out_text_examples_meet_the_issue_targets():
    # the issue's targets: 99% of article lines kept and 95% of boilerplate lines removed on pages written for
    # evaluation only; the shipped model keeps 99.5% and removes 96.1% (benchmarks/own_eval.md)
    kept, removed = held_out_text_shares()
    assert kept >= 0.99 and removed >= 0.95
