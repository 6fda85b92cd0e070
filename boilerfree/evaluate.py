"""`boilerfree evaluate`: score boilerfree, and the peers that are installed, on pages whose main content is known.

Every page is read once (`boilerfree.corpus.read_any`: a corpus in the shared layout or block-labelled JSON lines)
and given to every system in turn, so all of them see the same pages in the same process; each system's time is
measured around its extract call only. Metrics are those of `boilerfree.metrics`:

- token P/R/F1 per page against the gold text: the corpus's ``gold_text``, or on block-labelled pages the text of
  the ``content`` blocks. Pages without gold, or whose gold has no word, get no token score (a perfect output is
  then undefined); empty output against real gold scores 0. Mean and median over the scored pages.
- segment P/R/F1 on pages with with/without snippets, counts summed over pages.
- leaked lines (`metrics.leaked_lines`), and the share of pages with at least one.
- boilerfree only: block-level P/R/F1 per label and the confusion matrix on pages with block labels (gold blocks
  matched to the page's blocks by text, in order: `align.label_by_blocks`); a precision-recall curve over the
  threshold, derived from one classification of each page (`metrics.token_prf_by_threshold`); and the worst pages.

boilerfree's output is the blocks with P(content) at or above the threshold, joined by lines: exactly
``clean(document, threshold)``, taken from the blocks of one `label_page` call.
"""

from __future__ import annotations

import heapq
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from .blocks import Block, Page, segment
from .clean import label_page
from .corpus import LabelledPage, read_any
from .document import load_document
from .errors import BoilerfreeError, InputError
from .explain import explain_page
from .labels import CONTENT
from .learn import block_labels
from .metrics import block_report, leaked_lines, segment_counts, segment_prf, token_prf, token_prf_by_threshold
from .model import Model, load_model
from .peers import load_peers

BOILERFREE = "boilerfree"
CURVE_THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(21))
WORST_PAGES = 10
_WARM_UP = "<html><body><article><h1>Warm up</h1><p>A first paragraph of a short page.</p></article></body></html>"

EXPLAIN_FEATURES = 3  # features named under each wrong block of the worst pages (`boilerfree.explain`)


@dataclass
class PageScore:
    """One system's output on one page, scored; None where the page gives nothing to score against."""

    page: str  # "source/id"
    token: tuple[float, float, float] | None = None  # P, R, F1 against the gold text
    segment: tuple[int, int, int, int] | None = None  # TP, FP, FN, TN of the with/without snippets
    leaked: int = 0  # leaked lines (metrics.leaked_lines)
    seconds: float = 0.0  # time of the extract call
    error: str | None = None  # the system raised: its output counts as empty


@dataclass
class SystemScores:
    """Every page one system was run on, and their summary."""

    name: str
    pages: list[PageScore] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Token P/R/F1 means and F1 median, segment P/R/F1 from summed counts, leaked lines and the share of pages
        with one, pages/s, errors; a metric no page could give is None."""
        token = [p.token for p in self.pages if p.token is not None]
        segments = [p.segment for p in self.pages if p.segment is not None]
        seconds = sum(p.seconds for p in self.pages)
        row: dict[str, Any] = {
            "pages": len(self.pages), "errors": sum(p.error is not None for p in self.pages),
            "token_pages": len(token), "token_p": None, "token_r": None, "token_f1": None, "token_f1_median": None,
            "segment_pages": len(segments), "segment_p": None, "segment_r": None, "segment_f1": None,
            "leaked_lines": sum(p.leaked for p in self.pages),
            "leak_pages": sum(p.leaked > 0 for p in self.pages) / len(self.pages) if self.pages else None,
            "pages_per_s": len(self.pages) / seconds if seconds else None,
        }  # fmt: skip
        if token:
            row["token_p"], row["token_r"], row["token_f1"] = (statistics.mean(t[i] for t in token) for i in range(3))
            row["token_f1_median"] = statistics.median(t[2] for t in token)
        if segments:
            counts = [sum(s[i] for s in segments) for i in range(4)]
            row["segment_p"], row["segment_r"], row["segment_f1"] = segment_prf(*counts)
        return row


@dataclass
class WorstPage:
    """A page boilerfree scored worst on, kept whole for the report."""

    id: str
    source: str
    score: float  # token F1, or the page's segment F1 where it has only snippets
    token: tuple[float, float, float] | None
    blocks: list[Block]
    gold_labels: list[str]  # per block: from its block labels, or its gold text aligned; "" when unknown
    explanations: list[list[tuple[str, float]]] | None = None  # per block: (feature, effect) pairs, `explain_page`


@dataclass
class Evaluation:
    """What `evaluate` measured: per system scores, and boilerfree's block scores, curve and worst pages."""

    data: list[str]
    model: str
    threshold: float | None  # None: each head's own
    systems: dict[str, SystemScores]
    skipped: list[str]  # peers asked for but not installed
    blocks: dict | None  # metrics.block_report of boilerfree over the pages with block labels, else None
    curve: list[dict]  # per threshold: mean token P/R/F1 over gold pages, segment P/R/F1 over snippet pages
    worst: list[WorstPage]

    def summary(self) -> dict[str, dict[str, Any]]:
        return {name: system.summary() for name, system in self.systems.items()}

    def to_dict(self) -> dict[str, Any]:
        """Everything, as JSON-ready values: per-page scores included, worst pages with their blocks."""
        return {
            "data": self.data, "model": self.model, "threshold": self.threshold, "skipped": self.skipped,
            "summary": self.summary(), "blocks": self.blocks, "curve": self.curve,
            "pages": {name: [asdict(p) for p in s.pages] for name, s in self.systems.items()},
            "worst": [
                {"id": w.id, "source": w.source, "score": w.score, "token": w.token, "explanations": w.explanations,
                 "blocks": [{"text": b.text, "label": b.label, "score": b.score, "gold": g}
                            for b, g in zip(w.blocks, w.gold_labels)]}
                for w in self.worst
            ],
        }  # fmt: skip

    def table(self) -> str:
        """The summary as a plain-text table, one row per system."""
        return format_table(self.summary(), self.blocks)


def gold_text(lp: LabelledPage) -> str | None:
    """The text a perfect extraction gives: the corpus's gold text, or the content blocks of a block-labelled page
    joined by lines; None when the page has neither."""
    if lp.gold_text is not None:
        return lp.gold_text
    if lp.block_labels is not None:
        return "\n".join(text for text, label in lp.block_labels if label == CONTENT)
    return None


def score_output(lp: LabelledPage, output: str, gold: str | None) -> PageScore:
    """Token, segment and leak scores of one output (see the module docstring for empty output and empty gold)."""
    score = PageScore(f"{lp.source}/{lp.id}")
    if gold is not None and gold.strip():
        score.token = token_prf(output, gold)
    if lp.with_snippets is not None or lp.without_snippets is not None:
        score.segment = segment_counts(output, lp.with_snippets or [], lp.without_snippets or [])
    reference = gold if gold is not None else "\n".join(lp.with_snippets or [])
    score.leaked = len(leaked_lines(output, reference))
    return score


def _page_rank(score: PageScore) -> float | None:
    """What 'worst' sorts on: token F1, else the page's own segment F1."""
    if score.token is not None:
        return score.token[2]
    if score.segment is not None and (score.segment[0] + score.segment[1] + score.segment[2]):
        return segment_prf(*score.segment)[2]
    return None


class _Curve:
    """Sums over pages, per threshold, of token P/R/F1 and segment counts: the precision-recall curve."""

    def __init__(self, thresholds: tuple[float, ...]):
        self.thresholds = thresholds
        self.token = [[0.0, 0.0, 0.0] for _ in thresholds]
        self.token_pages = 0
        self.segment = [[0, 0, 0, 0] for _ in thresholds]
        self.segment_pages = 0

    def add(self, blocks: list[Block], lp: LabelledPage, gold: str | None) -> None:
        pairs = [(b.text, b.score) for b in blocks]
        if gold is not None and gold.strip():
            self.token_pages += 1
            for sums, prf in zip(self.token, token_prf_by_threshold(pairs, gold, list(self.thresholds))):
                for i in range(3):
                    sums[i] += prf[i]
        if lp.with_snippets is not None or lp.without_snippets is not None:
            self.segment_pages += 1
            for sums, t in zip(self.segment, self.thresholds):
                output = "\n".join(text for text, score in pairs if score >= t)
                counts = segment_counts(output, lp.with_snippets or [], lp.without_snippets or [])
                for i in range(4):
                    sums[i] += counts[i]

    def points(self) -> list[dict]:
        out = []
        for t, token, counts in zip(self.thresholds, self.token, self.segment):
            point: dict[str, Any] = {"threshold": t}
            if self.token_pages:
                point.update(zip(("token_p", "token_r", "token_f1"), (v / self.token_pages for v in token)))
            if self.segment_pages:
                point.update(zip(("segment_p", "segment_r", "segment_f1"), segment_prf(*counts)))
            out.append(point)
        return out


def _timed(extract: Callable[..., Any], *args: Any) -> tuple[Any, float, str | None]:
    """(result, seconds, error) of one extract call; an exception becomes the error and a None result."""
    start = time.perf_counter()
    try:
        result, error = extract(*args), None
    except BoilerfreeError as exc:
        result, error = None, str(exc)
    except Exception as exc:  # a peer failing on one page must not end the run
        result, error = None, f"{type(exc).__name__}: {exc}"
    return result, time.perf_counter() - start, error


def _classify(lp: LabelledPage, model: Model, threshold: float | None) -> tuple[Page, list[Block]]:
    page = segment(load_document(lp.document, lp.format))
    return page, label_page(page, model, threshold)


def _pages(data: Iterable[str | Path], limit: int | None) -> Iterable[LabelledPage]:
    for path in data:
        yield from islice(read_any(Path(path), limit), limit)


def evaluate(
    data: str | Path | Iterable[str | Path], model: Model | str | Path | None = None, compare: Iterable[str] = (),
    threshold: float | None = None, limit: int | None = None, worst: int = WORST_PAGES,
    explain: int = EXPLAIN_FEATURES, progress: bool = False, notices: TextIO | None = None,
) -> Evaluation:  # fmt: skip
    """Score boilerfree, and every peer of ``compare`` that is installed (`boilerfree.peers`), on labelled pages.

    ``data``: corpus folders in the shared layout (``pages.jsonl`` + ``html/``), block-labelled ``.jsonl`` files
    (``datasets/README.md``) or folders of them, scored together; ``limit``: the first N pages of each.
    ``threshold``: boilerfree keeps blocks with P(content) at or above it (default: the model's, per head).
    ``worst``: how many of the lowest-scoring pages to keep, with their blocks, for the report; ``explain``: how many
    features (`boilerfree.explain`) to name under each block of those pages, 0 for none. Missing peers are named on
    ``notices`` (default stderr); peers run on HTML pages only. Raises InputError for a DATA that does not exist or
    an unknown peer name.
    """
    paths = [data] if isinstance(data, (str, Path)) else list(data)
    for path in paths:
        if not Path(path).exists():
            raise InputError(f"{path}: no such file or folder")
    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise InputError(f"threshold must be between 0 and 1, not {threshold}")
    model_name = str(model) if model is not None and not isinstance(model, Model) else ""
    model = model if isinstance(model, Model) else load_model(model)
    model_name = model_name or str(model.manifest.get("name") or "bundled model")
    compare = list(compare)
    peers = load_peers(compare, notices)
    systems = {name: SystemScores(name) for name in (BOILERFREE, *peers)}
    label_page(segment(load_document(_WARM_UP, "html")), model)  # first-call costs (lazy tables) out of the timing
    for extract in peers.values():
        _timed(extract, _WARM_UP)

    curve = _Curve(CURVE_THRESHOLDS)
    gold_blocks: list[str] = []
    predicted_blocks: list[str] = []
    worst_heap: list[tuple[float, int, LabelledPage, list[Block], PageScore]] = []
    pages: Iterable[LabelledPage] = _pages(paths, limit)
    if progress:
        from tqdm import tqdm

        pages = tqdm(pages, desc="evaluating", unit="page", disable=None)
    for n, lp in enumerate(pages):
        gold = gold_text(lp)
        result, seconds, error = _timed(_classify, lp, model, threshold)
        page, blocks = result if result is not None else (None, [])
        output = "\n".join(b.text for b in blocks if b.is_content)
        score = score_output(lp, output, gold)
        score.seconds, score.error = seconds, error
        systems[BOILERFREE].pages.append(score)
        if page is not None:
            curve.add(blocks, lp, gold)
            if lp.block_labels is not None:
                gold_blocks += block_labels(lp, page)
                predicted_blocks += [b.label for b in blocks]
            rank = _page_rank(score)
            if rank is not None and worst > 0:
                entry = (-rank, n, lp, blocks, score)
                (heapq.heappush if len(worst_heap) < worst else heapq.heappushpop)(worst_heap, entry)

        if lp.format == "html":
            for name, extract in peers.items():
                text, seconds, error = _timed(extract, lp.document)
                score = score_output(lp, text or "", gold)
                score.seconds, score.error = seconds, error
                systems[name].pages.append(score)

    return Evaluation(
        data=[str(p) for p in paths], model=model_name, threshold=threshold, systems=systems,
        skipped=[name for name in dict.fromkeys(compare) if name not in peers],
        blocks=block_report(gold_blocks, predicted_blocks, model.labels) if gold_blocks else None,
        curve=curve.points(),
        worst=[_worst_page(entry, model, explain) for entry in sorted(worst_heap, reverse=True)],
    )  # fmt: skip


def _worst_page(entry: tuple, model: Model, explain: int) -> WorstPage:
    """A kept page, with its blocks' gold labels (block labels, or gold text aligned and typed by the weak rules)
    and the ``explain`` features that pushed each block's label most."""
    rank, _, lp, blocks, score = entry
    page = segment(load_document(lp.document, lp.format))
    explanations = None
    if explain > 0:
        explanations = [[(c.feature, c.effect) for c in why] for _, why in explain_page(page, model, explain)]
    return WorstPage(lp.id, lp.source, -rank, score.token, blocks, block_labels(lp, page), explanations)


def format_number(value: Any, style: str = ".3f") -> str:
    if value is None:
        return "-"
    return str(value) if isinstance(value, int) else format(value, style)


COLUMNS = (
    ("pages", "pages"), ("token_p", "token P"), ("token_r", "token R"), ("token_f1", "token F1"),
    ("token_f1_median", "F1 median"), ("segment_p", "seg P"), ("segment_r", "seg R"), ("segment_f1", "seg F1"),
    ("leaked_lines", "leaked lines"), ("leak_pages", "pages leaking"), ("pages_per_s", "pages/s"), ("errors", "errors"),
)  # fmt: skip
STYLES = {"leak_pages": ".1%", "pages_per_s": ".1f"}


def format_table(summary: dict[str, dict[str, Any]], blocks: dict | None = None) -> str:
    """The summary (and, when there are block labels, boilerfree's per-label block scores) as aligned text."""
    rows = [["system", *(title for _, title in COLUMNS)]]
    for name, row in summary.items():
        cells = [format_number(row[key], STYLES.get(key, ".3f")) for key, _ in COLUMNS]
        rows.append([name, *cells])
    lines = _align(rows)
    if blocks is not None:
        lines += ["", f"boilerfree blocks ({sum(s['support'] for s in blocks['per_label'].values())} labelled):"]
        rows = [["label", "P", "R", "F1", "gold", "predicted"]]
        for label, s in blocks["per_label"].items():
            rows.append([label, *(format_number(s[k]) for k in ("precision", "recall", "f1", "support", "predicted"))])
        lines += _align(rows)
    return "\n".join(lines)


def _align(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in rows]
