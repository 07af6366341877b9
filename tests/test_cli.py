"""The CLI as a user meets it: a real process, stdout carrying only data, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import SEED


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "thucydides", *args], capture_output=True, text=True,
                          input=stdin, timeout=600)


@pytest.mark.slow
def test_code_bad_inputs_each_get_a_line_and_the_run_fails(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "g1", "text": "Russia and China held talks in Moscow on Monday.",
                                "date": "2023-03-22"}) + "\n{oops\n")
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    proc = run("code", str(good), str(tmp_path / "missing.txt"), str(empty), "-", stdin="")
    lines = [json.loads(line) for line in proc.stdout.splitlines()]
    assert proc.returncode == 1
    assert [d.get("error") is None for d in lines] == [True, False, False, False]
    assert lines[0]["id"] == "g1" and lines[0]["events"], lines[0]
    assert "good.jsonl:2" in lines[1]["error"]
    assert "missing.txt" in lines[2]["error"] and "empty" in lines[3]["error"]
    assert "missing.txt" in proc.stderr and "3 of 4 documents failed" in proc.stderr


@pytest.mark.slow
def test_code_reads_stdin_and_keeps_input_order() -> None:
    recs = [{"id": str(i), "text": t} for i, t in enumerate(["Iran condemned Israel.", "", "France and Germany met."])]
    proc = run("code", "-", stdin="".join(json.dumps(r) + "\n" for r in recs))
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [d["id"] for d in out] == ["0", "1", "2"]
    assert out[1]["error"] and proc.returncode == 1


def test_extract_prints_clean_text_without_events() -> None:
    proc = run("extract", str(SEED))
    (doc,) = [json.loads(line) for line in proc.stdout.splitlines()]
    assert proc.returncode == 0
    assert "events" not in doc
    assert doc["agency"] == "Xinhua" and doc["editor"] == "Wang Qingchu"
    assert doc["published"].startswith("2023-07-14")
    assert "Copyright" not in doc["text"] and "Shanghai Cooperation Organization and BRICS" in doc["text"]


def test_schema_is_json() -> None:
    proc = run("schema")
    assert proc.returncode == 0 and json.loads(proc.stdout)["title"] == "thucydides article"


@pytest.mark.slow
def test_ingest_twice_then_query(tmp_path: Path) -> None:
    db = tmp_path / "e.duckdb"
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": "Germany on Monday banned Iranian airline Mahan Air.",
                               "date": "2019-01-23"}) + "\n" + "{bad\n")
    first = run("ingest", str(src), "--db", str(db))
    second = run("ingest", str(src), "--db", str(db))
    assert first.returncode == 1 and second.returncode == 1  # the bad line fails every time
    assert "1 stored" in first.stderr and "1 already stored" in second.stderr
    q = run("query", "--db", str(db), "--actor", "DEU", "--format", "jsonl")
    rows = [json.loads(line) for line in q.stdout.splitlines()]
    assert q.returncode == 0 and rows and all("DEU" in r["source"] + r["target"] for r in rows)
    csv_out = run("query", "--db", str(db), "--top-dyads", "5", "--format", "csv")
    assert csv_out.stdout.splitlines()[0] == "source,target,events,cooperative,conflictual,goldstein_sum"
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM failures").fetchone()[0] == 2
    assert con.execute("SELECT count(*) FROM runs WHERE finished_at IS NOT NULL").fetchone()[0] == 2


def test_query_without_store_is_a_clear_error(tmp_path: Path) -> None:
    proc = run("query", "--db", str(tmp_path / "none.duckdb"))
    assert proc.returncode == 2 and "no store" in proc.stderr and proc.stdout == ""
