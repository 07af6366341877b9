"""RSS and Atom feeds: entries become the pages they link to; a feed that is not a feed is one error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from thucydides.ingest import clean_document, iter_documents
from thucydides.ingest.feeds import looks_like_feed, parse_feed, parse_url_list
from thucydides.ingest.fetch import Fetcher, FetchOptions

from .web_fixtures import NEWS, Site, atom, news_page, rss, start_server


@pytest.fixture()
def site() -> Iterator[Site]:
    s = Site()
    server, _ = start_server(s)
    for path, html in NEWS.items():
        s.page(path, html)
    yield s
    server.shutdown()
    server.server_close()


@pytest.fixture()
def fetcher(tmp_path: Path) -> Iterator[Fetcher]:
    with Fetcher(FetchOptions(allow_private=True, min_interval=0.0, backoff=0.01, cache_dir=None)) as f:
        yield f


def test_rss_and_atom_files_yield_their_entries_pages(site: Site, fetcher: Fetcher, tmp_path: Path) -> None:
    (tmp_path / "world.rss").write_text(rss(site.base, ["/news/france-iran.html", "/news/china-russia.html"]))
    (tmp_path / "world.atom").write_text(atom(site.base, ["/news/japan-aid.html"]))
    docs = list(iter_documents([str(tmp_path / "world.rss"), str(tmp_path / "world.atom")], fetcher=fetcher))
    assert [d.url for d in docs] == [site.base + p for p in
                                     ("/news/france-iran.html", "/news/china-russia.html", "/news/japan-aid.html")]
    assert [d.title for d in docs] == ["Item 0", "Item 1", "Entry 0"]
    assert all(d.error is None and d.html for d in docs)
    assert [d.date_fallback for d in docs] == ["2024-03-04", "2024-03-05", "2024-03-04"]
    # the page's own date wins over the feed's: Item 1's page says 2024-03-05, its entry too;
    # Entry 0 (Japan) is dated 2024-03-04 in the feed but 2024-03-06 on the page
    assert clean_document(docs[2]).published == "2024-03-06"


def test_feed_date_stands_in_when_the_page_has_none(site: Site, fetcher: Fetcher, tmp_path: Path) -> None:
    undated = NEWS["/news/japan-aid.html"].replace('<meta property="article:published_time" '
                                                   'content="2024-03-06T08:30:00+00:00">', "")
    site.page("/undated.html", undated)
    (tmp_path / "u.rss").write_text(rss(site.base, ["/undated.html"]))
    (doc,) = iter_documents([str(tmp_path / "u.rss")], fetcher=fetcher)
    art = clean_document(doc)
    assert art.error is None and art.published == "2024-03-04"


def test_a_feed_that_is_not_xml_is_one_error_and_the_run_goes_on(site: Site, fetcher: Fetcher,
                                                                  tmp_path: Path) -> None:
    (tmp_path / "a_notxml.rss").write_text("This is a web page about feeds, {not: xml} <<<")
    (tmp_path / "b_binary.xml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00" * 30)
    (tmp_path / "c_empty.atom").write_text("")
    (tmp_path / "d_good.rss").write_text(rss(site.base, ["/news/france-iran.html"]))
    site.page("/notxml.rss", "<<< not a feed", "application/rss+xml")
    inputs = [str(tmp_path / n) for n in ("a_notxml.rss", "b_binary.xml", "c_empty.atom", "d_good.rss")]
    docs = list(iter_documents([*inputs, site.base + "/notxml.rss"], fetcher=fetcher))
    assert len(docs) == 5
    assert docs[0].error and docs[0].error.startswith(f"{inputs[0]}: not an RSS/Atom feed")
    assert docs[1].error == f"{inputs[1]}: binary data, not an RSS/Atom feed"
    assert docs[2].error == f"{inputs[2]}: empty feed"
    assert docs[3].error is None and docs[3].url == site.base + "/news/france-iran.html"
    assert docs[4].error and "not an RSS/Atom feed" in docs[4].error and docs[4].where.endswith("/notxml.rss")


def test_an_unfetchable_entry_falls_back_to_the_feeds_full_text(site: Site, fetcher: Fetcher,
                                                                 tmp_path: Path) -> None:
    text = "Kenya and Ethiopia signed a border agreement in Nairobi on Friday. " * 10
    feed = (f'<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>t</title><link>{site.base}/</link><description>d</description>"
            f"<item><title>Full</title><link>{site.base}/gone.html</link>"
            f"<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded></item>"
            f"<item><title>Short</title><link>{site.base}/gone2.html</link><description>teaser</description></item>"
            f"</channel></rss>")
    (tmp_path / "full.rss").write_text(feed)
    full, short = iter_documents([str(tmp_path / "full.rss")], fetcher=fetcher)
    assert full.error is None and full.html and "Kenya and Ethiopia" in full.html
    assert full.url == site.base + "/gone.html"
    assert short.error and "HTTP 404" in short.error


def test_feed_sniffing_and_parsing_edge_cases() -> None:
    assert looks_like_feed(b'\xef\xbb\xbf<?xml version="1.0"?>\n<rss version="2.0">')
    assert looks_like_feed(b'<feed xmlns="http://www.w3.org/2005/Atom">')
    assert looks_like_feed(b"{}", "application/atom+xml; charset=utf-8")
    assert not looks_like_feed(news_page("t", "2024-01-01", ["p"]).encode(), "text/html")
    entries = parse_feed(rss("", ["/a.html"]).encode(), "x", base_url="https://news.example/world/")
    assert entries[0].link == "https://news.example/a.html"  # relative links resolved against the feed


def test_url_list_comments_and_blank_lines() -> None:
    text = "# list\n\nhttps://a.example/1\n   # indented comment\nhttps://a.example/2#section  # note\n"
    assert parse_url_list(text) == [(3, "https://a.example/1"), (5, "https://a.example/2#section")]
