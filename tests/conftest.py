"""Shared fixtures: our own small pages (never pages of ../shared/corpora) and the path to the shared corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"
EXAMPLE_PAGE = ROOT / "examples" / "paywalled-article.html"


@pytest.fixture
def example_html() -> str:
    return EXAMPLE_PAGE.read_text(encoding="utf-8")


@pytest.fixture
def shared_corpora() -> Path:
    if not (SHARED_CORPORA / "fundus" / "pages.jsonl").is_file():
        pytest.skip("../shared/corpora is not beside the project")
    return SHARED_CORPORA
