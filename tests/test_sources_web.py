"""Fetching from the web: manners (User-Agent, robots.txt, rate limit, retries, conditional
requests, limits, private addresses), URL inputs, language detection and ``watch``, against a
real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from thucydides.errors import IngestError
from thucydides.ingest import iter_documents
from thucydides.ingest.fetch import USER_AGENT, Fetcher, FetchOptions, is_private_host
from thucydides.ingest.language import detect_language

from .web_fixtures import GERMAN, NEWS, Site, rss, send, start_server


@pytest.fixture()
def site() -> Iterator[Site]:
    s = Site()
    server, _ = start_server(s)
    s.page("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
    for path, html in NEWS.items():
        s.page(path, html)
    s.page("/private/secret.html", NEWS["/news/japan-aid.html"])
    s.page("/de.html", GERMAN)
    yield s
    server.shutdown()
    server.server_close()


def opts(tmp_path: Path, **kw: object) -> FetchOptions:
    base = {"allow_private": True, "min_interval": 0.0, "backoff": 0.01, "cache_dir": tmp_path / "cache",
            "timeout": 10.0}
    base.update(kw)
    return FetchOptions(**base)  # type: ignore[arg-type]


def test_pages_are_fetched_with_our_user_agent_and_robots_txt_is_read_once(site: Site, tmp_path: Path) -> None:
    with Fetcher(opts(tmp_path)) as f:
        res = f.fetch(site.base + "/news/france-iran.html")
        f.fetch(site.base + "/news/china-russia.html")
        with pytest.raises(IngestError, match="disallowed by robots.txt"):
            f.fetch(site.base + "/private/secret.html")
    assert b"France condemned Iran on Monday" in res.content and res.status == 200
    ua = dict(site.requests)["/news/france-iran.html"]["user-agent"]
    assert ua == USER_AGENT and ua.startswith("thucydides/") and "(+https://" in ua
    assert site.hits("/robots.txt") == 1
    assert site.hits("/private/secret.html") == 0  # refused before asking


def test_loopback_and_private_addresses_are_refused_unless_allowed(site: Site, tmp_path: Path) -> None:
    with Fetcher(opts(tmp_path, allow_private=False)) as f, pytest.raises(IngestError, match="private or loopback"):
        f.fetch(site.base + "/news/france-iran.html")
    assert site.requests == []  # not even robots.txt was asked for
    assert is_private_host("127.0.0.1") == "127.0.0.1"
    assert is_private_host("localhost") in ("127.0.0.1", "::1")
    assert is_private_host("10.1.2.3") == "10.1.2.3"
    assert is_private_host("169.254.169.254") == "169.254.169.254"  # link-local (cloud metadata)
    assert is_private_host("8.8.8.8") is None  # a numeric public address: no lookup, no traffic


def test_503_twice_then_200_is_retried_with_backoff(site: Site, tmp_path: Path) -> None:
    def flaky(s: Site, h: BaseHTTPRequestHandler) -> None:
        s.counters["flaky"] = s.counters.get("flaky", 0) + 1
        if s.counters["flaky"] <= 2:
            send(h, 503, {"Content-Type": "text/plain"}, b"busy")
        else:
            send(h, 200, {"Content-Type": "text/html"}, NEWS["/news/japan-aid.html"].encode())

    site.routes["/flaky.html"] = flaky
    with Fetcher(opts(tmp_path)) as f:
        res = f.fetch(site.base + "/flaky.html")
    assert res.status == 200 and b"Japan sent humanitarian aid" in res.content
    assert site.hits("/flaky.html") == 3


def test_a_server_that_stays_down_fails_after_the_retries(site: Site, tmp_path: Path) -> None:
    site.page("/down.html", "busy", "text/plain", status=503)
    with Fetcher(opts(tmp_path, retries=2)) as f, pytest.raises(IngestError, match=r"HTTP 503 \(after 3 attempts\)"):
        f.fetch(site.base + "/down.html")
    assert site.hits("/down.html") == 3


def test_etag_second_fetch_is_a_304_served_from_the_disk_cache(site: Site, tmp_path: Path) -> None:
    page = NEWS["/news/china-russia.html"].encode()

    def tagged(s: Site, h: BaseHTTPRequestHandler) -> None:
        if h.headers.get("If-None-Match") == '"v1"':
            s.counters["304"] = s.counters.get("304", 0) + 1
            send(h, 304, {"ETag": '"v1"'}, b"")
        else:
            send(h, 200, {"Content-Type": "text/html; charset=utf-8", "ETag": '"v1"'}, page)

    site.routes["/etag.html"] = tagged
    with Fetcher(opts(tmp_path)) as f:
        first = f.fetch(site.base + "/etag.html")
        second = f.fetch(site.base + "/etag.html")
    with Fetcher(opts(tmp_path)) as g:  # a new process: the cache is on disk
        third = g.fetch(site.base + "/etag.html")
    assert not first.from_cache and second.from_cache and third.from_cache
    assert first.content == second.content == third.content == page
    assert site.counters["304"] == 2
    sent = [hdrs.get("if-none-match") for p, hdrs in site.requests if p == "/etag.html"]
    assert sent == [None, '"v1"', '"v1"']


def test_oversize_pages_are_refused_with_or_without_content_length(site: Site, tmp_path: Path) -> None:
    site.page("/big.html", b"<p>" + b"x" * (50 * 1024 * 1024) + b"</p>")

    def streamed(s: Site, h: BaseHTTPRequestHandler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        try:
            for _ in range(40):  # 40 x 64 KiB = 2.5 MiB, over the 1 MiB limit below, no Content-Length
                h.wfile.write(b"y" * 65536)
        except OSError:
            pass  # the client hung up, as it should
        h.close_connection = True

    site.routes["/stream.html"] = streamed
    with Fetcher(opts(tmp_path)) as f, pytest.raises(IngestError, match="over the 10,485,760-byte limit"):
        f.fetch(site.base + "/big.html")
    with Fetcher(opts(tmp_path, max_bytes=1024 * 1024)) as f, pytest.raises(IngestError, match="over the 1,048,576"):
        f.fetch(site.base + "/stream.html")


def test_requests_to_one_host_keep_the_minimum_interval(site: Site, tmp_path: Path) -> None:
    stamps: list[float] = []

    def stamped(s: Site, h: BaseHTTPRequestHandler) -> None:
        stamps.append(time.monotonic())
        send(h, 200, {"Content-Type": "text/html"}, NEWS["/news/japan-aid.html"].encode())

    for i in range(3):
        site.routes[f"/t{i}.html"] = stamped
    with Fetcher(opts(tmp_path, min_interval=0.25, cache_dir=None)) as f:
        for i in range(3):
            f.fetch(site.base + f"/t{i}.html")
    gaps = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
    assert len(gaps) == 2 and min(gaps) >= 0.2


def test_url_list_and_single_urls_give_one_document_each(site: Site, tmp_path: Path) -> None:
    site.page("/feed.rss", rss(site.base, ["/news/china-russia.html", "/news/japan-aid.html"]),
              "application/rss+xml")
    site.page("/junk.html", b"\x00\x01\x02\xff\xfe" * 200, "text/html")
    site.page("/latin1.html", "<html><body><p>Caf\xe9 talks in Paris</p></body></html>".encode("latin-1"),
              "text/html; charset=utf-8")
    urls = tmp_path / "news.urls"
    urls.write_text(f"# morning list\n{site.base}/news/france-iran.html\n\n{site.base}/private/secret.html\n"
                    f"ftp://example.org/x\n{site.base}/missing.html  # gone\n{site.base}/junk.html\n"
                    f"{site.base}/latin1.html\n")
    with Fetcher(opts(tmp_path)) as f:
        docs = list(iter_documents([str(urls), site.base + "/feed.rss"], fetcher=f))
    assert [d.url for d in docs[:1]] == [site.base + "/news/france-iran.html"]
    assert "France condemned Iran" in (docs[0].html or "") and docs[0].error is None
    assert docs[0].fetched_at and docs[0].fetched_at.endswith("Z")
    assert "robots.txt" in (docs[1].error or "")
    assert docs[2].error == f"{urls}:5: not an http(s) URL: 'ftp://example.org/x'"
    assert "HTTP 404" in (docs[3].error or "")
    assert "binary data" in (docs[4].error or "")
    assert "not valid UTF-8" in (docs[5].error or "")
    # the feed expands into its two entries' pages, with the feed's dates as fallbacks
    assert [d.url for d in docs[6:]] == [site.base + "/news/china-russia.html", site.base + "/news/japan-aid.html"]
    assert [d.date_fallback for d in docs[6:]] == ["2024-03-04", "2024-03-05"]
    assert len(docs) == 8


def test_language_detection_marks_only_confident_non_english() -> None:
    german = ("Die Bundesregierung hat am Donnerstag die Sanktionen gegen Russland verschärft. "
              "Moskau kritisierte die Entscheidung scharf und kündigte Gegenmaßnahmen an.")
    english = ("France condemned Iran on Monday over its nuclear programme. The French foreign ministry "
               "urged Tehran to return to talks.")
    assert detect_language(german) == "de"
    assert detect_language(english) == "en"
    assert detect_language(english, declared="de-DE") == "en"  # the text outweighs a wrong lang attribute
    # too short to tell: the declared language, else English
    assert detect_language("Merkel met Macron in Berlin.") == "en"
    assert detect_language("Merkel traf Macron.", declared="de-DE") == "de"


@pytest.mark.slow
def test_a_german_page_is_stored_with_its_language_and_not_coded(site: Site, tmp_path: Path) -> None:
    from thucydides.pipeline import process_documents
    from thucydides.store.duck import Store
    from thucydides.store.ingest import ingest

    urls = [site.base + "/de.html", site.base + "/news/france-iran.html"]
    with Fetcher(opts(tmp_path)) as f:
        arts = list(process_documents(iter_documents(urls, fetcher=f)))
    de, en = arts
    assert de.language == "de" and de.events == [] and de.error is None
    assert en.language == "en" and any(e.type == "ACCUSE" for e in en.events)
    assert de.published == "2024-03-07" and de.fetched_at

    with Store(tmp_path / "s.duckdb") as store, Fetcher(opts(tmp_path)) as f:
        report = ingest(store, urls, _settings(), documents=iter_documents(urls, fetcher=f))
        assert (report.stored, report.failed, report.not_coded) == (2, 0, 1)
        assert "1 not coded (language)" in report.summary()
        row = store.con.execute("SELECT language FROM articles WHERE url = ?", [urls[0]]).fetchone()
        assert row == ("de",)


def _settings():  # noqa: ANN202
    from thucydides.settings import Settings

    return Settings(db=Path(":memory:"))


@pytest.mark.slow
def test_cli_code_reads_urls_and_prints_the_language(site: Site, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from thucydides.cli import app

    monkeypatch.setenv("THUCYDIDES_FETCH_CACHE", "off")
    monkeypatch.setenv("THUCYDIDES_FETCH_INTERVAL", "0")
    refused = CliRunner().invoke(app, ["code", site.base + "/de.html"])
    assert refused.exit_code == 1 and "private or loopback" in json.loads(refused.stdout)["error"]
    monkeypatch.setenv("THUCYDIDES_ALLOW_PRIVATE", "1")
    res = CliRunner().invoke(app, ["code", site.base + "/de.html"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["language"] == "de" and out["events"] == [] and "error" not in out
    assert out["url"] == site.base + "/de.html"


@pytest.mark.slow
def test_watch_ingests_only_what_is_new(site: Site, tmp_path: Path) -> None:
    from thucydides.ingest.watch import watch
    from thucydides.store.duck import Store

    feed_paths = ["/news/france-iran.html", "/news/china-russia.html"]

    def feed(s: Site, h: BaseHTTPRequestHandler) -> None:
        body = rss(s.base, feed_paths).encode()
        tag = f'"{len(feed_paths)}"'
        if h.headers.get("If-None-Match") == tag:
            send(h, 304, {"ETag": tag}, b"")
        else:
            send(h, 200, {"Content-Type": "application/rss+xml", "ETag": tag}, body)

    site.routes["/feed.rss"] = feed
    sources = [site.base + "/feed.rss"]
    naps: list[float] = []
    with Store(tmp_path / "w.duckdb") as store:
        r1, r2 = watch(store, sources, _settings(), every=600, rounds=2, fetch_options=opts(tmp_path),
                       sleep=naps.append)
        assert (r1.documents, r1.stored, r1.failed) == (2, 2, 0) and r1.events > 0
        assert (r2.documents, r2.stored) == (0, 0)  # nothing new: no page fetched again
        assert site.hits("/news/france-iran.html") == 1 and site.hits("/feed.rss") == 2
        assert len(naps) == 1 and 590 < naps[0] <= 600  # slept until the next round was due

        feed_paths.append("/news/japan-aid.html")
        (r3,) = watch(store, sources, _settings(), rounds=1, fetch_options=opts(tmp_path))
        assert (r3.documents, r3.stored) == (1, 1)
        assert site.hits("/news/japan-aid.html") == 1 and site.hits("/news/france-iran.html") == 1
        assert store.counts()["articles"] == 3


@pytest.mark.slow
def test_watch_command_once(site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from thucydides.cli import app

    monkeypatch.setenv("THUCYDIDES_FETCH_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("THUCYDIDES_FETCH_INTERVAL", "0")
    urls = tmp_path / "list.urls"
    urls.write_text(f"{site.base}/news/japan-aid.html\n{site.base}/de.html\n")
    db = tmp_path / "cli.duckdb"
    args = ["watch", str(urls), "--db", str(db), "--once", "--allow-private"]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "2 stored" in first.output and "1 not coded (language)" in first.output
    second = CliRunner().invoke(app, args)
    assert second.exit_code == 0 and "0 documents" in second.output
    assert site.hits("/de.html") == 1
    bad = CliRunner().invoke(app, ["watch", str(urls), "--db", str(db), "--once", "--every", "soon"])
    assert bad.exit_code == 2 and "15m" in bad.output
