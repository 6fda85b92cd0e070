"""Speed and memory of boilerfree beside trafilatura and the bare lxml parse, on pages of ../shared/corpora.

Measured in one process on the same decoded pages, the systems interleaved page by page (their order rotating) and
the whole set repeated, so that a noisy machine slows all of them alike:

- pages/s of `boilerfree.clean`, `trafilatura.extract` (the settings of `boilerfree evaluate --compare`) and
  `lxml.html.fromstring` (the floor the targets are set against: any extractor parses), and Lexbor's parse
  (selectolax's `LexborHTMLParser`, the parser boilerfree uses); boilerfree's time split by stage;
- import and model load time, cold, each in a fresh interpreter;
- resident memory while streaming pages through `boilerfree.batch` (after 100, 200, 400 pages: flat is the goal);
- pages/s of `boilerfree clean --jobs 1` and `--jobs 2` on the same JSON lines file;
- a cProfile of `clean` (top functions by own time, and by stage);
- with ``--baseline DIR``: the ``boilerfree`` package of another checkout (the code before a change), timed in the same
  loop, page by page, as one more system: a before/after ratio that a busy machine slows alike on both sides.

The pages are read in place and never written anywhere but a temporary file (for the --jobs run).

usage: python benchmarks/speed.py [--pages 300] [--corpora fundus,cleaneval,wcxb-dev,trafilatura-eval]
           [--repeat 2] [--rss 100,200,400] [--jobs-pages 200] [--profile 200] [--model DIR] [--out benchmarks/speed]
       python benchmarks/speed.py --jobs-only --jobs-pages 400 [--jobs-rounds 2]   # only --jobs 1 vs 2, JSON to stdout
       python benchmarks/speed.py --baseline /tmp/main-checkout   # also time that checkout's boilerfree, interleaved
       python benchmarks/speed.py --save-probabilities /tmp/before.npz [--pages 300]   # before an optimisation
       python benchmarks/speed.py --check-probabilities /tmp/before.npz [--pages 300]  # after: same predictions?
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import hashlib
import importlib.util
import json
import os
import platform
import pstats
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import lxml.html  # noqa: E402
import numpy as np  # noqa: E402

from boilerfree import batch, blocks  # noqa: E402
from boilerfree.blocks import segment  # noqa: E402
from boilerfree.clean import clean  # noqa: E402
from boilerfree.document import load_document  # noqa: E402
from boilerfree.model import combine, load_model, split_scores  # noqa: E402

CORPORA = ROOT.parent / "shared" / "corpora"
DEFAULT_CORPORA = ("fundus", "cleaneval", "wcxb-dev", "trafilatura-eval")
BASELINE = "boilerfree (baseline)"
TARGETS = {
    "vs_trafilatura": 2.0,  # boilerfree pages/s over trafilatura's: at least
    "vs_lxml_parse": 2.0,  # boilerfree time per page over the bare parse's: at most
    "model_load_ms": 100.0,  # at most
    "jobs2_speedup": 1.7,  # pages/s with 2 workers over 1: at least
}


def iter_pages(corpora: list[str]) -> Iterator[tuple[str, str, str]]:
    """(corpus, id, decoded HTML) taking one page from each corpus in turn, read one at a time."""
    readers = [_read_corpus(name) for name in corpora]
    while readers:
        for reader in list(readers):
            try:
                yield next(reader)
            except StopIteration:
                readers.remove(reader)


def _read_corpus(name: str) -> Iterator[tuple[str, str, str]]:
    folder = CORPORA / name
    with open(folder / "pages.jsonl", encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            path = folder / row["html_file"]
            if path.is_file():
                yield name, row["id"], gzip.decompress(path.read_bytes()).decode("utf-8", "replace")


def lxml_parse(html: str):
    try:
        return lxml.html.fromstring(html)
    except ValueError:  # "Unicode strings with encoding declaration are not supported"
        return lxml.html.fromstring(html.encode("utf-8"))


def lexbor_parse(html: str):
    from selectolax.lexbor import LexborHTMLParser

    return LexborHTMLParser(html)


def throughput(pages: list[str], systems: dict[str, Callable[[str], object]], repeat: int) -> dict[str, list[float]]:
    """Seconds per page for every system: the sum over the repeats, the systems interleaved in rotating order."""
    names = list(systems)
    times = {name: [0.0] * len(pages) for name in names}
    for name in names:  # warm-up: lazy tables, first-call imports
        for html in pages[:5]:
            systems[name](html)
    for r in range(repeat):
        for i, html in enumerate(pages):
            shift = (i + r) % len(names)
            for name in names[shift:] + names[:shift]:
                start = time.perf_counter()
                systems[name](html)
                times[name][i] += time.perf_counter() - start
    return times


def stages(pages: list[str], model) -> dict[str, float]:
    """boilerfree's mean ms per page by stage, as `Model.predict_page` runs them: decode + parse, segmentation, the
    features with the first stage's scores (summed from the feature columns: prediction makes no matrix), then the
    probabilities of both stages."""
    names = ("document (decode + parse)", "segmentation", "features + first-stage scores", "model (probabilities)")
    total = dict.fromkeys(names, 0.0)
    keys = list(total)
    for html in pages:
        t0 = time.perf_counter()
        doc = load_document(html)
        t1 = time.perf_counter()
        page = segment(doc)
        t2 = time.perf_counter()
        if page.segments:
            fmt = page.format if page.format in model.heads else "html"
            scores = model.heads[fmt].page_decision(model.featurizer, page)
            t3 = time.perf_counter()
            content, types = split_scores(scores)
            second = model.stage2.get(fmt)
            if second is not None:
                content = second.content_proba(content, types, page)
            combine(content, types)
            t4 = time.perf_counter()
        else:
            t3 = t4 = t2
        for key, dt in zip(keys, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            total[key] += dt
    return {k: 1000 * v / len(pages) for k, v in total.items()}


def cold_start(model: str | None, runs: int = 5) -> dict[str, float]:
    """Median ms, each run in a fresh interpreter: bare start, import boilerfree, load_model, first clean."""
    code = (
        "import time, json; t0 = time.perf_counter(); import boilerfree; t1 = time.perf_counter(); "
        f"m = boilerfree.load_model({model!r}); t2 = time.perf_counter(); "
        "boilerfree.clean('<html><body><p>A first page, to pay for what the first call loads lazily.</p></body>"
        "</html>', model=m); t3 = time.perf_counter(); "
        "print(json.dumps([t1 - t0, t2 - t1, t3 - t2]))"
    )
    rows, bare = [], []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - start)
        done = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT)
        rows.append(json.loads(done.stdout))
    import_s, load_s, first_s = (statistics.median(col) for col in zip(*rows))
    return {"python_start_ms": 1000 * statistics.median(bare), "import_ms": 1000 * import_s,
            "load_model_ms": 1000 * load_s, "first_clean_ms": 1000 * first_s}  # fmt: skip


def _rss_kib() -> tuple[int, int]:
    """(current, peak) resident set size of this process in KiB, from /proc."""
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


def rss_worker(corpora: list[str], checkpoints: list[int], model: str | None) -> None:
    """Run in a fresh process: stream pages through `boilerfree.batch` to /dev/null; print RSS at checkpoints."""
    records = (batch.Record(f"{c}/{i}", html, {"url": f"{c}/{i}"}) for c, i, html in iter_pages(corpora))
    out = []
    done = 0
    with open(os.devnull, "w") as sink:
        for record, outcome in batch.clean_records(records, model, jobs=1):
            sink.write(json.dumps(batch.json_row(record, outcome)) + "\n")
            done += 1
            if done in checkpoints:
                rss, peak = _rss_kib()
                out.append({"pages": done, "rss_mib": rss / 1024, "peak_mib": peak / 1024})
            if done >= max(checkpoints):
                break
    print(json.dumps(out))


def memory(corpora: list[str], checkpoints: list[int], model: str | None) -> list[dict]:
    command = [sys.executable, __file__, "--rss-worker", "--corpora", ",".join(corpora),
               "--rss", ",".join(map(str, checkpoints))] + (["--model", model] if model else [])  # fmt: skip
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def jobs_scaling(corpora: list[str], n: int, model: str | None, rounds: int = 2) -> dict:
    """pages/s of the batch path with 1 and 2 worker processes on the same JSON lines file (written to a
    temporary file, deleted after), alternating, ``rounds`` times each; and the CPU ms per page that the parent
    process spent (all its threads: what competes with the workers for the cores) and that the workers spent."""
    rates: dict[str, list[float]] = {"1": [], "2": []}
    parent_ms: dict[str, list[float]] = {"1": [], "2": []}
    workers_ms: dict[str, list[float]] = {"1": [], "2": []}
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "pages.jsonl"
        with open(source, "w", encoding="utf-8") as f:
            for k, (c, i, html) in enumerate(iter_pages(corpora)):
                if k >= n:
                    break
                f.write(json.dumps({"url": f"{c}/{i}", "html": html}) + "\n")
        for _ in range(rounds):
            for jobs in (1, 2):
                loaded = load_model(model) if jobs == 1 else model
                with open(os.devnull, "w") as sink:
                    before = _cpu_seconds()
                    summary = batch.run([str(source)], sink, json_output=True, model=loaded, jobs=jobs, drop_html=True)
                    after = _cpu_seconds()  # the workers are joined by then, so counted as children
                rates[str(jobs)].append(summary.records / summary.seconds)
                parent_ms[str(jobs)].append(1000 * (after[0] - before[0]) / summary.records)
                workers_ms[str(jobs)].append(1000 * (after[1] - before[1]) / summary.records)
    return {"rates": rates, "parent_cpu_ms_per_page": parent_ms, "workers_cpu_ms_per_page": workers_ms}


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its children that have ended."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def profile(pages: list[str], model, top: int = 20) -> dict:
    """cProfile of `clean` on the pages: the top functions by own time, and the cumulative time of each stage."""
    profiler = cProfile.Profile()
    profiler.enable()
    for html in pages:
        clean(html, model=model)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    rows = []
    for (file, line, func), (_, calls, own, cumulative, _) in stats.stats.items():
        rows.append({"function": _where(file, line, func), "calls": calls, "own_s": own, "cumulative_s": cumulative})
    rows.sort(key=lambda r: -r["own_s"])
    by_stage: dict[str, float] = {}
    for (file, _, func), (_, _, _, cumulative, _) in stats.stats.items():
        label = STAGES.get((_short(file), func))
        if label:
            by_stage[label] = by_stage.get(label, 0.0) + cumulative
    return {"pages": len(pages), "total_s": total, "top": rows[:top],
            "stages": dict(sorted(by_stage.items(), key=lambda kv: -kv[1]))}  # fmt: skip


# (file, function) -> stage, for the profile's breakdown; rows nest as the call tree does
STAGES = {
    ("boilerfree/document.py", "load_document"): "document: decode + Lexbor parse",
    ("boilerfree/blocks.py", "segment_html"): "blocks: segmentation walk",
    ("boilerfree/features/__init__.py", "product"): "features: all (and the first stage's scores)",
    ("boilerfree/features/__init__.py", "dense"): "features: numeric families",
    ("boilerfree/features/paywall.py", "numeric"): "features: numeric: paywall (lexicon + class tokens)",
    ("boilerfree/rules.py", "lexicon_hits_many"): "features: numeric: paywall: lexicon (automaton + regexes)",
    ("boilerfree/rules.py", "lexicon_hits_array"): "features: numeric: paywall: lexicon (automaton + regexes)",
    ("boilerfree/features/text.py", "numeric"): "features: numeric: text",
    ("boilerfree/features/dom.py", "numeric"): "features: numeric: dom",
    ("boilerfree/features/prose.py", "numeric"): "features: numeric: prose",
    ("boilerfree/features/page.py", "numeric"): "features: numeric: page",
    ("boilerfree/features/stopwords.py", "guess_language"): "features: numeric: language guess",
    ("boilerfree/features/stopwords.py", "guess_language_of_blocks"): "features: numeric: language guess",
    # transform builds the lexical token lists; the DOM and bucket tokens' columns come from hashed pieces and tables
    ("boilerfree/features/lexical.py", "tokens"): "features: tokens (lexical lists, dom and bucket columns)",
    ("boilerfree/features/dom.py", "token_columns"): "features: tokens (lexical lists, dom and bucket columns)",
    ("boilerfree/features/text.py", "token_columns"): "features: tokens (lexical lists, dom and bucket columns)",
    ("boilerfree/hashing.py", "transform_parts"): "features: hashing (MurmurHash3, numpy)",
    ("boilerfree/features/__init__.py", "_stack"): "features: sparse matrix assembly",
    ("boilerfree/features/__init__.py", "_hashed_product"): "first stage: the scores of the hashed and dense columns",
    ("boilerfree/features/__init__.py", "block_words"): "features: word split",
    ("boilerfree/model.py", "split_scores"): "model: first stage's probabilities",
    ("boilerfree/model.py", "content_proba"): "model: second stage (features + logistic)",
}


def _short(file: str) -> str:
    parts = Path(file).parts
    if "boilerfree" in parts:
        return "/".join(parts[len(parts) - 1 - parts[::-1].index("boilerfree") :])
    return "/".join(parts[-2:])


def _where(file: str, line: int, func: str) -> str:
    return func if file == "~" else f"{_short(file)}:{line}({func})"


def probabilities(pages: list[str], model) -> tuple[np.ndarray, np.ndarray, str, str]:
    """P(label) of every block of the pages (as `classify` computes them), blocks per page, a digest of the block
    texts (segmentation must not change either) and one of the feature matrices (columns a model leaves at zero
    weight must not change either)."""
    rows, counts = [], []
    texts, features = hashlib.sha256(), hashlib.sha256()
    for html in pages:
        page = segment(load_document(html))
        rows.append(model.predict_page(page))
        counts.append(len(page.segments))
        for seg in page.segments:
            texts.update(seg.text.encode("utf-8") + b"\0")
        X = model.featurizer.transform(page)
        X.sum_duplicates()
        X.sort_indices()
        for array in (X.indptr, X.indices, X.data):
            features.update(np.ascontiguousarray(array).tobytes())
    return np.vstack(rows), np.array(counts), texts.hexdigest(), features.hexdigest()


def check_probabilities(path: str, pages: list[str], model) -> dict:
    reference = np.load(path, allow_pickle=False)
    proba, counts, texts, features = probabilities(pages, model)
    same_blocks = bool(np.array_equal(counts, reference["counts"])) and texts == str(reference["texts"])
    result = {"pages": len(pages), "blocks": int(counts.sum()), "same_blocks": same_blocks,
              "same_features": features == str(reference["features"])}  # fmt: skip
    if same_blocks:
        diff = np.abs(proba.astype(np.float64) - reference["proba"].astype(np.float64))
        result.update(max_abs_diff=float(diff.max()) if diff.size else 0.0,
                      allclose_1e6=bool(np.allclose(proba, reference["proba"], atol=1e-6, rtol=0)),
                      bit_identical=bool(np.array_equal(proba, reference["proba"])))  # fmt: skip
    return result


def load_baseline(checkout: str, model_dir: str | None) -> Callable[[str], str]:
    """``clean`` of the ``boilerfree`` package in ``checkout``, imported as ``boilerfree_baseline`` beside this one
    (the package imports itself relatively, so both load in one process), with the same model."""
    package = Path(checkout) / "boilerfree"
    spec = importlib.util.spec_from_file_location(
        "boilerfree_baseline", package / "__init__.py", submodule_search_locations=[str(package)]
    )
    if spec is None or spec.loader is None:
        sys.exit(f"speed.py: no boilerfree package in {checkout}")
    module = importlib.util.module_from_spec(spec)
    sys.modules["boilerfree_baseline"] = module
    # its compiled modules are its own: its `speedups` imports "boilerfree._walk" and "boilerfree._features" by
    # name, which are this checkout's while it loads (a checkout without them built runs its Python code)
    names = [f"boilerfree.{name}" for name in ("_walk", "_features")]
    ours = {name: sys.modules.get(name) for name in names}
    try:
        for name in names:
            built = sorted(package.glob(name.split(".")[1] + ".*.so")) + sorted(
                package.glob(name.split(".")[1] + ".*.pyd")
            )
            sys.modules[name] = (
                _load_extension(f"boilerfree_baseline.{name.split('.')[1]}", built[0]) if built else None
            )
        spec.loader.exec_module(module)
    finally:
        for name, own in ours.items():
            if own is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = own
    model = module.load_model(model_dir)
    return lambda html: module.clean(html, model=model)


def _load_extension(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        sys.exit(f"speed.py: cannot load {path}")
    extension = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(extension)
    return extension


def markdown(result: dict, command: str) -> str:
    t = result["throughput"]
    lines = [
        "# Speed of boilerfree beside trafilatura and the bare lxml parse",
        "",
        f"`{command}`",
        "",
        f"{result['pages']} pages ({', '.join(f'{k} {v}' for k, v in result['pages_per_corpus'].items())}), "
        f"{result['repeat']} passes, systems interleaved page by page; one process, one core. Machine: "
        f"{result['machine']['cpu']}, {result['machine']['cores']} cores, load average "
        f"{result['machine']['load_before']} before and {result['machine']['load_after']} after (the machine is "
        "shared: absolute figures are noisy, the ratios less so). Model: "
        f"{result['model']}. Segmentation walk: {result.get('walk', 'Python')}.",
        "",
        "| system | pages/s | mean ms/page | median ms/page | p90 ms/page |",
        "|---|---|---|---|---|",
    ]
    for name, row in t["systems"].items():
        lines.append(f"| {name} | {row['pages_per_s']:.1f} | {row['mean_ms']:.2f} | {row['median_ms']:.2f} | "
                     f"{row['p90_ms']:.2f} |")  # fmt: skip
    r = t["ratios"]
    j = result.get("jobs")
    lines += ["", "| target | measured | goal | met |", "|---|---|---|---|"]
    checks = [
        ("boilerfree pages/s ÷ trafilatura pages/s", r["vs_trafilatura"], f"≥ {TARGETS['vs_trafilatura']}",
         r["vs_trafilatura"] >= TARGETS["vs_trafilatura"]),
        ("boilerfree time ÷ lxml parse time (mean per page)", r["vs_lxml_parse"], f"≤ {TARGETS['vs_lxml_parse']}",
         r["vs_lxml_parse"] <= TARGETS["vs_lxml_parse"]),
        ("model load, cold (ms)", result["cold"]["load_model_ms"], f"≤ {TARGETS['model_load_ms']:.0f}",
         result["cold"]["load_model_ms"] <= TARGETS["model_load_ms"]),
    ]  # fmt: skip
    if j:
        checks.append(("pages/s with --jobs 2 ÷ --jobs 1", j["speedup"], f"≥ {TARGETS['jobs2_speedup']}",
                       j["speedup"] >= TARGETS["jobs2_speedup"]))  # fmt: skip
    for name, value, goal, met in checks:
        lines.append(f"| {name} | {value:.2f} | {goal} | {'yes' if met else '**no**'} |")
    lines += [
        "",
        f"Median of the per-page ratios: boilerfree ÷ trafilatura time {r['median_page_vs_trafilatura']:.2f}, "
        f"boilerfree ÷ lxml parse time {r['median_page_vs_lxml_parse']:.2f}.",
        *_baseline_lines(result),
        "",
        "boilerfree's time by stage (mean ms per page, one pass):",
        "",
        "| stage | ms/page | share |",
        "|---|---|---|",
    ]
    stage_total = sum(result["stages"].values()) or 1.0
    for name, ms in result["stages"].items():
        lines.append(f"| {name} | {ms:.2f} | {ms / stage_total:.0%} |")
    c = result["cold"]
    lines += [
        "",
        "## Start-up, cold (median of 5 fresh interpreters)",
        "",
        f"Python itself {c['python_start_ms']:.0f} ms; `import boilerfree` {c['import_ms']:.0f} ms; `load_model()` "
        f"{c['load_model_ms']:.0f} ms; the first `clean` of a one-paragraph page {c['first_clean_ms']:.0f} ms (what "
        "loads lazily on first use: mostly the stop-word index of 58 languages). Prediction does not import "
        "scikit-learn (`boilerfree/hashing.py` computes FeatureHasher's columns with numpy).",
    ]
    if result.get("memory"):
        lines += ["", "## Memory while streaming (`boilerfree.batch`, one process)", "",
                  "| pages cleaned | RSS (MiB) | peak RSS (MiB) |", "|---|---|---|"]  # fmt: skip
        for row in result["memory"]:
            lines.append(f"| {row['pages']} | {row['rss_mib']:.0f} | {row['peak_mib']:.0f} |")
    if j:
        lines += [
            "",
            f"## Worker processes ({j['pages']} pages as JSON lines, `boilerfree.batch.run`, alternating runs)",
            "",
            f"--jobs 1: {', '.join(f'{x:.1f}' for x in j['rates']['1'])} pages/s; --jobs 2: "
            f"{', '.join(f'{x:.1f}' for x in j['rates']['2'])} pages/s; speed-up (best of each) {j['speedup']:.2f}. "
            "CPU ms per page spent in the parent process: --jobs 1 "
            f"{', '.join(f'{x:.2f}' for x in j['parent_cpu_ms_per_page']['1'])}; --jobs 2 "
            f"{', '.join(f'{x:.2f}' for x in j['parent_cpu_ms_per_page']['2'])}; in the workers: --jobs 2 "
            f"{', '.join(f'{x:.2f}' for x in j['workers_cpu_ms_per_page']['2'])}. "
            "Two workers reach 2× only on two idle cores (the reader and writer run in the parent): compare the "
            "load average above.",
        ]
    if result.get("profile"):
        p = result["profile"]
        lines += [
            "",
            f"## Profile of `clean` (cProfile, {p['pages']} pages, {p['total_s']:.1f} s with the profiler's overhead)",
            "",
            "By stage (cumulative; stages nest: 'features: all' holds the feature rows below it):",
            "",
            "| stage | s | share of total |",
            "|---|---|---|",
        ]
        for name, seconds in p["stages"].items():
            lines.append(f"| {name} | {seconds:.2f} | {seconds / p['total_s']:.0%} |")
        lines += [
            "",
            "Top functions by own time:",
            "",
            "| function | calls | own s | cumulative s |",
            "|---|---|---|---|",
        ]
        for row in p["top"]:
            lines.append(f"| `{row['function']}` | {row['calls']:,} | {row['own_s']:.2f} | {row['cumulative_s']:.2f} |")
    if result.get("check"):
        lines += ["", "## Same predictions", "", "```", json.dumps(result["check"]), "```"]
    return "\n".join(lines) + "\n"


def _baseline_lines(result: dict) -> list[str]:
    base = result.get("baseline")
    if not base:
        return []
    r = result["throughput"]["ratios"]
    return [
        "",
        f"Baseline ({base['checkout']}, timed in the same loop): its time ÷ this boilerfree's "
        f"{r['baseline_vs_boilerfree']:.3f} (median per page {r['median_page_baseline_vs_boilerfree']:.3f}); "
        f"its pages/s ÷ trafilatura's {r['baseline_vs_trafilatura']:.2f}, its time ÷ the lxml parse's "
        f"{r['baseline_vs_lxml_parse']:.2f}; the same cleaned text on {base['same_text']} of {result['pages']} pages.",
    ]


def summarise(times: dict[str, list[float]], repeat: int) -> dict:
    systems = {}
    for name, per_page in times.items():
        ms = np.array(per_page) / repeat * 1000
        systems[name] = {"pages_per_s": 1000 / ms.mean(), "mean_ms": float(ms.mean()),
                         "median_ms": float(np.median(ms)), "p90_ms": float(np.percentile(ms, 90))}  # fmt: skip
    bf, tr, lx = (np.array(times[k]) for k in ("boilerfree", "trafilatura", "lxml parse"))
    ratios = {
        "vs_trafilatura": systems["boilerfree"]["pages_per_s"] / systems["trafilatura"]["pages_per_s"],
        "vs_lxml_parse": systems["boilerfree"]["mean_ms"] / systems["lxml parse"]["mean_ms"],
        "median_page_vs_trafilatura": float(np.median(bf / np.maximum(tr, 1e-9))),
        "median_page_vs_lxml_parse": float(np.median(bf / np.maximum(lx, 1e-9))),
    }
    if BASELINE in times:
        base = np.array(times[BASELINE])
        ratios.update({
            "baseline_vs_boilerfree": systems[BASELINE]["mean_ms"] / systems["boilerfree"]["mean_ms"],
            "median_page_baseline_vs_boilerfree": float(np.median(base / np.maximum(bf, 1e-9))),
            "baseline_vs_trafilatura": systems[BASELINE]["pages_per_s"] / systems["trafilatura"]["pages_per_s"],
            "baseline_vs_lxml_parse": systems[BASELINE]["mean_ms"] / systems["lxml parse"]["mean_ms"],
        })  # fmt: skip
    return {"systems": systems, "ratios": ratios}


def _cpu() -> str:
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def jobs_result(corpora: list[str], args: argparse.Namespace) -> dict:
    scaling = jobs_scaling(corpora, args.jobs_pages, args.model, args.jobs_rounds)
    rates = scaling["rates"]
    return {"pages": args.jobs_pages, **scaling, "speedup": max(rates["2"]) / max(rates["1"]),
            "load": " / ".join(f"{x:.2f}" for x in os.getloadavg())}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300, help="pages for throughput (default 300)")
    parser.add_argument("--corpora", default=",".join(DEFAULT_CORPORA), help="corpora, comma-separated")
    parser.add_argument("--repeat", type=int, default=2, help="passes over the pages (default 2)")
    parser.add_argument("--rss", default="100,200,400", help="RSS checkpoints in pages ('' to skip)")
    parser.add_argument("--jobs-pages", type=int, default=200, help="pages for the --jobs run (0 to skip)")
    parser.add_argument("--jobs-rounds", type=int, default=2, help="alternating --jobs 1 / 2 runs (default 2)")
    parser.add_argument("--jobs-only", action="store_true", help="only the --jobs run: print its figures as JSON")
    parser.add_argument("--profile", type=int, default=200, help="pages to profile (0 to skip)")
    parser.add_argument("--model", help="a model directory (default: the bundled model, or $BOILERFREE_MODEL)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "speed"), help="writes OUT.md and OUT.json")
    parser.add_argument("--save-probabilities", metavar="FILE.npz", help="only save classify's probabilities")
    parser.add_argument("--check-probabilities", metavar="FILE.npz", help="only compare them with a saved run")
    parser.add_argument("--baseline", metavar="DIR", help="also time the boilerfree package of this checkout")
    parser.add_argument("--rss-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    corpora = [c for c in args.corpora.split(",") if c]
    checkpoints = [int(x) for x in args.rss.split(",") if x]
    if args.rss_worker:
        rss_worker(corpora, checkpoints, args.model)
        return
    missing = [c for c in corpora if not (CORPORA / c / "pages.jsonl").is_file()]
    if missing:
        sys.exit(f"speed.py: no corpus {', '.join(missing)} in {CORPORA}")
    if args.jobs_only:
        print(json.dumps(jobs_result(corpora, args), indent=1))
        return
    model = load_model(args.model)
    pages_by_corpus: dict[str, int] = {}
    pages: list[str] = []
    for corpus, _, html in iter_pages(corpora):
        if len(pages) >= args.pages:
            break
        pages.append(html)
        pages_by_corpus[corpus] = pages_by_corpus.get(corpus, 0) + 1
    if args.save_probabilities:
        proba, counts, texts, features = probabilities(pages, model)
        np.savez(args.save_probabilities, proba=proba, counts=counts, texts=np.array(texts),
                 features=np.array(features))  # fmt: skip
        print(f"saved P(label) of {counts.sum()} blocks of {len(pages)} pages to {args.save_probabilities}")
        return
    if args.check_probabilities:
        print(json.dumps(check_probabilities(args.check_probabilities, pages, model)))
        return
    from boilerfree.peers import PEERS

    trafilatura = PEERS["trafilatura"]()
    load_before = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    systems = {
        "lxml parse": lxml_parse,
        "Lexbor parse": lexbor_parse,
        "boilerfree": lambda html: clean(html, model=model),
        "trafilatura": trafilatura,
    }
    baseline = None
    if args.baseline:
        systems[BASELINE] = load_baseline(args.baseline, args.model)
        same_text = sum(systems[BASELINE](html) == systems["boilerfree"](html) for html in pages)
        baseline = {"checkout": args.baseline, "same_text": same_text}
    print(f"throughput: {len(pages)} pages x {args.repeat}", file=sys.stderr)
    times = throughput(pages, systems, args.repeat)
    result: dict = {"pages": len(pages), "pages_per_corpus": pages_by_corpus, "repeat": args.repeat,
                    "model": args.model or os.environ.get("BOILERFREE_MODEL") or "bundled default",
                    "walk": "Python" if blocks._compiled is None else "compiled (boilerfree._walk)",
                    "throughput": summarise(times, args.repeat), "stages": stages(pages, model)}  # fmt: skip
    if baseline:
        result["baseline"] = baseline
    print("cold start", file=sys.stderr)
    result["cold"] = cold_start(args.model)
    if checkpoints:
        print("memory", file=sys.stderr)
        result["memory"] = memory(corpora, checkpoints, args.model)
    if args.jobs_pages:
        print("jobs", file=sys.stderr)
        result["jobs"] = jobs_result(corpora, args)
    if args.profile:
        print("profile", file=sys.stderr)
        result["profile"] = profile(pages[: args.profile], model)
    import lxml
    import selectolax
    import trafilatura as trafilatura_package

    load_after = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    result["machine"] = {"cpu": _cpu(), "cores": os.cpu_count(), "python": platform.python_version(),
                         "lxml": lxml.__version__, "selectolax": selectolax.__version__,
                         "trafilatura": trafilatura_package.__version__,
                         "load_before": load_before, "load_after": load_after}  # fmt: skip
    command = "python benchmarks/speed.py " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    out = Path(args.out)
    out.with_suffix(".json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    out.with_suffix(".md").write_text(markdown(result, command.strip()), encoding="utf-8")
    print(markdown(result, command.strip()))


if __name__ == "__main__":
    main()
