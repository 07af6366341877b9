"""Actor mentions: find the noun phrases of a parsed article that name actors, and resolve them.

A mention is built around a noun-phrase head: its knowledge-base names (a person, a state by
name / adjective / capital / seat of power, an IGO, a group) and its role nouns (``foreign
minister`` -> GOV) are read off the head and its modifiers, then resolved to one actor on the
article's date: a person resolves to the role held that day, a capital or seat of power to the
state's government, a role noun gives the sector.

Surnames alone ("Lavrov said") resolve only to a person named in full earlier in the article,
or to a known person unique under that surname who held a role on the date.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from ..model import Actor
from .kb import (
    FORM_CAPITAL,
    FORM_DEMONYM,
    FORM_GIVEN,
    FORM_NAME,
    FORM_SEAT,
    FORM_SURNAME,
    Entry,
    KnowledgeBase,
    Role,
    normalise,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Dependencies along which a modifier belongs to the noun phrase of its head.
NP_DEPS = {"compound", "amod", "poss", "nmod", "appos", "npadvmod", "nummod", "case"}
# Prepositions that tie an actor to a head noun ("representatives from Iran").
NP_PREPS = {"of", "from"}
# "A group of Moroccan diplomats", "thousands of Iraqi Kurds": the people are the actor.
COLLECTIVES = {"group", "thousand", "hundred", "dozen", "ten", "million", "number", "delegation", "crowd", "member",
               "team", "band", "contingent", "batch", "patch", "majority", "minority", "handful", "score", "some",
               "many", "most", "all", "couple", "body", "gang", "unit", "column", "convoy", "wave", "coalition"}
TITLES = {"president", "minister", "premier", "chancellor", "king", "emir", "general", "governor", "mayor",
          "commander", "colonel", "ambassador", "secretary", "senator", "prince", "sheikh"}
PLACE_PREPS = {"in", "at", "near", "outside", "inside", "across", "throughout", "around"}
ABSTRACT_ROLES = {"force", "power", "authority", "security", "intelligence", "leadership", "administration",
                  "opposition", "military", "government", "justice", "media", "press", "business"}


@dataclass
class Match:
    """A knowledge-base form found in the text."""

    start: int
    end: int
    entry: Entry
    form: str
    text: str = ""


@dataclass
class ActorMention:
    """A resolved actor at a noun-phrase head token."""

    head: int
    actor: Actor
    kind: str  # person | country | igo | group | agent
    start: int  # token span of the mention text
    end: int
    members: tuple[str, ...] = ()
    plural: bool = False
    also: list[ActorMention] = field(default_factory=list)  # conjoined modifiers: "Hungarian and Romanian officials"

    def group(self) -> list[ActorMention]:
        """This actor and those sharing its phrase."""
        return [self, *self.also]


@dataclass
class ArticleActors:
    """What the resolver remembers across the sentences of one article."""

    people: dict[str, Entry] = field(default_factory=dict)  # surname -> person named in full
    described: dict[str, ActorMention] = field(default_factory=dict)  # role noun lemma -> last actor
    last_person: ActorMention | None = None
    last_collective: ActorMention | None = None
    recent: list[ActorMention] = field(default_factory=list)
    last_pair: list[ActorMention] = field(default_factory=list)  # the parties of the last dyadic event
    home: Entry | None = None  # the state the article is about, when one clearly dominates
    named: frozenset[str] = frozenset()  # every state the article names


def find_matches(doc: Doc | Span, kb: KnowledgeBase) -> list[Match]:
    """Longest-first, non-overlapping KB forms in a doc or sentence."""
    toks = list(doc)
    ws = [t.text_with_ws for t in toks]
    out: list[Match] = []
    i, n = 0, len(toks)
    while i < n:
        found = None
        first = toks[i].text
        if (first[:1].isalpha() or first[:1].isdigit()) and _may_start_form(toks, ws, i, kb.first_words):
            for length in range(min(kb.max_form_tokens, n - i), 0, -1):
                key = normalise("".join(ws[i:i + length]))
                hits = kb.forms.get(key)
                if hits:
                    found = (length, hits, key)
                    break
        if found:
            length, hits, key = found
            start = toks[i].i + (1 if toks[i].lower_ == "the" and length > 1 else 0)  # "the Kremlin"
            for h in hits:
                out.append(Match(start, toks[i].i + length, kb.entries[h.entry_id], h.form, key))
            i += length
        else:
            i += 1
    return out


def _may_start_form(toks: list[Token], ws: list[str], i: int, first_words: set[str]) -> bool:
    """Can a form start at token i? Its first word (the tokens up to the first whitespace, or a
    prefix of them ending at a token boundary) must be the first word of some form; "the" is
    dropped from forms, so it may always start one."""
    if toks[i].lower_ == "the":
        return True
    word = ""
    for j in range(i, len(toks)):
        if toks[j].is_space:
            break
        word += toks[j].text
        if normalise(word) in first_words:
            return True
        if ws[j] != toks[j].text:  # whitespace follows: the first word ends here
            break
    return False


def np_head(tok: Token, agents: Collection[str] | None = None) -> Token:
    """The head of the noun phrase a token belongs to.

    "of"/"from" phrases belong to the noun they follow only when it names a role or a person
    ("the President of Ukraine", "representatives from Iran"), not an act ("an invasion of
    Lebanon", where Lebanon is the invaded).
    """
    roles = _default_agents() if agents is None else agents
    cur = tok
    for _ in range(8):
        if cur.dep_ in NP_DEPS and cur.head is not cur:
            cur = cur.head
        elif cur.dep_ == "pobj" and cur.head.lower_ in NP_PREPS and cur.head.dep_ == "prep" \
                and (cur.head.head.pos_ in ("PROPN", "NUM") or
                     (cur.head.head.pos_ == "NOUN" and (cur.head.head.lemma_.lower() in roles
                                                        or cur.head.head.lemma_.lower() in COLLECTIVES))):
            cur = cur.head.head
        else:
            break
    return cur


@lru_cache(maxsize=1)
def _default_agents() -> frozenset[str]:
    from .kb import load_kb

    return frozenset(load_kb().agents)


def _agent_sector(tok: Token, kb: KnowledgeBase) -> tuple[str | None, int]:
    """The sector a role noun gives, trying two-word phrases ending at the token first."""
    lemma = tok.lemma_.lower()
    if lemma in ABSTRACT_ROLES and tok.tag_ == "NN" and not any(
            c.dep_ in ("det", "compound", "amod", "poss") for c in tok.children):
        return None, tok.i  # "used force against" is no armed force
    prev = tok.nbor(-1) if tok.i > tok.sent.start else None
    if prev is not None:
        two = f"{prev.lemma_.lower()} {lemma}"
        if two in kb.agents:
            return kb.agents[two], prev.i
        three_prev = prev.nbor(-1) if prev.i > tok.sent.start else None
        if three_prev is not None:
            three = f"{three_prev.lemma_.lower()} {two}"
            if three in kb.agents:
                return kb.agents[three], three_prev.i
    if lemma in kb.agents:
        return kb.agents[lemma], tok.i
    return None, tok.i


def _text_span(head: Token, parts: list[int]) -> tuple[int, int]:
    lo = min([head.i, *parts])
    hi = max([head.i, *parts]) + 1
    for child in head.lefts:
        if child.dep_ in ("compound", "amod", "poss", "nmod", "nummod") or child.dep_ == "prep":
            lo = min(lo, child.left_edge.i)
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in NP_PREPS:
            hi = max(hi, child.right_edge.i + 1)
    while lo < head.i and head.doc[lo].dep_ in ("det", "punct", "cc"):
        lo += 1
    return lo, hi


def resolve_sentence(sent: Span, kb: KnowledgeBase, date: str | None, memory: ArticleActors) -> dict[int, ActorMention]:
    """Actor mentions of one sentence, by noun-phrase head token index."""
    doc = sent.doc
    by_head: dict[int, list[Match]] = {}
    matches = find_matches(sent, kb)
    # A full name of anything beats a bare surname on the same words ("Russia" is a state).
    done: set[int] = {m.start for m in matches if m.form not in (FORM_SURNAME, FORM_GIVEN)}
    for m in matches:
        if m.form in (FORM_SURNAME, FORM_GIVEN):
            if m.entry.kind != "person" or m.start in done:
                continue
            done.add(m.start)  # one decision per surname, whoever else bears it
            if _other_given_name(doc, m, kb):
                continue
            entry = _surname_entry(m, kb, date, memory)
            if entry is None:
                continue
            m = Match(m.start, m.end, entry, m.form, m.text)
        root = doc[m.start:m.end].root
        by_head.setdefault(np_head(root, kb.agents).i, []).append(m)
    # Role nouns heading their own phrase ("the protesters", "Iranian officials").
    agents: dict[int, tuple[str, int]] = {}
    named = {i for ms in by_head.values() for m in ms for i in range(m.start, m.end)}
    for tok in sent:
        if tok.pos_ in ("NOUN", "PROPN") and tok.i not in named:  # the "Union" of "European Union" is no union
            sector, first = _agent_sector(tok, kb)
            if sector:
                head = np_head(tok, kb.agents)
                agents.setdefault(head.i, (sector, first))
    # "Rebels in the Ivory Coast", "students throughout Indonesia": a role noun placed in a
    # country belongs to it, when nothing else in its phrase says whose it is.
    for head_i in agents:
        if head_i in by_head:
            continue
        for c in doc[head_i].children:
            if c.dep_ == "prep" and c.lower_ in ("in", "throughout", "across", "inside"):
                placed = [m for g in c.children if g.dep_ == "pobj" for m in by_head.get(g.i, [])
                          if m.entry.kind == "country"]
                if placed:
                    by_head[head_i] = placed[:1]
                    break
    # "met in Jakarta", "protests in Serbia": a state or capital named as the place where
    # something happened is a location (read by coding/places.py), not an actor.
    every_match = dict(by_head)  # places still locate role nouns ("police ... in Hong Kong")
    for head_i in list(by_head):
        tok = doc[head_i]
        if tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPS and head_i not in agents \
                and all(m.entry.kind == "country" and m.form in (FORM_NAME, FORM_CAPITAL) for m in by_head[head_i]):
            del by_head[head_i]
    out: dict[int, ActorMention] = {}
    for head_i in sorted(set(by_head) | set(agents)):
        mention = _resolve_np(doc[head_i], by_head.get(head_i, []), agents.get(head_i), kb, date)
        if mention is None and head_i in agents:
            mention = _definite(doc[head_i], memory) or _possessed(doc[head_i], agents[head_i][0], out, memory) \
                or _at_home(doc[head_i], agents[head_i][0], sent, every_match, memory)
        if mention is not None:
            out[head_i] = mention
            _remember(memory, mention, by_head.get(head_i, []))
            if mention.kind != "person" and head_i in agents:
                memory.described[doc[head_i].lemma_.lower()] = mention
    return out


HONORIFICS = {"mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "sheikh", "gen", "gen.", "lt", "lt.",
              "col", "col.", "maj", "maj.", "capt", "capt.", "adm", "adm.", "rev", "prof", "mr.", "mrs.", "ms.",
              "dr.", "prince", "king", "queen", "emir", "president", "premier", "chancellor", "minister",
              "secretary", "senator", "sen.", "rep.", "ayatollah", "pope", "general", "marshal"}


def _other_given_name(doc: Doc | Span, m: Match, kb: KnowledgeBase) -> bool:
    """'Nick Adderley' is not the Adderley of the dictionaries: a surname right after another
    capitalised name that is no title belongs to someone else."""
    if m.form != FORM_SURNAME:
        return False
    d = doc.doc
    nxt = d[m.end] if m.end < len(d) else None
    if nxt is not None and nxt.pos_ == "PROPN" and nxt.text[:1].isupper():
        return True  # "Stephen Mold", "Prime Minister": the word starts a longer name
    if m.start == 0:
        return False
    prev = d[m.start - 1]
    return prev.pos_ == "PROPN" and prev.text[:1].isupper() and prev.lower_ not in HONORIFICS \
        and prev.lemma_.lower() not in kb.agents


def _surname_entry(m: Match, kb: KnowledgeBase, date: str | None, memory: ArticleActors) -> Entry | None:
    """A surname alone names the person met in full earlier, else a unique person in office."""
    surname = m.text
    if surname in memory.people:
        return memory.people[surname]
    if m.form == FORM_GIVEN:
        return None
    candidates = [e for e, form in kb.lookup(surname) if form == FORM_SURNAME and e.kind == "person"]
    if date:
        # Dated roles decide; an undated role ("an elite", in old dictionaries) holds always.
        in_office = [e for e in candidates if any(_surely_held(r, date) for r in e.roles)]
        if len(in_office) == 1:
            return in_office[0]
        if not in_office:
            # Nobody in office that day: the one whose time in office is nearest to it.
            near = sorted((d, e.id, e) for e in candidates if (d := _distance(e, date)) is not None)
            if near:
                # Ties go to the better known: the one the dictionaries know by more names.
                best = [e for d, _, e in near if d == near[0][0]]
                best.sort(key=lambda e: -e.n_names)
                if len(best) == 1 or best[0].n_names > best[1].n_names:
                    return best[0]
        candidates = in_office or candidates
    if len(candidates) == 1:
        return candidates[0]
    # Several people by that name, all of one country: the country is known, the person not.
    roles_then = [e.role_at(date) for e in candidates]
    codes = {r.code for r in roles_then if r is not None}
    if len(codes) == 1:
        code = codes.pop()
        sectors = {r.sector for e in candidates for r in e.roles if r.code == code and (not date or r.holds_on(date))}
        sector = "GOV" if "GOV" in sectors else (sectors.pop() if len(sectors) == 1 else None)
        return Entry("person", f"ambiguous:{surname}", surname, roles=[Role(code, sector, "", None, None)])
    return None


def _surely_held(r: Role, date: str) -> bool:
    """Held on the date by the record, and not merely left open by a dictionary that stopped
    being updated: an open-ended role counts for twelve years after it began."""
    if not r.start or not r.holds_on(date):
        return False
    return r.end is not None or int(date[:4]) - int(r.start[:4]) <= 12


def _distance(e: Entry, date: str) -> int | None:
    """Years between ``date`` and the nearest dated role of a person (None without dated roles)."""
    year = int(date[:4])
    spans = [(int(r.start[:4]), int(r.end[:4]) if r.end else 9999) for r in e.roles if r.start]
    if not spans:
        return None
    return min(0 if s <= year <= t else min(abs(year - s), abs(year - t)) for s, t in spans)


def _resolve_np(head: Token, matches: list[Match], agent: tuple[str, int] | None, kb: KnowledgeBase,
                date: str | None) -> ActorMention | None:
    sector = agent[0] if agent else None
    parts = [t for m in matches for t in range(m.start, m.end)] + ([agent[1]] if agent else [])
    person = next((m for m in matches if m.entry.kind == "person"), None)
    head_match = next((m for m in matches if m.start <= head.i < m.end), None)
    plural = head.tag_ in ("NNS", "NNPS")
    lo, hi = _text_span(head, parts)
    text = head.doc[lo:hi].text.strip()
    if person is not None:
        role = person.entry.role_at(date)
        if role is None:
            return None
        actor = Actor(text=text, name=person.entry.name, code=role.code, sector=role.sector or sector,
                      id=person.entry.id)
        return ActorMention(head.i, actor, "person", lo, hi)
    # The phrase's own name first ("the UN Security Council"), then the modifiers nearest the head.
    ordered = sorted(matches, key=lambda m: (m is not head_match, abs(head.i - m.start)))
    org = next((m for m in ordered if m.entry.kind in ("igo", "group")), None)
    country = next((m for m in ordered if m.entry.kind == "country"), None)
    pick = head_match if head_match is not None else (org if org is not None and (country is None or org is
                                                                                     ordered[0]) else country)
    if pick is None:
        return None
    e = pick.entry
    if e.kind == "country":
        if sector is None and pick.form in (FORM_CAPITAL, FORM_SEAT):
            sector = "GOV"
        actor = Actor(text=text, name=e.name, code=e.code, sector=sector, id=e.id)
        plural = plural or pick.form == FORM_DEMONYM and head.i == pick.start
        mention = ActorMention(head.i, actor, "country" if not agent else "agent", lo, hi, plural=plural)
        # "Hungarian and Romanian officials": modifiers joined by a conjunction are a compound actor.
        pick_root = head.doc[pick.start:pick.end].root
        for m in matches:
            if m is pick or m.entry.kind != "country" or m.entry.code == e.code:
                continue
            root = head.doc[m.start:m.end].root
            if root in pick_root.conjuncts:
                mention.also.append(ActorMention(head.i, Actor(text=text, name=m.entry.name, code=m.entry.code,
                                                               sector=sector, id=m.entry.id),
                                                 mention.kind, lo, hi, plural=True))
        return mention
    actor = Actor(text=text, name=e.name, code=e.code, sector=sector or e.sector, id=e.id)
    return ActorMention(head.i, actor, e.kind, lo, hi, members=e.members, plural=plural)


def _possessed(head: Token, sector: str, earlier: dict[int, ActorMention], memory: ArticleActors) -> ActorMention | None:
    """'their government', 'its army': a role noun owned by a pronoun belongs to the actor the
    pronoun stands for (the last non-person actor before it)."""
    poss = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
    if poss is None:
        return None
    prior = next((m for i, m in sorted(earlier.items(), reverse=True) if i < head.i and m.kind != "person"),
                 None) or memory.last_collective
    if prior is None or not prior.actor.code or prior.actor.code.startswith(("IGO", "NGO", "IMG", "MNC")):
        return None
    actor = prior.actor.model_copy(update={"text": head.doc[poss.i:head.i + 1].text, "sector": sector})
    return ActorMention(head.i, actor, "agent", poss.i, head.i + 1)


LOCAL_SECTORS = {"COP", "CVL", "OPP", "REB", "GOV", "MIL", "JUD", "LEG", "REF", "BUS", "MED", "EDU", "HLH"}


def _at_home(head: Token, sector: str, sent: Span, by_head: dict[int, list[Match]],
             memory: ArticleActors) -> ActorMention | None:
    """'Police fired on protesters' in a story set in Hong Kong: a role noun with no country of
    its own belongs to the country the sentence is set in ('in Hong Kong'), else to the one
    the article is about, when one clearly dominates it."""
    titled = head.tag_ == "NNP" and any(c.dep_ == "compound" and c.lemma_.lower() in TITLES for c in head.children)
    if sector not in LOCAL_SECTORS or (head.tag_ == "NNP" and not titled):
        return None  # an unknown "President Bouteflicka" is his country's president; "Mr Smith" is no one's
    place: Entry | None = None
    for t in sent:
        if t.dep_ == "prep" and t.lower_ in ("in", "across", "throughout", "inside"):
            for g in t.children:
                hits = [m.entry for m in by_head.get(g.i, []) if m.entry.kind == "country"]
                if hits:
                    place = hits[0]
                    break
        if place is not None:
            break
    place = place or memory.home
    return None if place is None else role_mention(head, place, sector)


def role_mention(head: Token, state: Entry, sector: str) -> ActorMention:
    """A role noun ("police", "the rebels") taken to be ``state``'s, as a mention of its phrase."""
    lo = head.left_edge.i if head.left_edge.i >= head.i - 3 else head.i
    while lo < head.i and head.doc[lo].dep_ in ("det", "punct"):
        lo += 1
    actor = Actor(text=head.doc[lo:head.i + 1].text, name=state.name, code=state.code, sector=sector, id=state.id)
    return ActorMention(head.i, actor, "agent", lo, head.i + 1, plural=head.tag_ == "NNS")


def named_states(doc: Doc, kb: KnowledgeBase, matches: list[Match] | None = None) -> frozenset[str]:
    """The ISO3 codes of every state an article names (by name, adjective, capital or seat)."""
    ms = find_matches(doc, kb) if matches is None else matches
    return frozenset(m.entry.code for m in ms if m.entry.kind == "country" and m.entry.code)


def article_home(doc: Doc, kb: KnowledgeBase, matches: list[Match] | None = None) -> Entry | None:
    """The state an article is set in: the one its place phrases ("in Hong Kong", "in London")
    name most, in at least half of them and at least twice. Mere mentions do not count: a
    British story is full of the Americans it is about."""
    counts: dict[str, int] = {}
    for m in find_matches(doc, kb) if matches is None else matches:
        root = doc[m.start:m.end].root
        placed = root.dep_ == "pobj" and root.head.lower_ in ("in", "at", "across", "throughout", "inside")
        if m.entry.kind == "country" and m.form in (FORM_NAME, FORM_CAPITAL) and placed:
            counts[m.entry.id] = counts.get(m.entry.id, 0) + 1
    if not counts:
        return None
    best, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return kb.entries[best] if n >= 2 and n * 2 >= sum(counts.values()) else None


def _definite(head: Token, memory: ArticleActors) -> ActorMention | None:
    """'The embassy declined': a definite role noun refers back to the last actor it described."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in head.children):
        return None
    prior = memory.described.get(head.lemma_.lower())
    if prior is None:
        return None
    actor = prior.actor.model_copy(update={"text": head.doc[head.left_edge.i:head.i + 1].text})
    return ActorMention(head.i, actor, prior.kind, head.left_edge.i, head.i + 1, members=prior.members)


def _remember(memory: ArticleActors, mention: ActorMention, matches: list[Match]) -> None:
    for m in matches:
        if m.entry.kind == "person" and m.form not in (FORM_SURNAME, FORM_GIVEN):
            toks = m.text.split()
            for t in (toks[0], toks[-1]):
                memory.people[t] = m.entry
    if mention.kind == "person":
        memory.last_person = mention

    memory.recent.append(mention)
    del memory.recent[:-12]


__all__ = ["ActorMention", "ArticleActors", "find_matches", "np_head", "resolve_sentence", "role_mention"]
