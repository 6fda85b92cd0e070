"""Assemble the third round of training text pages (ids ``tr3-…``) from hand-written pieces and append them to
``text_train.jsonl``.

Every article line and every boilerplate line is in ``tr3_pieces/<lang>.txt``, written by hand for this project
(invented publishers, people and stories; nothing copied from a web page or from ../shared/corpora). This script
only puts pages together from those pieces, deterministically (fixed seed, no clock, no set ordering), so a rerun
rewrites ``text_train.jsonl`` byte for byte: it drops the ``tr3-`` rows already there and appends them again.

Pieces file syntax (one file per language, UTF-8):

- ``# ...`` comment; blank lines are ignored.
- ``@pub LOCALE SLUG Publisher Name``: an invented publisher of that language.
- ``@article KEY``: the lines that follow, up to the next ``@``, are one article, one block per line, all
  ``content`` (headline first; subheadings, quotes, datelines, list items and Q&A questions are lines too).
- ``@kit KIND``: the lines that follow are wordings of one kind of boilerplate, variants separated by ``--``.
  Each line is ``CODE text`` with CODE P paywall, R pricing, D disclaimer, M promo, N navigation, O other.
  A variant may start with ``= LOCALE``: it is then used only by publishers of that locale (e.g. plan cards in
  the local currency); untagged variants serve the other publishers. ``{pub}`` is replaced by the publisher name.

Each publisher keeps one wording per kind (chosen by its position among the language's publishers), so its pages
look like one site. Each article is used by up to three publishers of its language; on reuse some of its body
lines are dropped. Page shapes: no boilerplate, one or two boilerplate pieces, a standard page (menus, byline,
date, ads and links between paragraphs, tail, footer), a wall that cuts the article (sometimes the text goes on
after it, as when an overlay's text is extracted with the page), and a mostly-boilerplate page around a short
article.

usage: python datasets/labelled/make_tr3.py [--dry-run]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from boilerfree.blocks import segment_text  # noqa: E402

SEED = 3
PIECES = HERE / "tr3_pieces"
TRAIN = HERE / "text_train.jsonl"
PREFIX = "tr3-"
CODES = {"P": "paywall", "R": "pricing", "D": "disclaimer", "M": "promo", "N": "navigation", "O": "other"}
KINDS = ("cookie", "menu", "crumb", "byline", "date", "readtime", "tools", "ad", "inline", "meter", "wall", "plans",
         "disc", "tail", "footer")  # fmt: skip
SHAPES = {"clean": 0.12, "minimal": 0.16, "standard": 0.30, "wall": 0.28, "heavy": 0.14}
MAX_USES = 3


@dataclass
class Publisher:
    locale: str
    slug: str
    name: str
    index: int


@dataclass
class Pieces:
    lang: str
    publishers: list[Publisher] = field(default_factory=list)
    articles: list[tuple[str, list[str]]] = field(default_factory=list)
    kits: dict[str, list[tuple[str | None, list[tuple[str, str]]]]] = field(default_factory=dict)


def parse(path: Path) -> Pieces:
    pieces = Pieces(path.stem)
    section: tuple[str, str] | None = None
    variant: list[tuple[str, str]] = []
    tag: str | None = None

    def close_variant() -> None:
        nonlocal variant, tag
        if section and section[0] == "kit" and variant:
            pieces.kits.setdefault(section[1], []).append((tag, variant))
        variant, tag = [], None

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = " ".join(raw.split())
        where = f"{path.name}:{number}"
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            close_variant()
            word, _, rest = line[1:].partition(" ")
            if word == "pub":
                locale, slug, name = rest.split(" ", 2)
                pieces.publishers.append(Publisher(locale, slug, name, len(pieces.publishers)))
                section = None
            elif word == "article":
                pieces.articles.append((rest, []))
                section = ("article", rest)
            elif word == "kit":
                if rest not in KINDS:
                    raise SystemExit(f"{where}: unknown kit {rest!r}")
                section = ("kit", rest)
            else:
                raise SystemExit(f"{where}: unknown directive {line!r}")
            continue
        if section is None:
            raise SystemExit(f"{where}: text outside a section")
        if section[0] == "article":
            pieces.articles[-1][1].append(line)
        elif line == "--":
            close_variant()
        elif line.startswith("= "):
            tag = line[2:]
        else:
            code, _, text = line.partition(" ")
            if code not in CODES or not text:
                raise SystemExit(f"{where}: expected 'CODE text', got {line!r}")
            variant.append((CODES[code], text))
    close_variant()
    return pieces


def kit_of(pieces: Pieces, pub: Publisher):
    """The publisher's wording of each kind: kind -> list of (label, text), [] when the language has none."""

    def kit(kind: str, second: bool = False) -> list[tuple[str, str]]:
        variants = pieces.kits.get(kind, [])
        own = [v for t, v in variants if t == pub.locale] or [v for t, v in variants if t is None]
        if not own:
            return []
        i = (pub.index + KINDS.index(kind) + (1 if second else 0)) % len(own)
        return [(label, text.replace("{pub}", pub.name)) for label, text in own[i]]

    return kit


def content(lines: list[str]) -> list[tuple[str, str]]:
    return [("content", line) for line in lines]


def build(rng: random.Random, kit, lines: list[str], shape: str) -> list[tuple[str, str]]:
    head, body = lines[:1], lines[1:]
    blocks: list[tuple[str, str]] = []
    if shape == "clean":
        return content(lines)
    if shape == "minimal":
        small = ["byline", "date", "readtime", "ad", "tools", "meter", "footer", "inline"]
        kinds = rng.sample(small, rng.choice([1, 2]))
        top = [b for k in kinds if k in ("byline", "date", "readtime") for b in kit(k)]
        blocks = content(head) + top
        mid = [b for k in kinds if k in ("ad", "inline") for b in kit(k)]
        cut = rng.randint(1, max(1, len(body) - 1))
        blocks += content(body[:cut]) + mid + content(body[cut:])
        if "meter" in kinds:
            blocks = kit("meter") + blocks
        blocks += [b for k in kinds if k in ("tools", "footer") for b in kit(k)]
        return blocks
    if shape in ("standard", "wall", "heavy"):
        if rng.random() < (0.5 if shape == "standard" else 0.7):
            blocks += kit("cookie")
        if rng.random() < 0.75:
            blocks += kit("menu")
        if rng.random() < (0.3 if shape == "standard" else 0.6):
            blocks += kit("crumb")
        if shape != "standard" and rng.random() < 0.5:
            blocks += kit("meter")
        blocks += content(head)
        disc_done = shape == "heavy" and rng.random() < 0.5
        if disc_done:
            blocks += kit("disc")
        meta = [k for k in ("byline", "date", "readtime", "tools") if rng.random() < 0.7]
        meta_blocks = [b for k in meta for b in kit(k)]
        if body and rng.random() < 0.5:  # standfirst before the byline
            blocks += content(body[:1])
            body = body[1:]
        blocks += meta_blocks
        if shape == "heavy":
            body = body[: rng.randint(1, 3)]
        if shape == "wall":
            cut = rng.randint(1, max(1, min(4, len(body) - 1)))
            blocks += content(body[:cut])
            if rng.random() < 0.3:
                blocks += kit("ad")
            blocks += kit("wall")
            if rng.random() < 0.7:
                blocks += kit("plans")
            if rng.random() < 0.25:  # the overlay's text extracted with the rest of the article
                blocks += content(body[cut:])
        else:
            slots = []
            if len(body) > 1:
                slots = sorted(rng.sample(range(1, len(body)), min(len(body) - 1, rng.randint(1, 3))))
            pos, inline_used = 0, False
            for n, slot in enumerate(slots):
                blocks += content(body[pos:slot])
                if inline_used or rng.random() < 0.6:
                    blocks += kit("ad", second=n % 2 == 1)
                else:
                    blocks += kit("inline")
                    inline_used = True
                pos = slot
            blocks += content(body[pos:])
            if shape == "heavy":
                blocks += kit("wall") + kit("plans")
        if shape != "wall" and rng.random() < 0.3:  # a share bar after the article too
            blocks += kit("tools", second=True)
        if not disc_done and rng.random() < (0.25 if shape == "standard" else 0.5):
            blocks += kit("disc")
        if rng.random() < (0.5 if shape == "standard" else 0.6):
            blocks += kit("tail")
        if rng.random() < 0.7:
            blocks += kit("footer")
        return blocks
    raise ValueError(shape)


def drop_some(rng: random.Random, lines: list[str]) -> list[str]:
    """A reused article: keep the headline, drop about a quarter of the other lines."""
    keep = [line for line in lines[1:] if rng.random() >= 0.25]
    return lines[:1] + (keep or lines[1:2])


def pages() -> list[dict]:
    rows = []
    for path in sorted(PIECES.glob("*.txt")):
        pieces = parse(path)
        pubs = pieces.publishers
        counters: Counter = Counter()
        uses = min(MAX_USES, len(pubs))
        for i, (key, lines) in enumerate(pieces.articles):
            for u in range(uses):
                pub = pubs[(i + u) % len(pubs)]
                counters[pub.slug] += 1
                page_id = f"{PREFIX}{pieces.lang}-{pub.slug}-{counters[pub.slug]:03d}"
                rng = random.Random(f"{SEED}/{page_id}/{key}")
                shape = rng.choices(list(SHAPES), weights=list(SHAPES.values()))[0]
                blocks = build(rng, kit_of(pieces, pub), drop_some(rng, lines) if u else lines, shape)
                rows.append({
                    "id": page_id, "lang": pieces.lang, "locale": pub.locale, "publisher": pub.name,
                    "format": "text", "blocks": [{"text": t, "label": label} for label, t in blocks],
                })  # fmt: skip
    return rows


def check(rows: list[dict]) -> None:
    """The README's invariant: the page's text, segmented, gives back exactly its blocks."""
    bad = 0
    for row in rows:
        texts = [b["text"] for b in row["blocks"]]
        got = [s.text for s in segment_text("\n".join(texts)).segments]
        if got != texts:
            bad += 1
            for a, b in zip(got, texts):
                if a != b:
                    print(f"{row['id']}: segment_text joins {b!r} into {a!r}", file=sys.stderr)
                    break
    labels: dict[str, set[str]] = {}
    for row in rows:
        for b in row["blocks"]:
            labels.setdefault(b["text"], set()).add(b["label"])
    for text, seen in labels.items():
        if len(seen) > 1:
            print(f"same text with labels {sorted(seen)}: {text!r}", file=sys.stderr)
            bad += 1
    if bad:
        raise SystemExit(f"{bad} problems")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="check and count, do not write")
    args = parser.parse_args()
    rows = pages()
    check(rows)
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids))
    by_label = Counter(b["label"] for r in rows for b in r["blocks"])
    by_lang = Counter(r["lang"] for r in rows)
    blocks_lang = Counter()
    for r in rows:
        blocks_lang[r["lang"]] += len(r["blocks"])
    print(f"{len(rows)} pages, {sum(by_label.values())} blocks")
    print("blocks per label: " + ", ".join(f"{k} {v}" for k, v in by_label.most_common()))
    print("pages (blocks) per language: " + ", ".join(f"{k} {v} ({blocks_lang[k]})" for k, v in by_lang.most_common()))
    print("locales: " + ", ".join(f"{k} {v}" for k, v in sorted(Counter(r["locale"] for r in rows).items())))
    if args.dry_run:
        return
    kept = [line for line in TRAIN.read_text(encoding="utf-8").splitlines(keepends=True)
            if not json.loads(line)["id"].startswith(PREFIX)]  # fmt: skip
    new = [json.dumps(r, ensure_ascii=False) + "\n" for r in rows]
    TRAIN.write_text("".join(kept + new), encoding="utf-8")
    print(f"{TRAIN.name}: {len(kept)} earlier rows + {len(new)} {PREFIX} rows")


if __name__ == "__main__":
    main()
