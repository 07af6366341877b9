"""Syndication: one wire story on ten sites is one story with ten copies, its events counted once."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from thucydides.settings import Settings
from thucydides.store.duck import Store
from thucydides.store.ingest import ingest
from thucydides.store.stories import StoryIndex, shingles, text_hash

WIRE = [
    "JAKARTA, July 13 (Xinhua) -- Chinese Foreign Minister Wang Yi met with Russian Foreign Minister "
    "Sergei Lavrov in Jakarta on Thursday on the sidelines of the foreign ministers' meetings on East Asia "
    "cooperation.",
    "Wang said that China is ready to work with Russia to implement the important consensus reached by the "
    "two heads of state and to deepen practical cooperation in all fields.",
    "Lavrov said that Russia supports the central role of the Association of Southeast Asian Nations in "
    "regional cooperation and is willing to strengthen coordination with China on regional affairs.",
    "The two ministers also exchanged views on the situation on the Korean Peninsula and agreed to keep "
    "close communication on international and regional issues of common concern.",
    "Both sides said that relations between the two countries are at their best level in history and "
    "that they will continue to support each other on issues concerning their core interests.",
]
OTHER = [
    "NAIROBI, March 3 (Reuters) -- Kenya's parliament on Tuesday approved a new budget that raises taxes "
    "on fuel and mobile money transfers, despite protests by opposition lawmakers in the capital.",
    "The finance minister told lawmakers that the measures were needed to reduce borrowing, while "
    "opposition leaders accused the government of punishing ordinary families with higher prices.",
    "Police fired tear gas at demonstrators who gathered outside the parliament building in the "
    "afternoon, witnesses said, and several people were arrested after clashes in the city centre.",
]
SITES = ["Shanghai Daily", "Global Times Online", "Eurasia Review", "Asia News Wire", "The Jakarta Post",
         "Moscow Herald", "World Affairs Daily", "Pacific Tribune", "Beijing Review", "East Asia Monitor"]


def variant(i: int) -> str:
    """Copy i of the wire story as site i shows it: its own menu, footer and (for odd i) one word changed."""
    body = list(WIRE)
    if i % 2:
        body[3] = body[3].replace("close communication", "close contact")
    header = [SITES[i], "Home", "World", "China", "Business", "Opinion", ""]
    footer = ["", f"Copyright {SITES[i]} 2023. All rights reserved.", "About us", "Contact", "Privacy policy"]
    return "\n".join(header + ["\n\n".join(body)] + footer)


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_shingles_are_word_five_grams() -> None:
    assert shingles("One two three four five six") == {b"one two three four five", b"two three four five six"}
    assert shingles("Too short") == {b"too short"}
    assert text_hash("A  b.\n\nC") == text_hash("a b c")


def test_index_links_light_variants_and_separates_other_stories() -> None:
    index = StoryIndex()
    first = index.link("a0", "\n\n".join(WIRE))
    assert not first.is_copy and first.story_id == "a0" and first.similarity == 1.0
    index.add(first)
    near = index.link("a1", "\n\n".join(WIRE).replace("close communication", "close contact"))
    # one word in ~190 changes 5 of ~185 shingles: estimated Jaccard near 0.95, well above 0.8
    assert near.is_copy and near.copy_of == "a0" and near.story_id == "a0" and not near.exact
    assert 0.85 <= near.similarity < 1.0
    index.add(near)
    exact = index.link("a2", "\n\n".join(WIRE))
    assert exact.exact and exact.copy_of == "a0" and exact.similarity == 1.0
    other = index.link("b0", "\n\n".join(OTHER))
    assert not other.is_copy and other.story_id == "b0"


def test_half_a_story_is_not_a_copy() -> None:
    """An article sharing two of five paragraphs (Jaccard about 0.4) is its own story."""
    index = StoryIndex()
    index.add(index.link("a0", "\n\n".join(WIRE)))
    assert not index.link("a1", "\n\n".join(WIRE[:2] + OTHER)).is_copy


@pytest.mark.slow
def test_ten_sites_one_story_events_counted_once(tmp_path: Path) -> None:
    records = [{"id": f"site{i}", "url": f"https://site{i}.example/wang-lavrov", "text": variant(i)}
               for i in range(10)]
    settings = Settings(model="auto")
    with Store(tmp_path / "one.duckdb") as alone:
        ingest(alone, [str(write_jsonl(tmp_path / "one.jsonl", records[:1]))], settings)
        dyads_alone = alone.top_dyads(20)
        mentions_alone = alone.counts()["event_mentions"]
    assert mentions_alone >= 2, "the story reports a meeting and pledges between China and Russia"
    assert any(d["source"] == "CHN" and d["target"] == "RUS" for d in dyads_alone)

    db = tmp_path / "ten.duckdb"
    with Store(db) as store:
        # two runs: the second rebuilds the index from the signatures the first stored
        r1 = ingest(store, [str(write_jsonl(tmp_path / "a.jsonl", records[:4]))], settings)
    with Store(db) as store:
        r2 = ingest(store, [str(write_jsonl(tmp_path / "b.jsonl", records[4:]))], settings)
        assert (r1.stored, r1.copies, r2.stored, r2.copies) == (4, 3, 6, 6)
        stories = store.stories()
        assert len(stories) == 1
        story = stories[0]
        assert story["story_id"] == "site0" and story["n_copies"] == 10
        assert sorted(c["url"] for c in story["copies"]) == sorted(r["url"] for r in records)
        assert store.counts()["articles"] == 10
        assert store.counts()["event_mentions"] == mentions_alone
        assert store.top_dyads(20) == dyads_alone
        assert store.story_of("site3")["copy_of"] in {f"site{i}" for i in range(3)}


@pytest.mark.slow
def test_two_stories_stay_two_and_exact_copies_store_text_once(tmp_path: Path) -> None:
    wire, other = "\n\n".join(WIRE), "\n\n".join(OTHER)
    records = [{"id": "w1", "url": "https://a.example/1", "text": wire},
               {"id": "k1", "url": "https://b.example/1", "text": other},
               {"id": "w2", "url": "https://c.example/1", "text": wire}]
    (tmp_path / "same1.txt").write_text(other, encoding="utf-8")
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        ingest(store, [str(write_jsonl(tmp_path / "r.jsonl", records))], Settings())
        ingest(store, [str(tmp_path / "same1.txt"), str(tmp_path / "same1.txt")], Settings())
        n_kenya = store.con.execute("SELECT count(*) FROM event_mentions WHERE article_id = 'k1'").fetchone()
        by_story = {s["story_id"]: s["n_copies"] for s in store.stories()}
        # the .txt file has the Kenya text under a content-hash id: an exact copy of k1; read twice,
        # stored once (same id)
        assert by_story == {"w1": 2, "k1": 2}
        assert store.counts()["articles"] == 4
        texts = store.con.execute("SELECT count(*) FROM articles WHERE text IS NOT NULL").fetchone()
        assert texts == (2,)
        assert store.article("w2").text == wire  # the copy reads its story's text
        n_events = store.con.execute("SELECT count(DISTINCT article_id) FROM event_mentions").fetchone()
        assert n_events is not None and n_events[0] <= 2 and n_kenya is not None
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM event_mentions WHERE article_id IN ('w2')").fetchone() == (0,)


def test_stories_command_lists_copies_without_nlp(tmp_path: Path) -> None:
    """Articles stored by hand (no NLP) with their links; the CLI lists the story of three copies."""
    import subprocess
    import sys

    from thucydides.model import Article

    db = tmp_path / "s.duckdb"
    texts = {"a": "\n\n".join(WIRE), "b": "\n\n".join(WIRE).replace("close communication", "close contact"),
             "c": "\n\n".join(WIRE), "k": "\n\n".join(OTHER)}
    with Store(db) as store:
        index = store.story_index()
        for aid, text in texts.items():
            link = index.link(aid, text)
            assert store.add_article(Article(id=aid, url=f"https://{aid}.example/", title=aid.upper(), text=text),
                                     story=link)
            index.add(link)
        assert not store.add_article(Article(id="a", text=texts["a"]), story=index.link("a", texts["a"]))
    out = subprocess.run([sys.executable, "-m", "thucydides", "stories", "--db", str(db), "--format", "jsonl"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 1 and rows[0]["story_id"] == "a" and rows[0]["n_copies"] == 3 and rows[0]["title"] == "A"
    copies = {c["article_id"]: c for c in rows[0]["copies"]}
    assert set(copies) == {"a", "b", "c"} and copies["c"]["exact"] and not copies["b"]["exact"]
    assert copies["c"]["url"] == "https://c.example/" and 0.85 < copies["b"]["similarity"] < 1.0
