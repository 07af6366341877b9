"""Events across documents: event mentions from many articles clustered into one event each.

GDELT counts reports, not events (one kidnapping became 366 rows). Here every stored event
mention joins exactly one row of ``events``, and ``event_links`` maps the event to each mention
(and so to its evidence sentences). Two mentions report the same event when all of these hold:

* **type family**: their PLOVER types are in the same family (``FAMILIES``): coders read one act
  as AGREE or SUPPORT, COOPERATE or AID, CONCEDE or RETREAT, ACCUSE or REJECT, SANCTION or COERCE;
* **actors**: on each side the actor sets overlap (a compound "China and Russia" matches
  "China"), or one side names an organisation of at most ``MAX_BLOC_MEMBERS`` members and the
  other one of its members (the EU and France); CONSULT is symmetric, so its sides may be swapped.
  An actor without a code is keyed by its knowledge-base id or its name;
* **date**: within ``window`` days of the event's first mention (day precision); mentions
  dated only to the month or year join only mentions with the very same date string;
* **location**: the same country, or one of them has none.

Clustering is greedy and anchored: mentions are sorted by (date, id) and each joins the first
open event (in creation order) whose first mention is at most ``window`` days earlier and which
has a member it matches; otherwise it starts a new event. Sorting first makes the result depend
on the set of mentions only, never on the order in which they were ingested. The event id is a
hash of (family, sorted actor keys of the first mention, first date, location country), so it is
stable across runs.

Counts follow GDELT's meanings: ``num_mentions`` every sentence reporting the event (several in
one article count several times), ``num_articles`` distinct articles, ``num_sources`` distinct
information sources: publishers (the publisher field, else the URL's host, else the agency),
where articles of one syndicated story (``article_story``) count as one source.

``update_events`` runs after every ingest. It clusters in memory (the result is exactly what a
full re-clustering gives) and rewrites only the events whose set of mentions changed, so new
mentions join existing events or start new ones; ``rebuild_events`` rewrites everything.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

import duckdb

from ..errors import StorageError
from ..model import content_id
from .duck import Store

__all__ = ["FAMILIES", "MAX_BLOC_MEMBERS", "WINDOW_DAYS", "ClusterReport", "Mention", "cluster_mentions",
           "load_mentions", "needs_clustering", "rebuild_events", "update_events"]

# PLOVER types that coders (ours included) confuse for one real-world act share a family.
FAMILIES: dict[str, str] = {
    "AGREE": "AGREE", "SUPPORT": "AGREE", "CONSULT": "CONSULT", "COOPERATE": "COOPERATE", "AID": "COOPERATE",
    "CONCEDE": "CONCEDE", "RETREAT": "CONCEDE", "REQUEST": "REQUEST", "ACCUSE": "ACCUSE", "REJECT": "ACCUSE",
    "PROTEST": "PROTEST", "THREATEN": "THREATEN", "SANCTION": "SANCTION", "COERCE": "SANCTION",
    "ASSAULT": "ASSAULT", "MOBILIZE": "MOBILIZE",
}
SYMMETRIC_FAMILIES = frozenset({"CONSULT"})
WINDOW_DAYS = 2
# An organisation stands for its members only when it is small enough to act as a bloc (the EU,
# ASEAN, NATO): "the UN condemned" must not merge with "the US condemned" the same day.
MAX_BLOC_MEMBERS = 32
LEAD_CHARS = 400  # a mention whose evidence starts this early is in the lead (GDELT's IsRootEvent)


@lru_cache(maxsize=1)
def _bloc_members() -> dict[str, frozenset[str]]:
    """Members of each small organisation in the shipped IGO dictionary, by actor code."""
    out: dict[str, frozenset[str]] = {}
    text = resources.files("thucydides.data").joinpath("actors/igos.jsonl").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip():
            rec = json.loads(line)
            members = rec.get("members") or []
            if rec.get("code") and 0 < len(members) <= MAX_BLOC_MEMBERS:
                out[rec["code"]] = frozenset(members)
    return out


def _actor_key(a: dict[str, Any]) -> str:
    if a.get("code"):
        return str(a["code"])
    if a.get("id"):
        return f"id:{a['id']}"
    return "name:" + " ".join(str(a.get("name") or a.get("text") or "").lower().split())


@dataclass
class Mention:
    """What clustering needs to know about one stored event mention."""

    id: str
    article_id: str
    type: str
    cameo: str
    goldstein: float
    quad_class: int
    date: str | None
    source: list[dict[str, Any]]
    target: list[dict[str, Any]]
    location: dict[str, Any] | None = None
    mode: str | None = None
    context: list[str] = field(default_factory=list)
    sentences: int = 1
    evidence_start: int = 0
    confidence: float = 1.0
    coder: str = ""
    published: str | None = None
    url: str | None = None
    publisher_key: str = ""
    story: str | None = None

    def __post_init__(self) -> None:
        self.family = FAMILIES.get(self.type, self.type)
        self.src = frozenset(_actor_key(a) for a in self.source)
        self.tgt = frozenset(_actor_key(a) for a in self.target)
        self.country = (self.location or {}).get("country")
        self.day = _day(self.date, self.published)
        # mentions without a day-precision date cluster only with the same coarse date
        self.coarse = None if self.day else (self.date or "")

    def sort_key(self) -> tuple[str, str, str]:
        return (self.day.isoformat() if self.day else "", self.coarse or "", self.id)


def _day(value: str | None, published: str | None) -> date | None:
    """The day a mention is dated to: its own date, else the article's when compatible with it."""
    for cand in (value, published[:10] if published and (not value or published.startswith(value)) else None):
        if cand and len(cand) >= 10:
            try:
                return date.fromisoformat(cand[:10])
            except ValueError:
                continue
    return None


def _sides_match(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return a == b
    if a & b:
        return True
    blocs = _bloc_members()
    return any(b & blocs.get(x, frozenset()) for x in a) or any(a & blocs.get(x, frozenset()) for x in b)


def mentions_match(m: Mention, n: Mention) -> bool:
    """True when two mentions may report the same event (dates are checked by the caller)."""
    if m.family != n.family or (m.country and n.country and m.country != n.country):
        return False
    if _sides_match(m.src, n.src) and _sides_match(m.tgt, n.tgt):
        return True
    return m.family in SYMMETRIC_FAMILIES and _sides_match(m.src, n.tgt) and _sides_match(m.tgt, n.src)


def cluster_mentions(mentions: Iterable[Mention], window: int = WINDOW_DAYS) -> list[list[Mention]]:
    """Group mentions into events (each a list of mentions, its anchor first); order-independent."""
    ordered = sorted(mentions, key=Mention.sort_key)
    clusters: list[list[Mention]] = []
    open_by_family: dict[tuple[str, str | None], list[list[Mention]]] = {}
    for m in ordered:
        bucket = open_by_family.setdefault((m.family, m.coarse), [])
        if m.day is not None:  # close events whose first day is out of reach (input is date-sorted)
            bucket[:] = [c for c in bucket if c[0].day is not None and (m.day - c[0].day).days <= window]
        home = next((c for c in bucket if any(mentions_match(x, m) for x in c)), None)
        if home is None:
            home = []
            bucket.append(home)
            clusters.append(home)
        home.append(m)
    return clusters


def load_mentions(con: duckdb.DuckDBPyConnection) -> list[Mention]:
    """Every stored event mention with its article's date, URL, publisher and story."""
    has_story = bool(con.execute("SELECT count(*) FROM information_schema.tables "
                                 "WHERE table_name = 'article_story'").fetchone()[0])  # type: ignore[index]
    story = "(SELECT story_id FROM article_story s WHERE s.article_id = a.id)" if has_story else "NULL"
    rows = con.execute(f"""
        SELECT e.record, e.article_id, a.published, a.url, a.publisher, a.agency, {story}
        FROM event_mentions e LEFT JOIN articles a ON a.id = e.article_id ORDER BY e.id""").fetchall()
    out = []
    for record, article_id, published, url, publisher, agency, story_id in rows:
        r = json.loads(record)
        host = urlsplit(url).hostname if url else None
        out.append(Mention(
            id=r["id"], article_id=article_id, type=r["type"], cameo=r["cameo"], goldstein=float(r["goldstein"]),
            quad_class=int(r["quad_class"]), date=r.get("date"), source=r.get("source") or [],
            target=r.get("target") or [], location=r.get("location"), mode=r.get("mode"),
            context=r.get("context") or [], sentences=max(1, len(r.get("mentions") or [])),
            evidence_start=int((r.get("evidence") or {}).get("start") or 0), confidence=float(r["confidence"]),
            coder=r.get("coder") or "", published=published, url=url,
            publisher_key=(publisher or host or agency or f"article:{article_id}").lower(), story=story_id))
    return out


def _num_sources(cluster: list[Mention]) -> int:
    """Distinct sources: articles of one publisher are one source, and so are copies of one story."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for m in cluster:
        a = find(f"a:{m.article_id}")
        for other in (f"p:{m.publisher_key}", f"s:{m.story}" if m.story else None):
            if other:
                b = find(other)
                if a != b:
                    parent[b] = a
    return len({find(f"a:{m.article_id}") for m in cluster})


def _event_row(cluster: list[Mention], used: set[str]) -> list[Any]:
    anchor = cluster[0]
    first_date = anchor.date if anchor.date and len(anchor.date) >= 10 else \
        (anchor.day.isoformat() if anchor.day else anchor.date)
    eid = content_id("event", anchor.family, json.dumps([sorted(anchor.src), sorted(anchor.tgt)]), first_date,
                     anchor.country)
    if eid in used:  # cannot happen with matching keys, but an id must never be reused
        eid = content_id(eid, anchor.id)
    used.add(eid)
    # the event takes the commonest CAMEO code of its mentions (ties: the lowest code)
    cameo = sorted(Counter(m.cameo for m in cluster).items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    same = [m for m in cluster if m.cameo == cameo]
    location = next((m.location for m in cluster if m.location), None)
    days = [m.day.isoformat() for m in cluster if m.day]
    seen = sorted((m.published or m.date or "")[:10] for m in cluster)
    first_article = min(cluster, key=lambda m: ((m.published or "9999"), m.article_id))
    versions = sorted({m.coder.split()[0] for m in cluster if m.coder})
    return [eid, same[0].type, anchor.family, anchor.mode, anchor.context, cameo,
            round(sum(m.goldstein for m in same) / len(same), 2), same[0].quad_class, first_date,
            max(days) if days else first_date, sorted({a.get("code") for a in anchor.source if a.get("code")}),
            sorted({a.get("code") for a in anchor.target if a.get("code")}), json.dumps(anchor.source),
            json.dumps(anchor.target), location.get("country") if location else None,
            json.dumps(location) if location else None, sum(m.sentences for m in cluster), _num_sources(cluster),
            len({m.article_id for m in cluster}), seen[0] or None, seen[-1] or None, first_article.url,
            anchor.evidence_start < LEAD_CHARS, max(m.confidence for m in cluster), ";".join(versions)]


_COLUMNS = ("id, type, family, mode, context, cameo, goldstein, quad_class, date, last_date, source_codes, "
            "target_codes, source, target, location_country, location, num_mentions, num_sources, num_articles, "
            "first_seen, last_seen, source_url, is_root, confidence, coder")


@dataclass
class ClusterReport:
    """What a clustering pass did."""

    mentions: int = 0
    events: int = 0
    written: int = 0
    deleted: int = 0

    def summary(self) -> str:
        return (f"{self.mentions} event mentions -> {self.events} events "
                f"({self.written} written, {self.deleted} removed)")


def update_events(store: Store | duckdb.DuckDBPyConnection, window: int = WINDOW_DAYS,
                  full: bool = False) -> ClusterReport:
    """Cluster every stored mention into events; rewrite only events whose mentions changed.

    With ``full`` every event is deleted and written again (the result is the same).
    """
    con = store.con if isinstance(store, Store) else store
    mentions = load_mentions(con)
    clusters = cluster_mentions(mentions, window)
    used: set[str] = set()
    rows = [_event_row(c, used) for c in clusters]
    links = {r[0]: sorted(m.id for m in c) for r, c in zip(rows, clusters, strict=True)}
    stored: dict[str, list[str]] = {}
    if not full:
        for eid, mids in con.execute("SELECT event_id, list(mention_id ORDER BY mention_id) FROM event_links "
                                     "GROUP BY event_id").fetchall():
            stored[eid] = list(mids)
    stale = [eid for eid in stored if links.get(eid) != stored[eid]]
    known = set(con.execute("SELECT id FROM events").fetchall()) if not full else set()
    stale += [eid for (eid,) in known if eid not in stored]  # events that lost every link
    fresh = [r for r in rows if full or stored.get(r[0]) != links[r[0]]]
    report = ClusterReport(mentions=len(mentions), events=len(rows), written=len(fresh))
    try:
        con.execute("BEGIN TRANSACTION")
        if full:
            report.deleted = int(con.execute("SELECT count(*) FROM events").fetchone()[0])  # type: ignore[index]
            con.execute("DELETE FROM event_links")
            con.execute("DELETE FROM events")
        elif stale or fresh:
            gone = sorted(set(stale) | {r[0] for r in fresh})
            report.deleted = len(set(stale) - {r[0] for r in fresh})
            con.execute("DELETE FROM event_links WHERE event_id IN (SELECT unnest(?))", [gone])
            con.execute("DELETE FROM events WHERE id IN (SELECT unnest(?))", [gone])
        if fresh:
            con.executemany(f"INSERT INTO events ({_COLUMNS}) VALUES ({', '.join('?' * 25)})", fresh)
            by_id = {m.id: m for m in mentions}
            con.executemany("INSERT INTO event_links (event_id, mention_id, article_id) VALUES (?, ?, ?)",
                            [[r[0], mid, by_id[mid].article_id] for r in fresh for mid in links[r[0]]])
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise StorageError(f"cannot write events: {exc}") from None
    return report


def needs_clustering(store: Store | duckdb.DuckDBPyConnection) -> bool:
    """True when mentions are stored but no events (a store made before events existed)."""
    con = store.con if isinstance(store, Store) else store
    row = con.execute("SELECT (SELECT count(*) FROM events) = 0 AND (SELECT count(*) FROM event_mentions) > 0"
                      ).fetchone()
    return bool(row and row[0])


def rebuild_events(store: Store | duckdb.DuckDBPyConnection, window: int = WINDOW_DAYS) -> ClusterReport:
    """Re-cluster every stored mention from scratch (after a recode, or a change of window)."""
    return update_events(store, window, full=True)
