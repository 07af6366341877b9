"""Scoring against PLOVER gold records, on hand-made predictions (counts worked out by hand)."""

from __future__ import annotations

import json
from pathlib import Path

from thucydides.evaluate import read_gold, score


def _gold(tmp_path: Path) -> Path:
    recs = [
        {"id": "1", "text": "a", "event": "DEMAND", "source": [{"code": "CHN"}], "target": [{"code": "USA"}]},
        {"id": "2", "text": "b", "event": "AGREE", "source": [{"code": "USA"}, {"code": "JOR"}], "target": ""},
        {"id": "3", "text": "c", "event": "FIGHT", "source": [{"code": "ISR"}], "target": [{"code": "PSE"}]},
    ]
    p = tmp_path / "gold.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in recs))
    return p


def _ev(typ: str, src: list[str], tgt: list[str]) -> dict:
    return {"type": typ, "source": [{"code": c} for c in src], "target": [{"code": c} for c in tgt]}


def test_legacy_names_and_scores(tmp_path: Path) -> None:
    gold = read_gold(_gold(tmp_path))
    assert [g.type for g in gold] == ["REQUEST", "AGREE", "ASSAULT"]
    preds = [
        {"id": "1", "events": [_ev("REQUEST", ["CHN"], ["USA"]), _ev("THREATEN", ["CHN"], ["USA"])]},
        {"id": "2", "events": [_ev("AGREE", ["USA", "JOR"], [])]},
        {"id": "3", "events": [_ev("ASSAULT", ["PSE"], ["ISR"])]},  # roles reversed: no full match
    ]
    s = score(gold, preds).summary()
    # Types: REQUEST, AGREE, ASSAULT all found (tp 3, fn 0); THREATEN is one false positive.
    # P = 3/4, R = 3/3, F1 = 2*0.75*1/(1.75) = 0.857
    assert (s["type_precision"], s["type_recall"], s["type_f1"]) == (0.75, 1.0, 0.857)
    # Events: 4 predicted, 2 match (rec 1 REQUEST, rec 2 AGREE); 3 records scorable, 2 hit.
    # P = 0.5, R = 0.667, F1 = 2*0.5*0.667/1.167 = 0.571; extra = (4 - 2) / 3 = 0.667
    assert (s["event_precision"], s["event_recall"], s["event_f1"]) == (0.5, 0.667, 0.571)
    assert s["extra_events_per_record"] == 0.667
    assert s["confusion"]["REQUEST"] == {"REQUEST": 1, "THREATEN": 1}
    assert s["per_type"]["THREATEN"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 0}
