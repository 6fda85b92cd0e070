import gzip
import json

import pytest

from boilerfree.corpus import read_any, read_labelled_jsonl, read_shared_corpus, validate_row
from boilerfree.errors import InputError


def test_validator_reports_what_is_wrong():
    assert validate_row('{"id": "a", "blocks": [{"text": "x", "label": "content"}]}') == []
    assert "not JSON" in validate_row("{oops")[0]
    problems = validate_row('{"id": "a", "format": "html", "blocks": [{"text": "x", "label": "ads"}]}')
    assert any("html" in p for p in problems) and any("'ads'" in p for p in problems)


def test_bad_row_names_its_line(tmp_path):
    path = tmp_path / "l.jsonl"
    path.write_text('{"id": "a", "blocks": [{"text": "x", "label": "content"}]}\n{"id": "b", "blocks": []}\n')
    with pytest.raises(InputError, match=":2:"):
        list(read_labelled_jsonl(path))


def test_shared_layout_is_read_with_groups(tmp_path):
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "p1.html.gz").write_bytes(gzip.compress(b"<html><body><p>Hi</p></body></html>"))
    row = {
        "id": "p1",
        "source": "mine",
        "url": "https://www.example.org/a",
        "html_file": "html/p1.html.gz",
        "gold_text": "Hi",
        "with": None,
        "without": None,
        "extra": {},
    }
    (tmp_path / "pages.jsonl").write_text(json.dumps(row) + "\n")
    (page,) = read_shared_corpus(tmp_path)
    assert page.group == "example.org" and page.gold_text == "Hi" and "<p>Hi</p>" in page.document
    assert [p.id for p in read_any(tmp_path)] == ["p1"]
