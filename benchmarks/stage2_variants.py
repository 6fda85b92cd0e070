"""Second-stage variants, cross-validated in seconds instead of a full `training/train.py` run each.

The second stage is fitted on first-stage scores of pages the first stage did not see, so every trial of a
second-stage feature costs 5 outer and 15 inner first-stage fits (about 10 minutes on 2 cores). ``build`` does those
fits once, with the folds, weights and filters of `training/train.py`, and stores each page's first-stage P(content)
and type distribution; ``eval`` then fits and scores each variant below from those scores, on the held-out pages of
every fold, with the metrics and threshold choice of `training/train.py`.

usage: python benchmarks/stage2_variants.py build --head html --scores .cache/stage2_html.pkl
       python benchmarks/stage2_variants.py eval --head html --scores .cache/stage2_html.pkl [session6 types ...]
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

import train as T  # noqa: E402
from data import load_source, source_paths  # noqa: E402

from boilerfree.features import DEFAULT_HASH_BITS, scores  # noqa: E402
from boilerfree.learn import TrainingPage, crossfit_first_stage, fit_head, fit_stage2_on, matrix, stage2_features  # noqa: E402
from boilerfree.model import combine  # noqa: E402

FOLDS = 5
# the columns feature set 8 added: the type distribution and the neighbours' navigation/other shares
_TYPE_COLUMNS = sum(n.startswith("type_") or n.endswith(("_navigation_mean", "_other_mean")) for n in scores.NAMES)


def load_pages(corpora: Path, cache: Path, head: str) -> list[TrainingPage]:
    """The training pages of `training/train.py`, weighted by its defaults."""
    pages = [p for path in source_paths(corpora) for p in load_source(path, cache, DEFAULT_HASH_BITS)]
    if head == "text":
        pages += T.extracted_pages(corpora, cache, T.EXTRACTED_WEIGHT)
    T.weigh(pages, head, T.SOURCE_WEIGHTS)
    return pages


def build(pages: list[TrainingPage], head: str) -> dict:
    """Per outer fold: first-stage scores of its held-out pages, and the inner cross-fitted scores of its training
    pages (`learn.crossfit_first_stage`, what `learn.fit_stage2` trains on)."""
    out = {}
    for k in range(FOLDS):
        train = [p for p in pages if T.fold_of(p, FOLDS) != k]
        first = fit_head(train, head)
        held_out = {i: first.split_proba(matrix(p, head)) for i, p in enumerate(pages)
                    if T.held_out(p, k, FOLDS, head)}  # fmt: skip
        index = {id(p): i for i, p in enumerate(pages)}
        inner_pages, inner_scores = crossfit_first_stage(train, head)
        out[k] = (held_out, {index[id(p)]: scores_ for p, scores_ in zip(inner_pages, inner_scores)})
        print(f"fold {k} done", flush=True)
    return out


def _interactions(z: np.ndarray) -> np.ndarray:
    """``z`` and the first-stage logit times in/out of the best span and before/after the first/last likely content
    block."""
    col = scores.NAMES.index
    logit = z[:, :1]
    return np.hstack([z, logit * z[:, [col("in_span")]], logit * (1 - z[:, [col("content_after")]]),
                      logit * (1 - z[:, [col("content_before")]])])  # fmt: skip


# name: (columns from (page, head, content, types), pages weighted as in the first stage)
VARIANTS = {
    "session6": (lambda p, h, c, t: stage2_features(p, h, c, t)[:, :-_TYPE_COLUMNS], False),
    "weighted": (lambda p, h, c, t: stage2_features(p, h, c, t)[:, :-_TYPE_COLUMNS], True),
    "types": (stage2_features, True),
    "types+interactions": (lambda p, h, c, t: _interactions(stage2_features(p, h, c, t)), True),
    "first_stage_only": (lambda p, h, c, t: stage2_features(p, h, c, t)[:, :1], True),
}


def evaluate(pages: list[TrainingPage], head: str, stored: dict, name: str) -> str:
    columns, weighted = VARIANTS[name]
    results = []
    for held_out, inner in stored.values():
        second = fit_stage2_on([pages[i] for i in inner], head, list(inner.values()), columns, weighted)
        for i, (content, types) in held_out.items():
            proba = second.proba(columns(pages[i], head, content, types))
            results.append((pages[i], T.page_scores(pages[i], combine(proba, types), T.THRESHOLDS)))
    table = T.summarise(results, T.THRESHOLDS)
    best = int(np.argmax(T.objective(table)))
    cells = []
    for source, entry in table.items():
        if source == "thresholds" or len(entry) == 1:
            continue
        metric = entry.get("token_f1_mean") or entry.get("seg_f1") or entry.get("own_balanced")
        cells.append(f"{source}={metric[best]:.4f}")
    return f"{name:20s} threshold {T.THRESHOLDS[best]:.2f} objective {T.objective(table)[best]:.4f} " + " ".join(cells)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("build", "eval"))
    parser.add_argument("variants", nargs="*", default=list(VARIANTS))
    parser.add_argument("--head", default="html", choices=("html", "text"))
    parser.add_argument("--scores", type=Path, required=True, help="where build writes the first-stage scores")
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "features")
    args = parser.parse_intermixed_args()
    pages = load_pages(args.corpora, args.cache, args.head)
    if args.command == "build":
        args.scores.parent.mkdir(parents=True, exist_ok=True)
        args.scores.write_bytes(pickle.dumps(build(pages, args.head)))
        return
    stored = pickle.loads(args.scores.read_bytes())  # our own file, written by `build`
    for name in args.variants:
        print(evaluate(pages, args.head, stored, name), flush=True)


if __name__ == "__main__":
    main()
