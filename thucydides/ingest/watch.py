"""``thucydides watch``: poll feeds and URL lists on a schedule and ingest only what is new.

Each round reads every source (an RSS/Atom feed file or URL, or a ``.urls`` list of page or
feed URLs), fetches only the pages it has not handled before, and ingests them with the usual
store machinery (:func:`thucydides.store.ingest.ingest`). What was handled is kept in the
store's ``seen`` table, keyed by URL:

- a page that was fetched (stored, already stored under another URL, or not codable) is done
  and never fetched again;
- a page that could not be fetched is tried again in a later round, after a wait that doubles
  with each failure (one round, two, four, ... at most a day), so a dead link costs little.

The feeds themselves are fetched every round; the fetcher's conditional requests make an
unchanged feed cost a 304. Content-hash ids back this up: a page stored under another URL is
recognised before any NLP.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ConfigError
from .fetch import Fetcher, FetchOptions
from .sources import RawDocument

if TYPE_CHECKING:
    from ..model import Article
    from ..settings import Settings
    from ..store.duck import Store
    from ..store.ingest import IngestReport

DEFAULT_EVERY = 15 * 60.0
MAX_RETRY_WAIT = timedelta(days=1)
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.I)


def parse_interval(text: str) -> float:
    """Seconds in an interval like ``15m``, ``30s``, ``2h``, ``1d`` or ``90`` (seconds)."""
    m = _INTERVAL.match(text)
    if not m:
        raise ConfigError(f"interval {text!r} is not like 15m, 30s, 2h or 1d")
    value = float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2).lower()]
    if value <= 0:
        raise ConfigError(f"interval {text!r} must be positive")
    return value


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class _Seen:
    article_id: str | None
    error: str | None
    attempts: int
    last_seen: datetime


class SeenTable:
    """The store's ``seen`` table: which URLs watch has handled, and when to retry failures."""

    def __init__(self, store: Store, retry_base: float = DEFAULT_EVERY) -> None:
        self.store = store
        self.retry_base = retry_base
        rows = store.con.execute("SELECT key, article_id, error, attempts, last_seen FROM seen").fetchall()
        self.rows = {r[0]: _Seen(r[1], r[2], int(r[3]), r[4]) for r in rows}

    def skip(self, key: str) -> bool:
        """True when ``key`` need not be fetched now: it is done, or it failed too recently."""
        row = self.rows.get(key)
        if row is None:
            return False
        if row.error is None:
            return True
        wait = min(timedelta(seconds=self.retry_base * 2 ** (row.attempts - 1)), MAX_RETRY_WAIT)
        return _now() < row.last_seen + wait

    def mark(self, key: str, source: str, article_id: str | None, error: str | None) -> None:
        """Record that ``key`` was handled (``error`` set when it failed)."""
        now = _now()
        old = self.rows.get(key)
        attempts = (old.attempts if old else 0) + 1
        self.store.con.execute(
            "INSERT INTO seen (key, source, article_id, error, attempts, first_seen, last_seen) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET article_id = excluded.article_id, "
            "error = excluded.error, attempts = excluded.attempts, last_seen = excluded.last_seen",
            [key, source, article_id, error, attempts, now, now])
        self.rows[key] = _Seen(article_id, error, attempts, now)


def source_documents(source: str, fetcher: Fetcher, skip: Callable[[str], bool]) -> Iterator[RawDocument]:
    """The new documents of one watched source: a feed URL or file, a page URL, or a ``.urls`` list."""
    from . import feeds

    if feeds.is_url(source):
        yield from feeds.read_url(source, fetcher, skip=skip)
        return
    path = Path(source)
    if path.suffix.lower() in feeds.URL_LIST_SUFFIXES:
        yield from feeds.read_url_list(path, fetcher, skip=skip)
    else:
        yield from feeds.read_feed_file(path, fetcher, skip=skip)


def watch_round(store: Store, sources: list[str], settings: Settings, fetcher: Fetcher,
                seen: SeenTable | None = None,
                on_document: Callable[[Article], None] | None = None) -> IngestReport:
    """One polling round: fetch what is new in every source and ingest it; return the run's report."""
    from ..store.ingest import ingest

    seen = seen or SeenTable(store)
    own_keys = set(sources)  # a source's own failure (a feed that is not XML) is retried every round

    def key_of(url: str | None, where: str | None) -> str | None:
        key = url or where
        return None if key is None or key in own_keys else key

    def documents() -> Iterator[RawDocument]:
        for source in sources:
            for d in source_documents(source, fetcher, seen.skip):
                key = key_of(d.url, d.where)
                # a page whose content is already stored will be skipped by ingest before any
                # NLP (and so never reach on_document): it is done now
                if key and not d.error and store.has_article(d.id):
                    seen.mark(key, source, d.id, None)
                yield d

    def handled(art: Article) -> None:
        key = key_of(art.url, art.source_path)
        if key:
            seen.mark(key, "", None if art.error else art.id, art.error)
        if on_document:
            on_document(art)

    return ingest(store, sources, settings, on_document=handled, documents=documents())


def watch(store: Store, sources: list[str], settings: Settings, every: float = DEFAULT_EVERY,
          rounds: int | None = None, fetch_options: FetchOptions | None = None,
          on_round: Callable[[int, IngestReport], None] | None = None,
          on_document: Callable[[Article], None] | None = None,
          sleep: Callable[[float], None] = time.sleep) -> list[IngestReport]:
    """Poll ``sources`` every ``every`` seconds, ingesting what is new; stop after ``rounds``
    rounds (None: run until interrupted). Returns the reports of the rounds run."""
    reports: list[IngestReport] = []
    seen = SeenTable(store, retry_base=every)
    with Fetcher(fetch_options or FetchOptions.from_env()) as fetcher:
        n = 0
        while rounds is None or n < rounds:
            started = time.monotonic()
            n += 1
            report = watch_round(store, sources, settings, fetcher, seen, on_document)
            reports.append(report)
            if on_round:
                on_round(n, report)
            if rounds is not None and n >= rounds:
                break
            sleep(max(0.0, every - (time.monotonic() - started)))
    return reports
