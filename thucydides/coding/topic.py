"""Off-topic control: sport, entertainment and other stories whose conflict words are no conflict.

"Spain beat Russia", "an attack down the left wing", "the champions clashed": match reports use
the verbs of war. A story is set aside (no events) when its sport vocabulary is dense; a
sentence is set aside when it names a sporting or entertainment occasion (phrases from the
PETRARCH discard list and our own, in ``data/discards.tsv``) or carries a match score.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources

SCORE = re.compile(r"\b\d{1,3}\s?-\s?\d{1,3}\b(?!\s*(?:year|month|day|hour|km|mile|per))")


@lru_cache(maxsize=1)
def _phrases() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    """Per scope, each phrase as (its lower-case text, its whole-word case-insensitive regex)."""
    text = resources.files("thucydides.data").joinpath("discards.tsv").read_text(encoding="utf-8")
    out: dict[str, list[tuple[str, re.Pattern[str]]]] = {"sports": [], "story": [], "sentence": []}
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        phrase = " ".join(row["phrase"].split())
        pat = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", re.I)
        out.setdefault(row["scope"], []).append((phrase.lower(), pat))
    return out


def _found(scope: str, text: str, low: str) -> Iterator[re.Pattern[str]]:
    """The phrases of a scope that ``text`` (lower-cased: ``low``) holds as whole words. A plain
    substring test rules out nearly all of them before any regex runs."""
    return (pat for lit, pat in _phrases()[scope] if lit in low and pat.search(text))


def story_topic(text: str) -> str | None:
    """'sports' when a story is about sport or entertainment (its events are not coded), else None.

    Scored as distinct sport terms plus twice the named sporting occasions; four or more set the
    story aside. One "goal" or "race" in a political story never does.
    """
    low = text.lower()
    sports = sum(1 for _ in _found("sports", text, low))
    occasions = sum(1 for _ in _found("story", text, low))
    return "sports" if sports + 2 * occasions >= 4 else None


def sentence_off_topic(sentence: str) -> bool:
    """A sentence about a match or a show: a named occasion, or a score beside sport words."""
    low = sentence.lower()
    if any(_found("sentence", sentence, low)) or any(_found("story", sentence, low)):
        return True
    return bool(SCORE.search(sentence)) and any(_found("sports", sentence, low))
