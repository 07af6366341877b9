"""Event dates: time expressions in a sentence, resolved against the publication date.

"on Thursday" in a 2023-07-14 article is 2023-07-13; "yesterday" the day before; "July 13,
2023" itself; "in 2007" stays "2007" and "last month" a month: a date is given at the precision
the text gives (YYYY-MM-DD, YYYY-MM or YYYY), never made more precise than it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
MONTHS.update({k[:3]: v for k, v in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                        "sunday"])}

_MON = r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("mdy", re.compile(_MON + r"\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+(?P<y>(?:19|20)\d\d))?\b", re.I)),
    ("dmy", re.compile(r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MON + r"(?:,?\s+(?P<y>(?:19|20)\d\d))?\b", re.I)),
    ("my", re.compile(r"\b(?:in|since|during|until|by|of|early|late|mid-?)\s+" + _MON + r"(?:,?\s+(?P<y>(?:19|20)\d\d))?\b", re.I)),
    ("weekday", re.compile(r"\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)),
    ("relday", re.compile(r"\b(?P<rel>yesterday|today|tonight|this (?:morning|afternoon|evening)|last night|the day before)\b", re.I)),
    ("relunit", re.compile(r"\b(?P<which>last|this|next|earlier this|later this|earlier in the|later in the|past)\s+(?P<unit>week|month|year)\b", re.I)),
    ("ago", re.compile(r"\b(?P<n>\d+|a|one|two|three|four|five|six|seven|eight|nine|ten)\s+(?P<unit>day|week|month|year)s?\s+ago\b", re.I)),
    ("year", re.compile(r"\b(?:in|since|during|until|by|of|from|early|late|mid-?)\s+(?P<y>(?:19|20)\d\d)\b(?!-)", re.I)),
]
_NUMBERS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10}


@dataclass(frozen=True)
class TimeExpr:
    """A resolved time expression: its value (ISO at its precision) and where it is in the text."""

    value: str
    start: int
    end: int
    kind: str


def parse_published(published: str | None) -> date | None:
    """The publication day from an ISO 8601 string (date or datetime), or None."""
    if not published:
        return None
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", published)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _month_shift(d: date, months: int) -> tuple[int, int]:
    total = d.year * 12 + d.month - 1 + months
    return total // 12, total % 12 + 1


def _resolve(kind: str, m: re.Match[str], pub: date | None) -> str | None:
    g = m.groupdict()
    if kind == "iso":
        return f"{g['y']}-{g['m']}-{g['d']}"
    if kind in ("mdy", "dmy", "my"):
        mon = MONTHS.get(g["mon"].lower().rstrip("."))
        if mon is None:
            return None
        year = int(g["y"]) if g.get("y") else None
        if year is None:
            if pub is None:
                return None
            year = pub.year if mon <= pub.month else pub.year - 1
        if kind == "my" or not g.get("d"):
            return f"{year:04d}-{mon:02d}"
        day = int(g["d"])
        try:
            d = date(year, mon, day)
        except ValueError:
            return None
        if not g.get("y") and pub is not None and d > pub + timedelta(days=1):
            # A day later than publication with no year stated: last year's, unless it is near.
            d = d.replace(year=d.year - 1) if (d - pub).days > 60 else d
        return d.isoformat()
    if pub is None:
        return g.get("y") if kind == "year" else None
    if kind == "weekday":
        back = (pub.weekday() - WEEKDAYS[g["wd"].lower()]) % 7
        return (pub - timedelta(days=back)).isoformat()
    if kind == "relday":
        rel = g["rel"].lower()
        back = 1 if rel in ("yesterday", "the day before", "last night") else 0
        return (pub - timedelta(days=back)).isoformat()
    if kind == "relunit":
        which, unit = g["which"].lower(), g["unit"].lower()
        step = -1 if which in ("last", "past") else (1 if which == "next" else 0)
        if unit == "year":
            return f"{pub.year + step:04d}"
        if unit == "month":
            y, mo = _month_shift(pub, step)
            return f"{y:04d}-{mo:02d}"
        if step == 0:
            return f"{pub.year:04d}-{pub.month:02d}"
        d = pub + timedelta(days=7 * step)
        return f"{d.year:04d}-{d.month:02d}"
    if kind == "ago":
        word = g["n"].lower()
        n = int(word) if word.isdigit() else _NUMBERS.get(word, 1)
        unit = g["unit"].lower()
        if unit == "day":
            return (pub - timedelta(days=n)).isoformat()
        if unit == "week":
            d = pub - timedelta(days=7 * n)
            return f"{d.year:04d}-{d.month:02d}"
        if unit == "month":
            y, mo = _month_shift(pub, -n)
            return f"{y:04d}-{mo:02d}"
        return f"{pub.year - n:04d}"
    if kind == "year":
        return g["y"]
    return None


def find_time_expressions(text: str, published: str | None) -> list[TimeExpr]:
    """Every time expression in ``text`` resolved against the publication date, in text order."""
    pub = parse_published(published)
    found: list[TimeExpr] = []
    taken: list[tuple[int, int]] = []
    for kind, pat in _PATTERNS:
        for m in pat.finditer(text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            value = _resolve(kind, m, pub)
            if value:
                found.append(TimeExpr(value, m.start(), m.end(), kind))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda t: t.start)


def default_event_date(lead: str, published: str | None) -> str | None:
    """The day an article's undated events default to.

    Wire copy dates its news in the lead ("said on Thursday"): when the lead's first time
    expression is a day within a week before publication, that day is the news day; otherwise
    the publication day is.
    """
    pub = parse_published(published)
    if pub is None:
        return None
    for t in find_time_expressions(lead, published):
        if len(t.value) == 10:
            d = parse_published(t.value)
            if d is not None and timedelta(0) <= pub - d <= timedelta(days=7):
                return t.value
        break
    return pub.isoformat()
