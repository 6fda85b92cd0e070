"""Shared fixtures: our own small pages (never pages of ../shared/corpora) and the path to the shared corpora."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_CORPORA = ROOT.parent / "shared" / "corpora"
EXAMPLE_PAGE = ROOT / "examples" / "paywalled-article.html"


def assert_rows_hash_as(lengths, hashes, rows: list[list[str]]) -> None:
    """Compiled token hashes (``lengths`` a row, ``hashes`` of all rows one after another) are the hashes of each
    row's tokens (`hashing.murmurhash3_32_of_each`), as a multiset: the compiled code may order a row otherwise."""
    from collections import Counter

    from boilerfree import hashing

    assert lengths.tolist() == list(map(len, rows))
    at = 0
    for row in rows:
        assert Counter(hashes[at : at + len(row)].tolist()) == Counter(hashing.murmurhash3_32_of_each(row).tolist())
        at += len(row)


@pytest.fixture
def example_html() -> str:
    return EXAMPLE_PAGE.read_text(encoding="utf-8")


@pytest.fixture
def shared_corpora() -> Path:
    if not (SHARED_CORPORA / "fundus" / "pages.jsonl").is_file():
        pytest.skip("../shared/corpora is not beside the project")
    return SHARED_CORPORA
