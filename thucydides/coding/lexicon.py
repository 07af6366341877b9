"""The trigger lexicon: lemma patterns that name an event, with their CAMEO code.

A pattern is a trigger lemma plus lemmas that must be among its dependents ("impose sanction",
"call for", "shoot down"); the most specific pattern that matches a token wins. The patterns
live in ``data/triggers.tsv`` (format in ``data/README.md``).
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from ..errors import DataError
from ..model import PLOVER_TYPES
from ..ontology import CameoCode, lookup

if TYPE_CHECKING:
    from spacy.tokens import Token

# Dependents a pattern's further lemmas may be found among; prepositional dependents also
# offer their object ("sanctions against" ... "call on").
TIME_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
              "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
              "december", "day", "week", "month", "year", "morning", "afternoon", "evening", "night", "weekend",
              "today", "time", "occasion", "anniversary"}
_PREP_DEPS = {"prep", "agent", "dative", "prt"}


@dataclass(frozen=True)
class Pattern:
    """One lexicon row."""

    trigger: str
    needs: tuple[str, ...]
    pos: str  # V or N
    cameo: CameoCode
    note: str
    plover: str | None = None  # the PLOVER type when the manual overrides the CAMEO table

    @property
    def name(self) -> str:
        return " ".join((self.trigger, *self.needs))


class Lexicon:
    """Patterns indexed by trigger lemma."""

    def __init__(self, patterns: list[Pattern]) -> None:
        self.by_trigger: dict[str, list[Pattern]] = defaultdict(list)
        for p in patterns:
            self.by_trigger[p.trigger].append(p)
        for plist in self.by_trigger.values():
            plist.sort(key=lambda p: -len(p.needs))
        self.size = len(patterns)

    def match(self, tok: Token) -> Pattern | None:
        """The most specific pattern this token triggers, or None."""
        plist = self.by_trigger.get(tok.lemma_.lower())
        if not plist:
            return None
        pos = "V" if tok.pos_ in ("VERB", "AUX") else ("N" if tok.pos_ in ("NOUN", "PROPN") else "")
        if not pos:
            return None
        dependents: set[str] | None = None
        for p in plist:
            if p.pos != pos:
                continue
            if not p.needs:
                return p
            if dependents is None:
                dependents = dependent_lemmas(tok)
            if all(n in dependents for n in p.needs):
                return p
        return None


def dependent_lemmas(tok: Token) -> set[str]:
    """Lemmas of a token's dependents, and of the objects under its prepositions and complements."""
    out: set[str] = set()
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass", "mark", "neg", "punct"):
            continue  # the "to" of "to take place" is no preposition
        if c.dep_ == "prep" and any(g.dep_ == "pobj" and g.lemma_.lower() in TIME_WORDS for g in c.children):
            continue  # "called off its search on Tuesday" is no "call on"
        out.add(c.lemma_.lower())
        if c.dep_ in _PREP_DEPS or c.dep_ in ("xcomp", "dobj", "attr", "acomp"):
            for g in c.children:
                if g.dep_ in ("pobj", "dobj", "prep", "compound", "amod", "prt"):
                    out.add(g.lemma_.lower())
                # "gave 5 million dollars of aid", "provide 25,000 tons of food aid"
                if c.dep_ == "dobj" and g.dep_ == "prep" and g.lower_ == "of":
                    out.update(x.lemma_.lower() for x in g.children if x.dep_ == "pobj")
    # "a ban on flights": the verb of a light-verb construction often hangs above the noun.
    return out


def parse_lexicon(text: str, where: str = "triggers.tsv") -> Lexicon:
    """Parse lexicon rows from TSV text."""
    patterns: list[Pattern] = []
    for n, row in enumerate(csv.reader(text.splitlines(), delimiter="\t"), 1):
        if not row or not row[0].strip() or row[0].startswith("#") or (n == 1 and row[0] == "pattern"):
            continue
        if len(row) < 3:
            raise DataError(f"{where} line {n}: expected pattern, pos, cameo[, note]")
        lemmas = row[0].lower().split()
        pos = row[1].strip().upper()
        if pos not in ("V", "N"):
            raise DataError(f"{where} line {n}: pos must be V or N, got {row[1]!r}")
        try:
            code = lookup(row[2].strip())
        except DataError:
            raise DataError(f"{where} line {n}: unknown CAMEO code {row[2]!r}") from None
        plover = row[4].strip().upper() if len(row) > 4 and row[4].strip() else None
        if plover is not None and plover not in PLOVER_TYPES:
            raise DataError(f"{where} line {n}: unknown PLOVER type {row[4]!r}")
        patterns.append(Pattern(lemmas[0], tuple(lemmas[1:]), pos, code, row[3] if len(row) > 3 else "", plover))
    return Lexicon(patterns)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The shipped trigger lexicon, loaded once per process."""
    ref = resources.files("thucydides.data").joinpath("triggers.tsv")
    if not ref.is_file():
        raise DataError("the trigger lexicon data/triggers.tsv is missing from the package")
    return parse_lexicon(ref.read_text(encoding="utf-8"))
