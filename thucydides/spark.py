"""The Spark driver: the CLI's per-document function over JSONL, Parquet, WARC and page files.

``run_job(spark, inputs, output_dir)`` reads documents, repartitions them, cleans and codes each
partition with the functions ``thucydides code`` uses (``clean_document`` then
``code_articles``, the model loaded once per partition and cached per Python worker), and writes
two Parquet data sets: ``OUTPUT_DIR/events/`` (one row per event mention, partitioned by the
event's ``year``) and ``OUTPUT_DIR/articles/`` (one row per document, failures included with
``error`` set). DuckDB or Spark SQL query them directly.

The flat event schema comes from the record model (``thucydides.model.EventMention``): nested
records become prefixed columns (``evidence_sentence``, ``location_country``), lists of records
become arrays of structs (``source``, ``target``, ``mentions``), and the derived columns
``article_id``, ``source_codes``, ``target_codes`` and ``year`` are added. ``flatten_event``
makes one such row; the Spark schema and every comparison use it, so they cannot drift.

pyspark is an optional dependency (``pip install 'thucydides[spark]'``): nothing here imports
it at module level. Run on a cluster with ``spark-submit thucydides/spark.py INPUT OUTPUT_DIR``
(imports are absolute so that the file runs as a script).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import types
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from thucydides.errors import ConfigError, ThucydidesError
from thucydides.ingest.sources import JSONL_SUFFIXES, KNOWN_SUFFIXES, RawDocument, record_to_document
from thucydides.model import Actor, Article, EventMention, content_id
from thucydides.settings import Settings

# A column kind, independent of Spark: "string" | "long" | "int" | "double" | "boolean",
# ("array", kind) or ("struct", ((name, kind), ...)).
Kind = Any
Column = tuple[str, Kind]

PARQUET_SUFFIXES = (".parquet", ".parq")
# WARC files are read by thucydides.ingest.iter_documents inside the partition.
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
# The Parquet input columns we read (others are ignored); text or html carries the body.
PARQUET_COLUMNS = ("id", "url", "title", "date", "published", "language", "text", "html")
# Local mode stays on this machine and small: no UI, a loopback address, few shuffle partitions.
LOCAL_CONF = {
    "spark.ui.enabled": "false",
    "spark.driver.host": "127.0.0.1",
    "spark.driver.bindAddress": "127.0.0.1",
    "spark.driver.memory": "1g",
    "spark.sql.session.timeZone": "UTC",
    "spark.ui.showConsoleProgress": "false",
}
MISSING_PYSPARK = "pyspark is not installed: install the [spark] extra: pip install -e '.[spark]'"


# -- the flat schema, derived from the record model


def _kind(tp: Any) -> Kind:
    """The column kind of a pydantic field annotation."""
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1:
            raise TypeError(f"cannot flatten a union of {rest}")
        return _kind(rest[0])
    if origin is Literal:
        return "string"
    if origin is list:
        return ("array", _kind(args[0]))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return ("struct", tuple((name, _kind(f.annotation)) for name, f in tp.model_fields.items()))
    scalars = {str: "string", int: "long", float: "double", bool: "boolean"}
    if tp in scalars:
        return scalars[tp]
    raise TypeError(f"no column kind for {tp!r}")


def _is_struct(kind: Kind) -> bool:
    return isinstance(kind, tuple) and kind[0] == "struct"


def event_columns() -> list[Column]:
    """The columns of an events row, in order: EventMention's fields flattened, plus derived ones."""
    cols: list[Column] = [("article_id", "string")]
    for name, f in EventMention.model_fields.items():
        kind = _kind(f.annotation)
        if _is_struct(kind):
            cols.extend((f"{name}_{sub}", sub_kind) for sub, sub_kind in kind[1])
        else:
            cols.append((name, kind))
    return [*cols, ("source_codes", ("array", "string")), ("target_codes", ("array", "string")), ("year", "int")]


def article_columns() -> list[Column]:
    """The columns of an articles row: Article's fields, events replaced by their count."""
    cols = [(name, _kind(f.annotation)) for name, f in Article.model_fields.items() if name != "events"]
    return [*cols, ("n_events", "long")]


def actor_codes(actors: list[Actor]) -> list[str]:
    """The distinct codes of a compound actor, sorted (as the store keeps them)."""
    return sorted({a.code for a in actors if a.code})


def event_year(date: str | None) -> int | None:
    """The year of an ISO date at any precision (None when unknown)."""
    return int(date[:4]) if date and len(date) >= 4 and date[:4].isdigit() else None


def flatten_event(article_id: str, event: EventMention) -> dict[str, Any]:
    """One events row: the event's JSON form with nested records as prefixed columns."""
    d = event.model_dump(mode="json")
    row: dict[str, Any] = {"article_id": article_id}
    for name, f in EventMention.model_fields.items():
        kind = _kind(f.annotation)
        if _is_struct(kind):
            sub = d[name] or {}
            row.update((f"{name}_{s}", sub.get(s)) for s, _ in kind[1])
        else:
            row[name] = d[name]
    row["source_codes"] = actor_codes(event.source)
    row["target_codes"] = actor_codes(event.target)
    row["year"] = event_year(event.date)
    return row


def flatten_article(article: Article) -> dict[str, Any]:
    """One articles row: the article's fields without its events, and how many it had."""
    row = article.model_dump(mode="json", exclude={"events"})
    row["n_events"] = len(article.events)
    return row


def spark_type(kind: Kind) -> Any:
    """The Spark SQL type of a column kind."""
    from pyspark.sql import types as T

    if isinstance(kind, tuple) and kind[0] == "array":
        return T.ArrayType(spark_type(kind[1]), containsNull=True)
    if _is_struct(kind):
        return T.StructType([T.StructField(n, spark_type(k), nullable=True) for n, k in kind[1]])
    return {"string": T.StringType(), "long": T.LongType(), "int": T.IntegerType(),
            "double": T.DoubleType(), "boolean": T.BooleanType()}[kind]


def spark_schema(columns: list[Column]) -> Any:
    """A Spark StructType for a list of columns."""
    return spark_type(("struct", tuple(columns)))


# -- the session


def require_pyspark() -> None:
    """Fail with a clear message when the [spark] extra is not installed."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise ConfigError(MISSING_PYSPARK) from None


def default_master() -> str | None:
    """``local[*]``, unless spark-submit launched us (then its --master decides)."""
    return None if os.environ.get("PYSPARK_GATEWAY_PORT") else "local[*]"


def spark_session(master: str | None = None, app_name: str = "thucydides", shuffle_partitions: int = 4) -> Any:
    """Get or create a SparkSession; in local mode small, without UI and on the loopback address."""
    require_pyspark()
    from pyspark.sql import SparkSession

    master = master or default_master()
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        # Workers must run this interpreter (the one with thucydides and the model installed).
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        for key, value in LOCAL_CONF.items():
            builder = builder.config(key, value)
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


# -- reading inputs


def _is_uri(path: str) -> bool:
    return "://" in path


def _kind_of_file(name: str) -> str:
    low = name.lower()
    if low.endswith(PARQUET_SUFFIXES):
        return "parquet"
    if Path(low).suffix in JSONL_SUFFIXES:
        return "jsonl"
    return "file"


def plan_inputs(inputs: Iterable[str]) -> list[tuple[str, str]]:
    """Expand inputs into (kind, path) pairs: "jsonl", "parquet" or "file" (read by iter_documents).

    Local directories are walked like the CLI walks them (sorted, known suffixes); URIs
    (hdfs://, s3a://, ...) go to Spark's own readers and must be JSONL or Parquet.
    """
    plan: list[tuple[str, str]] = []
    for inp in inputs:
        if inp == "-":
            raise ConfigError("the Spark job cannot read stdin; give JSONL, Parquet or WARC files")
        if inp.lower().startswith(("http://", "https://")):
            plan.append(("file", inp))  # a page or feed, fetched by iter_documents on an executor
            continue
        if _is_uri(inp):
            low = inp.rstrip("/").lower()
            if low.endswith(WARC_SUFFIXES):
                raise ConfigError(f"{inp}: WARC files are read from a path every executor can open (a shared "
                                  "mount), not from a URI; JSONL and Parquet URIs are fine")
            # Anything else at a URI is a Parquet data set (Spark's own output is a directory).
            plan.append(("jsonl" if Path(low).suffix in JSONL_SUFFIXES else "parquet", inp))
            continue
        path = Path(inp)
        if path.is_dir() and (path / "_SUCCESS").exists():  # a data set Spark wrote
            plan.append(("parquet", inp))
        elif path.is_dir():
            for f in sorted(p for p in path.rglob("*") if p.is_file() and _walked(p.name)):
                plan.append((_kind_of_file(f.name), str(f)))
        else:
            # A missing file goes to iter_documents, which reports it as a failed document.
            kind = _kind_of_file(path.name)
            plan.append((kind if path.is_file() else "file", inp))
    return plan


def _walked(name: str) -> bool:
    low = name.lower()
    return Path(low).suffix in KNOWN_SUFFIXES or low.endswith(PARQUET_SUFFIXES + WARC_SUFFIXES)


def _file_documents(path: str) -> Iterator[RawDocument]:
    from thucydides.ingest import iter_documents

    yield from iter_documents([path])


def _jsonl_document(path: str, pair: tuple[str, int]) -> RawDocument | None:
    line, index = pair
    if index == 0:
        line = line.lstrip("\ufeff")  # the CLI decodes with utf-8-sig
    if not line.strip():
        return None
    where = f"{path}:{index + 1}"
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        return RawDocument(id=content_id("error", where), where=where,
                           error=f"{where}: bad JSON: {exc.msg} at column {exc.colno}")
    return record_to_document(rec, where)


def _parquet_document(path: str, pair: tuple[Any, int]) -> RawDocument:
    row, index = pair
    rec = {k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v)
           for k, v in row.asDict().items() if v is not None}
    return record_to_document(rec, f"{path}:row {index + 1}")


def read_documents(spark: Any, inputs: Iterable[str]) -> Any:
    """An RDD of RawDocuments from every input (JSONL by line, Parquet by row, other files whole)."""
    sc = spark.sparkContext
    rdds = []
    files: list[str] = []
    for kind, path in plan_inputs(inputs):
        if kind == "jsonl":
            # Line numbers name where a bad record was, as the CLI does.
            rdds.append(sc.textFile(path).zipWithIndex().map(partial(_jsonl_document, path))
                        .filter(lambda d: d is not None))
        elif kind == "parquet":
            df = spark.read.parquet(path)
            cols = [c for c in df.columns if c in PARQUET_COLUMNS]
            if not {"text", "html"} & set(cols):
                raise ConfigError(f"{path}: a Parquet input needs a 'text' or 'html' column; it has "
                                  f"{', '.join(df.columns)}")
            rdds.append(df.select(*cols).rdd.zipWithIndex().map(partial(_parquet_document, path)))
        else:
            files.append(path)
    if files:
        rdds.append(sc.parallelize(files, min(len(files), max(1, sc.defaultParallelism))).flatMap(_file_documents))
    if not rdds:
        raise ConfigError("no inputs given")
    return rdds[0] if len(rdds) == 1 else sc.union(rdds)


# -- coding a partition


def _clean(doc: RawDocument) -> Article:
    from thucydides.ingest import clean_document

    try:
        return clean_document(doc)
    except Exception as exc:  # a bad page is data: record it, do not fail the task
        return Article(id=doc.id, source_path=doc.where or None, error=f"{doc.where}: cannot clean: {exc}")


def _code_chunk(articles: list[Article], settings: Settings) -> list[Article]:
    from thucydides.pipeline import code_articles

    try:
        return list(code_articles(articles, settings))
    except Exception:
        # One document broke the batch: code them one by one so only that one fails.
        out: list[Article] = []
        for art in articles:
            try:
                out.extend(code_articles([art], settings))
            except Exception as exc:
                art.events, art.error = [], f"{art.source_path or art.id}: coding failed: {exc}"
                out.append(art)
        return out


def code_partition(settings: Settings, docs: Iterable[RawDocument]) -> Iterator[tuple[tuple[Any, ...], list[tuple[Any, ...]]]]:
    """Clean and code one partition; yield (articles row, events rows) as tuples in column order."""
    from thucydides.pipeline import get_coder

    get_coder(settings).nlp  # noqa: B018 - load the model once, before the first batch
    a_cols = [c for c, _ in article_columns()]
    e_cols = [c for c, _ in event_columns()]
    it = iter(docs)
    while chunk := list(islice(it, settings.batch_size)):
        for art in _code_chunk([_clean(d) for d in chunk], settings):
            a_row = flatten_article(art)
            e_rows = [flatten_event(art.id, e) for e in art.events]
            yield tuple(a_row[c] for c in a_cols), [tuple(r[c] for c in e_cols) for r in e_rows]


# -- the job


@dataclass
class SparkReport:
    """What a Spark run did."""

    output: str
    documents: int = 0
    failed: int = 0
    events: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The figures as a JSON-friendly dict."""
        return {"output": self.output, "documents": self.documents, "failed": self.failed,
                "events": self.events}


def run_job(spark: Any, inputs: Iterable[str], output_dir: str, settings: Settings | None = None,
            partitions: int | None = None, overwrite: bool = False, max_errors: int = 20) -> SparkReport:
    """Code every input document on Spark; write OUTPUT_DIR/events and OUTPUT_DIR/articles as Parquet.

    Returns the counts and the first ``max_errors`` failure messages.
    """
    from pyspark import StorageLevel

    # Spark supplies the parallelism; one NLP process per Python worker.
    settings = replace(settings or Settings(), n_process=1)
    check_output_dir(output_dir, overwrite)
    sc = spark.sparkContext
    docs = read_documents(spark, inputs)
    coded = (docs.repartition(partitions or sc.defaultParallelism)
             .mapPartitions(partial(code_partition, settings))
             .persist(StorageLevel.MEMORY_AND_DISK))
    try:
        mode = "overwrite" if overwrite else "errorifexists"
        articles_dir, events_dir = _join(output_dir, "articles"), _join(output_dir, "events")
        # Writing articles codes every partition (into the cache); events are then read from the cache.
        spark.createDataFrame(coded.map(lambda pair: pair[0]), spark_schema(article_columns())) \
            .write.mode(mode).parquet(articles_dir)
        spark.createDataFrame(coded.flatMap(lambda pair: pair[1]), spark_schema(event_columns())) \
            .write.mode(mode).partitionBy("year").parquet(events_dir)
        report = _report(spark, output_dir, articles_dir, max_errors)
    except Exception as exc:
        if type(exc).__name__ == "AnalysisException" and "already exists" in str(exc):
            raise ConfigError(f"{output_dir} already holds output; choose another directory or overwrite") from None
        raise
    finally:
        coded.unpersist()
    return report


def _report(spark: Any, output_dir: str, articles_dir: str, max_errors: int) -> SparkReport:
    # The figures come from the written Parquet: JVM-only jobs, no second pass through Python.
    from pyspark.sql import functions as F

    articles = spark.read.parquet(articles_dir)
    row = articles.agg(F.count("*").alias("n"), F.count("error").alias("failed"),
                       F.coalesce(F.sum("n_events"), F.lit(0)).alias("events")).first()
    errors = [r["error"] for r in articles.where("error IS NOT NULL").select("error").limit(max_errors).collect()]
    return SparkReport(output=output_dir, documents=int(row["n"]), failed=int(row["failed"]),
                       events=int(row["events"]), errors=errors)


def check_output_dir(output_dir: str, overwrite: bool = False) -> None:
    """Refuse a local OUTPUT_DIR that already holds output (checked before Spark starts any work)."""
    if overwrite or _is_uri(output_dir):
        return
    taken = [str(p) for p in (Path(output_dir) / "articles", Path(output_dir) / "events") if p.exists()]
    if taken:
        raise ConfigError(f"{' and '.join(taken)} already exist; choose another OUTPUT_DIR or --overwrite")


def _join(base: str, name: str) -> str:
    return f"{base.rstrip('/')}/{name}"


def main(argv: list[str] | None = None) -> int:
    """Entry point for ``spark-submit thucydides/spark.py INPUT... OUTPUT_DIR``."""
    parser = argparse.ArgumentParser(prog="thucydides-spark", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+", metavar="INPUT... OUTPUT_DIR")
    parser.add_argument("--partitions", type=int, default=None)
    parser.add_argument("--master", default=None)
    parser.add_argument("--model", default=None)
    parser.add_argument("--overwrite", action="store_true")
    args = parser.parse_args(argv)
    if len(args.paths) < 2:
        parser.error("give at least one INPUT and the OUTPUT_DIR")
    from thucydides.settings import load_settings

    try:
        settings = load_settings(model=args.model)
        plan_inputs(args.paths[:-1])
        check_output_dir(args.paths[-1], args.overwrite)
        spark = spark_session(args.master, shuffle_partitions=args.partitions or 4)
        report = run_job(spark, args.paths[:-1], args.paths[-1], settings, args.partitions, args.overwrite)
    except ThucydidesError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for msg in report.errors:
        print(f"warning: {msg}", file=sys.stderr)
    print(json.dumps(report.summary()))
    return 1 if report.failed else 0


if __name__ == "__main__":
    # Run the installed module's main, so that the functions Spark ships to executors are
    # pickled by reference to thucydides.spark, not by value from __main__.
    from thucydides.spark import main as _main

    sys.exit(_main())
