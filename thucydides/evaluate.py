"""``thucydides evaluate``: score the coder on a gold file in the PLOVER gold-standard format.

A gold record (the format of the PLOVER GSR) has ``id``, ``text``, ``event`` (the PLOVER type;
the 2016 names DEMAND, DISAPPROVE, INVESTIGATE and FIGHT are read as REQUEST, ACCUSE, ACCUSE
and ASSAULT), ``source`` and ``target`` (lists of ``{"actorText", "code"}``) and optionally
``date``. Each record holds one gold event; the coder's other events in the sentence count as
extra. Figures:

* type level: per PLOVER type, a predicted type present in the record's events is a hit for
  the gold type and a false positive for every other type predicted (precision, recall, F1,
  and a confusion table gold type x predicted types);
* full events: a predicted event matches when its type is the gold type, its source shares a
  code with the gold source, and its target shares a code with the gold target (or is empty
  when the gold has none) with no actor on the wrong side; precision over predicted events,
  recall over records with a gold source; extra events per record are the unmatched ones.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import DataError
from .model import PLOVER_TYPES, Article

LEGACY_TYPES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}
LEGACY_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "ROM": "ROU", "UK": "GBR", "EUR": "IGO", "EUN": "IGO"}
GROUP_PREFIXES = ("IGO", "NGO", "IMG", "MNC")


@dataclass(frozen=True)
class GoldRecord:
    """One gold sentence with its event."""

    id: str
    text: str
    type: str
    source: frozenset[str]
    target: frozenset[str]
    date: str | None = None


def code_key(code: str | None) -> str:
    """A code as compared: legacy codes mapped, non-state codes reduced to their kind."""
    c = (code or "").upper()
    c = LEGACY_CODES.get(c, c)
    for prefix in GROUP_PREFIXES:
        if c.startswith(prefix):
            return prefix
    return c[:3]


def _codes(actors: Any) -> frozenset[str]:
    if not actors:
        return frozenset()
    if isinstance(actors, str):
        return frozenset({code_key(actors)}) if len(actors) == 3 and actors.isupper() else frozenset()
    if isinstance(actors, dict):
        actors = [actors]
    return frozenset(code_key(a.get("code") if isinstance(a, dict) else str(a)) for a in actors if a)


def read_gold(path: Path) -> list[GoldRecord]:
    """Read a gold file (JSONL, PLOVER GSR format)."""
    out: list[GoldRecord] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
            typ = LEGACY_TYPES.get(rec["event"], rec["event"])
            if typ not in PLOVER_TYPES:
                raise DataError(f"{path}:{n}: unknown event type {rec['event']!r}")
            out.append(GoldRecord(str(rec["id"]), rec["text"], typ, _codes(rec.get("source")),
                                  _codes(rec.get("target")), rec.get("date")))
        except (json.JSONDecodeError, KeyError) as exc:
            raise DataError(f"{path}:{n}: not a gold record ({exc})") from None
    return out


def _roles_ok(src: frozenset[str], tgt: frozenset[str], gsrc: frozenset[str], gtgt: frozenset[str]) -> bool:
    return not (src & (gtgt - gsrc)) and not (tgt & (gsrc - gtgt))


def event_matches(event: dict[str, Any], gold: GoldRecord) -> bool:
    """Does a predicted event (contract JSON) match the gold event?"""
    src, tgt = _codes(event.get("source")), _codes(event.get("target"))
    if event.get("type") != gold.type or not (src & gold.source):
        return False
    if gold.target:
        return bool(tgt & gold.target) and _roles_ok(src, tgt, gold.source, gold.target)
    return tgt <= gold.source


@dataclass
class Scores:
    """The figures of one evaluation."""

    records: int = 0
    per_type: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    confusion: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    predicted_events: int = 0
    matched_events: int = 0
    hit_records: int = 0
    scorable_records: int = 0

    def type_prf(self) -> tuple[float, float, float]:
        tp = sum(c["tp"] for c in self.per_type.values())
        fp = sum(c["fp"] for c in self.per_type.values())
        fn = sum(c["fn"] for c in self.per_type.values())
        return prf(tp, fp, fn)

    def event_prf(self) -> tuple[float, float, float]:
        p = self.matched_events / self.predicted_events if self.predicted_events else 0.0
        r = self.hit_records / self.scorable_records if self.scorable_records else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def summary(self) -> dict[str, Any]:
        """All figures as a JSON-friendly dict."""
        tp, tr, tf = self.type_prf()
        ep, er, ef = self.event_prf()
        per = {t: dict(zip(("precision", "recall", "f1"), (round(x, 3) for x in prf(c["tp"], c["fp"], c["fn"])),
                           strict=True)) | {"support": c["tp"] + c["fn"]}
               for t, c in sorted(self.per_type.items())}
        macro = [v["f1"] for v in per.values() if v["support"]]
        return {"records": self.records, "type_precision": round(tp, 3), "type_recall": round(tr, 3),
                "type_f1": round(tf, 3), "type_macro_f1": round(sum(macro) / len(macro), 3) if macro else 0.0,
                "event_precision": round(ep, 3), "event_recall": round(er, 3), "event_f1": round(ef, 3),
                "extra_events_per_record": round((self.predicted_events - self.matched_events) / self.records, 3)
                if self.records else 0.0, "events_predicted": self.predicted_events, "per_type": per,
                "confusion": {g: dict(c) for g, c in sorted(self.confusion.items())}}


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts."""
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: list[GoldRecord], predicted: Iterable[Article | dict[str, Any]]) -> Scores:
    """Score predicted articles (in gold order) against the gold records."""
    s = Scores()
    preds = [p.output_dict() if isinstance(p, Article) else p for p in predicted]
    if len(preds) != len(gold):
        raise DataError(f"expected {len(gold)} predictions, got {len(preds)}")
    for g, p in zip(gold, preds, strict=True):
        s.records += 1
        events = p.get("events") or []
        types = {e.get("type") for e in events}
        for t in types - {g.type}:
            s.per_type[t]["fp"] += 1
        s.per_type[g.type]["tp" if g.type in types else "fn"] += 1
        for t in types or {"(none)"}:
            s.confusion[g.type][t] += 1
        hit = False
        for e in events:
            s.predicted_events += 1
            if event_matches(e, g):
                s.matched_events += 1
                hit = True
        if g.source:
            s.scorable_records += 1
            s.hit_records += hit
    return s


def evaluate_file(path: Path, settings: Any = None) -> Scores:
    """Code every gold sentence with the real pipeline and score it."""
    from .ingest import clean_document
    from .ingest.sources import RawDocument
    from .pipeline import code_articles

    gold = read_gold(path)
    docs = (clean_document(RawDocument(id=g.id, text=g.text, date=g.date)) for g in gold)
    return score(gold, code_articles(docs, settings))
