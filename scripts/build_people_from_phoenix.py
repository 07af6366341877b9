#!/usr/bin/env python3
"""Build thucydides/data/actors/people.jsonl.

Step 1 converts the persons of the PETRARCH/Phoenix actor dictionaries (OEDA, MIT licence;
``shared/reference/phoenix/Phoenix.Countries.actors.txt`` and
``Phoenix.International.actors.txt``) into the people format and writes them to an
intermediate JSONL file.  Step 2 merges them with the hand-compiled roles in
``scripts/people_hand.txt`` (2015-2026 office holders) and writes the package data file.

    python scripts/build_people_from_phoenix.py                # both steps
    python scripts/build_people_from_phoenix.py --phoenix-only # step 1 only

Phoenix format: an entry line ``NAME_`` (words joined by ``_``), ``+SYNONYM`` lines, and
``[CODE date-date]`` role lines, where the first three letters of CODE are a CAMEO country
code (or ``IGO...``), the next three the sector; dates are ``YYMMDD`` (19YY if YY > 30) or
``YYYYMMDD``; ``>DATE`` starts with no end, ``<DATE`` ends with no start.

people_hand.txt format (one person per block, blank line between blocks)::

    Wang Yi | Wang Yi; Wang Yi's
    CHN GOV 2013-03-16 2022-12-30 Minister of Foreign Affairs
    CHN GOV 2023-07-25 - Minister of Foreign Affairs

first line: canonical name, then ``|`` and ``;``-separated variants (optional); role lines:
code, sector, start (``-`` for unknown), end (``-`` for still held), role title.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "reference" / "phoenix"
ACTORS = ROOT / "thucydides" / "data" / "actors"

# CAMEO / Phoenix country codes that differ from ISO 3166-1 alpha-3 (others are taken from
# the `cameo` field of countries.jsonl).
CAMEO_TO_ISO = {
    "TMP": "TLS", "ROM": "ROU", "MTN": "MNE", "KSV": "XKX", "DDR": "DEU", "USR": "RUS",
    "SUN": "RUS", "YUG": "SRB", "SCG": "SRB", "FRY": "SRB", "CSK": "CZE", "SRP": "BIH",
    "IMY": "IMN", "JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "FRN": "FRA", "KRJ": "KOR",
}
DROP_CODES = {"KNT"}  # Kinakuta: a fictional test country in the Phoenix file

LOWER_WORDS = {"de", "da", "do", "dos", "das", "del", "della", "di", "du", "la", "le", "van",
               "von", "der", "den", "ter", "bin", "ibn", "al", "el", "ul", "ud", "y", "e", "and"}
TITLE_WORDS = re.compile(
    r"\b(PRESIDENT|PRIME|MINISTER|SECRETARY|SECRETARY-GENERAL|CHIEF|GENERAL|KING|QUEEN|"
    r"PRINCE|SHEIKH?|EMIR|AMBASSADOR|SPOKESMAN|CHAIRMAN|LEADER|SENATOR|GOVERNOR|MR|MRS|DR|"
    r"CHANCELLOR|KANZLER|BUNDESKANZLER|PREMIER|PRESIDENTE|MINISTRO|SHAH|SULTAN|SHEIK|"
    r"COLONEL|COL|GEN|LT|MAJOR|CAPTAIN|ADMIRAL|MARSHAL|MULLAH|AYATOLLAH|SUPREME|ACTING|"
    r"FORMER|DEPUTY|VICE|DIRECTOR|HEAD|COMMANDER|FOREIGN|DEFENSE|DEFENCE|UN|U\.N\.|"
    r"UNITED|NATIONS|POPE|CARDINAL|BISHOP|REVEREND|REV|SIR|LORD|JUDGE|JUSTICE)\b")
INSTITUTION_WORDS = re.compile(
    r"\b(FORCES?|ARMY|NAVY|MINISTRY|GOVERNMENT|PARTY|COUNCIL|ASSEMBLY|POLICE|PARLIAMENT|"
    r"COURT|COMMISSION|COMMITTEE|AGENCY|DEPARTMENT|OFFICE|BANK|UNION|FRONT|MOVEMENT|"
    r"ORGANI[SZ]ATION|AUTHORITY|SERVICE|CONGRESS|SENATE|TROOPS|SOLDIERS|GUARD|BRIGADES?|"
    r"MILITIA|REGIME|ADMINISTRATION|CABINET|LEGISLATURE|OFFICIALS?|NATIONAL|FEDERATION|"
    r"ASSOCIATION|INSTITUTE|UNIVERSITY|COMPANY|CORPORATION|NEWS|TIMES|RADIO|TELEVISION|"
    r"PROVINCE|STATE|REPUBLIC|KINGDOM|CITY|ISLANDS?|COUNTY|DISTRICT|REGION|DIVISION|"
    r"BATTALION|REGIMENT|CORPS|FLEET|BUREAU|PROGRAMME|PROGRAM|FUND|CENTRE|CENTER|GROUP|"
    r"ALLIANCE|COALITION|EMBASSY|CONSULATE)\b")
CODE_RE = re.compile(r"\[([^\]]*)\]")
ROLE_RE = re.compile(r"^([A-Z]{3,})\s*(?:([<>])?\s*(\d{6,10})(?:\s*-\s*(\d{6,10}))?)?\s*$")


def iso_date(s: str | None) -> str | None:
    """YYMMDD (19YY if YY > 30) or YYYYMMDD -> ISO date at the precision that is valid."""
    if not s:
        return None
    if len(s) == 6:
        yy = int(s[:2])
        s = ("19" if yy > 30 else "20") + s
    if len(s) == 10 and s.startswith("19"):  # e.g. 1920030320: a stray "19" prefix
        s = s[2:]
    if len(s) != 8:
        return s[:4] if len(s) >= 4 and s[:2] in ("19", "20") else None
    y, m, d = int(s[:4]), int(s[4:6]), int(s[6:8])
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        if 1 <= m <= 12:
            return f"{y:04d}-{m:02d}"
        return f"{y:04d}"


def pretty(raw: str) -> str:
    """PHOENIX_STYLE_NAME_ -> Phoenix Style Name."""
    words = raw.strip().strip("_").replace("_", " ").split()
    out = []
    for i, w in enumerate(words):
        parts = []
        for j, p in enumerate(w.split("-")):
            lw = p.lower()
            if i > 0 and re.fullmatch(r"(i{1,3}|iv|vi{0,3}|ix|xi{0,3}|jr\.?|sr\.?)", lw):
                parts.append(lw.upper() if "r" not in lw else lw.capitalize())
            elif lw in LOWER_WORDS and (i > 0 or j == 0 and len(w.split("-")) > 1):
                parts.append(lw)
            elif re.match(r"^(mc|mac)[a-z]{3,}$", lw) and lw.startswith("mc"):
                parts.append("Mc" + lw[2:].capitalize())
            elif "'" in lw:
                parts.append("'".join(x.capitalize() for x in lw.split("'")))
            else:
                parts.append(lw.capitalize())
        out.append("-".join(parts))
    return " ".join(out)


def slug(name: str) -> str:
    import unicodedata
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


ADJECTIVES: set[str] = set()


def load_cameo_map() -> dict[str, str]:
    m = dict(CAMEO_TO_ISO)
    path = ACTORS / "countries.jsonl"
    if path.exists():
        for line in path.open(encoding="utf-8"):
            c = json.loads(line)
            ADJECTIVES.update(a.upper() for a in c["adjectives"] + c["demonyms"] if " " not in a)
            m.setdefault(c["code"], c["code"])
            if c.get("cameo"):
                m.setdefault(c["cameo"], c["code"])
    return m


def parse_role(text: str, cmap: dict[str, str]) -> dict | None:
    m = ROLE_RE.match(text.strip().replace("> ", ">").replace("< ", "<"))
    if not m:
        return None
    code, op, d1, d2 = m.groups()
    if code.startswith("IGO"):
        ccode, sector = code, "GOV"
    elif code in ("IMG", "NGO", "MNC"):
        ccode, sector = code, "REB" if code == "IMG" else code
    else:
        c3 = code[:3]
        if c3 in DROP_CODES or len(code) < 6:
            return None
        ccode = cmap.get(c3)
        if ccode is None:
            return None
        sector = code[3:6]
    start = end = None
    if op == ">":
        start = iso_date(d1)
    elif op == "<":
        end = iso_date(d1)
    elif d1:
        start, end = iso_date(d1), iso_date(d2) if d2 else None
    role = {"code": ccode, "sector": sector, "start": start, "end": end}
    if d1 and not d2 and not op:  # a single date: an event, keep it as a one-day role
        role["end"] = start
    if role["start"] and role["end"] and role["start"] > role["end"]:
        return None  # inconsistent source dates
    return role


OLDEST = "1980"


def drop_filler(roles: list[dict]) -> list[dict]:
    """Drop the CountryInfo 'elite before taking office' spans (ELI ending where the first
    office of the same country begins); keep ELI after office and undated ELI fallbacks."""
    first: dict[str, str] = {}
    for r in roles:
        if r["sector"] != "ELI" and r["start"]:
            c = r["code"]
            first[c] = min(first.get(c, r["start"]), r["start"])
    return [r for r in roles if not (r["sector"] == "ELI" and r["end"] and r["code"] in first
                                     and r["end"] <= first[r["code"]])]


def strip_titles(raw: str) -> str:
    """Drop a leading run of titles and nationality words: PRESIDENT_BORIS_YELTSIN_ ->
    BORIS_YELTSIN_, SIR_DAWDA_JAWARA_ -> DAWDA_JAWARA_."""
    words = raw.strip().strip("_").split("_")
    i = 0
    while i < len(words) - 1 and (TITLE_WORDS.fullmatch(words[i].upper().rstrip("."))
                                  or words[i].upper() in ADJECTIVES
                                  or words[i].upper() in ("OF", "THE", "AND")):
        i += 1
    if i and (words[i - 1].upper() in ("OF", "THE", "AND")):
        return ""
    return "_".join(words[i:])


def parse_phoenix(path: Path, cmap: dict[str, str]) -> list[dict]:
    entries: list[dict] = []
    cur: dict | None = None
    for raw in path.open(encoding="utf-8", errors="replace"):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        body = line.split("#", 1)[0]
        comment = line.split("#", 1)[1] if "#" in line else ""
        codes = CODE_RE.findall(body)
        name_part = CODE_RE.sub(" ", body).strip()
        if line[0] in " \t":
            if cur is not None:
                cur["codes"].extend(codes)
            continue
        if line.startswith("+"):
            if cur is not None:
                if name_part[1:].strip():
                    cur["names"].append(name_part[1:].strip())
                cur["codes"].extend(codes)
            continue
        if cur is not None and not cur["codes"] and not codes and name_part:
            # a run of code-less lines without "+" (as for BORIS_YELTSIN_): synonyms
            cur["names"].append(name_part)
            continue
        cur = {"names": [name_part], "codes": list(codes), "ci": "CountryInfo" in comment}
        entries.append(cur)
    people = []
    for e in entries:
        roles = [r for r in (parse_role(c, cmap) for c in e["codes"]) if r]
        roles = drop_filler(roles)
        if not roles or not e["names"][0]:
            continue
        if all(r["end"] and r["end"] < OLDEST for r in roles):
            continue  # left office before the period news coding covers
        dated = any(r["start"] or r["end"] for r in roles)
        has_eli = any(r["sector"] == "ELI" for r in roles)
        head = e["names"][0].upper()
        if INSTITUTION_WORDS.search(head.replace("_", " ")):
            continue
        if not (dated or has_eli or e["ci"]):
            continue
        variants = []
        for n in e["names"]:
            n = strip_titles(n)
            n_up = n.upper().replace("_", " ")
            if not n_up.strip() or INSTITUTION_WORDS.search(n_up) or "/" in n:
                continue
            p = pretty(n)
            head_words = " ".join(n_up.split()[:-1])  # a final MAJOR / KING is a surname
            if TITLE_WORDS.search(head_words) or ADJECTIVES & set(n_up.split()):
                continue
            if len(p) < 3 or not re.search(r"[A-Za-z]{2}", p):
                continue
            variants.append(p)
            toks = p.split()
            if (len(toks) == 3 and toks[1].lower() not in LOWER_WORDS
                    and not toks[1].endswith(".") and len(toks[1]) > 2
                    and toks[2].lower() not in LOWER_WORDS
                    and not re.fullmatch(r"[IVX]+|Jr\.?|Sr\.?", toks[2])):
                variants.append(f"{toks[0]} {toks[2]}")  # Carlos Saul Menem -> Carlos Menem
        if not variants:
            continue
        full = [v for v in variants if " " in v]
        name = full[0] if full else variants[0]
        people.append({"id": slug(name), "name": name, "names": list(dict.fromkeys(variants)),
                       "roles": roles})
    return people


def parse_hand(path: Path) -> list[dict]:
    people = []
    block: list[str] = []
    lines = path.read_text(encoding="utf-8").splitlines() + [""]
    for line in lines:
        if line.startswith("#"):
            continue
        if line.strip():
            block.append(line.strip())
            continue
        if not block:
            continue
        head, *rl = block
        block = []
        name, _, rest = head.partition("|")
        name = name.strip()
        variants = [name] + [v.strip() for v in rest.split(";") if v.strip()]
        roles = []
        for r in rl:
            parts = r.split(None, 4)
            code, sector, start, end = parts[:4]
            title = parts[4] if len(parts) > 4 else None
            role = {"code": code, "sector": sector, "role": title,
                    "start": None if start == "-" else start,
                    "end": None if end == "-" else end}
            if not title:
                del role["role"]
            roles.append(role)
        people.append({"id": slug(name), "name": name, "names": list(dict.fromkeys(variants)),
                       "roles": roles})
    return people


def merge(phoenix: list[dict], hand: list[dict]) -> list[dict]:
    by_id: dict[str, dict] = {}
    by_variant: dict[str, list[str]] = {}

    def codes(p: dict) -> set[str]:
        return {r["code"] for r in p["roles"]}

    def add(p: dict, prefer: bool) -> None:
        # same person: same id, or a shared multi-word variant, and a shared country
        target = None
        cands = [p["id"]] + [i for v in p["names"] if " " in v
                             for i in by_variant.get(v.lower(), [])]
        for cid in cands:
            q = by_id.get(cid)
            if q is not None and codes(q) & codes(p):
                target = q
                break
        if target is None:
            pid, k = p["id"], 2
            while pid in by_id:
                pid, k = f"{p['id']}-{k}", k + 1
            p = dict(p, id=pid)
            by_id[pid] = p
            target = p
        else:
            if prefer:
                if target["id"] != p["id"] and p["id"] not in by_id:
                    del by_id[target["id"]]
                    for lst in by_variant.values():
                        if target["id"] in lst:
                            lst[lst.index(target["id"])] = p["id"]
                    target["id"] = p["id"]
                    by_id[p["id"]] = target
                target["name"] = p["name"]
                target["names"] = list(dict.fromkeys(p["names"] + target["names"]))
                # hand roles supersede the Phoenix roles they overlap and, for the same
                # country, the open-ended ones (Phoenix ends in 2014-2017)
                def overlaps(r: dict, h: dict) -> bool:
                    a0, a1 = r["start"] or "0000", r["end"] or "9999"
                    b0, b1 = h["start"] or "0000", h["end"] or "9999"
                    return a0 <= b1 and b0 <= a1
                keep = []
                for r in target["roles"]:
                    same = [h for h in p["roles"] if h["code"] == r["code"]]
                    if same and r["end"] is None and r["start"] is not None:
                        continue
                    if any(h["sector"] == r["sector"] and overlaps(r, h) for h in same):
                        continue
                    keep.append(r)
                target["roles"] = p["roles"] + keep
            else:
                target["names"] = list(dict.fromkeys(target["names"] + p["names"]))
                seen = {json.dumps(r, sort_keys=True) for r in target["roles"]}
                target["roles"] += [r for r in p["roles"]
                                    if json.dumps(r, sort_keys=True) not in seen]
        for v in target["names"]:
            lst = by_variant.setdefault(v.lower(), [])
            if target["id"] not in lst:
                lst.append(target["id"])

    for p in phoenix:
        add(p, prefer=False)
    for p in hand:
        add(p, prefer=True)
    out = list(by_id.values())
    for p in out:
        p["roles"] = compact_roles(p["roles"])
    out.sort(key=lambda p: p["id"])
    return out


def compact_roles(roles: list[dict]) -> list[dict]:
    """Sort roles, merge overlapping or touching spans of the same code, sector and title,
    and drop an undated ELI fallback when a dated ELI role of that country exists."""
    roles = sorted(roles, key=lambda r: (r["code"], r["sector"], r.get("role") or "",
                                         r["start"] or "0000"))
    out: list[dict] = []
    for r in roles:
        prev = out[-1] if out else None
        if (prev is not None and r["start"] is not None and prev["start"] is not None
                and (prev["code"], prev["sector"], prev.get("role")) ==
                (r["code"], r["sector"], r.get("role"))
                and (prev["end"] is None or r["start"][:10] <= prev["end"][:10]
                     or _next_day(prev["end"]) == r["start"])):
            if prev["end"] is not None and (r["end"] is None or r["end"] > prev["end"]):
                prev["end"] = r["end"]
            continue
        out.append(dict(r))
    dated_eli = {r["code"] for r in out if r["sector"] == "ELI" and (r["start"] or r["end"])}
    out = [r for r in out if not (r["sector"] == "ELI" and not r["start"] and not r["end"]
                                  and r["code"] in dated_eli)]
    out.sort(key=lambda r: (r["start"] or r["end"] or "9999"))
    return out


def _next_day(d: str) -> str | None:
    try:
        return (dt.date.fromisoformat(d) + dt.timedelta(days=1)).isoformat()
    except ValueError:
        return None


def write(people: list[dict], path: Path) -> None:
    """One compact JSON object per line. As in countries.jsonl and igos.jsonl, `names` holds
    the other names only (the canonical `name` is not repeated) and is left out when empty."""
    with path.open("w", encoding="utf-8") as fh:
        for p in people:
            others = [n for n in p.get("names", []) if n != p["name"]]
            p = {"id": p["id"], "name": p["name"], "names": others, "roles": p["roles"]}
            if not others:
                del p["names"]
            fh.write(json.dumps(p, ensure_ascii=False, separators=(",", ":")) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--shared", type=Path, default=SHARED)
    ap.add_argument("--intermediate", type=Path, default=Path("/tmp/people_phoenix.jsonl"))
    ap.add_argument("--hand", type=Path, default=ROOT / "scripts" / "people_hand.txt")
    ap.add_argument("--out", type=Path, default=ACTORS / "people.jsonl")
    ap.add_argument("--phoenix-only", action="store_true")
    a = ap.parse_args(argv)
    cmap = load_cameo_map()
    phoenix = []
    for fn in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt"):
        phoenix += parse_phoenix(a.shared / fn, cmap)
    phoenix = merge(phoenix, [])
    write(phoenix, a.intermediate)
    print(f"phoenix: {len(phoenix)} people -> {a.intermediate}", file=sys.stderr)
    if a.phoenix_only:
        return 0
    hand = parse_hand(a.hand) if a.hand.exists() else []
    people = merge([dict(p, roles=list(p["roles"])) for p in phoenix], hand)
    write(people, a.out)
    print(f"hand: {len(hand)} people; total {len(people)} -> {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
