"""Dyad time series and actor profiles.

A dyad is a pair of actor codes (source -> target). Compound actors are expanded: an event
with source [CHN, RUS] and target [USA] counts once for CHN->USA and once for RUS->USA; an
actor never forms a dyad with itself. Undirected series put the pair in alphabetical order and
count an event once per pair even when it runs both ways.

Quad classes (CAMEO): 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
4 material conflict. ``net_cooperation`` = (quad 1 + quad 2) - (quad 3 + quad 4) events.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

import duckdb

from ..errors import StorageError
from ..store.duck import date_filter
from . import connection

__all__ = ["PERIODS", "actor_profile", "actors", "dyad_rows", "dyad_series", "period_sql"]

PERIODS = ("day", "week", "month", "year", "all")


def period_sql(col: str, period: str) -> str:
    """SQL for the period an ISO date string falls in (NULL when the date is too coarse for it).

    Weeks are ISO weeks named by their Monday (``2023-07-10``); months ``YYYY-MM``.
    """
    if period == "day":
        return f"CASE WHEN length({col}) >= 10 THEN left({col}, 10) END"
    if period == "week":
        return (f"CASE WHEN length({col}) >= 10 THEN strftime(date_trunc('week', "
                f"TRY_CAST(left({col}, 10) AS DATE)), '%Y-%m-%d') END")
    if period == "month":
        return f"CASE WHEN length({col}) >= 7 THEN left({col}, 7) END"
    if period == "year":
        return f"CASE WHEN length({col}) >= 4 THEN left({col}, 4) END"
    if period == "all":
        return "'all'"
    raise ValueError(f"unknown period {period!r}; use one of {', '.join(PERIODS)}")


def _table(unit: str) -> str:
    if unit not in ("events", "mentions"):
        raise ValueError(f"unknown unit {unit!r}; use events or mentions")
    return "events" if unit == "events" else "event_mentions"


def dyad_rows(db: Any, period: str = "all", directed: bool = True, unit: str = "events",
              start: str | None = None, end: str | None = None) -> list[dict[str, Any]]:
    """One row per (event, period, dyad): id, period, source, target, type, quad_class, goldstein.

    The building block of every dyadic measure; events whose date is too coarse for the period
    are left out.
    """
    con = connection(db)
    clauses, params = date_filter(start, end)
    where: list[str] = ["1=1", *clauses]
    a, b = ("source", "target") if directed else ("least(source, target)", "greatest(source, target)")
    sql = f"""
        WITH base AS (SELECT id, date, type, quad_class, goldstein, source_codes, target_codes
                      FROM {_table(unit)} WHERE {' AND '.join(where)}),
        s AS (SELECT id, date, type, quad_class, goldstein, unnest(source_codes) AS source, target_codes FROM base),
        d AS (SELECT id, date, type, quad_class, goldstein, source, unnest(target_codes) AS target FROM s)
        SELECT DISTINCT id, {period_sql('date', period)} AS period, {a} AS source, {b} AS target, type,
               quad_class, goldstein
        FROM d WHERE source <> target AND {period_sql('date', period)} IS NOT NULL
        ORDER BY period, source, target, id"""
    try:
        cur = con.execute(sql, params)
    except duckdb.CatalogException as exc:
        raise StorageError(f"the store has no {_table(unit)} table: {exc}") from None
    cols = [c[0] for c in cur.description or []]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _articles_per_period(con: duckdb.DuckDBPyConnection, period: str) -> dict[str, int]:
    try:
        rows = con.execute(f"SELECT {period_sql('published', period)} AS p, count(*) FROM articles "
                           f"GROUP BY p").fetchall()
    except duckdb.CatalogException:
        raise StorageError("normalising by article volume needs the articles table") from None
    return {p: int(n) for p, n in rows if p is not None}


def _tally(rows: list[dict[str, Any]]) -> dict[str, Any]:
    quads = Counter(r["quad_class"] for r in rows)
    gold = [float(r["goldstein"] or 0.0) for r in rows]
    types = Counter(r["type"] for r in rows)
    coop, conf = quads[1] + quads[2], quads[3] + quads[4]
    return {"events": len(rows), "verbal_coop": quads[1], "material_coop": quads[2], "verbal_conflict": quads[3],
            "material_conflict": quads[4], "net_cooperation": coop - conf, "goldstein_sum": round(sum(gold), 2),
            "goldstein_mean": round(sum(gold) / len(gold), 3) if gold else None,
            "types": ";".join(f"{t}:{n}" for t, n in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))}


def dyad_series(db: Any, period: str = "month", directed: bool = True, unit: str = "events",
                normalise: bool = False, actor: str | None = None, dyad: tuple[str, str] | None = None,
                start: str | None = None, end: str | None = None, min_events: int = 1) -> list[dict[str, Any]]:
    """Counts by quad class and type, Goldstein sum and mean and net cooperation per dyad and period.

    ``normalise`` adds the number of articles published in the period and the events and
    Goldstein sum per article (so a busy news month does not look like a busy diplomatic one).
    ``actor`` keeps dyads with that actor on either side; ``dyad`` one pair (either order when
    undirected).
    """
    rows = dyad_rows(db, period, directed, unit, start, end)
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[(r["period"], r["source"], r["target"])].append(r)
    want = None
    if dyad:
        pair = (dyad[0].upper(), dyad[1].upper())
        want = {pair} if directed else {pair, pair[::-1]}
    volume = _articles_per_period(connection(db), period) if normalise else {}
    out: list[dict[str, Any]] = []
    for (p, s, t), rs in sorted(groups.items()):
        if actor and actor.upper() not in (s, t):
            continue
        if want is not None and (s, t) not in want:
            continue
        if len(rs) < min_events:
            continue
        row: dict[str, Any] = {"period": p, "source": s, "target": t, **_tally(rs)}
        if normalise:
            n = volume.get(p, 0)
            row["articles"] = n
            row["events_per_article"] = round(len(rs) / n, 4) if n else None
            row["goldstein_per_article"] = round(row["goldstein_sum"] / n, 4) if n else None
        out.append(row)
    return out


def actor_profile(db: Any, code: str, unit: str = "events", start: str | None = None,
                  end: str | None = None) -> list[dict[str, Any]]:
    """An actor's dyadic record: a first row of totals (partner ``*``), then one row per partner.

    Each row: events as source and as target, cooperative and conflictual events, Goldstein sum,
    net cooperation, and the commonest types. Partners are ordered by events, most first.
    """
    return _profile(dyad_rows(db, "all", True, unit, start, end), code.upper())


def _profile(all_rows: list[dict[str, Any]], code: str) -> list[dict[str, Any]]:
    rows = [r for r in all_rows if code in (r["source"], r["target"])]
    by_partner: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_partner[r["target"] if r["source"] == code else r["source"]].append(r)

    def summary(partner: str, rs: list[dict[str, Any]]) -> dict[str, Any]:
        t = _tally(rs)
        return {"actor": code, "partner": partner, "events": t["events"],
                "as_source": sum(1 for r in rs if r["source"] == code),
                "as_target": sum(1 for r in rs if r["target"] == code),
                "cooperative": t["verbal_coop"] + t["material_coop"],
                "conflictual": t["verbal_conflict"] + t["material_conflict"],
                "net_cooperation": t["net_cooperation"], "goldstein_sum": t["goldstein_sum"], "types": t["types"]}

    if not rows:
        return []
    # the totals count each event once, even when it has several partners
    unique = list({r["id"]: r for r in rows}.values())
    total = summary("*", unique)
    total["as_source"] = len({r["id"] for r in rows if r["source"] == code})
    total["as_target"] = len({r["id"] for r in rows if r["target"] == code})
    partners = sorted(by_partner.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [total] + [summary(p, rs) for p, rs in partners]


def actors(db: Any, unit: str = "events", start: str | None = None, end: str | None = None,
           limit: int | None = None) -> list[dict[str, Any]]:
    """Every actor in a dyad, with its totals (as ``actor_profile``'s first row), most active first."""
    rows = dyad_rows(db, "all", True, unit, start, end)
    codes = sorted({r["source"] for r in rows} | {r["target"] for r in rows})
    out = [_profile(rows, c)[0] for c in codes]
    out.sort(key=lambda r: (-r["events"], r["actor"]))
    for r in out:
        r.pop("partner")
    return out[:limit] if limit else out
