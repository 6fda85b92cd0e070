"""Score boilerfree on pages it was not trained on with ../shared/anchors/evaluate.py, beside the peers.

`training/train.py --save-folds DIR` writes one model per cross-validation fold (sites grouped, so a fold's model
never saw the fold's sites). For each fold this script writes a corpus of the fold's held-out pages (its
pages.jsonl; the HTML is linked, not copied) in a temporary folder, and runs evaluate.py on it with
BOILERFREE_MODEL pointing at the fold's model, boilerfree and the peers in one process. Fold results are then pooled:
token scores weighted by scored pages (exactly the mean over all pages), segment counts recovered and summed.

usage: .anchors-venv/bin/python benchmarks/anchors_cv.py --folds-dir .cache/folds [--peers trafilatura,readability]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "training"))

from boilerfree.corpus import page_group  # noqa: E402
from boilerfree.learn import group_fold  # noqa: E402

CORPORA = ("fundus", "cleaneval", "wcxb-dev", "trafilatura-eval")


def write_fold_corpora(corpora: Path, fold: int, folds: int, into: Path) -> dict[str, dict]:
    """The fold's held-out pages of every corpus, in the shared layout; returns per-corpus counts."""
    counts = {}
    for name in CORPORA:
        source = corpora / name
        rows = [json.loads(line) for line in open(source / "pages.jsonl", encoding="utf-8")]
        held_out = [r for r in rows if group_fold(r.get("source") or name, page_group(r), folds) == fold]
        target = into / name
        target.mkdir(parents=True)
        (target / "html").symlink_to((source / "html").resolve())
        with open(target / "pages.jsonl", "w", encoding="utf-8") as out:
            for row in held_out:
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
        counts[name] = {
            "pages": len(held_out),
            "gold_pages": sum(1 for r in held_out if (r.get("gold_text") or "").strip()),
            "with": sum(len(r["with"]) for r in held_out if r.get("with") is not None),
            "without": sum(len(r.get("without") or []) for r in held_out if r.get("with") is not None),
        }
    return counts


def with_text_threshold(fold_dir: Path, threshold: str, into: Path) -> Path:
    """A copy of a fold model whose text head's threshold is ``threshold`` (the manifest holds the thresholds; the
    weights and their sha256 are unchanged). "extracted": the head's post-filter threshold, so that
    `boilerfree_after_trafilatura`'s ``format="text"`` scores as ``format="extracted"`` would."""
    target = into / fold_dir.name
    shutil.copytree(fold_dir, target)
    manifest = json.loads((target / "manifest.json").read_text())
    text = manifest["heads"]["text"]
    if threshold == "extracted":
        if text.get("extracted_threshold") is None:
            sys.exit(f"{fold_dir}: the text head has no post-filter threshold (extracted_threshold); retrain it")
        text["threshold"] = text["extracted_threshold"]
    else:
        text["threshold"] = float(threshold)
    (target / "manifest.json").write_text(json.dumps(manifest, indent=1))
    return target


def pool(folds: list[tuple[dict, dict]]) -> dict:
    """Pool fold results of evaluate.py into one row per corpus and extractor."""
    pooled: dict = {}
    for counts, results in folds:
        for corpus, rows in results.items():
            for name, row in rows.items():
                acc = pooled.setdefault(corpus, {}).setdefault(name, {
                    "pages": 0, "seconds": 0.0, "errors": 0, "leak_pages": 0.0, "leak_lines": 0, "gold": 0,
                    "f1": 0.0, "p": 0.0, "r": 0.0, "tp": 0.0, "fp": 0.0, "fn": 0.0,
                })  # fmt: skip
                c = counts[corpus]
                acc["pages"] += row["pages"]
                acc["seconds"] += row["seconds"]
                acc["errors"] += row["errors"]
                acc["leak_lines"] += row["leak_lines"]
                acc["leak_pages"] += row["leak_pages_pct"] * row["pages"] / 100
                if "token_f1_mean" in row:
                    acc["gold"] += c["gold_pages"]
                    acc["f1"] += row["token_f1_mean"] * c["gold_pages"]
                    acc["p"] += row["token_p"] * c["gold_pages"]
                    acc["r"] += row["token_r"] * c["gold_pages"]
                if "seg_r" in row:
                    tp = row["seg_r"] * c["with"]
                    acc["tp"] += tp
                    acc["fn"] += c["with"] - tp
                    acc["fp"] += tp / row["seg_p"] - tp if row["seg_p"] else c["without"]
    table: dict = {}
    for corpus, rows in pooled.items():
        for name, a in rows.items():
            out = {"pages": a["pages"], "pages_per_s": round(a["pages"] / a["seconds"], 1) if a["seconds"] else None,
                   "errors": a["errors"], "leak_pages_pct": round(100 * a["leak_pages"] / a["pages"], 1),
                   "leak_lines": a["leak_lines"]}  # fmt: skip
            if a["gold"]:
                out.update(token_f1_mean=round(a["f1"] / a["gold"], 4), token_p=round(a["p"] / a["gold"], 4),
                           token_r=round(a["r"] / a["gold"], 4))  # fmt: skip
            if a["tp"] + a["fn"]:
                p = a["tp"] / (a["tp"] + a["fp"]) if a["tp"] + a["fp"] else 0.0
                r = a["tp"] / (a["tp"] + a["fn"])
                out.update(seg_p=round(p, 4), seg_r=round(r, 4), seg_f1=round(2 * p * r / (p + r), 4) if p + r else 0)
            table.setdefault(corpus, {})[name] = out
    return table


def markdown(table: dict, command: str) -> str:
    lines = [
        "# Accuracy on held-out sites: boilerfree beside the peers",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} with `{command}` (one process per fold; pages/s comparable",
        "only within a corpus of this run). boilerfree is scored only on pages whose site its fold model never saw.",
        "",
    ]
    cols = [
        "note",
        "token_f1_mean",
        "token_p",
        "token_r",
        "seg_p",
        "seg_r",
        "seg_f1",
        "pages_per_s",
        "leak_pages_pct",
        "errors",
    ]
    for corpus, rows in table.items():
        used = [c for c in cols if any(c in r for r in rows.values())]
        n = next(iter(rows.values()))["pages"]
        lines += [
            f"## {corpus} ({n} pages)",
            "",
            "| extractor | " + " | ".join(used) + " |",
            "|---" * (len(used) + 1) + "|",
        ]
        key = "token_f1_mean" if "token_f1_mean" in used else "seg_f1"
        for name, r in sorted(rows.items(), key=lambda kv: -(kv[1].get(key) or 0)):
            lines.append(f"| {name} | " + " | ".join(str(r.get(c, "")) for c in used) + " |")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds-dir", type=Path, required=True)
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--anchors", type=Path, default=ROOT.parent / "shared" / "anchors")
    parser.add_argument("--peers", default="trafilatura,readability")
    parser.add_argument(
        "--ours",
        default="boilerfree,boilerfree_text_mode",
        help="boilerfree's extractors in extractors.py (text_mode: html-text's output, cleaned)",
    )
    parser.add_argument(
        "--text-threshold",
        help="score copies of the fold models whose text head keeps lines at this P(content) (e.g. 0.1), or at "
        "its post-filter threshold ('extracted': boilerfree_after_trafilatura as format=\"extracted\" scores)",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results.md")
    parser.add_argument(
        "--keep-rows-from",
        type=Path,
        help="an earlier results.json: its rows of extractors not "
        "run now are kept (re-measure boilerfree alone without re-running the peers)",
    )
    args = parser.parse_args()
    fold_dirs = sorted(args.folds_dir.glob("fold-*"))
    if not fold_dirs:
        sys.exit(f"no fold-*/ models in {args.folds_dir}; run training/train.py --save-folds {args.folds_dir}")
    extractors = ",".join([*filter(None, args.ours.split(",")), *filter(None, args.peers.split(","))])
    pooled_input = []
    with tempfile.TemporaryDirectory(prefix="boilerfree-cv-") as tmp:
        for fold_dir in fold_dirs:
            manifest = json.loads((fold_dir / "manifest.json").read_text())
            if args.text_threshold is not None:
                fold_dir = with_text_threshold(fold_dir, args.text_threshold, Path(tmp) / "models")
            corpora_dir = Path(tmp) / fold_dir.name
            counts = write_fold_corpora(args.corpora, manifest["fold"], manifest["folds"], corpora_dir)
            out = Path(tmp) / f"{fold_dir.name}.json"
            command = [sys.executable, str(args.anchors / "evaluate.py"), "--extractors", extractors, "--out", str(out)]
            for name in CORPORA:
                command += ["--corpus", str(corpora_dir / name)]
            print(f"{fold_dir.name}: {sum(c['pages'] for c in counts.values())} held-out pages", flush=True)
            subprocess.run(command, check=True, env={**os.environ, "BOILERFREE_MODEL": str(fold_dir.resolve())})
            pooled_input.append((counts, json.loads(out.read_text())))
    table = pool(pooled_input)
    if args.keep_rows_from:
        for corpus, rows in json.loads(args.keep_rows_from.read_text()).items():
            for name, row in rows.items():
                table.setdefault(corpus, {}).setdefault(name, {**row, "note": "earlier run"})
    args.out.with_suffix(".json").write_text(json.dumps(table, indent=1) + "\n")
    command = f"benchmarks/anchors_cv.py --folds-dir {args.folds_dir} --peers '{args.peers}' --ours {args.ours}"
    if args.text_threshold is not None:
        command += f" --text-threshold {args.text_threshold}"
    if args.keep_rows_from:
        command += f" --keep-rows-from {args.keep_rows_from}"
    args.out.write_text(markdown(table, command) + "\n")
    print(markdown(table, command))


if __name__ == "__main__":
    main()
