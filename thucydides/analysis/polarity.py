"""Polarity over time: how many poles the world of the corpus has, and how concentrated it is.

Activity: every (event, pair of states) adds 1 to each of the two states. A bloc's share is
the activity of its members over all activity in the period::

    s_i = A(bloc i) / sum_k A(bloc k)

    effective number of poles   N = 1 / sum_i s_i^2        (Laakso-Taagepera; 1 = unipolar,
                                                            2 = bipolar, k equal blocs give k)
    bloc concentration        HHI = sum_i s_i^2 = 1 / N
    state concentration  HHI_states = sum_j p_j^2,  p_j = A(state j) / sum_k A(state k)

Blocs come from ``network.find_blocs`` on the whole range (``blocs_from="all"``, stable
membership, so shares move only with activity) or afresh in each period (``"period"``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from .dyads import dyad_rows
from .network import find_blocs, signed_network, state_codes

__all__ = ["effective_poles", "hhi", "polarity"]


def hhi(shares: list[float]) -> float:
    """Herfindahl-Hirschman index: the sum of squared shares (shares sum to 1)."""
    return sum(s * s for s in shares)


def effective_poles(shares: list[float]) -> float:
    """Effective number of poles, 1 / sum of squared shares (0.0 when there is no activity)."""
    h = hhi(shares)
    return 1.0 / h if h else 0.0


def polarity(db: Any, period: str = "month", unit: str = "events", blocs_from: str = "all",
             start: str | None = None, end: str | None = None) -> list[dict[str, Any]]:
    """One row per period: states, state pairs, active blocs, N (poles), HHI of blocs and states.

    Also the share of the largest bloc and its members (by code).
    """
    if blocs_from not in ("all", "period"):
        raise ValueError(f"blocs_from must be 'all' or 'period', got {blocs_from!r}")
    states = state_codes()
    rows = [r for r in dyad_rows(db, period, False, unit, start, end)
            if r["source"] in states and r["target"] in states]
    by_period: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        by_period[r["period"]].append(r)
    global_membership: dict[str, int] = {}
    if blocs_from == "all":
        blocs, _ = find_blocs(signed_network(None, rows=rows))
        global_membership = {m: b.number for b in blocs for m in b.members}
    out: list[dict[str, Any]] = []
    for p in sorted(by_period):
        prs = by_period[p]
        membership = global_membership
        if blocs_from == "period":
            blocs, _ = find_blocs(signed_network(None, rows=prs))
            membership = {m: b.number for b in blocs for m in b.members}
        activity: dict[str, int] = defaultdict(int)
        for r in prs:
            activity[r["source"]] += 1
            activity[r["target"]] += 1
        total = sum(activity.values())
        bloc_activity: dict[int, int] = defaultdict(int)
        for s, a in activity.items():
            bloc_activity[membership[s]] += a
        shares = [a / total for a in bloc_activity.values()]
        top = max(sorted(bloc_activity), key=lambda b: bloc_activity[b])
        out.append({"period": p, "states": len(activity), "pairs": len(prs), "blocs": len(bloc_activity),
                    "n_poles": round(effective_poles(shares), 3), "hhi_blocs": round(hhi(shares), 4),
                    "hhi_states": round(hhi([a / total for a in activity.values()]), 4),
                    "top_bloc_share": round(bloc_activity[top] / total, 4),
                    "top_bloc": ",".join(sorted(s for s in activity if membership[s] == top))})
    return out
