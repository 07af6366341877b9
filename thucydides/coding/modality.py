"""Modality: whether a trigger reports an act that happened, is announced, denied or hypothetical."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..ontology import CameoCode, lookup

# Intent to act (CAMEO 03x) for cooperative acts, by the act's CAMEO root.
INTENT_COOP = {"04": "036", "05": "032", "06": "031", "07": "033", "08": "035", "03": "030"}
# A hostile act announced, not done, is a threat (CAMEO 13x), by the act's CAMEO root.
THREAT_OF = {"14": "133", "15": "130", "16": "131", "17": "137", "18": "138", "19": "138", "20": "138",
             "08": "130", "07": "1311"}

if TYPE_CHECKING:
    from spacy.tokens import Token

    from .lexicon import Pattern

INTENT_WORDS = {"ready", "willing", "prepared", "determined", "eager", "pledge", "promise", "vow", "plan",
                "intend", "resolve", "aim", "seek", "expect", "hope", "want", "commit", "set", "swear",
                "prepare", "threaten", "offer", "agree"}


FUTURE_AUX = {"will", "would", "shall", "'ll"}


DOUBT_AUX = {"may", "might", "could", "can"}


CONDITION_MARKS = {"if", "unless", "whether", "lest"}


# Intent to act (CAMEO 03x) for cooperative acts, by the act's CAMEO root.


def background(tok: Token, triggers: dict[int, Pattern]) -> bool:
    """Acts told in passing: in a relative clause ("the forces, who had attacked ..."), or a noun
    that is only an argument of another trigger ("blamed Israel for the bombing")."""
    cur = tok
    nominal = tok.pos_ in ("NOUN", "PROPN")
    if tok.dep_ == "advcl" and tok.head.i in triggers:
        # "staged demonstrations to demand reforms", "resigned to allow elections": the purpose
        # of an act is its motive, not a second act; "one day after a jet shot down a helicopter":
        # the earlier act is background to the one reported.
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("after", "before", "since", "until") for c in tok.children):
            return True
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
        if cur.dep_ in ("compound", "amod") and cur is tok and cur.head.lemma_.lower() not in LIGHT_NOUNS:
            return True  # "aid workers", "the protest movement"
        cur = parent
    return False


def blocked(tok: Token) -> bool:
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


def negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or (c.lower_ == "never" and c.dep_ == "advmod") for c in tok.children)


def conditioned(tok: Token, marks: tuple[str, ...] = ("unless", "if")) -> bool:
    """An 'unless' or 'if' clause hangs on the act: "will withdraw its force unless ..."."""
    return any(c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in marks for g in c.children)
               for c in tok.children)


# A hostile act announced, not done, is a threat (CAMEO 13x), by the act's CAMEO root.


def apply_modality(tok: Token, code: CameoCode) -> tuple[CameoCode, str] | None:
    """Recode an act by its modality; None when it is no event (denied, merely possible)."""
    intent = is_intent(tok)
    verbal = code.root in ("02", "03", "10", "11", "12", "13")
    if tok.dep_ == "xcomp" and tok.head.lemma_.lower() == "fail":
        # "failed to reach agreement" is a refusal in effect; a failed attack is no attack.
        return (lookup("120"), "failure") if code.quad_class in (1, 2) else None
    if negated(tok):
        if intent and code.quad_class in (1, 2) and not verbal:
            return lookup("120"), "refusal"  # "will not accept any more refugees"
        return None
    if not intent or verbal:
        return code, ""
    if code.root in ("18", "19", "20") and READINESS & _governors(tok):
        return lookup("150"), "readiness"  # "the army prepared to resume shelling": force posture
    if code.root == "16" and not conditioned(tok):
        return code, "announced"  # "announced it would prohibit all aid": a sanction decided, not threatened
    if conditioned(tok, ("unless",)) or code.quad_class in (3, 4):
        return lookup(THREAT_OF.get(code.root, "130")), "threat"
    # "would meet the mediator if he gave them a veto": a cooperative act offered on a condition
    # is an offer (intent), while "will withdraw unless ..." holds the act back as a threat.
    return lookup(INTENT_COOP.get(code.root, "030")), "intent"


# Nouns that carry the act of a noun before them: "a mediation effort", "peace talks".
LIGHT_NOUNS = {"effort", "mission", "initiative", "campaign", "operation", "bid", "process", "attempt", "drive",
               "move", "plan", "program", "programme", "talk", "round"}
READINESS = {"prepare", "ready", "poise", "gear", "prepared"}


def _governors(tok: Token) -> set[str]:
    """The words a chain of open complements hangs on ("prepared to resume shelling")."""
    out: set[str] = set()
    cur = tok
    for _ in range(3):
        if cur.dep_ != "xcomp" or cur.head is cur:
            break
        cur = cur.head
        out.add(cur.lemma_.lower())
    return out


def is_intent(tok: Token) -> bool:
    """The act is announced, not done: a future auxiliary or an intent word governs it."""
    if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in tok.children):
        return True
    cur = tok
    for _ in range(3):
        if cur.head is cur:
            return False
        if cur.dep_ not in ("xcomp", "conj"):
            # "have sworn to fight": the parser may hang the infinitive on as an adverbial clause
            return cur.dep_ == "advcl" and cur.head.lemma_.lower() in INTENT_WORDS and \
                any(c.dep_ == "aux" and c.lower_ == "to" for c in cur.children)
        cur = cur.head
        if cur.lemma_.lower() in INTENT_WORDS:
            return True
        if any(c.dep_ == "aux" and c.lower_ in FUTURE_AUX for c in cur.children):
            return True
    return False
