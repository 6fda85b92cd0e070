"""training/train.py's cross-validation: the text head's post-filter threshold (format="extracted") is chosen on
extractor output of held-out pages and on our own held-out text pages, apart from the head's own threshold. The pages
are the project's own (datasets/labelled) and made up here, never pages of ../shared/corpora."""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

import numpy as np
import pytest

from boilerfree.corpus import LabelledPage, read_labelled_jsonl
from boilerfree.features import Featurizer
from boilerfree.learn import featurize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "training"))

import train  # noqa: E402
from data import EXTRACTED_SUFFIX  # noqa: E402

STORIES = [
    ("Harbour ferry runs every twenty minutes", "The harbour authority will run the morning ferry more often."),
    ("Library opens on Sundays", "The central library will open on Sundays from ten until four next month."),
    ("Apple harvest to be smaller", "A late frost in April damaged blossom across most of the valley's orchards."),
    ("Cycle lane opens on the river road", "The lane separates bicycles from traffic with a low concrete kerb."),
    ("Bridge repairs end early", "Engineers finished the repairs to the old stone bridge two weeks ahead of plan."),
    ("Market moves to the square", "The Saturday market will move to the town square while the hall is rebuilt."),
]


def extracted_page(i: int, title: str, body: str) -> LabelledPage:
    """An extractor's output of a made-up news page: the article, and a wall it let through."""
    text = f"{title}\n{body}\nYou've reached your limit of free articles.\nSubscribe now for unlimited access."
    return LabelledPage(f"story-{i}{EXTRACTED_SUFFIX}", "made-up-news", text, "text", f"site-{i}", f"{title}\n{body}")


def test_cross_validation_chooses_a_post_filter_threshold_of_its_own():
    featurizer = Featurizer(12)
    own = list(itertools.islice(read_labelled_jsonl(ROOT / "datasets" / "labelled" / "text_train.jsonl"), 40))
    pages = [featurize(lp, featurizer) for lp in own]
    for i, story in enumerate(STORIES):
        page = featurize(extracted_page(i, *story), featurizer)
        page.synthetic = True  # as `data.extracted_text_page` marks it: scored apart, never as a page of its corpus
        pages.append(page)
    train.weigh(pages, "text", {})
    tables = train.crossvalidate(pages, "text", folds=2, alpha=3e-5, epochs=5, stage2=False)
    extracted = tables["extracted"]
    assert extracted["made-up-news"]["pages"] == len(STORIES)  # each held out once
    assert extracted[train.OWN_TEXT_SOURCE]["pages"] == tables["stage1"][train.OWN_TEXT_SOURCE]["pages"]
    assert "made-up-news" not in tables["stage1"]  # the head's own threshold is not chosen on them
    objective = train.objective(extracted)
    assert objective.shape == train.THRESHOLDS.shape and np.isfinite(objective).all()


def test_the_shipped_threshold_is_the_highest_within_the_objectives_noise_of_the_best():
    flat = np.array([0.80, 0.9055, 0.9080, 0.9077, 0.9078, 0.9048])  # the text head's objective, folds19
    assert train.best_threshold(flat) == 4  # 0.9078 is within OBJECTIVE_TOLERANCE of 0.9080
    peaked = np.array([0.80, 0.85, 0.92, 0.90, 0.88])
    assert train.best_threshold(peaked) == 2  # a clear best stays the choice
    assert train.best_threshold(np.zeros(3)) == 2  # all tie: the highest
    weighted = {"fundus": {"token_f1_mean": [0.8, 0.9]}, "wcxb": {"token_f1_mean": [0.9, 0.8]}}
    assert train.objective(weighted).tolist() == pytest.approx([0.825, 0.875])  # fundus weighs as in training


def test_a_base_models_heads_that_are_not_retrained_are_kept_with_their_figures():
    """`--base-model`: retraining the text head keeps the shipped HTML head, its second stage, its cross-validated
    figures and the estimator it was fitted with."""
    from boilerfree.model import load_model

    base = load_model()
    heads, second, figures, estimator = {}, {}, {"text": {"new": 1}}, {"text": "bagged"}
    kept = train.keep_base_heads(base, ["text"], heads, second, figures, estimator)
    assert kept == ["html"]
    assert heads["html"] is base.heads["html"] and second["html"] is base.stage2["html"]
    assert figures["html"] == base.manifest["cross_validation"]["figures"]["html"] and figures["text"] == {"new": 1}
    assert estimator["html"] and estimator["text"] == "bagged"
    assert "text" not in heads  # the retrained head is the caller's
