"""Retraining: from scratch on labelled pages, adapting a model to a publisher, the export -> edit -> train round
trip of the CLI, and training from a corpus in the shared layout. All pages are written here or are the project's own
(datasets/labelled), never pages of ../shared/corpora."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import numpy as np
import pytest

import boilerfree
from boilerfree.cli import main
from boilerfree.corpus import LabelledPage, read_labelled_jsonl
from boilerfree.labels import LABELS
from boilerfree.model import load_model

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "datasets" / "labelled"

# A made-up publisher whose footer pitch no model has seen: written as a plain sentence in a bland <div>, so it
# looks like content until the model is shown a page of it.
ARTICLES = [
    (
        "Harbour ferry timetable changes from Monday",
        [
            "The harbour authority will run the morning ferry every twenty minutes instead of every half hour.",
            "Commuters on the eastern shore asked for the change after two winters of crowded boats.",
            "The evening service keeps its current timetable until the new pier opens in the spring.",
        ],
    ),
    (
        "Library extends its weekend opening hours",
        [
            "The central library will open on Sundays from ten until four starting next month.",
            "The council found the money by merging two mobile library routes into one.",
            "Staff said students had asked for quiet study space at weekends for years.",
        ],
    ),
    (
        "Orchard growers expect a smaller apple harvest",
        [
            "A late frost in April damaged blossom across most of the valley's orchards.",
            "Growers expect about a third fewer apples than last year, though the fruit should be larger.",
            "Cider makers say they will buy more fruit from neighbouring regions to make up the gap.",
        ],
    ),
    (
        "New cycle lane opens on the river road",
        [
            "The two kilometre lane separates bicycles from traffic with a low concrete kerb.",
            "Cyclists had campaigned for it since a collision on the bridge three years ago.",
            "The city plans to extend the lane to the railway station by the end of next year.",
        ],
    ),
]
PITCH = "Quillmouth Gazette keeps its lanterns lit thanks to the Lamplighters Circle of generous readers."


def gazette_page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title></head><body>"
        f"<article><h1>{title}</h1>{body}</article>"
        f'<div class="qx-7f"><div class="qx-8a">{PITCH}</div></div>'
        "</body></html>"
    )


def labelled_gazette(n: int) -> list[LabelledPage]:
    pages = []
    for i, (title, paragraphs) in enumerate(ARTICLES[:n]):
        blocks = [(title, "content")] + [(p, "content") for p in paragraphs] + [(PITCH, "promo")]
        pages.append(LabelledPage(id=f"gazette-{i}", source="test", document=gazette_page(title, paragraphs),
                                  format="html", group="gazette", block_labels=blocks))  # fmt: skip
    return pages


def label_of(blocks: list[boilerfree.Block], text: str) -> boilerfree.Block:
    return next(b for b in blocks if b.text == text)


@pytest.fixture(scope="module")
def small_model() -> boilerfree.Model:
    """A model trained from scratch on a slice of the project's own labelled pages (HTML and text)."""
    html = list(itertools.islice(read_labelled_jsonl(LABELLED / "html_train.jsonl"), 10))
    text = list(itertools.islice(read_labelled_jsonl(LABELLED / "text_train.jsonl"), 30))
    return boilerfree.train(html + text)


def test_train_from_scratch_learns_the_labels(small_model, tmp_path):
    assert set(small_model.heads) == {"html", "text"}
    assert small_model.manifest["training_data"]["pages"] == 40
    # unseen pages (the eval files share no publisher or wording with the train files): content told from the rest
    right = total = 0
    for lp in itertools.islice(read_labelled_jsonl(LABELLED / "text_eval.jsonl"), 10):
        blocks = boilerfree.classify(lp.document, format="text", model=small_model)
        truth = dict(lp.block_labels)
        for b in blocks:
            if b.text in truth:
                right += b.is_content == (truth[b.text] == "content")
                total += 1
    assert total > 100 and right / total > 0.8
    small_model.save(tmp_path / "m")
    again = load_model(tmp_path / "m")
    page = gazette_page(*ARTICLES[0])
    loaded, trained = boilerfree.classify(page, model=again), boilerfree.classify(page, model=small_model)
    assert [b.label for b in loaded] == [b.label for b in trained]
    for a, b in zip(loaded, trained):  # weights are stored as float16 (model.py): equal to about 1e-3
        assert a.probabilities == pytest.approx(b.probabilities, abs=2e-3)


def test_adapting_teaches_a_publisher_from_a_few_pages(small_model):
    unseen = gazette_page(*ARTICLES[3])
    before = label_of(boilerfree.classify(unseen, model=small_model), PITCH)
    adapted = boilerfree.train(labelled_gazette(2), base=small_model)
    after = boilerfree.classify(unseen, model=adapted)
    assert before.label == "content" and after[-1].text == PITCH and after[-1].label == "promo"
    assert all(b.is_content for b in after[:-1])  # the article of the unseen page is kept
    assert adapted.manifest["base_model"]["name"] == small_model.manifest["name"]
    assert adapted.stage2.keys() == small_model.stage2.keys()


def test_adapting_leaves_what_the_pages_do_not_show(small_model):
    adapted = boilerfree.train(labelled_gazette(2), base=small_model)
    text = "Subscribe now for unlimited access.\nAlready a subscriber? Log in"
    assert [b.label for b in boilerfree.classify(text, format="text", model=adapted)] == [
        b.label for b in boilerfree.classify(text, format="text", model=small_model)
    ]


def test_export_edit_train_round_trip(small_model, tmp_path, capsys):
    small_model.save(tmp_path / "base")
    pages = []
    for i, article in enumerate(ARTICLES):
        pages.append(tmp_path / f"page{i}.html")
        pages[-1].write_text(gazette_page(*article), encoding="utf-8")
    export = tmp_path / "labels.jsonl"
    base = str(tmp_path / "base")
    assert main(["classify", "--model", base, "--export", str(export)] + [str(p) for p in pages[:2]]) == 0
    rows = [json.loads(line) for line in export.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 2 and all(r["format"] == "html" and r["html"] for r in rows)
    assert {b["label"] for r in rows for b in r["blocks"]} <= set(LABELS)
    # the user fixes the rows the model got wrong, in any editor
    for row in rows:
        for block in row["blocks"]:
            block["label"] = "promo" if block["text"] == PITCH else "content"
    export.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert main(["validate", str(export)]) == 0
    out = tmp_path / "adapted"
    assert main(["train", "--adapt", "--model", str(tmp_path / "base"), "--quiet", str(export), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["classify", "--json", "--model", str(out), str(pages[3])]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["label"] for r in records if r["text"] == PITCH] == ["promo"]


def test_train_reads_a_corpus_in_the_shared_layout(tmp_path, capsys):
    """A user's own corpus (pages.jsonl + html/*.html.gz with gold text) is converted to block labels by gold-text
    alignment and trained on, from the command line."""
    corpus = tmp_path / "corpus"
    (corpus / "html").mkdir(parents=True)
    rows = []
    for i, (title, paragraphs) in enumerate(ARTICLES):
        html = gazette_page(title, paragraphs).replace(
            "<article>", '<nav><a href="/">Home</a> <a href="/news">News</a></nav><article>'
        )
        (corpus / "html" / f"p{i}.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))
        rows.append({"id": f"p{i}", "source": "mine", "url": f"https://site{i}.example/a", "lang": "en",
                     "html_file": f"html/p{i}.html.gz", "gold_text": "\n".join([title] + paragraphs),
                     "with": None, "without": None, "extra": {}})  # fmt: skip
    (corpus / "pages.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "model"
    assert main(["train", "--quiet", str(corpus), "-o", str(out)]) == 0
    assert "trained on 4 pages" in capsys.readouterr().err
    model = load_model(out)
    assert model.manifest["training_data"] == {"pages": 4, "sites": 4}
    blocks = boilerfree.classify(gazette_page(*ARTICLES[0]), model=model)
    assert label_of(blocks, ARTICLES[0][1][0]).is_content and not label_of(blocks, PITCH).is_content


def test_train_rejects_data_without_labels(tmp_path, capsys):
    empty = tmp_path / "none.jsonl"
    empty.write_text('{"id": "a", "format": "text", "blocks": [{"text": "x", "label": "maybe"}]}\n', encoding="utf-8")
    assert main(["train", "--quiet", str(empty), "-o", str(tmp_path / "m")]) == 1
    assert "none.jsonl:1" in capsys.readouterr().err


def test_second_stage_weighs_the_pages_of_a_source_by_its_factor():
    from boilerfree.features import Featurizer
    from boilerfree.features.scores import NAMES
    from boilerfree.learn import featurize, fit_head, fit_stage2_on

    pages = [featurize(lp, Featurizer()) for lp in labelled_gazette(4)]
    for i, page in enumerate(pages):
        page.source = "news" if i < 2 else "other"
    first_stage = fit_head(pages, "html")
    first = [first_stage.split_proba(page.X_html) for page in pages]
    plain = fit_stage2_on(pages, "html", first)
    assert (plain.coef == fit_stage2_on(pages, "html", first, source_factors={"news": 1.0}).coef).all()
    assert (plain.coef != fit_stage2_on(pages, "html", first, source_factors={"news": 5.0}).coef).any()
    assert plain.coef.shape == (len(NAMES),)


def test_the_seed_orders_the_rows_and_zero_is_the_default():
    """`fit_head`'s seed is SGD's row order: 0 is what training has always used; another seed gives other weights
    from the same rows (`benchmarks/stage2_variants.py build --seed` measures how far that moves the figures)."""
    from boilerfree.features import Featurizer
    from boilerfree.learn import featurize, fit_head

    pages = [featurize(lp, Featurizer()) for lp in labelled_gazette(3)]
    default = fit_head(pages, "html", epochs=3)
    assert (default.coef == fit_head(pages, "html", epochs=3, seed=0).coef).all()
    assert (default.coef != fit_head(pages, "html", epochs=3, seed=1).coef).any()


def test_a_head_is_the_mean_of_its_bags():
    """`fit_head` averages the weights of ``bags`` fits with seeds ``seed``, ``seed + 1``, ...: still one linear
    head, its scores the mean of theirs; labels the data never shows stay at the never-predicted intercept."""
    from boilerfree.features import Featurizer
    from boilerfree.learn import featurize, fit_head

    pages = [featurize(lp, Featurizer()) for lp in labelled_gazette(3)]
    singles = [fit_head(pages, "html", epochs=3, seed=s, bags=1) for s in (2, 3)]
    bagged = fit_head(pages, "html", epochs=3, seed=2, bags=2)
    np.testing.assert_allclose(bagged.coef, (singles[0].coef + singles[1].coef) / 2, rtol=1e-5, atol=1e-6)
    seen = np.zeros(len(bagged.intercept), dtype=bool)
    for page in pages:
        seen[np.unique(page.y[page.y >= 0])] = True
    assert (bagged.intercept[~seen] == -30.0).all()
    np.testing.assert_allclose(
        bagged.intercept[seen], (singles[0].intercept + singles[1].intercept)[seen] / 2, rtol=1e-5
    )
    with pytest.raises(ValueError, match="bags"):
        fit_head(pages, "html", bags=0)
