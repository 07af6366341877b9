"""Events made by speaking: demands and accusations carried by reported speech.

Some acts have no trigger verb of their own; the speech around a clause makes them:

* "Russia said Sudan **must** return the helicopter" -- a demand (REQUEST) by the speaker on
  the clause's subject; the returning is not itself an event;
* "Pompeo said the crash was likely **Iran's doing**", "... said Hamas was **responsible**"
  -- an accusation (ACCUSE) by the speaker of whoever the clause blames.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..actors.resolver import ActorMention, ArticleActors
from ..ontology import CameoCode, lookup
from .roles import SPEECH_VERBS, actors_at, subject_tokens, with_conjuncts

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

REPORTING = SPEECH_VERBS | {"conclude", "stress", "demand", "reiterate", "argue", "believe"}
OBLIGATION = {"must": "100", "should": "020", "ought": "020"}
BLAME_NOUNS = {"doing", "fault", "work", "responsibility", "handiwork"}
BLAME_ADJS = {"responsible", "behind", "culpable", "guilty"}


@dataclass
class SpeechAct:
    """An act read from reported speech."""

    code: CameoCode
    trigger: Token
    source: list[ActorMention]
    target: list[ActorMention]
    rule: str
    covers: set[int]  # tokens whose own triggers this act stands for


def speech_acts(sent: Span, actors: dict[int, ActorMention], memory: ArticleActors,
                triggered: set[int] | None = None) -> list[SpeechAct]:
    """Demands and accusations made in reported speech in this sentence (``triggered``: tokens
    that carry an event of their own, which a characterisation never overrides)."""
    out: list[SpeechAct] = []
    for acc in sent:
        # "'...,' according to a tweet by US Secretary of State Mike Pompeo": attribution of the clause
        if acc.lower_ == "according" and acc.head is not acc:
            to = [c for c in acc.children if c.lower_ == "to"]
            said_by = [m for t in to for g in t.children if g.dep_ == "pobj"
                       for m in (actors_at([g], actors, memory) or _author(g, actors))]
            if said_by:
                act = _characterise(acc, acc.head, said_by, actors, memory, triggered or set())
                if act is not None:
                    out.append(act)
    for v in sent:
        if v.lemma_.lower() not in REPORTING or v.pos_ not in ("VERB", "AUX"):
            continue
        clauses = [c for c in v.children if c.dep_ == "ccomp"]
        if not clauses:
            continue
        subj, passive = subject_tokens(v)
        if passive:
            continue
        speaker = actors_at(subj, actors, memory)
        if not speaker:
            continue
        for c in clauses:
            act = _demand(v, c, speaker, actors, memory) or _blame(v, c, speaker, actors, memory) \
                or _characterise(v, c, speaker, actors, memory, triggered or set())
            if act is not None:
                out.append(act)
    return out


# Words with which a statement condemns what it describes ("destructive ambitions", "malign
# activities"): said by one state of another's conduct, they make the statement an accusation.
ACCUSATORY = {"destructive", "malign", "aggression", "aggressive", "terror", "terrorism", "terrorist", "illegal",
              "illegitimate", "provocation", "provocative", "reckless", "brutal", "atrocity", "crime", "violation",
              "destabilizing", "destabilising", "genocide", "repression", "lie", "lawless", "barbaric", "heinous"}


QUOTES = {'"', "\u201c", "``", "'", "\u2018"}


def _author(tok: Token, actors: dict[int, ActorMention]) -> list[ActorMention]:
    """The author of a statement noun: 'a tweet by Mike Pompeo', 'a statement from the ministry'."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            for g in c.children:
                if g.dep_ == "pobj" and g.i in actors:
                    return actors[g.i].group()
    return []


def _characterise(v: Token, c: Token, speaker: list[ActorMention], actors: dict[int, ActorMention],
                  memory: ArticleActors, triggered: set[int]) -> SpeechAct | None:
    """A statement by one state's official that describes another state's actors in condemning
    words accuses them (what it reports them doing stays an event of its own)."""
    clause = list(c.subtree)
    start = c.left_edge.i
    quoted = any(t.text in QUOTES for t in c.doc[max(start - 2, c.sent.start):start + 1])
    if not quoted or not any(t.lemma_.lower() in ACCUSATORY for t in clause):
        return None  # only the speaker's own words, quoted, condemn; a reporter's paraphrase does not
    described = [t for t in clause if t.dep_ in ("nsubj", "poss") and t.i != v.i]
    target = [a for a in actors_at(described, actors, memory)
              if a.actor.code not in {s.actor.code for s in speaker}]
    if not target:
        return None
    return SpeechAct(lookup("112"), v, speaker, target[:1], "speech:characterise", set())


def _others(target: list[ActorMention], speaker: list[ActorMention]) -> list[ActorMention]:
    """The addressees who are not the speaker ("rebels said the government must ..." is domestic
    but two actors: same state, different sectors)."""
    selves = {(s.actor.code, s.actor.sector) for s in speaker}
    return [t for t in target if (t.actor.code, t.actor.sector) not in selves]


def _demand(v: Token, c: Token, speaker: list[ActorMention], actors: dict[int, ActorMention],
            memory: ArticleActors) -> SpeechAct | None:
    modal = next((a.lower_ for a in c.children if a.dep_ == "aux" and a.lower_ in OBLIGATION), None)
    if modal is None:
        return None
    subj = [t for s in c.children if s.dep_ == "nsubj" for t in with_conjuncts(s)]
    addressed = actors_at(subj, actors, memory)
    if {a.actor.code for a in addressed} & {s.actor.code for s in speaker} and \
            any(a.actor.sector in (None, s.actor.sector) for a in addressed for s in speaker
                if a.actor.code == s.actor.code):
        return None  # "the two sides should ...": a joint resolve that includes the speaker, no demand
    target = _others(addressed, speaker)
    if not target:
        return None
    return SpeechAct(lookup(OBLIGATION[modal]), v, speaker, target, f"speech:{modal}", {t.i for t in c.subtree})


def _blame(v: Token, c: Token, speaker: list[ActorMention], actors: dict[int, ActorMention],
           memory: ArticleActors) -> SpeechAct | None:
    if c.lemma_.lower() != "be":
        return None
    blamed: list[Token] = []
    for x in c.subtree:
        if x.lemma_.lower() in BLAME_NOUNS and x.pos_ == "NOUN":
            blamed += [p for p in x.children if p.dep_ == "poss"]  # "was likely Iran's doing"
        elif x.head is c and x.dep_ in ("acomp", "prep", "advmod") and x.lemma_.lower() in BLAME_ADJS:
            blamed += [s for s in c.children if s.dep_ == "nsubj"]  # "Hamas was responsible"
    target = _others(actors_at(blamed, actors, memory), speaker)
    if not target:
        return None
    return SpeechAct(lookup("112"), v, speaker, target, "speech:blame", {t.i for t in c.subtree})
