"""Cross-validated scores of one head at every threshold, from the fold models `training/train.py --save-folds`
wrote: what a user trades by passing ``threshold=`` (or what the head's threshold choice left on the table).

Every page is scored by the fold model that did not see its site, with the metrics and the objective of
`training/train.py`; for the text head, a second table scores the post-filter case (trafilatura's output of the
held-out pages and our own held-out text pages, from which `extracted_threshold` is chosen).

usage: python benchmarks/threshold_curves.py --folds-dir .cache/folds10 --head text [--out FILE.md]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

import train as T  # noqa: E402
from data import load_source, source_paths  # noqa: E402

from boilerfree.features import DEFAULT_HASH_BITS  # noqa: E402
from boilerfree.model import Model  # noqa: E402


def curves(folds_dir: Path, head: str, corpora: Path, cache: Path) -> dict:
    """{"main": table, "extracted": table (text head)}: `train.summarise` tables over all thresholds."""
    pages = [p for path in source_paths(corpora) for p in load_source(path, cache, DEFAULT_HASH_BITS)]
    if head == "text":
        pages += T.extracted_pages(corpora, cache, T.EXTRACTED_WEIGHT)
    fold_dirs = sorted(folds_dir.glob("fold-*"))
    main, extracted = [], []
    for fold_dir in fold_dirs:
        model = Model.load(fold_dir)
        k, folds = model.manifest["fold"], model.manifest["folds"]
        first, second = model.heads[head], model.stage2.get(head)
        for p in pages:
            post_filter = head == "text" and T.extracted_held_out(p, k, folds, head)
            if not (post_filter or T.held_out(p, k, folds, head)):
                continue
            scored = (p, T.page_scores(p, T.predict(p, head, first, second), T.THRESHOLDS))
            (extracted if post_filter else main).append(scored)
            if head == "text" and p.source == T.OWN_TEXT_SOURCE and not post_filter:
                extracted.append(scored)
    out = {"main": T.summarise(main, T.THRESHOLDS)}
    if extracted:
        out["extracted"] = T.summarise(extracted, T.THRESHOLDS)
    return out


def markdown(tables: dict, head: str, command: str) -> str:
    lines = [f"# The {head} head at every threshold (cross-validated, sites held out)", "", f"`{command}`", ""]
    titles = {"main": f"{head} head: a page's {'full text' if head == 'text' else 'HTML'}",
              "extracted": "post-filter (format=\"extracted\"): trafilatura's output of the held-out pages and our "
                           "own held-out text pages"}  # fmt: skip
    for name, table in tables.items():
        thresholds = table["thresholds"]
        lines += [f"## {titles[name]}", "", "| source (metric) | " + " | ".join(f"{t:.2f}" for t in thresholds) + " |",
                  "|---" * (len(thresholds) + 1) + "|"]  # fmt: skip
        lines.append("| **objective** | " + " | ".join(f"{v:.4f}" for v in T.objective(table)) + " |")
        for source, entry in table.items():
            key = next((k for k in ("token_f1_mean", "seg_f1", "own_balanced") if k in entry), None)
            if source != "thresholds" and key:
                lines.append(f"| {source} ({key}) | " + " | ".join(f"{v:.4f}" for v in entry[key]) + " |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds-dir", type=Path, required=True)
    parser.add_argument("--head", default="text", choices=("html", "text"))
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "features")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "threshold_curves.md")
    args = parser.parse_args()
    tables = curves(args.folds_dir, args.head, args.corpora, args.cache)
    command = f"python benchmarks/threshold_curves.py --folds-dir {args.folds_dir} --head {args.head}"
    text = markdown(tables, args.head, command)
    args.out.write_text(text + "\n", encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(tables, indent=1) + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
