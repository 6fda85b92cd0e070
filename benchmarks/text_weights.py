"""How the text head's training mix trades its two uses, on one grouped fold.

The text head cleans whole pages seen as text, scraped articles with walls and plans left in (our own held-out
text pages, `datasets/labelled/text_eval.jsonl`), and another extractor's output (trafilatura's, as a post-filter).
For every mix of --extracted-weights (weight of each page of trafilatura's output of the corpus pages) and
--own-weights (weight of each of our own labelled training pages), it fits the text head (both stages) on the pages
outside --fold and reports, at each threshold: the share of our held-out article lines kept and of boilerplate lines
removed, and the mean token F1 of trafilatura's output of the fold's held-out pages after cleaning, beside
trafilatura's own. The html head of --base is kept, so own_eval's html half is unchanged.

usage: python benchmarks/text_weights.py [--extracted-weights 0,0.2] [--own-weights 3,12] [--thresholds 0.4,0.5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

from data import load_extracted, load_source, source_paths  # noqa: E402
from own_eval import EVAL_FILES, evaluate_file  # noqa: E402
from train import fold_of  # noqa: E402

from boilerfree.features import DEFAULT_HASH_BITS  # noqa: E402
from boilerfree.learn import fit_head, fit_stage2, predict  # noqa: E402
from boilerfree.metrics import token_prf  # noqa: E402
from boilerfree.model import Model, load_model  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "features")
    parser.add_argument("--base", help="model whose html head is kept (default: the bundled model)")
    parser.add_argument("--fold", type=int, default=0)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--extracted-weights", default="0,0.2")
    parser.add_argument("--own-weights", default="3,12")
    parser.add_argument("--thresholds", default="0.4,0.5")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "text_weights.md")
    args = parser.parse_args()
    pages, extracted = [], []
    for path in source_paths(args.corpora):
        pages += load_source(path, args.cache, DEFAULT_HASH_BITS, 2)
        if (path / "pages.jsonl").is_file():
            extracted += load_extracted(path, args.cache, DEFAULT_HASH_BITS, 2)
    held_out = [p for p in extracted if fold_of(p, args.folds) == args.fold and (p.gold_text or "").strip()]
    alone = float(np.mean([token_prf("\n".join(p.texts), p.gold_text)[2] for p in held_out]))
    base = load_model(args.base)
    thresholds = [float(t) for t in args.thresholds.split(",")]
    rows = []
    for own in (float(w) for w in args.own_weights.split(",")):
        for weight in (float(w) for w in args.extracted_weights.split(",")):
            t0 = time.time()
            for p in pages:
                if p.source.endswith("_train"):
                    p.weight = own
            for p in extracted:
                p.weight = weight
            train = [p for p in pages + (extracted if weight > 0 else []) if fold_of(p, args.folds) != args.fold]
            first, second = fit_head(train, "text"), fit_stage2(train, "text")
            scores = [predict(p, "text", first, second)[:, 0] for p in held_out]
            for t in thresholds:
                f1 = np.mean([token_prf("\n".join(x for x, s in zip(p.texts, ps) if s >= t), p.gold_text)[2]
                              for p, ps in zip(held_out, scores)])  # fmt: skip
                first.threshold = t
                model = Model({**base.heads, "text": first}, base.hash_bits, stage2={**base.stage2, "text": second})
                report = evaluate_file(ROOT / EVAL_FILES["text"], model)
                kept, removed = report["content_kept"], report["boilerplate_removed"]
                rows.append((own, weight, t, kept, removed, float(f1)))
                print(f"own {own:g} extracted {weight:g} t {t:g}: kept {kept:.1%} removed {removed:.1%}, trafilatura "
                      f"output cleaned F1 {f1:.4f} ({time.time() - t0:.0f}s)", flush=True)  # fmt: skip
    lines = [
        "# Text head: training mix against its two uses", "",
        f"`python benchmarks/text_weights.py --extracted-weights {args.extracted_weights} --own-weights "
        f"{args.own_weights} --thresholds {args.thresholds} --fold {args.fold}`: text head fitted on the pages outside "
        f"grouped fold {args.fold}; trafilatura's output of the {len(held_out)} held-out pages scores {alone:.4f} "
        "token F1 alone.", "",
        "| own pages weight | trafilatura output weight | threshold | own text: article lines kept | boilerplate "
        "removed | trafilatura output cleaned, token F1 |", "|---|---|---|---|---|---|",
    ]  # fmt: skip
    lines += [f"| {o:g} | {w:g} | {t:g} | {k:.1%} | {r:.1%} | {f:.4f} |" for o, w, t, k, r, f in rows]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
