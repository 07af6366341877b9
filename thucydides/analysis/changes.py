"""Change detection: dyad-weeks whose Goldstein total breaks from the previous four weeks.

For each dyad and ISO week w (weeks without events count as 0, and the weeks run over the
whole span of the data)::

    baseline  = the dyad's weekly Goldstein sums in weeks w-4 .. w-1
    mean, sd  = their mean and population standard deviation
    z         = (x_w - mean) / max(sd, sd_floor)

A week is flagged when |z| >= ``threshold``. ``sd_floor`` (default 1.0 Goldstein point) keeps a
dyad that was silent for four weeks from producing an infinite z on its first event; weeks in
the first four of the data have no full baseline and are never flagged.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from .dyads import dyad_rows

__all__ = ["BASELINE_WEEKS", "changes"]

BASELINE_WEEKS = 4


def changes(db: Any, threshold: float = 2.0, sd_floor: float = 1.0, directed: bool = False,
            unit: str = "events", start: str | None = None, end: str | None = None,
            everything: bool = False) -> list[dict[str, Any]]:
    """Dyad-weeks that depart from their 4-week baseline (all scored dyad-weeks with ``everything``).

    Rows: week (its Monday), source, target, events, goldstein, baseline_mean, baseline_sd, z,
    direction (``up`` = more cooperative than usual, ``down`` = more conflictual).
    """
    rows = dyad_rows(db, "week", directed, unit, start, end)
    if not rows:
        return []
    sums: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for r in rows:
        sums[(r["source"], r["target"])][r["period"]] += float(r["goldstein"] or 0.0)
        counts[(r["period"], r["source"], r["target"])] += 1
    first = date.fromisoformat(min(r["period"] for r in rows))
    last = date.fromisoformat(max(r["period"] for r in rows))
    weeks = [(first + timedelta(weeks=i)).isoformat() for i in range((last - first).days // 7 + 1)]
    out: list[dict[str, Any]] = []
    for (s, t), series in sorted(sums.items()):
        values = [series.get(w, 0.0) for w in weeks]
        for i in range(BASELINE_WEEKS, len(weeks)):
            base = values[i - BASELINE_WEEKS:i]
            x = values[i]
            if x == 0 and not any(base) and not counts.get((weeks[i], s, t)):
                continue
            mean = sum(base) / BASELINE_WEEKS
            sd = math.sqrt(sum((v - mean) ** 2 for v in base) / BASELINE_WEEKS)
            z = (x - mean) / max(sd, sd_floor)
            if everything or abs(z) >= threshold:
                out.append({"week": weeks[i], "source": s, "target": t, "events": counts.get((weeks[i], s, t), 0),
                            "goldstein": round(x, 2), "baseline_mean": round(mean, 3), "baseline_sd": round(sd, 3),
                            "z": round(z, 3), "direction": "up" if z > 0 else "down" if z < 0 else "flat"})
    out.sort(key=lambda r: (str(r["week"]), -abs(float(r["z"])), str(r["source"]), str(r["target"])))
    return out
