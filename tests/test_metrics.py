import pytest

from boilerfree.metrics import (
    block_report,
    leaked_lines,
    segment_counts,
    segment_prf,
    token_prf,
    token_prf_by_threshold,
)


def test_token_prf_counts_repeated_tokens_once_each():
    p, r, f = token_prf("the cat the cat", "the cat sat")
    assert (p, r) == (0.5, 2 / 3)
    assert abs(f - 2 * 0.5 * (2 / 3) / (0.5 + 2 / 3)) < 1e-12


def test_token_prf_of_empty_output_or_gold_is_zero():
    assert token_prf("", "some gold") == (0.0, 0.0, 0.0)
    assert token_prf("some output", "") == (0.0, 0.0, 0.0)


def test_segment_counts_normalise_whitespace():
    counts = segment_counts("a  long\nline of text", ["long line", "missing"], ["of text", "absent"])
    assert counts == (1, 1, 1, 1)
    assert segment_prf(*counts) == (0.5, 0.5, 0.5)
    assert segment_prf(0, 0, 0) == (0.0, 0.0, 0.0)


def test_block_report_per_label_and_confusion():
    labels = ("content", "paywall", "pricing")
    gold = ["content", "content", "paywall", "pricing", "", "pricing"]
    pred = ["content", "paywall", "paywall", "pricing", "content", "content"]
    report = block_report(gold, pred, labels)
    assert report["confusion"] == [[1, 1, 0], [0, 1, 0], [1, 0, 1]]
    content = report["per_label"]["content"]
    assert (content["precision"], content["recall"], content["support"]) == (0.5, 0.5, 2)
    paywall = report["per_label"]["paywall"]
    assert (paywall["precision"], paywall["recall"]) == (0.5, 1.0)
    assert report["per_label"]["pricing"]["recall"] == 0.5 and report["per_label"]["pricing"]["precision"] == 1.0


def test_token_prf_by_threshold_matches_cleaning_at_each_threshold():
    blocks = [("the cat sat", 0.9), ("on the mat", 0.6), ("subscribe now", 0.2), ("the end", 0.6)]
    gold = "the cat sat on the mat"
    thresholds = [0.0, 0.5, 0.6, 0.95, 0.3]
    got = token_prf_by_threshold(blocks, gold, thresholds)
    for t, prf in zip(thresholds, got):
        output = "\n".join(text for text, score in blocks if score >= t)
        assert prf == pytest.approx(token_prf(output, gold))
    assert got[3] == (0.0, 0.0, 0.0)  # nothing kept: empty output scores 0
    assert token_prf_by_threshold(blocks, "", [0.5]) == [(0.0, 0.0, 0.0)]  # empty gold scores 0


def test_leaked_lines_counts_wall_and_plan_lines_absent_from_the_gold():
    gold = "Prices of rice rose by 4% this month, the ministry said."
    output = "\n".join(
        [
            "Prices of rice rose by 4% this month, the ministry said.",
            "Subscribe now for unlimited access.",
            "₹300/Month",
            "",
            "Copyright 2026 The Daily Example. All rights reserved.",
        ]
    )
    leaked = leaked_lines(output, gold)
    assert "Subscribe now for unlimited access." in leaked
    assert "Copyright 2026 The Daily Example. All rights reserved." in leaked
    assert gold not in leaked
    assert leaked_lines("", gold) == []


def test_leaked_lines_spares_an_article_about_subscriptions():
    line = "The streaming service will raise its monthly subscription price to $12 in March."
    assert leaked_lines(line, line) == []
    assert leaked_lines(line, None) == leaked_lines(line, "")
