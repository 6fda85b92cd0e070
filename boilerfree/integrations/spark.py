"""A PySpark job: clean JSON lines or WARC files into Parquet, the model loaded once per executor process.

    python -m boilerfree.integrations.spark pages.jsonl cleaned.parquet            # local mode, every core
    spark-submit boilerfree/integrations/spark.py 's3a://bucket/crawl/*.warc.gz' 's3a://bucket/cleaned' \\
        --input-format warc --drop-html

- JSON lines (``{"url": ..., "html": ...}`` a line; gzip or not): read with Spark's JSON reader, so every field of
  the input becomes a column of the output, plus ``text`` and ``error``. Lines that are not JSON keep their raw
  text in ``_corrupt_record`` and get an error. Cleaning is a pandas UDF over the HTML column.
- WARC (``.warc``, ``.warc.gz``): each file is read whole by one task (`SparkContext.binaryFiles`) and its HTML
  responses become rows of ``url``, ``warc_record_id``, ``warc_date``, ``text``, ``error`` (and ``html`` unless
  ``--drop-html``); requests, metadata and non-HTML responses are skipped and counted.

Every input record gives one output row: ``error`` is null when it was cleaned (``text`` may then be ""), else the
reason. The model is loaded once per Python worker (Spark reuses them across tasks): the bundled one, or
``--model DIR``, which is shipped to the executors with ``SparkContext.addFile``.
"""

import argparse
import io
import json
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

# absolute imports: spark-submit runs this file as a script
from boilerfree.batch import clean_source, input_kind, read_warc
from boilerfree.document import FORMATS, decode_bytes
from boilerfree.errors import BoilerfreeError
from boilerfree.model import Model, load_model

_models: dict[str | None, Model] = {}
_lock = threading.Lock()


def executor_model(name: str | None) -> Model:
    """The model of this Python worker, loaded on first use: ``name`` is a directory shipped with addFile (looked
    up in SparkFiles), a path every executor can read, or None for the bundled model."""
    if name not in _models:
        with _lock:
            if name not in _models:
                path = name
                if name is not None and not Path(name).is_dir():
                    from pyspark import SparkFiles

                    path = SparkFiles.get(name)
                _models[name] = load_model(path)
    return _models[name]


def clean_column(html, model: str | None, threshold: float | None, format: str):
    """pandas: a Series of pages -> a DataFrame of ``text`` and ``error`` (the body of the UDF)."""
    import pandas as pd

    loaded = executor_model(model)
    texts, errors = [], []
    for page in html:
        if not isinstance(page, str):  # null (None or NaN, as pandas gives it)
            texts.append(None)
            errors.append("no page in this record")
            continue
        outcome = clean_source(page, loaded, threshold, format)
        texts.append(outcome.text if outcome.error is None else None)
        errors.append(outcome.error)
    return pd.DataFrame({"text": texts, "error": errors})


def warc_rows(files: Iterator[tuple[str, bytes]], model: str | None, threshold: float | None, format: str,
              keep_html: bool, skipped) -> Iterator[tuple]:  # fmt: skip
    """(url, warc_record_id, warc_date, text, error[, html]) for every page record of the WARC files."""
    loaded = executor_model(model)
    for path, data in files:
        for record in read_warc(io.BytesIO(data), path):
            if record.skipped:
                skipped.add(1)
                continue
            page, error = record.source, record.error
            if isinstance(page, bytes):
                try:
                    page = decode_bytes(page)
                except BoilerfreeError as exc:
                    page, error = None, str(exc)
            text = None
            if error is None:
                outcome = clean_source(page, loaded, threshold, format)
                text, error = (outcome.text, None) if outcome.error is None else (None, outcome.error)
            fields = record.fields
            row = (fields.get("url"), fields.get("warc_record_id"), fields.get("warc_date"), text, error)
            yield row + (page,) if keep_html else row


def run(spark, inputs: list[str], output: str, *, input_format: str = "auto", html_field: str = "html",
        drop_html: bool = False, threshold: float | None = None, format: str = "auto", model: str | None = None,
        partitions: int | None = None, mode: str = "errorifexists") -> dict[str, int]:  # fmt: skip
    """Clean ``inputs`` (paths or globs Spark can read) into Parquet at ``output``; returns the counts."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    kinds = {input_kind(name.rstrip("*"), input_format) for name in inputs}
    if len(kinds) != 1 or kinds == {"page"}:
        raise BoilerfreeError("give JSON lines (.jsonl[.gz]) or WARC (.warc[.gz]) inputs, one kind per run, or "
                              "--input-format jsonl|warc")  # fmt: skip
    model_name = None
    if model is not None:
        spark.sparkContext.addFile(str(Path(model).resolve()), recursive=True)
        model_name = Path(model).resolve().name
    counts = {"skipped": 0}
    if kinds == {"jsonl"}:
        frame = spark.read.option("mode", "PERMISSIVE").json(inputs)
        if partitions:
            frame = frame.repartition(partitions)
        schema = T.StructType([T.StructField("text", T.StringType()), T.StructField("error", T.StringType())])

        import pandas as pd

        @F.pandas_udf(schema)
        def clean_udf(html: pd.Series) -> pd.DataFrame:
            return clean_column(html, model_name, threshold, format)

        if html_field in frame.columns:
            page = F.col(f"`{html_field}`").cast("string")
        else:
            page = F.lit(None).cast("string")
        cleaned = frame.withColumn("_boilerfree", clean_udf(page))
        if "_corrupt_record" in frame.columns:
            error = F.when(F.col("_corrupt_record").isNotNull(), F.lit("not valid JSON")).otherwise(
                F.col("_boilerfree.error")
            )
        else:
            error = F.col("_boilerfree.error")
        if html_field not in frame.columns:
            error = F.lit(f"no {html_field!r} field in the input")
        cleaned = cleaned.withColumn("text", F.col("_boilerfree.text")).withColumn("error", error)
        cleaned = cleaned.drop("_boilerfree")
        if drop_html and html_field in frame.columns:
            cleaned = cleaned.drop(html_field)
        cleaned.write.mode(mode).parquet(output)
    else:
        sc = spark.sparkContext
        skipped = sc.accumulator(0)
        files = sc.binaryFiles(",".join(inputs), minPartitions=partitions or sc.defaultParallelism)
        fields = [T.StructField(name, T.StringType()) for name in ("url", "warc_record_id", "warc_date", "text",
                                                                    "error")]  # fmt: skip
        if not drop_html:
            fields.append(T.StructField("html", T.StringType()))
        keep_html = not drop_html
        rows = files.mapPartitions(lambda part: warc_rows(part, model_name, threshold, format, keep_html, skipped))
        spark.createDataFrame(rows, T.StructType(fields)).write.mode(mode).parquet(output)
        counts["skipped"] = skipped.value
    written = spark.read.parquet(output)
    totals = written.agg(
        F.count(F.lit(1)).alias("records"),
        F.sum(F.when(F.col("error").isNotNull(), 1).otherwise(0)).alias("errors"),
        F.sum(F.when(F.col("error").isNull() & (F.col("text") == ""), 1).otherwise(0)).alias("empty"),
    ).first()
    counts.update(records=totals["records"] or 0, errors=totals["errors"] or 0, empty=totals["empty"] or 0)
    counts["cleaned"] = counts["records"] - counts["errors"] - counts["empty"]
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m boilerfree.integrations.spark", description="Clean JSON lines or WARC files into Parquet."
    )
    parser.add_argument("input", nargs="+", help="JSON lines or WARC files, folders or globs (any path Spark reads)")
    parser.add_argument("output", help="the Parquet folder to write")
    parser.add_argument("--input-format", choices=("auto", "jsonl", "warc"), default="auto")
    parser.add_argument("--html-field", default="html", help="JSON lines: the field holding the page")
    parser.add_argument("--drop-html", action="store_true", help="leave the HTML out of the output")
    parser.add_argument("-t", "--threshold", type=float, help="keep blocks with P(content) >= this")
    parser.add_argument("--format", choices=FORMATS, default="auto")
    parser.add_argument("--model", help="a model directory (shipped to the executors)")
    parser.add_argument("--partitions", type=int, help="partitions to clean in (default: Spark's)")
    parser.add_argument("--overwrite", action="store_true", help="replace OUTPUT if it exists")
    parser.add_argument("--master", help="Spark master, when spark-submit does not set it (default local[*])")
    args = parser.parse_args(argv)
    if args.model is not None:
        try:
            load_model(args.model)  # fail here, with the reason, rather than in every task
        except BoilerfreeError as exc:
            print(f"boilerfree: {exc}", file=sys.stderr)
            return 2
    from pyspark.sql import SparkSession

    if (args.master is None or args.master.startswith("local")) and "SPARK_ENV_LOADED" not in os.environ:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # local workers: this interpreter, not PATH's
    builder = SparkSession.builder.appName("boilerfree clean")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        counts = run(spark, args.input, args.output, input_format=args.input_format, html_field=args.html_field,
                     drop_html=args.drop_html, threshold=args.threshold, format=args.format, model=args.model,
                     partitions=args.partitions, mode="overwrite" if args.overwrite else "errorifexists")  # fmt: skip
    except BoilerfreeError as exc:
        print(f"boilerfree: {exc}", file=sys.stderr)
        return 2
    finally:
        spark.stop()
    print("boilerfree: " + json.dumps(counts), file=sys.stderr)
    return 1 if counts["errors"] else 0


if __name__ == "__main__":
    # run the importable module's main: cloudpickle would ship __main__'s functions by value, lock and all
    from boilerfree.integrations import spark as importable

    sys.exit(importable.main())
