"""Exports: GDELT 2.0 TSV (61 columns, a row checked by hand), PLOVER JSONL, CSV and Parquet."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pytest

from thucydides.model import Actor, Article, EventMention, Evidence, Location
from thucydides.store.duck import Store
from thucydides.store.events import update_events
from thucydides.store.exports import GDELT_COLUMNS, export, global_event_id

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "gdelt" / "gdelt2_export_columns.tsv"


def _insert_meeting(store: Store) -> None:
    source = [{"text": "Wang Yi", "name": "Wang Yi", "code": "CHN", "sector": "GOV", "id": "wang-yi"}]
    target = [{"text": "Sergei Lavrov", "name": "Sergei Lavrov", "code": "RUS", "sector": "GOV", "id": "lavrov"}]
    store.con.execute(
        "INSERT INTO events (id, type, family, cameo, goldstein, quad_class, date, last_date, source_codes, "
        "target_codes, source, target, location_country, location, num_mentions, num_sources, num_articles, "
        "first_seen, last_seen, source_url, is_root, confidence, coder) VALUES "
        "('00000000000000ff', 'CONSULT', 'CONSULT', '040', 1.0, 1, '2023-07-13', '2023-07-13', ['CHN'], ['RUS'], "
        "?, ?, 'IDN', ?, 4, 2, 3, '2023-07-14', '2023-07-15', 'https://news.example/a1', true, 0.9, 'rules-0.1')",
        [json.dumps(source), json.dumps(target),
         json.dumps({"name": "Jakarta", "country": "IDN", "lat": -6.2, "lon": 106.8})])


def test_gdelt_columns_match_the_reference() -> None:
    if not REFERENCE.exists():
        pytest.skip("shared reference not beside the project")
    names = [line.split("\t")[1] for line in REFERENCE.read_text(encoding="utf-8").splitlines()[1:]]
    assert list(GDELT_COLUMNS) == names and len(names) == 61


def test_gdelt_row_checked_by_hand(tmp_path: Path) -> None:
    with Store(":memory:") as store:
        _insert_meeting(store)
        assert export(store, "gdelt", tmp_path / "e.tsv") == 1
    (line,) = (tmp_path / "e.tsv").read_text(encoding="utf-8").splitlines()
    f = line.split("\t")
    assert len(f) == 61
    col = dict(zip(GDELT_COLUMNS, f, strict=True))
    assert col["GLOBALEVENTID"] == "127"  # 0xff = 255, shifted right by one bit = 127
    assert (col["SQLDATE"], col["MonthYear"], col["Year"]) == ("20230713", "202307", "2023")
    assert col["FractionDate"] == "2023.6110"  # 2023 + (7 * 30 + 13) / 365 = 2023 + 223 / 365 = 2023.61096
    # CAMEO country code + sector; GDELT names are upper case; the type code is the sector
    assert (col["Actor1Code"], col["Actor1Name"], col["Actor1CountryCode"], col["Actor1Type1Code"]) == \
        ("CHNGOV", "CHINA", "CHN", "GOV")
    assert (col["Actor2Code"], col["Actor2Name"], col["Actor2CountryCode"]) == ("RUSGOV", "RUSSIA", "RUS")
    assert (col["IsRootEvent"], col["EventCode"], col["EventBaseCode"], col["EventRootCode"]) == \
        ("1", "040", "040", "04")
    assert (col["QuadClass"], col["GoldsteinScale"], col["NumMentions"], col["NumSources"], col["NumArticles"],
            col["AvgTone"]) == ("1", "1.0", "4", "2", "3", "0.0")
    # a city: GDELT geo type 4 (world city), "City, Country", FIPS 10-4 country code ID for Indonesia
    assert (col["ActionGeo_Type"], col["ActionGeo_FullName"], col["ActionGeo_CountryCode"]) == \
        ("4", "Jakarta, Indonesia", "ID")
    assert (col["ActionGeo_Lat"], col["ActionGeo_Long"]) == ("-6.2", "106.8")
    assert col["Actor1Geo_Type"] == "0" and col["Actor1Geo_FullName"] == ""
    assert col["DATEADDED"] == "20230714000000" and col["SOURCEURL"] == "https://news.example/a1"


def test_global_event_id_is_63_bits() -> None:
    assert global_event_id("ffffffffffffffff") == 2**63 - 1
    assert global_event_id("0000000000000002") == 1


def _clustered_store() -> Store:
    store = Store(":memory:")
    ev = Evidence(sentence="Wang Yi met Lavrov\tin Jakarta.\n", start=0, end=30, trigger="met")
    for aid, host in (("a1", "one.example"), ("a2", "two.example")):
        store.add_article(Article(id=aid, url=f"https://{host}/{aid}", published="2023-07-14", text="x", events=[
            EventMention(id=f"m-{aid}", type="CONSULT", cameo="040", goldstein=1.0, quad_class=1, date="2023-07-13",
                         source=[Actor(text="Wang Yi", name="Wang Yi", code="CHN", sector="GOV")],
                         target=[Actor(text="Lavrov", name="Sergei Lavrov", code="RUS", sector="GOV")],
                         location=Location(name="Indonesia", country="IDN", lat=-5.0, lon=120.0),
                         evidence=ev, mentions=[ev], confidence=0.9, coder="rules-0.1 x")]))
    update_events(store)
    return store


def test_plover_jsonl_has_plover_fields_and_the_evidence(tmp_path: Path) -> None:
    with _clustered_store() as store:
        assert export(store, "plover", tmp_path / "e.jsonl") == 1
        export(store, "gdelt", tmp_path / "e.tsv")
    (rec,) = [json.loads(line) for line in (tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()]
    assert rec["event"] == ["CONSULT"] and rec["date"] == "2023-07-13" and rec["quad_code"] == 1
    assert [a["code"] for a in rec["actor"]] == ["CHN"] and [a["code"] for a in rec["recipient"]] == ["RUS"]
    assert rec["event_loc"]["country"] == "IDN"
    assert (rec["num_mentions"], rec["num_sources"], rec["num_articles"]) == (2, 2, 2)  # two articles, two hosts
    assert [m["mention_id"] for m in rec["link"]] == ["m-a1", "m-a2"]
    assert rec["event_text"] == ["Wang Yi met Lavrov\tin Jakarta."]
    # the country-level place is GDELT type 1 with its FIPS code as ADM1 and feature id
    f = (tmp_path / "e.tsv").read_text(encoding="utf-8").rstrip("\n").split("\t")
    assert len(f) == 61 and f[51:54] == ["1", "Indonesia", "ID"] and f[58] == "ID"


def test_csv_and_parquet_hold_every_event(tmp_path: Path) -> None:
    with _clustered_store() as store:
        export(store, "csv", tmp_path / "e.csv")
        export(store, "parquet", tmp_path / "e.parquet")
        event_id = store.con.execute("SELECT id FROM events").fetchone()[0]
    rows = list(csv.DictReader((tmp_path / "e.csv").open(encoding="utf-8")))
    assert len(rows) == 1 and rows[0]["id"] == event_id and rows[0]["source_codes"] == "CHN"
    back = duckdb.connect().execute(f"SELECT id, num_articles FROM read_parquet('{tmp_path / 'e.parquet'}')").fetchall()
    assert back == [(event_id, 2)]
