"""The DuckDB store on a real file: migrations, idempotent writes, failures, queries."""

from __future__ import annotations

from pathlib import Path

import duckdb

from thucydides.model import Actor, Article, EventMention, Evidence
from thucydides.store.duck import Store
from thucydides.store.migrations import MIGRATIONS, current_version


def _event(eid: str, typ: str, cameo: str, quad: int, gold: float, src: str, tgt: str, date: str) -> EventMention:
    ev = Evidence(sentence="s", start=0, end=1, trigger="t")
    return EventMention(id=eid, type=typ, cameo=cameo, goldstein=gold, quad_class=quad, date=date,
                        source=[Actor(text=src, code=src)], target=[Actor(text=tgt, code=tgt)],
                        evidence=ev, mentions=[ev], confidence=0.8, coder="test")


def _article(aid: str, *events: EventMention) -> Article:
    return Article(id=aid, title=f"t{aid}", published="2023-07-14", text="body", events=list(events))


def test_migrations_create_the_tables_once(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    Store(db).close()
    with Store(db) as store:  # reopening applies nothing twice
        assert current_version(store.con) == MIGRATIONS[-1][0]
        assert set(store.counts()) == {"articles", "event_mentions", "actors", "failures", "runs"}
    con = duckdb.connect(str(db))
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(MIGRATIONS)


def test_same_article_twice_is_stored_once_and_round_trips(tmp_path: Path) -> None:
    e = _event("e1", "CONSULT", "040", 1, 1.0, "CHN", "RUS", "2023-07-13")
    with Store(tmp_path / "s.duckdb") as store:
        assert store.add_article(_article("a", e)) is True
        assert store.add_article(_article("a", e)) is False
        assert store.counts()["articles"] == 1 and store.counts()["event_mentions"] == 1
        assert store.counts()["actors"] == 2
        back = store.article("a")
        assert back is not None and back.events == [e]


def test_failures_are_recorded_not_stored(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        bad = Article(id="x", error="in.jsonl:2: bad JSON", source_path="in.jsonl:2")
        assert store.add_article(bad, "run1") is False
        assert store.counts()["articles"] == 0
        row = store.con.execute("SELECT run_id, location, error FROM failures").fetchone()
        assert row == ("run1", "in.jsonl:2", "in.jsonl:2: bad JSON")


def test_queries_filter_and_count_dyads() -> None:
    with Store(":memory:") as store:
        store.add_article(_article("a", _event("1", "CONSULT", "040", 1, 1.0, "CHN", "RUS", "2023-07-13"),
                                   _event("2", "AGREE", "031", 1, 5.2, "CHN", "RUS", "2023-07-14")))
        store.add_article(_article("b", _event("3", "ASSAULT", "190", 4, -10.0, "RUS", "UKR", "2022-02-24")))
        assert [r["id"] for r in store.events_where(actor="rus")] == ["3", "1", "2"]
        assert [r["id"] for r in store.events_where(dyad=("CHN", "RUS"), types=["agree"])] == ["2"]
        assert [r["id"] for r in store.events_where(start="2023-01-01", end="2023-07-13")] == ["1"]
        assert [r["id"] for r in store.events_where(end="2022")] == ["3"]
        top = store.top_dyads(5)
        # CHN->RUS: two events, both cooperative, Goldstein 1.0 + 5.2 = 6.2.
        assert top[0] == {"source": "CHN", "target": "RUS", "events": 2, "cooperative": 2, "conflictual": 0,
                          "goldstein_sum": 6.2}
        assert top[1]["source"] == "RUS" and top[1]["conflictual"] == 1
