"""The signed network of states and its blocs.

Nodes are states (ISO3 codes of the country dictionary); the undirected edge between two states
carries ``weight`` = cooperative events - conflictual events between them (quad 1-2 minus quad
3-4, both directions), so friends have positive ties and rivals negative ones.

Blocs: communities that maximise the **signed modularity** of Gómez, Jensen and Arenas (2009)::

    Q = 1/(2w+ + 2w-) * sum_ij [ w_ij - (s+_i s+_j / 2w+  -  s-_i s-_j / 2w-) ] * delta(c_i, c_j)

where w_ij is the signed weight, s+_i and s-_i the positive and negative strengths of node i and
2w+ / 2w- the sums of those strengths. Positive ties inside a bloc raise Q, negative ties inside
a bloc lower it (the "penalty"), and negative ties across blocs raise it. The search starts from
networkx's greedy modularity communities on the positive ties alone (Clauset-Newman-Moore,
deterministic) and then moves single nodes, in code order, to the bloc that raises Q most,
until no move helps (a Louvain-style local phase). Everything is deterministic: no random seed.

``frustration`` is the share of absolute edge weight that disagrees with the partition
(negative inside blocs, positive across), 0 for a perfectly balanced split.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import networkx as nx

from .dyads import dyad_rows

__all__ = ["Bloc", "Network", "find_blocs", "signed_modularity", "signed_network", "state_codes"]


@lru_cache(maxsize=1)
def state_codes() -> dict[str, str]:
    """ISO3 code -> name of every state or territory in the shipped country dictionary."""
    text = resources.files("thucydides.data").joinpath("actors/countries.jsonl").read_text(encoding="utf-8")
    return {r["code"]: r["name"] for r in (json.loads(line) for line in text.splitlines() if line.strip())}


@dataclass
class Network:
    """A signed, undirected network: nodes with their activity, edges with their counts."""

    nodes: dict[str, int] = field(default_factory=dict)  # code -> dyadic events it takes part in
    edges: dict[tuple[str, str], dict[str, float]] = field(default_factory=dict)  # (a, b) with a < b

    def weight(self, a: str, b: str) -> float:
        e = self.edges.get((a, b) if a < b else (b, a))
        return e["weight"] if e else 0.0

    def edge_rows(self) -> list[dict[str, Any]]:
        """One row per edge: a, b, cooperative, conflictual, weight, goldstein_sum."""
        return [{"a": a, "b": b, **{k: v for k, v in e.items()}} for (a, b), e in sorted(self.edges.items())]


@dataclass
class Bloc:
    """A group of states, numbered from 1 by size (largest first)."""

    number: int
    members: list[str]
    activity: int


def signed_network(db: Any, start: str | None = None, end: str | None = None, unit: str = "events",
                   states_only: bool = True, rows: list[dict[str, Any]] | None = None) -> Network:
    """Build the signed network of the events between ``start`` and ``end``.

    ``rows`` (from ``dyad_rows``) may be given instead of reading the store.
    """
    if rows is None:
        rows = dyad_rows(db, "all", False, unit, start, end)
    states = state_codes()
    net = Network()
    seen: set[tuple[str, str, str]] = set()
    for r in rows:
        a, b = sorted((r["source"], r["target"]))
        if (states_only and (a not in states or b not in states)) or (r["id"], a, b) in seen:
            continue
        seen.add((r["id"], a, b))
        e = net.edges.setdefault((a, b), {"cooperative": 0, "conflictual": 0, "weight": 0, "goldstein_sum": 0.0})
        coop = 1 if r["quad_class"] <= 2 else 0
        e["cooperative"] += coop
        e["conflictual"] += 1 - coop
        e["weight"] = e["cooperative"] - e["conflictual"]
        e["goldstein_sum"] = round(e["goldstein_sum"] + float(r["goldstein"] or 0.0), 2)
        net.nodes[a] = net.nodes.get(a, 0) + 1
        net.nodes[b] = net.nodes.get(b, 0) + 1
    return net


def _strengths(net: Network) -> tuple[dict[str, float], dict[str, float]]:
    pos: dict[str, float] = defaultdict(float)
    neg: dict[str, float] = defaultdict(float)
    for (a, b), e in net.edges.items():
        w = e["weight"]
        for n in (a, b):
            if w > 0:
                pos[n] += w
            elif w < 0:
                neg[n] += -w
    return pos, neg


def signed_modularity(net: Network, membership: dict[str, int]) -> float:
    """Gómez-Jensen-Arenas signed modularity of a partition (0.0 for a network without ties)."""
    pos, neg = _strengths(net)
    two_wp, two_wn = sum(pos.values()), sum(neg.values())
    if two_wp + two_wn == 0:
        return 0.0
    nodes = sorted(net.nodes)
    q = 0.0
    for i in nodes:
        for j in nodes:
            if membership[i] != membership[j]:
                continue
            w = net.weight(i, j) if i != j else 0.0
            expected = (pos[i] * pos[j] / two_wp if two_wp else 0.0) - (neg[i] * neg[j] / two_wn if two_wn else 0.0)
            q += w - expected
    return q / (two_wp + two_wn)


def _initial(net: Network) -> dict[str, int]:
    g = nx.Graph()
    g.add_nodes_from(sorted(net.nodes))
    g.add_weighted_edges_from((a, b, e["weight"]) for (a, b), e in sorted(net.edges.items()) if e["weight"] > 0)
    if g.number_of_edges() == 0:
        return {n: i for i, n in enumerate(sorted(net.nodes))}
    comms = nx.algorithms.community.greedy_modularity_communities(g, weight="weight")
    return {n: i for i, c in enumerate(comms) for n in c}


def _refine(net: Network, membership: dict[str, int], max_passes: int = 50) -> dict[str, int]:
    """Move single nodes to the bloc that raises signed modularity most, until none does."""
    pos, neg = _strengths(net)
    two_wp, two_wn = sum(pos.values()), sum(neg.values())
    nbrs: dict[str, dict[str, float]] = defaultdict(dict)
    for (a, b), e in net.edges.items():
        nbrs[a][b] = nbrs[b][a] = e["weight"]
    tot_p: dict[int, float] = defaultdict(float)
    tot_n: dict[int, float] = defaultdict(float)
    for n, c in membership.items():
        tot_p[c] += pos[n]
        tot_n[c] += neg[n]
    fresh = max(membership.values(), default=-1) + 1

    def gain(n: str, c: int) -> float:
        # proportional to the change in Q of putting n (taken out of its bloc) into bloc c
        k = sum(w for m, w in nbrs[n].items() if membership[m] == c and m != n)
        tp = tot_p[c] - (pos[n] if membership[n] == c else 0.0)
        tn = tot_n[c] - (neg[n] if membership[n] == c else 0.0)
        return k - ((pos[n] * tp / two_wp if two_wp else 0.0) - (neg[n] * tn / two_wn if two_wn else 0.0))

    for _ in range(max_passes):
        moved = False
        for n in sorted(net.nodes):
            here = membership[n]
            candidates = sorted({membership[m] for m in nbrs[n]} | {here, fresh})
            best, best_gain = here, gain(n, here)
            for c in candidates:
                g = gain(n, c) if c != fresh else 0.0
                if g > best_gain + 1e-9:
                    best, best_gain = c, g
            if best != here:
                tot_p[here] -= pos[n]
                tot_n[here] -= neg[n]
                membership[n] = best
                tot_p[best] += pos[n]
                tot_n[best] += neg[n]
                if best == fresh:
                    fresh += 1
                moved = True
        if not moved:
            break
    return membership


def find_blocs(net: Network) -> tuple[list[Bloc], dict[str, Any]]:
    """Blocs of a signed network and the partition's quality (modularity, frustration)."""
    membership = _refine(net, _initial(net))
    groups: dict[int, list[str]] = defaultdict(list)
    for n, c in membership.items():
        groups[c].append(n)
    ordered = sorted(groups.values(), key=lambda ms: (-sum(net.nodes[m] for m in ms), -len(ms), min(ms)))
    blocs = [Bloc(i + 1, sorted(ms), sum(net.nodes[m] for m in ms)) for i, ms in enumerate(ordered)]
    final = {m: b.number for b in blocs for m in b.members}
    total = sum(abs(e["weight"]) for e in net.edges.values())
    bad = sum(abs(e["weight"]) for (a, b), e in net.edges.items()
              if (e["weight"] < 0 and final[a] == final[b]) or (e["weight"] > 0 and final[a] != final[b]))
    quality = {"states": len(net.nodes), "edges": len(net.edges), "blocs": len(blocs),
               "signed_modularity": round(signed_modularity(net, final), 4),
               "frustration": round(bad / total, 4) if total else 0.0}
    return blocs, quality


def bloc_rows(net: Network, blocs: list[Bloc]) -> list[dict[str, Any]]:
    """One row per state: its bloc, the bloc's size, its activity and its positive / negative ties."""
    names = state_codes()
    out = []
    for b in blocs:
        for m in b.members:
            ties = [net.weight(m, o) for o in net.nodes if o != m]
            out.append({"bloc": b.number, "state": m, "name": names.get(m, m), "bloc_size": len(b.members),
                        "activity": net.nodes[m], "positive_ties": sum(1 for w in ties if w > 0),
                        "negative_ties": sum(1 for w in ties if w < 0)})
    return out
