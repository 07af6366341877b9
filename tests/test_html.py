"""HTML metadata: our composition of trafilatura's metadata steps gives what trafilatura gives."""

from __future__ import annotations

from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from thucydides.ingest.html import _metadata


def test_html_metadata_matches_trafilatura() -> None:
    page = ("<html lang='en'><head><title>Talks in Lima | Example News</title>"
            "<meta property='article:published_time' content='2020-03-02'></head><body>"
            "<div class='post-meta'><a href='/category/world/'>World</a></div>"
            "<div class='author-name'>By Jane Doe</div><article><p>Chile and Peru met.</p></article>"
            "<div class='comments'><span class='author'>Troll</span></div></body></html>")
    ours = _metadata(load_html(page), "https://example.com/2020/03/02/talks")
    ref = extract_metadata(load_html(page), "https://example.com/2020/03/02/talks")
    assert ours["title"] == ref.title == "Talks in Lima"
    assert ours["published"] == ref.date == "2020-03-02"
    assert ours["authors"] == [ref.author] == ["Jane Doe"]
    assert ours["section"] == ref.categories[0] == "World"
    assert ours["sitename"] == ref.sitename
