"""How much adapting a model to a publisher helps: token F1 on unseen pages of the publisher, before adapting and after
adapting with 1, 3 and 5 of its pages.

The base model of each publisher is the cross-validation fold model that never saw it (`training/train.py --save-
folds DIR`: sites are grouped, so the publisher is held out of that model's training). For each publisher with
enough pages (by default the --worst ones for the held-out base model), the pages are shuffled (one order per
--draws seed); the last ones are the test pages, fixed for the draw, and the first 1, 3, 5 are the adaptation pages
(nested). Every adaptation strength of --strengths is run, so the table shows how the choice of
`DEFAULT_ADAPT_STRENGTH` was made. Figures are means over pages, then over draws. Writes benchmarks/adapt.md and
benchmarks/adapt.json.

usage: python benchmarks/adapt.py --folds-dir .cache/folds3 [--min-pages 7] [--strengths 0.01,0.1,1] [--worst 10]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from boilerfree import clean, load_model, train  # noqa: E402
from boilerfree.corpus import LabelledPage, read_shared_corpus  # noqa: E402
from boilerfree.learn import group_fold  # noqa: E402
from boilerfree.metrics import token_prf  # noqa: E402
from boilerfree.model import Model  # noqa: E402

CORPORA = ("fundus", "cleaneval", "wcxb-dev", "trafilatura-eval")
SIZES = (1, 3, 5)


def publishers(corpora: Path, min_pages: int) -> dict[tuple[str, str], list[LabelledPage]]:
    """Pages with gold text of every (source, site) that has at least ``min_pages`` of them."""
    found: dict[tuple[str, str], list[LabelledPage]] = defaultdict(list)
    for name in CORPORA:
        if (corpora / name / "pages.jsonl").is_file():
            for lp in read_shared_corpus(corpora / name):
                if lp.gold_text and lp.gold_text.strip():
                    found[(lp.source, lp.group)].append(lp)
    return {key: pages for key, pages in sorted(found.items()) if len(pages) >= min_pages}


def mean_f1(model: Model, pages: list[LabelledPage]) -> float:
    return sum(token_prf(clean(p.document, format="html", model=model), p.gold_text)[2] for p in pages) / len(pages)


def worst_publishers(found: dict, bases: dict, folds: int, worst: int) -> dict:
    """The ``worst`` publishers by the held-out base model's mean F1 over all their pages: the ones a user would
    want to adapt to."""
    if worst <= 0 or worst >= len(found):
        return found
    before = {key: mean_f1(bases[group_fold(*key, folds)], pages) for key, pages in found.items()}
    keep = sorted(found, key=lambda key: before[key])[:worst]
    return {key: found[key] for key in sorted(keep)}


def study(folds_dir: Path, corpora: Path, min_pages: int, strengths: list[float], draws: int, worst: int) -> list[dict]:
    folds = sum(1 for _ in folds_dir.glob("fold-*"))
    bases = {k: load_model(folds_dir / f"fold-{k}") for k in range(folds)}
    rows = []
    chosen = worst_publishers(publishers(corpora, min_pages), bases, folds, worst)
    for (source, site), pages in chosen.items():
        base = bases[group_fold(source, site, folds)]
        row = {"source": source, "site": site, "pages": len(pages), "before": 0.0,
               "after": {str(s): {str(n): 0.0 for n in SIZES} for s in strengths}}  # fmt: skip
        started = time.perf_counter()
        for draw in range(draws):
            order = sorted(pages, key=lambda p: p.id)
            random.Random(f"{draw}:{site}").shuffle(order)
            adapt_pool, test = order[: max(SIZES)], order[max(SIZES) :]
            row["test_pages"] = len(test)
            row["before"] += mean_f1(base, test) / draws
            for s in strengths:
                for n in SIZES:
                    adapted = train(adapt_pool[:n], base=base, strength=s, heads=("html",))
                    row["after"][str(s)][str(n)] += mean_f1(adapted, test) / draws
        row["seconds"] = round(time.perf_counter() - started, 1)
        print(f"{site}: before {row['before']:.3f}; " + "; ".join(
            f"s={s}: " + " ".join(f"{row['after'][str(s)][str(n)]:.3f}" for n in SIZES) for s in strengths
        ), file=sys.stderr, flush=True)  # fmt: skip
        rows.append(row)
    return rows


def markdown(rows: list[dict], strengths: list[float], command: str) -> str:
    lines = [f"Command: `{command}`", ""]
    head = "| publisher (corpus) | pages (test) | before |"
    for s in strengths:
        head += "".join(f" {n} page{'s' * (n > 1)}, s={s} |" for n in SIZES)
    lines += [head, "|---" * (3 + len(strengths) * len(SIZES)) + "|"]
    for r in rows + [mean_row(rows, strengths)]:
        cells = [f"{r['site']} ({r['source']})" if r["site"] != "mean" else "**mean**",
                 f"{r['pages']} ({r['test_pages']})", f"{r['before']:.3f}"]  # fmt: skip
        cells += [f"{r['after'][str(s)][str(n)]:.3f}" for s in strengths for n in SIZES]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def mean_row(rows: list[dict], strengths: list[float]) -> dict:
    n_rows = len(rows) or 1
    return {
        "site": "mean", "source": "", "pages": sum(r["pages"] for r in rows),
        "test_pages": sum(r["test_pages"] for r in rows), "before": sum(r["before"] for r in rows) / n_rows,
        "after": {str(s): {str(n): sum(r["after"][str(s)][str(n)] for r in rows) / n_rows for n in SIZES}
                  for s in strengths},
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds-dir", type=Path, required=True, help="fold models of training/train.py --save-folds")
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--min-pages", type=int, default=7, help="publishers with at least this many pages (>= 7: "
                        "5 to adapt on, 2 or more to test)")  # fmt: skip
    parser.add_argument("--strengths", default="0.01,0.1,1", help="adaptation strengths to compare")
    parser.add_argument("--draws", type=int, default=3, help="page orders per publisher (means over them)")
    parser.add_argument("--worst", type=int, default=10, help="only the N publishers the base models do worst "
                        "on (0: all)")  # fmt: skip
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "adapt")
    args = parser.parse_args()
    if args.min_pages <= max(SIZES):
        parser.error(f"--min-pages must be above {max(SIZES)}: pages are needed to test on")
    strengths = [float(s) for s in args.strengths.split(",")]
    rows = study(args.folds_dir, args.corpora, args.min_pages, strengths, args.draws, args.worst)
    command = "python benchmarks/adapt.py " + " ".join(sys.argv[1:])
    args.out.with_suffix(".json").write_text(json.dumps({"command": command, "rows": rows}, indent=1) + "\n")
    args.out.with_suffix(".md").write_text(markdown(rows, strengths, command))
    print(markdown(rows, strengths, command))


if __name__ == "__main__":
    main()
