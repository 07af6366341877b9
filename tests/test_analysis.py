"""Analysis on a small hand-built store; every expected number is worked out in the comments.

The events (table ``events``, one row each; quad 1-2 cooperation, 3-4 conflict):

    e1 2023-07-03 CONSULT  q1  +1.0  CHN -> RUS
    e2 2023-07-04 AGREE    q1  +4.0  CHN, RUS -> IRN      (compound source: two dyads)
    e3 2023-07-05 ASSAULT  q4 -10.0  USA -> IRN
    e4 2023-07-12 ACCUSE   q3  -2.0  USA -> CHN
    e5 2023-08-01 AID      q2  +7.0  USA -> UKR
    e6 2023-08-02 SANCTION q4  -8.0  USA -> RUS
    e7 2023-08    CONSULT  q1  +1.0  RUS -> CHN           (month precision only)

Articles published: 2023-07-01, 2023-07-20, 2023-07-21 (July: 3) and 2023-08-05 (August: 1).
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from thucydides.analysis import open_parquet
from thucydides.analysis.alignment import alignment, alignment_detail
from thucydides.analysis.changes import changes
from thucydides.analysis.dyads import actor_profile, actors, dyad_series
from thucydides.analysis.network import find_blocs, signed_modularity, signed_network
from thucydides.analysis.polarity import polarity
from thucydides.store.duck import Store
from thucydides.store.exports import export

EVENTS = [
    ("e1", "2023-07-03", "CONSULT", 1, 1.0, ["CHN"], ["RUS"]),
    ("e2", "2023-07-04", "AGREE", 1, 4.0, ["CHN", "RUS"], ["IRN"]),
    ("e3", "2023-07-05", "ASSAULT", 4, -10.0, ["USA"], ["IRN"]),
    ("e4", "2023-07-12", "ACCUSE", 3, -2.0, ["USA"], ["CHN"]),
    ("e5", "2023-08-01", "AID", 2, 7.0, ["USA"], ["UKR"]),
    ("e6", "2023-08-02", "SANCTION", 4, -8.0, ["USA"], ["RUS"]),
    ("e7", "2023-08", "CONSULT", 1, 1.0, ["RUS"], ["CHN"]),
]


def add_events(store: Store, events: list[tuple]) -> None:
    for eid, date, typ, quad, gold, src, tgt in events:
        store.con.execute(
            "INSERT INTO events (id, type, family, cameo, goldstein, quad_class, date, source_codes, target_codes, "
            "num_mentions, num_sources, num_articles) VALUES (?, ?, ?, '000', ?, ?, ?, ?, ?, 1, 1, 1)",
            [eid, typ, typ, gold, quad, date, src, tgt])


@pytest.fixture()
def store() -> Store:
    s = Store(":memory:")
    add_events(s, EVENTS)
    for i, day in enumerate(["2023-07-01", "2023-07-20", "2023-07-21", "2023-08-05"]):
        s.con.execute("INSERT INTO articles (id, published) VALUES (?, ?)", [f"a{i}", day])
    return s


def _by_dyad(rows: list[dict]) -> dict[tuple[str, str, str], dict]:
    return {(r["period"], r["source"], r["target"]): r for r in rows}


def test_monthly_directed_dyads_expand_compound_actors(store: Store) -> None:
    rows = _by_dyad(dyad_series(store, "month"))
    # July: CHN->RUS (e1), CHN->IRN and RUS->IRN (e2), USA->IRN (e3), USA->CHN (e4) = 5 dyads;
    # August: USA->UKR (e5), USA->RUS (e6), RUS->CHN (e7) = 3 dyads.
    assert len(rows) == 8
    assert rows[("2023-07", "USA", "IRN")] == {
        "period": "2023-07", "source": "USA", "target": "IRN", "events": 1, "verbal_coop": 0, "material_coop": 0,
        "verbal_conflict": 0, "material_conflict": 1, "net_cooperation": -1, "goldstein_sum": -10.0,
        "goldstein_mean": -10.0, "types": "ASSAULT:1"}
    assert rows[("2023-07", "RUS", "IRN")]["goldstein_sum"] == 4.0  # e2 counts for each source
    assert rows[("2023-08", "RUS", "CHN")]["net_cooperation"] == 1


def test_undirected_dyads_merge_both_ways(store: Store) -> None:
    rows = _by_dyad(dyad_series(store, "all", directed=False))
    chn_rus = rows[("all", "CHN", "RUS")]
    # e1 (CHN->RUS, +1.0) and e7 (RUS->CHN, +1.0): 2 events, sum 2.0, mean 2.0 / 2 = 1.0, both quad 1
    assert (chn_rus["events"], chn_rus["goldstein_sum"], chn_rus["goldstein_mean"]) == (2, 2.0, 1.0)
    assert (chn_rus["verbal_coop"], chn_rus["net_cooperation"], chn_rus["types"]) == (2, 2, "CONSULT:2")


def test_weekly_dyads_leave_out_month_dated_events(store: Store) -> None:
    rows = _by_dyad(dyad_series(store, "week", actor="CHN"))
    # ISO weeks start on Monday: e1, e2 fall in the week of 2023-07-03, e4 in that of 2023-07-10;
    # e7 (2023-08, no day) cannot be placed in a week.
    assert set(rows) == {("2023-07-03", "CHN", "RUS"), ("2023-07-03", "CHN", "IRN"), ("2023-07-10", "USA", "CHN")}


def test_normalised_by_article_volume(store: Store) -> None:
    rows = _by_dyad(dyad_series(store, "month", normalise=True, dyad=("CHN", "RUS")))
    row = rows[("2023-07", "CHN", "RUS")]
    # July has 3 articles: 1 event / 3 = 0.3333 per article; Goldstein 1.0 / 3 = 0.3333
    assert (row["articles"], row["events_per_article"], row["goldstein_per_article"]) == (3, 0.3333, 0.3333)
    assert len(rows) == 1  # the directed CHN->RUS dyad only (e7 runs RUS->CHN)


def test_mentions_unit_counts_reports(store: Store) -> None:
    # the event_mentions table is empty in this store: counting reports gives nothing
    assert dyad_series(store, "all", unit="mentions") == []


def test_actor_profile_totals_and_partners(store: Store) -> None:
    rows = actor_profile(store, "rus")
    total, partners = rows[0], {r["partner"]: r for r in rows[1:]}
    # RUS is in e1 (target), e2 (source), e6 (target), e7 (source): 4 events, 2 as source, 2 as
    # target; cooperative e1 e2 e7 = 3, conflictual e6 = 1, net 2; Goldstein 1 + 4 - 8 + 1 = -2.0
    assert (total["partner"], total["events"], total["as_source"], total["as_target"]) == ("*", 4, 2, 2)
    assert (total["cooperative"], total["conflictual"], total["net_cooperation"], total["goldstein_sum"]) == \
        (3, 1, 2, -2.0)
    # partners by events: CHN (e1, e7) first, then IRN and USA (one each, by code)
    assert [r["partner"] for r in rows[1:]] == ["CHN", "IRN", "USA"]
    assert partners["CHN"]["events"] == 2 and partners["USA"]["net_cooperation"] == -1
    everyone = {r["actor"]: r["events"] for r in actors(store)}
    # USA: e3 e4 e5 e6 = 4; CHN: e1 e2 e4 e7 = 4; RUS 4; IRN: e2 e3 = 2; UKR: e5 = 1
    assert everyone == {"USA": 4, "CHN": 4, "RUS": 4, "IRN": 2, "UKR": 1}


def test_signed_network_and_blocs(store: Store) -> None:
    net = signed_network(store)
    # weight = cooperative - conflictual events between the two states, both directions:
    # CHN-RUS +2 (e1, e7), CHN-IRN +1 and IRN-RUS +1 (e2), UKR-USA +1 (e5),
    # IRN-USA -1 (e3), CHN-USA -1 (e4), RUS-USA -1 (e6)
    assert {k: e["weight"] for k, e in net.edges.items()} == {
        ("CHN", "RUS"): 2, ("CHN", "IRN"): 1, ("IRN", "RUS"): 1, ("UKR", "USA"): 1,
        ("IRN", "USA"): -1, ("CHN", "USA"): -1, ("RUS", "USA"): -1}
    blocs, quality = find_blocs(net)
    # activity (event-pairs per state): CHN 4, RUS 4, IRN 3 (e2 twice, e3), USA 4, UKR 1;
    # bloc {CHN, IRN, RUS} = 11 comes first, {UKR, USA} = 5 second
    assert [(b.members, b.activity) for b in blocs] == [(["CHN", "IRN", "RUS"], 11), (["UKR", "USA"], 5)]
    # signed modularity: positive strengths CHN 3, RUS 3, IRN 2, USA 1, UKR 1 (2w+ = 10);
    # negative strengths CHN 1, RUS 1, IRN 1, USA 3, UKR 0 (2w- = 6).
    # bloc A: sum of w_ij over ordered pairs 2 * (2 + 1 + 1) = 8, minus (8^2 / 10 - 3^2 / 6) = 6.4 - 1.5
    #         -> 8 - 4.9 = 3.1
    # bloc B: 2 * 1 = 2, minus (2^2 / 10 - 3^2 / 6) = 0.4 - 1.5 -> 2 + 1.1 = 3.1
    # Q = (3.1 + 3.1) / (10 + 6) = 0.3875; no negative tie inside a bloc, no positive across: frustration 0
    assert quality["signed_modularity"] == pytest.approx(0.3875)
    assert quality["frustration"] == 0.0
    # putting everyone in one bloc is worse: all w_ij: 2 * (2+1+1+1-1-1-1) = 4, minus (100/10 - 36/6) = 4 -> 0
    assert signed_modularity(net, {n: 0 for n in net.nodes}) == pytest.approx(0.0)


def test_polarity_effective_poles(store: Store) -> None:
    (row,) = polarity(store, "all")
    # blocs A {CHN, IRN, RUS} activity 11, B {UKR, USA} 5, total 16:
    # N = 1 / ((11/16)^2 + (5/16)^2) = 256 / 146 = 1.753; HHI = 146 / 256 = 0.5703
    # states: (4^2 + 4^2 + 3^2 + 4^2 + 1^2) / 16^2 = 58 / 256 = 0.2266
    assert row["n_poles"] == round(256 / 146, 3) == 1.753
    assert row["hhi_blocs"] == 0.5703 and row["hhi_states"] == 0.2266
    assert row["top_bloc_share"] == 0.6875 and row["top_bloc"] == "CHN,IRN,RUS"
    by_month = {r["period"]: r for r in polarity(store, "month")}
    # July: CHN 3 (e1, e2, e4), RUS 2, IRN 3, USA 2 -> A 8, B 2 of 10: N = 1 / (0.64 + 0.04) = 1.471
    # August: USA 2 (e5, e6), UKR 1, RUS 2 (e6, e7), CHN 1 -> A 3, B 3 of 6: N = 1 / (0.25 + 0.25) = 2.0
    assert by_month["2023-07"]["n_poles"] == 1.471 and by_month["2023-08"]["n_poles"] == 2.0


def test_alignment_is_the_cosine_of_behaviour_towards_third_parties(store: Store) -> None:
    (row,) = alignment(store, "CHN", "RUS")
    # CHN -> IRN +1 (e2), RUS -> IRN +1 (e2); their acts towards each other do not count: cos = 1
    assert (row["cosine"], row["third_parties"], row["common"]) == (1.0, 1, 1)
    (row,) = alignment(store, "USA", "CHN", measure="goldstein", received=True)
    # USA: IRN -10 (e3), UKR +7 (e5), RUS -8 (e6);
    # CHN: IRN +4 (e2), RUS +1 (e1, done) + 1 (e7, received) = +2; USA -> CHN (e4) is between A and B
    # dot = -10 * 4 + -8 * 2 = -56; |USA| = sqrt(100 + 49 + 64) = sqrt(213); |CHN| = sqrt(16 + 4) = sqrt(20)
    assert row["cosine"] == round(-56 / math.sqrt(213 * 20), 4) == -0.858
    assert (row["third_parties"], row["common"]) == (3, 2)
    detail = {r["third_party"]: (r["USA"], r["CHN"]) for r in
              alignment_detail(store, "USA", "CHN", "goldstein", received=True)}
    assert detail == {"IRN": (-10.0, 4.0), "RUS": (-8.0, 2.0), "UKR": (7.0, 0.0)}


def test_changes_against_a_four_week_baseline() -> None:
    with Store(":memory:") as s:
        # USA-IRN weekly Goldstein sums over six weeks: +2, +4, +2, +4, -7, +2 (Mondays 2 Jan .. 6 Feb)
        # CHN-RUS: one event of +1 in week 5 only
        add_events(s, [("w0", "2023-01-02", "AGREE", 1, 2.0, ["USA"], ["IRN"]),
                       ("w1", "2023-01-10", "AGREE", 1, 4.0, ["IRN"], ["USA"]),
                       ("w2", "2023-01-18", "AGREE", 1, 2.0, ["USA"], ["IRN"]),
                       ("w3", "2023-01-26", "AGREE", 1, 4.0, ["USA"], ["IRN"]),
                       ("w4", "2023-02-03", "ACCUSE", 3, -7.0, ["USA"], ["IRN"]),
                       ("w5", "2023-02-06", "AGREE", 1, 2.0, ["USA"], ["IRN"]),
                       ("c4", "2023-02-01", "CONSULT", 1, 1.0, ["CHN"], ["RUS"])])
        flagged = changes(s)
        scored = {(r["week"], r["source"], r["target"]): r for r in changes(s, everything=True)}
    # week 5 (2023-01-30), IRN-USA: baseline 2, 4, 2, 4 -> mean 3, population sd 1; z = (-7 - 3) / 1 = -10
    assert [(r["week"], r["source"], r["target"], r["z"], r["direction"]) for r in flagged] == \
        [("2023-01-30", "IRN", "USA", -10.0, "down")]
    # week 6, IRN-USA: baseline 4, 2, 4, -7 -> mean 3 / 4 = 0.75; deviations 3.25, 1.25, 3.25, -7.75;
    # variance (10.5625 + 1.5625 + 10.5625 + 60.0625) / 4 = 20.6875; z = (2 - 0.75) / sqrt(20.6875)
    assert scored[("2023-02-06", "IRN", "USA")]["z"] == round(1.25 / math.sqrt(20.6875), 3) == 0.275
    # CHN-RUS in week 5: baseline all 0, sd 0 -> floor 1.0: z = (1 - 0) / 1 = 1.0, below the threshold 2
    assert scored[("2023-01-30", "CHN", "RUS")]["z"] == 1.0
    # week 6: x = 0, baseline 0, 0, 0, 1 -> mean 0.25, sd sqrt(0.1875) = 0.433 < floor: z = -0.25
    assert scored[("2023-02-06", "CHN", "RUS")]["z"] == -0.25
    # the first four weeks have no full baseline: never scored
    assert min(week for week, _, _ in scored) == "2023-01-30"


def test_analysis_runs_the_same_over_exported_parquet(store: Store, tmp_path: Path) -> None:
    export(store, "parquet", tmp_path / "events.parquet")
    con = open_parquet(tmp_path / "events.parquet")
    assert dyad_series(con, "month") == dyad_series(store, "month")
    assert polarity(con, "all") == polarity(store, "all")
