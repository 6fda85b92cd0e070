from boilerfree.metrics import block_report, segment_counts, segment_prf, token_prf


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
