"""The evaluation report: a self-contained HTML file with the table, the charts and the worst pages."""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pytest
from conftest import ROOT

from boilerfree import evaluate
from boilerfree.report import CURVE_COLOUR, SERIES_COLOURS, render_report, write_report

TEXT_EVAL = ROOT / "datasets" / "labelled" / "text_eval.jsonl"
HTML_EVAL = ROOT / "datasets" / "labelled" / "html_eval.jsonl"
SUMMARY_HEADER = "#24425f"  # the summary table's header row (report.CSS)


@pytest.fixture(scope="module")
def evaluation():
    return evaluate([HTML_EVAL, TEXT_EVAL], limit=5)


def test_report_holds_every_section_and_fetches_nothing(evaluation):
    html = render_report(evaluation)
    assert html.startswith("<!DOCTYPE html>")
    for section in ("summary", "systems", "labels", "curve", "worst"):
        assert f'<section id="{section}">' in html
    assert '<table class="summary">' in html and "<td>boilerfree</td>" in html
    assert html.count("<svg") >= 3  # system bars, label bars, precision-recall curve
    assert 'class="confusion"' in html
    assert html.count("<details") == len(evaluation.worst)
    assert not re.search(r"<script|(src|href)=\"?https?:", html)  # self-contained: nothing runs, nothing fetched


def test_report_escapes_page_text(evaluation):
    worst = evaluation.worst[0]
    worst.blocks[0] = type(worst.blocks[0])("<img src=x onerror=alert(1)>", "content", 0.9, {}, 0, "")
    html = render_report(evaluation)
    assert "<img src=x" not in html and "&lt;img src=x" in html


def _colour_share(image, hex_colour: str) -> float:
    target = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
    pixels = np.asarray(image.convert("RGB"), dtype=np.int16)
    return float((np.abs(pixels - target).max(axis=2) <= 8).mean())


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed")
def test_report_renders_in_headless_chromium(evaluation, tmp_path):
    """A screenshot of the report shows the summary table's header and the coloured bars and curve."""
    image_module = pytest.importorskip("PIL.Image")
    report = write_report(evaluation, tmp_path / "report.html")
    shot = tmp_path / "report.png"
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", f"--screenshot={shot}",
         "--window-size=1200,2600", report.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    with image_module.open(shot) as image:
        assert image.size == (1200, 2600)
        assert _colour_share(image, SUMMARY_HEADER) > 0.001  # the table is drawn
        for colour in (*SERIES_COLOURS, CURVE_COLOUR):  # precision/recall/F1 bars and the curve
            assert _colour_share(image, colour) > 0.0002, colour
