"""The evaluation report: one self-contained HTML file (inline CSS and SVG, no script, nothing fetched), so it can be
mailed, attached to an issue or opened offline.

Sections: the summary table; token P/R/F1 bars per system; boilerfree's block-level P/R/F1 bars per label and the
confusion matrix (where the data has block labels); boilerfree's precision-recall curve over the threshold with the
peers as points; the worst pages with every block coloured by its label and P(content), the blocks on the wrong side
of the content line flagged, with the features that pushed them most (`boilerfree.explain`).
"""

from __future__ import annotations

import math
from html import escape
from pathlib import Path
from typing import Any

from .evaluate import BOILERFREE, COLUMNS, STYLES, Evaluation, WorstPage, format_number
from .labels import CONTENT, LABEL_DESCRIPTIONS

SERIES = ("precision", "recall", "F1")
SERIES_COLOURS = ("#3b78c2", "#e3892b", "#3a9d4f")
CURVE_COLOUR = "#7b3fa0"
POINT_COLOUR = "#d62728"
PEER_COLOUR = "#555555"
LABEL_COLOURS = {
    CONTENT: "#2e8b57", "paywall": "#d62728", "pricing": "#ff7f0e", "disclaimer": "#8c564b",
    "promo": "#e377c2", "navigation": "#1f77b4", "other": "#7f7f7f",
}  # fmt: skip
BLOCK_TEXT_CHARS = 240

CSS = """
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px auto; max-width: 1100px;
       color: #1d1d1f; padding: 0 16px; }
h1 { font-size: 22px; margin-bottom: 4px; } h2 { font-size: 17px; margin-top: 32px; }
.meta, .note { color: #555; font-size: 12.5px; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
table.summary th { background: #24425f; color: #fff; font-weight: 600; padding: 6px 9px; }
table.summary td { padding: 5px 9px; border-bottom: 1px solid #ddd; text-align: right; }
table.summary td:first-child { text-align: left; font-weight: 600; }
table.summary tr.ours td { background: #eef4fb; }
table.confusion td, table.confusion th { padding: 3px 7px; text-align: right; font-size: 12.5px; }
table.confusion th { color: #333; font-weight: 600; }
svg text { font: 11.5px system-ui, sans-serif; fill: #333; }
.legend span { display: inline-block; margin-right: 12px; font-size: 12.5px; }
.swatch { display: inline-block; width: 11px; height: 11px; margin-right: 4px; vertical-align: -1px; }
details { margin: 10px 0; border: 1px solid #ddd; border-radius: 4px; padding: 6px 10px; }
summary { cursor: pointer; font-weight: 600; }
ol.blocks { list-style: none; padding: 0; margin: 8px 0; }
ol.blocks li { border-left: 6px solid; margin: 2px 0; padding: 3px 8px; font-size: 12.5px; }
ol.blocks li.wrong { outline: 2px solid #d62728; outline-offset: -2px; }
.tag { display: inline-block; min-width: 74px; color: #fff; font-size: 11px; padding: 0 4px; margin-right: 6px;
       border-radius: 2px; text-align: center; }
.bar { display: inline-block; width: 50px; height: 8px; background: #ddd; margin-right: 4px; }
.bar span { display: block; height: 8px; background: #2e8b57; }
.num { display: inline-block; width: 36px; color: #555; }
.gold { color: #555; margin-right: 6px; } .flag { color: #d62728; font-weight: 600; margin-right: 6px; }
.why { color: #444; font-size: 11.5px; margin: 2px 0 0 90px; }
"""


def write_report(evaluation: Evaluation, path: str | Path) -> Path:
    """Write `render_report` to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(render_report(evaluation), encoding="utf-8")
    return path


def render_report(evaluation: Evaluation) -> str:
    """The report as one HTML string."""
    summary = evaluation.summary()
    threshold = "each head's own" if evaluation.threshold is None else f"{evaluation.threshold:g}"
    meta = f"data: {', '.join(evaluation.data)} · model: {evaluation.model} · boilerfree threshold: {threshold}"
    if evaluation.skipped:
        meta += f" · not installed, skipped: {', '.join(evaluation.skipped)}"
    parts = [
        "<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">', "<title>boilerfree evaluation</title>",
        f"<style>{CSS}</style></head><body>", "<h1>boilerfree evaluation</h1>", f'<p class="meta">{escape(meta)}</p>',
        '<section id="summary"><h2>Summary</h2>', summary_table(summary), NOTE, "</section>",
        '<section id="systems"><h2>Token precision, recall and F1 per system</h2>', systems_chart(summary),
        "</section>", '<section id="labels"><h2>boilerfree per label (blocks)</h2>', labels_section(evaluation.blocks),
        "</section>", '<section id="curve"><h2>Precision–recall over the threshold</h2>', curve_section(evaluation),
        "</section>", '<section id="worst"><h2>Worst pages</h2>', worst_section(evaluation.worst), "</section>",
        "</body></html>",
    ]  # fmt: skip
    return "\n".join(parts) + "\n"


NOTE = (
    '<p class="note">Token P/R/F1: bag of lower-cased words of the output against the gold text, per page, mean (and '
    "median F1) over the pages with gold text; empty output scores 0. Segment P/R/F1: with/without snippets found in "
    "the output, counts summed over pages. Leaked lines: paywall, pricing or disclaimer wordings left in the output "
    "and mostly absent from the gold. Pages/s: time of the extract call only, all systems in one process.</p>"
)


def summary_table(summary: dict[str, dict[str, Any]]) -> str:
    head = "".join(f"<th>{escape(title)}</th>" for _, title in (("", "system"), *COLUMNS))
    rows = []
    for name, row in summary.items():
        cells = "".join(f"<td>{format_number(row[key], STYLES.get(key, '.3f'))}</td>" for key, _ in COLUMNS)
        ours = ' class="ours"' if name == BOILERFREE else ""
        rows.append(f"<tr{ours}><td>{escape(name)}</td>{cells}</tr>")
    return f'<table class="summary"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


def systems_chart(summary: dict[str, dict[str, Any]]) -> str:
    """Token P/R/F1 per system; segment P/R/F1 when no page has gold text."""
    prefix = "token" if any(row["token_f1"] is not None for row in summary.values()) else "segment"
    groups = [(name, [row[f"{prefix}_{k}"] for k in ("p", "r", "f1")]) for name, row in summary.items()]
    if all(v is None for _, values in groups for v in values):
        return '<p class="note">No page has gold text or snippets: nothing to score.</p>'
    note = "" if prefix == "token" else '<p class="note">No gold text: segment scores.</p>'
    return note + grouped_bars(groups)


def labels_section(blocks: dict | None) -> str:
    if blocks is None:
        return (
            '<p class="note">The data has no block labels (only the labelled JSON lines of datasets/README.md have '
            "them): no block-level scores.</p>"
        )
    groups = [(label, [s["precision"], s["recall"], s["f1"]]) for label, s in blocks["per_label"].items()]
    support = sum(s["support"] for s in blocks["per_label"].values())
    return (
        f'<p class="note">{support} labelled blocks, matched to the page\'s blocks by text in order.</p>'
        + grouped_bars(groups, [f"{s['support']} gold" for s in blocks["per_label"].values()])
        + confusion_table(blocks)
    )


def confusion_table(blocks: dict) -> str:
    labels = blocks["labels"]
    head = "".join(f"<th>{escape(label)}</th>" for label in labels)
    rows = []
    for label, row in zip(labels, blocks["confusion"]):
        total = sum(row) or 1
        cells = "".join(
            f'<td style="background:{_rgba("#24425f", 0.75 * n / total)};color:{"#fff" if n > total / 2 else "#222"}">'
            f"{n}</td>"
            for n in row
        )
        rows.append(f"<tr><th>{escape(label)}</th>{cells}</tr>")
    return (
        '<p class="note">Confusion (rows: gold label, columns: predicted).</p>'
        f'<table class="confusion"><tr><th></th>{head}</tr>{"".join(rows)}</table>'
    )


def grouped_bars(groups: list[tuple[str, list[float | None]]], captions: list[str] | None = None) -> str:
    """Horizontal bars, one group per row (name, [precision, recall, F1]), values in 0..1."""
    left, width, bar, gap = 150, 480, 12, 12
    group_height = bar * len(SERIES) + gap
    height = 26 + group_height * len(groups)
    out = [f'<svg width="{left + width + 60}" height="{height}" role="img">']
    for i, (name, colour) in enumerate(zip(SERIES, SERIES_COLOURS)):
        out.append(f'<rect x="{left + 110 * i}" y="4" width="11" height="11" fill="{colour}"/>')
        out.append(f'<text x="{left + 110 * i + 15}" y="14">{name}</text>')
    for g, (name, values) in enumerate(groups):
        top = 26 + g * group_height
        out.append(f'<text x="{left - 8}" y="{top + bar * 1.5 + 4}" text-anchor="end">{escape(name)}</text>')
        if captions:
            out.append(f'<text x="{left - 8}" y="{top + bar * 2.5 + 4}" text-anchor="end" '
                       f'style="fill:#777">{escape(captions[g])}</text>')  # fmt: skip
        for k, (value, colour) in enumerate(zip(values, SERIES_COLOURS)):
            y = top + k * bar
            if value is None:
                out.append(f'<text x="{left + 4}" y="{y + bar - 2}" style="fill:#999">n/a</text>')
                continue
            w = max(0.0, min(1.0, value)) * width
            out.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar - 2}" fill="{colour}"/>')
            out.append(f'<text x="{left + w + 4:.1f}" y="{y + bar - 3}">{value:.3f}</text>')
    out.append(f'<line x1="{left}" y1="22" x2="{left}" y2="{height}" stroke="#999"/>')
    out.append("</svg>")
    return "".join(out)


def curve_section(evaluation: Evaluation) -> str:
    """boilerfree's mean precision and recall at every threshold of the sweep, its operating point, and the peers."""
    summary = evaluation.summary()
    prefix = "token" if any("token_p" in p for p in evaluation.curve) else "segment"
    # a threshold that keeps nothing has no precision: leave it off rather than draw a fall to (0, 0)
    points = [(p["threshold"], p[f"{prefix}_r"], p[f"{prefix}_p"]) for p in evaluation.curve if p.get(f"{prefix}_r")]
    if not points:
        return '<p class="note">No page has gold text or snippets: no curve.</p>'
    systems = [
        (name, row[f"{prefix}_r"], row[f"{prefix}_p"])
        for name, row in summary.items()
        if row[f"{prefix}_p"] is not None
    ]
    kind = "mean token" if prefix == "token" else "segment (summed counts)"
    return (
        f'<p class="note">{kind} precision and recall of boilerfree at each threshold (labels: the threshold), from '
        "one classification of each page; the large dot is the threshold used, the grey dots the peers.</p>"
        + curve_chart(points, systems)
    )


def curve_chart(points: list[tuple[float, float, float]], systems: list[tuple[str, float, float]]) -> str:
    """An SVG precision (y) against recall (x) chart; both axes start at the tenth below the lowest value."""
    values = [v for _, r, p in points for v in (r, p)] + [v for _, r, p in systems for v in (r, p)]
    low = max(0.0, math.floor(min(values) * 10) / 10)
    low = min(low, 0.9)
    left, top, size = 60, 15, 420

    def x(v: float) -> float:
        return left + (v - low) / (1 - low) * size

    def y(v: float) -> float:
        return top + (1 - (v - low) / (1 - low)) * size

    out = [f'<svg width="{left + size + 160}" height="{top + size + 45}" role="img">']
    out.append(f'<rect x="{left}" y="{top}" width="{size}" height="{size}" fill="#fafafa" stroke="#999"/>')
    steps = 10 if 1 - low > 0.2 else 5
    for i in range(steps + 1):
        v = low + (1 - low) * i / steps
        out.append(f'<line x1="{x(v):.1f}" y1="{top}" x2="{x(v):.1f}" y2="{top + size}" stroke="#e4e4e4"/>')
        out.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{left + size}" y2="{y(v):.1f}" stroke="#e4e4e4"/>')
        out.append(f'<text x="{x(v):.1f}" y="{top + size + 15}" text-anchor="middle">{v:.2f}</text>')
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{v:.2f}</text>')
    out.append(f'<text x="{left + size / 2}" y="{top + size + 35}" text-anchor="middle">recall</text>')
    out.append(f'<text x="14" y="{top + size / 2}" transform="rotate(-90 14 {top + size / 2})" '
               'text-anchor="middle">precision</text>')  # fmt: skip
    line = " ".join(f"{x(r):.1f},{y(p):.1f}" for _, r, p in points)
    out.append(f'<polyline points="{line}" fill="none" stroke="{CURVE_COLOUR}" stroke-width="2.5"/>')
    for t, r, p in points:
        out.append(f'<circle cx="{x(r):.1f}" cy="{y(p):.1f}" r="3.5" fill="{CURVE_COLOUR}"/>')
        if round(t * 10) == t * 10:
            out.append(f'<text x="{x(r) + 5:.1f}" y="{y(p) - 5:.1f}" style="fill:{CURVE_COLOUR}">{t:g}</text>')
    for name, r, p in systems:
        colour, radius = (POINT_COLOUR, 7) if name == BOILERFREE else (PEER_COLOUR, 5)
        out.append(f'<circle cx="{x(r):.1f}" cy="{y(p):.1f}" r="{radius}" fill="{colour}" stroke="#fff"/>')
        out.append(f'<text x="{x(r) + 9:.1f}" y="{y(p) + 4:.1f}" style="fill:{colour}">{escape(name)}</text>')
    out.append("</svg>")
    return "".join(out)


def worst_section(worst: list[WorstPage]) -> str:
    if not worst:
        return '<p class="note">No page could be scored.</p>'
    legend = "".join(
        f'<span title="{escape(LABEL_DESCRIPTIONS.get(label, ""))}"><i class="swatch" style="background:{colour}">'
        f"</i>{label}</span>"
        for label, colour in LABEL_COLOURS.items()
    )
    intro = (
        '<p class="note">The pages boilerfree scored lowest on (token F1; segment F1 where a page has only snippets). '
        "Every block in document order: its predicted label (colour; the tint is the model's confidence in it), "
        "P(content) and the gold label (block labels, or the gold text aligned to the blocks and typed by the weak "
        "rules). Red outline: kept though gold says boilerplate, or dropped though gold says content.</p>"
    )
    pages = [_worst_page(page, open_=i == 0) for i, page in enumerate(worst)]
    return f'{intro}<p class="legend">{legend}</p>{"".join(pages)}'


def _worst_page(page: WorstPage, open_: bool) -> str:
    scores = f"score {page.score:.3f}"
    if page.token is not None:
        scores = "token P {:.3f} · R {:.3f} · F1 {:.3f}".format(*page.token)
    wrong = 0
    items = []
    for i, block in enumerate(page.blocks):
        gold = page.gold_labels[i] if i < len(page.gold_labels) else ""
        flag = ""
        if gold and (gold == CONTENT) != (block.label == CONTENT):
            flag = "kept" if block.label == CONTENT else "dropped"
            wrong += 1
        colour = LABEL_COLOURS.get(block.label, "#7f7f7f")
        confidence = block.score if block.label == CONTENT else 1.0 - block.score
        tint = _rgba(colour, 0.06 + 0.3 * confidence)
        text = block.text if len(block.text) <= BLOCK_TEXT_CHARS else block.text[:BLOCK_TEXT_CHARS] + "…"
        why = ""
        if flag and page.explanations is not None and i < len(page.explanations) and page.explanations[i]:
            pairs = ", ".join(f"{escape(name)} ({effect:+.2f})" for name, effect in page.explanations[i])
            why = f'<div class="why">why: {pairs}</div>'
        items.append(
            f'<li class="{"wrong" if flag else ""}" style="border-left-color:{colour};background:{tint}">'
            f'<span class="tag" style="background:{colour}">{escape(block.label)}</span>'
            f'<span class="bar"><span style="width:{100 * block.score:.0f}%"></span></span>'
            f'<span class="num">{block.score:.2f}</span>'
            + (f'<span class="gold">gold: {escape(gold)}</span>' if gold else "")
            + (f'<span class="flag">{flag}</span>' if flag else "")
            + f"{escape(text)}{why}</li>"
        )
    title = f"{escape(page.source)}/{escape(page.id)} — {scores} — {wrong} blocks on the wrong side"
    blocks = "".join(items)
    return f'<details{" open" if open_ else ""}><summary>{title}</summary><ol class="blocks">{blocks}</ol></details>'


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha:.2f})"
