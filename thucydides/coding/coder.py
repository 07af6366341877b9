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
from ..actors.resolver import ActorMention, ArticleActors, np_head, resolve_sentence
from ..model import Actor, EventMention, Evidence, Location, event_id
from ..ontology import CameoCode, lookup
from .dates import default_event_date, find_time_expressions
from .lexicon import Lexicon, Pattern

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CODER_VERSION = "rules-0.1"

INTENT_WORDS = {"ready", "willing", "prepared", "determined", "eager", "pledge", "promise", "vow", "plan",
                "intend", "decide", "resolve", "aim", "seek", "expect", "hope", "want", "commit", "set"}
FUTURE_AUX = {"will", "would", "shall", "'ll"}
DOUBT_AUX = {"may", "might", "could", "can"}
CONDITION_MARKS = {"if", "unless", "whether", "lest"}
SPEECH_VERBS = {"say", "tell", "announce", "state", "add", "note", "declare", "claim", "report", "insist",
                "stress", "warn", "reiterate", "confirm", "write", "explain", "argue"}
TARGET_PREPS = {"with", "to", "against", "on", "toward", "towards", "into", "upon", "from", "for", "over",
                "at", "between", "among", "of"}
PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout"}
SUBJECT_CLIMB = {"xcomp", "conj", "advcl", "acomp", "pcomp", "relcl", "acl", "ccomp"}
PAIR_PHRASES = {"side", "country", "nation", "leader", "government", "minister", "party"}
RECIPROCAL = {"each other", "one another"}

# Intent to act (CAMEO 03x) for cooperative acts, by the act's CAMEO root.
INTENT_COOP = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "03": "030"}


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
    if not sents:
        return []
    news_day = default_event_date(" ".join(s.text for s in sents[:2]), published)
    memory = ArticleActors()
    drafts: list[_Draft] = []
    for sent in sents:
        actors = resolve_sentence(sent, kb, news_day, memory)
        if sent.text.rstrip().endswith("?"):
            continue
        drafts.extend(_code_sentence(sent, actors, kb, lexicon, news_day, published, memory))
        _update_collective(memory, actors, drafts)
    return _merge(drafts, doc, article_id)


def _code_sentence(sent: Span, actors: dict[int, ActorMention], kb: KnowledgeBase, lexicon: Lexicon,
                   news_day: str | None, published: str | None, memory: ArticleActors) -> list[_Draft]:
    triggers: dict[int, Pattern] = {}
    for tok in sent:
        p = lexicon.match(tok)
        if p is not None and p.cameo.plover is not None:
            triggers[tok.i] = p
    if not triggers:
        return []
    times = find_time_expressions(sent.text, published)
    out: list[_Draft] = []
    absorbed: set[int] = set()
    # A trigger that governs another through a complement absorbs it.
    for i in triggers:
        tok = sent.doc[i]
        for c in tok.children:
            if c.i in triggers and c.dep_ in ("xcomp", "ccomp", "dobj", "pcomp") and _absorbs(triggers[i]):
                absorbed.add(c.i)
            for g in c.children if c.dep_ in ("prep", "dobj") else ():
                if g.i in triggers and g.dep_ in ("pcomp", "xcomp") and _absorbs(triggers[i]):
                    absorbed.add(g.i)
    for i, pattern in triggers.items():
        if i in absorbed:
            continue
        tok = sent.doc[i]
        if _blocked(tok) or _background(tok, triggers):
            continue
        moded = _apply_modality(tok, pattern.cameo)
        if moded is None:
            continue
        code, how = moded
        if not how and pattern.plover and pattern.plover != code.plover:
            code = replace(code, plover=pattern.plover)
        rule = f"lexicon:{pattern.name}" + (f"+{how}" if how else "")
        comp = _absorbed_child(tok, triggers, absorbed)
        source, target = _roles(tok, sent, actors, memory, pattern)
        if comp is not None and not target:
            _, target = _roles(comp, sent, actors, memory, triggers[comp.i])
            target = [a for a in target if all(a.head != s.head for s in source)]
        source, target = _clean_roles(source, target)
        if not source:
            continue
        if code.root == "14" and not pattern.needs and any(c.dep_ == "dobj" for c in tok.children):
            continue  # "demonstrate their resolve" is no protest: protest verbs are intransitive
        if _reciprocal(tok, sent) and len(source) > 1:
            date, explicit = _date_for(tok, sent, times, news_day)
            loc = _location(tok, sent, kb, actors)
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
        loc = _location(tok, sent, kb, actors)
        conf = 0.55 + (0.2 if target else 0.0) + (0.1 if explicit else 0.0) + (0.05 if pattern.needs else 0.0)
        out.append(_Draft(code, pattern, tok, source, target, date, explicit, loc, sent, rule, round(conf, 2)))
    return out


def _background(tok: Token, triggers: dict[int, Pattern]) -> bool:
    """Acts told in passing: in a relative clause ("the forces, who had attacked ..."), or a noun
    that is only an argument of another trigger ("blamed Israel for the bombing")."""
    cur = tok
    nominal = tok.pos_ in ("NOUN", "PROPN")
    for _ in range(8):
        if cur.dep_ == "relcl" and not (nominal and cur is tok):
            return True
        if cur.dep_ == "acl" and not (nominal and cur is tok) and cur.tag_ != "VBG":
            return True  # "officials asking the US to ..." is the officials' act; "a ban imposed in" is not
        if cur.head is cur:
            return False
        parent = cur.head
        if nominal and parent.i in triggers and parent.i != tok.i:
            return True
        if cur.dep_ in ("compound", "amod") and cur is tok:
            return True  # "aid workers", "the protest movement"
        cur = parent
    return False


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


def _blocked(tok: Token) -> bool:
    """Negated, conditional, or merely possible acts are not events."""
    cur: Token | None = tok
    depth = 0
    while cur is not None and depth < 6:
        for c in cur.children:
            negation = c.dep_ == "neg" or (c.lower_ in ("never", "no") and c.dep_ in ("advmod", "det"))
            if negation and cur is not tok and cur.lemma_.lower() not in INTENT_WORDS:
                return True  # "did not try to attack"; "is not willing to" is handled as a refusal
            if c.dep_ == "mark" and c.lower_ in CONDITION_MARKS:
                return True
            if c.dep_ == "aux" and c.lower_ in DOUBT_AUX and cur is tok:
                return True
        if cur.dep_ in ("xcomp", "conj", "acomp") or (cur.dep_ == "advcl" and cur is tok):
            cur = cur.head if cur.head is not cur else None
        else:
            break
        depth += 1
    return False


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or (c.lower_ == "never" and c.dep_ == "advmod") for c in tok.children)


def _conditioned(tok: Token) -> bool:
    """An 'unless' or 'if' clause hangs on the act: "will withdraw its force unless ..."."""
    return any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("unless", "if") for g in c.children)
               for c in tok.children)


# A hostile act announced, not done, is a threat (CAMEO 13x), by the act's CAMEO root.
THREAT_OF = {"14": "133", "15": "130", "16": "131", "17": "137", "18": "138", "19": "138", "20": "138",
             "08": "130", "07": "1311"}


def _apply_modality(tok: Token, code: CameoCode) -> tuple[CameoCode, str] | None:
    """Recode an act by its modality; None when it is no event (denied, merely possible)."""
    intent = _is_intent(tok)
    verbal = code.root in ("02", "03", "10", "11", "12", "13")
    if _negated(tok):
        if intent and code.quad_class in (1, 2) and not verbal:
            return lookup("120"), "refusal"  # "will not accept any more refugees"
        return None
    if not intent or verbal:
        return code, ""
    if _conditioned(tok) or code.quad_class in (3, 4):
        return lookup(THREAT_OF.get(code.root, "130")), "threat"
    return lookup(INTENT_COOP.get(code.root, "030")), "intent"


def _is_intent(tok: Token) -> bool:
    """The act is announced, not done: a future auxiliary or an intent word governs it."""
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in tok.children):
        return True
    cur = tok
    for _ in range(3):
        if cur.dep_ not in ("xcomp", "conj") or cur.head is cur:
            return False
        cur = cur.head
        if cur.lemma_.lower() in INTENT_WORDS:
            return True
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in cur.children):
            return True
    return False


def _subject_tokens(tok: Token) -> tuple[list[Token], bool]:
    """Subject tokens of a trigger (climbing complements and conjuncts), and whether passive."""
    cur = tok
    for _ in range(6):
        subj = [c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")]
        if subj:
            passive = subj[0].dep_ == "nsubjpass"
            return _with_conjuncts(subj[0]), passive
        if cur.dep_ in ("relcl", "acl") and cur.head is not cur:
            return _with_conjuncts(cur.head), any(c.dep_ == "auxpass" for c in cur.children) or cur.tag_ == "VBN"
        if cur.dep_ in SUBJECT_CLIMB and cur.head is not cur:
            if cur.dep_ == "ccomp" and cur.head.lemma_.lower() not in SPEECH_VERBS:
                break
            cur = cur.head
            continue
        break
    return [], False


def _with_conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.conjuncts:
        out.append(c)
    return out


def _actors_at(tokens: list[Token], actors: dict[int, ActorMention], memory: ArticleActors) -> list[ActorMention]:
    found: list[ActorMention] = []
    for t in tokens:
        head = np_head(t)
        if head.i in actors:
            found.extend(actors[head.i].group())
            continue
        inner = _inner_actor(head, actors)
        if inner is not None:
            found.extend(inner.group())
            continue
        low = t.lower_
        earlier = [m for i, m in sorted(actors.items()) if i < t.i]
        if low in ("he", "she", "him", "her"):
            people = [m for m in earlier if m.kind == "person"]
            if people:
                found.append(people[-1])
            elif memory.last_person is not None:
                found.append(memory.last_person)
        elif low in ("they", "them", "we", "it", "its", "their"):
            groups = [m for m in earlier if m.kind != "person"]
            if groups:
                found.extend(groups[-1].group())
            elif memory.last_collective is not None:
                found.extend(_expand(memory.last_collective, memory))
        elif t.lemma_.lower() in PAIR_PHRASES and any(c.lower_ in ("two", "both") for c in t.children):
            found.extend(_pair(memory))
    return found


def _expand(m: ActorMention, memory: ArticleActors) -> list[ActorMention]:
    return m.group()


def _inner_actor(head: Token, actors: dict[int, ActorMention]) -> ActorMention | None:
    """The actor behind a non-actor noun: 'calls by Belarus's rulers', 'the removal of X'."""
    if head.pos_ not in ("NOUN", "PROPN"):
        return None
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in ("by", "from"):
            for g in _pobj(c):
                h = np_head(g)
                if h.i in actors:
                    return actors[h.i]
    return None


def _pair(memory: ArticleActors) -> list[ActorMention]:
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


def _roles(tok: Token, sent: Span, actors: dict[int, ActorMention], memory: ArticleActors,
           pattern: Pattern) -> tuple[list[ActorMention], list[ActorMention]]:
    """Source and target actor mentions of a trigger."""
    source: list[ActorMention] = []
    target: list[ActorMention] = []
    if pattern.pos == "N":
        for c in tok.children:
            if c.dep_ in ("poss", "compound", "amod", "nmod"):
                source += _actors_at([c], actors, memory)
            elif c.dep_ == "prep" and c.lower_ in ("by", "from") or c.dep_ == "prep" and c.lower_ == "between":
                source += _actors_at(_pobj(c), actors, memory)
            elif c.dep_ == "prep" and c.lower_ in TARGET_PREPS:
                target += _actors_at(_pobj(c), actors, memory)
        if not source and tok.dep_ in ("dobj", "pobj", "attr", "nsubjpass"):
            verb = tok.head if tok.dep_ != "pobj" else tok.head.head
            subj, passive = _subject_tokens(verb)
            if not passive:
                source += _actors_at(subj, actors, memory)
        if not source and tok.dep_ in ("nsubj",):
            pass
        return source, target
    subj, passive = _subject_tokens(tok)
    subj_actors = _actors_at(subj, actors, memory)
    if passive:
        target += subj_actors
        for c in tok.children:
            if c.dep_ == "agent":
                source += _actors_at(_pobj(c), actors, memory)
    else:
        source += subj_actors
    objs: list[Token] = []
    for c in tok.children:
        if c.dep_ in ("dobj", "dative", "iobj") and c.lower_ not in RECIPROCAL:
            objs += _with_conjuncts(c)
    target += _actors_at(objs, actors, memory)
    for c in tok.children:
        if c.dep_ in ("prep", "dative") and c.lower_ in TARGET_PREPS and not target:
            if c.lower_ == "between":
                source += _actors_at(_pobj(c), actors, memory)
            else:
                target += _actors_at(_pobj(c), actors, memory)
        elif c.dep_ == "prt":
            for g in c.children:
                if g.dep_ == "prep" and g.lower_ in TARGET_PREPS and not target:
                    target += _actors_at(_pobj(g), actors, memory)
    # Light verbs: "held talks with X", "imposed sanctions on X", "launched an attack on X".
    if not target:
        for c in tok.children:
            if c.dep_ == "dobj":
                for g in c.children:
                    if g.dep_ == "prep" and g.lower_ in TARGET_PREPS and g.lower_ != "of":
                        target += _actors_at(_pobj(g), actors, memory)
                    elif g.dep_ == "prep" and g.lower_ == "between":
                        source += _actors_at(_pobj(g), actors, memory)
    # "urged the embassy to reconsider": the object of the governing verb is set; else an xcomp's.
    if not target:
        for c in tok.children:
            if c.dep_ in ("xcomp", "ccomp"):
                for g in c.children:
                    if g.dep_ in ("nsubj", "dobj"):
                        target += _actors_at(_with_conjuncts(g), actors, memory)
    return source, target


def _reciprocal(tok: Token, sent: Span) -> bool:
    """'support each other', 'met one another': every source acts on every other."""
    after = sent.doc[tok.i + 1: min(tok.i + 5, sent.end)].text.lower()
    return any(r in after for r in RECIPROCAL)


def _pobj(prep: Token) -> list[Token]:
    out: list[Token] = []
    for g in prep.children:
        if g.dep_ in ("pobj", "pcomp"):
            out += _with_conjuncts(g)
    return out


def _clean_roles(source: list[ActorMention], target: list[ActorMention]) -> tuple[list[ActorMention], list[ActorMention]]:
    def uniq(xs: list[ActorMention]) -> list[ActorMention]:
        seen: set[int] = set()
        out = []
        for x in xs:
            if x.head not in seen and x.actor.code:
                seen.add(x.head)
                out.append(x)
        return out
    return uniq(source), uniq(target)


def _date_for(tok: Token, sent: Span, times: list, news_day: str | None) -> tuple[str | None, bool]:
    """The nearest time expression in the sentence, else the article's news day."""
    if not times:
        return news_day, False
    pos = tok.idx - sent.start_char
    best = min(times, key=lambda t: min(abs(t.start - pos), abs(t.end - pos)))
    return best.value, True


def _location(tok: Token, sent: Span, kb: KnowledgeBase, actors: dict[int, ActorMention]) -> Location | None:
    """The place named by an in/at/near phrase of the sentence, nearest the trigger first."""
    cands: list[tuple[int, Location]] = []
    for t in sent:
        if t.dep_ != "prep" or t.lower_ not in PLACE_PREPS:
            continue
        for obj in _pobj(t):
            loc = _place(obj, kb)
            if loc is not None:
                cands.append((abs(obj.i - tok.i), loc))
    return min(cands, key=lambda c: c[0])[1] if cands else None


def _place(obj: Token, kb: KnowledgeBase) -> Location | None:
    span_toks = [obj] + [c for c in obj.children if c.dep_ in ("compound", "amod", "poss")]
    for t in sorted(span_toks, key=lambda t: t.i):
        for length in (3, 2, 1):
            text = obj.doc[t.i:t.i + length].text
            for e, _form in kb.lookup(text):
                if e.kind == "country":
                    name = obj.doc[min(x.i for x in span_toks):obj.i + 1].text
                    return Location(name=name, country=e.code, lat=e.lat, lon=e.lon)
    return None


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
        for m in merged:
            if _same_event(m, d):
                if d.sent.start_char != m.sent.start_char and \
                        all(x.start != d.sent.start_char for x in m.extra_mentions):
                    m.extra_mentions.append(_evidence(d))
                if not m.target and d.target:
                    m.target = d.target
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


def _same_event(a: _Draft, b: _Draft) -> bool:
    if a.code.plover != b.code.plover:
        return False
    if a.code.plover == "CONSULT":  # meetings are symmetric: the same parties in any order
        pa, pb = _codes(a.source) | _codes(a.target), _codes(b.source) | _codes(b.target)
        if pa != pb and not ((not a.target and pa <= pb) or (not b.target and pb <= pa)):
            return False
    elif _codes(a.source) != _codes(b.source) or (_codes(a.target) != _codes(b.target)
                                                 and a.target and b.target):
        return False  # an event told without its target is the same as the one told with it
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
