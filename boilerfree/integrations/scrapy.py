"""A Scrapy item pipeline that adds the cleaned main text of each item's HTML.

Scrapy pipelines see items, not responses, so the spider puts the page into a field (``yield {"url":
response.url, "html": response.text}``) and the pipeline adds the text::

    ITEM_PIPELINES = {"boilerfree.integrations.scrapy.BoilerfreePipeline": 500}
    BOILERFREE_HTML_FIELD = "html"   # the field holding the page (str or bytes)
    BOILERFREE_TEXT_FIELD = "text"   # where the cleaned text goes
    BOILERFREE_ERROR_FIELD = "boilerfree_error"  # set (with text "") when the page cannot be read
    BOILERFREE_DROP_HTML = False     # True: remove the HTML field once cleaned (smaller feeds)
    BOILERFREE_THRESHOLD = None      # keep blocks with P(content) >= this; default: the model's
    BOILERFREE_FORMAT = "auto"       # or "html" / "text" / "extracted"
    BOILERFREE_MODEL = None          # a model directory; default: the bundled model (or $BOILERFREE_MODEL)

The model is loaded once, when the spider opens. An item without the HTML field passes through unchanged. The
crawl's stats count ``boilerfree/cleaned``, ``boilerfree/empty``, ``boilerfree/errors`` and ``boilerfree/no_html``.
Cleaning runs in Scrapy's reactor thread (about as long per page as parsing it with trafilatura); for large crawls,
store the HTML and clean it afterwards with ``boilerfree clean --jobs N`` or the Spark job.
"""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter

from ..batch import clean_source
from ..model import Model, load_model

logger = logging.getLogger(__name__)


class BoilerfreePipeline:
    """Adds ``text_field`` (the cleaned text of ``html_field``) to every item that has ``html_field``."""

    def __init__(
        self,
        html_field: str = "html",
        text_field: str = "text",
        error_field: str | None = "boilerfree_error",
        drop_html: bool = False,
        threshold: float | None = None,
        format: str = "auto",
        model: str | None = None,
        stats: Any = None,
    ) -> None:
        self.html_field = html_field
        self.text_field = text_field
        self.error_field = error_field
        self.drop_html = drop_html
        self.threshold = threshold
        self.format = format
        self.model = model
        self.stats = stats
        self.model_: Model | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> BoilerfreePipeline:
        settings = crawler.settings
        threshold = settings.get("BOILERFREE_THRESHOLD")
        return cls(
            html_field=settings.get("BOILERFREE_HTML_FIELD", "html"),
            text_field=settings.get("BOILERFREE_TEXT_FIELD", "text"),
            error_field=settings.get("BOILERFREE_ERROR_FIELD", "boilerfree_error"),
            drop_html=settings.getbool("BOILERFREE_DROP_HTML", False),
            threshold=None if threshold in (None, "") else float(threshold),
            format=settings.get("BOILERFREE_FORMAT", "auto"),
            model=settings.get("BOILERFREE_MODEL") or None,
            stats=crawler.stats,
        )

    def open_spider(self, spider: Any = None) -> None:
        """Load the model once for the crawl (a bad model directory stops the crawl here, not at the first item)."""
        self.model_ = load_model(self.model)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        adapter = ItemAdapter(item)
        page = adapter.get(self.html_field)
        if page is None:
            self._count("no_html")
            return item
        if self.model_ is None:
            self.open_spider()
        outcome = clean_source(page, self.model_, self.threshold, self.format)
        try:
            adapter[self.text_field] = outcome.text
            if outcome.error is not None and self.error_field:
                adapter[self.error_field] = outcome.error
            if self.drop_html:
                del adapter[self.html_field]
        except KeyError as exc:  # a scrapy.Item without the field declared
            raise KeyError(f"{type(item).__name__} has no field {exc}: declare it (scrapy.Field()) or set "
                           "BOILERFREE_TEXT_FIELD / BOILERFREE_ERROR_FIELD") from None  # fmt: skip
        if outcome.error is not None:
            logger.warning("boilerfree could not clean %s: %s", adapter.get("url", "an item"), outcome.error)
        self._count(outcome.status if outcome.status != "error" else "errors")
        return item

    def _count(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"boilerfree/{key}")
