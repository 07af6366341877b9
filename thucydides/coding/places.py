"""Places: where an event happened, from in/at/near phrases naming a known state or capital."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..actors.kb import KnowledgeBase
from ..actors.resolver import ActorMention
from ..model import Location
from .roles import pobj

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout"}


def location(tok: Token, sent: Span, kb: KnowledgeBase, actors: dict[int, ActorMention]) -> Location | None:
    """The place named by an in/at/near phrase of the sentence, nearest the trigger first."""
    cands: list[tuple[int, Location]] = []
    for t in sent:
        if t.dep_ != "prep" or t.lower_ not in PLACE_PREPS:
            continue
        for obj in pobj(t):
            loc = place(obj, kb)
            if loc is not None:
                cands.append((abs(obj.i - tok.i), loc))
    return min(cands, key=lambda c: c[0])[1] if cands else None


def place(obj: Token, kb: KnowledgeBase) -> Location | None:
    span_toks = [obj] + [c for c in obj.children if c.dep_ in ("compound", "amod", "poss")]
    for t in sorted(span_toks, key=lambda t: t.i):
        for length in (3, 2, 1):
            text = obj.doc[t.i:t.i + length].text
            for e, _form in kb.lookup(text):
                if e.kind == "country":
                    name = obj.doc[min(x.i for x in span_toks):obj.i + 1].text
                    return Location(name=name, country=e.code, lat=e.lat, lon=e.lon)
    return None
