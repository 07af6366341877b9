"""Write the report: ``DIR/index.html`` with inline SVG charts, ``DIR/assets/`` with the style sheet and data.

The page loads nothing from the network: charts are SVG drawn in Python, the style sheet is a
file beside it, and links to source articles are plain anchors a reader may follow or not.
"""

from __future__ import annotations

import dataclasses
import json
from html import escape
from importlib import resources
from pathlib import Path

from .. import __version__
from ..errors import StorageError
from .charts import (
    CONFLICT,
    COOP,
    INK,
    LONE,
    bloc_colour,
    colour_scale_stops,
    dyad_panel,
    empty_chart,
    legend,
    map_chart,
    network_chart,
    polarity_chart,
)
from .data import ReportData


def _t(s: object) -> str:
    return escape("" if s is None else str(s), quote=True)


def _card(label: str, value: object) -> str:
    return f'<div class="card"><div class="value">{_t(value)}</div><div class="label">{_t(label)}</div></div>'


def _summary(data: ReportData) -> str:
    c = data.counts
    span = f"{c.get('first_date') or '?'} – {c.get('last_date') or '?'}" if c.get("first_date") else "no dated events"
    cards = [_card("articles", c.get("articles", 0)), _card("event mentions", c.get("event_mentions", 0)),
             _card("events between two actors", c.get("dyadic_events", 0)), _card("actors", c.get("actors_coded", 0)),
             _card("failed documents", c.get("failures", 0))]
    return f'<div class="cards">{"".join(cards)}</div><p class="span">Events dated {_t(span)}.</p>'


def _dyads_section(data: ReportData) -> str:
    unit = "week (Monday shown)" if data.granularity == "week" else "month"
    head = ('<h2 id="dyads">Dyad timelines</h2><p class="lede">The most reported pairs of actors, both directions '
            f'together, per {unit}: cooperative events (PLOVER quad classes 1–2) above the axis, conflictual '
            '(3–4) below, and the mean Goldstein value (−10 hostile … +10 friendly) as a line.</p>')
    keys = legend([("bar", COOP, "cooperative events"), ("bar", CONFLICT, "conflictual events"),
                   ("line", INK, "mean Goldstein (right axis)")])
    if not data.dyad_timelines:
        return head + empty_chart("dyad", "No dated events between two coded actors yet.")
    panels = "".join(f'<div class="panel">{dyad_panel(k, v, data.granularity)}</div>'
                     for k, v in data.dyad_timelines.items())
    return head + keys + f'<div class="panels">{panels}</div>'


def _network_section(data: ReportData) -> str:
    head = ('<h2 id="network">Blocs</h2><p class="lede">Actors linked by the events between them: a green tie '
            'has more cooperative than conflictual events, a red dashed one more conflictual, a grey one as '
            'many of each; thicker means a larger difference. Circle size is how often the actor appears; '
            'colour is its bloc.</p>')
    keys = legend([("line", COOP, "friendly tie"), ("line dashed", CONFLICT, "hostile tie"),
                   ("line", LONE, "balanced tie")])
    blocs = []
    for i, bloc in enumerate(data.blocs):
        if len(bloc) > 1:
            blocs.append(f'<li><i class="dot" style="background:{bloc_colour(i, bloc)}"></i>'
                         f'<b>Bloc {i + 1}</b>: {_t(", ".join(bloc))}</li>')
    lone = [b[0] for b in data.blocs if len(b) == 1]
    if lone:
        blocs.append(f'<li><i class="dot" style="background:{LONE}"></i><b>No friendly tie</b>: '
                     f'{_t(", ".join(lone))}</li>')
    listing = f'<ul class="blocs">{"".join(blocs)}</ul>' if blocs else ""
    return head + keys + network_chart(data.nodes, data.edges, data.blocs) + listing


def _polarity_section(data: ReportData) -> str:
    head = ('<h2 id="polarity">Polarity over time</h2><p class="lede">How concentrated activity is in each '
            'period. The effective number of poles is 1 / HHI, the Herfindahl index of the shares of activity '
            '(of the blocs above, or of single actors where the footer says so): one dominant pole gives 1, '
            'two equal ones 2. Periods with few events swing widely.</p>')
    keys = legend([("line", "#3d5a80", "effective number of poles (left axis)"),
                   ("line dashed", "#ee964b", "HHI (right axis)")])
    return head + keys + polarity_chart(data.polarity, data.periods, data.granularity)


def _map_section(data: ReportData) -> str:
    n = sum(loc.n for loc in data.locations)
    head = ('<h2 id="map">Where events happened</h2><p class="lede">'
            f'{n} event mentions at {len(data.locations)} places. Circle area is the number of events; colour '
            'runs from cooperative to conflictual. Hover a circle for the mix of event types.</p>')
    return head + legend(colour_scale_stops()) + f'<div class="map">{map_chart(data.locations)}</div>'


def _table(headers: list[str], rows: list[list[str]], cls: str) -> str:
    th = "".join(f"<th>{_t(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def _top_dyads_section(data: ReportData) -> str:
    rows = [[_t(r.source), _t(r.target), str(r.events), str(r.cooperative), str(r.conflictual),
             f'<span class="{"pos" if r.goldstein_sum >= 0 else "neg"}">{r.goldstein_sum:+.1f}</span>']
            for r in data.top_dyads]
    return ('<h2 id="top">Top dyads</h2><p class="lede">Directed: the source acts on the target.</p>'
            + _table(["source", "target", "events", "cooperative", "conflictual", "Goldstein sum"], rows, "num"))


def _recent_section(data: ReportData) -> str:
    rows = []
    for e in data.recent:
        link = (f'<a href="{_t(e.url)}" rel="noreferrer">{_t(e.title)}</a>' if e.url and e.url.startswith("http")
                else _t(e.title))
        rows.append([_t(e.date), f'<span class="type">{_t(e.type)}</span> {_t(e.cameo)}', f"{e.goldstein:+.1f}",
                     _t(e.source), _t(e.target), _t(e.place), f'<q>{_t(e.sentence)}</q><div class="from">{link}</div>'])
    return ('<h2 id="events">Latest events, with evidence</h2><p class="lede">Each event with the sentence it was '
            'coded from and the article it came from.</p>'
            + _table(["date", "type", "Goldstein", "source", "target", "place", "evidence"], rows, "events"))


def page(data: ReportData) -> str:
    """The report as one HTML document (it links ``assets/report.css``)."""
    notes = "".join(f"<li>{_t(k)}: {_t(v)}</li>" for k, v in sorted(data.notes.items()))
    nav = "".join(f'<a href="#{a}">{t}</a>' for a, t in (("dyads", "Dyads"), ("network", "Blocs"),
                                                        ("polarity", "Polarity"), ("map", "Map"),
                                                        ("top", "Top dyads"), ("events", "Evidence")))
    sections = [_dyads_section(data), _network_section(data), _polarity_section(data), _map_section(data),
                _top_dyads_section(data), _recent_section(data)]
    body = "".join(f"<section>{s}</section>" for s in sections)
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>{_t(data.title)}</title><link rel=\"stylesheet\" href=\"assets/report.css\"></head><body>"
            f"<header><div class=\"inner\"><h1>{_t(data.title)}</h1><p class=\"meta\">Generated {_t(data.generated_at)} by "
            f"thucydides {_t(__version__)}</p><nav>{nav}</nav>{_summary(data)}</div></header><main>{body}</main>"
            f"<footer><p>How each section was computed:</p><ul>{notes}</ul>"
            "<p>Map: Natural Earth 110m country outlines via world-atlas (public domain / ISC).</p></footer>"
            "</body></html>\n")


def write_html(data: ReportData, out_dir: str | Path) -> Path:
    """Write ``index.html``, ``assets/report.css`` and ``assets/report-data.json``; return the index path."""
    out = Path(out_dir)
    try:
        (out / "assets").mkdir(parents=True, exist_ok=True)
        css = resources.files("thucydides.report").joinpath("assets/report.css").read_text(encoding="utf-8")
        (out / "assets" / "report.css").write_text(css, encoding="utf-8")
        (out / "assets" / "report-data.json").write_text(
            json.dumps(dataclasses.asdict(data), ensure_ascii=False, indent=1, default=str), encoding="utf-8")
        index = out / "index.html"
        index.write_text(page(data), encoding="utf-8")
    except OSError as exc:
        raise StorageError(f"cannot write the report to {out}: {exc}") from None
    return index
