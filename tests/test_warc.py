"""WARC and WARC.gz: HTML responses become documents; broken records are reported and skipped;
a WARC of news pages codes to the same events as the same pages given as HTML in JSONL."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from thucydides.ingest import clean_document, iter_documents

from .web_fixtures import GERMAN, NEWS

WARC_DATE = "2024-03-09T12:00:00Z"  # the crawl, days after the pages' own dates


def _response(w: WARCWriter, url: str, body: bytes, ctype: str = "text/html; charset=utf-8",
              status: str = "200 OK", date: str = WARC_DATE) -> None:
    hh = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
    w.write_record(w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=hh,
                                        warc_headers_dict={"WARC-Date": date}))


def _request(w: WARCWriter, url: str) -> None:
    hh = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
    w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=hh,
                                        warc_headers_dict={"WARC-Date": WARC_DATE}))


def write_news_warc(path: Path, gz: bool, pages: dict[str, str] | None = None) -> list[int]:
    """A small crawl: a request and a response per page, plus records that are not articles.
    Returns the offset where each record starts (and the file size last)."""
    offsets = []
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        for url_path, html in (pages or NEWS).items():
            url = "https://news.example" + url_path
            offsets.append(fh.tell())
            _request(w, url)
            offsets.append(fh.tell())
            _response(w, url, html.encode("utf-8"))
        offsets.append(fh.tell())
        _response(w, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
        offsets.append(fh.tell())
        _response(w, "https://news.example/gone.html", b"<html><body>Not found</body></html>", status="404 Not Found")
        offsets.append(fh.tell())
    return offsets


@pytest.mark.parametrize("gz", [False, True])
def test_html_responses_become_documents_and_the_rest_is_skipped(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_news_warc(path, gz)
    docs = list(iter_documents([str(path)]))
    assert [d.url for d in docs] == ["https://news.example" + p for p in NEWS]
    assert all(d.error is None and d.fetched_at == WARC_DATE and d.date_fallback == "2024-03-09" for d in docs)
    assert docs[0].html == NEWS["/news/france-iran.html"]
    assert docs[0].where.startswith(f"{path}@")
    # the page's own date wins over the WARC date, which is kept as the fetch time
    art = clean_document(docs[0])
    assert (art.published, art.fetched_at, art.language) == ("2024-03-04", WARC_DATE, "en")


def test_a_directory_reads_warc_files_in_order(tmp_path: Path) -> None:
    write_news_warc(tmp_path / "b.warc.gz", True, {"/x.html": NEWS["/news/japan-aid.html"]})
    (tmp_path / "a.html").write_text(NEWS["/news/france-iran.html"])
    docs = list(iter_documents([str(tmp_path)]))
    assert [Path(d.where.split("@")[0]).name for d in docs] == ["a.html", "b.warc.gz"]


@pytest.mark.parametrize("gz", [False, True])
def test_a_broken_record_is_reported_and_the_following_records_are_read(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("broken.warc.gz" if gz else "broken.warc")
    offsets = write_news_warc(path, gz)
    data = bytearray(path.read_bytes())
    # smash the header of the first response record (offsets[1])
    start = offsets[1] + (20 if gz else 0)
    data[start:start + 24] = b"\xde\xad\xbe\xef GARBAGE\x00\x01 GARBAGE!!"
    path.write_bytes(bytes(data))
    docs = list(iter_documents([str(path)]))
    errors = [d for d in docs if d.error]
    assert len(errors) == 1 and "skipping to the next record" in (errors[0].error or "")
    assert errors[0].error.startswith(f"{path}@")  # type: ignore[union-attr]
    good = [d.url for d in docs if not d.error]
    assert good == ["https://news.example/news/china-russia.html", "https://news.example/news/japan-aid.html"]


def test_a_truncated_warc_gz_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    offsets = write_news_warc(path, True)
    # cut in the middle of the third response record (china-russia is record 3, japan-aid record 5)
    cut = (offsets[5] + offsets[6]) // 2
    path.write_bytes(path.read_bytes()[:cut])
    docs = list(iter_documents([str(path)]))
    assert [d.url for d in docs if not d.error] == ["https://news.example/news/france-iran.html",
                                                    "https://news.example/news/china-russia.html"]
    (err,) = [d for d in docs if d.error]
    assert err.error and err.error.startswith(f"{path}@") and ("truncated" in err.error or "broken" in err.error)


def test_a_truncated_plain_warc_reports_the_cut_record(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc"
    offsets = write_news_warc(path, False)
    path.write_bytes(path.read_bytes()[:offsets[5] + 700])
    docs = list(iter_documents([str(path)]))
    assert len([d for d in docs if not d.error]) == 2
    assert docs[-1].error == f"{path}@{offsets[5]}: truncated WARC record"


def test_bad_payloads_are_reported_per_record(tmp_path: Path) -> None:
    path = tmp_path / "bad.warc.gz"
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=True)
        _response(w, "https://news.example/big.html", b"<p>" + b"x" * (11 * 1024 * 1024) + b"</p>")
        _response(w, "https://news.example/latin1.html", "<p>Caf\xe9 au lait</p>".encode("latin-1"))
        _response(w, "https://news.example/junk.html", b"\x00\x01\x02\x03" * 100)
        _response(w, "https://news.example/ok.html", NEWS["/news/japan-aid.html"].encode())
    docs = list(iter_documents([str(path)]))
    assert [d.url for d in docs] == ["https://news.example/" + n for n in ("big.html", "latin1.html", "junk.html",
                                                                            "ok.html")]
    assert "over the 10,485,760-byte limit" in (docs[0].error or "")
    assert "not valid UTF-8" in (docs[1].error or "")
    assert "binary data" in (docs[2].error or "")
    assert docs[3].error is None


def test_garbage_named_warc_is_one_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.warc.gz"
    path.write_bytes(b"\x1f\x8b\x08" + b"this is not gzip data at all" * 10)
    (tmp_path / "next.txt").write_text("China and Russia held talks.")
    docs = list(iter_documents([str(path), str(tmp_path / "next.txt")]))
    assert len(docs) == 2 and docs[0].error and docs[0].error.startswith(f"{path}@0: ")
    assert docs[1].text == "China and Russia held talks."


def _event_keys(art) -> list[tuple]:  # noqa: ANN001
    return sorted((e.type, e.cameo, tuple(a.code for a in e.source), tuple(a.code for a in e.target), e.date)
                  for e in art.events)


@pytest.mark.slow
def test_a_warc_of_news_pages_codes_to_the_same_events_as_the_pages_in_jsonl(tmp_path: Path) -> None:
    from thucydides.pipeline import process_documents

    pages = {**NEWS, "/de/sanktionen.html": GERMAN}
    warc = tmp_path / "news.warc.gz"
    write_news_warc(warc, True, pages)
    jsonl = tmp_path / "news.jsonl"
    jsonl.write_text("".join(json.dumps({"id": f"p{i}", "url": "https://news.example" + p, "html": html}) + "\n"
                             for i, (p, html) in enumerate(pages.items())))
    from_warc = list(process_documents(iter_documents([str(warc)])))
    from_jsonl = list(process_documents(iter_documents([str(jsonl)])))
    assert len(from_warc) == len(from_jsonl) == 4
    for w, j in zip(from_warc, from_jsonl, strict=True):
        assert w.error is None and j.error is None
        assert (w.url, w.title, w.published, w.language) == (j.url, j.title, j.published, j.language)
        assert _event_keys(w) == _event_keys(j)
    # worked out by hand from the pages: who did what to whom, dated by each page's own date
    keys = {k for a in from_warc for k in _event_keys(a)}
    assert ("CONSULT", "040", ("CHN",), ("RUS",), "2024-03-05") in keys
    assert any(k[0] == "ACCUSE" and k[2] == ("FRA",) and "IRN" in k[3] and k[4] == "2024-03-04" for k in keys)
    assert any(k[0] == "AID" and k[2] == ("JPN",) and k[4] == "2024-03-06" for k in keys)
    assert [a.published for a in from_warc] == ["2024-03-04", "2024-03-05", "2024-03-06", "2024-03-07"]
    assert from_warc[3].language == "de" and from_warc[3].events == []
    assert sum(len(a.events) for a in from_warc) >= 3
