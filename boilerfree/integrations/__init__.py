"""Integrations with crawling and data-processing frameworks, each an optional extra:

- `boilerfree.integrations.scrapy`: an item pipeline that adds the cleaned text to scraped items
  (``pip install 'boilerfree[scrapy]'``);
- `boilerfree.integrations.spark`: a PySpark job that cleans JSON lines or WARC files into Parquet
  (``pip install 'boilerfree[spark]'``; WARC input also needs ``boilerfree[warc]``).

Neither module is imported by ``import boilerfree``.
"""
