"""The Spark job in local mode: one Parquet row per event the CLI prints for the same input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from thucydides.model import Actor, EventMention, Evidence, Location
from thucydides.spark import article_columns, event_columns, flatten_event

# Short political news written for this test; n8 (empty text) and line 9 (bad JSON) fail.
CORPUS = [
    {"id": "n1", "date": "2023-03-22", "title": "Talks in Moscow",
     "text": "Russia and China held talks in Moscow on Monday."},
    {"id": "n2", "date": "2022-05-01", "text": "Iran condemned Israel over the strike on Sunday."},
    {"id": "n3", "date": "2021-06-10", "text": "The United States imposed sanctions on North Korea on Thursday."},
    {"id": "n4", "text": "France and Germany signed a trade agreement in Berlin."},
    {"id": "n5", "date": "2020-01-15", "text": "India accused Pakistan of violating the ceasefire in Kashmir."},
    {"id": "n6", "date": "2019-11-04", "text": "Japan pledged aid to the Philippines after the typhoon."},
    {"id": "n7", "date": "2023-07-13", "url": "https://example.org/jakarta",
     "html": "<html><head><title>Wang Yi meets Lavrov</title></head><body><article><h1>Wang Yi meets Lavrov</h1>"
             "<p>Chinese Foreign Minister Wang Yi met Russian Foreign Minister Sergei Lavrov in Jakarta on "
             "Thursday, and the two sides pledged to deepen their strategic cooperation.</p><p>Both ministers "
             "said they support the central role of ASEAN in regional affairs.</p></article></body></html>"},
    {"id": "n8", "text": ""},
]
BAD_LINE = '{"id": "n9" "text": "missing comma"}'
LAST = {"id": "n10", "date": "2021-02-02", "text": "The weather in Paris was sunny on Tuesday."}

PAGES = [
    ("https://news.example.org/2023/07/14/jakarta-talks",
     "<html><head><title>Wang Yi meets Lavrov in Jakarta</title></head><body><nav>Home | World</nav><article>"
     "<h1>Wang Yi meets Lavrov in Jakarta</h1><p>Chinese Foreign Minister Wang Yi met Russian Foreign Minister "
     "Sergei Lavrov in Jakarta on Thursday. The two sides pledged to deepen strategic cooperation.</p>"
     "<p>Both ministers said they support the central role of ASEAN in regional affairs.</p></article>"
     "<footer>Copyright 2023</footer></body></html>"),
    ("https://news.example.org/2021/06/10/sanctions",
     "<html><head><title>New sanctions</title></head><body><article><h1>New sanctions</h1>"
     "<p>The United States imposed sanctions on North Korea on Thursday, officials said in Washington.</p>"
     "<p>North Korea condemned the United States over the measures.</p></article></body></html>"),
]


def write_warc(path: Path) -> None:
    """A gzipped WARC with a request record (skipped by the reader) and two HTML responses."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, html in PAGES:
            req = writer.create_warc_record(url, "request", payload=io.BytesIO(b""),
                                            http_headers=StatusAndHeaders("GET / HTTP/1.1", [], is_http_request=True))
            writer.write_record(req)
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode("utf-8")), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2023-07-14T08:00:00Z"}))



pyspark = pytest.importorskip("pyspark", reason="pyspark is not installed (pip install -e '.[spark]')")
try:
    import thucydides.ingest.warc  # noqa: F401

    HAVE_WARC = True
except ImportError:  # the WARC reader is not there yet: the input directory holds JSONL only
    HAVE_WARC = False


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory as a crawl job gets it: a JSONL corpus, a WARC (when readable) and a stray file."""
    src = tmp_path_factory.mktemp("spark") / "crawl"
    src.mkdir()
    lines = [json.dumps(r) for r in CORPUS] + [BAD_LINE, json.dumps(LAST)]
    (src / "corpus.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if HAVE_WARC:
        write_warc(src / "crawl.warc.gz")
    (src / "notes.md").write_text("not an input: the CLI skips unknown suffixes in a directory\n")
    return src


@pytest.fixture(scope="module")
def cli_articles(corpus: Path) -> list[dict[str, Any]]:
    """What `thucydides code` prints for the directory."""
    proc = subprocess.run([sys.executable, "-m", "thucydides", "code", str(corpus)], capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr  # two documents fail
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert len(out) == 10 + (len(PAGES) if HAVE_WARC else 0), proc.stderr
    return out


@pytest.fixture(scope="module")
def spark():  # noqa: ANN201
    from thucydides.spark import spark_session

    session = spark_session("local[2]", app_name="thucydides-tests", shuffle_partitions=2)
    yield session
    session.stop()


def cli_event_rows(articles: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [flatten_event(a["id"], EventMention.model_validate(e)) for a in articles for e in a["events"]]


def parquet_rows(pattern: str, hive: bool = False) -> list[dict[str, Any]]:
    con = duckdb.connect()
    cur = con.execute(f"SELECT * FROM read_parquet('{pattern}', hive_partitioning={str(hive).lower()})")
    cols = [d[0] for d in cur.description or []]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def canon(rows: list[dict[str, Any]]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True) for r in rows)


@pytest.mark.slow
def test_jsonl_and_warc_job_writes_one_row_per_cli_event(spark: Any, corpus: Path,
                                                         cli_articles: list[dict[str, Any]], tmp_path: Path) -> None:
    from thucydides.spark import run_job

    report = run_job(spark, [str(corpus)], str(tmp_path / "out"), partitions=2)
    assert (report.documents, report.failed) == (len(cli_articles), 2)
    assert any("corpus.jsonl:9: bad JSON" in m for m in report.errors)
    assert any("corpus.jsonl:8: record has an empty text" in m for m in report.errors)

    events = parquet_rows(f"{tmp_path}/out/events/**/*.parquet", hive=True)
    expected = cli_event_rows(cli_articles)
    assert expected, "the CLI found no events at all"
    assert report.events == len(events) == len(expected)
    key = ("article_id", "id", "type", "cameo", "source_codes", "target_codes", "date")
    assert sorted(tuple(map(str, (r[k] for k in key))) for r in events) == \
        sorted(tuple(map(str, (r[k] for k in key))) for r in expected)
    # Not just the key: every flattened column, nested actors and mentions included.
    assert canon(events) == canon(expected)

    by_article: dict[str, list[dict[str, Any]]] = {}
    for r in events:
        by_article.setdefault(r["article_id"], []).append(r)
    # Worked out by hand: Monday before Wednesday 2023-03-22 is 2023-03-20.
    (talks,) = by_article["n1"]
    assert (talks["type"], talks["date"], talks["year"], talks["source_codes"]) == \
        ("CONSULT", "2023-03-20", 2023, ["CHN", "RUS"])
    assert {r["year"] for r in by_article["n2"]} == {2022}
    assert {r["year"] for r in by_article["n4"]} == {None}  # no date anywhere: the default partition
    assert "n10" not in by_article and "n8" not in by_article
    assert {p.name for p in (tmp_path / "out" / "events").iterdir() if p.is_dir()} >= \
        {"year=2023", "year=2022", "year=__HIVE_DEFAULT_PARTITION__"}

    articles = {r["id"]: r for r in parquet_rows(f"{tmp_path}/out/articles/*.parquet")}
    assert set(articles) == {a["id"] for a in cli_articles}
    assert list(parquet_rows(f"{tmp_path}/out/articles/*.parquet")[0]) == [c for c, _ in article_columns()]
    for a in cli_articles:
        row = articles[a["id"]]
        assert (row["n_events"], row["error"], row["text"], row["title"]) == \
            (len(a["events"]), a.get("error"), a["text"], a["title"])
    assert articles["n10"]["n_events"] == 0 and articles["n1"]["published"] == "2023-03-22"
    if HAVE_WARC:  # both HTML responses of the crawl, with the crawl date; the request record is skipped
        crawled = [r for r in articles.values() if r["url"] in {url for url, _ in PAGES}]
        assert len(crawled) == 2 and {r["fetched_at"] for r in crawled} == {"2023-07-14T08:00:00Z"}


@pytest.mark.slow
def test_parquet_input_gives_the_cli_events(spark: Any, corpus: Path, cli_articles: list[dict[str, Any]],
                                            tmp_path: Path) -> None:
    from thucydides.spark import run_job

    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(json.dumps(r) for r in [*CORPUS, LAST]) + "\n", encoding="utf-8")
    pq = tmp_path / "news.parquet"
    # A typed DATE column and a missing body column per row, as a real Parquet corpus may have.
    duckdb.connect().execute(
        f"COPY (SELECT id, url, title, CAST(date AS DATE) AS published, text, html "
        f"FROM read_json('{good}', columns={{id: 'VARCHAR', url: 'VARCHAR', title: 'VARCHAR', "
        f"date: 'VARCHAR', text: 'VARCHAR', html: 'VARCHAR'}})) TO '{pq}' (FORMAT parquet)")
    report = run_job(spark, [str(pq)], str(tmp_path / "out"), partitions=2)
    assert (report.documents, report.failed) == (9, 1)  # n8's empty text; the bad JSON line is not there
    events = parquet_rows(f"{tmp_path}/out/events/**/*.parquet", hive=True)
    from_jsonl = [a for a in cli_articles if a["id"] in {r["id"] for r in [*CORPUS, LAST]}]
    assert canon(events) == canon(cli_event_rows(from_jsonl))


@pytest.mark.slow
def test_spark_code_command_summarises_and_fails_on_bad_documents(tmp_path: Path) -> None:
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps(CORPUS[1]) + "\n" + BAD_LINE + "\n", encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "thucydides", "spark", "code", str(small), str(out), "--master", "local[1]",
           "--partitions", "1"]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 1, proc.stderr
    summary = json.loads(proc.stdout)
    assert (summary["documents"], summary["failed"]) == (2, 1)
    assert "small.jsonl:2" in proc.stderr and "1 of 2 documents failed" in proc.stderr
    assert (out / "events" / "_SUCCESS").exists() and (out / "articles" / "_SUCCESS").exists()
    again = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    assert again.returncode == 2 and "already exist;" in " ".join(again.stderr.split())
    assert "Spark" not in again.stderr  # refused before a JVM was started


def test_spark_command_without_pyspark_asks_for_the_extra(tmp_path: Path) -> None:
    code = ("import sys; sys.modules['pyspark'] = None\n"
            "from thucydides.cli import main\n"
            f"sys.argv = ['thucydides', 'spark', 'code', 'x.jsonl', {str(tmp_path / 'out')!r}]\n"
            "main()\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "install the [spark] extra" in proc.stderr


def test_flatten_event_spreads_nested_records_into_columns() -> None:
    ev = EventMention(
        id="e1", type="ASSAULT", cameo="190", goldstein=-10.0, quad_class=4, date="2014-07",
        source=[Actor(text="Russian forces", code="RUS", sector="MIL"), Actor(text="rebels", code="RUS")],
        target=[Actor(text="Ukraine", code="UKR")],
        location=Location(name="Donetsk", country="UKR"),
        evidence=Evidence(sentence="Russian forces shelled Donetsk.", start=10, end=41, trigger="shelled"),
        confidence=0.5, coder="rules/1")
    row = flatten_event("a1", ev)
    assert list(row) == [c for c, _ in event_columns()]
    assert (row["article_id"], row["id"], row["year"]) == ("a1", "e1", 2014)
    assert row["source_codes"] == ["RUS"] and row["target_codes"] == ["UKR"]  # distinct, sorted
    assert (row["location_name"], row["location_country"], row["location_lat"]) == ("Donetsk", "UKR", None)
    assert (row["evidence_start"], row["evidence_end"], row["evidence_trigger"]) == (10, 41, "shelled")
    assert row["source"][0] == {"text": "Russian forces", "name": None, "code": "RUS", "sector": "MIL", "id": None}
    no_place = flatten_event("a1", ev.model_copy(update={"location": None, "date": None}))
    assert no_place["location_name"] is None and no_place["year"] is None


def test_event_columns_cover_every_field_of_the_record_model() -> None:
    cols = dict(event_columns())
    for name in EventMention.model_fields:
        assert name in cols or any(c.startswith(f"{name}_") for c in cols), name
    assert cols["evidence_start"] == "long" and cols["goldstein"] == "double"
    assert cols["source"][0] == "array" and [n for n, _ in cols["source"][1][1]] == list(Actor.model_fields)


def test_plan_walks_a_directory_like_the_cli_and_refuses_stdin(tmp_path: Path) -> None:
    from thucydides.errors import ConfigError
    from thucydides.spark import plan_inputs

    for name in ("b.jsonl", "a.html", "c.parquet", "d.warc.gz", "notes.md", "sub/e.txt", "spark_out/_SUCCESS",
                 "spark_out/part-0.parquet"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    got = plan_inputs([str(tmp_path), str(tmp_path / "spark_out"), str(tmp_path / "missing.jsonl")])
    assert [(k, Path(p).relative_to(tmp_path).as_posix()) for k, p in got] == [
        ("file", "a.html"), ("jsonl", "b.jsonl"), ("parquet", "c.parquet"), ("file", "d.warc.gz"),
        ("parquet", "spark_out/part-0.parquet"), ("file", "sub/e.txt"),
        ("parquet", "spark_out"), ("file", "missing.jsonl")]
    with pytest.raises(ConfigError, match="stdin"):
        plan_inputs(["-"])
    proc = subprocess.run([sys.executable, "-m", "thucydides", "spark", "code", "-", str(tmp_path / "out")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and "cannot read stdin" in proc.stderr and "Spark's" not in proc.stderr
