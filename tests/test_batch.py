"""Batch cleaning (`boilerfree.batch`, `boilerfree clean` over JSON lines and WARC files): every record accounted
for, order kept with worker processes, memory bounded, runs resumable. Pages are written by the tests."""

from __future__ import annotations

import gzip
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from io import BytesIO, StringIO

import pytest

from boilerfree import batch
from boilerfree.cli import main

ARTICLE = "Councillors voted 31 to 12"  # in examples/paywalled-article.html's article
PAYWALL = "reached your limit"  # in its paywall box


def page(n: int) -> str:
    """A small article page of our own, different for every n."""
    paragraphs = "".join(
        f"<p>Paragraph {k} of report {n}: the committee met on Tuesday and agreed, after a long debate about the "
        f"budget, that the new library would open in the spring of {2030 + n}.</p>"
        for k in range(3)
    )
    return (
        f"<html><head><title>Report {n}</title></head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Report number {n}</h1>{paragraphs}</article><footer>All rights reserved.</footer></body></html>"
    )


def write_jsonl(path, rows) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write((row if isinstance(row, str) else json.dumps(row)) + "\n")


def read_jsonl(path) -> list[dict]:
    return [json.loads(line) for line in open(path, encoding="utf-8")]


def write_warc(path, example_html: str) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=str(path).endswith(".gz"))

        def response(url: str, body: bytes, status: str = "200 OK", content_type: str = "text/html") -> None:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers))

        request = b"GET / HTTP/1.1\r\nHost: example.test\r\n\r\n"
        writer.write_record(writer.create_warc_record("http://example.test/", "request", payload=BytesIO(request)))
        response("http://example.test/article", example_html.encode("utf-8"), content_type="text/html; charset=utf-8")
        response("http://example.test/missing", b"<html><body>Not found</body></html>", status="404 Not Found")
        response("http://example.test/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png")
        latin = (
            "<html><body><p>Café crème brûlée, served at the café since 1900, is the town's pride.</p></body></html>"
        )
        response("http://example.test/latin", latin.encode("latin-1"), content_type="text/html; charset=ISO-8859-1")


def test_jsonl_records_come_back_with_their_fields_and_the_text(example_html, tmp_path, capsys):
    source = tmp_path / "pages.jsonl"
    write_jsonl(source, [{"url": "https://a.test/1", "html": example_html, "lang": "en"},
                         {"url": "https://a.test/2", "html": page(2), "lang": "en"}])  # fmt: skip
    assert main(["clean", str(source)]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["url"] for r in rows] == ["https://a.test/1", "https://a.test/2"]
    assert rows[0]["html"] == example_html and rows[0]["lang"] == "en"  # the same object, plus "text"
    assert ARTICLE in rows[0]["text"] and PAYWALL not in rows[0]["text"]
    assert "2 records: 2 cleaned, 0 empty, 0 errors" in captured.err


def test_every_record_is_accounted_for(example_html, tmp_path, capsys):
    source = tmp_path / "pages.jsonl"
    write_jsonl(source, [
        {"url": "https://a.test/ok", "html": example_html},
        "{not json",
        {"url": "https://a.test/no-html", "title": "x"},
        {"url": "https://a.test/number", "html": 42},
        "",  # blank lines are not records
        {"url": "https://a.test/blank", "html": "   \n  "},
        [1, 2],
    ])  # fmt: skip
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(source), "-o", str(out), "--drop-html"]) == 1  # some records failed
    rows = read_jsonl(out)
    assert len(rows) == 6
    assert ARTICLE in rows[0]["text"] and "html" not in rows[0]
    assert rows[1]["url"] is None and "not valid JSON" in rows[1]["error"] and "pages.jsonl:2" in rows[1]["error"]
    assert rows[2] == {"url": "https://a.test/no-html", "title": "x", "error": f"{source}:3: no 'html' field"}
    assert "not a string" in rows[3]["error"] and "html" not in rows[3]
    assert rows[4] == {"url": "https://a.test/blank", "text": ""}
    assert "not a JSON object" in rows[5]["error"]
    assert "6 records: 1 cleaned, 1 empty, 4 errors" in capsys.readouterr().err


def test_an_error_record_never_repeats_the_page():
    outcome = batch.Outcome(error="broken")
    record = batch.Record("x", "<p>page</p>", {"url": "u", "html": "<p>page</p>", "id": 3}, page_field="html")
    assert batch.json_row(record, outcome) == {"url": "u", "id": 3, "error": "broken"}


def test_warc_html_responses_are_cleaned_and_the_rest_counted_as_skipped(example_html, tmp_path, capsys):
    pytest.importorskip("warcio")
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, example_html)
    assert main(["clean", str(warc), "--blocks"]) == 0
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["url"] for r in rows] == ["http://example.test/article", "http://example.test/latin"]
    assert rows[0]["warc_record_id"].startswith("<urn:uuid:") and rows[0]["warc_date"]
    assert ARTICLE in rows[0]["text"] and PAYWALL not in rows[0]["text"]
    assert any(PAYWALL in b["text"] and b["label"] != "content" for b in rows[0]["blocks"])
    assert "Café crème brûlée" in rows[1]["blocks"][0]["text"]  # decoded with the HTTP charset
    assert "2 records: 2 cleaned" in captured.err and "3 WARC records skipped" in captured.err


def test_a_truncated_warc_ends_with_an_error_record(example_html, tmp_path, capsys):
    pytest.importorskip("warcio")
    whole = tmp_path / "crawl.warc.gz"
    write_warc(whole, example_html)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    for size in (len(data) * 2 // 3, 1500):  # cut between records, and inside the article's body
        cut.write_bytes(data[:size])
        assert main(["clean", str(cut), "--drop-html"]) == 1
        rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        assert "error" in rows[-1] and ("truncated" in rows[-1]["error"] or "damaged" in rows[-1]["error"])
    cut.write_bytes(b"this is not a WARC file at all\n" * 10)
    assert main(["clean", str(cut)]) == 1
    assert "not a WARC file" in json.loads(capsys.readouterr().out)["error"]


def test_uncompressed_warc_and_stdin_jsonl(example_html, tmp_path):
    pytest.importorskip("warcio")
    warc = tmp_path / "crawl.warc"
    write_warc(warc, example_html)
    done = subprocess.run([sys.executable, "-m", "boilerfree", "clean", str(warc), "-q"], capture_output=True,
                          check=True, text=True)  # fmt: skip
    assert len(done.stdout.splitlines()) == 2 and done.stderr == ""
    line = json.dumps({"url": "https://a.test/", "html": example_html}) + "\n"
    done = subprocess.run([sys.executable, "-m", "boilerfree", "clean", "-", "--input-format", "jsonl"],
                          input=line * 2, capture_output=True, check=True, text=True)  # fmt: skip
    rows = [json.loads(x) for x in done.stdout.splitlines()]
    assert len(rows) == 2 and all(ARTICLE in r["text"] for r in rows)


def test_page_files_keep_the_plain_text_output(example_html, tmp_path):
    path = tmp_path / "page.html"
    path.write_text(example_html, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "boilerfree", "clean", str(path)], capture_output=True, text=True,
                          check=True)  # fmt: skip
    assert ARTICLE in done.stdout and not done.stdout.startswith("{") and done.stderr == ""  # no summary for one page
    done = subprocess.run([sys.executable, "-m", "boilerfree", "clean", str(path), "--json"], capture_output=True,
                          text=True, check=True)  # fmt: skip
    assert json.loads(done.stdout)["file"] == str(path)


def test_workers_keep_the_input_order_and_the_same_text(tmp_path):
    records = [batch.Record(f"r{n}", page(n), {"url": f"https://a.test/{n}"}) for n in range(12)]
    one = [(r.fields["url"], o.text) for r, o in batch.clean_records(records, jobs=1)]
    two = [(r.fields["url"], o.text) for r, o in batch.clean_records(records, jobs=2)]
    assert one == two
    assert [u for u, _ in two] == [f"https://a.test/{n}" for n in range(12)]
    assert all(f"report {n}:" in text for n, (_, text) in enumerate(two))


def write_mixed_jsonl(path, example_html: str) -> None:
    """JSON lines with every kind of record: pages, a line that is not JSON, an empty page, a page that is text
    and not HTML, one over the block limit (an error while cleaning), one without a page, one that is not an
    object, a blank line, and non-ASCII fields."""
    long_page = (
        "<html><body>" + "".join(f"<p>Paragraph {k} of a very long page.</p>" for k in range(60)) + "</body></html>"
    )
    write_jsonl(path, [
        {"url": "https://a.test/article", "html": example_html, "lang": "en"},
        "{not json",
        {"url": "https://a.test/blank", "html": "  \n "},
        {"url": "https://a.test/note", "html": "A note from the reading group.\n\nWe meet on Thursday evenings at the "
         "library to talk about the book of the month, and everyone is welcome to join us."},
        {"url": "https://a.test/long", "html": long_page},
        {"url": "https://a.test/no-html", "title": "Café"},
        "",
        [1, 2],
        *({"url": f"https://a.test/{n}", "html": page(n), "title": f"Rapport nº {n} — café ✓"} for n in range(10)),
    ])  # fmt: skip


MIXED_URLS = ["https://a.test/article", None, "https://a.test/blank", "https://a.test/note", "https://a.test/long",
              "https://a.test/no-html", None] + [f"https://a.test/{n}" for n in range(10)]  # fmt: skip


def run_by_jobs(source, **options) -> tuple[dict[int, str], dict]:
    """What `batch.run` writes from ``source`` as JSON lines, and its summary, with --jobs 1 and 2."""
    written, summaries = {}, {}
    for jobs in (1, 2):
        out = StringIO()
        summaries[jobs] = batch.run([str(source)], out, json_output=True, jobs=jobs, **options)
        written[jobs] = out.getvalue()
    return written, summaries


@pytest.mark.parametrize("options", [{}, {"drop_html": True, "blocks": True}, {"text_field": "clean_text"}])
def test_workers_write_the_same_bytes_as_this_process(example_html, tmp_path, monkeypatch, options):
    monkeypatch.setenv("BOILERFREE_MAX_BLOCKS", "40")  # the long page fails in the worker, not in the reading
    source = tmp_path / "pages.jsonl"
    write_mixed_jsonl(source, example_html)
    written, summaries = run_by_jobs(source, **options)
    assert written[2] == written[1]
    rows = [json.loads(line) for line in written[2].splitlines()]
    assert [r["url"] for r in rows] == MIXED_URLS  # one line per record, in input order
    statuses = [
        "error" if "error" in r else "cleaned" if r[options.get("text_field", "text")] else "empty" for r in rows
    ]
    assert statuses == ["cleaned", "error", "empty", "cleaned", "error", "error", "error"] + ["cleaned"] * 10
    assert "not valid JSON" in rows[1]["error"] and "more than 40 blocks" in rows[4]["error"]
    assert "no 'html' field" in rows[5]["error"] and "not a JSON object" in rows[6]["error"]
    assert all("html" not in r for r in rows if "error" in r)  # an error record never repeats the page
    assert rows[-1]["title"] == "Rapport nº 9 — café ✓" and ("blocks" in rows[0]) == bool(options.get("blocks"))
    for summary in summaries.values():
        assert (summary.cleaned, summary.empty, summary.errors, summary.skipped) == (12, 1, 4, 0)


def test_workers_give_the_same_text_output_and_error_reports(example_html, tmp_path, monkeypatch):
    monkeypatch.setenv("BOILERFREE_MAX_BLOCKS", "40")
    source = tmp_path / "pages.jsonl"
    write_mixed_jsonl(source, example_html)
    written, reported = {}, {}
    for jobs in (1, 2):
        out, errors = StringIO(), []

        def report(record, outcome, errors=errors):
            errors.append((record.name, outcome.error))

        batch.run([str(source)], out, json_output=False, headers=True, jobs=jobs, on_error=report)
        written[jobs], reported[jobs] = out.getvalue(), errors
    assert written[2] == written[1] and reported[2] == reported[1]
    assert "==> https://a.test/article <==\n" in written[2] and "==> https://a.test/long <==" not in written[2]
    assert [name for name, _ in reported[2]] == [f"{source}:2", "https://a.test/long", "https://a.test/no-html",
                                                 f"{source}:8"]  # the URL when the line has one  # fmt: skip


def test_workers_give_the_same_warc_and_page_file_output(example_html, tmp_path, capsys):
    pytest.importorskip("warcio")
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, example_html)  # skipped records (a request, a 404, an image) go to the workers with the pages
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(6):
        (folder / f"p{n}.html").write_text(page(n) if n != 3 else "", encoding="utf-8")
    runs = {
        "warc": (["clean", str(warc), "--blocks"], "2 records: 2 cleaned, 0 empty, 0 errors; 3 WARC records skipped"),
        "text": (["clean", str(folder)], "6 records: 5 cleaned, 1 empty, 0 errors"),
        "json": (["clean", str(folder), "--json"], "6 records: 5 cleaned, 1 empty, 0 errors"),
    }
    out = {}
    for kind, (argv, summary) in runs.items():
        for jobs in ("1", "2"):
            assert main([*argv, "--jobs", jobs]) == 0
            captured = capsys.readouterr()
            assert summary in captured.err
            out[kind, jobs] = captured.out
        assert out[kind, "2"] == out[kind, "1"]
    assert [json.loads(line)["url"] for line in out["warc", "2"].splitlines()] == [
        "http://example.test/article", "http://example.test/latin"]  # fmt: skip
    assert out["text", "2"].count("==> ") == 6 and f"==> {folder / 'p5.html'} <==\nReport number 5" in out["text", "2"]
    assert [json.loads(line)["file"] for line in out["json", "2"].splitlines()] == [
        str(folder / f"p{n}.html") for n in range(6)]  # fmt: skip


def test_json_lines_decoded_later_are_the_records_read_at_once(example_html, tmp_path):
    source = tmp_path / "pages.jsonl"
    write_mixed_jsonl(source, example_html)
    lines = list(batch.read_inputs([str(source)], decode=False))
    assert all(r.line is not None and r.source is None and not r.fields for r in lines)  # nothing decoded yet
    assert [batch.decoded(r) for r in lines] == list(batch.read_inputs([str(source)]))


def write_awkward_jsonl(path) -> list[bytes]:
    """JSON lines as people write them by hand: blank and whitespace-only lines, lines that are not JSON (one
    cut short, one with a byte that is not UTF-8), non-ASCII text, CRLF and lone CR line ends, and a last line
    without a newline. Returns the lines that hold a page, in order."""
    pages = [json.dumps({"url": f"https://a.test/{n}", "html": page(n), "title": f"Café nº {n} ✓"},
                        ensure_ascii=n % 2 == 0).encode("utf-8") for n in range(6)]  # fmt: skip
    path.write_bytes(b"".join([
        pages[0], b"\n", b"\n", b"   \t\r\n", pages[1], b"\r\n", b'{"url": "https://a.test/cut", "html": "<p>x\n',
        "\u2028\u3000\n".encode("utf-8"), pages[2], b"\r", b'{"url": "https://a.test/\xff", "html": 1}\n', pages[3],
        b"\n[1, 2]\r\n", pages[4], b"\n", pages[5],
    ]))  # fmt: skip
    return pages


@pytest.mark.parametrize("read_size", [None, 1, 7, 1000])  # lines and line ends cut across the reads
def test_json_lines_read_in_place_are_the_records_read_at_once(tmp_path, monkeypatch, read_size):
    if read_size:
        monkeypatch.setattr(batch._newline_segments, "__defaults__", (read_size,))
    source = tmp_path / "pages.jsonl"
    write_awkward_jsonl(source)
    located = list(batch.read_inputs([str(source)], decode=False, in_place=True))
    assert all(r.at is not None and r.line is None and r.source is None for r in located)  # only where they are
    assert [batch.decoded(r) for r in located] == list(batch.read_inputs([str(source)]))
    assert [r.name for r in located] == [f"{source}:{n}" for n in (1, 4, 5, 7, 8, 9, 10, 11, 12)]


def test_inputs_not_read_by_offset_are_sent_as_read(example_html, tmp_path):
    source = tmp_path / "pages.jsonl.gz"
    with gzip.open(source, "wt", encoding="utf-8") as f:
        f.write(json.dumps({"url": "https://a.test/", "html": example_html}) + "\n")
    stdin = BytesIO(json.dumps({"url": "https://a.test/", "html": example_html}).encode() + b"\n")
    for records in (batch.read_inputs([str(source)], in_place=True, decode=False),
                    batch.read_inputs(["-"], "jsonl", in_place=True, decode=False, stdin=stdin)):  # fmt: skip
        (record,) = records
        assert record.at is None and record.line is not None


@pytest.mark.parametrize("options", [{}, {"drop_html": True, "blocks": True}])
def test_workers_reading_in_place_write_the_same_bytes_as_this_process(tmp_path, options):
    source = tmp_path / "pages.jsonl"
    write_awkward_jsonl(source)
    written, summaries = run_by_jobs(source, **options)
    assert written[2] == written[1]
    rows = [json.loads(line) for line in written[2].splitlines()]
    assert [r.get("title") for r in rows if "error" not in r] == [f"Café nº {n} ✓" for n in range(6)]
    assert ["not valid JSON" in r.get("error", "") for r in rows] == [False, False, True, False, False, False,
                                                                    False, False, False]  # fmt: skip
    assert rows[4]["url"] == "https://a.test/\ufffd" and "not a string" in rows[4]["error"]
    assert summaries[2].line()[:40] == summaries[1].line()[:40] and summaries[2].records == 9


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="patches the workers through fork")
def test_a_worker_killed_while_reading_in_place_costs_only_its_line(tmp_path, monkeypatch):
    source = tmp_path / "pages.jsonl"
    pages = write_awkward_jsonl(source)
    reference = StringIO()
    batch.run([str(source)], reference, json_output=True, jobs=1)
    real = batch.clean_source

    def kill_on_page_3(source, *args, **kwargs):
        if "Report number 3<" in source:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(batch, "clean_source", kill_on_page_3)
    out = StringIO()
    summary = batch.run([str(source)], out, json_output=True, jobs=2)
    lines, expected = out.getvalue().splitlines(), reference.getvalue().splitlines()
    assert len(lines) == len(expected) == summary.records == 9  # every record accounted for, in order
    killed = next(n for n, line in enumerate(expected) if json.loads(line).get("url") == "https://a.test/3")
    row = {k: v for k, v in json.loads(pages[3]).items() if k != "html"}  # an error record never repeats the page
    assert json.loads(lines[killed]) == {**row, "error": batch._DIED}
    assert lines[:killed] + lines[killed + 1 :] == expected[:killed] + expected[killed + 1 :]
    assert (summary.cleaned, summary.errors) == (5, 4)


def test_a_worker_sends_back_the_written_line_not_the_blocks(tmp_path):
    source = tmp_path / "pages.jsonl"
    write_jsonl(source, [{"url": f"https://a.test/{n}", "html": page(n)} for n in range(4)])
    records = batch.read_inputs([str(source)], decode=False)
    output_format = batch.OutputFormat(drop_page=True)
    for n, (_, outcome) in enumerate(batch.clean_records(records, blocks=True, jobs=2, output_format=output_format)):
        row = json.loads(outcome.written)
        assert outcome.blocks is None and row["url"] == f"https://a.test/{n}" and "html" not in row
        assert row["text"] == outcome.text and any(b["label"] == "navigation" for b in row["blocks"])


def test_pages_in_flight_are_bounded():
    pulled = 0

    def records():
        nonlocal pulled
        for n in range(40):
            pulled += 1
            yield batch.Record(f"r{n}", page(n), {"url": str(n)})

    for jobs, bound in ((1, 1), (2, 2 * batch.IN_FLIGHT_PER_JOB + batch.PAGES_PER_TASK)):  # and the task being read
        pulled, done, most = 0, 0, 0
        for _ in batch.clean_records(records(), jobs=jobs):
            done += 1
            most = max(most, pulled - done + 1)
        assert done == 40 and most <= bound


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="patches the workers through fork")
def test_a_dying_worker_costs_only_its_page(monkeypatch):
    real = batch.clean_source

    def crash_on_marker(source, *args, **kwargs):
        if "KILL-THE-WORKER" in source:
            os._exit(1)  # what a segfault or the OOM killer looks like from the parent
        return real(source, *args, **kwargs)

    monkeypatch.setattr(batch, "clean_source", crash_on_marker)
    records = [batch.Record(f"r{n}", page(n) + ("KILL-THE-WORKER" if n == 4 else ""), {"url": n}) for n in range(10)]
    outcomes = [(r.fields["url"], o) for r, o in batch.clean_records(records, jobs=2)]
    assert [u for u, _ in outcomes] == list(range(10))
    assert [u for u, o in outcomes if o.error] == [4] and "worker process died" in outcomes[4][1].error
    assert all(o.text for u, o in outcomes if u != 4)


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="patches the workers through fork")
def test_a_dying_worker_costs_only_its_json_line(tmp_path, monkeypatch):
    source = tmp_path / "pages.jsonl"
    write_jsonl(source, [{"url": f"https://a.test/{n}", "html": page(n) + ("KILL-THE-WORKER" if n == 4 else "")}
                         for n in range(10)])  # fmt: skip
    reference = StringIO()
    batch.run([str(source)], reference, json_output=True, jobs=1)
    real = batch.clean_source

    def crash_on_marker(source, *args, **kwargs):
        if "KILL-THE-WORKER" in source:
            os._exit(1)
        return real(source, *args, **kwargs)

    monkeypatch.setattr(batch, "clean_source", crash_on_marker)
    out = StringIO()
    summary = batch.run([str(source)], out, json_output=True, jobs=2)
    lines, expected = out.getvalue().splitlines(), reference.getvalue().splitlines()
    assert json.loads(lines[4]) == {"url": "https://a.test/4", "error": batch._DIED}  # written by the parent
    assert lines[:4] + lines[5:] == expected[:4] + expected[5:]
    assert (summary.cleaned, summary.errors) == (9, 1)


def test_resume_after_a_partial_last_line_loses_and_repeats_nothing(tmp_path, capsys):
    source = tmp_path / "pages.jsonl"
    write_jsonl(source, [{"url": f"https://a.test/{n}", "html": page(n)} for n in range(8)])
    reference = tmp_path / "reference.jsonl"
    assert main(["clean", str(source), "-o", str(reference), "--drop-html", "-q"]) == 0
    lines = reference.read_bytes().splitlines(keepends=True)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"".join(lines[:3]) + lines[3][:25])  # what a killed run leaves: 3 records and a piece
    assert main(["clean", str(source), "-o", str(out), "--drop-html", "--resume"]) == 0
    assert out.read_bytes() == reference.read_bytes()
    assert "5 records: 5 cleaned" in capsys.readouterr().err and batch.resume_point(out) == (8, read_jsonl(out)[-1])
    assert main(["clean", str(source), "-o", str(out), "--drop-html", "--resume"]) == 0  # done: nothing to add
    assert out.read_bytes() == reference.read_bytes()


def test_resume_with_workers_gives_the_same_output(tmp_path, capsys):
    source = tmp_path / "pages.jsonl"
    write_jsonl(source, [{"url": f"https://a.test/{n}", "html": page(n)} for n in range(8)] + ["{not json"])
    reference = tmp_path / "reference.jsonl"
    assert main(["clean", str(source), "-o", str(reference), "-q"]) == 1
    lines = reference.read_bytes().splitlines(keepends=True)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"".join(lines[:5]) + lines[5][:40])
    assert main(["clean", str(source), "-o", str(out), "--resume", "--jobs", "2"]) == 1
    assert out.read_bytes() == reference.read_bytes()
    assert "4 records: 3 cleaned, 0 empty, 1 error; resumed after 5 records" in capsys.readouterr().err


def test_resume_on_other_inputs_stops(tmp_path, capsys):
    source = tmp_path / "pages.jsonl"
    write_jsonl(source, [{"url": f"https://a.test/{n}", "html": page(n)} for n in range(4)])
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(source), "-o", str(out), "-q"]) == 0
    other = tmp_path / "other.jsonl"
    write_jsonl(other, [{"url": f"https://b.test/{n}", "html": page(n)} for n in range(6)])
    before = out.read_bytes()
    assert main(["clean", str(other), "-o", str(out), "--resume"]) == 2
    assert "not the same inputs" in capsys.readouterr().err and out.read_bytes() == before
    assert main(["clean", str(tmp_path / "p.html"), "--resume"]) == 2  # nothing to resume into
    out.write_text("plain text, not JSON\n")
    assert main(["clean", str(source), "-o", str(out), "--resume"]) == 2


def test_a_killed_run_resumes_to_the_same_output(tmp_path):
    with gzip.open(tmp_path / "pages.jsonl.gz", "wt", encoding="utf-8") as f:  # .jsonl.gz is read too
        for n in range(120):
            f.write(json.dumps({"url": f"https://a.test/{n}", "html": page(n)}) + "\n")
    source = tmp_path / "pages.jsonl.gz"
    command = [sys.executable, "-m", "boilerfree", "clean", str(source), "--drop-html", "-q", "-o"]
    reference = tmp_path / "reference.jsonl"
    subprocess.run(command + [str(reference)], check=True)
    out = tmp_path / "out.jsonl"
    run = subprocess.Popen(command + [str(out)])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and run.poll() is None and (not out.exists() or out.stat().st_size < 9000):
        time.sleep(0.01)
    run.send_signal(signal.SIGKILL)
    run.wait()
    assert out.read_bytes().count(b"\n") < 120  # killed half way
    subprocess.run(command + [str(out), "--resume"], check=True)
    assert out.read_bytes() == reference.read_bytes()
    assert len(read_jsonl(out)) == 120


def test_usage_errors(tmp_path, capsys):
    assert main(["clean", "--jobs", "0", "x.html"]) == 2
    assert main(["clean", "--resume", str(tmp_path / "x.jsonl")]) == 2  # --resume needs -o
    assert "needs -o" in capsys.readouterr().err
