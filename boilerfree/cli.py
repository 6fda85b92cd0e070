"""Command line: ``boilerfree clean|classify|train|labels|validate|evaluate``, a thin front-end over the API.

Exit codes: 0 all inputs done, 1 some inputs failed (each named on stderr), 2 usage error."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from . import batch
from .blocks import segment
from .clean import label_page
from .corpus import validate_row
from .document import FORMATS, load_document
from .errors import BoilerfreeError, ModelError
from .explain import explain_page
from .labels import LABEL_DESCRIPTIONS
from .learn import DEFAULT_ADAPT_STRENGTH
from .model import Model, load_model
from .peers import PEERS

INPUT_SUFFIXES = batch.PAGE_SUFFIXES


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


def _clean(args: argparse.Namespace, model: Model) -> int:
    """``boilerfree clean``: text of each page to stdout (``==> name <==`` before each when there are several), or
    JSON lines for JSON lines and WARC inputs (and with --json); the streaming is `boilerfree.batch`'s."""
    names = args.inputs
    kinds = {batch.input_kind(n, args.input_format) for n in names if n != "-"}
    if "-" in names:
        kinds.add("page" if args.input_format == "auto" else args.input_format)
    json_output = args.json or args.blocks or bool(kinds & {"jsonl", "warc"})
    several = len(names) > 1 or any(Path(n).is_dir() for n in names if n != "-") or bool(kinds - {"page"})
    if args.resume and not (args.output and json_output):
        print("boilerfree: --resume needs -o FILE and JSON lines output (JSON lines or WARC inputs, or --json)",
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        resume_from = batch.resume_point(args.output) if args.resume else None
        out = open(args.output, "a" if args.resume else "w", encoding="utf-8") if args.output else sys.stdout
    except (batch.ResumeError, OSError) as exc:
        print(f"boilerfree: {exc}", file=sys.stderr)
        return 2
    quiet = args.quiet
    progress = not quiet and (args.progress if args.progress is not None else sys.stderr.isatty())

    def report(record: batch.Record, outcome: batch.Outcome) -> None:
        if not json_output:  # JSON output holds an error record instead
            print(f"boilerfree: {record.name}: {outcome.error}", file=sys.stderr)

    summary = None
    try:
        summary = batch.run(
            names, out, json_output=json_output, model=model if args.jobs == 1 else args.model,
            threshold=args.threshold, format=args.format, input_format=args.input_format,
            html_field=args.html_field, text_field=args.text_field, drop_html=args.drop_html, blocks=args.blocks,
            jobs=args.jobs, resume_from=resume_from, output_name=args.output or "", headers=several and not json_output,
            progress=progress, on_error=report,
        )  # fmt: skip
    except batch.ResumeError as exc:
        print(f"boilerfree: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("boilerfree: interrupted" + (f"; run again with --resume -o {args.output} to go on" if
              args.output and json_output else ""), file=sys.stderr)  # fmt: skip
        return 130
    finally:
        if out is not sys.stdout:
            out.close()
    if not quiet and (json_output or several or args.output):
        print(f"boilerfree: {summary.line()}", file=sys.stderr)
    return 1 if summary.errors else 0


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
    """Classify one input; returns 1 when it failed (the reason is on stderr)."""
    reasons = None
    if error is None:
        try:
            doc = load_document(data, args.format)
            page = segment(doc)
            explained = explain_page(page, model, args.explain) if args.explain else None
            result = [b for b, _ in explained] if explained is not None else label_page(page, model)
            reasons = [r for _, r in explained] if explained is not None else None
            if export is not None and result:
                export.write(json.dumps(export_row(name, doc.format, doc.text, result), ensure_ascii=False) + "\n")
        except BoilerfreeError as exc:
            error = str(exc)
    if error is not None:
        print(f"boilerfree: {name}: {error}", file=sys.stderr)
        return 1
    for i, block in enumerate(result):
        if args.json:
            row = {"input": name, "index": block.index, "label": block.label, "score": round(block.score, 4),
                   "probabilities": {k: round(v, 4) for k, v in block.probabilities.items()},
                   "tag_path": block.tag_path, "text": block.text}  # fmt: skip
            if reasons is not None:
                row["explanation"] = [{"feature": c.feature, "value": round(c.value, 4), "weight": round(c.weight, 4),
                                       "effect": round(c.effect, 4)} for c in reasons[i]]  # fmt: skip
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        else:
            prefix = f"{name}\t" if several else ""
            out.write(f"{prefix}{block.label}\t{block.score:.3f}\t{block.text[: args.width]}\n")
            for c in reasons[i] if reasons is not None else ():
                out.write(f"{prefix}\t{c.effect:+.2f}\t{c.feature} = {c.value:.3g} (weight {c.weight:+.3g})\n")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="boilerfree", description="Remove boilerplate from web and news pages.")
    sub = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("inputs", nargs="+", help="HTML or text files, folders, or '-' for stdin")
    common.add_argument(
        "--format",
        choices=FORMATS,
        default="auto",
        help="extracted: text that an extractor "
        "already reduced to the main content (boilerfree as a post-filter; its own threshold)",
    )
    common.add_argument("--model", help="a model directory (default: the bundled model)")
    p_clean = sub.add_parser(
        "clean", parents=[common], help="print the cleaned main content of pages, JSON lines or WARC files",
        description="Clean pages (files, folders, '-'), JSON lines files ({\"url\": ..., \"html\": ...} a line, "
        ".jsonl[.gz]) and WARC files (.warc[.gz]: HTML responses). Pages print their text; JSON lines and WARC "
        "inputs give one JSON object per record, in input order: the input object plus \"text\", or plus \"error\".",
    )  # fmt: skip
    p_clean.add_argument("-t", "--threshold", type=float, help="keep blocks with P(content) >= this (default: model's)")
    p_clean.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of stdout")
    p_clean.add_argument(
        "--json", action="store_true", help='JSON lines for page files too: {"file": ..., "text": ...}'
    )
    p_clean.add_argument("--blocks", action="store_true", help='JSON output: add "blocks", every block with its label '
                         "and P(content)")  # fmt: skip
    p_clean.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes, each loading the "
                         "model once (default 1); output stays in input order")  # fmt: skip
    p_clean.add_argument("--resume", action="store_true", help="go on with a killed run: keep the complete records "
                         "already in -o FILE and skip that many input records (same inputs, same order)")  # fmt: skip
    p_clean.add_argument("--input-format", choices=batch.INPUT_FORMATS, default="auto", help="read inputs as pages, "
                         "JSON lines or WARC (default auto: by suffix; '-' is a page)")  # fmt: skip
    p_clean.add_argument("--html-field", default="html", metavar="NAME", help="JSON lines: the field holding the "
                         "page (default html; a field of text works too)")  # fmt: skip
    p_clean.add_argument("--text-field", default="text", metavar="NAME", help="JSON output: the field to write the "
                         "cleaned text to (default text)")  # fmt: skip
    p_clean.add_argument("--drop-html", action="store_true", help="JSON lines: leave the page field out of the output")
    p_clean.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None, help="progress bar on "
                         "stderr (default: when stderr is a terminal)")  # fmt: skip
    p_clean.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary line")
    p_classify = sub.add_parser("classify", parents=[common], help="print every block with its label and P(content)")
    p_classify.add_argument("--json", action="store_true", help="JSON lines with all probabilities")
    p_classify.add_argument("--width", type=int, default=100, help="characters of text per row (default 100)")
    p_classify.add_argument(
        "--explain", type=int, nargs="?", const=3, default=0, metavar="N", help="under each block, the N features "
        "(default 3) that pushed its label most: effect = weight x (value - page mean), in log-odds",
    )  # fmt: skip
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
    p_train.add_argument("--strength", type=float, default=DEFAULT_ADAPT_STRENGTH, help="--adapt: how strongly the "
                         f"weights are held at the base model's (default {DEFAULT_ADAPT_STRENGTH:g}; higher: fewer "
                         "changes)")  # fmt: skip
    p_train.add_argument("--quiet", action="store_true", help="no progress bar")
    sub.add_parser("labels", help="list the labels a block can get")
    p_validate = sub.add_parser("validate", help="check block-labelled JSON lines files (datasets/README.md)")
    p_validate.add_argument("files", nargs="+")
    p_evaluate = sub.add_parser("evaluate", help="score boilerfree, and peers, on labelled pages; write a report")
    p_evaluate.add_argument("data", nargs="+", help="corpus folders in the shared layout (pages.jsonl + html/), "
                            "labelled .jsonl files (datasets/README.md) or folders of them")  # fmt: skip
    p_evaluate.add_argument("--model", help="a model directory (default: the bundled model)")
    p_evaluate.add_argument("--compare", type=_peer_names, default=[], metavar="PEER,...", help="peers to run as "
                            f"well ({','.join(PEERS)}, or 'all'); a missing one is skipped")  # fmt: skip
    p_evaluate.add_argument("--report", metavar="FILE.html", help="write the HTML report here")
    p_evaluate.add_argument("--json", metavar="FILE.json", help="write every score, per page too, as JSON here")
    p_evaluate.add_argument("--limit", type=int, metavar="N", help="only the first N pages of each DATA")
    p_evaluate.add_argument("-t", "--threshold", type=float, help="boilerfree keeps blocks with P(content) >= this "
                            "(default: the model's)")  # fmt: skip
    return parser


def _peer_names(value: str) -> list[str]:
    names = list(PEERS) if value.strip() == "all" else [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in PEERS]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown peer {', '.join(unknown)}; choose from {','.join(PEERS)} or all")
    return names


def _evaluate(args: argparse.Namespace) -> int:
    """Print the summary table; write the report and the JSON when asked. Exit 1 when DATA is unreadable."""
    from .evaluate import evaluate
    from .report import write_report

    if args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        print("boilerfree: --threshold must be between 0 and 1", file=sys.stderr)
        return 2
    try:
        result = evaluate(args.data, model=args.model, compare=args.compare, threshold=args.threshold,
                          limit=args.limit, progress=True)  # fmt: skip
        print(result.table())
        if args.report:
            print(f"boilerfree: report written to {write_report(result, args.report)}", file=sys.stderr)
        if args.json:
            Path(args.json).write_text(json.dumps(result.to_dict(), ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"boilerfree: scores written to {args.json}", file=sys.stderr)
    except (BoilerfreeError, OSError) as exc:
        return _failure(exc)
    return 0


def _failure(exc: BoilerfreeError | OSError) -> int:
    """Name a command's error on stderr; the exit code: 2 for an unusable model (a usage error), else 1."""
    if isinstance(exc, OSError):
        print(f"boilerfree: {exc.filename or ''}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"boilerfree: {exc}", file=sys.stderr)
    return 2 if isinstance(exc, ModelError) else 1


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
    except (BoilerfreeError, OSError) as exc:
        return _failure(exc)
    print(f"boilerfree: {'adapted' if args.adapt else 'trained'} on {len(pages)} pages, model written to {args.out}",
          file=sys.stderr)  # fmt: skip
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        return _validate(args.files)
    if args.command == "train":
        return _train(args)
    if args.command == "evaluate":
        return _evaluate(args)
    if args.command == "labels":
        for name, description in LABEL_DESCRIPTIONS.items():
            print(f"{name}\t{description}")
        return 0
    if args.command == "clean" and args.threshold is not None and not 0.0 <= args.threshold <= 1.0:
        print("boilerfree: --threshold must be between 0 and 1", file=sys.stderr)
        return 2
    if args.command == "clean" and args.jobs < 1:
        print("boilerfree: --jobs must be 1 or more", file=sys.stderr)
        return 2
    try:
        model = load_model(args.model)
    except BoilerfreeError as exc:
        print(f"boilerfree: {exc}", file=sys.stderr)
        return 2
    try:
        return _clean(args, model) if args.command == "clean" else _run(args, model)
    except BrokenPipeError:  # `boilerfree clean ... | head`
        return 0


if __name__ == "__main__":
    sys.exit(main())
