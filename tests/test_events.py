"""Events across documents: clustering of hand-built mentions, counts, stable ids, incremental runs."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from thucydides.model import Actor, Article, EventMention, Evidence, Location
from thucydides.store.duck import Store
from thucydides.store.events import rebuild_events, update_events

from .conftest import WIKINEWS


def _m(eid: str, typ: str, cameo: str, quad: int, gold: float, src: list[str], tgt: list[str], date: str,
       sentences: int = 1, where: str | None = None) -> EventMention:
    ev = [Evidence(sentence=f"{eid} sentence {i}", start=10 * i, end=10 * i + 9, trigger="t") for i in range(sentences)]
    return EventMention(id=eid, type=typ, cameo=cameo, goldstein=gold, quad_class=quad, date=date,
                        source=[Actor(text=c, code=c) for c in src], target=[Actor(text=c, code=c) for c in tgt],
                        location=Location(name=where, country=where) if where else None,
                        evidence=ev[0], mentions=ev, confidence=0.9, coder="rules-0.1 test")


def _articles() -> list[Article]:
    a1 = Article(id="a1", url="https://news.example/a1", published="2023-07-13", text="x", events=[
        _m("m1", "CONSULT", "040", 1, 1.0, ["CHN"], ["RUS"], "2023-07-13", sentences=2),
        _m("m7", "ASSAULT", "190", 4, -10.0, ["RUS"], ["UKR"], "2023-07-14", where="POL"),
        _m("m8", "SANCTION", "163", 4, -8.0, ["IGOEUREEC"], ["RUS"], "2023-07-13"),
    ])
    a2 = Article(id="a2", url="https://other.example/x", published="2023-07-14", text="x", events=[
        _m("m2", "CONSULT", "040", 1, 1.0, ["RUS"], ["CHN"], "2023-07-14"),  # the same meeting, told the other way
        _m("m6", "ASSAULT", "190", 4, -10.0, ["RUS"], ["UKR"], "2023-07-13", where="UKR"),
        _m("m9", "COERCE", "172", 4, -5.0, ["FRA"], ["RUS"], "2023-07-14"),  # France is in the EU
    ])
    a3 = Article(id="a3", url="https://news.example/b", published="2023-07-15", text="x", events=[
        _m("m3", "AGREE", "030", 1, 4.0, ["CHN"], ["RUS"], "2023-07-13"),  # another family
        _m("m4", "CONSULT", "040", 1, 1.0, ["CHN"], ["RUS"], "2023-07-20"),  # 7 days later: another meeting
        _m("m5", "CONSULT", "040", 1, 1.0, ["CHN", "RUS"], ["RUS"], "2023-07-14"),  # compound source
    ])
    return [a1, a2, a3]


def _events(store: Store) -> dict[frozenset[str], dict]:
    rows = store.con.execute("""
        SELECT e.id, e.type, e.num_mentions, e.num_sources, e.num_articles, e.first_seen, e.last_seen, e.coder,
               list(l.mention_id ORDER BY l.mention_id)
        FROM events e JOIN event_links l ON l.event_id = e.id GROUP BY ALL""").fetchall()
    return {frozenset(r[8]): {"id": r[0], "type": r[1], "mentions": r[2], "sources": r[3], "articles": r[4],
                              "first_seen": r[5], "last_seen": r[6], "coder": r[7]} for r in rows}


def test_mentions_from_different_articles_become_one_event(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        for art in _articles():
            store.add_article(art)
        report = update_events(store)
        ev = _events(store)
    # 9 mentions: {m1, m2, m5} one meeting; {m8, m9} EU and France pressing Russia; the rest alone
    # (m3 is AGREE, m4 a week later, m6 and m7 in different countries).
    assert report.mentions == 9 and report.events == 6
    assert set(ev) == {frozenset({"m1", "m2", "m5"}), frozenset({"m8", "m9"}), frozenset({"m3"}),
                       frozenset({"m4"}), frozenset({"m6"}), frozenset({"m7"})}
    meeting = ev[frozenset({"m1", "m2", "m5"})]
    # num_mentions counts sentences: m1 has 2, m2 1, m5 1 -> 4; articles a1, a2, a3 -> 3;
    # sources: news.example (a1 and a3) and other.example (a2) -> 2.
    assert (meeting["mentions"], meeting["articles"], meeting["sources"]) == (4, 3, 2)
    assert (meeting["first_seen"], meeting["last_seen"]) == ("2023-07-13", "2023-07-15")
    assert meeting["type"] == "CONSULT" and meeting["coder"] == "rules-0.1"
    # the pressure event: EU SANCTION (163) once and French COERCE (172) once; tie -> the lower code 163
    assert ev[frozenset({"m8", "m9"})]["type"] == "SANCTION"


def test_event_id_is_a_hash_of_family_actors_first_date_and_place() -> None:
    with Store(":memory:") as store:
        for art in _articles():
            store.add_article(art)
        update_events(store)
        ev = _events(store)
    # the meeting's first mention is m1 (2023-07-13): CONSULT, [[CHN], [RUS]], no location
    parts = ["event", "CONSULT", '[["CHN"], ["RUS"]]', "2023-07-13", ""]
    expected = hashlib.sha256("".join(p + "\x1f" for p in parts).encode()).hexdigest()[:16]
    assert ev[frozenset({"m1", "m2", "m5"})]["id"] == expected


def test_clustering_does_not_depend_on_insertion_order() -> None:
    results = []
    for order in ([0, 1, 2], [2, 1, 0], [1, 2, 0]):
        with Store(":memory:") as store:
            arts = _articles()
            for i in order:
                store.add_article(arts[i])
                update_events(store)  # incremental after every article
            results.append(store.con.execute("SELECT * FROM events ORDER BY id").fetchall())
    assert results[0] == results[1] == results[2]
    assert len(results[0]) == 6


def test_new_mentions_join_existing_events_and_a_full_rebuild_agrees() -> None:
    with Store(":memory:") as store:
        a1, a2, a3 = _articles()
        store.add_article(a1)
        store.add_article(a2)
        update_events(store)
        before = _events(store)
        # m1 + m2 already one meeting, m8 + m9 one pressure event: 6 mentions -> 4 events
        assert len(before) == 4 and before[frozenset({"m1", "m2"})]["articles"] == 2
        store.add_article(a3)
        report = update_events(store)
        after = _events(store)
        # a3 adds m5 to the meeting (same id, now 3 articles) and starts m3 and m4: the meeting is
        # rewritten and two events are new -> 3 written; the meeting's old row is replaced, not lost
        assert report.written == 3 and report.deleted == 0
        assert after[frozenset({"m1", "m2", "m5"})]["id"] == before[frozenset({"m1", "m2"})]["id"]
        incremental = store.con.execute("SELECT * FROM events ORDER BY id").fetchall()
        rebuild_events(store)
        assert store.con.execute("SELECT * FROM events ORDER BY id").fetchall() == incremental


def test_copies_of_one_story_count_once_as_a_source() -> None:
    with Store(":memory:") as store:
        for i, host in enumerate(["a.example", "b.example", "c.example"]):
            store.add_article(Article(id=f"s{i}", url=f"https://{host}/story", published="2023-07-13", text="x",
                                      events=[_m(f"k{i}", "ACCUSE", "112", 3, -2.0, ["USA"], ["IRN"], "2023-07-13")]))
        # s0 and s1 are one syndicated story on two sites; s2 is written independently
        for aid in ("s0", "s1"):
            store.con.execute("INSERT INTO article_story (article_id, story_id, similarity, copy_of, exact, "
                              "text_hash) VALUES (?, 'story1', 0.9, NULL, false, 'h')", [aid])
        update_events(store)
        ev = _events(store)
    # three articles on three hosts, but a.example and b.example carry one story -> 2 sources
    assert (ev[frozenset({"k0", "k1", "k2"})]["articles"], ev[frozenset({"k0", "k1", "k2"})]["sources"]) == (3, 2)


def test_month_dated_mentions_join_only_the_same_month() -> None:
    with Store(":memory:") as store:
        # published in August, so "2023-07" cannot borrow the article's day
        store.add_article(Article(id="p1", published="2023-08-02", text="x", events=[
            _m("c1", "PROTEST", "140", 3, -6.5, ["FRA"], [], "2023-07")]))
        store.add_article(Article(id="p2", published="2023-08-03", text="x", events=[
            _m("c2", "PROTEST", "140", 3, -6.5, ["FRA"], [], "2023-07"),
            _m("c3", "PROTEST", "140", 3, -6.5, ["FRA"], [], "2023-06")]))
        update_events(store)
        assert set(_events(store)) == {frozenset({"c1", "c2"}), frozenset({"c3"})}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "thucydides", *args], capture_output=True, text=True, timeout=600)


@pytest.mark.slow
def test_ingest_twice_then_events_fewer_than_mentions_and_dyads_print(tmp_path: Path, seed_text: str) -> None:
    if not WIKINEWS.exists():
        pytest.skip("shared corpus not beside the project")
    (tmp_path / "seed.txt").write_text(seed_text, encoding="utf-8")
    (tmp_path / "w20.jsonl").write_text("".join(WIKINEWS.read_text(encoding="utf-8").splitlines(True)[:20]),
                                        encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    inputs = [str(tmp_path / "seed.txt"), str(tmp_path / "w20.jsonl")]
    assert _run("ingest", *inputs, "--db", db).returncode == 0
    assert _run("ingest", *inputs, "--db", db).returncode == 0
    with Store(db, read_only=True) as store:
        articles, mentions, events, links = (store.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                             for t in ("articles", "event_mentions", "events", "event_links"))
    assert articles == 21 and 0 < events < mentions and links == mentions
    out = _run("dyads", "--db", db, "--format", "csv")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0].startswith("period,source,target,events") and len(lines) > 1
    gdelt = tmp_path / "e.tsv"
    assert _run("export", "--db", db, "--format", "gdelt", "--output", str(gdelt)).returncode == 0
    rows = gdelt.read_text(encoding="utf-8").splitlines()
    assert len(rows) == events and all(len(r.split("\t")) == 61 for r in rows)


@pytest.mark.slow
def test_recode_replaces_stale_mentions_from_the_stored_text(tmp_path: Path, seed_text: str) -> None:
    from thucydides.coding.coder import CODER_VERSION
    from thucydides.settings import Settings
    from thucydides.store.ingest import ingest
    from thucydides.store.recode import recode

    (tmp_path / "seed.txt").write_text(seed_text, encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        ingest(store, [str(tmp_path / "seed.txt")], Settings())
        original = store.con.execute("SELECT id FROM event_mentions ORDER BY id").fetchall()
        (aid,) = store.con.execute("SELECT id FROM articles").fetchone()
        # pretend an older coder read a war into the page and missed the rest
        store.con.execute("DELETE FROM actors")
        store.con.execute("DELETE FROM event_mentions")
        stale = _m("stale", "ASSAULT", "190", 4, -10.0, ["CHN"], ["RUS"], "2023-07-13")
        stale.coder = "rules-0.0 old"
        store.con.execute("INSERT INTO event_mentions (id, article_id, type, cameo, goldstein, quad_class, date, "
                          "source_codes, target_codes, record, coder) VALUES ('stale', ?, 'ASSAULT', '190', -10, 4, "
                          "'2023-07-13', ['CHN'], ['RUS'], ?, 'rules-0.0 old')", [aid, stale.to_json()])
        update_events(store)
        assert store.con.execute("SELECT count(*) FROM events WHERE type = 'ASSAULT'").fetchone()[0] == 1
        report = recode(store, Settings())
        assert (report.articles, report.changed, report.before) == (1, 1, 1)
        assert store.con.execute("SELECT id FROM event_mentions ORDER BY id").fetchall() == original
        assert store.con.execute("SELECT count(*) FROM events WHERE type = 'ASSAULT'").fetchone()[0] == 0
        assert store.con.execute("SELECT count(*) FROM event_links").fetchone()[0] == len(original)
        coders = {r[0] for r in store.con.execute("SELECT DISTINCT coder FROM events").fetchall()}
        assert coders == {CODER_VERSION}
        manifest = json.loads(store.con.execute("SELECT manifest FROM runs ORDER BY started_at DESC LIMIT 1")
                              .fetchone()[0])
        assert manifest["command"] == "recode" and "data" in manifest and manifest["version"]
