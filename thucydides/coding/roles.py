"""Who did it to whom: source and target actors of a trigger, from the dependency parse."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..actors.resolver import ActorMention, ArticleActors, np_head
from .modality import LIGHT_NOUNS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from .lexicon import Pattern

SPEECH_VERBS = {"say", "tell", "announce", "state", "add", "note", "declare", "claim", "report", "insist",
                "stress", "warn", "reiterate", "confirm", "write", "explain", "argue"}


TARGET_PREPS = {"with", "to", "against", "on", "toward", "towards", "into", "upon", "from", "for", "over",
                "at", "between", "among", "of"}


SUBJECT_CLIMB = {"xcomp", "conj", "advcl", "acomp", "pcomp", "relcl", "acl", "ccomp"}


PAIR_PHRASES = {"side", "country", "nation", "leader", "government", "minister", "party"}


MEDIATION = {"045", "039", "028", "108", "126", "165", "135"}  # the parties "between" are the targets
AGENTIVE = {"willing", "ready", "prepared", "determined", "eager", "able", "unable", "committed", "keen",
            "reluctant", "unwilling", "open", "opposed", "set", "poised", "responsible", "happy", "glad"}
AIMING = {"target", "aim", "hit", "strike", "kill"}
RECIPROCAL = {"each other", "one another"}


# Verbs whose passive with no agent names a stance of the subject, not something done to it.
STATIVE_PASSIVES = {"commit", "oppose", "dedicate", "devote", "determine", "resolve"}


def subject_tokens(tok: Token) -> tuple[list[Token], bool]:
    """Subject tokens of a trigger (climbing complements and conjuncts), and whether passive."""
    cur = tok
    for _ in range(6):
        subj = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        # The parser sometimes hangs the subject on an auxiliary ("The US has been encouraging").
        subj = subj or [g for c in cur.children if c.dep_ in ("aux", "auxpass") for g in c.children
                        if g.dep_ in ("nsubj", "nsubjpass")]
        if subj:
            passive = subj[0].dep_ == "nsubjpass"
            if passive and cur.lemma_.lower() in STATIVE_PASSIVES and not any(c.dep_ == "agent" for c in cur.children):
                passive = False  # "Vietnam is committed to ...", "Japan is opposed to ...": a stance held
            return with_conjuncts(subj[0]), passive
        if cur.dep_ == "acl" and cur.tag_ == "VBG" and cur.head.dep_ in ("dobj", "attr", "pobj") \
                and cur.head.pos_ == "NOUN":
            # "issued a declaration demanding that ...": the declaration's issuer demands
            cur = cur.head.head if cur.head.dep_ != "pobj" else cur.head.head.head
            continue
        if cur.dep_ in ("relcl", "acl") and cur.head is not cur:
            return with_conjuncts(cur.head), any(c.dep_ == "auxpass" for c in cur.children) or cur.tag_ == "VBN"
        if cur.dep_ in SUBJECT_CLIMB and cur.head is not cur:
            if cur.dep_ == "ccomp" and cur.head.lemma_.lower() not in SPEECH_VERBS:
                break
            cur = cur.head
            continue
        break
    return [], False


def with_conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.conjuncts:
        out.append(c)
    return out


def actors_at(tokens: list[Token], actors: dict[int, ActorMention], memory: ArticleActors) -> list[ActorMention]:
    found: list[ActorMention] = []
    for t in tokens:
        head = np_head(t)
        if head.i in actors:
            found.extend(actors[head.i].group())
            continue
        inner = inner_actor(head, actors)
        if inner is not None:
            found.extend(inner.group())
            continue
        low = t.lower_
        earlier = [m for i, m in sorted(actors.items()) if i < t.i]
        if low in ("we", "us", "our", "i", "my") and (spoken := speaker(t, actors, memory)):
            found.extend(spoken)  # the first person of a quote is its speaker
        elif low in ("he", "she", "him", "her"):
            people = [m for m in earlier if m.kind == "person"]
            if people:
                found.append(people[-1])
            elif memory.last_person is not None:
                found.append(memory.last_person)
        elif low == "it" and t.head.lemma_ == "be" and not any(
                c.dep_ == "acomp" and c.lemma_.lower() in AGENTIVE for c in t.head.children) and any(
                c.dep_ in ("acomp", "attr", "xcomp", "ccomp") for c in t.head.children):
            continue  # "it is fun working with ...": an expletive, no one ("it is willing to" is someone)
        elif low in ("they", "them", "it", "its", "their"):
            groups = [m for m in earlier if m.kind != "person"]
            pairs = [x for x in t.sent if x.i < t.i and x.lemma_.lower() in PAIR_PHRASES
                     and any(c.lower_ in ("two", "both") for c in x.children)]
            if pairs and low in ("they", "them", "their") and pair(memory):
                found.extend(pair(memory))  # "Both ministers said they support ..."
            elif groups:
                found.extend(groups[-1].group())
            elif memory.last_collective is not None:
                found.extend(memory.last_collective.group())
        elif t.lemma_.lower() in PAIR_PHRASES and any(c.lower_ in ("two", "both") for c in t.children):
            found.extend(pair(memory))
    return found


def speaker(tok: Token, actors: dict[int, ActorMention], memory: ArticleActors) -> list[ActorMention]:
    """Who is speaking where ``tok`` stands: the subject of the speech verb above it, else the
    last person quoted in the article."""
    cur = tok
    for _ in range(8):
        if cur.lemma_.lower() in SPEECH_VERBS:
            for c in cur.children:
                if c.dep_ == "nsubj" and c.i != tok.i:
                    head = np_head(c)
                    if head.i in actors:
                        return actors[head.i].group()
        if cur.head is cur:
            break
        cur = cur.head
    # A quote's verb is often the sentence root, with "said X" hanging below it.
    for t in tok.sent:
        if t.lemma_.lower() in SPEECH_VERBS:
            for c in t.children:
                if c.dep_ == "nsubj" and np_head(c).i in actors:
                    return actors[np_head(c).i].group()
    return [memory.last_person] if memory.last_person is not None else []


def inner_actor(head: Token, actors: dict[int, ActorMention], depth: int = 0) -> ActorMention | None:
    """The actor behind a non-actor noun: 'calls by Belarus's rulers', 'the right of Russian
    troops', 'restrictions on the movement of Palestinian workers'."""
    if head.pos_ not in ("NOUN", "PROPN") or depth > 2:
        return None
    # "the calls by UK officials asking the US to ...": the asked, not the askers, are in view.
    asked = [g for c in head.children if c.dep_ == "acl" and c.tag_ == "VBG" for g in c.children
             if g.dep_ == "dobj" and np_head(g).i in actors]
    if asked:
        return actors[np_head(asked[0]).i]
    for c in head.children:
        if c.dep_ == "prep" and (c.lower_ in ("including", "like") or
                                 (c.lower_ == "as" and any(s.lower_ == "such" for s in c.children))):
            # "allies such as Germany", "partners including Japan"
            for g in pobj(c):
                h = np_head(g)
                if h.i in actors:
                    return actors[h.i]
        if c.dep_ == "prep" and c.lower_ in ("by", "from", "of", "on", "against", "for", "with", "to"):
            for g in pobj(c):
                h = np_head(g)
                if h.i in actors:
                    return actors[h.i]
                deeper = inner_actor(h, actors, depth + 1)
                if deeper is not None:
                    return deeper
    return None


def pair(memory: ArticleActors) -> list[ActorMention]:
    """'The two sides': the parties of the last two-sided event, else the last two actors named."""
    if memory.last_pair:
        return memory.last_pair
    seen: dict[str | None, ActorMention] = {}
    for m in reversed(memory.recent):
        if m.actor.code and m.actor.code not in seen:
            seen[m.actor.code] = m
        if len(seen) == 2:
            break
    return list(seen.values()) if len(seen) == 2 else []


def roles(tok: Token, sent: Span, actors: dict[int, ActorMention], memory: ArticleActors,
           pattern: Pattern) -> tuple[list[ActorMention], list[ActorMention]]:
    """Source and target actor mentions of a trigger."""
    source: list[ActorMention] = []
    target: list[ActorMention] = []
    mediating = pattern.cameo.code in MEDIATION
    if pattern.pos == "N":
        if tok.dep_ == "compound" and tok.head.lemma_.lower() in LIGHT_NOUNS:
            tok = tok.head  # "launched a mediation effort between X and Y": the effort carries the act
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod"):
                source += actors_at([c], actors, memory)
            elif c.dep_ == "prep" and c.lower_ == "between" and mediating:
                target += actors_at(pobj(c), actors, memory)  # a mediation between X and Y is done to them
            elif c.dep_ == "prep" and c.lower_ in ("by", "from", "between"):
                source += actors_at(pobj(c), actors, memory)
            elif c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                target += actors_at(pobj(c), actors, memory)
        if not source and tok.dep_ in ("dobj", "pobj", "attr", "nsubjpass"):
            verb = tok.head if tok.dep_ != "pobj" else tok.head.head
            # Only a verb's own subject acts through its object noun ("launched an invasion"); an
            # idiom ("on demand") or an "it is" sentence lends the noun no actor.
            if verb.pos_ in ("VERB", "AUX") and not (tok.dep_ == "attr" and verb.lemma_ == "be"):
                subj, passive = subject_tokens(verb)
                subj = [s for s in subj if s.lower_ not in ("it", "this", "that", "there")]
                if not passive:
                    source += actors_at(subj, actors, memory)
        if not target and tok.dep_ == "dobj":
            # "reiterated its demand that Israel ease restrictions": the clause's subject is addressed
            for c in tok.head.children:
                if c.dep_ == "ccomp":
                    target += actors_at([s for s in c.children if s.dep_ == "nsubj"], actors, memory)
        return source, target
    subj, passive = subject_tokens(tok)
    subj_actors = actors_at(subj, actors, memory)
    if passive:
        target += subj_actors
        for c in tok.children:
            if c.dep_ == "agent":
                source += actors_at(pobj(c), actors, memory)
    else:
        source += subj_actors
    objs: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("dobj", "dative", "iobj") and c.lower_ not in RECIPROCAL:
            objs += with_conjuncts(c)
    target += actors_at(objs, actors, memory)
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in TARGET_PREPS and not target:
            if c.lower_ == "between" and not mediating:
                source += actors_at(pobj(c), actors, memory)
            else:
                target += actors_at(pobj(c), actors, memory)
        elif c.dep_ == "prt":
            for g in c.children:
                if g.dep_ == "prep" and g.lower_ in TARGET_PREPS and not target:
                    target += actors_at(pobj(g), actors, memory)
    # Light verbs: "held talks with X", "imposed sanctions on X", "launched an attack on X".
    if not target:
        for c in tok.children:
            if c.dep_ == "dobj":
                for g in c.children:
                    if g.dep_ == "prep" and g.lower_ in TARGET_PREPS and g.lower_ != "of":
                        target += actors_at(pobj(g), actors, memory)
                    elif g.dep_ == "prep" and g.lower_ == "between":
                        (target if mediating else source).extend(actors_at(pobj(g), actors, memory))
                    elif g.dep_ == "acl" and (g.lemma_.lower() in AIMING or g.tag_ == "VBG"):
                        # "launched missiles targeting US troops", "joined the calls asking the US to"
                        target += actors_at([x for x in g.children if x.dep_ == "dobj"], actors, memory)
    # "urged the embassy to reconsider": the object of the governing verb is set; else an xcomp's.
    if not target:
        for c in tok.children:
            if c.dep_ in ("xcomp", "ccomp"):
                for g in c.children:
                    if g.dep_ in ("nsubj", "dobj"):
                        target += actors_at(with_conjuncts(g), actors, memory)
    return source, target


def reciprocal(tok: Token, sent: Span) -> bool:
    """'support each other', 'met one another': every source acts on every other."""
    after = sent.doc[tok.i + 1: min(tok.i + 5, sent.end)].text.lower()
    return any(r in after for r in RECIPROCAL)


def pobj(prep: Token) -> list[Token]:
    """The objects of a preposition, and of the prepositions joined to it ("within Europe and
    with the US")."""
    out: list[Token] = []
    for p in [prep, *(c for c in prep.conjuncts if c.pos_ == "ADP")]:
        for g in p.children:
            if g.dep_ in ("pobj", "pcomp"):
                out += with_conjuncts(g)
    return out


def clean_roles(source: list[ActorMention], target: list[ActorMention]) -> tuple[list[ActorMention], list[ActorMention]]:
    def uniq(xs: list[ActorMention]) -> list[ActorMention]:
        seen: set[int] = set()
        out = []
        for x in xs:
            if x.head not in seen and x.actor.code:
                seen.add(x.head)
                out.append(x)
        return out
    return uniq(source), uniq(target)
