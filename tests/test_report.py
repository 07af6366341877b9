"""The static HTML report: what ``collect`` computes from a hand-made store, and that the page draws
its charts in a real headless Chromium with no network request.

The store below is small enough to work every expected figure out by hand (see the comments).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from thucydides.model import Actor, Article, EventMention, Evidence, Location
from thucydides.report import collect, write_report
from thucydides.report.data import period_range, polarity_series
from thucydides.store.duck import Store

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]

BEIJING = Location(name="Beijing", country="CHN", lat=39.9, lon=116.4)
MOSCOW = Location(name="Moscow", country="RUS", lat=55.75, lon=37.62)
WASHINGTON = Location(name="Washington", country="USA", lat=38.9, lon=-77.04)
KYIV = Location(name="Kyiv", country="UKR", lat=50.45, lon=30.52)
POLAND = Location(name="Poland", country="POL")  # no coordinates: the report takes the country's centre


def _ev(eid: str, typ: str, cameo: str, quad: int, gold: float, src: list[str], tgt: list[str], date: str,
        loc: Location | None, sentence: str) -> EventMention:
    ev = Evidence(sentence=sentence, start=0, end=len(sentence), trigger="t")
    return EventMention(id=eid, type=typ, cameo=cameo, goldstein=gold, quad_class=quad, date=date,
                        source=[Actor(text=c, code=c) for c in src], target=[Actor(text=c, code=c) for c in tgt],
                        location=loc, evidence=ev, mentions=[ev], confidence=0.9, coder="hand")


# Four weeks (Mondays 1, 8, 15 and 22 January 2024), one article each.
ARTICLES = [
    ("w1", "2024-01-03", [
        _ev("e1", "CONSULT", "040", 1, 1.0, ["CHN"], ["RUS"], "2024-01-02", BEIJING, "China met Russia in Beijing."),
        _ev("e2", "AGREE", "031", 1, 4.0, ["RUS"], ["CHN"], "2024-01-03", MOSCOW, "Russia agreed with China.")]),
    ("w2", "2024-01-10", [
        _ev("e3", "ACCUSE", "112", 3, -2.0, ["USA"], ["RUS"], "2024-01-09", WASHINGTON, "The US accused Russia."),
        _ev("e4", "ASSAULT", "190", 4, -10.0, ["RUS"], ["UKR"], "2024-01-10", KYIV, "Russia shelled Kyiv.")]),
    ("w3", "2024-01-17", [
        _ev("e5", "AID", "070", 2, 7.0, ["USA"], ["UKR"], "2024-01-16", KYIV, "The US sent aid to Ukraine."),
        _ev("e6", "REJECT", "120", 3, -4.0, ["CHN", "RUS"], ["USA"], "2024-01-17", BEIJING,
            "China and Russia rejected the US plan.")]),
    ("w4", "2024-01-25", [
        _ev("e7", "ASSAULT", "190", 4, -10.0, ["UKR"], ["RUS"], "2024-01-23", KYIV, "Ukraine struck Russian forces."),
        _ev("e8", "COOPERATE", "050", 1, 3.5, ["USA"], ["UKR"], "2024-01-24", POLAND, "The US and Ukraine met in Poland."),
        # No target: an event mention, but not between two actors.
        _ev("e9", "MOBILIZE", "150", 4, -7.2, ["CHN"], [], "2024-01-25", None, "China <b>mobilised</b> troops.")]),
]


@pytest.fixture()
def store(tmp_path: Path) -> Store:
    s = Store(tmp_path / "report.duckdb")
    for aid, published, events in ARTICLES:
        s.add_article(Article(id=aid, title=f"Week {aid[1]} <news>", published=published, url=f"https://example.org/{aid}",
                              text=" ".join(e.evidence.sentence for e in events), events=events))
    return s


def test_collect_computes_the_figures_worked_out_by_hand(store: Store) -> None:
    data = collect(store, title="Hand-made")
    assert data.granularity == "week"  # 22 days of events
    assert data.periods == ["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"]
    assert data.counts["articles"] == 4 and data.counts["event_mentions"] == 9
    assert data.counts["dyadic_events"] == 8 and data.counts["actors_coded"] == 4
    # Undirected pairs; e6 (CHN+RUS -> USA) counts for CHN-USA and RUS-USA.
    assert {k: sum(p.coop + p.conflict for p in v) for k, v in data.dyad_timelines.items()} == {
        "CHN–RUS": 2, "RUS–USA": 2, "RUS–UKR": 2, "UKR–USA": 2, "CHN–USA": 1}
    chn_rus = data.dyad_timelines["CHN–RUS"]
    assert (chn_rus[0].coop, chn_rus[0].conflict, chn_rus[0].goldstein) == (2, 0, 2.5)  # (1 + 4) / 2
    assert [p.goldstein for p in chn_rus[1:]] == [None, None, None]
    # The network and polarity come from thucydides.analysis (the events table is empty: mentions).
    assert data.notes["network"].startswith("thucydides.analysis.network") and "mentions" in data.notes["network"]
    assert data.notes["polarity"].startswith("thucydides.analysis.polarity")
    # Ties: cooperative minus conflictual events. CHN-RUS (e1, e2) and UKR-USA (e5, e8) are friendly.
    assert sorted(map(sorted, data.blocs)) == [["CHN", "RUS"], ["UKR", "USA"]]
    weights = {(e.a, e.b): e.weight for e in data.edges}
    assert weights == {("CHN", "RUS"): 2, ("CHN", "USA"): -1, ("RUS", "UKR"): -2, ("RUS", "USA"): -2,
                       ("UKR", "USA"): 2}
    # The analysis counts activity per (event, pair): e6 gives USA one for CHN-USA and one for RUS-USA.
    assert {n.code: n.events for n in data.nodes} == {"RUS": 6, "USA": 5, "UKR": 4, "CHN": 3}
    # Bloc polarity, blocs A = {CHN, RUS}, B = {UKR, USA}, activity per (event, pair) and state:
    # week 1 all A -> 1 pole; week 2 A 2, B 2 -> 2; week 3 A 2 (e6), B 4 (e5 2, e6 2) -> 1 / (1/9 + 4/9)
    # = 1.8; week 4 A 1, B 3 -> 1 / (1/16 + 9/16) = 1.6.
    assert [(p.period, p.effective_poles, p.hhi) for p in data.polarity] == [
        ("2024-01-01", 1.0, 1.0), ("2024-01-08", 2.0, 0.5), ("2024-01-15", 1.8, 0.5556), ("2024-01-22", 1.6, 0.625)]
    kyiv = next(loc for loc in data.locations if loc.name == "Kyiv")
    assert (kyiv.n, kyiv.conflict_share, kyiv.types) == (3, round(2 / 3, 3), {"AID": 1, "ASSAULT": 2})
    poland = next(loc for loc in data.locations if loc.name == "Poland")
    assert (poland.lat, poland.lon) == (52.0, 20.0)  # the centre of Poland in the shipped country list
    assert len(data.locations) == 5
    assert [e.date for e in data.recent][:2] == ["2024-01-25", "2024-01-24"]


def test_network_fallback_finds_the_blocs_by_hand(store: Store) -> None:
    from thucydides.report.data import dyad_rows, signed_network

    nodes, edges, blocs = signed_network(dyad_rows(store))
    assert blocs == [["RUS", "CHN"], ["UKR", "USA"]]  # activity 6 + 3 before 4 + 4
    assert {(e.a, e.b): (e.weight, e.events, e.goldstein_sum) for e in edges} == {
        ("CHN", "RUS"): (2, 2, 5.0), ("CHN", "USA"): (-1, 1, -4.0), ("RUS", "UKR"): (-2, 2, -20.0),
        ("RUS", "USA"): (-2, 2, -6.0), ("UKR", "USA"): (2, 2, 10.5)}
    # Here activity counts each event once per actor: USA takes part in e3, e5, e6, e8.
    assert {n.code: (n.events, n.bloc) for n in nodes} == {"RUS": (6, 0), "CHN": (3, 0), "UKR": (4, 1),
                                                          "USA": (4, 1)}


def test_polarity_fallback_is_one_over_the_herfindahl_index(store: Store) -> None:
    from thucydides.report.data import dyad_rows

    periods = period_range(date(2024, 1, 2), date(2024, 1, 24), "week")
    pts = {p.period: (p.effective_poles, p.hhi) for p in polarity_series(dyad_rows(store), "week", periods)}
    # week 1: CHN 2, RUS 2 -> HHI 0.5; week 2: RUS 2, USA 1, UKR 1 -> 0.375;
    # week 3: USA 2 (e5, e6 once), UKR, CHN, RUS 1 each -> 0.16 + 3 * 0.04 = 0.28; week 4 like week 2.
    assert pts == {"2024-01-01": (2.0, 0.5), "2024-01-08": (2.667, 0.375), "2024-01-15": (3.571, 0.28),
                   "2024-01-22": (2.667, 0.375)}


def test_the_page_escapes_text_and_loads_nothing_remote(store: Store, tmp_path: Path) -> None:
    index = write_report(store, tmp_path / "out", title="A <b>bold</b> title")
    html = index.read_text(encoding="utf-8")
    assert "<title>A &lt;b&gt;bold&lt;/b&gt; title</title>" in html
    assert "China &lt;b&gt;mobilised&lt;/b&gt; troops." in html and "<b>mobilised</b>" not in html
    # Nothing the browser would fetch points off the machine (anchors to source articles are links).
    assert not re.findall(r'(?:src|xlink:href)\s*=\s*"https?:', html)
    assert not re.findall(r'<link[^>]+href="https?:', html) and "url(http" not in html
    assert (tmp_path / "out" / "assets" / "report.css").is_file()
    dumped = json.loads((tmp_path / "out" / "assets" / "report-data.json").read_text(encoding="utf-8"))
    assert dumped["counts"]["event_mentions"] == 9


def test_an_empty_store_still_gives_a_page(tmp_path: Path) -> None:
    with Store(tmp_path / "empty.duckdb") as s:
        html = write_report(s, tmp_path / "out").read_text(encoding="utf-8")
    assert "No events between two coded actors yet." in html and "No event has a known place yet." in html


def test_cli_writes_the_report_and_refuses_a_missing_store(store: Store, tmp_path: Path) -> None:
    from thucydides.cli import app

    db = store.path
    store.close()
    out = tmp_path / "cli-out"
    res = CliRunner().invoke(app, ["report", "--db", db, "--output", str(out), "--title", "CLI run"])
    assert res.exit_code == 0, res.output
    assert "<h1>CLI run</h1>" in (out / "index.html").read_text(encoding="utf-8")
    res = CliRunner().invoke(app, ["report", "--db", str(tmp_path / "nope.duckdb"), "--output", str(out)])
    assert res.exit_code == 2


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install chromium; CI installs it)")
def test_report_renders_in_headless_chromium(store: Store, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    index = write_report(store, tmp_path / "out", title="Browser test")
    remote: list[str] = []
    errors: list[str] = []
    # launch() gives every browser a fresh temporary profile (user data dir) of its own.
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})

            def guard(route) -> None:  # noqa: ANN001 - a playwright Route
                if route.request.url.startswith(("http:", "https:")):
                    remote.append(route.request.url)
                    route.abort()
                else:
                    route.continue_()

            page.route("**/*", guard)
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(index.as_uri())
            page.wait_for_load_state("load")
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
            count = page.locator
            # The style sheet applied (a file next to the page, not the network).
            assert page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor") \
                == "rgb(29, 43, 58)"
            # Dyads: 5 pairs; bars per pair-week with events: 1 + 2 + 2 + 2 + 1 = 8 (3 cooperative, 5 conflictual).
            assert count('svg[data-chart="dyad"]').count() == 5
            assert count("rect.bar.coop").count() == 3 and count("rect.bar.conflict").count() == 5
            assert count("path.gs-line").count() == 5 and count("circle.gs-dot").count() == 8
            # Network: 4 actors, 5 ties of which 2 friendly; two blocs of two.
            assert count("circle.node").count() == 4
            assert count("line.edge.pos").count() == 2 and count("line.edge.neg").count() == 3
            blocs = {c.get_attribute("data-code"): c.get_attribute("data-bloc") for c in count("circle.node").all()}
            assert blocs["CHN"] == blocs["RUS"] != blocs["USA"] == blocs["UKR"]
            # Polarity: one point a week.
            assert count("circle.pol-point").count() == 4 and count("path.pol-line").count() == 2
            # Map: 5 places over the country outlines; Kyiv (3 of 3 max) is the largest circle at
            # x = (30.52 + 180) / 360 * 900 = 526.3, y = (84 - 50.45) / 142 * 356 = 84.1, r = 3 + 15.
            assert count("circle.loc").count() == 5 and count("path.country").count() > 150
            big = count("circle.loc").first
            assert (big.get_attribute("cx"), big.get_attribute("cy"), big.get_attribute("r")) == ("526.3", "84.1", "18")
            # Poland from the country centre (52 N, 20 E): x = 500, y = 80.2.
            assert page.locator('circle.loc:has(title:text-matches("^Poland"))').get_attribute("cx") == "500"
            # Tables: 8 directed dyads, 9 events with their evidence.
            assert count("table.num tbody tr").count() == 8 and count("table.events tbody tr").count() == 9
            # Every chart drew something visible with a real size.
            for svg in count("svg.chart").all():
                box = svg.bounding_box()
                assert box is not None and box["width"] > 300 and box["height"] > 100
            bar = count("rect.bar").first.bounding_box()
            assert bar is not None and bar["height"] > 5
            assert shot.stat().st_size > 50_000
        finally:
            browser.close()
    assert remote == [], f"the page tried to load {remote}"
    assert errors == []


def test_bundled_assets_match_their_manifest() -> None:
    import hashlib
    from importlib import resources

    root = resources.files("thucydides.report").joinpath("assets")
    lines = root.joinpath("MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    listed = {}
    for line in lines[1:]:
        name, source, licence, sha = line.split("\t")
        assert source and licence, name
        listed[name] = sha
    files = {p.name for p in root.iterdir() if p.name != "MANIFEST.tsv"}
    assert set(listed) == files
    for name, sha in listed.items():
        assert hashlib.sha256(root.joinpath(name).read_bytes()).hexdigest() == sha, f"{name}: update MANIFEST.tsv"
    size = sum(len(root.joinpath(n).read_bytes()) for n in files)
    assert size < 1_000_000
