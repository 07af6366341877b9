"""The quality gate: the dev evaluations run in CI against pinned floors (floors only move up)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from thucydides.evaluate import evaluate_file

from .conftest import SHARED

FLOORS = json.loads((Path(__file__).parent / "quality_floors.json").read_text())
GSR = SHARED / "eval" / "gsr" / "plover_gsr_dev.jsonl"
ARTICLES = SHARED / "eval" / "articles" / "articles_dev.jsonl"
SCORER = SHARED / "tools" / "score.py"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not GSR.exists(), reason="the shared dev sets are not beside the project")]


def test_gsr_dev_floors() -> None:
    s = evaluate_file(GSR).summary()
    f = FLOORS["gsr"]
    assert s["type_f1"] >= f["type_f1"], s
    assert s["type_macro_f1"] >= f["type_macro_f1"], s
    assert s["event_f1"] >= f["event_f1"], s
    assert s["extra_events_per_record"] <= f["max_extra_events_per_record"], s


@pytest.mark.skipif(not SCORER.exists(), reason="the referee is not beside the project")
def test_articles_dev_floors_by_the_referee() -> None:
    cmd = f"{sys.executable} -m thucydides code --format jsonl"
    proc = subprocess.run([sys.executable, str(SCORER), "articles", "--gold", str(ARTICLES), "--cmd", cmd, "--json"],
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    res = json.loads(proc.stdout)
    f = FLOORS["articles"]
    assert res["required_recall"] >= f["required_recall"], res
    assert res["violations"] <= f["max_forbidden"], res
    assert res["metadata"][0] >= f["metadata_ok"] and res["actors"][0] >= f["actors_ok"], res
