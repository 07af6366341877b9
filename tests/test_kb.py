"""The actor knowledge base: names, dated roles, user overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from thucydides.actors.kb import Role, build_kb, load_kb
from thucydides.errors import DataError


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def _person(kb, name: str):
    (entry,) = [e for e, form in kb.lookup(name) if e.kind == "person" and form == "name"][:1]
    return entry


def test_states_by_name_adjective_capital_and_seat(kb) -> None:
    def codes(text: str) -> set[str]:
        return {e.code for e, _ in kb.lookup(text) if e.kind == "country"}

    assert codes("China") == {"CHN"} and codes("Chinese") == {"CHN"}
    assert codes("Moscow") == {"RUS"} and codes("the Kremlin") == {"RUS"} and codes("Kremlin") == {"RUS"}
    assert codes("White House") == {"USA"} and codes("Kosovo") == {"XKX"}


def test_igos_have_igo_codes(kb) -> None:
    for name in ("ASEAN", "NATO", "European Union", "United Nations"):
        entries = [e for e, _ in kb.lookup(name) if e.kind == "igo"]
        assert entries and all(e.code.startswith("IGO") for e in entries), name


def test_wang_yi_role_on_the_day_of_the_jakarta_meeting(kb) -> None:
    role = _person(kb, "Wang Yi").role_at("2023-07-13")
    assert role is not None and role.code == "CHN" and role.sector == "GOV"


def test_boris_johnson_was_prime_minister_in_october_2019(kb) -> None:
    role = _person(kb, "Boris Johnson").role_at("2019-10-07")
    assert role is not None and role.code == "GBR" and role.sector == "GOV"


def test_role_dates_compare_at_any_precision() -> None:
    r = Role("USA", "GOV", "Secretary of State", "2018-04-26", "2021-01-20")
    assert r.holds_on("2019") and r.holds_on("2018-04") and r.holds_on("2021-01-20")
    assert not r.holds_on("2017-12-31") and not r.holds_on("2021-02")


def test_user_file_adds_and_overrides(tmp_path: Path) -> None:
    f = tmp_path / "mine.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in [
        {"kind": "person", "id": "jane-roe", "name": "Jane Roe",
         "roles": [{"code": "ISL", "sector": "GOV", "start": "2024-01-01", "end": None}]},
        {"kind": "country", "code": "CHN", "name": "China", "names": ["Middle Kingdom"]},
        {"kind": "agent", "phrase": "harbour master", "sector": "GOV"},
    ]) + "\n")
    kb = build_kb(f)
    (jane,) = [e for e, _ in kb.lookup("Jane Roe")]
    assert jane.role_at("2025-05-05").code == "ISL"
    assert {e.code for e, _ in kb.lookup("Middle Kingdom")} == {"CHN"}
    assert kb.agents["harbour master"] == "GOV"


def test_bad_user_file_is_a_clear_error(tmp_path: Path) -> None:
    f = tmp_path / "bad.jsonl"
    f.write_text('{"kind": "person", "name": "No Id"}\n')
    with pytest.raises(DataError, match="bad.jsonl:1: missing field 'id'"):
        build_kb(f)
