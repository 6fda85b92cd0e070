"""From a document to labelled blocks and cleaned text: the straight line
``document -> blocks -> features -> model -> labels -> text``."""

from __future__ import annotations

from typing import Any

import numpy as np

from .blocks import Block, Page, segment
from .document import load_document
from .limits import Limits, resolve
from .model import Model, load_model


def classify(
    document: Any, format: str = "auto", model: Model | str | None = None, *, limits: Limits | None = None
) -> list[Block]:
    """Every block of the document, in document order, with its label and P(content).

    ``document``: HTML (str, or bytes in any charset), a BeautifulSoup object, an lxml element, or plain text that
    another tool already extracted. ``format``: "auto" (default), "html", "text", or "extracted": text that an
    extractor (trafilatura, Readability, ...) already reduced to the main content, scored at the model's
    post-filter threshold, which keeps the short lines such text is made of and still removes paywall and pricing
    lines. ``limits``: the guard limits (`boilerfree.limits.Limits`; default: its defaults, or the
    ``BOILERFREE_MAX_*`` environment variables).
    Raises `InputError` for what cannot be read, its subclass `LimitError` past a limit.
    """
    model = model if isinstance(model, Model) else load_model(model)
    limits = resolve(limits)
    return label_page(segment(load_document(document, format, limits), limits), model)


def label_page(page: Page, model: Model, threshold: float | None = None) -> list[Block]:
    """The labelled blocks of an already segmented page: content when P(content) reaches the threshold (default:
    the head's), else the most likely boilerplate type."""
    proba = model.predict_page(page)
    labels = model.labels
    if threshold is None:
        threshold = model.threshold(page)
    blocks = []
    for seg, row in zip(page.segments, proba):
        score = float(row[0])
        best = 0 if score >= threshold else 1 + int(np.argmax(row[1:]))
        path = "/".join(page.elements.path(seg.owner)) if page.elements is not None and seg.owner >= 0 else ""
        blocks.append(Block(seg.text, labels[best], score, dict(zip(labels, map(float, row))), seg.index, path))
    return blocks


def clean(
    document: Any,
    threshold: float | None = None,
    format: str = "auto",
    model: Model | str | None = None,
    *,
    limits: Limits | None = None,
) -> str:
    """The main content of the document as plain text, one block per line.

    ``threshold``: keep blocks whose P(content) is at least this (default: the model's, tuned for token F1);
    lower it for recall, raise it for precision. Empty or whitespace-only input gives "". ``limits``: as for
    `classify`.
    """
    model = model if isinstance(model, Model) else load_model(model)
    limits = resolve(limits)
    page = segment(load_document(document, format, limits), limits)
    proba = model.predict_page(page)
    if threshold is None:
        threshold = model.threshold(page)
    # one comparison of the column (float32 against the threshold, as each numpy scalar compared under numpy 2)
    return "\n".join([seg.text for seg, kept in zip(page.segments, (proba[:, 0] >= threshold).tolist()) if kept])
