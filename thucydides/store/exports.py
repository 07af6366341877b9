"""Exports of the deduplicated events: PLOVER JSONL, Parquet, CSV and GDELT 2.0 TSV.

* ``plover``: one JSON object per event with PLOVER's field names (``id``, ``date``,
  ``enddate``, ``actor``, ``recipient``, ``event``, ``mode``, ``context``, ``event_loc``,
  ``event_text``, ``quad_code``, ``event_scale``, ``coder``, ``link``) plus our counts;
* ``parquet`` / ``csv``: the ``events`` table as it is (DuckDB ``COPY``; lists joined by ``;``
  in CSV); ``analysis.open_parquet`` reads the Parquet file back for analysis;
* ``gdelt``: the 61 tab-separated columns of a GDELT 2.0 event export (no header, as GDELT).

GDELT crosswalks: GLOBALEVENTID is our 64-bit hex event id shifted right by one bit (a stable
non-negative 63-bit integer); actor codes are CAMEO country codes (the ``cameo`` field of the
country dictionary) followed by the CAMEO sector (``CHNGOV``), organisations keep their code
(``IGOUNO``, known-group ``UNO``); ActionGeo country codes are FIPS 10-4. GDELT has one actor
per side: a compound side exports its first actor. AvgTone is 0 (we do not measure tone).
IsRootEvent is 1 when the event's first mention starts in the first 400 characters.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from ..errors import StorageError
from .duck import Store

__all__ = ["EXPORT_FORMATS", "GDELT_COLUMNS", "export", "gdelt_rows", "global_event_id", "plover_records"]

EXPORT_FORMATS = ("plover", "parquet", "csv", "gdelt")

GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor{i}{c}" for i in (1, 2) for c in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                                "Religion1Code", "Religion2Code", "Type1Code", "Type2Code",
                                                "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale", "NumMentions",
    "NumSources", "NumArticles", "AvgTone",
    *(f"{p}Geo_{c}" for p in ("Actor1", "Actor2", "Action") for c in ("Type", "FullName", "CountryCode",
                                                                       "ADM1Code", "ADM2Code", "Lat", "Long",
                                                                       "FeatureID")),
    "DATEADDED", "SOURCEURL",
)
assert len(GDELT_COLUMNS) == 61

# CAMEO actor type codes that our sectors map to directly
_CAMEO_TYPES = {"GOV", "MIL", "REB", "OPP", "LEG", "JUD", "COP", "BUS", "MED", "CVL", "EDU", "HLH", "REF", "LAB",
                "AGR", "ELI", "CRM", "SPY", "UAF", "IGO", "NGO", "IMG", "MNC", "ENV", "HRI", "RAD", "MOD", "SEP"}


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    text = resources.files("thucydides.data").joinpath("actors/countries.jsonl").read_text(encoding="utf-8")
    return {r["code"]: r for r in (json.loads(line) for line in text.splitlines() if line.strip())}


def global_event_id(event_id: str) -> int:
    """GDELT's integer GLOBALEVENTID for our 16-hex-digit event id: ``int(id, 16) >> 1`` (63 bits)."""
    return int(event_id, 16) >> 1


def _events(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cur = con.execute("SELECT * FROM events ORDER BY date, id")
    cols = [c[0] for c in cur.description or []]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def _links(con: duckdb.DuckDBPyConnection) -> dict[str, list[dict[str, Any]]]:
    rows = con.execute("""
        SELECT l.event_id, l.mention_id, l.article_id, a.url, m.evidence
        FROM event_links l JOIN event_mentions m ON m.id = l.mention_id LEFT JOIN articles a ON a.id = l.article_id
        ORDER BY l.event_id, l.article_id, l.mention_id""").fetchall()
    out: dict[str, list[dict[str, Any]]] = {}
    for eid, mid, aid, url, evidence in rows:
        ev = json.loads(evidence) if evidence else {}
        out.setdefault(eid, []).append({"mention_id": mid, "article_id": aid, "url": url, **ev})
    return out


def plover_records(store: Store | duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """Events as PLOVER JSON records, in date and id order."""
    con = store.con if isinstance(store, Store) else store
    links = _links(con)

    def entity(a: dict[str, Any]) -> dict[str, Any]:
        return {"code": a.get("code"), "raw_text": a.get("text"), "entity_name": a.get("name"),
                "sector_code": a.get("sector"), "kb_id": a.get("id")}

    for e in _events(con):
        mentions = links.get(e["id"], [])
        yield {"id": e["id"], "date": e["date"], "enddate": e["last_date"] if e["last_date"] != e["date"] else None,
               "actor": [entity(a) for a in json.loads(e["source"] or "[]")],
               "recipient": [entity(a) for a in json.loads(e["target"] or "[]")],
               "event": [e["type"]], "mode": [e["mode"]] if e["mode"] else [], "context": list(e["context"] or []),
               "event_loc": json.loads(e["location"]) if e["location"] else None,
               "event_text": sorted({m.get("sentence", "").strip() for m in mentions} - {""}),
               "quad_code": e["quad_class"], "event_scale": e["goldstein"], "cameo": e["cameo"],
               "num_mentions": e["num_mentions"], "num_sources": e["num_sources"], "num_articles": e["num_articles"],
               "first_seen": e["first_seen"], "last_seen": e["last_seen"], "coder": e["coder"],
               "link": mentions}


def _clean(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:g}" if v != int(v) or abs(v) >= 1e15 else f"{v:.1f}"
    return " ".join(str(v).split())  # no tab or newline may reach a TSV field


def _actor_fields(actors: list[dict[str, Any]]) -> list[Any]:
    if not actors:
        return [""] * 10
    a = actors[0]
    code, sector = a.get("code") or "", a.get("sector") or ""
    country = _countries().get(code)
    sector = sector if sector in _CAMEO_TYPES else ""
    if country:
        cameo = country.get("cameo") or code
        return [cameo + sector, country["name"].upper(), cameo, "", "", "", "", sector, "", ""]
    group = code[3:] if code[:3] in ("IGO", "NGO", "IMG", "MNC") and len(code) > 3 else ""
    kind = code[:3] if group else sector
    return [code, (a.get("name") or a.get("text") or "").upper(), "", group, "", "", "", kind, "", ""]


def _geo_fields(location: dict[str, Any] | None) -> list[Any]:
    if not location:
        return [0, "", "", "", "", "", "", ""]
    country = _countries().get(location.get("country") or "")
    fips = (country or {}).get("fips") or ""
    name = location.get("name") or ""
    country_level = country is not None and name == country["name"]
    full = name if country_level or country is None else f"{name}, {country['name']}"
    # GDELT geo types: 1 country, 3 US city, 4 world city
    kind = 1 if country_level else 3 if fips == "US" else 4
    return [kind, full, fips, fips if country_level else "", "", location.get("lat"), location.get("lon"),
            fips if country_level else ""]


def _date_parts(d: str | None) -> tuple[str, str, str, str]:
    """SQLDATE, MonthYear, Year and FractionDate of an ISO date of any precision."""
    if not d or len(d) < 4:
        return "", "", "", ""
    y, m, day = d[:4], (d[5:7] if len(d) >= 7 else "01"), (d[8:10] if len(d) >= 10 else "01")
    fraction = int(y) + (int(m) * 30 + int(day)) / 365
    return y + m + day, y + m, y, f"{fraction:.4f}"


def gdelt_rows(store: Store | duckdb.DuckDBPyConnection) -> Iterator[list[str]]:
    """Events as GDELT 2.0 export rows (61 fields each, as strings)."""
    con = store.con if isinstance(store, Store) else store
    for e in _events(con):
        sqldate, month, year, fraction = _date_parts(e["date"] or e["first_seen"])
        added = (e["first_seen"] or e["date"] or "").replace("-", "")[:8]
        added = added + "0" * (8 - len(added)) + "000000" if added else ""
        cameo = e["cameo"]
        row = [global_event_id(e["id"]), sqldate, month, year, fraction,
               *_actor_fields(json.loads(e["source"] or "[]")), *_actor_fields(json.loads(e["target"] or "[]")),
               1 if e["is_root"] else 0, cameo, cameo[:3], cameo[:2], e["quad_class"], e["goldstein"],
               e["num_mentions"], e["num_sources"], e["num_articles"], 0.0,
               *([0, "", "", "", "", "", "", ""] * 2),
               *_geo_fields(json.loads(e["location"]) if e["location"] else None),
               added, e["source_url"] or ""]
        yield [_clean(v) for v in row]


def export(store: Store | duckdb.DuckDBPyConnection, fmt: str, output: str | Path) -> int:
    """Write every event to ``output`` in ``fmt``; return the number of events written."""
    con = store.con if isinstance(store, Store) else store
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    path = Path(output).expanduser()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        n = int(con.execute("SELECT count(*) FROM events").fetchone()[0])  # type: ignore[index]
        target = str(path).replace("'", "''")
        if fmt == "parquet":
            con.execute(f"COPY (SELECT * FROM events ORDER BY date, id) TO '{target}' (FORMAT parquet)")
        elif fmt == "csv":
            cols = [r[0] for r in con.execute("DESCRIBE events").fetchall()]
            lists = {"context", "source_codes", "target_codes"}
            sel = ", ".join(f"array_to_string({c}, ';') AS {c}" if c in lists else c for c in cols)
            con.execute(f"COPY (SELECT {sel} FROM events ORDER BY date, id) TO '{target}' (HEADER, DELIMITER ',')")
        else:
            with path.open("w", encoding="utf-8", newline="\n") as fh:
                if fmt == "plover":
                    for rec in plover_records(con):
                        fh.write(json.dumps(rec, ensure_ascii=False, sort_keys=False) + "\n")
                else:
                    for row in gdelt_rows(con):
                        fh.write("\t".join(row) + "\n")
    except (duckdb.Error, OSError) as exc:
        raise StorageError(f"cannot export to {path}: {exc}") from None
    return n
