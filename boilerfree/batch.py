"""Batch cleaning: many pages from files, folders, JSON lines or WARC files, streamed through one model.

Records are read one at a time and cleaned in order, in this process or in ``jobs`` worker processes (each loads
the model once) with a bounded number of pages in flight, so memory stays flat however long the input is. Every
record read is accounted for: cleaned, empty, or an error record naming the reason; WARC records that hold no HTML
page (requests, metadata, images, redirects) are skipped and counted. Whatever can be done per record is done where
the record is cleaned (`clean_record`): a worker decodes its JSON line and builds its output line, so the parent
process, which shares the cores with the workers, only reads lines, hands them out and writes what comes back. From
a regular, uncompressed file (JSON lines or a page file) the parent does not even send the page: only where it is
(path, offset, length, `Record.at`), and the worker reads it there, which spares the parent ~100 KB of pickling and
pipe writing a page. Stdin, gzip and WARC inputs are sent as read.

Output is one JSON object a line, in input order, so a run killed half way can be resumed: the output's complete
lines are the first records of the input (`resume_point`), as common crawl processing tools resume by offset.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import re
import stat
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import IO, Any

from .blocks import segment
from .clean import clean, label_page
from .document import load_document
from .errors import BoilerfreeError, InputError
from .model import Model, load_model

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".text")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
INPUT_FORMATS = ("auto", "page", "jsonl", "warc")
IN_FLIGHT_PER_JOB = 8  # pages queued per worker: enough to keep it busy, few enough to keep memory flat
PAGES_PER_TASK = 8  # records sent to a worker in one message: a message and its answer cost ~0.3 ms of CPU
HTML_TYPES = ("text/html", "application/xhtml+xml")


class ResumeError(BoilerfreeError):
    """The output file cannot be resumed from: it is not this run's output, or not JSON lines."""


@dataclass
class Record:
    """One page to clean, as read from an input.

    ``name`` says where it came from in messages (a path, a URL, FILE:LINE); ``fields`` is what the JSON output
    repeats (the input object of a JSON line, the URL and record id of a WARC record, the path of a file);
    ``page_field`` names the field of ``fields`` that holds the page (left out of error records); ``error`` is set
    when the record could not be read; ``skipped`` when it is not a page (WARC requests, metadata, non-HTML
    responses), so it is counted but not written. ``line`` is a JSON line not decoded yet (``name`` is then FILE:LINE
    and ``page_field`` the field to read the page from): `decoded` gives the record it holds. ``at`` is where a
    record not read yet is, (path, offset, length), a length of -1 for a whole page file: `decoded` reads it.
    """

    name: str
    source: str | bytes | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    skipped: str | None = None
    page_field: str | None = None
    line: str | None = None
    at: tuple[str, int, int] | None = None


@dataclass(frozen=True)
class Outcome:
    """What cleaning one record gave: the text, or the reason it failed; ``blocks`` when they were asked for.
    ``written``: what is written for the record, when an `OutputFormat` was given (the blocks are then only there)."""

    text: str = ""
    error: str | None = None
    blocks: list[dict[str, Any]] | None = None
    written: str | None = None

    @property
    def status(self) -> str:
        return "error" if self.error is not None else "cleaned" if self.text else "empty"


@dataclass
class Summary:
    """Counts of one run; ``line()`` is the one-line summary printed at the end."""

    cleaned: int = 0
    empty: int = 0
    errors: int = 0
    skipped: int = 0
    resumed: int = 0  # records already in the output before this run
    seconds: float = 0.0

    @property
    def records(self) -> int:
        return self.cleaned + self.empty + self.errors

    def add(self, outcome: Outcome) -> None:
        if outcome.error is not None:
            self.errors += 1
        elif outcome.text:
            self.cleaned += 1
        else:
            self.empty += 1

    def line(self) -> str:
        rate = f", {self.records / self.seconds:.1f} pages/s" if self.seconds > 0 and self.records else ""
        parts = [f"{_count(self.records, 'record')}: {self.cleaned:,} cleaned, {self.empty:,} empty, "
                 f"{_count(self.errors, 'error')}"]  # fmt: skip
        if self.skipped:
            parts.append(f"{_count(self.skipped, 'WARC record')} skipped (not an HTML page)")
        if self.resumed:
            parts.append(f"resumed after {_count(self.resumed, 'record')} already in the output")
        return "; ".join(parts) + f" ({self.seconds:.1f} s{rate})"


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


# -- reading ---------------------------------------------------------------------------------------------------------


def input_kind(name: str, input_format: str = "auto") -> str:
    """The kind of an input, "page", "jsonl" or "warc": by ``input_format`` unless "auto", then by suffix."""
    if input_format != "auto":
        return input_format
    lower = name.lower()
    if lower.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lower.endswith(WARC_SUFFIXES):
        return "warc"
    return "page"


def read_inputs(
    names: Iterable[str],
    input_format: str = "auto",
    html_field: str = "html",
    stdin: IO[bytes] | None = None,
    decode: bool = True,
    in_place: bool = False,
) -> Iterator[Record]:
    """Records of every input, in order: a page file is one record, a folder gives its page files (recursively,
    sorted), a JSON lines file one record a line, a WARC file one record per HTML response. '-' is stdin.
    ``decode=False`` leaves JSON lines undecoded (see `read_jsonl`); ``in_place`` leaves the JSON lines and pages of
    regular, uncompressed files unread (`Record.at`; see `locate_jsonl`), for a worker process to read."""
    if input_format not in INPUT_FORMATS:
        raise InputError(f"input format must be one of {', '.join(INPUT_FORMATS)}, not {input_format!r}")
    for name in names:
        if name == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            kind = "page" if input_format == "auto" else input_format
            if kind == "page":
                yield Record("-", stream.read(), {"file": "-"})
            elif kind == "jsonl":
                lines = io.TextIOWrapper(stream, encoding="utf-8", errors="replace")
                yield from read_jsonl(lines, "-", html_field, decode)
            else:
                yield from read_warc(stream, "-")
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in PAGE_SUFFIXES)
            if not files:
                yield Record(name, fields={"file": name}, error=f"no {'/'.join(PAGE_SUFFIXES)} files in this folder")
            for file in files:
                yield locate_page_file(file) if in_place else read_page_file(file)
            continue
        kind = input_kind(name, input_format)
        if kind == "page":
            yield locate_page_file(path) if in_place and path.is_file() else read_page_file(path)
            continue
        try:
            raw = open(path, "rb")
        except OSError as exc:
            yield Record(name, fields={"file": name}, error=exc.strerror or str(exc))
            continue
        with raw:
            if kind == "jsonl" and in_place and not name.lower().endswith(".gz") and _is_regular(raw):
                located = locate_jsonl(raw, name, html_field)
                yield from map(decoded, located) if decode else located
            elif kind == "jsonl":
                stream = gzip.open(raw) if name.lower().endswith(".gz") else raw
                lines = io.TextIOWrapper(stream, encoding="utf-8", errors="replace")
                yield from read_jsonl(lines, name, html_field, decode)
            else:
                yield from read_warc(raw, name)


def read_page_file(path: Path) -> Record:
    try:
        return Record(str(path), path.read_bytes(), {"file": str(path)})
    except OSError as exc:
        return Record(str(path), fields={"file": str(path)}, error=exc.strerror or str(exc))


def locate_page_file(path: Path) -> Record:
    """The record of a page file, to be read where it is cleaned (`decoded`)."""
    return Record(str(path), fields={"file": str(path)}, at=(os.path.abspath(path), 0, -1))


def _is_regular(file: IO[bytes]) -> bool:
    """A regular file (not a pipe, a FIFO or a device), so its bytes can be read again by offset."""
    try:
        return stat.S_ISREG(os.fstat(file.fileno()).st_mode)
    except (OSError, ValueError):
        return False


_LINES = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")  # what text mode's universal newlines call lines
_SURELY_NOT_BLANK = frozenset(range(0x21, 0x7F))  # printable ASCII: a line starting so is no blank line


def locate_jsonl(raw: IO[bytes], name: str, html_field: str = "html") -> Iterator[Record]:
    """`read_jsonl` with ``decode=False`` for a regular, uncompressed file, but each record holds where its line
    is (``at``) instead of the line: the same records, names and line numbers (lines end at \\n, \\r\\n or \\r,
    as in text mode), found by scanning the bytes read (bytes.find) without decoding or even copying them. The file
    must not change until the records are read (a line no longer there whole is read as an error record)."""
    path = os.path.abspath(name)
    number = 0
    offset = raw.tell()
    try:
        for start, parts, line_end, chunk in _newline_segments(raw):
            end = len(chunk) if line_end is None else line_end
            length = end - start + sum(map(len, parts))
            first = parts[0][0] if parts else chunk[start]
            if first in _SURELY_NOT_BLANK and chunk.find(b"\r", start, end) < 0 and not any(b"\r" in p for p in parts):
                number += 1
                yield Record(f"{name}:{number}", page_field=html_field, at=(path, offset, length))
                offset += length
                continue
            for line in _LINES.findall(b"".join([*parts, chunk[start:end]])):  # rare: a lone \r ends a line too
                number += 1
                if line[0] in _SURELY_NOT_BLANK or line.decode("utf-8", "replace").strip():
                    yield Record(f"{name}:{number}", page_field=html_field, at=(path, offset, len(line)))
                offset += len(line)
    except OSError as exc:
        yield Record(f"{name}:{number + 1}", fields={"url": None}, error=f"{name}: unreadable after line {number} "
                     f"({exc})")  # fmt: skip


def _newline_segments(raw: IO[bytes], size: int = 1 << 20) -> Iterator[tuple[int, list[bytes], int | None, bytes]]:
    """The \\n-ended pieces of a binary stream (the last may lack it), without copying them: each is the earlier
    chunks' ``parts`` of it, then ``chunk[start:end]`` (``end`` None for the last, unended piece)."""
    parts: list[bytes] = []
    chunk = b""
    while data := raw.read(size):
        chunk, start = data, 0
        while (found := chunk.find(b"\n", start)) >= 0:
            yield start, parts, found + 1, chunk
            parts, start = [], found + 1
        if start < len(chunk):
            parts.append(chunk[start:])
    if parts:
        yield 0, parts[:-1], None, parts[-1]


def _read_at(path: str, offset: int, length: int) -> bytes:
    """``length`` bytes of a file from ``offset`` (all of it for -1); fewer when the file is shorter now."""
    if length < 0:
        return Path(path).read_bytes()
    fd = os.open(path, os.O_RDONLY)
    try:
        parts = []
        while length > 0 and (part := os.pread(fd, length, offset)):
            parts.append(part)
            offset += len(part)
            length -= len(part)
        return b"".join(parts)
    finally:
        os.close(fd)


def read_in_place(record: Record) -> Record:
    """The record with its page (or JSON line, as `read_jsonl` reads it) read from where ``record.at`` says."""
    path, offset, length = record.at
    try:
        data = _read_at(path, offset, length)
    except OSError as exc:
        if record.page_field is None:  # a page file: as `read_page_file` says it
            return replace(record, at=None, error=exc.strerror or str(exc))
        return replace(record, at=None, fields={"url": None}, error=f"{record.name}: unreadable ({exc})")
    if record.page_field is None:
        return replace(record, source=data, at=None)
    if len(data) != length:
        return replace(record, at=None, fields={"url": None}, error=f"{record.name}: the file changed while read")
    line = data.decode("utf-8", "replace")
    if line.endswith("\r\n"):  # as text mode's universal newlines give it
        line = line[:-2] + "\n"
    elif line.endswith("\r"):
        line = line[:-1] + "\n"
    return replace(record, line=line, at=None)


def read_jsonl(lines: Iterable[str], name: str, html_field: str = "html", decode: bool = True) -> Iterator[Record]:
    """One record per non-blank line; the page is the object's ``html_field``. A line that is not a JSON object,
    or has no page, is an error record (so it still gets its line in the output). ``decode=False`` yields each line
    as it is, for `decoded` to read where the record is cleaned (in a worker process, with jobs)."""
    number = 0
    try:
        for number, line in enumerate(lines, 1):  # noqa: B007 - number is reported when reading fails
            if not line.strip():
                continue
            record = Record(f"{name}:{number}", page_field=html_field, line=line)
            yield decoded(record) if decode else record
    except (OSError, EOFError, UnicodeError) as exc:  # a truncated .gz, a read error
        yield Record(f"{name}:{number + 1}", fields={"url": None}, error=f"{name}: unreadable after line {number} "
                     f"({exc})")  # fmt: skip


def decoded(record: Record) -> Record:
    """The record that a JSON line (``record.line``) holds, reading it first when it is still in its file
    (``record.at``); any other record as it is."""
    if record.at is not None:
        record = read_in_place(record)
    if record.line is None:
        return record
    where, html_field = record.name, record.page_field
    try:
        row = json.loads(record.line)
    except ValueError as exc:
        return Record(where, fields={"url": None}, error=f"{where}: not valid JSON ({exc})")
    if not isinstance(row, dict):
        return Record(where, fields={"url": None}, error=f"{where}: not a JSON object")
    url = row.get("url")
    label = url if isinstance(url, str) and url else where
    page = row.get(html_field)
    if not isinstance(page, str):
        fields = {k: v for k, v in row.items() if k != html_field}
        fields.setdefault("url", None)
        problem = "no" if page is None else f"a {type(page).__name__}, not a string, in the"
        return Record(label, fields=fields, error=f"{where}: {problem} {html_field!r} field")
    return Record(label, page, row, page_field=html_field)


def read_warc(stream: IO[bytes], name: str) -> Iterator[Record]:
    """One record per HTML page of a WARC file (gzip or not): ``response`` records with an HTML content type and
    a 2xx status, and ``resource`` records of HTML. Every other record is yielded as skipped. A truncated record
    is an error record, and so is a damaged or truncated rest of the file (warcio stops there without a word)."""
    try:
        from warcio.archiveiterator import ArchiveIterator
        from warcio.exceptions import ArchiveLoadFailed
    except ImportError:
        yield Record(name, fields={"url": None, "file": name}, error="reading WARC files needs warcio: "
                     "pip install 'boilerfree[warc]'")  # fmt: skip
        return
    counted = _CountingReader(stream)
    archive = ArchiveIterator(counted)
    count = 0
    try:
        for warc in archive:
            if warc.format != "warc":  # warcio reads any text as an old ARC file; here that means damage
                raise ValueError(f"a {warc.format} record, not WARC")
            count += 1
            url = warc.rec_headers.get_header("WARC-Target-URI")
            fields = {"url": url, "warc_record_id": warc.rec_headers.get_header("WARC-Record-ID"),
                      "warc_date": warc.rec_headers.get_header("WARC-Date")}  # fmt: skip
            reason = _not_a_page(warc)
            if reason:
                yield Record(url or name, fields=fields, skipped=reason)
                continue
            try:
                body = warc.content_stream().read()
            except Exception as exc:  # a damaged body (bad chunking, bad gzip) is this record's error, not the file's
                yield Record(url or name, fields=fields, error=f"unreadable WARC record body ({exc})")
                continue
            missing = getattr(warc.raw_stream, "limit", 0)
            if missing:
                yield Record(url or name, fields=fields, error=f"truncated WARC record: {missing} bytes missing")
                continue
            headers = warc.http_headers if warc.rec_type == "response" else warc.rec_headers
            yield Record(url or name, _decode_declared(body, headers.get_header("Content-Type") or ""), fields)
    except (ArchiveLoadFailed, OSError, EOFError, ValueError) as exc:
        where = f"after record {count}" if count else "at the start"
        yield Record(name, fields={"url": None, "file": name}, error=f"{name}: not a WARC file or damaged {where} "
                     f"({exc})")  # fmt: skip
        return
    unread = counted.total - archive.offset
    if unread > 0 and (unread > len(counted.tail) or counted.tail[-unread:].strip()):
        yield Record(name, fields={"url": None, "file": name}, error=f"{name}: damaged or truncated after record "
                     f"{count}: its last {unread} bytes are not a WARC record")  # fmt: skip


class _CountingReader:
    """A read-only stream that counts the bytes read and keeps the last few (to tell a truncated WARC file from
    trailing blank lines)."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.total = 0
        self.tail = b""

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.total += len(data)
        self.tail = (self.tail + data)[-4096:]
        return data


def _not_a_page(warc) -> str | None:
    """Why a WARC record is not an HTML page to clean, or None when it is one."""
    if warc.rec_type == "response":
        headers = warc.http_headers
        if headers is None:
            return "response without HTTP headers"
        status = headers.get_statuscode() or ""
        if not status.startswith("2"):
            return f"HTTP status {status}"
        content_type = headers.get_header("Content-Type") or ""
    elif warc.rec_type == "resource":
        content_type = warc.rec_headers.get_header("Content-Type") or ""
    else:
        return f"{warc.rec_type} record"
    media = content_type.split(";")[0].strip().lower()
    if media and media not in HTML_TYPES:
        return f"content type {media}"
    return None


def _decode_declared(body: bytes, content_type: str) -> str | bytes:
    """Decode with the HTTP charset when it is declared and fits (a BOM wins, as in browsers); otherwise return
    the bytes for `boilerfree.document`'s sniffing (meta charset, UTF-8, charset-normalizer)."""
    if body.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return body
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset" and value.strip():
            try:
                return body.decode(value.strip().strip("'\"").lower())
            except (LookupError, UnicodeDecodeError):
                return body
    return body


# -- cleaning --------------------------------------------------------------------------------------------------------


def clean_source(
    source: str | bytes, model: Model, threshold: float | None = None, format: str = "auto", blocks: bool = False
) -> Outcome:
    """Clean one page; a page boilerfree cannot read (binary data, a wrong format) is an error outcome."""
    try:
        if not blocks:
            return Outcome(clean(source, threshold, format, model))
        labelled = label_page(segment(load_document(source, format)), model, threshold)
    except BoilerfreeError as exc:
        return Outcome(error=str(exc))
    except Exception as exc:  # one page that breaks the parser, or a bug, must not end a batch of millions: say so
        return Outcome(error=f"unexpected error, please report it: {type(exc).__name__}: {exc}")
    text = "\n".join(b.text for b in labelled if b.is_content)
    return Outcome(text, None, [{"text": b.text, "label": b.label, "score": round(b.score, 4)} for b in labelled])


def clean_record(
    record: Record,
    model: Model | None,
    threshold: float | None = None,
    format: str = "auto",
    blocks: bool = False,
    output_format: OutputFormat | None = None,
) -> Outcome | None:
    """Clean one record: decode it when it is a JSON line, clean its page unless it could not be read, and with
    ``output_format`` render what is written for it (then only ``written`` holds the blocks); None for a skipped
    record. This process and the worker processes run this same function; ``model`` may be None for a record read
    with an error."""
    if record.skipped:
        return None
    record = decoded(record)
    if record.error is not None:
        outcome = Outcome(error=record.error)
    else:
        outcome = clean_source(record.source, model, threshold, format, blocks)
    if output_format is None:
        return outcome
    return Outcome(outcome.text, outcome.error, written=output_format.render(record, outcome))


_worker: dict[str, Any] = {}


def _init_worker(model_path: str | None, settings: tuple) -> None:
    """Runs once in each worker process: load the model there (or reuse the one a fork inherited)."""
    _worker.update(model=load_model(model_path), settings=settings)


def _work(task: list[Record]) -> list[Outcome | None]:
    return [clean_record(record, _worker["model"], *_worker["settings"]) for record in task]


_DIED = "the worker process died on this page (killed, out of memory, or a crash in the parser)"


def clean_records(
    records: Iterable[Record],
    model: Model | str | None = None,
    threshold: float | None = None,
    format: str = "auto",
    blocks: bool = False,
    jobs: int = 1,
    output_format: OutputFormat | None = None,
) -> Iterator[tuple[Record, Outcome | None]]:
    """(record, outcome) for every record, in input order; skipped records come with None. Each outcome is
    `clean_record`'s: with ``output_format`` it holds what to write for the record (built in the worker: then only
    that string and the text come back from it). Records are yielded as given (a JSON line undecoded: `decoded`).

    ``jobs`` > 1 cleans in that many worker processes, each loading the model once (``model`` must then be a
    model directory or None for the default model), ``PAGES_PER_TASK`` records to a message, with at most
    ``IN_FLIGHT_PER_JOB`` pages per worker queued (plus the next task, while it is read). A worker that dies takes
    down only the page it was cleaning: the pages in flight are retried one by one.
    """
    settings = (threshold, format, blocks, output_format)
    if jobs <= 1:
        loaded = model if isinstance(model, Model) else load_model(model)
        for record in records:
            yield record, clean_record(record, loaded, *settings)
        return
    if isinstance(model, Model):
        raise InputError("with jobs > 1 pass the model's directory (or None for the default model), not a Model")
    pool = _Pool(jobs, model, settings)
    pending: deque[tuple[list[Record], Future]] = deque()
    records = iter(records)
    try:
        while task := list(islice(records, PAGES_PER_TASK)):
            pending.append((task, pool.submit(task)))
            while len(pending) * PAGES_PER_TASK > jobs * IN_FLIGHT_PER_JOB:
                yield from pool.take(pending)
        while pending:
            yield from pool.take(pending)
    finally:
        pool.shutdown()


class _Pool:
    """A process pool that survives a worker's death: the pages that were in flight are cleaned again one at a
    time in a fresh pool, so only the page that kills a worker again gets an error."""

    def __init__(self, jobs: int, model_path: str | None, settings: tuple) -> None:
        self.jobs = jobs
        self.model_path = model_path
        self.settings = settings
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, initializer=_init_worker, initargs=(self.model_path, self.settings))

    def submit(self, task: list[Record]) -> Future:
        return self.executor.submit(_work, task)

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def take(self, pending: deque) -> Iterator[tuple[Record, Outcome | None]]:
        """Yield the records of the oldest pending task once their outcomes are known."""
        task, future = pending[0]
        try:
            outcomes = future.result()
        except BrokenProcessPool:
            yield from self._recover(pending)
            return
        pending.popleft()
        yield from zip(task, outcomes)

    def _recover(self, pending: deque) -> Iterator[tuple[Record, Outcome | None]]:
        """Clean every page that was in flight and not done again, one at a time, in a fresh pool."""
        self.restart()
        while pending:
            task, future = pending.popleft()
            if future.done() and not future.cancelled() and not future.exception():
                yield from zip(task, future.result())  # finished before the pool broke
                continue
            for record in task:
                try:
                    outcome = self.submit([record]).result()[0]
                except BrokenProcessPool:
                    outcome = clean_record(replace(decoded(record), error=_DIED), None, *self.settings)
                    self.restart()
                yield record, outcome


# -- writing and resuming --------------------------------------------------------------------------------------------


def json_row(record: Record, outcome: Outcome, drop_page: bool = False, text_field: str = "text") -> dict:
    """The output object: the input's fields plus the text (and blocks), or plus the error. An error record never
    repeats the page (it would only bury the reason); ``drop_page`` leaves it out of every record."""
    leave_out = record.page_field if drop_page or outcome.error is not None else None
    row = {k: v for k, v in record.fields.items() if k != leave_out}
    if outcome.error is not None:
        if "file" not in row:
            row.setdefault("url", None)
        row["error"] = outcome.error
        return row
    row[text_field] = outcome.text
    if outcome.blocks is not None:
        row["blocks"] = outcome.blocks
    return row


@dataclass(frozen=True)
class OutputFormat:
    """What is written for each record: its JSON line (`json_row`), or with ``json_lines`` False its text (after a
    ``==> name <==`` line when ``headers``; nothing for an error, which the caller reports)."""

    json_lines: bool = True
    drop_page: bool = False
    text_field: str = "text"
    headers: bool = False

    def render(self, record: Record, outcome: Outcome) -> str:
        if self.json_lines:
            return json.dumps(json_row(record, outcome, self.drop_page, self.text_field), ensure_ascii=False) + "\n"
        if outcome.error is not None:
            return ""
        return (f"==> {record.name} <==\n" if self.headers else "") + outcome.text + ("\n" if outcome.text else "")


def resume_point(path: str | Path) -> tuple[int, dict | None]:
    """The number of complete records in an output file and the last of them, after cutting off a partial last
    line (what a killed run leaves). Raises ResumeError when the file is not JSON lines."""
    path = Path(path)
    if not path.exists():
        return 0, None
    with open(path, "r+b") as f:
        end = f.seek(0, io.SEEK_END)
        keep = end
        while keep > 0:  # find the last newline, reading backwards
            start = max(0, keep - 65536)
            f.seek(start)
            chunk = f.read(keep - start)
            cut = chunk.rfind(b"\n")
            if cut >= 0:
                keep = start + cut + 1
                break
            keep = start
        if keep != end:
            f.truncate(keep)
        f.seek(0)
        count = 0
        last = b""
        for line in f:
            count += 1
            last = line
    if not count:
        return 0, None
    try:
        row = json.loads(last)
        if not isinstance(row, dict):
            raise ValueError("not an object")
    except ValueError:
        raise ResumeError(f"{path}: the last line is not a JSON object; is this boilerfree's output?") from None
    return count, row


def skip_done(records: Iterable[Record], done: int, last: dict | None, output: str) -> Iterator[Record]:
    """Drop the first ``done`` page records (already in the output), checking that the last of them is the one the
    output ends with (by URL, or file), so a resume on other inputs stops instead of misaligning records."""
    seen = 0
    for record in records:
        if seen >= done:
            yield record
            continue
        if record.skipped:
            continue
        seen += 1
        if seen == done and last is not None:
            fields = decoded(record).fields
            for key in ("url", "file"):
                if last.get(key) is not None and fields.get(key) != last.get(key):
                    raise ResumeError(f"{output} ends with {key} {last.get(key)!r}, but record {done} of the inputs "
                                      f"is {fields.get(key)!r}: not the same inputs; drop --resume to start "
                                      "again")  # fmt: skip
    if seen < done:
        raise ResumeError(f"{output} holds {done} records but the inputs only {seen}; not the same inputs")


def run(
    names: list[str],
    output: IO[str],
    *,
    json_output: bool,
    model: Model | str | None = None,
    threshold: float | None = None,
    format: str = "auto",
    input_format: str = "auto",
    html_field: str = "html",
    text_field: str = "text",
    drop_html: bool = False,
    blocks: bool = False,
    jobs: int = 1,
    resume_from: tuple[int, dict | None] | None = None,
    output_name: str = "",
    headers: bool = False,
    progress: bool = False,
    on_error: Callable[[Record, Outcome], None] | None = None,
) -> Summary:
    """Clean every record of ``names`` into ``output`` (JSON lines, or text with ``==> name <==`` headers when
    ``headers``), in order. ``resume_from``: `resume_point` of the output, whose records are skipped. ``model``:
    a loaded Model with ``jobs`` 1, a model directory (or None for the default) with more."""
    summary = Summary()
    started = time.perf_counter()
    # decoded where cleaned; with workers, the pages of regular files are even read there
    records: Iterable[Record] = read_inputs(names, input_format, html_field, decode=False, in_place=jobs > 1)
    if resume_from is not None and resume_from[0]:
        summary.resumed = resume_from[0]
        records = skip_done(records, resume_from[0], resume_from[1], output_name)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit=" pages", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)
    output_format = OutputFormat(json_output, drop_html, text_field, headers)
    try:
        for record, outcome in clean_records(records, model, threshold, format, blocks, jobs, output_format):
            if outcome is None:
                summary.skipped += 1
                continue
            summary.add(outcome)
            if bar is not None:
                bar.update(1)
            output.write(outcome.written)
            if outcome.error is not None and on_error is not None:
                on_error(decoded(record), outcome)
    finally:
        if bar is not None:
            bar.close()
        output.flush()
        summary.seconds = time.perf_counter() - started
    return summary
