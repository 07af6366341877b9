"""Places: where an event happened, from in/at/near phrases naming a state, a capital or a city."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from ..actors.gazetteer import city
from ..actors.kb import KnowledgeBase
from ..actors.resolver import ActorMention
from ..model import Location
from .roles import pobj

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout"}


def location(tok: Token, sent: Span, kb: KnowledgeBase, actors: dict[int, ActorMention],
             near: Collection[str] = ()) -> Location | None:
    """The place named by an in/at/near phrase of the sentence, nearest the trigger first
    (``near``: the states the article names, to tell one Tripoli from another)."""
    cands: list[tuple[int, Location]] = []
    for t in sent:
        if t.dep_ != "prep" or t.lower_ not in PLACE_PREPS:
            continue
        for obj in pobj(t):
            loc = place(obj, kb, near)
            if loc is not None:
                cands.append((abs(obj.i - tok.i), loc))
    return min(cands, key=lambda c: c[0])[1] if cands else None


PLACE_NOUNS = {"town", "city", "village", "district", "province", "region", "capital", "port", "area", "camp",
               "state", "county", "island", "border", "outskirts", "suburb", "neighbourhood", "neighborhood"}


def place(obj: Token, kb: KnowledgeBase, near: Collection[str] = ()) -> Location | None:
    """The location a place phrase names: a state or capital from the knowledge base, a city
    from the gazetteer ("the town of Samarra"), or a state by its adjective ("Iraqi bases")."""
    if obj.lemma_.lower() in PLACE_NOUNS:
        for c in obj.children:  # "the town of Samarra", "the capital Dili"
            inner = pobj(c) if c.dep_ == "prep" and c.lower_ == "of" else ([c] if c.dep_ in ("appos", "compound")
                                                                         and c.pos_ == "PROPN" else [])
            for x in inner:
                loc = place(x, kb, near)
                if loc is not None:
                    return loc
    lo = min([obj.i] + [c.left_edge.i for c in obj.children if c.dep_ == "compound" and c.i < obj.i])
    name = obj.doc[lo:obj.i + 1].text
    for e, form in kb.lookup(name) or kb.lookup(obj.text):  # "Western Cambodia" is Cambodia
        if e.kind == "country":
            town = city(name, (e.code or "",)) if form == "capital" else None
            if town is not None and town.country == e.code:
                return Location(name=name, country=e.code, lat=town.lat, lon=town.lon)
            return Location(name=name, country=e.code, lat=e.lat, lon=e.lon)
    if obj.pos_ == "PROPN":
        town = city(name, near) or city(obj.text, near)
        if town is not None:
            return Location(name=town.name, country=town.country, lat=town.lat, lon=town.lon)
    for c in obj.children:  # "in Iraqi military bases"
        if c.dep_ in ("amod", "compound", "poss"):
            for e, _form in kb.lookup(c.text):
                if e.kind == "country":
                    return Location(name=obj.doc[c.i:obj.i + 1].text, country=e.code, lat=e.lat, lon=e.lon)
    return None
