"""`boilerfree evaluate`: scores, peers (skipped when missing), the summary table and the CLI, on our own pages."""

from __future__ import annotations

import io
import json

import pytest
from conftest import ROOT

from boilerfree import evaluate, peers
from boilerfree.cli import main
from boilerfree.corpus import LabelledPage
from boilerfree.errors import InputError
from boilerfree.evaluate import CURVE_THRESHOLDS, gold_text, score_output
from boilerfree.metrics import token_prf

HTML_EVAL = ROOT / "datasets" / "labelled" / "html_eval.jsonl"
TEXT_EVAL = ROOT / "datasets" / "labelled" / "text_eval.jsonl"


def _page(**kw) -> LabelledPage:
    return LabelledPage(**{"id": "p", "source": "s", "document": "<p>x</p>", "format": "html", "group": "s", **kw})


def test_score_output_handles_empty_output_and_empty_gold():
    page = _page(gold_text="the cat sat")
    assert score_output(page, "", gold_text(page)).token == (0.0, 0.0, 0.0)
    assert score_output(page, "the cat", gold_text(page)).token == pytest.approx(token_prf("the cat", "the cat sat"))
    empty = _page(gold_text="  ")
    assert score_output(empty, "anything", gold_text(empty)).token is None  # no gold words: nothing to score
    snippets = _page(with_snippets=["the cat sat"], without_snippets=["subscribe now"])
    score = score_output(snippets, "the cat sat\nsubscribe now", gold_text(snippets))
    assert score.token is None and score.segment == (1, 1, 0, 0)


def test_gold_text_of_block_labelled_pages_is_their_content_blocks():
    page = _page(block_labels=[("Headline", "content"), ("Log in", "paywall"), ("Body text.", "content")])
    assert gold_text(page) == "Headline\nBody text."
    assert gold_text(_page()) is None


@pytest.fixture
def fake_peers(monkeypatch):
    """Three stand-ins: one returns the page's text, one raises, one is 'not installed'."""
    from boilerfree.blocks import segment
    from boilerfree.document import load_document

    def everything():
        return lambda html: "\n".join(s.text for s in segment(load_document(html, "html")).segments)

    def broken():
        def run(html):
            raise RuntimeError("boom")

        return run

    def missing():
        raise ImportError("No module named 'justext'")

    monkeypatch.setitem(peers.PEERS, "trafilatura", everything)
    monkeypatch.setitem(peers.PEERS, "readability", broken)
    monkeypatch.setitem(peers.PEERS, "justext", missing)


def test_evaluate_scores_boilerfree_beside_peers_and_skips_missing_ones(fake_peers):
    notices = io.StringIO()
    result = evaluate([HTML_EVAL, TEXT_EVAL], compare=["trafilatura", "readability", "justext"], limit=6,
                      notices=notices)  # fmt: skip
    assert result.skipped == ["justext"]
    assert notices.getvalue().count("\n") == 1 and "justext is not installed" in notices.getvalue()
    summary = result.summary()
    assert list(summary) == ["boilerfree", "trafilatura", "readability"]
    ours, everything, broken = summary["boilerfree"], summary["trafilatura"], summary["readability"]
    assert ours["pages"] == 12 and everything["pages"] == 6  # peers see the HTML pages only
    assert broken["errors"] == 6 and broken["token_f1"] == 0.0 and broken["leaked_lines"] == 0
    assert everything["token_r"] == pytest.approx(1.0)  # the whole page contains every gold word
    assert ours["token_f1"] > everything["token_f1"]  # the whole page carries the walls and plans
    assert everything["leaked_lines"] > ours["leaked_lines"]
    assert ours["pages_per_s"] > 0
    assert result.blocks is not None and result.blocks["per_label"]["content"]["support"] > 0
    assert [p["threshold"] for p in result.curve] == list(CURVE_THRESHOLDS)
    assert result.curve[0]["token_r"] >= result.curve[-1]["token_r"]
    assert 0 < len(result.worst) <= 10
    assert [w.score for w in result.worst] == sorted(w.score for w in result.worst)
    worst = result.worst[0]
    assert len(worst.blocks) == len(worst.gold_labels) == len(worst.explanations)
    assert all(len(e) <= 3 for e in worst.explanations)
    table = result.table()
    assert table.splitlines()[0].split()[:2] == ["system", "pages"] and "boilerfree blocks" in table
    json.dumps(result.to_dict())  # JSON-ready


def test_evaluate_rejects_unknown_peers_and_missing_data(tmp_path):
    with pytest.raises(InputError, match="unknown peer"):
        evaluate(HTML_EVAL, compare=["goose"], limit=1)
    with pytest.raises(InputError, match="no such file"):
        evaluate(tmp_path / "absent.jsonl")


def test_evaluate_cli_writes_report_and_json(fake_peers, tmp_path, capsys):
    report, scores = tmp_path / "report.html", tmp_path / "scores.json"
    code = main(["evaluate", str(TEXT_EVAL), "--limit", "4", "--compare", "justext", "--report", str(report),
                 "--json", str(scores)])  # fmt: skip
    assert code == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("system") and "justext is not installed" in captured.err
    assert "<table" in report.read_text(encoding="utf-8")
    assert json.loads(scores.read_text(encoding="utf-8"))["summary"]["boilerfree"]["pages"] == 4
    assert main(["evaluate", str(tmp_path / "absent")]) == 1
    with pytest.raises(SystemExit) as exit_:
        main(["evaluate", str(TEXT_EVAL), "--compare", "goose"])
    assert exit_.value.code == 2
