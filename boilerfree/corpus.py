"""Readers for labelled data: corpora in the shared layout (``pages.jsonl`` + ``html/*.html.gz``, gold text and
with/without snippets) and this project's own block-labelled JSON lines (see ``datasets/README.md``).

Both yield `LabelledPage` records, streamed one at a time, so a large corpus never sits in memory whole.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from .errors import InputError
from .labels import LABELS


@dataclass
class LabelledPage:
    """One page and what is known of its main content: gold text, snippets, or per-block labels."""

    id: str
    source: str
    document: str  # HTML or plain text
    format: str  # "html" or "text"
    group: str  # the site or publisher: cross-validation folds never split a group
    gold_text: str | None = None
    with_snippets: list[str] | None = None
    without_snippets: list[str] | None = None
    block_labels: list[tuple[str, str]] | None = None  # (text, label) in document order
    extra: dict = field(default_factory=dict)


def site_of(url: str | None, fallback: str) -> str:
    """The host of a URL without 'www.', or ``fallback`` when there is no URL."""
    if not url:
        return fallback
    host = urlsplit(url).hostname or ""
    return host[4:] if host.startswith("www.") else host or fallback


def is_shared_layout(path: Path) -> bool:
    return (path / "pages.jsonl").is_file()


def read_shared_corpus(folder: Path, limit: int | None = None) -> Iterator[LabelledPage]:
    """Pages of a corpus in the shared layout; pages whose HTML file is missing are skipped."""
    folder = Path(folder)
    with open(folder / "pages.jsonl", encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if limit is not None and n >= limit:
                return
            row = json.loads(line)
            path = folder / row["html_file"]
            if not path.is_file():
                continue
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            yield LabelledPage(
                id=row["id"], source=row.get("source") or folder.name, document=data.decode("utf-8", "replace"),
                format="html", group=page_group(row), gold_text=row.get("gold_text"), with_snippets=row.get("with"),
                without_snippets=row.get("without"), extra=row.get("extra") or {},
            )  # fmt: skip


def page_group(row: dict) -> str:
    """The publisher or site of a row of pages.jsonl: fundus has one page per publisher, the others a URL."""
    if row.get("source") == "fundus":
        return row["id"]
    return site_of(row.get("url"), (row.get("extra") or {}).get("domain") or row["id"])


def read_labelled_jsonl(path: Path) -> Iterator[LabelledPage]:
    """Pages of this project's block-labelled format; a bad row raises InputError with its line number."""
    path = Path(path)
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            problems = validate_row(line)
            if problems:
                raise InputError(f"{path}:{number}: {'; '.join(problems)}")
            row = json.loads(line)
            fmt = row.get("format", "text")
            yield LabelledPage(
                id=row["id"], source=path.stem, document=row["html"] if fmt == "html" else _text_of(row["blocks"]),
                format=fmt, group=row.get("publisher") or row["id"],
                block_labels=[(b["text"], b["label"]) for b in row["blocks"]], extra={"lang": row.get("lang")},
            )  # fmt: skip


def _text_of(blocks: list[dict]) -> str:
    return "\n".join(b["text"] for b in blocks)


def validate_row(line: str) -> list[str]:
    """What is wrong with one line of the labelled format (empty list: nothing)."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        return [f"not JSON: {exc.msg}"]
    if not isinstance(row, dict):
        return ["a row must be a JSON object"]
    problems = []
    if not isinstance(row.get("id"), str) or not row.get("id"):
        problems.append("'id' must be a non-empty string")
    fmt = row.get("format", "text")
    if fmt not in ("text", "html"):
        problems.append(f"'format' must be 'text' or 'html', not {fmt!r}")
    if fmt == "html" and not isinstance(row.get("html"), str):
        problems.append("an html row needs an 'html' string")
    blocks = row.get("blocks")
    if not isinstance(blocks, list) or not blocks:
        problems.append("'blocks' must be a non-empty list")
        return problems
    for i, block in enumerate(blocks):
        if not isinstance(block, dict) or not isinstance(block.get("text"), str) or not block["text"].strip():
            problems.append(f"blocks[{i}] needs a non-empty 'text'")
        elif block.get("label") not in LABELS:
            problems.append(f"blocks[{i}] label {block.get('label')!r} is not one of {', '.join(LABELS)}")
    return problems


def read_any(path: Path, limit: int | None = None) -> Iterator[LabelledPage]:
    """A shared-layout folder, a labelled .jsonl file, or a folder of labelled .jsonl files."""
    path = Path(path)
    if path.is_dir() and is_shared_layout(path):
        yield from read_shared_corpus(path, limit)
    elif path.is_dir():
        for file in sorted(path.glob("*.jsonl")):
            yield from read_labelled_jsonl(file)
    elif path.suffix == ".jsonl":
        yield from read_labelled_jsonl(path)
    else:
        raise InputError(f"{path}: not a corpus folder (pages.jsonl) nor a labelled .jsonl file")
