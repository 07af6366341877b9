"""Calls into ``thucydides.analysis`` for the network, blocs and polarity; None means: use the fallback.

The analysis package counts deduplicated events (the ``events`` table) by default; a store whose
mentions were never clustered has an empty ``events`` table, so the report then asks for
``unit="mentions"``. Whatever goes wrong in the analysis (missing module, older signature, a
store it cannot read) is logged and the report falls back to its own computation in ``data.py``.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    from ..store.duck import Store
    from .data import NetworkEdge, NetworkNode, PolarityPoint

log = logging.getLogger(__name__)


def analysis_unit(store: Store) -> str:
    """``events`` when the store has clustered events, else ``mentions``."""
    try:
        row = store.con.execute("SELECT count(*) FROM events").fetchone()
    except duckdb.Error:
        return "mentions"
    return "events" if row and row[0] else "mentions"


def network_from_analysis(store: Store, max_nodes: int = 30
                          ) -> tuple[list[NetworkNode], list[NetworkEdge], list[list[str]]] | None:
    """The signed network of states and its blocs from ``thucydides.analysis.network``, or None."""
    from .data import NetworkEdge, NetworkNode, _country_names

    try:
        from ..analysis.network import find_blocs, signed_network

        net = signed_network(store, unit=analysis_unit(store))
        blocs, _quality = find_blocs(net)
    except Exception as exc:  # noqa: BLE001 - any failure there must not cost the reader the report
        log.warning("analysis.network unavailable (%s); the report computes the network itself", exc)
        return None
    keep = {c for c, _ in sorted(net.nodes.items(), key=lambda kv: (-kv[1], kv[0]))[:max_nodes]}
    groups = [[m for m in sorted(b.members, key=lambda m: (-net.nodes[m], m)) if m in keep] for b in blocs]
    groups = [g for g in groups if g]
    # Lone actors last, as in the fallback, so bloc numbers match the legend's order.
    groups = [g for g in groups if len(g) > 1] + [g for g in groups if len(g) == 1]
    names = _country_names()
    nodes = [NetworkNode(c, names.get(c, (c, None, None))[0], int(net.nodes[c]), i)
             for i, g in enumerate(groups) for c in g]
    edges = [NetworkEdge(a, b, float(e["weight"]), int(e["cooperative"] + e["conflictual"]),
                         float(e.get("goldstein_sum", 0.0)))
             for (a, b), e in sorted(net.edges.items()) if a in keep and b in keep]
    return nodes, edges, groups


def polarity_from_analysis(store: Store, granularity: str, periods: list[str]) -> list[PolarityPoint] | None:
    """Bloc polarity per period from ``thucydides.analysis.polarity``, or None when unavailable."""
    from .data import PolarityPoint

    try:
        from ..analysis.polarity import polarity

        rows = polarity(store, period=granularity, unit=analysis_unit(store))
        wanted = set(periods)
        return [PolarityPoint(r["period"], float(r["n_poles"]), float(r["hhi_blocs"]))
                for r in rows if r["period"] in wanted]
    except Exception as exc:  # noqa: BLE001 - as above
        log.warning("analysis.polarity unavailable (%s); the report computes polarity itself", exc)
        return None
