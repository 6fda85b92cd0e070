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
import random
import sys
from pathlib import Path

import joblib
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from boilerfree.blocks import segment  # noqa: E402
from boilerfree.corpus import LabelledPage, read_any  # noqa: E402
from boilerfree.document import load_document  # noqa: E402
from boilerfree.features import DEFAULT_HASH_BITS, FEATURE_SET_VERSION, Featurizer  # noqa: E402
from boilerfree.labels import LABEL_INDEX  # noqa: E402
from boilerfree.learn import TrainingPage, featurize  # noqa: E402

CORPORA = ("fundus", "cleaneval", "wcxb-dev", "trafilatura-eval")
FEATURE_CODE = ("document.py", "blocks.py", "align.py", "rules.py", "labels.py", "corpus.py", "learn.py")
OWN_TRAIN = ("datasets/labelled/text_train.jsonl", "datasets/labelled/html_train.jsonl")


OWN_TEXT_TRAIN = ROOT / OWN_TRAIN[0]
EXTRACTED_SUFFIX = "#trafilatura"  # the page id of trafilatura's output of a corpus page (`extracted_text_page`)


def boilerplate_runs(path: Path) -> list[list[tuple[str, int]]]:
    """Runs of consecutive boilerplate blocks (a paywall box, a plan table, a disclaimer) of our own text pages."""
    runs: list[list[tuple[str, int]]] = []
    for lp in read_any(path):
        current: list[tuple[str, int]] = []
        for text, label in (lp.block_labels or []) + [("", "content")]:
            if label == "content":
                if current:
                    runs.append(current)
                current = []
            else:
                current.append((text, LABEL_INDEX[label]))
    return runs


def synthetic_text_page(
    page: TrainingPage, runs: list[list[tuple[str, int]]], featurizer: Featurizer
) -> TrainingPage | None:
    """A scraped-article text page: the page's gold text, line by line (content), with zero to three runs of our own
    boilerplate wordings put at its end, start or middle, where publishers put paywall boxes and disclaimers.

    The text head otherwise learns content only from whole pages seen as text, where a short line is mostly a menu;
    in an extracted article a short line is mostly a headline or a subhead."""
    lines = [" ".join(line.split()) for line in (page.gold_text or "").splitlines()]
    lines = [line for line in lines if line]
    if len(lines) < 2:
        return None
    rng = random.Random(f"synthetic/{page.source}/{page.id}")
    rows = [(line, 0) for line in lines]
    for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
        run = rng.choice(runs)
        where = rng.random()
        at = len(rows) if where < 0.6 else 0 if where < 0.75 else rng.randint(1, len(rows))
        rows[at:at] = run
    separator = rng.choice(("\n", "\n\n"))  # extractors write paragraphs one a line, or with blank lines between
    text_page = segment(load_document(separator.join(t for t, _ in rows), "text"))
    if len(text_page.segments) != len(rows):  # a joined hard-wrapped line: labels would not line up
        return None
    y = np.array([label for _, label in rows], dtype=np.int8)
    words = np.array([s.words for s in text_page.segments], dtype=np.int32)
    return TrainingPage(
        f"{page.id}#synthetic", page.source, page.group, "text", [t for t, _ in rows], words, y, None, None,
        featurizer.transform(text_page), None, None, None, None, synthetic=True,
    )  # fmt: skip


def load_synthetic(pages: list[TrainingPage], cache: Path, hash_bits: int = DEFAULT_HASH_BITS) -> list[TrainingPage]:
    """One synthetic text page per corpus page with gold text (cached like the sources). Each keeps its page's
    source and site, so cross-validation keeps it on the same side as the page whose gold it reuses."""
    if not OWN_TEXT_TRAIN.is_file():
        return []
    key = hashlib.sha256(OWN_TEXT_TRAIN.read_bytes())
    for p in pages:
        key.update(f"{p.source}/{p.id}/{len(p.gold_text or '')}".encode())
    target = cache_file(cache, Path(f"synthetic-{key.hexdigest()[:12]}"), hash_bits)
    if target.is_file():
        return joblib.load(target)
    runs = boilerplate_runs(OWN_TEXT_TRAIN)
    featurizer = Featurizer(hash_bits)
    made = [synthetic_text_page(p, runs, featurizer) for p in pages if p.gold_text and not p.source.endswith("_train")]
    data = [p for p in made if p is not None]
    cache.mkdir(parents=True, exist_ok=True)
    joblib.dump(data, target)
    return data


def extracted_text_page(lp: LabelledPage, featurizer: Featurizer) -> TrainingPage | None:
    """trafilatura's output of a corpus page as a text page, its lines labelled by the page's gold text or snippets.

    The text head's second use is as a post-filter on another extractor's output; that text is not shaped like a
    whole page (tables come as ``| a | b |`` rows, the menus are mostly gone), and a head trained only on whole
    pages removed table rows and short lines an extractor rightly kept (cleaneval: token F1 0.86 -> 0.70)."""
    from trafilatura import extract

    text = extract(lp.document, include_comments=False, include_tables=True, include_formatting=False) or ""
    if not text.strip():
        return None
    extracted = LabelledPage(
        lp.id + EXTRACTED_SUFFIX, lp.source, text, "text", lp.group, lp.gold_text, lp.with_snippets, lp.without_snippets
    )
    page = featurize(extracted, featurizer)
    page.synthetic = True
    return page if (page.y >= 0).any() else None


def load_extracted(path: Path, cache: Path, hash_bits: int = DEFAULT_HASH_BITS, jobs: int = 1) -> list[TrainingPage]:
    """`extracted_text_page` of every page of a corpus in the shared layout, cached like the sources. Each keeps its
    page's source and site, so cross-validation keeps it on the same side as its page."""
    import trafilatura

    target = cache_file(cache, path, hash_bits)
    target = target.with_name(f"extracted-trafilatura{trafilatura.__version__}-{target.name}")
    if target.is_file():
        return joblib.load(target)
    from tqdm import tqdm

    pages = [lp for lp in read_any(path) if lp.format == "html"]
    made = joblib.Parallel(n_jobs=jobs, batch_size=8)(
        joblib.delayed(extracted_text_page)(lp, Featurizer(hash_bits))
        for lp in tqdm(pages, desc=f"{path.name} (trafilatura)", unit="page")
    )
    data = [p for p in made if p is not None]
    cache.mkdir(parents=True, exist_ok=True)
    joblib.dump(data, target)
    return data


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


def load_source(path: Path, cache: Path, hash_bits: int = DEFAULT_HASH_BITS, jobs: int = 1) -> list[TrainingPage]:
    """All pages of one source, from the cache when the code and data are unchanged."""
    target = cache_file(cache, path, hash_bits)
    if target.is_file():
        return joblib.load(target)
    from tqdm import tqdm

    pages = list(read_any(path))
    data = joblib.Parallel(n_jobs=jobs, batch_size=8)(
        joblib.delayed(featurize)(lp, Featurizer(hash_bits)) for lp in tqdm(pages, desc=path.name, unit="page")
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
    main()
