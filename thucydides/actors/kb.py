"""The actor knowledge base: states, IGOs, groups, role nouns and people with dated roles.

Loaded once per process from the package's data files (formats in ``data/README.md``) plus the
user's ``actors_file``, whose entries add to or replace the shipped ones. The KB answers two
questions: which entries can a surface string name (``lookup``), and what a person was on a
given date (``Person.role_at``).
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import DataError


@dataclass(frozen=True)
class Role:
    """A position a person held: country or organisation code, sector, title, and dates."""

    code: str
    sector: str | None
    title: str
    start: str | None
    end: str | None

    def holds_on(self, date: str) -> bool:
        """True when the role was held on ``date`` (ISO, any precision; compared by prefix)."""
        return (self.start is None or _cmp_date(self.start, date) <= 0) and \
            (self.end is None or _cmp_date(date, self.end) <= 0)


def _cmp_date(a: str, b: str) -> int:
    """Compare ISO dates of any precision on their common prefix (2023 vs 2023-07-13 is equal)."""
    n = min(len(a), len(b))
    return (a[:n] > b[:n]) - (a[:n] < b[:n])


@dataclass
class Entry:
    """Something a name can refer to: a state, an IGO, a group, or a person."""

    kind: str  # country | igo | group | person
    id: str
    name: str
    code: str | None = None
    sector: str | None = None
    roles: list[Role] = field(default_factory=list)
    members: tuple[str, ...] = ()
    lat: float | None = None
    lon: float | None = None
    n_names: int = 1  # how many names the dictionaries know it by (a proxy for prominence)

    def role_at(self, date: str | None) -> Role | None:
        """The role held on ``date``; with several, government first; else the latest before it."""
        if not self.roles:
            return None
        if date:
            held = [r for r in self.roles if r.holds_on(date)]
            if held:
                return sorted(held, key=lambda r: (r.sector != "GOV", -len(r.start or "")))[0]
            before = [r for r in self.roles if r.start is None or _cmp_date(r.start, date) <= 0]
            if before:
                return max(before, key=lambda r: r.end or r.start or "")
            return min(self.roles, key=lambda r: r.start or "")
        return max(self.roles, key=lambda r: r.start or "")


# How a surface form refers to an entry: decides the sector it implies and how safe it is.
FORM_NAME, FORM_ADJ, FORM_DEMONYM, FORM_CAPITAL, FORM_SEAT, FORM_SURNAME, FORM_GIVEN = (
    "name", "adjective", "demonym", "capital", "seat", "surname", "given")


@dataclass(frozen=True)
class Form:
    """One surface form of an entry."""

    entry_id: str
    form: str


class KnowledgeBase:
    """Entries by id, surface forms by string, and role nouns by lemma phrase."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.forms: dict[str, list[Form]] = defaultdict(list)
        self.agents: dict[str, str] = {}
        self.country_by_code: dict[str, Entry] = {}
        self.max_form_tokens = 1
        self.first_words: set[str] = set()  # the first word of every form, to skip hopeless starts

    # -- building
    def add(self, entry: Entry, forms: Iterable[tuple[str, str]]) -> None:
        """Add (or replace) an entry with its surface forms."""
        if entry.id in self.entries:
            self._drop_forms(entry.id)
        self.entries[entry.id] = entry
        if entry.kind == "country" and entry.code:
            self.country_by_code[entry.code] = entry
        for text, form in forms:
            key = normalise(text)
            if not key or (entry.kind == "person" and not _name_like(key)):
                continue
            if all(f.entry_id != entry.id or f.form != form for f in self.forms[key]):
                self.forms[key].append(Form(entry.id, form))
            self.first_words.add(key.split(" ", 1)[0])
            self.max_form_tokens = max(self.max_form_tokens, key.count(" ") + 2)

    def _drop_forms(self, entry_id: str) -> None:
        for key in list(self.forms):
            self.forms[key] = [f for f in self.forms[key] if f.entry_id != entry_id]
            if not self.forms[key]:
                del self.forms[key]
        self.first_words = {key.split(" ", 1)[0] for key in self.forms}

    # -- queries
    def lookup(self, text: str) -> list[tuple[Entry, str]]:
        """Entries a surface string may name, with the form it takes (name, adjective, ...)."""
        return [(self.entries[f.entry_id], f.form) for f in self.forms.get(normalise(text), ())]

    def country(self, code: str) -> Entry | None:
        """The state or territory with this ISO3 code."""
        return self.country_by_code.get(code)


# Words that old dictionaries list as bits of people's names ("Juan Carlos I") but that are
# far more often something else.
_NOT_NAMES = {"i", "ii", "iii", "iv", "v", "a", "an", "the", "he", "she", "we", "they", "it", "us", "de",
              "al", "el", "la", "le", "bin", "ibn", "van", "von", "der", "del", "da", "di", "du", "jr", "sr",
              "mr", "mrs", "ms", "dr", "sir", "king", "queen", "prince", "president", "minister", "general",
              "new", "north", "south", "east", "west", "central", "united", "said", "will", "may", "just"}


def _name_like(key: str) -> bool:
    """Can this string name a person? Single words must be capitalised, 3+ letters, no stopword."""
    if " " in key:
        return True
    return len(key) >= 3 and key[:1].isupper() and key.lower() not in _NOT_NAMES


def normalise(text: str) -> str:
    """The key a surface form is indexed under: whitespace collapsed, curly quotes made straight,
    a leading article dropped ("the Kremlin" and "Kremlin" are one form)."""
    key = " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())
    if key[:4] in ("the ", "The "):
        key = key[4:]
    return key


def _data_lines(name: str) -> Iterator[tuple[int, dict[str, Any]]]:
    ref = resources.files("thucydides.data").joinpath("actors").joinpath(name)
    if not ref.is_file():
        return
    for n, line in enumerate(ref.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                yield n, json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"actors/{name} line {n}: bad JSON: {exc.msg}") from None


def _list(rec: dict[str, Any], key: str) -> list[str]:
    v = rec.get(key) or []
    return [v] if isinstance(v, str) else [str(x) for x in v]


def _add_record(kb: KnowledgeBase, kind: str, rec: dict[str, Any], where: str) -> None:
    try:
        if kind == "country":
            code = rec["code"]
            e = Entry("country", rec.get("id") or code, rec["name"], code=code,
                      lat=rec.get("lat"), lon=rec.get("lon"))
            forms = [(rec["name"], FORM_NAME)] + [(n, FORM_NAME) for n in _list(rec, "names")]
            forms += [(n, FORM_ADJ) for n in _list(rec, "adjectives")]
            forms += [(n, FORM_DEMONYM) for n in _list(rec, "demonyms")]
            forms += [(n, FORM_CAPITAL) for n in _list(rec, "capitals")]
            forms += [(n, FORM_SEAT) for n in _list(rec, "seats")]
        elif kind in ("igo", "group"):
            e = Entry(kind, rec["id"], rec["name"], code=rec["code"], sector=rec.get("sector"),
                      members=tuple(_list(rec, "members")))
            forms = [(rec["name"], FORM_NAME)] + [(n, FORM_NAME) for n in _list(rec, "names")]
            forms += [(n, FORM_ADJ) for n in _list(rec, "adjectives")]
        elif kind == "person":
            roles = [Role(r["code"], r.get("sector"), r.get("role") or "", r.get("start"), r.get("end"))
                     for r in rec.get("roles") or []]
            names = [rec["name"]] + _list(rec, "names")
            e = Entry("person", rec["id"], rec["name"], roles=roles, n_names=len(set(names)))
            forms = [(n, FORM_SURNAME if " " not in n.strip() else FORM_NAME) for n in names]
            # A later "Lavrov" or "Wang" can refer back to a full name; which one is decided in
            # context (resolver), so both ends of every full name are indexed.
            for n in names:
                toks = n.split()
                if len(toks) > 1:
                    forms += [(toks[-1], FORM_SURNAME), (toks[0], FORM_GIVEN)]
        else:
            raise DataError(f"{where}: unknown kind {kind!r} (country, igo, group, person)")
    except KeyError as exc:
        raise DataError(f"{where}: missing field {exc.args[0]!r}") from None
    kb.add(e, forms)


def _load_agents(kb: KnowledgeBase, text: str, where: str) -> None:
    for n, row in enumerate(csv.reader(text.splitlines(), delimiter="\t"), 1):
        if not row or row[0].startswith("#") or (n == 1 and row[0] == "phrase"):
            continue
        if len(row) < 2:
            raise DataError(f"{where} line {n}: expected 'phrase<TAB>sector'")
        kb.agents[" ".join(row[0].lower().split())] = row[1].strip().upper()


SHIPPED = (("countries.jsonl", "country"), ("igos.jsonl", "igo"), ("groups.jsonl", "group"),
           ("people.jsonl", "person"))


def build_kb(actors_file: Path | None = None) -> KnowledgeBase:
    """Load the shipped knowledge base, then the user's additions and overrides."""
    kb = KnowledgeBase()
    for name, kind in SHIPPED:
        for n, rec in _data_lines(name):
            _add_record(kb, kind, rec, f"actors/{name} line {n}")
    agents = resources.files("thucydides.data").joinpath("actors").joinpath("agents.tsv")
    if agents.is_file():
        _load_agents(kb, agents.read_text(encoding="utf-8"), "actors/agents.tsv")
    if actors_file is not None:
        load_user_file(kb, actors_file)
    return kb


def load_user_file(kb: KnowledgeBase, path: Path) -> None:
    """Add the user's actors: JSONL with a ``kind`` field, or a TSV of role nouns."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"actors file {str(path)!r} cannot be read: {exc}") from None
    if path.suffix.lower() == ".tsv":
        _load_agents(kb, text, str(path))
        return
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}:{n}: bad JSON: {exc.msg}") from None
        kind = rec.get("kind") if isinstance(rec, dict) else None
        if kind == "agent":
            kb.agents[" ".join(str(rec["phrase"]).lower().split())] = str(rec["sector"]).upper()
            continue
        _add_record(kb, str(kind), rec, f"{path}:{n}")


@lru_cache(maxsize=4)
def load_kb(actors_file: str | None = None) -> KnowledgeBase:
    """The knowledge base, built once per process (per user file)."""
    return build_kb(Path(actors_file) if actors_file else None)
