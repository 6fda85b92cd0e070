"""Score a model on this project's held-out labelled pages (``datasets/labelled/*_eval.jsonl``).

These pages were written for evaluation only: no publisher of them is in the training files. Per input format
(HTML pages, plain-text pages) it reports the block-level precision/recall/F1 of every label, and the two figures
the text-mode target is stated in: the share of article lines kept and of boilerplate lines removed. The text pages
are scored twice: as a page's text (format="text") and as an extractor's output (format="extracted", the model's
post-filter threshold).

usage: python benchmarks/own_eval.py [--model DIR] [--out benchmarks/own_eval.md]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from boilerfree.align import label_by_blocks  # noqa: E402
from boilerfree.blocks import segment  # noqa: E402
from boilerfree.clean import label_page  # noqa: E402
from boilerfree.corpus import read_labelled_jsonl  # noqa: E402
from boilerfree.document import load_document  # noqa: E402
from boilerfree.metrics import block_report  # noqa: E402
from boilerfree.model import load_model  # noqa: E402

# section: (file, the format its pages are read as; None: each page's own)
EVAL_FILES = {
    "html": ("datasets/labelled/html_eval.jsonl", None),
    "text": ("datasets/labelled/text_eval.jsonl", None),
    'text read as an extractor\'s output (format="extracted")': ("datasets/labelled/text_eval.jsonl", "extracted"),
}


def evaluate_file(path: Path, model, format: str | None = None) -> dict:
    """Block labels of every page of ``path``: gold from the file, predicted by ``model``."""
    gold: list[str] = []
    predicted: list[str] = []
    pages = 0
    for lp in read_labelled_jsonl(path):
        page = segment(load_document(lp.document, format or lp.format))
        blocks = label_page(page, model)
        gold += label_by_blocks(page, lp.block_labels or [])
        predicted += [b.label for b in blocks]
        pages += 1
    report = block_report(gold, predicted, model.labels)
    labelled = [(g, p) for g, p in zip(gold, predicted) if g]
    content = [p == "content" for g, p in labelled if g == "content"]
    boilerplate = [p != "content" for g, p in labelled if g != "content"]
    report.update(
        pages=pages, blocks=len(labelled), unmatched=len(gold) - len(labelled),
        content_kept=sum(content) / len(content) if content else 0.0,
        boilerplate_removed=sum(boilerplate) / len(boilerplate) if boilerplate else 0.0,
    )  # fmt: skip
    return report


def markdown(results: dict, model_name: str) -> str:
    lines = [f"# Held-out labelled pages (`datasets/labelled/*_eval.jsonl`), model: {model_name}", ""]
    for fmt, r in results.items():
        lines += [
            f"## {fmt} ({r['pages']} pages, {r['blocks']} labelled blocks)", "",
            f"Article blocks kept: **{r['content_kept']:.1%}**; boilerplate blocks removed: "
            f"**{r['boilerplate_removed']:.1%}**.", "",
            "| label | precision | recall | F1 | gold blocks | predicted |", "|---|---|---|---|---|---|",
        ]  # fmt: skip
        for label, s in r["per_label"].items():
            lines.append(f"| {label} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['support']} | "
                         f"{s['predicted']} |")  # fmt: skip
        lines += ["", "Confusion (rows: gold, columns: predicted, order " + ", ".join(r["labels"]) + "):", "", "```"]
        lines += [" ".join(f"{v:5d}" for v in row) for row in r["confusion"]]
        lines += ["```", ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", help="model directory (default: the shipped model)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "own_eval.md")
    args = parser.parse_args()
    model = load_model(args.model)
    results = {name: evaluate_file(ROOT / path, model, fmt) for name, (path, fmt) in EVAL_FILES.items()}
    text = markdown(results, args.model or "shipped default")
    args.out.write_text(text, encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
