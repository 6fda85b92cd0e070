"""Accuracy metrics of web content extraction, as the field computes them.

- token P/R/F1: bag of lower-cased ``\\w+`` tokens of the output against the gold text, per page (Bevendorff et al.
  2023, "An Empirical Comparison of Web Content Extraction Algorithms"); empty output scores 0.
- segment counts: trafilatura's benchmark — a 'with' snippet found in the whitespace-normalised output is a true
  positive, a 'without' snippet found is a false positive; counts are summed over pages before P/R/F.
- leaked lines: typed boilerplate (paywall, pricing, disclaimer wordings) left in the output (`leaked_lines`).
"""

from __future__ import annotations

import re
from collections import Counter

from .blocks import WORD
from .rules import lexicon_hits

_SPACE = re.compile(r"\s+")


def tokens(text: str) -> list[str]:
    return WORD.findall(text.lower())


def token_prf(output: str, gold: str) -> tuple[float, float, float]:
    """Precision, recall and F1 of the output's tokens against the gold's (multiset overlap)."""
    out, ref = Counter(tokens(output)), Counter(tokens(gold))
    overlap = sum((out & ref).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    p, r = overlap / sum(out.values()), overlap / sum(ref.values())
    return p, r, 2 * p * r / (p + r)


def token_prf_by_threshold(
    blocks: list[tuple[str, float]], gold: str, thresholds: list[float]
) -> list[tuple[float, float, float]]:
    """`token_prf` of the output that keeps the blocks (text, score) scoring at least t, for every t of
    ``thresholds``: what ``clean(..., threshold=t)`` would score, from one classification and one pass over the
    blocks (a block's tokens are counted once, adding blocks from the highest score down), for the
    precision-recall curve."""
    ref = Counter(tokens(gold))
    ref_total = sum(ref.values())
    order = sorted(range(len(blocks)), key=lambda i: -blocks[i][1])
    kept: Counter[str] = Counter()
    kept_total = overlap = 0
    j = 0
    scores: dict[float, tuple[float, float, float]] = {}
    for t in sorted(set(thresholds), reverse=True):
        while j < len(order) and blocks[order[j]][1] >= t:
            for word in tokens(blocks[order[j]][0]):
                overlap += kept[word] < ref[word]  # min(kept, ref) grows only while kept is below ref
                kept[word] += 1
                kept_total += 1
            j += 1
        if not overlap:
            scores[t] = (0.0, 0.0, 0.0)
        else:
            p, r = overlap / kept_total, overlap / ref_total
            scores[t] = (p, r, 2 * p * r / (p + r))
    return [scores[t] for t in thresholds]


def normalise_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def segment_counts(output: str, with_snippets: list[str], without_snippets: list[str]) -> tuple[int, int, int, int]:
    """(true positives, false positives, false negatives, true negatives) of one page."""
    text = normalise_space(output)
    tp = sum(normalise_space(s) in text for s in with_snippets)
    fp = sum(normalise_space(s) in text for s in without_snippets)
    return tp, fp, len(with_snippets) - tp, len(without_snippets) - fp


def segment_prf(tp: int, fp: int, fn: int, tn: int = 0) -> tuple[float, float, float]:
    """Precision, recall and F1 from summed segment counts."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def block_report(gold: list[str], predicted: list[str], labels: tuple[str, ...]) -> dict:
    """Block-level scores where blocks carry labels: per label precision, recall, F1 and support, and the
    confusion matrix (rows gold, columns predicted, in ``labels`` order). Unlabelled gold blocks ("") are skipped."""
    index = {label: i for i, label in enumerate(labels)}
    confusion = [[0] * len(labels) for _ in labels]
    for g, p in zip(gold, predicted):
        if g in index and p in index:
            confusion[index[g]][index[p]] += 1
    per_label = {}
    for i, label in enumerate(labels):
        tp = confusion[i][i]
        predicted_n = sum(row[i] for row in confusion)
        support = sum(confusion[i])
        p, r, f = segment_prf(tp, predicted_n - tp, support - tp)
        per_label[label] = {"precision": p, "recall": r, "f1": f, "support": support, "predicted": predicted_n}
    return {"labels": list(labels), "per_label": per_label, "confusion": confusion}


LEAK_LABELS = ("paywall", "pricing", "disclaimer")  # the wordings that must never reach a reader: walls, plans, legal
LEAK_SHARE = 0.5


def leaked_lines(output: str, reference: str | None) -> list[str]:
    """Lines of the output that are typed boilerplate left in: lines where the lexicon of `boilerfree.rules` finds a
    paywall, pricing or disclaimer wording (subscription prompts, plans and prices, billing terms, copyright, terms,
    cookie notices) and whose words are mostly absent from the reference (at most half of them occur in it), so an
    article *about* prices or a cookie ruling does not count. ``reference``: the gold text, or what else says what
    the content is; None or "" counts every such line. Empty output leaks nothing. (The idea of the shared anchors'
    'pages with leaked boilerplate', with our lexicon.)"""
    known = set(tokens(reference or ""))
    leaked = []
    for line in output.splitlines():
        if not line.strip():
            continue
        hits = lexicon_hits(line)
        if not any(hits[label] for label in LEAK_LABELS):
            continue
        words = tokens(line)
        if words and sum(w in known for w in words) > LEAK_SHARE * len(words):
            continue
        leaked.append(line)
    return leaked
