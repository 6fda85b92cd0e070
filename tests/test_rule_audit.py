"""training/rule_audit.py: the precision report on a hand-made audit file, and the sample's identifiers-only rows."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))

import rule_audit  # noqa: E402


def _row(rule_label: str, verdict: str | None = None, true_label: str | None = None, corpus: str = "fundus") -> dict:
    return {
        "corpus": corpus, "page_id": "p1", "block_index": 3, "rule_label": rule_label, "text_sha1": "0" * 12,
        "verdict": verdict, "true_label": true_label, "note": "" if verdict != "wrong" else "a menu item",
    }  # fmt: skip


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_precision_counts_only_checked_rows_and_fills_the_confusion(tmp_path):
    audit = _write(
        tmp_path / "audit.jsonl",
        [
            _row("paywall", "correct", "paywall"),
            _row("paywall", "correct"),  # true_label may be left null on a correct row
            _row("paywall", "wrong", "navigation"),
            _row("paywall", "wrong", "content"),
            _row("paywall"),  # not checked yet
            _row("promo", "wrong", "navigation"),
        ],
    )
    stats = {s.label: s for s in rule_audit.precision_by_label(rule_audit.read_audit(audit))}
    paywall = stats["paywall"]
    assert (paywall.sampled, paywall.checked, paywall.correct) == (5, 4, 2)
    assert paywall.precision == pytest.approx(0.5)
    assert paywall.confusion == {"paywall": 2, "navigation": 1, "content": 1}
    assert stats["promo"].precision == 0.0
    assert stats["pricing"].sampled == 0 and stats["pricing"].precision is None
    low, high = paywall.interval()
    assert 0.0 < low < 0.5 < high < 1.0


def test_report_prints_a_markdown_table_per_rule_label(tmp_path, capsys):
    audit = _write(tmp_path / "audit.jsonl", [_row("pricing", "correct"), _row("pricing", "wrong", "navigation")])
    assert rule_audit.main(["report", str(audit)]) == 0
    out = capsys.readouterr().out
    assert "| pricing | 2 | 2 | 1 | 50% |" in out
    assert "| paywall | 0 | 0 | 0 | – |" in out
    assert "| rule \\ true | content | paywall | pricing |" in out
    assert list(tmp_path.iterdir()) == [audit]  # report writes nothing


@pytest.mark.parametrize(
    "row",
    [
        _row("menu"),  # not a boilerplate label
        _row("paywall", "maybe", "paywall"),
        _row("paywall", "wrong", None),  # a wrong verdict must say what the block is
        _row("paywall", "wrong", "paywall"),
        _row("paywall", "correct", "promo"),
    ],
)
def test_inconsistent_rows_are_refused_with_their_line(tmp_path, row):
    audit = _write(tmp_path / "audit.jsonl", [_row("paywall", "correct"), row])
    with pytest.raises(ValueError, match=r"audit\.jsonl:2:"):
        rule_audit.read_audit(audit)


def test_sample_writes_identifiers_only_and_is_deterministic(shared_corpora, tmp_path):
    runs = []
    for name in ("a.jsonl", "b.jsonl"):
        out = tmp_path / name
        argv = ["sample", "--corpora", str(shared_corpora), "--per-label", "3", "--seed", "0", "--limit", "2"]
        assert rule_audit.main([*argv, "-o", str(out)]) == 0
        runs.append(out.read_text(encoding="utf-8"))
    assert runs[0] == runs[1]
    rows = [json.loads(line) for line in runs[0].splitlines()]
    assert rows and all(set(row) == set(rule_audit.FIELDS) for row in rows)
    assert all(row["verdict"] is None and row["true_label"] is None and row["note"] == "" for row in rows)
    counts = {label: sum(r["rule_label"] == label for r in rows) for label in rule_audit.BOILERPLATE_LABELS}
    assert max(counts.values()) <= 3
