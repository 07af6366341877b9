"""Article metadata stated in page text: title, publication date, wire agency, byline, editor,
section. Shared by the page-text and HTML ingest paths, so every function takes plain lines or
strings, never markup.

Dates are returned as ISO 8601 as precise as the page states them: ``2023-07-14T08:34:00+08:00``
when a time and a UTC offset are given, else ``2023-07-14``. We never guess an offset (a bare
"ET" could be EST or EDT), and we never turn a relative date ("2 hours ago") into an absolute one.
"""
from __future__ import annotations

import re

__all__ = ["parse_date", "find_published", "find_agency", "find_authors", "find_editor",
           "find_section", "find_title", "extract_metadata", "AGENCIES", "TRAILER"]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MON = r"(?P<mon>jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# Zone names with one unambiguous offset; daylight-ambiguous ones ("ET", "PT") are left out.
_ZONES = {
    "utc": 0, "gmt": 0, "z": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180,
    "msk": 180, "ist": 330, "pkt": 300, "ict": 420, "wib": 420, "sgt": 480, "hkt": 480,
    "cst": -360, "est": -300, "edt": -240, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480,
    "pdt": -420, "jst": 540, "kst": 540, "aest": 600, "aedt": 660,
}
_TIME = (r"(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?"
         r"(?:\s*(?P<zone>utc|gmt|z\b|[a-z]{2,4}t\b)?\s*(?P<off>[+-]\s*\d{1,2}(?::?\d{2})?)?)?")
_DATE_PATTERNS = [
    # 2023-07-14, 2023/07/14, 2023-07-14T08:34:00Z
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
    # July 13, 2023 / Nov 18, 2019
    re.compile(_MON + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d{2})\b"),
    # 14 Jul 2023 / 19 November 2019
    re.compile(r"\b(?P<d>\d{1,2})(?:st|nd|rd|th)?\s+" + _MON + r",?\s+(?P<y>(?:19|20)\d{2})\b"),
    # 14.07.2023 (day first, as written outside the US)
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})(?!\d)"),
]
_TIME_RE = re.compile(_TIME, re.I)
_YEAR = re.compile(r"(?:19|20)\d\d")


def _offset(zone: str | None, off: str | None) -> int | None:
    """Minutes east of UTC stated by a zone name and/or an explicit offset, or None."""
    base = _ZONES.get(zone.lower()) if zone else None
    if zone and base is None:
        return None
    if not off:
        return base
    if base not in (None, 0):  # "CET+1" and the like: not a real way to state an offset
        return None
    off = off.replace(" ", "")
    sign = -1 if off[0] == "-" else 1
    digits = off[1:].replace(":", "")
    hours, mins = (int(digits[:-2]), int(digits[-2:])) if len(digits) > 2 else (int(digits), 0)
    return sign * (hours * 60 + mins)


def _find_time(s: str) -> tuple[int, int, int, int | None] | None:
    for m in _TIME_RE.finditer(s):
        h, mi = int(m["h"]), int(m["mi"])
        if m["ampm"]:
            h = h % 12 + (12 if m["ampm"][0].lower() == "p" else 0)
        if h > 23 or mi > 59:
            continue
        return h, mi, int(m["s"] or 0), _offset(m["zone"], m["off"])
    return None


def parse_date(s: str) -> str | None:
    """The first calendar date in ``s`` as ISO 8601, with time and offset when both are stated.

    Handles "08:34 UTC+8, 2023-07-14", "July 13, 2023", "2023-07-14T08:34:00Z",
    "Published: 14 Jul 2023 10:02 GMT", "Nov 18, 2019 at 9:24 pm ET" (date only: ET is ambiguous).
    """
    if not _YEAR.search(s):
        return None
    low = s.lower()
    for pat in _DATE_PATTERNS:
        m = pat.search(low)
        if not m:
            continue
        y, d = int(m["y"]), int(m["d"])
        mon = _MONTHS[m["mon"]] if "mon" in m.groupdict() and m["mon"] else int(m["m"])
        if not (1 <= mon <= 12 and 1 <= d <= 31):
            continue
        date = f"{y:04d}-{mon:02d}-{d:02d}"
        t = _find_time(low[m.end():m.end() + 40]) if low[m.end():m.end() + 1] == "t" else None
        t = t or _find_time(low[m.end():m.end() + 40]) or _find_time(low[max(0, m.start() - 40):m.start()])
        if t and t[3] is not None:
            h, mi, sec, off = t
            assert off is not None
            sign = "-" if off < 0 else "+"
            return f"{date}T{h:02d}:{mi:02d}:{sec:02d}{sign}{abs(off) // 60:02d}:{abs(off) % 60:02d}"
        return date
    return None


_PUB_CUE = re.compile(r"publish|posted|\bdate\b|released|issued", re.I)
_UPD_CUE = re.compile(r"updated|modified|last edit", re.I)


def find_published(lines: list[str], limit: int = 400) -> str | None:
    """Publication date from the short date-bearing lines of a page.

    Takes the first date stated with a publication cue, else the first date not marked as an
    update; a later line stating the same day with a time and offset refines it.
    """
    first = cued = None
    refined: dict[str, str] = {}
    for line in lines[:limit]:
        if len(line) > 160:
            continue
        iso = parse_date(line)
        if not iso:
            continue
        day = iso[:10]
        if len(iso) > 10 and day not in refined:
            refined[day] = iso
        if _UPD_CUE.search(line) and not _PUB_CUE.search(line):
            continue
        if cued is None and _PUB_CUE.search(line):
            cued = iso
        if first is None:
            first = iso
    best = cued or first
    if best and len(best) == 10 and best in refined:
        return refined[best]
    return best


# Canonical short name -> spellings (matched case-sensitively on word boundaries).
AGENCIES: dict[str, tuple[str, ...]] = {
    "Xinhua": ("Xinhua", "XINHUA", "Xinhua News Agency"),
    "Reuters": ("Reuters", "REUTERS", "Thomson Reuters"),
    "AFP": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "AP": ("AP", "Associated Press", "The Associated Press"),
    "dpa": ("dpa", "DPA", "Deutsche Presse-Agentur"),
    "ANI": ("ANI",), "PTI": ("PTI", "Press Trust of India"), "IANS": ("IANS",),
    "TASS": ("TASS", "ITAR-TASS"), "RIA Novosti": ("RIA Novosti", "RIA"),
    "Yonhap": ("Yonhap",), "Kyodo": ("Kyodo", "Kyodo News"), "Anadolu": ("Anadolu", "Anadolu Agency", "AA"),
    "WAFA": ("WAFA",), "Bernama": ("Bernama", "BERNAMA"), "ANTARA": ("ANTARA", "Antara"),
    "EFE": ("EFE",), "ANSA": ("ANSA",), "UPI": ("UPI", "United Press International"),
    "Bloomberg": ("Bloomberg",), "CNA": ("CNA",), "IRNA": ("IRNA",), "SPA": ("SPA",),
    "MENA": ("MENA",), "Interfax": ("Interfax",), "Ukrinform": ("Ukrinform",), "PAP": ("PAP",),
    "APA": ("APA",), "AAP": ("AAP",), "CNS": ("CNS", "China News Service"), "KCNA": ("KCNA",),
}
_SPELLING = {sp: canon for canon, sps in AGENCIES.items() for sp in sps}
_NAMES = "|".join(sorted((re.escape(s) for s in _SPELLING), key=len, reverse=True))
# The look-ahead on the names' first letters lets the regex engine skip most positions quickly.
_ANY_AGENCY = re.compile("(?=[" + re.escape("".join(sorted({sp[0] for sp in _SPELLING}))) + r"])\b(?:" + _NAMES + r")\b")
# Strongest first: an explicit source credit, a wire dateline, a line that is only the agency
# (or the agency then a date), a trailing "— AFP" credit.
_AGENCY_RULES = [
    re.compile(r"\b(?:Source|SOURCE|Sources|Agency)\s*[:：]\s*(?:the\s+)?(" + _NAMES + r")\b"),
    re.compile(r"\((" + _NAMES + r")\)\s*(?:[-–—:]|$)"),
    re.compile(r"^(?:By\s+|BY\s+|From\s+)?(?:The\s+)?(" + _NAMES + r")(?:\s+(?:staff|reporters?|"
               r"wire|news|[A-Z][a-z]{2,8}\.? \d{1,2}\b|\d{1,2}[:/ ].*|\d{4}-.*|[|,].*))?\s*$"),
    re.compile(r"(?:[-–—]|\bwith|\bby)\s*(?:the\s+)?(" + _NAMES + r")\s*\.?\)?$"),
]
TRAILER = re.compile(r"\s*(?:\bSource\s*[:：]\s*\S.*\bEditor\s*[:：]|\bEditor\s*[:：]|\bEdited by\b)"
                     r"[^.!?]*$")


def find_agency(lines: list[str] | str, limit: int = 400) -> str | None:
    """The wire or news agency the page credits for the article, by its canonical short name.

    ``lines`` is a page's lines or a whole text (split on newlines).
    """
    if isinstance(lines, str):
        lines = [s.strip() for s in lines.split("\n") if s.strip()]
    head = [s for s in lines[:limit] if _ANY_AGENCY.search(s)]
    for rule in _AGENCY_RULES:
        for s in head:
            if rule is not _AGENCY_RULES[1] and len(s) > 200:
                continue
            m = rule.search(s)
            if m:
                return _SPELLING[m.group(1)]
    return None


_BYLINE = re.compile(r"^(?:by|written by|words by|reporting by)\s+(.{3,160})$", re.I)
_NAME_STOP = re.compile(r"\s*(?:\||•|·|,?\s+(?:updated|published|posted|on|at|in|for|\d)|[|(\[@]|$)",
                        re.I)
_NAME = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:(?:de|da|van|von|al|bin|der|del|la|le)\s+)?[A-Z][\w'’.-]*){0,3}")


def find_authors(lines: list[str], limit: int = 400) -> list[str]:
    """Names in the first byline ("By Jane Doe and John Roe"), agencies excluded."""
    for s in lines[:limit]:
        m = _BYLINE.match(s)
        if not m:
            continue
        rest = m.group(1)
        stop = _NAME_STOP.search(rest)
        head = rest[:stop.start()] if stop else rest
        names = []
        for part in re.split(r"\s*(?:,|\band\b|&)\s*", head):
            nm = _NAME.fullmatch(part.strip())
            if nm and part.strip() not in _SPELLING and part.strip().split()[0] not in ("The", "A"):
                names.append(part.strip())
        if names:
            return names
    return []


_EDITOR = re.compile(r"\b(?:Editor|Edited by|Editing by)\s*[:：]?\s*([A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,3})")


def find_editor(lines: list[str]) -> str | None:
    """The editor credited on the page ("Editor: Wang Qingchu", "Editing by Jane Doe")."""
    for s in lines:
        if len(s) < 200:
            m = _EDITOR.search(s)
            if m:
                return m.group(1)
    return None


_CRUMB = re.compile(r"^[\w&'’ .-]{2,30}(?:\s*(?:/|>|›|»)\s*[\w&'’ .-]{2,30}){1,4}$")


def find_section(lines: list[str], limit: int = 60) -> str | None:
    """The section named by a breadcrumb near the top ("News / Nation" -> "Nation")."""
    for s in lines[:limit]:
        if _CRUMB.match(s) and not parse_date(s) and "://" not in s:
            return re.split(r"\s*(?:/|>|›|»)\s*", s)[-1].strip() or None
    return None


_TITLE_SEP = re.compile(r"\s+(?:\||-|–|—|::|·|»)\s+")


def _norm(s: str) -> str:
    return " ".join(re.findall(r"\w+", s.lower()))


def find_title(lines: list[str], url: str | None = None) -> str | None:
    """The headline: the on-page line matching the document title (the dump's first line, minus
    the site name), else a repeated headline-like line, else the document title itself."""
    if not lines:
        return None
    first = lines[0]
    head = None
    nfirst = len(first.split())
    # A dump starts with the document title; a clean text starts with its lead paragraph.
    if 3 <= nfirst <= 40 and not (parse_date(first) and nfirst < 6) and not (
            nfirst > 12 and first[-1] in ".!?\"”"):
        parts = _TITLE_SEP.split(first)
        head = max(parts[:-1] or parts, key=len) if len(parts) > 1 else first
        nh = _norm(head)
        lo, hi = 0.5 * len(head), 1.5 * len(head) + 10
        for s in lines[1:200]:
            if not lo <= len(s) <= hi:
                continue
            ns = _norm(s)
            if ns and len(ns) > 15 and (ns == nh or (nh.startswith(ns) and len(ns) > 0.6 * len(nh))
                                        or (ns.startswith(nh) and len(ns) < 1.3 * len(nh))):
                return s
    if head:
        return head
    counts: dict[str, int] = {}
    for s in lines[:200]:
        counts[s] = counts.get(s, 0) + 1
    for s in lines[:200]:
        words = s.split()
        if (counts[s] > 1 and 4 <= len(words) <= 30 and s[-1] not in ".!" and not parse_date(s)
                and sum(c.isalpha() for c in s) > 0.7 * len(s.replace(" ", ""))):
            return s
    if url:
        slug = [p for p in url.rstrip("/").split("/") if p][-1]
        slug = re.sub(r"\.\w+$|[-_]\d+$", "", slug)
        if slug.count("-") >= 3:
            return slug.replace("-", " ").capitalize()
    return None


def extract_metadata(lines: list[str], url: str | None = None) -> dict:
    """All metadata fields for a page given its non-empty stripped lines (PageText keywords)."""
    return {
        "title": find_title(lines, url),
        "published": find_published(lines),
        "agency": find_agency(lines),
        "authors": find_authors(lines),
        "editor": find_editor(lines),
        "section": find_section(lines),
    }
