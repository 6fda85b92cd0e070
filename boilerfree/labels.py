"""The label set: the single source of truth for what a block can be.

Index 0 is always ``content``; every other label is a kind of boilerplate. The CLI, the model files and the docs
all read this tuple, so adding a label here is the only change a new type needs (and a retrain).
"""

from __future__ import annotations

CONTENT = "content"

LABEL_DESCRIPTIONS: dict[str, str] = {
    CONTENT: "the main content: headline, standfirst, paragraphs, subheadings, quotes, captions",
    "paywall": "access walls, article-limit messages, 'subscribe to continue', 'log in to read'",
    "pricing": "plan names, prices, billing terms, trial and gift offers",
    "disclaimer": "editorial and legal disclaimers, copyright, terms, cookie notices",
    "promo": "newsletter and app prompts, ads, sponsored, social/share, subscription benefits",
    "navigation": "menus, breadcrumbs, related links, tags, footer links, pagination",
    "other": "any other boilerplate: bylines-only lines, comments, widgets, author boxes",
}

LABELS: tuple[str, ...] = tuple(LABEL_DESCRIPTIONS)
BOILERPLATE_LABELS: tuple[str, ...] = LABELS[1:]
LABEL_INDEX: dict[str, int] = {name: i for i, name in enumerate(LABELS)}


def check_label(name: str) -> str:
    """Return ``name`` if it is a known label, else raise ValueError naming the valid ones."""
    if name not in LABEL_INDEX:
        raise ValueError(f"unknown label {name!r}; valid labels: {', '.join(LABELS)}")
    return name
