"""Accuracy metrics of web content extraction, as the field computes them.

- token P/R/F1: bag of lower-cased ``\\w+`` tokens of the output against the gold text, per page (Bevendorff et al.
  2023, "An Empirical Comparison of Web Content Extraction Algorithms"); empty output scores 0.
- segment counts: trafilatura's benchmark — a 'with' snippet found in the whitespace-normalised output is a true
  positive, a 'without' snippet found is a false positive; counts are summed over pages before P/R/F.
"""

from __future__ import annotations

import re
from collections import Counter

from .blocks import WORD

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
