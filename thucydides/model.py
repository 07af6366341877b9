"""The records thucydides produces: one definition, serialised one way.

The CLI's JSON lines, the DuckDB columns and the JSON Schema printed by ``thucydides schema``
all come from these models, so they cannot drift apart. Field meanings follow the output
contract in ``ARCHITECTURE.md``.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PLOVER_TYPES: tuple[str, ...] = (
    "ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE",
    "MOBILIZE", "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN",
)
PloverType = Literal[
    "ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE",
    "MOBILIZE", "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN",
]


class Record(BaseModel):
    """Base of every record: strict fields, JSON in and out."""

    model_config = ConfigDict(extra="forbid", frozen=False)

    def to_json(self) -> str:
        """Serialise to one line of JSON (the CLI's and the store's format)."""
        return self.model_dump_json(exclude_none=False)

    @classmethod
    def from_json(cls, data: str | bytes) -> Any:
        """Parse a record from its JSON form."""
        return cls.model_validate_json(data)


class Actor(Record):
    """An actor as mentioned: the text, and what it resolves to on the event's date."""

    text: str
    name: str | None = None
    code: str | None = None  # ISO3 for a state; IGO/NGO/IMG/MNC (+ letters) otherwise
    sector: str | None = None  # GOV, MIL, REB, OPP, LEG, JUD, COP, BUS, MED, CVL, ...
    id: str | None = None  # knowledge-base id


class Location(Record):
    """Where an event happened."""

    name: str
    country: str | None = None  # ISO3
    lat: float | None = None
    lon: float | None = None


class Evidence(Record):
    """The sentence an event was read from, with character offsets into the article text."""

    sentence: str
    start: int
    end: int
    trigger: str


class EventMention(Record):
    """One event as reported in one article (with every sentence that reports it)."""

    id: str
    type: PloverType
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    cameo: str
    goldstein: float
    quad_class: int = Field(ge=1, le=4)
    date: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    source: list[Actor] = Field(default_factory=list)
    target: list[Actor] = Field(default_factory=list)
    location: Location | None = None
    evidence: Evidence
    mentions: list[Evidence] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)
    coder: str


class Article(Record):
    """A document: clean body, metadata, and (after coding) its events."""

    id: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    fetched_at: str | None = Field(default=None, description="when the page was fetched (WARC-Date, HTTP fetch), "
                                   "ISO 8601; the page's own date is 'published'")
    publisher: str | None = None
    agency: str | None = None
    authors: list[str] = Field(default_factory=list)
    editor: str | None = None
    section: str | None = None
    language: str | None = None
    text: str = ""
    events: list[EventMention] = Field(default_factory=list)
    error: str | None = None
    source_path: str | None = Field(default=None, description="where the document was read from")

    def output_dict(self, with_events: bool = True) -> dict[str, Any]:
        """The contract's JSON object: ``error`` only when set, ``events`` unless asked not to."""
        d = self.model_dump(mode="json", exclude={"source_path"})
        if self.error is None:
            d.pop("error")
        if not with_events:
            d.pop("events")
        return d


def content_id(*parts: str | None, length: int = 16) -> str:
    """A stable content hash of the given parts (None counts as empty)."""
    h = hashlib.sha256()
    for p in parts:
        h.update((p or "").encode("utf-8"))
        h.update(b"\x1f")
    return h.hexdigest()[:length]


def event_id(article_id: str, event_type: str, cameo: str, source: list[Actor], target: list[Actor],
             date: str | None, start: int) -> str:
    """The id of an event mention: a hash of where it was read and what it says."""
    codes = json.dumps([sorted(a.code or a.text for a in source), sorted(a.code or a.text for a in target)])
    return content_id(article_id, event_type, cameo, codes, date, str(start))


def output_schema() -> dict[str, Any]:
    """The JSON Schema of one output line of ``thucydides code``."""
    schema = Article.model_json_schema()
    schema["title"] = "thucydides article"
    return schema
