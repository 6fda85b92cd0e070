import json

import numpy as np

from boilerfree import load_model
from boilerfree.blocks import segment
from boilerfree.cli import main
from boilerfree.document import load_document
from boilerfree.explain import SECOND_STAGE, _direction, explain_page
from boilerfree.features import DENSE_NAMES


def test_effects_add_up_to_the_label_score_against_the_page_mean(example_html):
    """Exactness of a linear explanation: with every feature listed, the effects sum to the block's score minus the
    score of the page's mean block (plus the second stage's move of the content log-odds)."""
    model = load_model()
    page = segment(load_document(example_html))
    head = model.heads["html"]
    X = model.featurizer.transform(page)
    mean = np.asarray(X.mean(axis=0)).ravel()
    explained = explain_page(page, model, top=10**6)
    assert len(explained) == len(page.segments)
    for i, (block, items) in enumerate(explained):
        if block.label != "content":
            continue
        direction = _direction(head.coef, 0)
        row = X.getrow(i).toarray().ravel()
        expected = float((row - mean) @ direction)
        unlisted = (row == 0) & (np.arange(len(row)) >= len(DENSE_NAMES))  # hashed tokens the block lacks
        expected += float((mean * direction)[unlisted].sum())
        listed = sum(c.effect for c in items if c.feature != SECOND_STAGE)
        assert np.isclose(listed, expected, rtol=1e-3, atol=1e-3)


def test_explanations_name_the_features_of_a_paywall_line():
    """A user fixing a publisher sees why a wall line was removed: its own words and shape, named."""
    html = (
        "<html><body><article><h1>Harbour tram line approved</h1>"
        "<p>The council approved the eight-kilometre tram line on Tuesday after a two-year debate over its cost.</p>"
        "<p>Construction will start next spring and the first trams should run in 2029, officials said.</p>"
        "<div class='paywall'><p>You've reached your limit of free articles this month.</p>"
        "<p>Subscribe now for unlimited access.</p></div></article></body></html>"
    )
    explained = explain_page(segment(load_document(html)), load_model(), top=5)
    by_text = {block.text: (block, items) for block, items in explained}
    block, items = by_text["You've reached your limit of free articles this month."]
    assert block.label != "content" and len(items) == 5
    assert all(a.effect >= b.effect > 0 for a, b in zip(items, items[1:]))
    assert all(c.feature and not c.feature.startswith("hashed column") for c in items)


def test_classify_explain_cli(example_html, tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text(example_html, encoding="utf-8")
    assert main(["classify", str(page), "--explain", "2"]) == 0
    lines = capsys.readouterr().out.splitlines()
    blocks = [line for line in lines if not line.startswith("\t")]
    reasons = [line for line in lines if line.startswith("\t")]
    assert blocks and 0 < len(reasons) <= 2 * len(blocks)
    assert all(" = " in r and "weight" in r for r in reasons)
    assert main(["classify", str(page), "--json", "--explain"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all(len(r["explanation"]) <= 3 for r in rows)
    assert {"feature", "value", "weight", "effect"} <= set(rows[0]["explanation"][0])
