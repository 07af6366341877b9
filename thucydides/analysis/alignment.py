"""Alignment of two states: how alike they behave towards everyone else.

For a state A and each third party X (any actor other than A and B), A's signed behaviour
towards X is ``net`` (cooperative minus conflictual events A -> X) or ``goldstein`` (their
Goldstein sum); with ``received`` the events X -> A count too. Alignment is the cosine
similarity of the two vectors over the union of third parties::

    cos(A, B) = sum_X a_X b_X / ( sqrt(sum_X a_X^2) * sqrt(sum_X b_X^2) )

+1: the same friends and foes in the same proportions; -1: opposite; 0: unrelated (or no
third party in common); None when either state has no behaviour towards third parties.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from .dyads import dyad_rows

__all__ = ["alignment", "alignment_detail", "behaviour_vectors", "cosine"]


def cosine(u: dict[str, float], v: dict[str, float]) -> float | None:
    """Cosine similarity of two sparse vectors (None when either is all zeros)."""
    nu = math.sqrt(sum(x * x for x in u.values()))
    nv = math.sqrt(sum(x * x for x in v.values()))
    if not nu or not nv:
        return None
    return sum(x * v.get(k, 0.0) for k, x in u.items()) / (nu * nv)


def _value(r: dict[str, Any], measure: str) -> float:
    if measure == "net":
        return 1.0 if r["quad_class"] <= 2 else -1.0
    if measure == "goldstein":
        return float(r["goldstein"] or 0.0)
    raise ValueError(f"unknown measure {measure!r}; use net or goldstein")


def behaviour_vectors(rows: list[dict[str, Any]], a: str, b: str, measure: str = "net",
                      received: bool = False) -> tuple[dict[str, float], dict[str, float]]:
    """A's and B's signed behaviour towards each third party, from ``dyad_rows`` (directed)."""
    vecs: dict[str, dict[str, float]] = {a: defaultdict(float), b: defaultdict(float)}
    for r in rows:
        s, t = r["source"], r["target"]
        if s in vecs and t not in (a, b):
            vecs[s][t] += _value(r, measure)
        elif received and t in vecs and s not in (a, b):
            vecs[t][s] += _value(r, measure)
    return dict(vecs[a]), dict(vecs[b])


def alignment(db: Any, a: str, b: str, measure: str = "net", received: bool = False, period: str = "all",
              start: str | None = None, end: str | None = None, unit: str = "events") -> list[dict[str, Any]]:
    """One row per period: the cosine alignment of A and B, with how many third parties it rests on."""
    a, b = a.upper(), b.upper()
    by_period: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in dyad_rows(db, period, True, unit, start, end):
        by_period[r["period"]].append(r)
    out: list[dict[str, Any]] = []
    for p in sorted(by_period):
        va, vb = behaviour_vectors(by_period[p], a, b, measure, received)
        if not va and not vb:
            continue
        c = cosine(va, vb)
        out.append({"period": p, "a": a, "b": b, "measure": measure,
                    "third_parties": len(set(va) | set(vb)), "common": len(set(va) & set(vb)),
                    "cosine": None if c is None else round(c, 4)})
    return out


def alignment_detail(db: Any, a: str, b: str, measure: str = "net", received: bool = False,
                     start: str | None = None, end: str | None = None, unit: str = "events") -> list[dict[str, Any]]:
    """One row per third party: A's and B's behaviour towards it (the two vectors side by side)."""
    a, b = a.upper(), b.upper()
    va, vb = behaviour_vectors(dyad_rows(db, "all", True, unit, start, end), a, b, measure, received)
    return [{"third_party": x, a: round(va.get(x, 0.0), 2), b: round(vb.get(x, 0.0), 2)}
            for x in sorted(set(va) | set(vb))]
