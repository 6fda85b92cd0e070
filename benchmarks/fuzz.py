"""Hostile-input fuzz run: named worst cases, then random and mutated input for a fixed time; writes a report.

Every input must give blocks or a `boilerfree` exception, within the time bound, without the worker process's
memory growing from input to input. Each input runs in a worker process under a timeout, so a hang is reported,
not waited for; each named case runs in a fresh process, so its peak RSS is its own. Random inputs come from a seeded
generator (``--seed``): a failure is reproduced by its family, seed and index, and the failing inputs are saved to
``--failures``. Mutations start from this project's own pages (``examples/``, ``datasets/labelled/``), never from
the shared corpora.

usage: python benchmarks/fuzz.py [--seconds 150] [--seed 0] [--timeout 120] [--repeat 400] [--no-big] [--out FILE]
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import math
import multiprocessing
import os
import platform
import random
import sys
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MB = 1_000_000
PARAGRAPH = "<p>The council met on Tuesday to discuss the new tram line and its eleven stops across the city.</p>\n"
TAGS = (
    "html head body title meta div p span a ul ol li table tbody tr td th h1 h2 h3 br hr img script style noscript "
    "template svg iframe article main nav header footer aside form button blockquote figure figcaption pre b i font "
    "select option textarea center dl dt dd section"
).split()
ATTRIBUTES = ("class", "id", "style", "hidden", "role", "itemprop", "aria-hidden", "href", "charset", "type", "lang")
SNIPPETS = [
    "You have reached your limit of free articles.", "Subscribe for €9.99/month", "Already a subscriber? Log in",
    "&amp; &#0; &#xD800; &#99999999; &bogus; &", "<", ">", "<!--", "-->", "]]>", "<![CDATA[", "\x00", "\r\n",
    "Grüße aus Köln — naïve café", "Привет, мир", "東京都の新しい路線", "مرحبا بالعالم", "\ud800", "\ufeff", "\u202e",
]  # fmt: skip
ENCODINGS = [
    "utf-8",
    "utf-16-le",
    "utf-16-be",
    "utf-32",
    "cp1252",
    "iso-8859-1",
    "windows-1251",
    "shift_jis",
    "gb18030",
]


# --- the worker: one process, one model, inputs in, outcomes out ------------------------------------------------


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status (Linux), in MB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024 / MB
    return 0.0


def _rss_mb() -> float:
    """Resident set size now."""
    return _status_mb("VmRSS")


def _peak_mb() -> float:
    """Peak resident set size of this process so far (its high-water mark)."""
    return _status_mb("VmHWM")


def _check(blocks, labels) -> str | None:
    """What is wrong with a result, or None."""
    if [b.index for b in blocks] != list(range(len(blocks))):
        return "block indices are not 0..n-1"
    for b in blocks:
        if not b.text or b.label not in labels:
            return f"empty text or unknown label in block {b.index}"
        if not (0.0 <= b.score <= 1.0) or abs(sum(b.probabilities.values()) - 1.0) > 1e-3:
            return f"probabilities of block {b.index} do not sum to 1: {b.probabilities}"
    return None


def _run_one(document, kwargs: dict) -> dict:
    import boilerfree
    from boilerfree.limits import Limits

    if "limits" in kwargs:
        kwargs = dict(kwargs, limits=Limits(**kwargs["limits"]))
    start = time.perf_counter()
    try:
        blocks = boilerfree.classify(document, **kwargs)
        problem = _check(blocks, boilerfree.LABELS)
        result = {"outcome": "invalid" if problem else "ok", "blocks": len(blocks), "message": problem or ""}
    except boilerfree.BoilerfreeError as exc:
        result = {"outcome": type(exc).__name__, "blocks": 0, "message": str(exc)[:200]}
    except Exception as exc:  # what the fuzz run is looking for
        result = {"outcome": "crash", "blocks": 0, "message": f"{type(exc).__name__}: {exc}"[:300],
                  "traceback": traceback.format_exc()[-3000:]}  # fmt: skip
    result["seconds"] = time.perf_counter() - start
    return result


def _worker(conn) -> None:
    import boilerfree

    boilerfree.classify("<html><body><p>warm up</p><p>the model and its tables</p></body></html>")
    conn.send({"ready": True, "rss": _rss_mb()})
    while True:
        message = conn.recv()
        if message is None:
            return
        document, kwargs = message
        result = _run_one(document, kwargs)
        result["rss"] = _rss_mb()
        result["peak"] = _peak_mb()
        conn.send(result)


class Worker:
    """A worker process with a timeout per input: a hang kills and replaces it."""

    def __init__(self, context) -> None:
        self.context = context
        self.start()

    def start(self) -> None:
        self.conn, child = self.context.Pipe()
        self.process = self.context.Process(target=_worker, args=(child,), daemon=True)
        self.process.start()
        ready = self.conn.recv()
        self.baseline_rss = ready["rss"]

    def run(self, document, kwargs: dict, timeout: float) -> dict:
        try:
            self.conn.send((document, kwargs))
            if self.conn.poll(timeout):
                return self.conn.recv()
            outcome = {"outcome": "hang", "message": f"no answer in {timeout:.0f} s", "seconds": timeout}
        except (EOFError, BrokenPipeError, ConnectionResetError) as exc:
            outcome = {"outcome": "crash", "message": f"worker died: {type(exc).__name__} (exit code "
                       f"{self.process.exitcode})", "seconds": 0.0}  # fmt: skip
        self.stop()
        self.start()
        return outcome

    def stop(self) -> None:
        if self.process.is_alive():
            try:
                self.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
            self.process.join(2)
        if self.process.is_alive():
            self.process.kill()  # only the worker this script started
            self.process.join()


# --- inputs -----------------------------------------------------------------------------------------------------


def own_pages() -> list[str]:
    """This project's own pages: the example and the labelled HTML pages."""
    pages = [(ROOT / "examples" / "paywalled-article.html").read_text(encoding="utf-8")]
    for name in ("html_train.jsonl", "html_eval.jsonl"):
        path = ROOT / "datasets" / "labelled" / name
        if path.is_file():
            for line in path.read_text(encoding="utf-8").split("\n"):
                if line.strip():
                    pages.append(json.loads(line)["html"])
    return pages


def _markup(rng: random.Random, leaves: int) -> str:
    out: list[str] = []
    stack: list[str] = []
    for _ in range(leaves):
        r = rng.random()
        if r < 0.45:
            tag = rng.choice(TAGS)
            attrs = "".join(f' {rng.choice(ATTRIBUTES)}="{rng.choice(SNIPPETS)[:20]}"' for _ in range(rng.randrange(3)))
            out.append(f"<{tag}{attrs}>")
            stack.append(tag)
        elif r < 0.7 and stack:
            tag = stack.pop() if rng.random() < 0.9 else rng.choice(TAGS)
            out.append(f"</{tag}>")
        elif r < 0.85:
            out.append(rng.choice(SNIPPETS))
        else:
            out.append(
                " ".join(rng.choice(["tram", "council", "line", "city", "stops", "the", "a"]) for _ in range(20))
            )
    return "".join(out)


def _mutate(rng: random.Random, data: bytes) -> bytes:
    data = bytearray(data)
    for _ in range(rng.randint(1, 6)):
        i = rng.randrange(len(data) + 1)
        j = min(len(data), i + rng.randrange(1, 500))
        kind = rng.choice(["truncate", "insert", "delete", "repeat", "flip", "tag"])
        if kind == "truncate":
            del data[i:]
        elif kind == "insert":
            data[i:i] = rng.randbytes(rng.randrange(1, 64))
        elif kind == "delete":
            del data[i:j]
        elif kind == "repeat":
            data[i:i] = data[i:j] * rng.randint(2, 200)
        elif kind == "tag":
            data[i:i] = rng.choice([b"<div>", b"</p>", b"<!--", b"<script>", b"\x00", b"<table>", b"<b>" * 50])
        elif i < len(data):
            data[i] ^= rng.randrange(1, 256)
    return bytes(data)


def _encoded(rng: random.Random, page: str) -> bytes:
    actual = rng.choice(ENCODINGS)
    declared = rng.choice([None, "", "bogus", "utf-16", *ENCODINGS])
    if declared is not None:
        page = page.replace("<head>", f'<head><meta charset="{declared}">', 1)
    data = page.encode(actual, "replace")
    if rng.random() < 0.3:
        data = {"utf-8": codecs.BOM_UTF8, "utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(
            actual, b""
        ) + data
    return data


def random_input(family: str, rng: random.Random, pages: list[str]):
    """One input of ``family``: (document, classify keyword arguments)."""
    size = int(math.exp(rng.uniform(0, math.log(2 * MB))))  # 1 byte .. 2 MB, log-uniform
    if family == "bytes":
        return rng.randbytes(size), {}
    if family == "text":
        chars = [chr(rng.randrange(0x110000)) if rng.random() < 0.3 else rng.choice(" \n\tabcdeé<>&;/") for _ in
                 range(min(size, 200_000))]  # fmt: skip
        return "".join(chars), {"format": rng.choice(["auto", "html", "text"])}
    if family == "markup":
        return _markup(rng, rng.randrange(1, 20_000)), {"format": rng.choice(["auto", "html"])}
    if family == "mutated":
        return _mutate(rng, rng.choice(pages).encode("utf-8")), {}
    if family == "truncated":
        data = rng.choice(pages).encode(rng.choice(["utf-8", "utf-16", "cp1252"]), "replace")
        return data[: rng.randrange(len(data) + 1)], {}
    if family == "encoding":
        return _encoded(rng, rng.choice(pages)), {}
    if family == "deep":
        tag = rng.choice(["div", "span", "b", "font", "li", "table><tr><td", "a", "p", "blockquote", "section"])
        depth = rng.randrange(100, 30_000)
        return f"<html><body><p>before</p>{f'<{tag}>' * depth}deep<p>after</p></body></html>", {}
    if family == "blocks":
        unit = rng.choice(["<p>a</p>", "a<br>", "<li>x</li>", "<td>1</td>", PARAGRAPH, "<div><span>w</span></div>"])
        return "<html><body>" + unit * rng.randrange(1_000, 40_000) + "</body></html>", {}
    if family == "attributes":
        value = rng.choice(["x", "a b ", "\"'<>", "display:none;"]) * rng.randrange(1, 500_000)
        return f'<html><body><div class="{value}" style="{value[:9999]}"><p>text</p></div></body></html>', {}
    raise ValueError(family)


FAMILIES = ("bytes", "text", "markup", "mutated", "truncated", "encoding", "deep", "blocks", "attributes")


def named_cases(big: bool) -> list[tuple[str, object, dict]]:
    """The cases the issue names, each run in a fresh process."""
    page20 = ("<html><body>" + PARAGRAPH * (20 * MB // len(PARAGRAPH)) + "</body></html>").encode()
    cases = [
        ("20 MB page (default limits)", page20, {}),
        (
            "10 MB page at max_bytes, 2,000 paragraphs + 9.8 MB script",
            (
                "<html><body>" + PARAGRAPH * 2000 + "<script>" + "x" * (10 * MB - 230_000) + "</script></body></html>"
            ).encode(),
            {},
        ),
        ("20,000 paragraphs (max_blocks, 2 MB)", "<html><body>" + PARAGRAPH * 20_000 + "</body></html>", {}),
        (
            "worst of the defaults: 20,000 paragraphs + `<br>` to 10 MB",
            "<html><body>" + PARAGRAPH * 20_000 + "<br>" * ((10 * MB - 2_030_000) // 4) + "</body></html>",
            {},
        ),
        ("20,000 tiny blocks `a<br>` (max_blocks)", "<html><body>" + "a<br>" * 20_000 + "</body></html>", {}),
        ("million tiny blocks `<p>a</p>` (8 MB)", "<html><body>" + "<p>a</p>" * 1_000_000 + "</body></html>", {}),
        ("million text lines", "a\n" * 1_000_000, {}),
        ("10,000-deep `<div>`", "<html><body>" + "<div>" * 10_000 + "deep" + "</div>" * 10_000 + "</body></html>", {}),
        ("100,000-deep `<font>` unclosed (0.6 MB)", "<p>x" + "<font>x" * 100_000 + "<p>after", {"format": "html"}),
        ("2.5 million `<br>` (10 MB, no text)", "<html><body>" + "<br>" * 2_490_000 + "</body></html>", {}),
        ("random bytes 10 MB", os.urandom(10 * MB), {}),
        ("gzip of a page", gzip.compress(PARAGRAPH.encode() * 1000), {}),
        ("UTF-16 without BOM (2 MB)", ("<html><body>" + PARAGRAPH * 10_000 + "</body></html>").encode("utf-16-le"), {}),
        (
            "5 MB one-token class attribute",
            '<html><body><div class="' + "x" * 5 * MB + '"><p>text</p></div></body>',
            {},
        ),
        ("5 MB one-word text (base64-like)", "QUJD" * (5 * MB // 4), {"format": "text"}),
        (
            "10 MB class attribute (short tokens)",
            '<html><body><div class="' + "ab " * 3_300_000 + '"><p>text</p></div></body>',
            {},
        ),
        ("10 MB text, one line", ("word " * 2_000_000).encode(), {}),
        ("no text, 100,000 images", "<html><body>" + "<div><img src=x></div>" * 100_000 + "</body></html>", {}),
    ]
    if big:
        cases.insert(1, ("20 MB page (limits raised: 25 MB, 10^6 blocks)", page20,
                         {"limits": {"max_bytes": 25 * MB, "max_blocks": 1_000_000}}))  # fmt: skip
    return cases


def _one_off(conn, document, kwargs) -> None:
    import boilerfree

    boilerfree.classify("<html><body><p>warm up</p><p>the model and its tables</p></body></html>")
    baseline = _rss_mb()
    result = _run_one(document, kwargs)
    result["baseline_rss"] = baseline
    result["peak"] = _peak_mb()
    conn.send(result)


def run_named(context, name, document, kwargs, timeout) -> dict:
    conn, child = context.Pipe()
    process = context.Process(target=_one_off, args=(child, document, kwargs), daemon=True)
    process.start()
    if conn.poll(timeout + 60):
        result = conn.recv()
    else:
        result = {"outcome": "hang", "message": f"no answer in {timeout:.0f} s", "seconds": timeout}
    process.join(5)
    if process.is_alive():
        process.kill()  # only the process this script started
        process.join()
    result.update(name=name, size=len(document))
    return result


# --- the run and its report -------------------------------------------------------------------------------------


@dataclass
class Tally:
    tried: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    bytes: int = 0
    seconds: float = 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=150, help="time for the random inputs (default 150)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=120, help="seconds before an input counts as a hang")
    parser.add_argument("--repeat", type=int, default=400, help="calls on one page for the leak check")
    parser.add_argument("--no-big", dest="big", action="store_false", help="skip the 20 MB page with raised limits")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "fuzz.md"))
    parser.add_argument("--failures", default="/tmp/boilerfree-fuzz", help="where failing inputs are saved")
    args = parser.parse_args()
    context = multiprocessing.get_context("fork")
    failures: list[dict] = []
    started = time.time()

    named = []
    for name, document, kwargs in named_cases(args.big):
        result = run_named(context, name, document, kwargs, args.timeout * 3)
        named.append(result)
        print(f"{name}: {result['outcome']} {result.get('seconds', 0):.2f} s, peak {result.get('peak', 0):.0f} MB "
              f"{result.get('message', '')[:80]}", file=sys.stderr, flush=True)  # fmt: skip
        if result["outcome"] in ("crash", "hang", "invalid"):
            failures.append(result)

    pages = own_pages()
    rng = random.Random(args.seed)
    worker = Worker(context)
    baseline_rss = worker.baseline_rss
    tallies = {family: Tally() for family in FAMILIES}
    per_mb: list[tuple[float, str, int, float, str]] = []  # (s/MB, family, size, seconds, outcome) for >= 100 kB
    slowest_small: list[tuple[float, str, int, str]] = []
    rss_trace: list[tuple[int, float]] = []
    peak = 0.0
    deadline = time.perf_counter() + args.seconds
    index = 0
    while time.perf_counter() < deadline:
        family = FAMILIES[index % len(FAMILIES)]
        seed = rng.randrange(1 << 32)
        document, kwargs = random_input(family, random.Random(seed), pages)
        result = worker.run(document, kwargs, args.timeout)
        size = len(document)
        tally = tallies[family]
        tally.tried += 1
        tally.outcomes[result["outcome"]] = tally.outcomes.get(result["outcome"], 0) + 1
        tally.bytes += size
        tally.seconds += result["seconds"]
        peak = max(peak, result.get("peak", 0.0))
        if size >= 100_000:
            per_mb.append((result["seconds"] / (size / MB), family, size, result["seconds"], result["outcome"]))
        else:
            slowest_small.append((result["seconds"], family, size, result["outcome"]))
        if result["outcome"] in ("crash", "hang", "invalid"):
            path = Path(args.failures) / f"{family}-{args.seed}-{index}.bin"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(document if isinstance(document, bytes) else document.encode("utf-8", "surrogatepass"))
            failures.append(dict(result, name=f"{family} #{index} (input seed {seed})", size=size, saved=str(path)))
            print(f"FAIL {family} #{index}: {result['outcome']} {result['message'][:200]}", file=sys.stderr)
        if index % 50 == 0 and "rss" in result:
            rss_trace.append((index, result["rss"]))
        index += 1
    # Leak check: the same page over and over in a fresh worker; its resident memory must level off.
    worker.stop()
    worker = Worker(context)
    repeat_rss: list[tuple[int, float]] = []
    for i in range(1, args.repeat + 1):
        result = worker.run(pages[0], {}, args.timeout)
        if i in (1, 10, 50) or i % max(1, args.repeat // 4) == 0:
            repeat_rss.append((i, result.get("rss", 0.0)))
    worker.stop()

    report = markdown(args, named, tallies, per_mb, slowest_small, rss_trace, repeat_rss, baseline_rss, peak, failures,
                      time.time() - started)  # fmt: skip
    Path(args.out).write_text(report, encoding="utf-8")
    print(report)
    return 1 if failures else 0


def markdown(
    args, named, tallies, per_mb, slowest_small, rss_trace, repeat_rss, baseline_rss, peak, failures, elapsed
) -> str:
    tried = sum(t.tried for t in tallies.values())
    lines = [
        "# Hostile-input fuzz run",
        "",
        f"`python benchmarks/fuzz.py --seconds {args.seconds:g} --seed {args.seed}` on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}; "
        f"{elapsed / 60:.1f} minutes in all. Model: `{os.environ.get('BOILERFREE_MODEL') or 'bundled default'}`. "
        "Default limits (`boilerfree.limits.Limits`) unless a case says otherwise. Times are wall-clock seconds of "
        "one `classify` call (decode, parse, segment, featurize, predict) after the model is loaded.",
        "",
        f"**{tried + len(named):,} inputs** ({len(named)} named cases, {tried:,} random), "
        f"**{len(failures)} failures** (a crash outside `BoilerfreeError`, a hang over {args.timeout:g} s, or a "
        "result breaking the invariants: indices 0..n-1, known labels, probabilities summing to 1).",
        "",
        "## Named cases (each in a fresh process: peak RSS is its own, the loaded model included)",
        "",
        "| case | size | outcome | seconds | s/MB | peak RSS (MB) | RSS before the call (MB) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in named:
        size_mb = r["size"] / MB
        lines.append(
            f"| {r['name']} | {size_mb:.2f} MB | {r['outcome']}"
            f"{': ' + r['message'][:70] if r['outcome'] != 'ok' else ' (' + str(r.get('blocks', 0)) + ' blocks)'} "
            f"| {r.get('seconds', 0):.2f} | {r.get('seconds', 0) / max(size_mb, 1e-9):.2f} | {r.get('peak', 0):.0f} "
            f"| {r.get('baseline_rss', 0):.0f} |"
        )
    lines += [
        "",
        f"## Random inputs ({args.seconds:g} s, seed {args.seed}, one worker process)",
        "",
        "| family | inputs | MB in all | seconds in all | outcomes |",
        "|---|---|---|---|---|",
    ]
    for family, t in tallies.items():
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(t.outcomes.items(), key=lambda kv: -kv[1]))
        lines.append(f"| {family} | {t.tried} | {t.bytes / MB:.1f} | {t.seconds:.1f} | {outcomes} |")
    per_mb.sort(reverse=True)
    slowest_small.sort(reverse=True)
    lines += ["", "Slowest random inputs per MB (inputs of 100 kB or more):", "",
              "| s/MB | family | size | seconds | outcome |", "|---|---|---|---|---|"]  # fmt: skip
    for rate, family, size, seconds, outcome in per_mb[:8]:
        lines.append(f"| {rate:.2f} | {family} | {size / MB:.2f} MB | {seconds:.2f} | {outcome} |")
    if slowest_small:
        s, family, size, outcome = slowest_small[0]
        lines += ["", f"Slowest input under 100 kB: {s:.2f} s ({family}, {size:,} bytes, {outcome})."]
    lines += [
        "",
        f"Worker memory: {baseline_rss:.0f} MB after loading the model, peak {peak:.0f} MB over all random inputs; "
        "resident memory after every 50th input (a leak would grow it): "
        + ", ".join(f"{rss:.0f}" for _, rss in rss_trace[:: max(1, len(rss_trace) // 12)])
        + " MB.",
        "",
        f"Leak check: `examples/paywalled-article.html` classified {args.repeat} times in a fresh worker; resident "
        "memory after call " + ", ".join(f"{i}: {rss:.0f} MB" for i, rss in repeat_rss) + ".",
        "",
        "## Failures",
        "",
    ]
    if not failures:
        lines.append("None.")
    for f in failures:
        lines.append(f"- {f['name']} ({f['size']:,} bytes): **{f['outcome']}** {f['message']}"
                     + (f" — saved to `{f['saved']}`" if f.get("saved") else ""))  # fmt: skip
        if f.get("traceback"):
            lines += ["", "```", f["traceback"].strip(), "```", ""]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
