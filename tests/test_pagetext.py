"""Tests for the page-text boilerplate remover and the metadata parsers it uses."""
from __future__ import annotations

from pathlib import Path

import pytest

from thucydides.ingest.metadata import find_agency, find_authors, find_editor, find_published, parse_date
from thucydides.ingest.pagetext import PageText, extract_page_text

SEED = Path(__file__).resolve().parents[2] / "shared/corpus/seed/000_c96cbef705fd84d6.txt"


@pytest.fixture(scope="module")
def seed() -> PageText:
    if not SEED.exists():
        pytest.skip("shared seed corpus not available")
    return extract_page_text(SEED.read_text(encoding="utf-8"))


def test_seed_metadata(seed: PageText) -> None:
    assert seed.title == ("China, Russia jointly promote world multi-polarity, greater democracy "
                          "in int'l relations: Wang Yi")
    assert seed.published is not None and seed.published.startswith("2023-07-14")
    assert seed.published == "2023-07-14T08:34:00+08:00"
    assert seed.agency == "Xinhua"
    assert seed.editor == "Wang Qingchu"
    assert seed.section == "Nation"


def test_seed_body_keeps_article(seed: PageText) -> None:
    for want in ("Senior Chinese diplomat Wang Yi said on Thursday",
                 "on the sidelines of a series of ASEAN foreign ministers' meetings",
                 "Shanghai Cooperation Organization and BRICS"):
        assert want in seed.body


def test_seed_body_drops_boilerplate(seed: PageText) -> None:
    for bad in ("沪ICP", "Copyright", "EXPLORE SHINE", "Follow Us", "Big Little Docos",
                "Editor: Wang Qingchu", "breaking news in China", "Special Reports"):
        assert bad not in seed.body
    # The teaser repeat of the lead near the top goes; the lead itself stays once.
    assert seed.body.count("Senior Chinese diplomat Wang Yi said on Thursday") == 1


def test_single_sentence_passes_unchanged() -> None:
    text = "  Senior Chinese diplomat Wang Yi met Sergei Lavrov in Jakarta on Thursday.\n"
    assert extract_page_text(text).body == text.strip()


def test_single_word_passes_unchanged() -> None:
    assert extract_page_text("Menu").body == "Menu"


def test_clean_article_keeps_every_paragraph() -> None:
    paras = [
        "Germany on Monday banned Iranian airline Mahan Air from flying in the country, with "
        "officials saying this is for security reasons.",
        "Mahan has been the subject of United States sanctions since 2011, and the US has been "
        "encouraging allies such as Germany to restrict its operations.",
        "The move comes after the European Union sanctioned Iran earlier in the month over "
        "alleged assassination plots against dissidents.",
    ]
    page = extract_page_text("Wednesday, January 23, 2019\n\n\n" + "\n\n\n".join(paras) + "\n")
    assert page.body == "\n\n".join(paras)
    assert page.published == "2019-01-23"


MENU = "\n".join(["Home", "World", "Politics", "Business", "Tech", "Sport", "Opinion", "Video"])
ARTICLE = [
    "BEIJING, July 14 (Xinhua) -- Chinese and Russian diplomats met in Jakarta on Thursday to "
    "discuss regional security and trade, officials said after the talks ended.",
    "The two sides agreed to strengthen coordination within multilateral frameworks, according "
    "to a statement released by the foreign ministry in the evening.",
    "Both delegations also exchanged views on the situation on the Korean Peninsula, and said "
    "they would keep in close contact in the coming months.",
    "Analysts said the meeting was part of a broader effort by both countries to present a "
    "united front at the regional gathering, which runs until Saturday.",
]
FOOTER = "\n".join(["About Us | Contact Us | Privacy Policy | Terms of Use",
                    "Copyright 2023 © Example Daily. All Rights Reserved.",
                    "Follow Us", "Facebook", "Twitter", "Newsletter", "Sign up"])


def hand_page() -> str:
    return ("China and Russia hold talks in Jakarta | Example Daily\n\n" + MENU + "\n\n"
            "Accept cookies to continue\n\n"
            "China and Russia hold talks in Jakarta\n\nBy Jane Doe and John Roe\n"
            "Published: 14 Jul 2023 10:02 GMT\n\n" + "\n\n".join(ARTICLE) + "\n\n"
            "Related articles\nChina, Russia hold drills\nWang Yi visits Moscow\nASEAN summit opens\n\n"
            + FOOTER + "\n")


def test_hand_built_page() -> None:
    page = extract_page_text(hand_page(), "https://example.com/world/china-russia-talks")
    assert page.body == "\n\n".join(ARTICLE)
    assert page.title == "China and Russia hold talks in Jakarta"
    assert page.authors == ["Jane Doe", "John Roe"]
    assert page.published == "2023-07-14T10:02:00+00:00"
    assert page.agency == "Xinhua"


@pytest.mark.parametrize(("text", "iso"), [
    ("08:34 UTC+8, 2023-07-14", "2023-07-14T08:34:00+08:00"),
    ("July 13, 2023", "2023-07-13"),
    ("2023-07-14T08:34:00Z", "2023-07-14T08:34:00+00:00"),
    ("2023-07-14T08:34:00+05:30", "2023-07-14T08:34:00+05:30"),
    ("Published: 14 Jul 2023 10:02 GMT", "2023-07-14T10:02:00+00:00"),
    ("Nov 18, 2019 at 9:24 pm ET", "2019-11-18"),  # ET could be EST or EDT: no offset invented
    ("Updated Nov 13, 2019, 10:28am EST", "2019-11-13T10:28:00-05:00"),
    ("Updated : 19 November 2019, 09:01 AM", "2019-11-19"),
    ("14.07.2023", "2023-07-14"),
    ("no date here", None),
    ("Call 2023 now", None),
])
def test_parse_date(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_published_prefers_publication_over_update() -> None:
    lines = ["Updated: 20 Jul 2023", "Published: 14 Jul 2023 10:02 GMT", "Some other line"]
    assert find_published(lines) == "2023-07-14T10:02:00+00:00"


@pytest.mark.parametrize(("line", "agency"), [
    ("Source: Xinhua   Editor: Wang Qingchu", "Xinhua"),
    ("(Reuters) - The New York State Attorney General is investigating WeWork.", "Reuters"),
    ("BEIJING, July 14 (Xinhua) -- Senior Chinese diplomat Wang Yi said on Thursday...", "Xinhua"),
    ("The summit ended without a joint statement. — AFP", "AFP"),
    ("ST. JOSEPH, Mich. (AP) — Michigan health authorities are reporting a sixth death.", "AP"),
    ("By The Associated Press", "AP"),
    ("Xinhua", "Xinhua"),
    ("The apple pie recipe needs two cups of sugar.", None),
])
def test_find_agency(line: str, agency: str | None) -> None:
    assert find_agency([line]) == agency


def test_find_agency_accepts_whole_text() -> None:
    assert find_agency("Headline\n\nWASHINGTON (Reuters) - Officials said.") == "Reuters"


def test_photo_credit_is_not_the_agency() -> None:
    # In the seed a "Reuters" photo credit follows the "Xinhua" source line: the source wins.
    assert find_agency(["Title", "Xinhua", "08:34 UTC+8, 2023-07-14", "Reuters", "Caption."]) == "Xinhua"


@pytest.mark.parametrize(("line", "authors"), [
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("By Umair Irfan Updated Nov 13, 2019, 10:28am EST", ["Umair Irfan"]),
    ("by Bryan DeArdo", ["Bryan DeArdo"]),
    ("By Jane Doe, John Roe & Ann Smith", ["Jane Doe", "John Roe", "Ann Smith"]),
    ("By Reuters", []),
    ("By choosing I Accept, you consent to our use of cookies.", []),
])
def test_find_authors(line: str, authors: list[str]) -> None:
    assert find_authors([line]) == authors


def test_find_editor() -> None:
    assert find_editor(["Source: Xinhua   Editor: Wang Qingchu"]) == "Wang Qingchu"
    assert find_editor(["Reporting by Jane Doe; Editing by John Roe"]) == "John Roe"
    assert find_editor(["Nothing to see"]) is None
