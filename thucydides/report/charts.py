"""Server-side SVG charts: dyad timelines, the bloc network, polarity over time, the event map.

Charts are drawn in Python as inline SVG, so the report needs no JavaScript and no network: it
opens from a file, prints, and shows the same thing in every browser. Every mark carries a class
(``bar``, ``gs-line``, ``edge``, ``node``, ``pol-line``, ``pol-point``, ``loc``) so a test can
count what was drawn; hover text is SVG ``<title>``.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from html import escape
from importlib import resources

from .data import DyadPoint, EventLocation, NetworkEdge, NetworkNode, PolarityPoint

COOP = "#2a9d8f"
CONFLICT = "#d1495b"
INK = "#22313f"
MUTED = "#7b8794"
GRID = "#e4e7eb"
# No reds or greens: those mean hostile and friendly ties.
BLOC_COLOURS = ["#1f77b4", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#393b79",
                "#6b6ecf", "#c49c94"]
LONE = "#a0a7b0"  # actors with no friendly tie


def _f(x: float) -> str:
    """A coordinate with one decimal (keeps the page small)."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _t(s: object) -> str:
    return escape(str(s), quote=True)


def nice_max(v: float) -> float:
    """The smallest 1-2-5 step number at or above ``v`` (axis tops)."""
    if v <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 5, 10):
        if v <= m * exp:
            return float(m * exp)
    return float(10 * exp)


def _tick_indices(n: int, most: int) -> list[int]:
    if n <= most:
        return list(range(n))
    step = math.ceil(n / most)
    return list(range(0, n, step))


def period_label(p: str, granularity: str) -> str:
    """Short axis label: ``Jul 23`` for a month, ``10 Jul`` for a week starting that Monday."""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    try:
        if granularity == "month":
            return f"{months[int(p[5:7]) - 1]} {p[2:4]}"
        return f"{int(p[8:10])} {months[int(p[5:7]) - 1]}"
    except (ValueError, IndexError):
        return p


def _svg(width: int, height: int, body: list[str], chart: str, label: str) -> str:
    return (f'<svg class="chart" data-chart="{chart}" viewBox="0 0 {width} {height}" width="100%" '
            f'role="img" aria-label="{_t(label)}" preserveAspectRatio="xMidYMid meet">'
            + "".join(body) + "</svg>")


def empty_chart(chart: str, message: str, width: int = 900, height: int = 120) -> str:
    """A placeholder saying why there is nothing to draw."""
    return _svg(width, height, [f'<text x="{width / 2}" y="{height / 2}" class="empty" text-anchor="middle">'
                                f'{_t(message)}</text>'], chart, message)


# -- dyad timelines

def dyad_panel(dyad: str, points: list[DyadPoint], granularity: str, width: int = 440, height: int = 200) -> str:
    """One dyad: cooperative events as bars up, conflictual as bars down, mean Goldstein as a line."""
    ml, mr, mt, mb = 40, 40, 26, 30
    pw, ph = width - ml - mr, height - mt - mb
    mid = mt + ph / 2
    top = nice_max(max([max(p.coop, p.conflict) for p in points] + [2]))
    n = max(len(points), 1)
    step = pw / n
    bw = min(max(step * 0.7, 2.5), 26.0)
    body = [f'<text x="{ml}" y="16" class="panel-title">{_t(dyad)}</text>',
            f'<text x="{width - mr}" y="16" class="panel-sub" text-anchor="end">'
            f'{sum(p.coop + p.conflict for p in points)} events</text>']
    for frac in (-1, -0.5, 0.5, 1):  # grid and left axis (counts), right axis (Goldstein)
        y = mid - frac * ph / 2
        body.append(f'<line x1="{ml}" x2="{ml + pw}" y1="{_f(y)}" y2="{_f(y)}" class="grid"/>')
        if float(abs(frac) * top).is_integer():  # counts are whole: no "2.5 events" tick
            body.append(f'<text x="{ml - 5}" y="{_f(y + 3)}" class="tick" text-anchor="end">'
                        f'{_fmt_num(abs(frac) * top)}</text>')
        body.append(f'<text x="{ml + pw + 5}" y="{_f(y + 3)}" class="tick gs">{_fmt_num(frac * 10, True)}</text>')
    body.append(f'<line x1="{ml}" x2="{ml + pw}" y1="{_f(mid)}" y2="{_f(mid)}" class="axis"/>')
    body.append(f'<text x="{ml - 5}" y="{_f(mid + 3)}" class="tick" text-anchor="end">0</text>')
    for i, p in enumerate(points):
        x = ml + i * step + (step - bw) / 2
        if p.coop:
            h = p.coop / top * ph / 2
            body.append(f'<rect class="bar coop" x="{_f(x)}" y="{_f(mid - h)}" width="{_f(bw)}" height="{_f(h)}">'
                        f'<title>{_t(p.period)}: {p.coop} cooperative</title></rect>')
        if p.conflict:
            h = p.conflict / top * ph / 2
            body.append(f'<rect class="bar conflict" x="{_f(x)}" y="{_f(mid)}" width="{_f(bw)}" height="{_f(h)}">'
                        f'<title>{_t(p.period)}: {p.conflict} conflictual</title></rect>')
    line = [(i, ml + (i + 0.5) * step, mid - (p.goldstein / 10) * ph / 2)
            for i, p in enumerate(points) if p.goldstein is not None]
    if line:
        body.append(f'<path class="gs-line" d="{_polyline(line)}"><title>mean Goldstein value per period</title></path>')
        for (_i, x, y), p in zip(line, [p for p in points if p.goldstein is not None], strict=True):
            body.append(f'<circle class="gs-dot" cx="{_f(x)}" cy="{_f(y)}" r="2.2">'
                        f'<title>{_t(p.period)}: mean Goldstein {p.goldstein:+.1f}</title></circle>')
    for i in _tick_indices(len(points), 6):
        x = ml + (i + 0.5) * step
        body.append(f'<text x="{_f(x)}" y="{height - mb + 14}" class="tick" text-anchor="middle">'
                    f'{_t(period_label(points[i].period, granularity))}</text>')
    body.append(f'<text transform="translate(11,{_f(mid)}) rotate(-90)" class="axis-label" '
                f'text-anchor="middle">events</text>')
    body.append(f'<text transform="translate({width - 6},{_f(mid)}) rotate(90)" class="axis-label gs" '
                f'text-anchor="middle">Goldstein</text>')
    return _svg(width, height, body, "dyad", f"dyad timeline {dyad}")


def _fmt_num(v: float, signed: bool = False) -> str:
    s = f"{v:.0f}" if abs(v - round(v)) < 1e-9 else f"{v:.1f}"
    return ("+" + s) if signed and v > 0 else s


# -- the bloc network

def bloc_colour(i: int, bloc: list[str]) -> str:
    """The colour of bloc ``i`` (grey for a lone actor)."""
    return LONE if len(bloc) == 1 else BLOC_COLOURS[i % len(BLOC_COLOURS)]


def network_chart(nodes: list[NetworkNode], edges: list[NetworkEdge], blocs: list[list[str]],
                  width: int = 900, height: int = 520) -> str:
    """Actors as circles sized by activity and coloured by bloc; green ties friendly, red dashed hostile."""
    if not nodes:
        return empty_chart("network", "No events between two coded actors yet.")
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(sorted(n.code for n in nodes))
    for e in edges:
        # Friends pull hard, foes only loosely, so blocs sit together and rivals apart.
        g.add_edge(e.a, e.b, weight=2.0 if e.weight > 0 else 0.15)
    pos = nx.spring_layout(g, seed=7, weight="weight", k=1.6 / math.sqrt(max(len(nodes), 1)), iterations=200)
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    pad = 46
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    # Nearly one scale for both axes, capped so that a handful of actors is not flung to the
    # corners; a crowd may spread sideways (the page is wide); the drawing is centred.
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y, 112.0 * math.sqrt(len(nodes)))
    scale_x = min((width - 2 * pad) / span_x, 1.7 * scale)
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    height = min(height, int(span_y * scale + 2 * pad))  # no empty band under a small network

    def xy(code: str) -> tuple[float, float]:
        px, py = pos[code]
        return (width / 2 + (px - cx) * scale_x, height / 2 + (py - cy) * scale)

    top_w = max([abs(e.weight) for e in edges] + [1.0])
    top_n = max(n.events for n in nodes)
    body: list[str] = []
    for e in sorted(edges, key=lambda e: abs(e.weight)):
        (x1, y1), (x2, y2) = xy(e.a), xy(e.b)
        kind = "pos" if e.weight > 0 else "neg" if e.weight < 0 else "even"
        sw = 1 + 5 * abs(e.weight) / top_w
        body.append(f'<line class="edge {kind}" x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}" '
                    f'stroke-width="{_f(sw)}"><title>{_t(e.a)}–{_t(e.b)}: {e.events} events, cooperative minus '
                    f'conflictual {e.weight:+g}, Goldstein sum {e.goldstein_sum:+.1f}</title></line>')
    for n in sorted(nodes, key=lambda n: n.events):
        x, y = xy(n.code)
        r = 6 + 16 * math.sqrt(n.events / top_n)
        colour = bloc_colour(n.bloc, blocs[n.bloc]) if n.bloc < len(blocs) else LONE
        body.append(f'<g class="node-g"><circle class="node" data-code="{_t(n.code)}" data-bloc="{n.bloc}" '
                    f'cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="{colour}"><title>{_t(n.name)} ({_t(n.code)}): '
                    f'{n.events} events, bloc {n.bloc + 1}</title></circle>'
                    f'<text class="node-label" x="{_f(x)}" y="{_f(y - r - 4)}" text-anchor="middle">'
                    f'{_t(n.code)}</text></g>')
    return _svg(width, height, body, "network", "signed network of actors coloured by bloc")


# -- polarity

def polarity_chart(points: list[PolarityPoint], periods: list[str], granularity: str,
                   width: int = 900, height: int = 280) -> str:
    """Effective number of poles (left axis) and the Herfindahl index (right axis) per period."""
    if not points:
        return empty_chart("polarity", "No dated events between coded actors yet.")
    ml, mr, mt, mb = 52, 52, 16, 34
    pw, ph = width - ml - mr, height - mt - mb
    index = {p: i for i, p in enumerate(periods)}
    n = max(len(periods), 1)
    step = pw / n
    top = nice_max(max(p.effective_poles for p in points))

    def x_of(period: str) -> float:
        return ml + (index.get(period, 0) + 0.5) * step

    body: list[str] = []
    steps = 4 if f"{top:g}".startswith("2") else 5  # round ticks: 0-2-4-6-8-10, 0-5-10-15-20
    for k in range(steps + 1):
        y = mt + ph - k * ph / steps
        body.append(f'<line x1="{ml}" x2="{ml + pw}" y1="{_f(y)}" y2="{_f(y)}" class="grid"/>')
        body.append(f'<text x="{ml - 6}" y="{_f(y + 3)}" class="tick" text-anchor="end">'
                    f'{_fmt_num(top * k / steps)}</text>')
        body.append(f'<text x="{ml + pw + 6}" y="{_f(y + 3)}" class="tick hhi">{k / steps:.2f}</text>')
    pole_pts = [(index.get(p.period, 0), x_of(p.period), mt + ph - p.effective_poles / top * ph) for p in points]
    hhi_pts = [(index.get(p.period, 0), x_of(p.period), mt + ph - p.hhi * ph) for p in points]
    body.append(f'<path class="pol-line hhi" d="{_polyline(hhi_pts)}"/>')
    body.append(f'<path class="pol-line poles" d="{_polyline(pole_pts)}"/>')
    for p, (_i, x, y) in zip(points, pole_pts, strict=True):
        body.append(f'<circle class="pol-point" cx="{_f(x)}" cy="{_f(y)}" r="3.5"><title>{_t(p.period)}: '
                    f'{p.effective_poles:.2f} effective poles, HHI {p.hhi:.3f}</title></circle>')
    for i in _tick_indices(len(periods), 12):
        body.append(f'<text x="{_f(ml + (i + 0.5) * step)}" y="{height - mb + 16}" class="tick" '
                    f'text-anchor="middle">{_t(period_label(periods[i], granularity))}</text>')
    body.append(f'<text transform="translate(14,{_f(mt + ph / 2)}) rotate(-90)" class="axis-label poles" '
                f'text-anchor="middle">effective poles</text>')
    body.append(f'<text transform="translate({width - 10},{_f(mt + ph / 2)}) rotate(90)" class="axis-label hhi" '
                f'text-anchor="middle">HHI</text>')
    return _svg(width, height, body, "polarity", "polarity over time")


# -- the map

MAP_LAT_TOP, MAP_LAT_BOTTOM = 84.0, -58.0  # Antarctica and the far Arctic carry no news


@lru_cache(maxsize=1)
def basemap_paths(width: int, height: int) -> tuple[str, ...]:
    """Country outlines of Natural Earth 110m (world-atlas TopoJSON), projected equirectangular."""
    topo = json.loads(resources.files("thucydides.report").joinpath("assets/countries-110m.json")
                      .read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[list[tuple[float, float]]] = []
    for arc in topo["arcs"]:  # delta-encoded, quantised positions
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return project_point(lon, lat, width, height)

    def ring(indices: list[int]) -> str:
        pts: list[tuple[float, float]] = []
        for i in indices:
            seg = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(seg[1:] if pts else seg)
        # Rings crossing the antimeridian (Russia, Fiji) are unwrapped into one continuous ring and
        # drawn a second time a world-width over; the chart's box clips whatever falls outside.
        unwrapped = [pts[0]]
        for lon, lat in pts[1:]:
            prev = unwrapped[-1][0]
            while lon - prev > 180:
                lon -= 360
            while prev - lon > 180:
                lon += 360
            unwrapped.append((lon, lat))
        copies = [0.0]
        if max(p[0] for p in unwrapped) > 180:
            copies.append(-360.0)
        if min(p[0] for p in unwrapped) < -180:
            copies.append(360.0)
        return "".join("M" + "L".join(f"{_f(px)},{_f(py)}" for px, py in (project(lon + shift, lat)
                                                                         for lon, lat in unwrapped)) + "Z"
                       for shift in copies)

    out: list[str] = []
    for geom in topo["objects"]["countries"]["geometries"]:
        if geom.get("id") == "010":  # Antarctica
            continue
        polys = [geom["arcs"]] if geom["type"] == "Polygon" else geom.get("arcs", []) if geom["type"] == "MultiPolygon" else []
        d = "".join(ring(r) for poly in polys for r in poly)
        if d:
            name = geom.get("properties", {}).get("name", "")
            out.append(f'<path class="country" d="{d}"><title>{_t(name)}</title></path>')
    return tuple(out)


def project_point(lon: float, lat: float, width: int, height: int) -> tuple[float, float]:
    """Equirectangular projection onto the map's box."""
    x = (lon + 180.0) / 360.0 * width
    y = (MAP_LAT_TOP - lat) / (MAP_LAT_TOP - MAP_LAT_BOTTOM) * height
    return x, y


MIXED = "#e9a23b"  # a diverging scale through amber: straight teal-to-red mixing turns muddy grey


def _mix(share: float) -> str:
    """Colour between cooperation (0), mixed (0.5) and conflict (1)."""
    lo, hi, t = (COOP, MIXED, share * 2) if share <= 0.5 else (MIXED, CONFLICT, share * 2 - 1)
    a = tuple(int(lo[i:i + 2], 16) for i in (1, 3, 5))
    b = tuple(int(hi[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(x + (y - x) * t):02x}" for x, y in zip(a, b, strict=True))


def _polyline(points: list[tuple[int, float, float]]) -> str:
    """Path data through (period index, x, y) points, broken where periods are skipped."""
    parts: list[str] = []
    last = None
    for i, x, y in points:
        parts.append(("L" if last is not None and i == last + 1 else "M") + f"{_f(x)},{_f(y)}")
        last = i
    return "".join(parts)


def map_chart(locations: list[EventLocation], width: int = 900, height: int = 356) -> str:
    """Event locations as circles sized by count and coloured by conflict share, over country outlines."""
    body = [f'<rect class="sea" x="0" y="0" width="{width}" height="{height}"/>', *basemap_paths(width, height)]
    top = max([loc.n for loc in locations] + [1])
    for loc in sorted(locations, key=lambda loc: -loc.n):  # small circles on top of big ones
        x, y = project_point(loc.lon, loc.lat, width, height)
        r = 3 + 15 * math.sqrt(loc.n / top)
        mix = ", ".join(f"{k} {v}" for k, v in sorted(loc.types.items(), key=lambda kv: (-kv[1], kv[0])))
        body.append(f'<circle class="loc" cx="{_f(x)}" cy="{_f(y)}" r="{_f(r)}" fill="{_mix(loc.conflict_share)}">'
                    f'<title>{_t(loc.name)} ({_t(loc.country or "?")}): {loc.n} events — {_t(mix)}</title></circle>')
    if not locations:
        body.append(f'<text x="{width / 2}" y="{height - 14}" class="empty" text-anchor="middle">'
                    f'No event has a known place yet.</text>')
    return _svg(width, height, body, "map", "map of event locations")


def legend(items: list[tuple[str, str, str]]) -> str:
    """An HTML legend: (css class of the swatch, colour, label)."""
    parts = []
    for cls, colour, label in items:
        fill = (f"repeating-linear-gradient(90deg, {colour} 0 5px, transparent 5px 8px)" if "dashed" in cls
                else colour)
        parts.append(f'<span class="key"><i class="{_t(cls)}" style="background:{_t(fill)}"></i>{_t(label)}</span>')
    return '<div class="legend">' + "".join(parts) + "</div>"


def colour_scale_stops() -> list[tuple[str, str, str]]:
    """Legend entries of the map's cooperation-to-conflict colours."""
    return [("dot", _mix(0.0), "all cooperative"), ("dot", _mix(0.5), "mixed"), ("dot", _mix(1.0), "all conflictual")]


__all__ = ["dyad_panel", "network_chart", "polarity_chart", "map_chart", "legend", "nice_max"]
