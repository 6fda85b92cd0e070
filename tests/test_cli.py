import json
import subprocess
import sys

from boilerfree.cli import main


def test_clean_file_prints_the_article(example_html, tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text(example_html, encoding="utf-8")
    assert main(["clean", str(page)]) == 0
    out = capsys.readouterr().out
    assert "Councillors voted 31 to 12" in out and "reached your limit" not in out


def test_clean_reads_stdin(example_html):
    done = subprocess.run(
        [sys.executable, "-m", "boilerfree", "clean", "-"], input=example_html.encode(), capture_output=True, check=True
    )
    assert b"eleven stops" in done.stdout


def test_clean_folder_names_each_input(example_html, tmp_path, capsys):
    (tmp_path / "a.html").write_text(example_html, encoding="utf-8")
    (tmp_path / "b.txt").write_text("A short line of text that is an article.\n", encoding="utf-8")
    assert main(["clean", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert f"==> {tmp_path / 'a.html'} <==" in out and f"==> {tmp_path / 'b.txt'} <==" in out


def test_classify_rows_and_json(example_html, tmp_path, capsys):
    page = tmp_path / "page.html"
    page.write_text(example_html, encoding="utf-8")
    assert main(["classify", str(page)]) == 0
    rows = capsys.readouterr().out.splitlines()
    label, score, text = rows[0].split("\t")
    assert 0 <= float(score) <= 1 and text
    assert main(["classify", "--json", str(page)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == len(rows)
    assert {"label", "score", "probabilities", "text", "tag_path", "index"} <= set(records[0])


def test_extractor_output_is_cleaned_at_the_post_filter_threshold(tmp_path, capsys):
    extracted = tmp_path / "extracted.txt"
    extracted.write_text(
        "Ferry timetable changes from Monday\n"
        "The harbour authority will run the morning ferry every twenty minutes instead of every half hour.\n"
        "Subscribe now for unlimited access.\nAlready subscribed? Log in\n",
        encoding="utf-8",
    )
    assert main(["clean", "--format", "extracted", str(extracted)]) == 0
    out = capsys.readouterr().out
    assert "every twenty minutes" in out and "Subscribe now" not in out and "Log in" not in out
    assert main(["classify", "--format", "extracted", "--json", str(extracted)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 4


def test_labels_lists_every_label(capsys):
    assert main(["labels"]) == 0
    out = capsys.readouterr().out
    for name in ("content", "paywall", "pricing", "disclaimer", "promo", "navigation", "other"):
        assert name in out


def test_missing_file_fails_with_its_name(tmp_path, capsys):
    assert main(["clean", str(tmp_path / "nope.html")]) == 1
    assert "nope.html" in capsys.readouterr().err


def test_binary_input_is_reported_not_crashed(tmp_path, capsys):
    (tmp_path / "x.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert main(["clean", str(tmp_path / "x.html")]) == 1
    assert "binary" in capsys.readouterr().err


def test_usage_errors_exit_2(tmp_path, capsys):
    assert main(["clean", "--threshold", "3", "x"]) == 2
    assert main(["clean", "--model", str(tmp_path), "x"]) == 2


def test_validate_names_bad_rows(tmp_path, capsys):
    good = '{"id": "a", "blocks": [{"text": "Hi", "label": "content"}]}'
    path = tmp_path / "l.jsonl"
    path.write_text(good + "\n" + '{"id": "b", "blocks": [{"text": "x", "label": "spam"}]}\n' + good + "\n")
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:2:" in out and "'spam'" in out and f"{path}:3: id 'a' repeats line 1" in out
    path.write_text(good + "\n")
    assert main(["validate", str(path)]) == 0
