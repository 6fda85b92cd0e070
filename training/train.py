"""Train the default model, with cross-validation grouped by site/publisher to measure it on unseen publishers.

For each fold, a model is fitted on the other folds and scored on the fold's pages with the metrics of
``../shared/anchors/evaluate.py`` (token F1 against gold text, segment P/R/F with/without snippets), computed on the
text that `boilerfree.clean` would return (the kept blocks, one per line). The threshold of each head is the one
that maximises the cross-validated scores; then the final model is fitted on everything and written with its
manifest (training data summary and the cross-validated figures).

usage: python training/train.py [--folds 5] [--out boilerfree/models/default] [--corpora ../shared/corpora]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

from data import EXTRACTED_SUFFIX, load_extracted, load_source, load_synthetic, source_paths  # noqa: E402

from boilerfree.features import DEFAULT_HASH_BITS  # noqa: E402
from boilerfree.labels import LABELS  # noqa: E402
from boilerfree.learn import SGD_AVERAGE, SGD_BAGS, TrainingPage, fit_head, fit_stage2, group_fold, matrix, predict  # noqa: E402
from boilerfree.metrics import segment_counts, segment_prf, token_prf  # noqa: E402
from boilerfree.model import LinearHead, Model, StageTwo  # noqa: E402

OWN_DATA_WEIGHT = 3.0  # our hand-labelled pages are few (495) but are the only ones with typed labels we checked
# The text head sees trafilatura's output of every corpus page (--extracted-weight), where short lines are mostly
# content; our own text pages are the only place it sees paywall and pricing lines inside extracted text, so they
# weigh more there (benchmarks/text_weights.py measures the trade-off; README "What was measured and kept").
OWN_TEXT_WEIGHT = 12.0
EXTRACTED_WEIGHT = 0.2  # each page of trafilatura's output of a corpus page (text head only)
OWN_TEXT_SOURCE = "text_train"  # our own text pages: articles with the boilerplate lines an extractor lets through
THRESHOLDS = np.round(np.arange(0.1, 0.96, 0.05), 2)
# Weights of whole corpora (the rest weigh 1): the corpora disagree on captions and bylines, and news pages, which
# fundus holds, are what boilerfree is for.
SOURCE_WEIGHTS = {"fundus": 3.0}
# In the second stage, per head, these corpora weigh that many times more again: with the block's region flags as
# columns, fundus' captions and teaser lists are what it learns to hold down, and the other corpora's gold is split
# on them (`benchmarks/stage2_variants.py eval --head html ... flags flags%fundus=2`; README, session 12).
STAGE2_SOURCE_FACTORS: dict[str, dict[str, float]] = {"html": {"fundus": 2.0}, "text": {}}


def weigh(pages: list[TrainingPage], head: str, source_weights: dict[str, float]) -> None:
    """Page weights for fitting ``head``: our own pages by head, whole corpora by ``source_weights``; made-up pages
    (synthetic, trafilatura's output) keep the weight they were loaded with."""
    for p in pages:
        if p.synthetic:
            continue
        if p.source.endswith("_train"):
            p.weight = OWN_TEXT_WEIGHT if head == "text" else OWN_DATA_WEIGHT
        else:
            p.weight = source_weights.get(p.source, 1.0)


def extracted_pages(corpora: Path, cache: Path, weight: float, jobs: int = 1) -> list[TrainingPage]:
    """trafilatura's output of every corpus page as text pages of ``weight`` (the text head's post-filter case)."""
    pages = [p for path in source_paths(corpora) if (path / "pages.jsonl").is_file()
             for p in load_extracted(path, cache, DEFAULT_HASH_BITS, jobs)]  # fmt: skip
    for p in pages:
        p.weight = weight
    return pages


def fold_of(page: TrainingPage, folds: int, salt: str = "") -> int:
    return group_fold(page.source, page.group, folds, salt)


def held_out(page: TrainingPage, k: int, folds: int, head: str) -> bool:
    """Is ``page`` scored in fold ``k``: in the fold, with blocks for ``head``, and not made up for training?"""
    return fold_of(page, folds) == k and matrix(page, head) is not None and len(page.texts) > 0 and not page.synthetic


def extracted_held_out(page: TrainingPage, k: int, folds: int, head: str) -> bool:
    """Is ``page`` trafilatura's output of a page of fold ``k`` (text head): the post-filter case, scored apart."""
    return page.id.endswith(EXTRACTED_SUFFIX) and fold_of(page, folds) == k and matrix(page, head) is not None


def page_scores(page: TrainingPage, proba: np.ndarray, thresholds: np.ndarray) -> dict:
    """Token P/R/F and segment counts of the cleaned text at every threshold; on our own typed pages, the
    labelled blocks kept (content) and removed (boilerplate)."""
    out: dict = {"f1": [], "p": [], "r": [], "seg": [], "blocks": []}
    if page.source.endswith("_train"):
        labelled = page.y >= 0
        content = page.y[labelled] == 0
        kept = proba[labelled, 0][None, :] >= thresholds[:, None]  # thresholds x blocks
        out["blocks"] = np.stack(
            [(kept & content).sum(1), np.full(len(thresholds), content.sum()), (~kept & ~content).sum(1),
             np.full(len(thresholds), (~content).sum())], axis=1).tolist()  # fmt: skip
    for t in thresholds:
        text = "\n".join(txt for txt, keep in zip(page.texts, proba[:, 0] >= t) if keep)
        if page.gold_text and page.gold_text.strip():
            p, r, f = token_prf(text, page.gold_text)
            out["p"].append(p)
            out["r"].append(r)
            out["f1"].append(f)
        if page.with_snippets is not None:
            out["seg"].append(segment_counts(text, page.with_snippets, page.without_snippets or []))
    return out


def summarise(results: list[tuple[TrainingPage, dict]], thresholds: np.ndarray) -> dict:
    """Per source and threshold: mean token F1 (and P, R, median) and segment P/R/F."""
    table: dict = {}
    for source in sorted({p.source for p, _ in results}):
        rows = [s for p, s in results if p.source == source]
        entry: dict = {"pages": len(rows)}
        with_gold = [s for s in rows if s["f1"]]
        if with_gold:
            f1 = np.array([s["f1"] for s in with_gold])
            entry["token_f1_mean"] = f1.mean(axis=0).round(4).tolist()
            entry["token_f1_median"] = np.median(f1, axis=0).round(4).tolist()
            entry["token_p"] = np.array([s["p"] for s in with_gold]).mean(axis=0).round(4).tolist()
            entry["token_r"] = np.array([s["r"] for s in with_gold]).mean(axis=0).round(4).tolist()
        with_seg = [s for s in rows if s["seg"]]
        if with_seg:
            counts = np.array([s["seg"] for s in with_seg]).sum(axis=0)  # thresholds x 4
            entry["seg_f1"] = [round(segment_prf(*c)[2], 4) for c in counts]
        with_blocks = [s for s in rows if s["blocks"]]
        if with_blocks:
            kept, content, removed, boilerplate = np.array([s["blocks"] for s in with_blocks]).sum(axis=0).T
            kept_share, removed_share = kept / max(content[0], 1), removed / max(boilerplate[0], 1)
            entry["content_kept"] = kept_share.round(4).tolist()
            entry["boilerplate_removed"] = removed_share.round(4).tolist()
            entry["own_balanced"] = ((kept_share + removed_share) / 2).round(4).tolist()
        table[source] = entry
    table["thresholds"] = thresholds.tolist()
    return table


def objective(table: dict) -> np.ndarray:
    """Mean over the shared corpora of their headline metric (token F1, or segment F1 without gold), and over our
    own typed pages (held out by publisher like the rest) of the mean of the shares of content blocks kept and of
    boilerplate blocks removed: the paywall, pricing and disclaimer lines the corpora do not type. Without that
    term, the text head's threshold was picked on corpora whose objective is flat from 0.45 to 0.65 (0.875-0.876)
    while the share of our own article lines kept fell from 93% to 84% over the same range. The corpora weigh as
    in training (SOURCE_WEIGHTS: news first): with equal weights, the text head's objective was flat from 0.40 to
    0.55 (0.9085-0.9055) and its argmax, 0.40, gave fundus' text mode 0.891 where 0.50 gave 0.902 (README,
    session 13)."""
    metrics, weights = [], []
    for source, entry in table.items():
        if source == "thresholds" or source.endswith("_eval"):
            continue
        own = source.endswith("_train")
        metric = entry.get("own_balanced") if own else entry.get("token_f1_mean") or entry.get("seg_f1")
        if metric:
            metrics.append(metric)
            weights.append(SOURCE_WEIGHTS.get(source, 1.0))
    if not metrics:  # nothing scored: every threshold ties
        return np.zeros(max(1, len(table.get("thresholds", ()))))
    return np.average(np.array(metrics, dtype=float), axis=0, weights=weights)


# Objective differences below this are noise: two trainings of the HTML head on the same pages (feature sets 14 and
# 15, which differ only on the 64 corpus pages with combining marks) moved fundus by 0.0008. It breaks ties among the
# thresholds of one training; it is not the noise between trainings: SGD's seed alone moved the text head's objective
# over 0.0034 (seeds 0-2, `benchmarks/stage2_variants.py build --seed`; README, session 17).
OBJECTIVE_TOLERANCE = 0.001


def best_threshold(values: np.ndarray) -> int:
    """Index of the threshold to ship: the highest one whose objective is within OBJECTIVE_TOLERANCE of the best.
    The text head's objective is flat (0.9080 / 0.9077 / 0.9078 at 0.45 / 0.5 / 0.55, folds19) and its argmax
    swung between them from one training to the next; where the objective cannot choose, the threshold that removes
    more boilerplate does (README, session 13)."""
    values = np.asarray(values, dtype=float)
    return int(np.flatnonzero(values >= values.max() - OBJECTIVE_TOLERANCE)[-1])


def crossvalidate(
    pages: list[TrainingPage], head: str, folds: int, alpha: float, epochs: int, stage2: bool, keep: dict | None = None,
    bags: int = SGD_BAGS,
) -> dict:  # fmt: skip
    """Cross-validated scores per source and threshold: {"stage1": table, "stage2": table, "extracted": table}.
    "extracted" scores the final stage on trafilatura's output of the held-out pages (the post-filter case,
    format="extracted") and on our own held-out text pages, which are articles with boilerplate lines as an
    extractor lets them through; its best threshold is the model's post-filter threshold. With ``keep``, the fold
    models are kept there as keep[fold][head] = (first stage, second stage)."""
    results: dict[str, list] = {"stage1": [], "stage2": [], "extracted": []}
    for k in range(folds):
        t0 = time.time()
        train = [p for p in pages if fold_of(p, folds) != k]
        test = [p for p in pages if held_out(p, k, folds, head)]
        first = fit_head(train, head, alpha, epochs, bags=bags)
        second = (
            fit_stage2(train, head, alpha, epochs, source_factors=STAGE2_SOURCE_FACTORS[head], bags=bags)
            if stage2
            else None
        )
        if keep is not None:
            keep.setdefault(k, {})[head] = (first, second)
        for p in test:
            results["stage1"].append((p, page_scores(p, predict(p, head, first, None), THRESHOLDS)))
            if second is not None:
                results["stage2"].append((p, page_scores(p, predict(p, head, first, second), THRESHOLDS)))
            if p.source == OWN_TEXT_SOURCE and head == "text":
                results["extracted"].append(results["stage2" if second is not None else "stage1"][-1])
        for p in (p for p in pages if extracted_held_out(p, k, folds, head)):
            results["extracted"].append((p, page_scores(p, predict(p, head, first, second), THRESHOLDS)))
        print(f"  {head} fold {k}: {len(train)} train pages, {len(test)} scored, {time.time() - t0:.0f}s", flush=True)
    return {name: summarise(res, THRESHOLDS) for name, res in results.items() if res}


def print_table(head: str, table: dict, best: int) -> None:
    print(f"{head} head, cross-validated, threshold {table['thresholds'][best]}:")
    for source, entry in table.items():
        if source == "thresholds" or len(entry) == 1:
            continue
        cells = {k: v[best] for k, v in entry.items() if isinstance(v, list)}
        print(f"  {source:22s} pages={entry['pages']:5d} " + " ".join(f"{k}={v:.4f}" for k, v in cells.items()))


def keep_base_heads(
    base: Model, trained: list[str], heads: dict[str, LinearHead], second_stages: dict[str, StageTwo], figures: dict,
    estimator: dict[str, str | None],
) -> list[str]:  # fmt: skip
    """Copy into ``heads``, ``second_stages``, ``figures`` and ``estimator`` the heads of ``base`` that were not
    ``trained``, with their second stage, cross-validated figures and estimator, and return their names: one head
    retrained, the other kept as it shipped (`--base-model`)."""
    kept = [h for h in base.heads if h not in trained]
    old = base.manifest.get("estimator")
    for h in kept:
        heads[h] = base.heads[h]
        if h in base.stage2:
            second_stages[h] = base.stage2[h]
        figures[h] = base.manifest.get("cross_validation", {}).get("figures", {}).get(h, {})
        estimator[h] = old.get(h) if isinstance(old, dict) else old
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "features")
    parser.add_argument("--out", type=Path, default=ROOT / "boilerfree" / "models" / "default")
    parser.add_argument("--folds", type=int, default=5, help="0: no cross-validation")
    parser.add_argument("--heads", default="html,text")
    parser.add_argument("--alpha", type=float, default=3e-5, help="L2 penalty of the SGD logistic regression")
    parser.add_argument("--epochs", type=int, default=15)
    parser.add_argument("--bags", type=int, default=SGD_BAGS, help="SGD fits (seeds 0, 1, ...) whose weights a head "
                        "averages (`learn.SGD_BAGS`)")  # fmt: skip
    parser.add_argument("--base-model", type=Path, help="a model whose heads that --heads leaves out are kept, with "
                        "their cross-validated figures and estimator: retrain one head, keep the other")  # fmt: skip
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-final", action="store_true", help="only cross-validate")
    parser.add_argument("--no-stage2", action="store_true", help="first stage only")
    parser.add_argument("--thresholds", default="", help="per-head thresholds, e.g. html=0.55,text=0.5,"
                        "text-extracted=0.3: with --folds 0, chosen by an earlier cross-validation (default 0.5; the "
                        "text head's post-filter threshold: none); with --folds N, in place of best_threshold's "
                        "choice, the cross-validated figures recorded at them")  # fmt: skip
    parser.add_argument(
        "--extracted-weight",
        type=float,
        default=EXTRACTED_WEIGHT,
        help="weight of each page of trafilatura's output of the corpus pages, which teaches the text head the "
        "post-filter case (0: off; see OWN_TEXT_WEIGHT)",
    )
    parser.add_argument(
        "--source-weight",
        default=",".join(f"{name}={w:g}" for name, w in SOURCE_WEIGHTS.items()),
        help="weights of whole corpora (default: SOURCE_WEIGHTS, fundus=3, others 1)",
    )
    parser.add_argument("--synthetic-weight", type=float, default=0.0, help="weight of each synthetic text page "
                        "(gold text + own boilerplate runs); 0: none")  # fmt: skip
    parser.add_argument(
        "--save-folds",
        type=Path,
        help="also write each fold's model here (fold-K/), to score the "
        "held-out pages with ../shared/anchors/evaluate.py (benchmarks/anchors_cv.py)",
    )
    args = parser.parse_args()
    base = Model.load(args.base_model) if args.base_model else None  # before the hours of training, not after

    pages: list[TrainingPage] = []
    sources = {}
    for path in source_paths(args.corpora):
        loaded = load_source(path, args.cache, DEFAULT_HASH_BITS, args.jobs)
        pages += loaded
        y = np.concatenate([p.y for p in loaded]) if loaded else np.zeros(0)
        sources[path.name] = {
            "pages": len(loaded),
            "labelled_blocks": {name: int((y == i).sum()) for i, name in enumerate(LABELS)},
        }
    source_weights = {name: float(w) for name, w in (item.split("=") for item in args.source_weight.split(",") if item)}
    if args.synthetic_weight > 0:
        synthetic = load_synthetic(pages, args.cache, DEFAULT_HASH_BITS)
        for p in synthetic:
            p.weight = args.synthetic_weight
        sources["synthetic text pages (gold text + own boilerplate runs)"] = {
            "pages": len(synthetic), "weight": args.synthetic_weight}  # fmt: skip
        pages += synthetic
    if args.extracted_weight > 0 and "text" in args.heads.split(","):
        extracted = extracted_pages(args.corpora, args.cache, args.extracted_weight, args.jobs)
        sources["trafilatura's output of the corpus pages (text head only)"] = {
            "pages": len(extracted), "weight": args.extracted_weight}  # fmt: skip
        pages += extracted
    heads: dict[str, LinearHead] = {}
    second_stages: dict[str, StageTwo] = {}
    figures: dict = {}
    use_stage2 = not args.no_stage2
    fold_models: dict | None = {} if args.save_folds else None
    given = {h: float(t) for h, t in (item.split("=") for item in args.thresholds.split(",") if item)}
    for head in args.heads.split(","):
        threshold = given.get(head, 0.5)
        extracted_threshold = given.get(f"{head}-extracted")
        weigh(pages, head, source_weights)
        if args.folds:
            tables = crossvalidate(pages, head, args.folds, args.alpha, args.epochs, use_stage2, fold_models, args.bags)
            figures[head] = {}
            for stage, table in tables.items():
                best = best_threshold(objective(table))
                chosen = given.get(f"{head}-extracted" if stage == "extracted" else head)
                if chosen is not None:  # the user's threshold over the rule's; the figures are recorded at it
                    best = int(np.argmin(np.abs(np.asarray(THRESHOLDS) - chosen)))
                print_table(f"{head} {stage}", table, best)
                figures[head][stage] = {
                    source: {k: (v[best] if isinstance(v, list) else v) for k, v in entry.items()}
                    for source, entry in table.items() if source != "thresholds" and len(entry) > 1
                }  # fmt: skip
                figures[head][stage]["threshold"] = float(THRESHOLDS[best])
            threshold = figures[head]["stage2" if use_stage2 else "stage1"]["threshold"]
            extracted_threshold = figures[head].get("extracted", {}).get("threshold")
        if not args.no_final:
            t0 = time.time()
            heads[head] = fit_head(pages, head, args.alpha, args.epochs, bags=args.bags)
            heads[head].threshold = threshold
            heads[head].extracted_threshold = extracted_threshold
            if use_stage2:
                second_stages[head] = fit_stage2(
                    pages, head, args.alpha, args.epochs, source_factors=STAGE2_SOURCE_FACTORS[head], bags=args.bags
                )
            print(f"final {head} head fitted in {time.time() - t0:.0f}s", flush=True)
    fits = "one fit (seed 0)" if args.bags == 1 else f"the mean of {args.bags} fits (seeds 0-{args.bags - 1})"
    estimator = {
        head: f"SGDClassifier(log_loss, alpha={args.alpha}, {args.epochs} epochs, averaged={SGD_AVERAGE}), "
        f"one-vs-rest, {fits}"
        for head in args.heads.split(",")
    }
    kept = keep_base_heads(base, args.heads.split(","), heads, second_stages, figures, estimator) if base else []
    base_note = {"base_model": {**{k: base.manifest.get(k) for k in ("name", "trained", "weights_sha256")},
                                "heads_kept": kept}} if base is not None else {}  # fmt: skip
    for k, fold_heads in (fold_models or {}).items():
        first = {h: f for h, (f, _) in fold_heads.items()}
        for h in first:
            first[h].threshold = figures[h]["stage2" if use_stage2 else "stage1"]["threshold"]
            first[h].extracted_threshold = figures[h].get("extracted", {}).get("threshold")
        second = {h: s for h, (_, s) in fold_heads.items() if s is not None}
        for h in kept:  # a model loads with an html head: the base's, which saw every fold (not held out)
            first[h] = base.heads[h]
            if h in base.stage2:
                second[h] = base.stage2[h]
        note = {"not_held_out": kept} if kept else {}
        Model(first, DEFAULT_HASH_BITS, stage2=second).save(
            args.save_folds / f"fold-{k}", {"name": f"cross-validation fold {k} of {args.folds}", "fold": k,
                                             "folds": args.folds, "grouped_by": "source/site", **note})  # fmt: skip
    if heads:
        model = Model(heads, DEFAULT_HASH_BITS, stage2=second_stages)
        model.save(args.out, {
            "name": "boilerfree-default", "trained": time.strftime("%Y-%m-%d"), "training_data": sources,
            "estimator": estimator, **base_note,
            "cross_validation": {"folds": args.folds, "grouped_by": "source/site", "figures": figures},
        })  # fmt: skip
        size = (args.out / "weights.npz").stat().st_size
        print(f"model written to {args.out} ({size / 1e6:.2f} MB)")
    (ROOT / ".cache").mkdir(exist_ok=True)
    (ROOT / ".cache" / "last_cv.json").write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
