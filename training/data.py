"""Build the training set: segment every page, label its blocks, featurize them for both heads, and cache the result.

Labels come from `boilerfree.align`: gold-text alignment (content / boilerplate / left out), with/without snippets,
or this project's block-labelled rows; boilerplate blocks get their type from the weak rules of `boilerfree.rules`.
The text head is trained on the same blocks seen as plain text (one line each, no DOM), as a crawler that kept only
text would pass them.

usage: python training/data.py [--corpora ../shared/corpora] [--cache .cache/features] [--jobs 2]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
import scipy.sparse as sp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from boilerfree.align import UNLABELLED, label_by_blocks, label_by_gold, label_by_snippets, type_boilerplate  # noqa: E402
from boilerfree.blocks import Page, Segment, segment  # noqa: E402
from boilerfree.corpus import LabelledPage, read_any  # noqa: E402
from boilerfree.document import load_document  # noqa: E402
from boilerfree.features import DEFAULT_HASH_BITS, FEATURE_SET_VERSION, Featurizer  # noqa: E402
from boilerfree.features.scores import block_tree  # noqa: E402
from boilerfree.labels import LABEL_INDEX  # noqa: E402

CORPORA = ("fundus", "cleaneval", "wcxb-dev", "trafilatura-eval")
FEATURE_CODE = ("document.py", "blocks.py", "align.py", "rules.py", "labels.py", "corpus.py")
OWN_TRAIN = ("datasets/labelled/text_train.jsonl", "datasets/labelled/html_train.jsonl")


@dataclass
class PageData:
    """One page's blocks, ready for training and for scoring cleaned text against the page's truth."""

    id: str
    source: str
    group: str
    format: str
    texts: list[str]
    words: np.ndarray  # words per block
    y: np.ndarray  # label index per block, -1 = unlabelled
    tree: tuple[np.ndarray, np.ndarray] | None  # (owner per block, parent per element): second-stage features
    X_html: sp.csr_matrix | None
    X_text: sp.csr_matrix
    post: tuple[sp.csr_matrix, np.ndarray, np.ndarray] | None  # (X, y, words) of the post-extraction text page
    gold_text: str | None
    with_snippets: list[str] | None
    without_snippets: list[str] | None


def as_text_page(page: Page) -> Page:
    """The same blocks as plain text lines: what the text head sees."""
    return Page("text", [Segment(s.text, i, words=s.words, blank_before=True) for i, s in enumerate(page.segments)])


def post_extraction_blocks(y: np.ndarray, reach: int = 2) -> np.ndarray:
    """The blocks an extractor's output would still hold: the content, the boilerplate next to it (within
    ``reach`` blocks), and every paywall/pricing/disclaimer/promo block. Trains the text head on text shaped like
    a cleaned article with some boilerplate left in, the text mode's common case, not only on whole pages."""
    content = y == 0
    if not content.any():
        return np.zeros(len(y), dtype=bool)
    near = content.copy()
    for shift in range(1, reach + 1):
        near[shift:] |= content[:-shift]
        near[:-shift] |= content[shift:]
    typed = (y >= 1) & (y <= 4)  # paywall, pricing, disclaimer, promo (labels.LABELS order)
    return (near & (y >= 0)) | typed


def block_labels(lp: LabelledPage, page: Page) -> list[str]:
    if lp.block_labels is not None:
        labels = label_by_blocks(page, lp.block_labels)
    elif lp.gold_text and lp.gold_text.strip():
        labels = label_by_gold(page, lp.gold_text)
    elif lp.with_snippets is not None:
        labels = label_by_snippets(page, lp.with_snippets, lp.without_snippets or [])
    else:
        labels = [UNLABELLED] * len(page.segments)
    return type_boilerplate(page, labels)


def build_page(lp: LabelledPage, hash_bits: int) -> PageData:
    featurizer = Featurizer(hash_bits)
    page = segment(load_document(lp.document, lp.format))
    labels = block_labels(lp, page)
    y = np.array([LABEL_INDEX[label] if label else -1 for label in labels], dtype=np.int8)
    X_html = featurizer.transform(page) if page.format == "html" else None
    tree = block_tree(page) if page.format == "html" else None
    X_text = featurizer.transform(as_text_page(page) if page.format == "html" else page)
    post = None
    if page.format == "html":
        keep = post_extraction_blocks(y)
        if keep.any():
            kept = [s for s, k in zip(page.segments, keep) if k]
            X_post = featurizer.transform(as_text_page(Page("html", kept)))
            post = (X_post, y[keep], np.array([s.words for s in kept], dtype=np.int32))
    return PageData(
        lp.id, lp.source, lp.group, page.format, [s.text for s in page.segments],
        np.array([s.words for s in page.segments], dtype=np.int32), y, tree, X_html, X_text, post,
        lp.gold_text, lp.with_snippets, lp.without_snippets,
    )  # fmt: skip


def source_paths(corpora: Path) -> list[Path]:
    paths = [corpora / name for name in CORPORA if (corpora / name / "pages.jsonl").is_file()]
    paths += [ROOT / p for p in OWN_TRAIN if (ROOT / p).is_file()]
    return paths


def cache_file(cache: Path, path: Path, hash_bits: int) -> Path:
    """A cache entry keyed by the source, the feature set and the code that segments, labels and featurizes."""
    code = hashlib.sha256()
    package = ROOT / "boilerfree"
    for file in sorted([*package.glob("features/*.py"), *(package / n for n in FEATURE_CODE)]):
        code.update(file.read_bytes())
    if path.is_file():
        code.update(path.read_bytes())
    key = f"{path.name}-v{FEATURE_SET_VERSION}-h{hash_bits}-{code.hexdigest()[:12]}"
    return cache / f"{key}.joblib"


def load_source(path: Path, cache: Path, hash_bits: int = DEFAULT_HASH_BITS, jobs: int = 1) -> list[PageData]:
    """All pages of one source, from the cache when the code and data are unchanged."""
    target = cache_file(cache, path, hash_bits)
    if target.is_file():
        return joblib.load(target)
    from tqdm import tqdm

    pages = list(read_any(path))
    data = joblib.Parallel(n_jobs=jobs, batch_size=8)(
        joblib.delayed(build_page)(lp, hash_bits) for lp in tqdm(pages, desc=path.name, unit="page")
    )
    cache.mkdir(parents=True, exist_ok=True)
    joblib.dump(data, target)
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpora", type=Path, default=ROOT.parent / "shared" / "corpora")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache" / "features")
    parser.add_argument("--hash-bits", type=int, default=DEFAULT_HASH_BITS)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    for path in source_paths(args.corpora):
        pages = load_source(path, args.cache, args.hash_bits, args.jobs)
        y = np.concatenate([p.y for p in pages])
        counts = {label: int((y == i).sum()) for label, i in LABEL_INDEX.items()}
        print(path.name, len(pages), "pages", len(y), "blocks", "unlabelled", int((y < 0).sum()), counts)


if __name__ == "__main__":
    import data  # run as the module `data`, so cached PageData records unpickle in train.py and elsewhere

    data.main()
