"""Event dates resolved against the publication date (each expectation worked out on a calendar)."""

from __future__ import annotations

import pytest

from thucydides.coding.dates import default_event_date, find_time_expressions


@pytest.mark.parametrize("text, published, expected", [
    # 2023-07-14 was a Friday, so "Thursday" is the day before.
    ("Wang Yi said on Thursday", "2023-07-14", "2023-07-13"),
    # 2019-10-10 was a Thursday; the Monday before is 2019-10-07.
    ("On Monday, Prime Minister Boris Johnson joined", "2019-10-10", "2019-10-07"),
    # 2020-01-13 was a Monday; the Saturday before is 2020-01-11.
    ("On Saturday morning, representatives", "2020-01-13", "2020-01-11"),
    ("yesterday the army withdrew", "2021-03-01", "2021-02-28"),
    ("in Jakarta on July 13, 2023.", "2023-07-14", "2023-07-13"),
    ("on 13 July the talks", "2023-07-14", "2023-07-13"),
    ("sanctions in 2007", "2020-05-01", "2007"),
    ("under sanctions since 2011", "2019-01-23", "2011"),
    ("earlier in the month", "2019-01-23", "2019-01"),
    ("Last year US President Donald Trump", "2019-01-23", "2018"),
    ("last month", "2019-01-23", "2018-12"),
    ("in January 2020", "2021-06-01", "2020-01"),
    ("three days ago", "2023-07-14", "2023-07-11"),
    ("published 2023-07-14 in print", None, "2023-07-14"),
])
def test_time_expression(text: str, published: str | None, expected: str) -> None:
    found = find_time_expressions(text, published)
    assert found and found[0].value == expected


def test_a_date_without_year_in_the_future_falls_in_the_previous_year() -> None:
    # December 30 read in a January 2 article is last year's.
    assert find_time_expressions("on December 30", "2020-01-02")[0].value == "2019-12-30"


def test_no_time_expression() -> None:
    assert find_time_expressions("China and Russia will cooperate.", "2023-07-14") == []


def test_news_day_is_the_lead_day_when_recent() -> None:
    assert default_event_date("Wang Yi said on Thursday said", "2023-07-14T08:34:00+08:00") == "2023-07-13"
    # A lead about an old event does not move the news day.
    assert default_event_date("In 2007 the council met.", "2023-07-14") == "2023-07-14"
    assert default_event_date("No date here.", None) is None
