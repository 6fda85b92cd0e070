"""Measure the weak boilerplate-type labels of the corpora by checking a sample of them by hand.

The corpora say only what is content; the type of each boilerplate block (paywall, pricing, disclaimer, promo,
navigation, other) comes from the weak rules of `boilerfree.rules`, and the model learns those types as if they were
true. This script tells how often they are: it draws a stratified random sample of typed boilerplate blocks, shows
each one with its context so a person can judge it, and reports the precision of every rule label with the confusion
against the labels the person gave (the usual way to audit a labelling function, as in Snorkel's error analysis).

The audit file holds identifiers and verdicts only, never page text (the corpora may not be copied into the
project): corpus, page id, block index, a short sha1 of the block text (so `show` can tell when segmentation has
changed since the draw), the rule label, and the verdict, true label and note given by hand. `show` reads the text
from the corpora at run time. Blocks are labelled by the same call as the training data
`boilerfree.learn.block_labels`, so the sample is of the labels the model is trained on.

usage:
  python training/rule_audit.py sample --corpora ../shared/corpora --per-label 40 --seed 0 -o datasets/rule_audit.jsonl
  python training/rule_audit.py show datasets/rule_audit.jsonl [--label paywall] [--unchecked]
  python training/rule_audit.py report datasets/rule_audit.jsonl
  python training/rule_audit.py recheck datasets/rule_audit.jsonl   # today's rules on the blocks checked by hand

`recheck` re-types the checked blocks with the rules as they are now and scores them against the hand labels. The
blocks were drawn by the rule labels of the draw, and the rules were then tuned on them: read its figures as a
development score, and draw a fresh sample (another --seed) for a held-out one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from boilerfree.align import GoldIndex  # noqa: E402
from boilerfree.blocks import FLAGS, Page, segment  # noqa: E402
from boilerfree.corpus import LabelledPage, read_shared_corpus  # noqa: E402
from boilerfree.document import load_document  # noqa: E402
from boilerfree.labels import BOILERPLATE_LABELS, LABELS  # noqa: E402
from boilerfree.learn import block_labels  # noqa: E402
from boilerfree.metrics import tokens as word_tokens  # noqa: E402
from boilerfree.rules import CLASS_TOKENS, TYPED_ORDER, lexicon_hits  # noqa: E402

CORPORA = ("fundus", "cleaneval", "wcxb-dev", "trafilatura-eval")  # the order of training/data.py
VERDICTS = ("correct", "wrong")
FIELDS = ("corpus", "page_id", "block_index", "rule_label", "text_sha1", "verdict", "true_label", "note")
SHOWN_CHARS = 700  # of the block itself; neighbours get a third of it


@dataclass(frozen=True)
class Candidate:
    """One boilerplate block with its weak type: an identifier, never the text."""

    corpus: str
    page_id: str
    block_index: int
    rule_label: str
    text_sha1: str  # of the block text: tells `show` when segmentation has changed since the sample was drawn


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def labelled_page(lp: LabelledPage) -> tuple[Page, list[str]]:
    """The page's blocks and their training labels, by the very call the training data is built with
    (`boilerfree.learn.block_labels`); `show` flags any row whose rule label no longer comes out the same."""
    page = segment(load_document(lp.document, lp.format))
    return page, block_labels(lp, page)


def corpus_pages(
    corpora: Path, names: Iterable[str] = CORPORA, limit: int | None = None
) -> Iterator[tuple[str, LabelledPage]]:
    for name in names:
        folder = corpora / name
        if (folder / "pages.jsonl").is_file():
            for lp in read_shared_corpus(folder, limit):
                yield name, lp


def candidates(corpora: Path, limit: int | None = None) -> dict[str, list[Candidate]]:
    """Every typed boilerplate block of the corpora (of the first ``limit`` pages of each), per rule label, in
    corpus and document order."""
    found: dict[str, list[Candidate]] = {label: [] for label in BOILERPLATE_LABELS}
    for name, lp in corpus_pages(corpora, limit=limit):
        page, labels = labelled_page(lp)
        for seg, label in zip(page.segments, labels):
            if label in found:
                found[label].append(Candidate(name, lp.id, seg.index, label, text_sha1(seg.text)))
    return found


def draw(found: dict[str, list[Candidate]], per_label: int, seed: int) -> list[Candidate]:
    """``per_label`` blocks of each label drawn uniformly (all of them when there are fewer); one generator per
    label, so the draw of one label does not depend on how many candidates another has."""
    sample = []
    for label in BOILERPLATE_LABELS:
        pool = found.get(label, [])
        rng = random.Random(f"{seed}:{label}")
        picked = sorted(rng.sample(range(len(pool)), min(per_label, len(pool))))
        sample.extend(pool[i] for i in picked)
    return sample


def audit_row(c: Candidate) -> dict:
    return {
        "corpus": c.corpus, "page_id": c.page_id, "block_index": c.block_index, "rule_label": c.rule_label,
        "text_sha1": c.text_sha1, "verdict": None, "true_label": None, "note": "",
    }  # fmt: skip


def read_audit(path: Path) -> list[dict]:
    """The rows of an audit file; a bad row raises ValueError naming its line."""
    rows = []
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            problem = row_problem(row)
            if problem:
                raise ValueError(f"{path}:{number}: {problem}")
            rows.append(row)
    return rows


def row_problem(row: dict) -> str:
    """What is wrong with one audit row ('' when nothing)."""
    if row.get("rule_label") not in BOILERPLATE_LABELS:
        return f"rule_label {row.get('rule_label')!r} is not one of {', '.join(BOILERPLATE_LABELS)}"
    verdict, true_label = row.get("verdict"), row.get("true_label")
    if verdict is None:
        return ""
    if verdict not in VERDICTS:
        return f"verdict {verdict!r} is not one of {', '.join(VERDICTS)} (or null: not checked yet)"
    if true_label is not None and true_label not in LABELS:
        return f"true_label {true_label!r} is not one of {', '.join(LABELS)}"
    if verdict == "correct" and true_label not in (None, row["rule_label"]):
        return "a 'correct' verdict needs true_label equal to rule_label (or null)"
    if verdict == "wrong" and (true_label is None or true_label == row["rule_label"]):
        return "a 'wrong' verdict needs the true_label that the block should have had"
    return ""


def true_label(row: dict) -> str | None:
    if row.get("verdict") == "correct":
        return row["rule_label"]
    return row.get("true_label") if row.get("verdict") == "wrong" else None


@dataclass(frozen=True)
class LabelPrecision:
    """The hand check of one rule label."""

    label: str
    sampled: int
    checked: int
    correct: int
    confusion: dict[str, int]  # true label -> checked blocks

    @property
    def precision(self) -> float | None:
        return self.correct / self.checked if self.checked else None

    def interval(self, z: float = 1.96) -> tuple[float, float] | None:
        """Wilson score interval of the precision (95% by default): samples of 40 are small."""
        if not self.checked:
            return None
        n, p = self.checked, self.correct / self.checked
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
        return max(0.0, centre - half), min(1.0, centre + half)


def precision_by_label(rows: list[dict]) -> list[LabelPrecision]:
    """Sampled, checked and correct counts and the confusion with the true labels, per rule label."""
    out = []
    for label in BOILERPLATE_LABELS:
        mine = [r for r in rows if r["rule_label"] == label]
        truths = [true_label(r) for r in mine]
        confusion = Counter(t for t in truths if t is not None)
        out.append(LabelPrecision(label, len(mine), sum(confusion.values()), confusion[label], dict(confusion)))
    return out


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def report_markdown(rows: list[dict]) -> str:
    """The precision table and the confusion table, in markdown."""
    stats = precision_by_label(rows)
    lines = [
        "| rule label | sampled | checked | correct | precision | 95% interval |",
        "|---|---|---|---|---|---|",
    ]
    for s in stats:
        ci = s.interval()
        interval = "–" if ci is None else f"{100 * ci[0]:.0f}–{100 * ci[1]:.0f}%"
        lines.append(f"| {s.label} | {s.sampled} | {s.checked} | {s.correct} | {_percent(s.precision)} | {interval} |")
    checked, correct = sum(s.checked for s in stats), sum(s.correct for s in stats)
    macro = [s.precision for s in stats if s.precision is not None]
    pooled = correct / checked if checked else None
    lines.append(
        f"| all | {sum(s.sampled for s in stats)} | {checked} | {correct} | {_percent(pooled)} "
        f"(mean of labels {_percent(sum(macro) / len(macro) if macro else None)}) | |"
    )
    lines += ["", "Rule label (rows) against the label given by hand (columns), checked blocks:", ""]
    lines.append("| rule \\ true | " + " | ".join(LABELS) + " |")
    lines.append("|---" * (len(LABELS) + 1) + "|")
    for s in stats:
        lines.append(f"| {s.label} | " + " | ".join(str(s.confusion.get(t, 0) or "·") for t in LABELS) + " |")
    by_corpus = Counter((r["corpus"], true_label(r) == r["rule_label"]) for r in rows if true_label(r) is not None)
    if by_corpus:
        lines += ["", "| corpus | checked | correct | precision |", "|---|---|---|---|"]
        for name in sorted({c for c, _ in by_corpus}, key=lambda c: (CORPORA + (c,)).index(c)):
            n_ok, n = by_corpus[(name, True)], by_corpus[(name, True)] + by_corpus[(name, False)]
            lines.append(f"| {name} | {n} | {n_ok} | {_percent(n_ok / n)} |")
    return "\n".join(lines)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + f" […+{len(text) - limit} chars]"


def describe_block(page: Page, labels: list[str], i: int, gold: GoldIndex | None, context: int) -> list[str]:
    """What a person needs to judge block ``i``: its text, neighbours, tag path, class/id tokens and region flags."""
    seg = page.segments[i]
    out = []
    if page.elements is not None and seg.owner >= 0:
        out.append("  path:   " + "/".join(page.elements.path(seg.owner)[-8:]))
        out.append("  tokens: " + " ".join(sorted(page.elements.ancestor_tokens(seg.owner))))
    flags = [name for name, bit in FLAGS.items() if seg.flags & bit]
    link_density = seg.link_chars / len(seg.text) if seg.text else 0.0
    share = ""
    tokens = word_tokens(seg.text)
    if gold is not None and len(tokens) >= 3:
        share = f"  gold trigram share {gold.content_share(tokens):.2f}"
    out.append(f"  flags:  {' '.join(flags) or '-'}  words {seg.words}  link density {link_density:.2f}{share}")
    class_tokens = page.elements.ancestor_tokens(seg.owner) if page.elements is not None and seg.owner >= 0 else set()
    lexicon = [label for label, hit in lexicon_hits(seg.text).items() if hit]
    typed = [f"{label}({' '.join(sorted(class_tokens & CLASS_TOKENS[label]))})" for label in TYPED_ORDER]  # all 8
    typed = [t for t in typed if not t.endswith("()")]
    out.append(f"  rules:  lexicon {' '.join(lexicon) or '-'}; class/id {' '.join(typed) or '-'}")
    for j in range(max(0, i - context), i):
        out.append(f"  prev[{labels[j] or '?'}]: {_clip(page.segments[j].text, SHOWN_CHARS // 3)}")
    out.append(f"  >>> {_clip(seg.text, SHOWN_CHARS)}")
    for j in range(i + 1, min(len(page.segments), i + 1 + context)):
        out.append(f"  next[{labels[j] or '?'}]: {_clip(page.segments[j].text, SHOWN_CHARS // 3)}")
    return out


def show(rows: list[dict], corpora: Path, context: int, only: set[int] | None = None) -> Iterator[str]:
    """Each row's block with its context, read from the corpora now; a changed block or rule label is flagged.
    Rows are numbered by their place in the audit file (``only``: those numbers, default all)."""
    numbers = [n for n in range(len(rows)) if only is None or n in only]
    wanted: dict[tuple[str, str], list[int]] = {}
    for n in numbers:
        wanted.setdefault((rows[n]["corpus"], rows[n]["page_id"]), []).append(n)
    described: dict[int, list[str]] = {}
    for name, lp in corpus_pages(corpora, [c for c in CORPORA if any(c == w[0] for w in wanted)]):
        if (name, lp.id) not in wanted:
            continue
        page, labels = labelled_page(lp)
        gold = GoldIndex(lp.gold_text) if lp.gold_text and lp.gold_text.strip() else None
        for n in wanted[(name, lp.id)]:
            row, i = rows[n], rows[n]["block_index"]
            if i >= len(page.segments):
                described[n] = ["  !! the page has fewer blocks now: segmentation changed since the sample"]
                continue
            lines = describe_block(page, labels, i, gold, context)
            if row.get("text_sha1") and text_sha1(page.segments[i].text) != row["text_sha1"]:
                lines.insert(0, "  !! block text changed since the sample was drawn (segmentation changed)")
            if labels[i] != row["rule_label"]:
                lines.insert(0, f"  !! the rules now say {labels[i] or 'unlabelled'!r}")
            described[n] = lines
    for n in numbers:
        row = rows[n]
        mark = f" [{row['verdict']} -> {true_label(row)}]" if row.get("verdict") else ""
        yield f"#{n} {row['rule_label']}  {row['corpus']}/{row['page_id']} block {row['block_index']}{mark}"
        yield from described.get(n, ["  !! page not found in the corpora"])
        yield ""


def rechecked(rows: list[dict], corpora: Path) -> list[dict]:
    """The checked rows with ``rule_label`` set to what today's rules say, and the verdict re-derived from the hand
    label. A block whose index moved (segmentation now keeps hidden blocks, say) is found again by its text: the
    block of the page with the same text sha1 nearest the old index; rows whose text is gone are left out."""
    checked = [r for r in rows if true_label(r) is not None]
    wanted = {(r["corpus"], r["page_id"]) for r in checked}
    by_text: dict[tuple[str, str, str], list[tuple[int, str]]] = {}
    for name, lp in corpus_pages(corpora, [c for c in CORPORA if any(c == w[0] for w in wanted)]):
        if (name, lp.id) in wanted:
            page, labels = labelled_page(lp)
            for seg, label in zip(page.segments, labels):
                by_text.setdefault((name, lp.id, text_sha1(seg.text)), []).append((seg.index, label))
    out = []
    for r in checked:
        found = by_text.get((r["corpus"], r["page_id"], r["text_sha1"]))
        if not found:
            continue
        _, label = min(found, key=lambda hit: abs(hit[0] - r["block_index"]))
        if label not in BOILERPLATE_LABELS:
            continue
        truth = true_label(r)
        out.append({**r, "rule_label": label, "verdict": "correct" if truth == label else "wrong", "true_label": truth})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    default_corpora = ROOT.parent / "shared" / "corpora"
    p = commands.add_parser("sample", help="draw a stratified random sample of typed boilerplate blocks")
    p.add_argument("--corpora", type=Path, default=default_corpora)
    p.add_argument("--per-label", type=int, default=40)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("-o", "--output", type=Path, required=True)
    p.add_argument("--limit", type=int, help="only the first LIMIT pages of each corpus (for quick checks)")
    p = commands.add_parser("show", help="print each sampled block with its context, read from the corpora")
    p.add_argument("audit", type=Path)
    p.add_argument("--corpora", type=Path, default=default_corpora)
    p.add_argument("--context", type=int, default=2, help="neighbouring blocks shown on each side")
    p.add_argument("--label", choices=BOILERPLATE_LABELS, help="only rows with this rule label")
    p.add_argument("--unchecked", action="store_true", help="only rows without a verdict")
    p = commands.add_parser("report", help="precision per rule label and the confusion, as markdown")
    p.add_argument("audit", type=Path)
    p = commands.add_parser("recheck", help="the report for today's rules on the blocks already checked by hand")
    p.add_argument("audit", type=Path)
    p.add_argument("--corpora", type=Path, default=default_corpora)
    args = parser.parse_args(argv)

    if args.command == "sample":
        if not any((args.corpora / name / "pages.jsonl").is_file() for name in CORPORA):
            parser.error(f"no corpus of {', '.join(CORPORA)} in {args.corpora}")
        found = candidates(args.corpora, args.limit)
        sample = draw(found, args.per_label, args.seed)
        args.output.parent.mkdir(parents=True, exist_ok=True)
        with open(args.output, "w", encoding="utf-8") as out:
            for c in sample:
                out.write(json.dumps(audit_row(c), ensure_ascii=False) + "\n")
        counts = ", ".join(f"{label} {len(found[label])}" for label in BOILERPLATE_LABELS)
        print(f"candidates: {counts}; wrote {len(sample)} rows to {args.output}", file=sys.stderr)
    elif args.command == "show":
        rows = read_audit(args.audit)
        only = {
            n
            for n, r in enumerate(rows)
            if (not args.label or r["rule_label"] == args.label) and not (args.unchecked and r.get("verdict"))
        }
        for line in show(rows, args.corpora, args.context, only):
            print(line)
    elif args.command == "recheck":
        rows = read_audit(args.audit)
        again = rechecked(rows, args.corpora)
        checked = sum(true_label(r) is not None for r in rows)
        print(f"{len(again)} of {checked} checked blocks still typed as boilerplate with unchanged text\n")
        print(report_markdown(again))
    else:
        print(report_markdown(read_audit(args.audit)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
