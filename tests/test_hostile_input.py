"""Bad and hostile input is reported per document and the run goes on.

Truncated gzip, binary junk, a 50 MB page, a gzip bomb, invalid UTF-8: each gives a failure
naming the file (and line for JSONL); the good documents around them are read and stored.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from thucydides.ingest import iter_documents
from thucydides.ingest.sources import MAX_PAGE_BYTES
from thucydides.model import content_id
from thucydides.settings import Settings
from thucydides.store.duck import Store
from thucydides.store.ingest import ingest

GOOD = "Germany on Monday banned the Iranian airline Mahan Air from its airports, the government said."
OTHER = "Japan and South Korea agreed on Friday to resume talks on trade after a year without meetings."


def records(n: int) -> bytes:
    return "".join(json.dumps({"id": f"r{i}", "text": f"{GOOD} Record {i}."}) + "\n" for i in range(n)).encode()


def docs(*paths: Path) -> list:
    return list(iter_documents([str(p) for p in paths]))


def test_gzipped_text_html_and_jsonl_are_read(tmp_path: Path) -> None:
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(GOOD.encode()))
    (tmp_path / "b.html.gz").write_bytes(gzip.compress(f"<html><body><p>{OTHER}</p></body></html>".encode()))
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress(records(3)))
    got = docs(tmp_path)  # a directory: .gz files of known types are found too
    assert [d.error for d in got] == [None] * 5
    assert got[0].text == GOOD and got[0].id == content_id(GOOD)
    assert got[1].html is not None and OTHER in got[1].html
    assert [d.id for d in got[2:]] == ["r0", "r1", "r2"]


def test_truncated_jsonl_gz_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    full = gzip.compress(records(200))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(full[: len(full) * 2 // 3])
    got = docs(path)
    ok, bad = [d for d in got if not d.error], [d for d in got if d.error]
    # the good records come first and in order; exactly one failure, last, names the file
    assert 0 < len(ok) < 200 and [d.id for d in ok] == [f"r{i}" for i in range(len(ok))]
    assert len(bad) == 1 and got[-1] is bad[0]
    assert str(path) in (bad[0].error or "") and "truncated gzip" in (bad[0].error or "")


def test_truncated_page_gz_and_not_gzip_at_all(tmp_path: Path) -> None:
    cut = tmp_path / "cut.txt.gz"
    cut.write_bytes(gzip.compress((GOOD * 50).encode())[:40])
    fake = tmp_path / "fake.html.gz"
    fake.write_bytes(b"<html>this was never compressed</html>")
    a, b = docs(cut, fake)
    assert a.error is not None and "truncated gzip" in a.error and str(cut) in a.error
    assert b.error is not None and "corrupt gzip" in b.error and str(fake) in b.error


def test_gzip_bomb_is_refused_not_inflated(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.txt.gz"
    bomb.write_bytes(gzip.compress(b"a" * (MAX_PAGE_BYTES + 10)))  # about 10 kB on disk
    (d,) = docs(bomb)
    assert d.error is not None and "limit" in d.error


def test_binary_junk_is_reported(tmp_path: Path) -> None:
    junk = tmp_path / "junk.html"
    junk.write_bytes(bytes(range(256)) * 64)
    elf = tmp_path / "prog.txt"
    elf.write_bytes(b"\x7fELF\x02\x01\x01" + os.urandom(4000))
    a, b = docs(junk, elf)
    assert a.error is not None and "binary" in a.error
    assert b.error is not None and "binary" in b.error


def test_invalid_utf8_fails_only_its_document(tmp_path: Path) -> None:
    page = tmp_path / "latin1.txt"
    page.write_bytes("Le président a déclaré que la réunion était terminée.".encode("latin-1"))
    lines = tmp_path / "mixed.jsonl"
    bad = json.dumps({"id": "bad", "text": "caf\u00e9"}).encode().replace(b"\\u00e9", b"\xe9")
    lines.write_bytes(records(2) + bad + b"\n" + json.dumps({"id": "last", "text": OTHER}).encode() + b"\n")
    got = docs(page, lines)
    assert got[0].error is not None and "not valid UTF-8" in got[0].error
    assert [d.id for d in got[1:3]] == ["r0", "r1"] and got[1].error is None
    assert got[3].error is not None and f"{lines}:3" in got[3].error and "UTF-8" in got[3].error
    assert got[4].id == "last" and got[4].error is None


def test_fifty_megabyte_page_and_record_are_refused(tmp_path: Path) -> None:
    big = tmp_path / "huge.html"
    with big.open("wb") as fh:
        fh.write(b"<html><body>")
        para = f"<p>{GOOD}</p>\n".encode()
        fh.write(para * (50 * 2**20 // len(para)))
        fh.write(b"</body></html>")
    assert big.stat().st_size > 50 * 10**6
    huge_record = tmp_path / "huge.jsonl"
    with huge_record.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "big", "text": GOOD * (MAX_PAGE_BYTES // len(GOOD) + 1)}) + "\n")
        fh.write(json.dumps({"id": "small", "text": OTHER}) + "\n")
    a, b, c = docs(big, huge_record)
    assert a.error is not None and "limit" in a.error
    assert b.id != "small" and b.error is not None and "limit" in b.error and f"{huge_record}:1" in b.error
    assert c.id == "small" and c.error is None


def test_long_text_is_cut_before_nlp_and_reported(tmp_path: Path) -> None:
    """A text past max_chars (and past spaCy's own 1,000,000-character limit) is coded on its head."""
    long = tmp_path / "long.jsonl"
    long.write_text(json.dumps({"id": "long", "text": (GOOD + " ") * 12_000}) + "\n", encoding="utf-8")
    assert len((GOOD + " ") * 12_000) > 1_000_000
    with Store() as store:
        report = ingest(store, [str(long)], Settings(max_chars=2_000))
        assert (report.stored, report.failed, report.truncated) == (1, 0, 1)
        assert "1 coded on their first max_chars characters only" in report.summary()


@pytest.mark.slow
def test_ingest_of_a_hostile_directory_reports_each_and_goes_on(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "01_good.txt").write_text(GOOD, encoding="utf-8")
    full = gzip.compress(records(50))
    (corpus / "02_cut.jsonl.gz").write_bytes(full[: len(full) // 2])
    (corpus / "03_junk.html").write_bytes(os.urandom(5000))
    (corpus / "04_latin1.txt").write_bytes("Réunion à Genève.".encode("latin-1"))
    with (corpus / "05_huge.html").open("wb") as fh:
        fh.write(b"<html><body>" + b"<p>x</p>" * (MAX_PAGE_BYTES // 8 + 10) + b"</body></html>")
    (corpus / "06_good.html.gz").write_bytes(gzip.compress(f"<html><body><p>{OTHER}</p></body></html>".encode()))
    db = tmp_path / "s.duckdb"
    env = dict(os.environ, THUCYDIDES_CONFIG=str(tmp_path / "none.toml"))
    proc = subprocess.run([sys.executable, "-m", "thucydides", "ingest", str(corpus), "--db", str(db)],
                          capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 1, proc.stderr
    with duckdb.connect(str(db), read_only=True) as con:
        failures = con.execute("SELECT location, error FROM failures ORDER BY location").fetchall()
        stored = {r[0] for r in con.execute("SELECT id FROM articles").fetchall()}
    # one failure per bad file, each naming it
    assert [Path(loc).name for loc, _ in failures] == ["02_cut.jsonl.gz", "03_junk.html", "04_latin1.txt",
                                                       "05_huge.html"]
    assert all(Path(loc).name in err for loc, err in failures)
    # the good page, the good gzipped page and every record before the cut are stored
    n_ok = sum(1 for d in docs(corpus / "02_cut.jsonl.gz") if not d.error)
    html = f"<html><body><p>{OTHER}</p></body></html>"
    assert n_ok > 0 and stored == {content_id(GOOD), content_id(html)} | {f"r{i}" for i in range(n_ok)}


def test_parallel_extraction_keeps_input_order_and_reports_each_failure(tmp_path: Path) -> None:
    from thucydides.ingest.workers import clean_documents

    lines = tmp_path / "pages.jsonl"
    recs = [{"id": f"d{i}", "text": f"{GOOD} Item {i}."} if i % 7 else {"id": f"d{i}", "html": "<html></html>"}
            for i in range(40)]
    lines.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    serial = list(clean_documents(iter_documents([str(lines)]), n_process=1))
    parallel = list(clean_documents(iter_documents([str(lines)]), n_process=2, chunksize=3))
    assert [a.id for a in parallel] == [f"d{i}" for i in range(40)]
    assert [a.model_dump() for a in parallel] == [a.model_dump() for a in serial]
    # d0, d7, ..., d35 are empty pages: six failures, each naming its line
    failed = [a for a in parallel if a.error]
    assert [a.id for a in failed] == [f"d{i}" for i in range(0, 40, 7)]
    assert all(f"{lines}:{int(a.id[1:]) + 1}" in (a.error or "") for a in failed)


def test_extract_cli_on_two_processes_prints_one_line_per_document_in_order(tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    corpus.mkdir()
    for i in range(12):
        (corpus / f"{i:02d}.txt").write_text(f"{GOOD} Page {i}.", encoding="utf-8")
    (corpus / "05b.html").write_bytes(os.urandom(3000))
    proc = subprocess.run([sys.executable, "-m", "thucydides", "extract", "-j", "2", str(corpus)],
                          capture_output=True, text=True, timeout=120)
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert proc.returncode == 1 and len(out) == 13
    assert [o["id"] for o in out[:6]] == [content_id(f"{GOOD} Page {i}.") for i in range(6)]
    assert "binary" in out[6]["error"] and "error" not in out[7]
    assert out[7]["text"] == f"{GOOD} Page 6."
