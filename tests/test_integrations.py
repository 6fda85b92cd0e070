"""The Scrapy pipeline in a real crawl of a site served on 127.0.0.1, and the Spark job in local mode. Every page is
written by the tests (or is examples/paywalled-article.html)."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading

import pytest
from test_batch import ARTICLE, PAYWALL, page, write_jsonl, write_warc


@pytest.fixture
def site(tmp_path, example_html):
    """A small site on 127.0.0.1: an index linking to an article with a paywall, a report, a page that is really a
    PNG, and a missing page. Yields its base URL; the server stops after the test."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "article.html").write_text(example_html, encoding="utf-8")
    (root / "report.html").write_text(page(7), encoding="utf-8")
    (root / "image.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    links = "".join(f'<li><a href="{name}">{name}</a></li>' for name in ("article.html", "report.html", "image.html"))
    (root / "index.html").write_text(f"<html><body><ul>{links}</ul></body></html>", encoding="utf-8")

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


SPIDER = textwrap.dedent(
    """
    import scrapy


    class SiteSpider(scrapy.Spider):
        name = "site"
        custom_settings = {
            "ITEM_PIPELINES": {"boilerfree.integrations.scrapy.BoilerfreePipeline": 300},
            "BOILERFREE_DROP_HTML": True,
            "ROBOTSTXT_OBEY": False,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "INFO",
        }

        def __init__(self, base, **kwargs):
            super().__init__(**kwargs)
            self.start_urls = [base + "/index.html"]

        def parse(self, response):
            links = response.css("a::attr(href)").getall()
            yield {"url": response.url, "links": len(links)}  # no HTML field: passes through untouched
            for href in links:
                yield response.follow(href, self.parse_page)

        def parse_page(self, response):
            yield {"url": response.url, "html": response.body}
    """
)


def test_scrapy_pipeline_cleans_the_items_of_a_real_crawl(site, tmp_path):
    pytest.importorskip("scrapy")
    spider = tmp_path / "spider.py"
    spider.write_text(SPIDER, encoding="utf-8")
    feed = tmp_path / "items.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "runspider", str(spider), "-a", f"base={site}", "-o", f"{feed}:jsonlines"],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    items = {item["url"].rsplit("/", 1)[-1]: item for item in map(json.loads, feed.read_text().splitlines())}
    assert set(items) == {"index.html", "article.html", "report.html", "image.html"}
    assert items["index.html"] == {"url": f"{site}/index.html", "links": 3}
    article = items["article.html"]
    assert ARTICLE in article["text"] and PAYWALL not in article["text"] and "html" not in article
    assert "report 7:" in items["report.html"]["text"]
    assert items["image.html"]["text"] == "" and "binary" in items["image.html"]["boilerfree_error"]
    for key, count in (("cleaned", 2), ("errors", 1), ("no_html", 1)):
        assert f"'boilerfree/{key}': {count}" in done.stderr


def test_scrapy_pipeline_settings_and_undeclared_fields():
    scrapy = pytest.importorskip("scrapy")
    from scrapy.settings import Settings

    from boilerfree.integrations.scrapy import BoilerfreePipeline

    class Crawler:
        settings = Settings({"BOILERFREE_HTML_FIELD": "body", "BOILERFREE_TEXT_FIELD": "clean",
                                             "BOILERFREE_THRESHOLD": "0.99"})  # fmt: skip
        stats = None

    pipeline = BoilerfreePipeline.from_crawler(Crawler())
    assert (pipeline.html_field, pipeline.text_field, pipeline.threshold) == ("body", "clean", 0.99)
    pipeline.open_spider()
    item = pipeline.process_item({"body": page(1)})
    assert "clean" in item and "body" in item

    class Article(scrapy.Item):
        url = scrapy.Field()
        body = scrapy.Field()

    with pytest.raises(KeyError, match="declare it"):
        pipeline.process_item(Article(url="u", body=page(1)))


def _spark_ready() -> None:
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")
    pytest.importorskip("pandas")
    if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
        pytest.skip("Spark needs Java")


def _spark(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "boilerfree.integrations.spark", *args, "--master", "local[2]"]
    return subprocess.run(command, capture_output=True, text=True, timeout=600)


def test_spark_job_cleans_json_lines_into_parquet(example_html, tmp_path):
    _spark_ready()
    import pyarrow.parquet as pq

    source = tmp_path / "pages.jsonl"
    write_jsonl(source, [
        {"url": "https://a.test/article", "html": example_html, "lang": "en"},
        "{not json",
        {"url": "https://a.test/no-html", "lang": "de"},
        {"url": "https://a.test/report", "html": page(3), "lang": "en"},
        {"url": "https://a.test/blank", "html": " ", "lang": "en"},
    ])  # fmt: skip
    out = tmp_path / "cleaned.parquet"
    done = _spark(str(source), str(out), "--drop-html")
    assert done.returncode == 1, done.stderr[-3000:]  # two records could not be cleaned
    assert '"records": 5, "errors": 2, "empty": 1, "cleaned": 2' in done.stderr
    rows = {r["url"]: r for r in pq.read_table(out).to_pylist()}
    assert len(rows) == 5 and "html" not in rows["https://a.test/article"]
    assert ARTICLE in rows["https://a.test/article"]["text"] and rows["https://a.test/article"]["lang"] == "en"
    assert PAYWALL not in rows["https://a.test/article"]["text"] and rows["https://a.test/article"]["error"] is None
    assert "report 3:" in rows["https://a.test/report"]["text"]
    assert rows["https://a.test/no-html"]["error"] and rows["https://a.test/no-html"]["text"] is None
    assert rows[None]["error"] == "not valid JSON" and rows[None]["_corrupt_record"] == "{not json"
    assert rows["https://a.test/blank"]["text"] == ""


def test_spark_job_cleans_warc_files_into_parquet(example_html, tmp_path):
    _spark_ready()
    pytest.importorskip("warcio")
    import pyarrow.parquet as pq

    crawl = tmp_path / "crawl"
    crawl.mkdir()
    write_warc(crawl / "a.warc.gz", example_html)
    write_warc(crawl / "b.warc", example_html)
    out = tmp_path / "cleaned"
    done = _spark(str(crawl / "*.warc*"), str(out), "--input-format", "warc")
    assert done.returncode == 0, done.stderr[-3000:]
    assert '"skipped": 6' in done.stderr  # request, 404 and image of each file
    rows = pq.read_table(out).to_pylist()
    assert sorted(r["url"] for r in rows) == ["http://example.test/article"] * 2 + ["http://example.test/latin"] * 2
    for row in rows:
        assert row["error"] is None and row["warc_record_id"].startswith("<urn:uuid:") and row["html"]
        if row["url"].endswith("/article"):
            assert ARTICLE in row["text"] and PAYWALL not in row["text"]
        else:
            assert "Café crème" in row["html"]  # decoded with the HTTP charset
