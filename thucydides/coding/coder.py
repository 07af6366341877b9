"""The rule coder: triggers and the dependency parse -> events with source, target, date, place.

For every sentence of a parsed article:

1. actors are resolved at their noun-phrase heads (``actors.resolver``);
2. every token that matches a lexicon pattern is a trigger, unless it is negated, inside a
   condition ("if", "unless"), a question, or under a modal of possibility ("may", "could");
3. a trigger governing another trigger through a complement absorbs it ("urged the US to
   waive" is one REQUEST; "threatened to break relations" one THREATEN); a cooperative act
   under an intent word ("will", "ready to", "pledged to") becomes AGREE, a hostile one THREATEN;
4. the source is the subject, found up the chain of complements and conjuncts; passives swap;
   the target is the object, the dative, or the object of a relational preposition; pronouns,
   "the two sides" and "each other" resolve within the article;
5. the date is the nearest time expression, else the article's news day; the place the nearest
   "in/at/near" phrase naming a known state or capital.

Events of one article that report the same happening are merged with all their evidence kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ..actors.kb import KnowledgeBase
from ..actors.resolver import (
    ActorMention,
    ArticleActors,
    article_home,
    find_matches,
    named_states,
    np_head,
    resolve_sentence,
    role_mention,
)
from ..model import Actor, EventMention, Evidence, Location, event_id
from ..ontology import CameoCode
from .dates import default_event_date, find_time_expressions
from .lexicon import Lexicon, Pattern
from .modality import apply_modality, background, blocked
from .places import location
from .roles import SPEECH_VERBS, actors_at, clean_roles, pobj, reciprocal, roles, subject_tokens
from .speech import speech_acts
from .topic import sentence_off_topic, story_topic

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CODER_VERSION = "rules-0.1"
FINITE = {"VBD", "VBZ", "VBP"}



@dataclass
class _Draft:
    """An event before merging: what the mention says, and how sure its date is."""

    code: CameoCode
    pattern: Pattern
    trigger: Token
    source: list[ActorMention]
    target: list[ActorMention]
    date: str | None
    date_explicit: bool
    location: Location | None
    sent: Span
    rule: str
    confidence: float
    extra_mentions: list[Evidence] = field(default_factory=list)


def code_doc(doc: Doc, published: str | None, kb: KnowledgeBase, lexicon: Lexicon,
             article_id: str) -> list[EventMention]:
    """Code every sentence of a parsed article into event mentions (merged within the article)."""
    sents = list(doc.sents)
    if not sents or story_topic(doc.text):
        return []  # a match report or a show: its attacks and clashes are no politics
    news_day = default_event_date(" ".join(s.text for s in sents[:2]), published)
    matches = find_matches(doc, kb)
    memory = ArticleActors(home=article_home(doc, kb, matches), named=named_states(doc, kb, matches))
    drafts: list[_Draft] = []
    for sent in sents:
        actors = resolve_sentence(sent, kb, news_day, memory)
        if sent.text.rstrip().endswith("?") or sentence_off_topic(sent.text):
            continue
        drafts.extend(_code_sentence(sent, actors, kb, lexicon, news_day, published, memory, drafts))
        _update_collective(memory, actors, drafts)
    return _merge(drafts, doc, article_id)


def _code_sentence(sent: Span, actors: dict[int, ActorMention], kb: KnowledgeBase, lexicon: Lexicon,
                   news_day: str | None, published: str | None, memory: ArticleActors,
                   earlier: list[_Draft]) -> list[_Draft]:
    triggers: dict[int, Pattern] = {}
    for tok in sent:
        p = lexicon.match(tok)
        if p is not None and p.cameo.plover is not None:
            triggers[tok.i] = p
    spoken = speech_acts(sent, actors, memory, set(triggers))
    if not triggers and not spoken:
        return []
    times = find_time_expressions(sent.text, published)
    out: list[_Draft] = []
    absorbed: set[int] = set()
    for act in spoken:
        absorbed |= act.covers
        date, explicit = _date_for(act.trigger, sent, times, news_day)
        out.append(_Draft(act.code, Pattern(act.trigger.lemma_.lower(), (), "V", act.code, act.rule), act.trigger,
                          act.source, act.target, date, explicit, location(act.trigger, sent, kb, actors, memory.named), sent,
                          act.rule, 0.6))
    # A request, promise, threat, refusal or accusation stands for the acts it is about:
    # "called for efforts to promote multipolarity, oppose hegemony" is one appeal.
    for i in triggers:
        tok = sent.doc[i]
        if not _absorbs(triggers[i]):
            continue
        clauses = list(tok.children)
        if tok.pos_ == "NOUN" and tok.dep_ == "dobj":
            # "reiterated its demand that Israel ease ...": the clause hangs on the light verb
            clauses += [c for c in tok.head.children if c.dep_ == "ccomp"]
        for c in clauses:
            if c.dep_ in ("xcomp", "ccomp", "dobj", "pcomp", "prep") or (c.dep_ == "acl" and tok.pos_ == "NOUN"):
                # "its demand that Israel ease restrictions": the clause is the demand's content;
                # ... but a finite verb joined on ("urged X to reconsider and spoke with Y") is an
                # act of its own, however the parser attached it.
                absorbed.update(t.i for t in c.subtree if t.i in triggers and t.i != i
                                and not (t.dep_ == "conj" and t.tag_ in FINITE))
            elif c.dep_ == "conj" and c.tag_ == "VB" and tok.tag_ in ("VBD", "VBZ") and c.i in triggers \
                    and triggers[i].cameo.root in ("02", "03", "10"):
                absorbed.add(c.i)  # "called for efforts to promote X, oppose Y": a list of infinitives
    for i, pattern in triggers.items():
        if i in absorbed:
            continue
        tok = sent.doc[i]
        if blocked(tok) or background(tok, triggers):
            continue
        moded = apply_modality(tok, pattern.cameo)
        if moded is None:
            continue
        code, how = moded
        if not how and pattern.plover and pattern.plover != code.plover:
            code = replace(code, plover=pattern.plover)
        rule = f"lexicon:{pattern.name}" + (f"+{how}" if how else "")
        loc = location(tok, sent, kb, actors, memory.named)
        comp = _absorbed_child(tok, triggers, absorbed) or _complement(tok, pattern)
        source, target = roles(tok, sent, actors, memory, pattern)
        if comp is not None and (not target or _own(target, source)):
            _, inner = roles(comp, sent, actors, memory, triggers.get(comp.i, pattern))
            inner = [a for a in inner if all(a.head != s.head for s in source)]
            target = inner or target
        if not target and code.plover == "THREATEN":
            target = _coerced(tok, actors, memory)  # "threatened ... unless Baghdad accepted"
        if not target and source:
            target = _answered(tok, source, earlier)  # "the embassy declined the request"
        source, target = clean_roles(source, target)
        source = _spoken_for(tok, code, source, actors, memory)
        if _own(target, source):
            # "withdraw its troops from Lebanon": the source's own forces are no target, the place is
            target = [a for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "to", "into", "against")
                      for a in actors_at(pobj(c), actors, memory)]
            target = [a for a in target if a.actor.code not in {s.actor.code for s in source}]
        if not target and source:
            target = _implied_target(code, loc, source, sent)
        if not target and source and code.plover == "CONSULT" and tok.lemma_.lower() in ARRIVALS:
            target = _host(loc, source, kb)  # "a Dutch delegation arrived in Hanoi": Vietnam hosts it
        if not source and pattern.pos == "N" and code.plover == "CONSULT":
            source = _reporter(tok, actors, memory)  # "the ban followed discussions with the US", a spokesman said
        if not source and target and code.plover == "ASSAULT" and _unattributed(tok):
            # An attack with victims but no named attacker is still an attack; a blast "near
            # Samarra" is coded, as event data conventionally does, to the place's state.
            source = _implied_target(code, loc, target, sent) if loc is not None else []
        elif not source:
            source = _domestic(tok, pattern, code, target, sent, kb)
            if not source:
                continue
            target = target or _implied_target(code, loc, source, sent)
        if code.plover == "ASSAULT" and not target and loc is None and pattern.pos == "V":
            continue  # "we will keep fighting": a fight with no one, nowhere, is a figure of speech
        if code.root == "11" and not target:
            continue  # "oppose hegemony": disapproval with no one disapproved of is no event
        if code.root == "14" and not pattern.needs and any(c.dep_ == "dobj" for c in tok.children):
            continue  # "demonstrate their resolve" is no protest: protest verbs are intransitive
        if code.plover == "CONSULT" and tok.lemma_.lower() == "arrive" and _arrivals_not_visitors(tok):
            continue  # "peacekeeping troops arrived in Bosnia" is a deployment, not a visit
        if reciprocal(tok, sent) and len(source) > 1:
            date, explicit = _date_for(tok, sent, times, news_day)
            for a in source:
                for b in source:
                    if a.actor.code != b.actor.code:
                        out.append(_Draft(code, pattern, tok, [a], [b], date, explicit, loc, sent,
                                          rule + "+reciprocal", 0.7))
            continue
        if target and {a.actor.code for a in source} == {a.actor.code for a in target} and \
                {a.actor.sector for a in source} == {a.actor.sector for a in target}:
            continue
        date, explicit = _date_for(tok, sent, times, news_day)
        conf = 0.55 + (0.2 if target else 0.0) + (0.1 if explicit else 0.0) + (0.05 if pattern.needs else 0.0)
        out.append(_Draft(code, pattern, tok, source, target, date, explicit, loc, sent, rule, round(conf, 2)))
    return out


def _complement(tok: Token, pattern: Pattern) -> Token | None:
    """The act a threat, promise or demand is about, even when it is no trigger of its own
    ("threatened to deliver devastating blows to the United States")."""
    if not _absorbs(pattern):
        return None
    return next((c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")), None)


# Nouns that refer back to an act told earlier in the article, by the act's PLOVER type.
EVENT_NOUNS = {
    "request": {"REQUEST"}, "demand": {"REQUEST"}, "appeal": {"REQUEST"}, "call": {"REQUEST"},
    "plea": {"REQUEST"}, "offer": {"AGREE", "AID"}, "proposal": {"AGREE"}, "invitation": {"AGREE", "CONSULT"},
    "ultimatum": {"THREATEN"}, "threat": {"THREATEN"}, "accusation": {"ACCUSE"}, "allegation": {"ACCUSE"},
    "charge": {"ACCUSE"}, "mistake": {"ASSAULT", "COERCE"}, "incident": {"ASSAULT", "COERCE"},
    "attack": {"ASSAULT"}, "shooting": {"ASSAULT"}, "downing": {"ASSAULT"}, "killing": {"ASSAULT"},
    "strike": {"ASSAULT"}, "bombing": {"ASSAULT"}, "error": {"ASSAULT", "COERCE"}, "sanction": {"SANCTION"},
    "ban": {"SANCTION", "COERCE"}, "decision": {"SANCTION", "COERCE", "REJECT"},
}


def _answered(tok: Token, source: list[ActorMention], earlier: list[_Draft]) -> list[ActorMention]:
    """'The embassy declined the request', 'Iran regrets this mistake': a definite noun naming an
    act told earlier points at its parties -- whoever made the request, whoever was hit."""
    nouns = [c for c in tok.children if c.dep_ == "dobj"]
    nouns += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("for", "over", "to") for g in c.children
              if g.dep_ == "pobj"]
    for n in nouns:
        kinds = EVENT_NOUNS.get(n.lemma_.lower())
        if not kinds or not any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "that", "these", "its",
                                                                        "their", "his", "her", "such")
                                for c in n.children):
            continue
        mine = _codes(source)
        for d in reversed(earlier):
            if d.code.plover not in kinds:
                continue
            if mine & _codes(d.target) and d.source:
                return d.source  # answering someone's act: they are the target
            if mine & _codes(d.source) and d.target:
                return d.target  # owning up to one's own act: its victims are the target
    return []


VERBAL_ROOTS = {"02", "03", "05", "10", "11", "12", "13"}


def _spoken_for(tok: Token, code: CameoCode, source: list[ActorMention], actors: dict[int, ActorMention],
                memory: ArticleActors) -> list[ActorMention]:
    """A verbal act quoted from a named person speaking for their state ("Iranian President
    Hassan Rouhani said: 'Iran deeply regrets ...'") is the person's act: they made it."""
    verbal = code.root in VERBAL_ROOTS or code.code.startswith("055")
    if not verbal or not source or tok.dep_ not in ("ccomp", "ROOT", "conj"):
        return source
    cur = tok
    while cur.dep_ == "conj" and cur.head is not cur:
        cur = cur.head
    if cur.dep_ != "ccomp" or cur.head.lemma_.lower() not in SPEECH_VERBS:
        return source
    subj, _ = subject_tokens(cur.head)
    said_by = [m for m in actors_at(subj, actors, memory) if m.kind == "person"]
    if said_by and {m.actor.code for m in source} == {m.actor.code for m in said_by}:
        return said_by
    return source


def _reporter(tok: Token, actors: dict[int, ActorMention], memory: ArticleActors) -> list[ActorMention]:
    """Who reports talks their side held: the subject of the speech verb the clause hangs on."""
    cur = tok
    for _ in range(8):
        if cur.head is cur:
            return []
        if cur.dep_ in ("ccomp", "conj") and cur.head.lemma_.lower() in SPEECH_VERBS:
            subj, _ = subject_tokens(cur.head)
            return actors_at(subj, actors, memory)
        cur = cur.head
    return []


def _own(target: list[ActorMention], source: list[ActorMention]) -> bool:
    return bool(target) and all(t.actor.code in {s.actor.code for s in source} and t.kind == "agent"
                                and t.actor.sector != "GOV" for t in target)


def _coerced(tok: Token, actors: dict[int, ActorMention], memory: ArticleActors) -> list[ActorMention]:
    """The subject of the condition a threat sets: it is the threatened."""
    for c in tok.subtree:
        if c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("unless", "if") for g in c.children):
            subj, _ = subject_tokens(c)
            found = actors_at(subj, actors, memory)
            if found:
                return found
    return []


# Acts done to a place's people: with no other target, the place (or, for a protest, the
# protesters' own state) is what they are done to.
# Verbs of arriving somewhere: a visit's place names its host (CAMEO 042, "make a visit").
ARRIVALS = {"arrive", "land", "travel", "fly"}


def _host(loc: Location | None, source: list[ActorMention], kb: KnowledgeBase) -> list[ActorMention]:
    """The state a visitor arrives in, when it is not the visitor's own."""
    if loc is None or not loc.country or loc.country in {a.actor.code for a in source}:
        return []
    host = kb.country(loc.country)
    return [_state_mention(loc.name or host.name, loc.country, "GOV", host.name, host.id)] if host else []


def _state_mention(text: str, code: str, sector: str | None, name: str | None = None,
                   entry_id: str | None = None) -> ActorMention:
    """A state no phrase of the sentence names, taken from its place or context."""
    return ActorMention(-1, Actor(text=text, name=name or text, code=code, sector=sector, id=entry_id), "country", -1, -1)


PLACE_TARGETED = {"PROTEST", "COERCE", "ASSAULT", "THREATEN", "SANCTION"}


def _implied_target(code: CameoCode, loc: Location | None, source: list[ActorMention],
                    sent: Span) -> list[ActorMention]:
    if code.plover not in PLACE_TARGETED:
        return []
    country = loc.country if loc is not None else None
    if country is None and code.plover == "PROTEST":
        country = source[0].actor.code if source[0].actor.code and len(source[0].actor.code) == 3 else None
    if not country or country.startswith(("IGO", "NGO", "IMG", "MNC")):
        return []
    name = loc.name if loc is not None else country
    return [_state_mention(name or country, country, "GOV" if code.plover == "PROTEST" else None)]


# What arrives without visiting: forces, craft, goods and people on the move.
NOT_VISITORS = {"troop", "soldier", "force", "peacekeeper", "contingent", "deployment", "unit", "battalion", "brigade",
                "warship", "ship", "vessel", "aircraft", "plane", "jet", "convoy", "aid", "shipment", "supply",
                "consignment", "cargo", "refugee", "migrant", "asylum-seeker"}


def _arrivals_not_visitors(tok: Token) -> bool:
    subj, _ = subject_tokens(tok)
    return any(_members(np_head(t)).lemma_.lower() in NOT_VISITORS for t in subj)


QUANTITY_HEADS = {"group", "hundred", "thousand", "dozen", "million", "number", "crowd", "band", "score", "batch",
                  "patch", "wave"}


def _members(head: Token) -> Token:
    """What a quantity is of: "a group of refugees", "hundreds of students", "a first batch of troops"."""
    if head.lemma_.lower() in QUANTITY_HEADS or head.pos_ == "NUM":
        return next((g for c in head.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj"), head)
    return head


def _domestic(tok: Token, pattern: Pattern, code: CameoCode, target: list[ActorMention], sent: Span,
              kb: KnowledgeBase) -> list[ActorMention]:
    """'Rebels demanded the resignation of Algeria's president', 'refugees went on hunger strike
    over the Russian government's refusal': a group named by its role alone, acting on one state's
    people or government (a protest: in a sentence naming one state) and no other state named in
    the sentence, is taken to belong to that state, as event data code such acts (domestic)."""
    named = {m.entry.code for m in find_matches(sent, kb) if m.entry.kind == "country" and m.entry.code}
    codes = {a.actor.code or "" for a in target} or (named if code.plover == "PROTEST" else set())
    if len(codes) != 1 or named - codes:
        return []
    state = kb.country(next(iter(codes)))
    if state is None:
        return []
    if pattern.pos == "N":
        doers = [c for c in tok.children if c.dep_ == "poss"]
        if not doers and tok.dep_ == "dobj":
            doers = subject_tokens(tok.head)[0]
    else:
        doers, passive = subject_tokens(tok)
        if passive:
            return []
    for d in doers:
        head = np_head(d)
        if head.lower_ in ("it", "they", "its", "their"):
            # "the party said it will boycott ...": the last role-named subject before the pronoun
            head = next((t for t in reversed(sent.doc[sent.start:head.i]) if t.dep_ in ("nsubj", "nsubjpass")
                         and t.lemma_.lower() in kb.agents), head)
        head = _members(head)
        sector = kb.agents.get(head.lemma_.lower())
        if sector is not None and head.pos_ == "NOUN":
            return [role_mention(head, state, sector)]
    return []


VIOLENT_NOUNS = {"bombing", "explosion", "blast", "attack", "shelling", "airstrike", "strike", "raid", "mine",
                 "bomb", "rocket", "missile", "gunfire", "clash", "violence", "fighting", "ambush", "shooting",
                 "fire", "grenade", "shell", "drone"}


def _unattributed(tok: Token) -> bool:
    """'Three civilians were killed in a bombing', 'A roadside bomb killed two soldiers': the
    act's doer is a weapon or a blast, or is not named at all."""
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    if any(c.dep_ == "nsubjpass" for c in subj):
        return not any(c.dep_ == "agent" for c in tok.children)
    return bool(subj) and all(s.lemma_.lower() in VIOLENT_NOUNS for s in subj)


def _absorbs(p: Pattern) -> bool:
    """Triggers whose complement is the content of the act rather than a second act."""
    return p.cameo.root in ("02", "03", "10", "12", "13", "11") or p.trigger in ("agree", "offer", "refuse")


def _absorbed_child(tok: Token, triggers: dict[int, Pattern], absorbed: set[int]) -> Token | None:
    for c in tok.children:
        if c.i in absorbed:
            return c
        for g in c.children:
            if g.i in absorbed:
                return g
    return None




def _date_for(tok: Token, sent: Span, times: list, news_day: str | None) -> tuple[str | None, bool]:
    """The nearest time expression in the sentence, else the article's news day."""
    if not times:
        return news_day, False
    pos = tok.idx - sent.start_char
    best = min(times, key=lambda t: min(abs(t.start - pos), abs(t.end - pos)))
    return best.value, True


def _update_collective(memory: ArticleActors, actors: dict[int, ActorMention], drafts: list[_Draft]) -> None:
    for m in actors.values():
        if m.kind != "person":
            memory.last_collective = m
    # "Sides", "countries", "leaders" are states or their people, not the bodies they talk about.
    for d in reversed(drafts):
        parties: dict[str, ActorMention] = {}
        for m in d.source + d.target:
            if m.actor.code and m.kind in ("person", "country", "agent"):
                parties.setdefault(m.actor.code, m)
        if len(parties) == 2:
            memory.last_pair = list(parties.values())
            break


def _merge(drafts: list[_Draft], doc: Doc, article_id: str) -> list[EventMention]:
    """One event per happening: same type, same actors, compatible dates -> one event, all mentions."""
    merged: list[_Draft] = []
    for d in drafts:
        for k, m in enumerate(merged):
            if _same_event(m, d):
                if not m.target and d.target:
                    # The mention that names the target tells the event best: it leads.
                    d.extra_mentions, m.extra_mentions = m.extra_mentions, []
                    d.date, d.date_explicit, d.location = m.date, m.date_explicit, m.location or d.location
                    d.confidence = m.confidence
                    merged[k], m, d = d, d, m
                if d.sent.start_char != m.sent.start_char and \
                        all(x.start != d.sent.start_char for x in m.extra_mentions):
                    m.extra_mentions.append(_evidence(d))
                if d.date_explicit and (not m.date_explicit or len(d.date or "") > len(m.date or "")):
                    m.date, m.date_explicit = d.date, True
                if m.location is None and d.location is not None:
                    m.location = d.location
                m.confidence = min(0.99, m.confidence + 0.05)
                break
        else:
            merged.append(d)
    return [_finish(d, article_id) for d in merged]


def _codes(ms: list[ActorMention]) -> frozenset[str]:
    return frozenset(m.actor.code for m in ms if m.actor.code)


def _ids(ms: list[ActorMention]) -> frozenset[str]:
    return frozenset(m.actor.id or m.actor.text for m in ms)


def _same_event(a: _Draft, b: _Draft) -> bool:
    if a.code.plover != b.code.plover:
        return False
    # An event told without its target is the one told with it, if the same actor tells it
    # (or the same sentence does): "Egypt held talks with Israel to discuss the border".
    partial = (not a.target or not b.target) and (a.sent.start == b.sent.start or _ids(a.source) == _ids(b.source))
    if a.code.plover == "CONSULT":  # meetings are symmetric: the same parties in any order
        pa, pb = _codes(a.source) | _codes(a.target), _codes(b.source) | _codes(b.target)
        if pa != pb and not (partial and (pa <= pb or pb <= pa)):
            return False
    elif _codes(a.source) != _codes(b.source) or (_codes(a.target) != _codes(b.target)
                                                 and not (partial and (not a.target or not b.target))):
        return False
    if a.date and b.date and a.date_explicit and b.date_explicit:
        return a.date.startswith(b.date) or b.date.startswith(a.date)
    return True


def _evidence(d: _Draft) -> Evidence:
    return Evidence(sentence=d.sent.text, start=d.sent.start_char, end=d.sent.end_char, trigger=d.trigger.text)


def _finish(d: _Draft, article_id: str) -> EventMention:
    src = [_actor(m) for m in d.source]
    tgt = [_actor(m) for m in d.target]
    ev = _evidence(d)
    return EventMention(
        id=event_id(article_id, d.code.plover or "", d.code.code, src, tgt, d.date, ev.start),
        type=d.code.plover,  # type: ignore[arg-type]
        mode=d.code.mode, context=list(d.code.context), cameo=d.code.code, goldstein=d.code.goldstein,
        quad_class=d.code.quad_class, date=d.date, source=src, target=tgt, location=d.location,
        evidence=ev, mentions=[ev, *d.extra_mentions], confidence=d.confidence,
        coder=f"{CODER_VERSION} {d.rule}",
    )


def _actor(m: ActorMention) -> Actor:
    return m.actor.model_copy()
