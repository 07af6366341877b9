"""Off-topic control: sport, entertainment and other stories whose conflict words are no conflict.

"Spain beat Russia", "an attack down the left wing", "the champions clashed": match reports use
the verbs of war. A story is set aside (no events) when its sport vocabulary is dense; a
sentence is set aside when it names a sporting or entertainment occasion (phrases from the
PETRARCH discard list and our own, in ``data/discards.tsv``) or carries a match score.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

SCORE = re.compile(r"\b\d{1,3}\s?-\s?\d{1,3}\b(?!\s*(?:year|month|day|hour|km|mile|per))")


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[re.Pattern[str]]]:
    text = resources.files("thucydides.data").joinpath("discards.tsv").read_text(encoding="utf-8")
    out: dict[str, list[re.Pattern[str]]] = {"sports": [], "story": [], "sentence": []}
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        phrase = " ".join(row["phrase"].split())
        out.setdefault(row["scope"], []).append(re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", re.I))
    return out


def story_topic(text: str) -> str | None:
    """'sports' when a story is about sport or entertainment (its events are not coded), else None.

    Scored as distinct sport terms plus twice the named sporting occasions; four or more set the
    story aside. One "goal" or "race" in a political story never does.
    """
    p = _phrases()
    sports = sum(1 for pat in p["sports"] if pat.search(text))
    occasions = sum(1 for pat in p["story"] if pat.search(text))
    return "sports" if sports + 2 * occasions >= 4 else None


def sentence_off_topic(sentence: str) -> bool:
    """A sentence about a match or a show: a named occasion, or a score beside sport words."""
    p = _phrases()
    if any(pat.search(sentence) for pat in p["sentence"]) or any(pat.search(sentence) for pat in p["story"]):
        return True
    return bool(SCORE.search(sentence)) and any(pat.search(sentence) for pat in p["sports"])
