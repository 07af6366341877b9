"""The record model: JSON round trips and the output schema."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from thucydides.model import (
    PLOVER_TYPES,
    Actor,
    Article,
    EventMention,
    Evidence,
    Location,
    content_id,
    output_schema,
)

text = st.text(max_size=40)
opt_text = st.none() | text
actors = st.builds(Actor, text=text, name=opt_text, code=opt_text, sector=opt_text, id=opt_text)
evidence = st.builds(Evidence, sentence=text, start=st.integers(0, 10_000), end=st.integers(0, 10_000), trigger=text)
locations = st.none() | st.builds(Location, name=text, country=opt_text,
                                  lat=st.none() | st.floats(-90, 90), lon=st.none() | st.floats(-180, 180))
events = st.builds(
    EventMention, id=text, type=st.sampled_from(PLOVER_TYPES), mode=opt_text, context=st.lists(text, max_size=2),
    cameo=st.from_regex(r"[0-2][0-9]{1,3}", fullmatch=True), goldstein=st.floats(-10, 10),
    quad_class=st.integers(1, 4), date=opt_text, source=st.lists(actors, max_size=3),
    target=st.lists(actors, max_size=3), location=locations, evidence=evidence,
    mentions=st.lists(evidence, max_size=2), confidence=st.floats(0, 1), coder=text)
articles = st.builds(Article, id=text, url=opt_text, title=opt_text, published=opt_text, agency=opt_text,
                     authors=st.lists(text, max_size=2), text=text, events=st.lists(events, max_size=3),
                     error=opt_text)


@given(articles)
def test_article_json_round_trip(article: Article) -> None:
    assert Article.from_json(article.to_json()) == article


@given(events)
def test_event_json_round_trip(event: EventMention) -> None:
    assert EventMention.from_json(event.to_json()) == event


def test_output_dict_has_error_only_when_failed() -> None:
    ok = Article(id="a", text="x").output_dict()
    bad = Article(id="b", error="broken").output_dict()
    assert "error" not in ok and bad["error"] == "broken"
    assert "events" not in Article(id="c").output_dict(with_events=False)


def test_schema_lists_the_contract_fields() -> None:
    schema = output_schema()
    props = schema["properties"]
    for field in ("id", "url", "title", "published", "agency", "authors", "editor", "text", "events", "error"):
        assert field in props
    event = schema["$defs"]["EventMention"]["properties"]
    for field in ("type", "cameo", "goldstein", "quad_class", "date", "source", "target", "location",
                  "evidence", "mentions", "confidence", "coder"):
        assert field in event
    assert set(event["type"]["enum"]) == set(PLOVER_TYPES)
    json.dumps(schema)


def test_content_id_is_stable_and_separates_parts() -> None:
    assert content_id("ab", "c") == content_id("ab", "c")
    assert content_id("ab", "c") != content_id("a", "bc")
    assert len(content_id("x")) == 16
