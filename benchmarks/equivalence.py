"""Do two versions of boilerfree give identical output? Per-page digests of every stage, written and compared.

A speed-up must not change what the shipped model sees: the segments and element table, the feature matrix (float32
values and columns, bit for bit), the hashed tokens, and the labels and scores. This script digests each of them per
page (sha256), so a run of the code before a change and a run after it can be compared page by page and stage by
stage. Pages: ~400 spread over the four corpora of ../shared/corpora (HTML mode), the gold text of the same pages
(text mode), the pages of datasets/labelled/*.jsonl, and a few synthetic edge cases (deep nesting, hidden elements,
schema.org paywall markup, surrogates). Nothing of the corpora is written but digests.

usage: PYTHONPATH=/tmp/speed-ref python benchmarks/equivalence.py run /tmp/before.json   # the code before
       python benchmarks/equivalence.py run /tmp/after.json                              # the code after
       python benchmarks/equivalence.py compare /tmp/before.json /tmp/after.json         # exit 1 if any differ
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

import boilerfree
from boilerfree.blocks import segment
from boilerfree.clean import label_page
from boilerfree.corpus import read_labelled_jsonl, read_shared_corpus
from boilerfree.document import load_document
from boilerfree.errors import BoilerfreeError
from boilerfree.model import load_model

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
DEFAULT_CORPORA = ("fundus", "cleaneval", "wcxb-dev", "trafilatura-eval")
STAGES = ("segments", "elements", "matrix", "tokens", "labels")

_DEEP = "<div>" * 1100 + "deep <p>text</p> tail" + "</div>" * 1100
SYNTHETIC = {
    "empty": "",
    "whitespace": "  \n\t ",
    "text-wrapped": "A hard-wrapped paragraph that runs on past forty characters\nand goes on in lower case.\n\nNext.",
    "deep": f"<html><body><p>top</p>{_DEEP}<p>after</p></body></html>",
    "hidden": '<html><body><div style="display: none">gone</div><p hidden>gone</p><p aria-hidden="true">x</p>'
    '<p style="color:red">kept, with <a href="#">a link</a> inside and a tail.</p></body></html>',
    "schema-paywall": '<html><head><title>A headline</title><script type="application/ld+json">'
    '{"isAccessibleForFree": "False", "hasPart": {"cssSelector": ".paywall, #locked"}}</script></head><body>'
    '<h1>A headline</h1><p>Free text of the article, long enough to be prose.</p><div class="paywall">'
    "<p>Subscribe to continue reading for $4.99/month.</p></div><div id=locked><p>Locked</p></div></body></html>",
    "surrogate": "<html><body><p>broken \ud800 surrogate and a NUL \x00 here</p><p>© 2024 all rights</p></body></html>",
    "cjk": "<html><body><p>有料会員限定の記事です。続きを読むにはログインしてください。</p>"
    "<nav><a>首页</a></nav></body></html>",
    "attributes": '<html><body><div class="ArticleBody mainContent" id="storyText" role="main" itemprop="articleBody">'
    '<p class="x">A paragraph in a marked body, with, commas.</p></div><menu><li>Home</li></menu>'
    '<div role="navigation" class="nav"><br>Next<br>Previous</div></body></html>',
}


def pages(per_corpus: int, labelled: Path) -> Iterator[tuple[str, str, str]]:
    """(key, document, format): corpus pages as HTML, their gold text as text, labelled pages, synthetic cases."""
    gold: list[tuple[str, str]] = []
    for name in DEFAULT_CORPORA:
        folder = CORPORA / name
        total = sum(1 for _ in open(folder / "pages.jsonl", encoding="utf-8"))
        step = max(total // per_corpus, 1)
        taken = 0
        for n, page in enumerate(read_shared_corpus(folder)):
            if n % step or taken >= per_corpus:
                continue
            taken += 1
            yield f"{name}/{page.id}", page.document, "html"
            if page.gold_text:
                gold.append((f"gold:{name}/{page.id}", page.gold_text))
    for key, text in gold:
        yield key, text, "text"
    for path in sorted(labelled.glob("*.jsonl")):
        for page in read_labelled_jsonl(path):
            yield f"{path.stem}/{page.id}", page.document, page.format
    for key, document in SYNTHETIC.items():
        yield f"synthetic/{key}", document, "auto"


def _sha(*parts: object) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass"))
        digest.update(b"\x1f")
    return digest.hexdigest()


def _matrix_sha(X) -> str:
    X = X.tocsr()
    return _sha(
        X.shape,
        str(X.dtype),
        X.data.tobytes(),
        X.indices.astype(np.int64).tobytes(),
        X.indptr.astype(np.int64).tobytes(),
    )


def digest_page(document: str, fmt: str, model) -> dict[str, str]:
    """sha256 of every stage's output for one page (or of the error it raises)."""
    try:
        page = segment(load_document(document, fmt))
    except BoilerfreeError as exc:
        return {"error": _sha(type(exc).__name__, str(exc))}
    segments = [
        (s.text, s.index, s.owner, s.tag, s.words, s.link_chars, s.heading, s.flags, s.blank_before)
        for s in page.segments
    ]
    out = {"segments": _sha(page.format, segments, page.titles)}
    el = page.elements
    if el is not None:
        out["elements"] = _sha(el.tag, el.parent, el.tokens, el.words, el.link_words, el.blocks, el.flags)
    X, tokens = model.featurizer.transform_with_tokens(page)
    # the matrix the model reads (transform, which hashes the DOM tokens piece by piece), and a stage of its own
    # only if the matrix of transform_with_tokens differs from it
    out["matrix"] = _matrix_sha(model.featurizer.transform(page))
    with_tokens = _matrix_sha(X)
    if with_tokens != out["matrix"]:
        out["matrix_with_tokens"] = with_tokens
    # "ca:" tokens (farther ancestors' class/id tokens) come out of a set, in an order that changes with the
    # interpreter's string hash seed: compared as a set, the other tokens in order
    out["tokens"] = _sha(
        [([t for t in ts if not t.startswith("ca:")], sorted(t for t in ts if t.startswith("ca:"))) for ts in tokens]
    )
    blocks = label_page(page, model)
    out["labels"] = _sha([(b.label, round(b.score, 6), b.tag_path) for b in blocks])
    return out


def run(out_path: Path, per_corpus: int, labelled: Path) -> None:
    model = load_model()
    result: dict[str, dict[str, str]] = {}
    start = time.perf_counter()
    for key, document, fmt in pages(per_corpus, labelled):
        result[key] = digest_page(document, fmt, model)
    meta = {"boilerfree": boilerfree.__file__, "pages": len(result), "seconds": round(time.perf_counter() - start, 1)}
    out_path.write_text(json.dumps({"meta": meta, "pages": result}, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(result)} pages digested in {meta['seconds']} s with {meta['boilerfree']} -> {out_path}")


def compare(before_path: Path, after_path: Path) -> int:
    before = json.loads(before_path.read_text(encoding="utf-8"))["pages"]
    after = json.loads(after_path.read_text(encoding="utf-8"))["pages"]
    keys = sorted(set(before) | set(after))
    differing = []
    for key in keys:
        a, b = before.get(key), after.get(key)
        if a != b:
            stages = sorted(s for s in set(a or {}) | set(b or {}) if (a or {}).get(s) != (b or {}).get(s))
            differing.append((key, stages))
    for key, stages in differing:
        print(f"DIFFERS {key}: {', '.join(stages)}")
    print(f"{len(keys)} pages compared, {len(differing)} differing")
    return 1 if differing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="digest every page with the boilerfree on the import path")
    r.add_argument("out", type=Path)
    r.add_argument("--per-corpus", type=int, default=100)
    r.add_argument(
        "--labelled", type=Path, default=ROOT / "datasets" / "labelled", help="a copy, if it changes meanwhile"
    )
    c = sub.add_parser("compare", help="list the pages whose digests differ")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    if args.command == "run":
        run(args.out, args.per_corpus, args.labelled)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
