"""What the report shows, as plain dataclasses, and ``collect(store)`` that fills them.

The report is decoupled from ``thucydides.analysis``: every section can be filled straight from
the store with SQL and a little Python, so the report works on any store. Where the analysis
package offers the same measure (signed network with blocs, polarity), ``collect`` uses it and
falls back to the local computation when it is missing or fails; ``ReportData.notes`` says which
one filled each section, so a reader knows what they are looking at.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..store.duck import Store

log = logging.getLogger(__name__)

# A corpus spanning more than this many days is shown by month, a shorter one by ISO week.
WEEKLY_MAX_DAYS = 190


@dataclass
class DyadRow:
    """One row of the top-dyads table (directed: source acts on target)."""

    source: str
    target: str
    events: int
    cooperative: int
    conflictual: int
    goldstein_sum: float


@dataclass
class DyadPoint:
    """A dyad in one period: cooperative and conflictual event counts and mean Goldstein value."""

    period: str
    coop: int
    conflict: int
    goldstein: float | None  # mean over the period's events; None when there were none


@dataclass
class NetworkNode:
    """An actor of the signed network, with its bloc (index into ``ReportData.blocs``)."""

    code: str
    name: str
    events: int
    bloc: int


@dataclass
class NetworkEdge:
    """An undirected tie: ``weight`` = cooperative - conflictual events (sign = friend or foe)."""

    a: str
    b: str
    weight: float
    events: int
    goldstein_sum: float = 0.0


@dataclass
class PolarityPoint:
    """Concentration of activity in one period: Herfindahl index and effective number of poles (1/HHI)."""

    period: str
    effective_poles: float
    hhi: float


@dataclass
class EventLocation:
    """A place events happened, with how many and of which PLOVER types."""

    lat: float
    lon: float
    name: str
    country: str | None
    n: int
    types: dict[str, int]
    conflict_share: float  # share of the events here in quad classes 3-4


@dataclass
class RecentEvent:
    """An event with the sentence it was read from, for the evidence table."""

    date: str
    type: str
    cameo: str
    goldstein: float
    source: str
    target: str
    place: str
    sentence: str
    title: str
    url: str | None


@dataclass
class ReportData:
    """Everything the report shows; ``render.write_html`` turns it into a page."""

    title: str
    generated_at: str
    granularity: str = "month"  # "week" or "month": the unit of every time series
    periods: list[str] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)
    top_dyads: list[DyadRow] = field(default_factory=list)
    dyad_timelines: dict[str, list[DyadPoint]] = field(default_factory=dict)
    nodes: list[NetworkNode] = field(default_factory=list)
    edges: list[NetworkEdge] = field(default_factory=list)
    blocs: list[list[str]] = field(default_factory=list)
    polarity: list[PolarityPoint] = field(default_factory=list)
    locations: list[EventLocation] = field(default_factory=list)
    recent: list[RecentEvent] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)  # section -> how it was computed


# -- periods

def _parse_day(s: str | None, precision: int) -> date | None:
    """A date from an ISO string that has at least ``precision`` characters (7 = month, 10 = day)."""
    if not s or len(s) < precision:
        return None
    try:
        if precision >= 10:
            return date.fromisoformat(s[:10])
        return date(int(s[:4]), int(s[5:7]), 1)
    except ValueError:
        return None


def period_of(d: date, granularity: str) -> str:
    """The period label of a day: ``YYYY-MM`` by month, the Monday ``YYYY-MM-DD`` by week."""
    if granularity == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return (d - timedelta(days=d.weekday())).isoformat()


def period_range(first: date, last: date, granularity: str) -> list[str]:
    """Every period from ``first`` to ``last``, gaps included (so the x-axes are true time)."""
    out: list[str] = []
    if granularity == "month":
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            out.append(f"{y:04d}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out
    d = first - timedelta(days=first.weekday())
    while d <= last:
        out.append(d.isoformat())
        d += timedelta(days=7)
    return out


def event_day(event_date: str | None, published: str | None, precision: int) -> date | None:
    """When an event counts in the time series: its own date if precise enough, else the article's."""
    return _parse_day(event_date, precision) or _parse_day(published, precision)


# -- collecting

def _country_names() -> dict[str, tuple[str, float | None, float | None]]:
    """ISO3 -> (name, lat, lon) from the shipped country list (for labels and map fallbacks)."""
    out: dict[str, tuple[str, float | None, float | None]] = {}
    path = resources.files("thucydides.data").joinpath("actors/countries.jsonl")
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rec = json.loads(line)
            out[rec["code"]] = (rec["name"], rec.get("lat"), rec.get("lon"))
    return out


def dyad_rows(store: Store) -> list[tuple[str, str, str, int, float, str | None, str | None]]:
    """Every (event, source code, target code) pair of coded actors, compound actors expanded.

    Rows are (event id, source, target, quad class, Goldstein, event date, article published).
    """
    sql = """
        SELECT DISTINCT e.id, s.code, t.code, e.quad_class, coalesce(e.goldstein, 0), e.date, a.published
        FROM event_mentions e
        JOIN actors s ON s.event_id = e.id AND s.role = 'source'
        JOIN actors t ON t.event_id = e.id AND t.role = 'target'
        LEFT JOIN articles a ON a.id = e.article_id
        WHERE s.code IS NOT NULL AND t.code IS NOT NULL AND s.code <> t.code
        ORDER BY e.id, s.code, t.code"""
    return [tuple(r) for r in store.con.execute(sql).fetchall()]


def choose_granularity(days: list[date]) -> str:
    """Weekly for a corpus spanning up to about six months, monthly beyond."""
    if days and (max(days) - min(days)).days <= WEEKLY_MAX_DAYS:
        return "week"
    return "month"


def dyad_timelines(rows: list[tuple[Any, ...]], granularity: str, periods: list[str],
                   top: int = 6) -> dict[str, list[DyadPoint]]:
    """Per undirected pair (the ``top`` most reported), coop/conflict counts and mean Goldstein per period."""
    precision = 10 if granularity == "week" else 7
    per: dict[str, dict[str, list[tuple[int, float]]]] = defaultdict(lambda: defaultdict(list))
    seen: dict[str, set[str]] = defaultdict(set)
    for eid, s, t, quad, gs, edate, pub in rows:
        key = "–".join(sorted((s, t)))
        if eid in seen[key]:  # an event between the pair both ways counts once
            continue
        seen[key].add(eid)
        d = event_day(edate, pub, precision)
        if d is None:
            continue
        per[key][period_of(d, granularity)].append((int(quad or 0), float(gs)))
    ranked = sorted(per, key=lambda k: (-sum(len(v) for v in per[k].values()), k))[:top]
    out: dict[str, list[DyadPoint]] = {}
    for key in ranked:
        pts = []
        for p in periods:
            evs = per[key].get(p, [])
            coop = sum(1 for q, _ in evs if q <= 2)
            pts.append(DyadPoint(p, coop, len(evs) - coop,
                                 round(sum(g for _, g in evs) / len(evs), 2) if evs else None))
        out[key] = pts
    return out


def signed_network(rows: list[tuple[Any, ...]], max_nodes: int = 30
                   ) -> tuple[list[NetworkNode], list[NetworkEdge], list[list[str]]]:
    """The signed actor network and its blocs, computed here (the fallback for ``analysis``).

    Ties are undirected; as in ``analysis.network`` a tie's weight is the number of cooperative
    (quad 1-2) minus conflictual (quad 3-4) events between the pair. Blocs are the modularity
    communities of the graph of positive ties, so allies share a bloc and adversaries with no
    friendly tie never do; an actor with no positive tie is a bloc of its own.
    """
    import networkx as nx

    weight: dict[tuple[str, str], float] = defaultdict(float)
    gold: dict[tuple[str, str], float] = defaultdict(float)
    count: Counter[tuple[str, str]] = Counter()
    activity: Counter[str] = Counter()
    seen: set[tuple[str, tuple[str, str]]] = set()
    appeared: set[tuple[str, str]] = set()
    for eid, s, t, quad, gs, _d, _p in rows:
        a, b = sorted((s, t))
        if (eid, (a, b)) in seen:
            continue
        seen.add((eid, (a, b)))
        weight[(a, b)] += 1 if int(quad or 0) <= 2 else -1
        gold[(a, b)] += float(gs)
        count[(a, b)] += 1
        for code in (a, b):  # activity: events an actor takes part in, once each
            if (eid, code) not in appeared:
                appeared.add((eid, code))
                activity[code] += 1
    keep = {c for c, _ in sorted(activity.items(), key=lambda kv: (-kv[1], kv[0]))[:max_nodes]}
    edges = [NetworkEdge(a, b, weight[(a, b)], count[(a, b)], round(gold[(a, b)], 2))
             for (a, b) in sorted(count) if a in keep and b in keep]
    pos = nx.Graph()
    pos.add_nodes_from(sorted(keep))
    pos.add_edges_from((e.a, e.b, {"weight": e.weight}) for e in edges if e.weight > 0)
    groups: list[list[str]] = []
    if pos.number_of_edges():
        comms = nx.community.greedy_modularity_communities(pos, weight="weight")
        groups = [sorted(c) for c in comms]
    else:
        groups = [[n] for n in sorted(keep)]
    blocs = _order_blocs(groups, activity)
    return _nodes(blocs, activity), edges, blocs


def _order_blocs(groups: list[list[str]], activity: Counter[str]) -> list[list[str]]:
    """Blocs largest first (by activity), singletons last, members by activity."""
    groups = [sorted(g, key=lambda c: (-activity[c], c)) for g in groups if g]
    return sorted(groups, key=lambda g: (len(g) == 1, -sum(activity[c] for c in g), g[0]))


def _nodes(blocs: list[list[str]], activity: Counter[str]) -> list[NetworkNode]:
    names = _country_names()
    return [NetworkNode(c, names.get(c, (c, None, None))[0], activity[c], i)
            for i, bloc in enumerate(blocs) for c in bloc]


def polarity_series(rows: list[tuple[Any, ...]], granularity: str, periods: list[str]) -> list[PolarityPoint]:
    """Per period, how concentrated dyadic activity is among actors (the fallback for ``analysis``).

    An actor's share is its part of all actor appearances in dyadic events of the period;
    HHI is the sum of squared shares and the effective number of poles is 1/HHI
    (Laakso-Taagepera), so two equally active actors give 2.0. Periods with no events are skipped.
    """
    precision = 10 if granularity == "week" else 7
    per: dict[str, Counter[str]] = defaultdict(Counter)
    seen: set[tuple[str, str]] = set()
    for eid, s, t, _q, _g, edate, pub in rows:
        d = event_day(edate, pub, precision)
        if d is None:
            continue
        p = period_of(d, granularity)
        for code in (s, t):
            if (eid, code) not in seen:
                seen.add((eid, code))
                per[p][code] += 1
    out = []
    for p in periods:
        c = per.get(p)
        if not c:
            continue
        total = sum(c.values())
        hhi = sum((v / total) ** 2 for v in c.values())
        out.append(PolarityPoint(p, round(1 / hhi, 3), round(hhi, 4)))
    return out


def event_locations(store: Store) -> list[EventLocation]:
    """Places of events, grouped; a place with a country but no coordinates takes the country's centre."""
    sql = """
        SELECT json_extract_string(location, '$.name'), coalesce(location_country,
               json_extract_string(location, '$.country')),
               TRY_CAST(json_extract(location, '$.lat') AS DOUBLE), TRY_CAST(json_extract(location, '$.lon') AS DOUBLE),
               type, quad_class
        FROM event_mentions WHERE location IS NOT NULL OR location_country IS NOT NULL"""
    names = _country_names()
    groups: dict[tuple[float, float], dict[str, Any]] = {}
    for name, country, lat, lon, etype, quad in store.con.execute(sql).fetchall():
        if (lat is None or lon is None) and country in names:
            _n, lat, lon = names[country]
        if lat is None or lon is None:
            continue
        key = (round(float(lat), 2), round(float(lon), 2))
        g = groups.setdefault(key, {"names": Counter(), "country": country, "types": Counter(), "conflict": 0})
        g["names"][name or (names.get(country, (country or "?",))[0])] += 1
        g["types"][etype] += 1
        g["conflict"] += int((quad or 0) >= 3)
    out = []
    for (lat, lon), g in groups.items():
        n = sum(g["types"].values())
        label = sorted(g["names"].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        out.append(EventLocation(lat, lon, label, g["country"], n, dict(sorted(g["types"].items())),
                                 round(g["conflict"] / n, 3)))
    return sorted(out, key=lambda loc: (-loc.n, loc.name, loc.lat, loc.lon))


def recent_events(store: Store, limit: int = 25) -> list[RecentEvent]:
    """The latest events with the sentence each was read from."""
    sql = f"""
        SELECT coalesce(e.date, left(a.published, 10), ''), e.type, e.cameo, coalesce(e.goldstein, 0),
               array_to_string(e.source_codes, ', '), array_to_string(e.target_codes, ', '),
               coalesce(json_extract_string(e.location, '$.name'), e.location_country, ''),
               coalesce(json_extract_string(e.evidence, '$.sentence'), ''), coalesce(a.title, a.id), a.url
        FROM event_mentions e LEFT JOIN articles a ON a.id = e.article_id
        ORDER BY 1 DESC, e.id LIMIT {int(limit)}"""
    return [RecentEvent(*r) for r in store.con.execute(sql).fetchall()]


def _counts(store: Store, rows: list[tuple[Any, ...]]) -> dict[str, Any]:
    c: dict[str, Any] = dict(store.counts())
    row = store.con.execute("SELECT min(date), max(date) FROM event_mentions WHERE length(date) >= 10").fetchone()
    c["first_date"], c["last_date"] = (row or (None, None))
    c["actors_coded"] = len({r[1] for r in rows} | {r[2] for r in rows})
    c["dyadic_events"] = len({r[0] for r in rows})
    return c


def collect(store: Store, title: str = "thucydides report", top_dyads: int = 15) -> ReportData:
    """Fill a ``ReportData`` from a store (analysis functions where present, local SQL otherwise)."""
    rows = dyad_rows(store)
    month_days = [d for r in rows if (d := event_day(r[5], r[6], 10)) is not None]
    granularity = choose_granularity(month_days)
    precision = 10 if granularity == "week" else 7
    days = [d for r in rows if (d := event_day(r[5], r[6], precision)) is not None]
    periods = period_range(min(days), max(days), granularity) if days else []
    data = ReportData(title=title, generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
                      granularity=granularity, periods=periods)
    data.counts = _counts(store, rows)
    data.top_dyads = [DyadRow(r["source"], r["target"], int(r["events"]), int(r["cooperative"]),
                              int(r["conflictual"]), float(r["goldstein_sum"] or 0))
                      for r in store.top_dyads(top_dyads)]
    data.dyad_timelines = dyad_timelines(rows, granularity, periods)
    from .analysis_bridge import analysis_unit, network_from_analysis, polarity_from_analysis

    unit = "deduplicated events" if analysis_unit(store) == "events" else "event mentions"

    net = network_from_analysis(store)
    if net is not None:
        data.nodes, data.edges, data.blocs = net
        data.notes["network"] = f"thucydides.analysis.network, signed modularity blocs over {unit}"
    else:
        data.nodes, data.edges, data.blocs = signed_network(rows)
        data.notes["network"] = "report fallback: modularity communities of the positive ties, over event mentions"
    pol = polarity_from_analysis(store, granularity, periods)
    if pol is not None:
        data.polarity = pol
        data.notes["polarity"] = f"thucydides.analysis.polarity, bloc shares over {unit}"
    else:
        data.polarity = polarity_series(rows, granularity, periods)
        data.notes["polarity"] = "report fallback: concentration of actor activity (1/HHI), over event mentions"
    data.notes["dyads"] = "event mentions between two coded actors, compound actors expanded"
    data.notes["map"] = "event mentions with a place (a country alone stands at its centre)"
    data.locations = event_locations(store)
    data.recent = recent_events(store)
    return data
