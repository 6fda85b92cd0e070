"""Command line: ``boilerfree clean|classify|train|labels|validate``, a thin front-end over the API.

Exit codes: 0 all inputs done, 1 some inputs failed (each named on stderr), 2 usage error."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from .blocks import segment
from .clean import clean, label_page
from .corpus import validate_row
from .document import load_document
from .errors import BoilerfreeError, ModelError
from .labels import LABEL_DESCRIPTIONS
from .model import Model, load_model

INPUT_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".text")


def _inputs(names: list[str]) -> Iterator[tuple[str, bytes | None, str | None]]:
    """(name, data, error) for every input: '-' is stdin, a folder gives its pages (recursively)."""
    for name in names:
        if name == "-":
            yield "-", sys.stdin.buffer.read(), None
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES)
            if not files:
                yield name, None, f"no {'/'.join(INPUT_SUFFIXES)} files in this folder"
            for file in files:
                yield from _read(file)
        else:
            yield from _read(path)


def _read(path: Path) -> Iterator[tuple[str, bytes | None, str | None]]:
    try:
        yield str(path), path.read_bytes(), None
    except OSError as exc:
        yield str(path), None, exc.strerror or str(exc)


def export_row(name: str, fmt: str, source: str, blocks: list) -> dict:
    """One row of the labelled training format (datasets/README.md) holding the model's current labels; the score
    helps a user find the doubtful rows to check first."""
    row = {"id": name, "format": fmt, "source_file": name}
    if fmt == "html":
        row["html"] = source
    row["blocks"] = [{"text": b.text, "label": b.label, "score": round(b.score, 3)} for b in blocks]
    return row


def _run(args: argparse.Namespace, model: Model) -> int:
    failed = 0
    names = args.inputs
    several = len(names) > 1 or any(Path(n).is_dir() for n in names if n != "-")
    out = sys.stdout
    export = open(args.export, "w", encoding="utf-8") if getattr(args, "export", None) else None
    try:
        for name, data, error in _inputs(names):
            failed += _one(args, model, name, data, error, several, out, export)
    finally:
        if export is not None:
            export.close()
    return 1 if failed else 0


def _one(args, model: Model, name: str, data: bytes | None, error: str | None, several: bool, out, export) -> int:
    """Clean or classify one input; returns 1 when it failed (the reason is on stderr)."""
    if error is None:
        try:
            if args.command == "clean":
                result = clean(data, threshold=args.threshold, format=args.format, model=model)
            else:
                doc = load_document(data, args.format)
                result = label_page(segment(doc), model)
                if export is not None and result:
                    export.write(json.dumps(export_row(name, doc.format, doc.text, result), ensure_ascii=False) + "\n")
        except BoilerfreeError as exc:
            error = str(exc)
    if error is not None:
        print(f"boilerfree: {name}: {error}", file=sys.stderr)
        return 1
    if args.command == "clean":
        if several:
            out.write(f"==> {name} <==\n")
        out.write(result + ("\n" if result else ""))
        return 0
    for block in result:
        if args.json:
            row = {"input": name, "index": block.index, "label": block.label, "score": round(block.score, 4),
                   "probabilities": {k: round(v, 4) for k, v in block.probabilities.items()},
                   "tag_path": block.tag_path, "text": block.text}  # fmt: skip
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            prefix = f"{name}\t" if several else ""
            out.write(f"{prefix}{block.label}\t{block.score:.3f}\t{block.text[: args.width]}\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="boilerfree", description="Remove boilerplate from web and news pages.")
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("inputs", nargs="+", help="HTML or text files, folders, or '-' for stdin")
    common.add_argument("--format", choices=("auto", "html", "text"), default="auto")
    common.add_argument("--model", help="a model directory (default: the bundled model)")
    p_clean = sub.add_parser("clean", parents=[common], help="print the cleaned main content")
    p_clean.add_argument("-t", "--threshold", type=float, help="keep blocks with P(content) >= this (default: model's)")
    p_classify = sub.add_parser("classify", parents=[common], help="print every block with its label and P(content)")
    p_classify.add_argument("--json", action="store_true", help="JSON lines with all probabilities")
    p_classify.add_argument("--width", type=int, default=100, help="characters of text per row (default 100)")
    p_classify.add_argument(
        "--export", metavar="FILE", help="also write the labels in the training format: fix the wrong ones in any "
        "editor, then `boilerfree train FILE`",
    )  # fmt: skip
    p_train = sub.add_parser("train", help="train a model on labelled pages, or adapt one to them (--adapt)")
    p_train.add_argument("data", nargs="+", help="labelled .jsonl files (datasets/README.md), folders of them, or "
                         "corpus folders in the shared layout (pages.jsonl + html/)")  # fmt: skip
    p_train.add_argument("-o", "--out", required=True, help="directory to write the model to")
    p_train.add_argument("--adapt", action="store_true", help="adapt the base model (--model, default: the bundled "
                         "one) to the pages instead of training from scratch")  # fmt: skip
    p_train.add_argument("--model", help="base model for --adapt (default: the bundled model)")
    p_train.add_argument("--strength", type=float, default=0.1, help="--adapt: how strongly the weights are held "
                         "at the base model's (default 0.1; higher: fewer changes)")  # fmt: skip
    p_train.add_argument("--quiet", action="store_true", help="no progress bar")
    sub.add_parser("labels", help="list the labels a block can get")
    p_validate = sub.add_parser("validate", help="check block-labelled JSON lines files (datasets/README.md)")
    p_validate.add_argument("files", nargs="+")
    return parser


def _validate(files: list[str]) -> int:
    """Print every bad row as FILE:LINE: problem; exit 1 when there is one."""
    bad = 0
    for name in files:
        try:
            lines = Path(name).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            print(f"{name}: {exc}", file=sys.stderr)
            bad += 1
            continue
        seen: dict[str, int] = {}
        bad_here = 0
        for number, line in enumerate(lines, 1):
            if not line.strip():
                continue
            problems = validate_row(line)
            if not problems:
                row_id = json.loads(line)["id"]
                if row_id in seen:
                    problems = [f"id {row_id!r} repeats line {seen[row_id]}"]
                seen[row_id] = number
            for problem in problems:
                print(f"{name}:{number}: {problem}")
            bad_here += bool(problems)
        bad += bad_here
        print(f"{name}: {len(seen)} good rows, {bad_here} bad", file=sys.stderr)
    return 1 if bad else 0


def _train(args: argparse.Namespace) -> int:
    from .corpus import read_any
    from .learn import train

    try:
        base = load_model(args.model) if args.adapt else None
        pages = [lp for name in args.data for lp in read_any(Path(name))]
        model = train(pages, base, strength=args.strength, progress=not args.quiet)
        model.save(args.out)
    except BoilerfreeError as exc:
        print(f"boilerfree: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, ModelError) else 1
    except OSError as exc:
        print(f"boilerfree: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"boilerfree: {'adapted' if args.adapt else 'trained'} on {len(pages)} pages, model written to {args.out}",
          file=sys.stderr)  # fmt: skip
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return _validate(args.files)
    if args.command == "train":
        return _train(args)
    if args.command == "labels":
        for name, description in LABEL_DESCRIPTIONS.items():
            print(f"{name}\t{description}")
        return 0
    if args.command == "clean" and args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        print("boilerfree: --threshold must be between 0 and 1", file=sys.stderr)
        return 2
    try:
        model = load_model(args.model)
    except BoilerfreeError as exc:
        print(f"boilerfree: {exc}", file=sys.stderr)
        return 2
    try:
        return _run(args, model)
    except BrokenPipeError:  # `boilerfree clean ... | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
