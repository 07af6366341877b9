#!/usr/bin/env python3
"""Validate the actor knowledge base in thucydides/data/actors/.

Checks that every line parses, codes are well formed (ISO3 country codes from
countries.jsonl, IGO..., IMG, NGO, MNC), ids are unique, IGO parents and members exist,
person roles carry valid ISO dates (YYYY, YYYY-MM, YYYY-MM-DD or null) with start <= end,
and that the directory stays small. Prints a summary; exits 1 on any error.

    python scripts/check_actor_data.py [ACTORS_DIR]
"""
from __future__ import annotations

import collections
import datetime as dt
import json
import re
import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent / "thucydides" / "data" / "actors"
SECTORS = {"GOV", "MIL", "REB", "OPP", "LEG", "JUD", "COP", "BUS", "MED", "CVL", "SPY", "NGO",
           "IGO", "REF", "EDU", "HLH", "IMG", "PTY", "ELI", "CRM", "REL", "LAB", "AGR", "ENV",
           "HRI", "UAF", "DEV", "MNC", "SEC", "INS", "RAD", "MOD"}
NON_STATE = {"IMG", "NGO", "MNC", "IGO"}
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
MAX_BYTES = 3_300_000

errors: list[str] = []
warnings: list[str] = []


def err(msg: str) -> None:
    errors.append(msg)


def read_jsonl(path: Path) -> list[dict]:
    rows = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            err(f"{path.name}:{i}: blank line")
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            err(f"{path.name}:{i}: bad JSON: {e}")
            continue
        if not isinstance(obj, dict):
            err(f"{path.name}:{i}: not an object")
            continue
        obj["_line"] = i
        rows.append(obj)
    return rows


def str_list(obj: dict, key: str, where: str, required: bool = True) -> list[str]:
    v = obj.get(key)
    if v is None and not required:
        return []
    if not isinstance(v, list) or not all(isinstance(x, str) and x.strip() for x in v):
        err(f"{where}: `{key}` must be a list of non-empty strings")
        return []
    return v


def valid_date(d: object) -> bool:
    if d is None:
        return True
    if not isinstance(d, str) or not DATE_RE.match(d):
        return False
    parts = [int(x) for x in d.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


def unique_ids(rows: list[dict], name: str, key: str = "id") -> None:
    c = collections.Counter(r.get(key) for r in rows)
    for k, n in c.items():
        if n > 1:
            err(f"{name}: duplicate {key} {k!r} ({n}x)")


def check_countries(path: Path) -> set[str]:
    rows = read_jsonl(path)
    unique_ids(rows, path.name, "code")
    codes = set()
    name_owner: dict[str, set[str]] = collections.defaultdict(set)
    for r in rows:
        w = f"{path.name}:{r['_line']}"
        code = r.get("code")
        if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{3}", code):
            err(f"{w}: bad code {code!r}")
            continue
        codes.add(code)
        if not isinstance(r.get("name"), str) or not r["name"]:
            err(f"{w}: missing name")
        for k in ("names", "adjectives", "demonyms", "capitals", "seats"):
            for n in str_list(r, k, w):
                if k != "adjectives" or n not in r.get("demonyms", []):
                    name_owner[n.lower()].add(code)
        name_owner[str(r.get("name", "")).lower()].add(code)
        if r.get("iso2") is not None and not re.fullmatch(r"[A-Z]{2}", str(r["iso2"])):
            err(f"{w}: bad iso2 {r.get('iso2')!r}")
        if r.get("status") not in ("member", "observer", "other"):
            err(f"{w}: bad status {r.get('status')!r}")
        lat, lon = r.get("lat"), r.get("lon")
        if not (isinstance(lat, (int, float)) and -90 <= lat <= 90
                and isinstance(lon, (int, float)) and -180 <= lon <= 180):
            err(f"{w}: bad lat/lon {lat!r}/{lon!r}")
    for n, owners in sorted(name_owner.items()):
        if len(owners) > 1:
            warnings.append(f"countries: {n!r} names several codes {sorted(owners)}")
    members = sum(r.get("status") == "member" for r in rows)
    print(f"countries.jsonl: {len(rows)} entries, {members} UN members, "
          f"{sum(r.get('status') == 'observer' for r in rows)} observers")
    if members != 193:
        err(f"countries: {members} UN members, expected 193")
    return codes


def check_igos(path: Path, countries: set[str]) -> set[str]:
    rows = read_jsonl(path)
    unique_ids(rows, path.name)
    ids = {r.get("id") for r in rows}
    codes = set()
    for r in rows:
        w = f"{path.name}:{r['_line']} ({r.get('id')})"
        code = r.get("code")
        if not isinstance(code, str) or not re.fullmatch(r"IGO[A-Z0-9]*", code):
            err(f"{w}: code must start with IGO: {code!r}")
        else:
            codes.add(code)
        str_list(r, "names", w)
        for m in r.get("members", []):
            if m not in countries:
                err(f"{w}: unknown member {m!r}")
        if r.get("parent") is not None and r["parent"] not in ids:
            err(f"{w}: unknown parent {r['parent']!r}")
        if r.get("sector") not in SECTORS:
            err(f"{w}: bad sector {r.get('sector')!r}")
    print(f"igos.jsonl: {len(rows)} entries, {len(codes)} distinct codes, "
          f"{sum(1 for r in rows if r.get('parent'))} bodies with a parent")
    return codes


def check_groups(path: Path, countries: set[str]) -> None:
    rows = read_jsonl(path)
    unique_ids(rows, path.name)
    by_code = collections.Counter()
    for r in rows:
        w = f"{path.name}:{r['_line']} ({r.get('id')})"
        code = r.get("code")
        if code not in countries and code not in NON_STATE:
            err(f"{w}: bad code {code!r}")
        if r.get("sector") not in SECTORS:
            err(f"{w}: bad sector {r.get('sector')!r}")
        if not r.get("name"):
            err(f"{w}: missing name")
        str_list(r, "names", w)
        by_code[r.get("sector")] += 1
    print(f"groups.jsonl: {len(rows)} entries; by sector {dict(by_code.most_common())}")


def check_agents(path: Path) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines or lines[0] != "phrase\tsector":
        err(f"{path.name}: header must be 'phrase\\tsector'")
    seen = set()
    by = collections.Counter()
    for i, line in enumerate(lines[1:], 2):
        parts = line.split("\t")
        if len(parts) != 2:
            err(f"{path.name}:{i}: expected 2 columns")
            continue
        p, s = parts
        if p != p.lower() or p != p.strip() or not p:
            err(f"{path.name}:{i}: phrase must be lower case: {p!r}")
        if p in seen:
            err(f"{path.name}:{i}: duplicate phrase {p!r}")
        seen.add(p)
        if s not in SECTORS:
            err(f"{path.name}:{i}: bad sector {s!r}")
        by[s] += 1
    print(f"agents.tsv: {len(seen)} phrases; by sector {dict(by.most_common())}")


def check_people(path: Path, countries: set[str], igo_codes: set[str]) -> None:
    rows = read_jsonl(path)
    unique_ids(rows, path.name)
    nroles = current = 0
    for r in rows:
        w = f"{path.name}:{r['_line']} ({r.get('id')})"
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", str(r.get("id"))):
            err(f"{w}: bad id")
        if not isinstance(r.get("name"), str) or not r["name"].strip():
            err(f"{w}: missing name")
        str_list(r, "names", w, required=False)
        roles = r.get("roles")
        if not isinstance(roles, list) or not roles:
            err(f"{w}: no roles")
            continue
        for role in roles:
            nroles += 1
            code, sector = role.get("code"), role.get("sector")
            if not (code in countries or code in NON_STATE
                    or (isinstance(code, str) and re.fullmatch(r"IGO[A-Z0-9]*", code))):
                err(f"{w}: bad role code {code!r}")
            elif isinstance(code, str) and code.startswith("IGO") and code not in igo_codes:
                warnings.append(f"{w}: IGO code {code} not in igos.jsonl")
            if not (isinstance(sector, str) and re.fullmatch(r"[A-Z]{3}", sector)):
                err(f"{w}: bad sector {sector!r}")
            s, e = role.get("start", None), role.get("end", None)
            if "start" not in role or "end" not in role:
                err(f"{w}: role lacks start/end keys")
            if not valid_date(s) or not valid_date(e):
                err(f"{w}: bad date {s!r}..{e!r}")
            elif s and e and s[:len(e)] > e[:len(s)]:
                err(f"{w}: start {s} after end {e}")
            if e is None and s is not None and s >= "2015":
                current += 1
    print(f"people.jsonl: {len(rows)} people, {nroles} roles, {current} open roles started 2015+")


def main(argv: list[str]) -> int:
    d = Path(argv[1]) if len(argv) > 1 else DEFAULT
    countries = check_countries(d / "countries.jsonl")
    igo_codes = check_igos(d / "igos.jsonl", countries)
    check_groups(d / "groups.jsonl", countries)
    check_agents(d / "agents.tsv")
    check_people(d / "people.jsonl", countries, igo_codes)
    total = sum(p.stat().st_size for p in d.iterdir() if p.is_file())
    print(f"directory size: {total:,} bytes")
    if total > MAX_BYTES:
        err(f"actors directory is {total:,} bytes (> {MAX_BYTES:,})")
    if warnings:
        print(f"{len(warnings)} warnings:")
        for wmsg in warnings[:40]:
            print("  warning:", wmsg)
    if errors:
        print(f"{len(errors)} errors:")
        for e in errors[:60]:
            print("  ERROR:", e)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
