"""Where boilerfree loses to trafilatura, page by page, on pages its fold models never saw.

`training/train.py --save-folds DIR` writes one model per fold (sites grouped). For every page of a corpus with gold
text, this script cleans it with the model of the page's fold and with trafilatura, and lists the pages by the gap in
token F1, worst first, each with the blocks boilerfree got wrong against the gold alignment (kept but not in the
gold, or dropped but in it), their P(content), tag path and class tokens: what to look at before changing a feature.
Only the corpus' page ids and the block texts of the listed pages are printed, to the terminal; nothing is written.

``--by-region`` prints instead, per region flag (`blocks.FLAGS`), how many gold-aligned blocks carry it and the
share of them each stage keeps (at the head's threshold): the first stage alone and with the second, which lifts a
block by its neighbours' scores.

``--hidden-bound`` prints instead how much gold text sits in hidden blocks (hidden, aria-hidden, display:none): the
recall of the gold-aligned content blocks with and without them, and the pages where they add more than 0.05.

usage: python benchmarks/page_gaps.py --folds-dir .cache/folds7 [--corpus fundus] [--pages 30]
       python benchmarks/page_gaps.py --folds-dir .cache/folds7 --by-region [--corpus wcxb-dev]
       python benchmarks/page_gaps.py --hidden-bound [--corpus wcxb-dev]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from boilerfree.align import label_by_gold  # noqa: E402
from boilerfree.blocks import FLAG_HIDDEN, FLAGS, Page, segment  # noqa: E402
from boilerfree.clean import label_page  # noqa: E402
from boilerfree.corpus import LabelledPage, read_shared_corpus  # noqa: E402
from boilerfree.document import load_document  # noqa: E402
from boilerfree.learn import group_fold  # noqa: E402
from boilerfree.metrics import token_prf  # noqa: E402
from boilerfree.model import load_model  # noqa: E402
from boilerfree.peers import PEERS  # noqa: E402

FOLDS = 5


def gold_pages(corpora: Path, corpus: str) -> list[LabelledPage]:
    return [lp for lp in read_shared_corpus(corpora / corpus) if (lp.gold_text or "").strip()]


def gaps(corpora: Path, corpus: str, folds_dir: Path, pages: int, blocks: int) -> None:
    trafilatura = PEERS["trafilatura"]()  # as in ../shared/anchors and `evaluate --compare`: no comments
    models = {}
    rows = []
    for lp in gold_pages(corpora, corpus):
        fold = group_fold(lp.source, lp.group, FOLDS)
        if fold not in models:
            models[fold] = load_model(folds_dir / f"fold-{fold}")
        page = segment(load_document(lp.document, "html"))
        labelled = label_page(page, models[fold])
        ours = token_prf("\n".join(b.text for b in labelled if b.is_content), lp.gold_text)
        theirs = token_prf(trafilatura(lp.document), lp.gold_text)
        rows.append((theirs[2] - ours[2], lp, ours, theirs, page, labelled))
    rows.sort(key=lambda row: -row[0])
    n = len(rows)
    if not n:
        sys.exit(f"{corpus}: no page with gold text (a snippet-only corpus such as trafilatura-eval is not supported)")
    mean = [sum(row[k][i] for row in rows) / n for k in (2, 3) for i in range(3)]
    print(f"{corpus}: {n} pages; boilerfree P/R/F1 {mean[0]:.3f}/{mean[1]:.3f}/{mean[2]:.3f}, "
          f"trafilatura {mean[3]:.3f}/{mean[4]:.3f}/{mean[5]:.3f}")  # fmt: skip
    for gap, lp, ours, theirs, page, labelled in rows[:pages]:
        print(f"\n{lp.id}  gap {gap:+.3f}  boilerfree P/R/F1 {ours[0]:.3f}/{ours[1]:.3f}/{ours[2]:.3f}  "
              f"trafilatura {theirs[0]:.3f}/{theirs[1]:.3f}/{theirs[2]:.3f}")  # fmt: skip
        gold = label_by_gold(page, lp.gold_text)
        wrong = [b for b, g in zip(labelled, gold) if g and b.is_content != (g == "content")]
        for block in wrong[:blocks]:
            el, seg = page.elements, page.segments[block.index]
            kind = "kept, not gold" if block.is_content else f"dropped ({block.label}), gold"
            print(f"  {kind:28} {block.score:.2f} {'/'.join(el.path(seg.owner)[-3:]):24} "
                  f"{','.join(el.tokens[seg.owner][:4]):24} | {block.text[:90]}")  # fmt: skip


def by_region(corpora: Path, corpus: str, folds_dir: Path) -> None:
    models = {}
    counts = {name: np.zeros((2, 3)) for name in FLAGS}  # [content, boilerplate] x [blocks, first kept, both kept]
    for lp in gold_pages(corpora, corpus):
        fold = group_fold(lp.source, lp.group, FOLDS)
        if fold not in models:
            models[fold] = load_model(folds_dir / f"fold-{fold}")
        model = models[fold]
        page = segment(load_document(lp.document, "html"))
        if not page.segments:
            continue
        first, types = model.heads["html"].split_proba(model.featurizer.transform(page))
        both = model.stage2["html"].content_proba(first, types, page) if "html" in model.stage2 else first
        threshold = model.threshold(page)
        for seg, gold, p1, p2 in zip(page.segments, label_by_gold(page, lp.gold_text), first, both):
            if not gold:
                continue
            row = 0 if gold == "content" else 1
            for name, bit in FLAGS.items():
                if seg.flags & bit:
                    counts[name][row] += (1, p1 >= threshold, p2 >= threshold)
    print(f"{corpus}: gold-aligned blocks by region flag, and the share kept by the first stage / by both stages")
    print(f"{'flag':16} {'content':>8} {'kept':>13} {'boilerplate':>12} {'kept':>13}")
    for name, c in counts.items():
        cells = [f"{int(n):8d} {k1 / max(n, 1):6.1%}/{k2 / max(n, 1):6.1%}" for n, k1, k2 in c]
        print(f"{name:16} {cells[0]} {cells[1]:>26}")


def recall_of_content(page: Page, labels: list[str], gold: str, with_hidden: bool) -> float:
    kept = [s.text for s, label in zip(page.segments, labels)
            if label == "content" and (with_hidden or not s.flags & FLAG_HIDDEN)]  # fmt: skip
    return token_prf("\n".join(kept), gold)[1]


def hidden_bound(corpora: Path, corpus: str) -> None:
    gains = []
    n = 0
    for lp in gold_pages(corpora, corpus):
        page = segment(load_document(lp.document, "html"))
        labels = label_by_gold(page, lp.gold_text)
        without = recall_of_content(page, labels, lp.gold_text, with_hidden=False)
        with_hidden = recall_of_content(page, labels, lp.gold_text, with_hidden=True)
        n += 1
        if with_hidden - without > 0.05:
            gains.append((lp.id, without, with_hidden))
    print(f"{corpus}: {n} pages with gold text; hidden blocks add more than 0.05 to the gold-aligned recall bound "
          f"on {len(gains)}")  # fmt: skip
    for page_id, without, with_hidden in gains:
        print(f"  {page_id}: {without:.2f} -> {with_hidden:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--corpus", default="fundus")
    parser.add_argument("--folds-dir", type=Path, help="fold models of training/train.py --save-folds")
    parser.add_argument("--pages", type=int, default=30, help="pages to list, worst gap first")
    parser.add_argument("--blocks", type=int, default=12, help="wrong blocks to show per page")
    parser.add_argument("--hidden-bound", action="store_true", help="gold text in hidden blocks instead")
    parser.add_argument("--by-region", action="store_true", help="blocks kept per region flag and stage instead")
    args = parser.parse_args()
    if args.hidden_bound:
        hidden_bound(args.corpora, args.corpus)
    elif args.folds_dir is None:
        parser.error("--folds-dir is needed (or --hidden-bound)")
    elif args.by_region:
        by_region(args.corpora, args.corpus, args.folds_dir)
    else:
        gaps(args.corpora, args.corpus, args.folds_dir, args.pages, args.blocks)


if __name__ == "__main__":
    main()
