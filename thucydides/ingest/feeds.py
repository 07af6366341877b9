"""Web sources: RSS/Atom feeds (feedparser), URL lists and single URLs, fetched politely.

A feed yields one document per entry: the entry's link is fetched and the page is the article
(the feed's title and date are kept as the record's title and as a fallback date; the page's
own date wins). When the link cannot be fetched but the entry carries the full text
(``content:encoded``, Atom ``content``), that text is used instead. A URL list (``.urls``) holds
one URL per line, ``#`` starts a comment; each URL may be a page or a feed (a feed is expanded).

Every reader takes an optional ``skip(url)`` predicate, asked before a page is fetched, so that
``thucydides watch`` fetches only what it has not seen.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from ..errors import IngestError
from ..model import content_id
from .sources import RawDocument, decode_body, looks_binary

if TYPE_CHECKING:  # httpx, behind the fetcher, is imported only when something is fetched
    from .fetch import Fetcher, FetchResult

FEED_SUFFIXES = {".rss", ".atom", ".xml"}
URL_LIST_SUFFIXES = {".urls"}
MIN_INLINE_CHARS = 500  # an entry's own content stands in for its page only when it is this long
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]", re.I)

Skip = Callable[[str], bool]


def is_url(value: str) -> bool:
    """True for an ``http://`` or ``https://`` input."""
    return value.lower().startswith(("http://", "https://"))


@dataclass
class FeedEntry:
    """What a feed says about one item."""

    link: str | None
    key: str  # the entry's id (guid), else its link
    title: str | None = None
    date: str | None = None  # YYYY-MM-DD, from the entry's published/updated time
    content: str | None = None  # inline HTML, when the feed carries it


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    """True when a body is an RSS/Atom/RDF document (its root element, else its Content-Type)."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if _FEED_ROOT.search(head):
        return True
    ctype = content_type.lower()
    return any(t in ctype for t in ("rss+xml", "atom+xml", "rdf+xml"))


def parse_feed(data: bytes, where: str, base_url: str | None = None) -> list[FeedEntry]:
    """The entries of an RSS/Atom feed; IngestError when the bytes are not a feed."""
    import feedparser

    if not data.strip():
        raise IngestError(f"{where}: empty feed")
    if looks_binary(data):
        raise IngestError(f"{where}: binary data, not an RSS/Atom feed")
    parsed = feedparser.parse(data, response_headers={"content-location": base_url} if base_url else None)
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception")
        raise IngestError(f"{where}: not an RSS/Atom feed" + (f" ({_short(why)})" if why else ""))
    out: list[FeedEntry] = []
    for e in parsed.entries:
        link = e.get("link")
        if link and base_url:
            link = urljoin(base_url, link)
        content = None
        for c in e.get("content") or []:
            if c.get("value"):
                content = c["value"]
                break
        out.append(FeedEntry(link=link or None, key=str(e.get("id") or link or content_id(e.get("title"), content)),
                             title=e.get("title") or None, date=_entry_date(e), content=content))
    return out


def _entry_date(entry: Any) -> str | None:
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", when) if when else None


def read_feed_file(path: Path, fetcher: Fetcher, skip: Skip | None = None) -> Iterator[RawDocument]:
    """Read a feed from a file and yield the pages of its entries."""
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _failed(where, f"{where}: cannot read: {exc.strerror or exc}")
        return
    yield from feed_documents(data, where, fetcher, skip=skip)


def feed_documents(data: bytes, where: str, fetcher: Fetcher, base_url: str | None = None,
                   skip: Skip | None = None) -> Iterator[RawDocument]:
    """Yield one document per feed entry (the fetched page), or one error when it is no feed."""
    try:
        entries = parse_feed(data, where, base_url)
    except IngestError as exc:
        yield _failed(where, str(exc))
        return
    for i, entry in enumerate(entries, 1):
        here = f"{where}#{i}"
        if entry.link and skip and skip(entry.link):
            continue
        if not entry.link:
            if skip and skip(entry.key):
                continue
            if entry.content:
                yield _inline(entry, here)
            else:
                yield _failed(here, f"{here}: feed entry has neither a link nor content")
            continue
        doc = fetch_page(entry.link, fetcher, title=entry.title, date_fallback=entry.date)
        if doc.error and entry.content and len(entry.content) >= MIN_INLINE_CHARS:
            doc = _inline(entry, entry.link)
        yield doc


def _inline(entry: FeedEntry, where: str) -> RawDocument:
    html = entry.content or ""
    return RawDocument(id=content_id(html), html=html, url=entry.link, title=entry.title,
                       date_fallback=entry.date, where=where)


def read_url(url: str, fetcher: Fetcher, skip: Skip | None = None) -> Iterator[RawDocument]:
    """Fetch one URL: a feed yields its entries' pages, anything else is one page."""
    try:
        res = fetcher.fetch(url)
    except IngestError as exc:
        yield _failed(url, str(exc))
        return
    if looks_like_feed(res.content, res.content_type):
        yield from feed_documents(res.content, url, fetcher, base_url=res.final_url, skip=skip)
    else:
        yield page_document(res)


def read_url_list(path: Path, fetcher: Fetcher, skip: Skip | None = None) -> Iterator[RawDocument]:
    """Read a URL list (one URL a line, ``#`` comments) and yield what each URL gives."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        yield _failed(where, f"{where}: cannot read the URL list: {exc}")
        return
    for lineno, url in parse_url_list(text):
        if not is_url(url):
            yield _failed(f"{where}:{lineno}", f"{where}:{lineno}: not an http(s) URL: {url[:200]!r}")
        elif not (skip and skip(url)):
            yield from read_url(url, fetcher, skip=skip)


def parse_url_list(text: str) -> list[tuple[int, str]]:
    """The (line number, URL) pairs of a URL list; blank lines and ``#`` comments are ignored."""
    out = []
    for lineno, line in enumerate(text.splitlines(), 1):
        url = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.split(" #", 1)[0].strip()
        if url:
            out.append((lineno, url))
    return out


def fetch_page(url: str, fetcher: Fetcher, title: str | None = None,
               date_fallback: str | None = None) -> RawDocument:
    """Fetch one page into a document (``error`` set when it cannot be had or is not HTML)."""
    try:
        res = fetcher.fetch(url)
    except IngestError as exc:
        return _failed(url, str(exc))
    return page_document(res, title=title, date_fallback=date_fallback)


def page_document(res: FetchResult, title: str | None = None, date_fallback: str | None = None) -> RawDocument:
    """Turn a fetched body into a document: HTML (or plain text) decoded by its declared charset."""
    url = res.url
    doc = RawDocument(id=content_id("error", url), url=url, title=title, where=url, fetched_at=res.fetched_at,
                      date_fallback=date_fallback)
    ctype = res.content_type.lower()
    is_text = ctype.startswith("text/plain")
    if ctype and "html" not in ctype and not is_text:
        doc.error = f"{url}: not an HTML page (Content-Type {res.content_type!r})"
        return doc
    if not res.content.strip():
        doc.error = f"{url}: empty page"
        return doc
    if looks_binary(res.content):
        doc.error = f"{url}: binary data, not HTML"
        return doc
    body, err = decode_body(res.content, res.content_type, url)
    if err:
        doc.error = err
        return doc
    doc.id = content_id(body)
    if is_text:
        doc.text = body
    else:
        doc.html = body
    return doc


def _short(exc: object) -> str:
    text = " ".join(str(exc).split())
    return text[:120] + ("..." if len(text) > 120 else "")


def _failed(where: str, error: str) -> RawDocument:
    return RawDocument(id=content_id("error", where), where=where, error=error)
