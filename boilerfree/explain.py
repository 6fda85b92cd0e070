"""Why a block got its label: the features that pushed it most, as weight x value of the linear model.

A linear model explains itself exactly: a block's score for a label is the sum of weight x value over its features
plus an intercept. What sets a block apart is its difference from the other blocks of its page, so each feature's
effect is weight x (value - the page's mean value): a feature every block shares (the page's size, its language)
explains nothing and scores zero; the block's own tokens and shape do. For `content`, the score is the first-stage
log-odds of P(content). For a boilerplate type, it is the log-odds against content plus the type's margin over the
mean of the other types (the softmax rows), so the same features that say "not content" and "this kind" add up.
Hashed columns are named by the token that produced them in this block (word, bigram, class/id token...); two tokens
of one block that share a column are named together. The second stage, which reads the first stage's scores of
neighbours and containers, is one more entry: how far it moved the content log-odds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .blocks import Block, Page
from .clean import label_page
from .features import DENSE_NAMES
from .model import Model

SECOND_STAGE = "second stage: scores of neighbours and containers"


@dataclass(frozen=True)
class Contribution:
    """One feature's push on a block's label: ``effect`` = ``weight`` x (``value`` - page mean), in log-odds."""

    feature: str
    value: float
    weight: float
    effect: float


def explain_page(page: Page, model: Model, top: int = 5) -> list[tuple[Block, list[Contribution]]]:
    """Every block of a segmented page with its label and the ``top`` features that pushed that label most."""
    blocks = label_page(page, model)
    if not blocks:
        return []
    fmt = page.format if page.format in model.heads else "html"
    head = model.heads[fmt]
    X, names = _design(page, model)
    first, types = head.split_proba(X)
    second = model.stage2.get(fmt)
    moved = None
    if second is not None:
        moved = _logit(second.content_proba(first, types, page)) - _logit(first)
    index = {label: i for i, label in enumerate(model.labels)}
    out = []
    baseline = np.asarray(X.mean(axis=0)).ravel()
    n_dense = len(DENSE_NAMES)
    dense = X[:, :n_dense].toarray()
    for i, block in enumerate(blocks):
        direction = _direction(head.coef, index[block.label])
        row = X.getrow(i)
        values = dict(enumerate(dense[i]))
        values.update((int(c), float(v)) for c, v in zip(row.indices, row.data) if c >= n_dense)
        items = []
        for col, value in values.items():
            weight = float(direction[col])
            effect = weight * (float(value) - float(baseline[col]))
            if effect:
                items.append(Contribution(names(i, col), float(value), weight, effect))
        if moved is not None:
            sign = 1.0 if block.label == "content" else -1.0
            items.append(Contribution(SECOND_STAGE, float(moved[i]), sign, sign * float(moved[i])))
        items.sort(key=lambda c: -c.effect)
        out.append((block, items[:top]))
    return out


def _direction(coef: np.ndarray, label: int) -> np.ndarray:
    """Weights whose dot product with a block's features is its score for ``label`` (module docstring)."""
    if label == 0:
        return coef[0]
    types = coef[1:]
    others = (types.sum(axis=0) - types[label - 1]) / max(len(types) - 1, 1)
    return -coef[0] + types[label - 1] - others


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p.astype(np.float64), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _design(page: Page, model: Model):
    """The page's feature matrix and a function naming column ``col`` of block ``i``."""
    featurizer = model.featurizer
    X, tokens = featurizer.transform_with_tokens(page)
    n_dense = len(DENSE_NAMES)
    cache: dict[int, dict[int, str]] = {}

    def names(i: int, col: int) -> str:
        if col < n_dense:
            return DENSE_NAMES[col]
        if i not in cache:
            columns: dict[int, list[str]] = {}
            for t, c in zip(tokens[i], featurizer.token_columns(tokens[i])):
                columns.setdefault(c, []).append(t)
            cache[i] = {c: " | ".join(dict.fromkeys(ts)) for c, ts in columns.items()}
        return cache[i].get(col, f"hashed column {col - n_dense}")

    return X, names
