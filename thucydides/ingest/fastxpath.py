"""Faster trafilatura XPaths: EXSLT regular expressions rewritten as plain XPath string tests.

trafilatura's XPath expressions test classes and ids with ``re:test(@class, 'a|b|c')``; libxml2
evaluates each such test by calling back into Python's ``re`` for every element of the page, which
makes them the slowest part of metadata extraction. When the regex denotes a finite set of strings
(literals, ``[Aa]`` classes, ``(?:x|y)`` groups, an optional character, a leading ``^``) the test is
the same as a disjunction of ``contains()`` and ``starts-with()``, which libxml2 evaluates in C.
Any other regex is left as it is.
"""

from __future__ import annotations

import re
from itertools import product

from lxml.etree import XPath

__all__ = ["expand_regex", "plain_xpath", "plain_xpaths"]

_RE_TEST = re.compile(r"re:test\((@[\w-]+(?:\|@[\w-]+)*),\s*'([^']*)'\)")
_PLAIN = re.compile(r"[\w \-]")  # characters that stand for themselves
_CLASS_MEMBER = re.compile(r"[\w ]")  # inside [..], where "-" would make a range
REGEXP_NS = "http://exslt.org/regular-expressions"


def expand_regex(pattern: str) -> list[str] | None:
    """The strings a simple regex matches, a leading ``^`` kept as a prefix marker; None when the
    regex uses anything beyond literals, ``[..]`` classes, ``(?:..|..)`` groups and ``c?``.

    >>> expand_regex("^[Cc]omments|comment-?list")
    ['^Comments', '^comments', 'comment-list', 'commentlist']
    """
    pos = 0

    def alternation() -> list[str] | None:
        nonlocal pos
        out: list[str] = []
        while True:
            seq = sequence()
            if seq is None:
                return None
            out += seq
            if pos < len(pattern) and pattern[pos] == "|":
                pos += 1
                continue
            return out

    def sequence() -> list[str] | None:
        nonlocal pos
        parts: list[list[str]] = []
        start = pos
        while pos < len(pattern) and pattern[pos] not in "|)":
            c = pattern[pos]
            if c == "^" and pos == start:
                item, pos = ["^"], pos + 1
            elif c == "[":
                end = pattern.find("]", pos)
                chars = pattern[pos + 1:end] if end > pos else ""
                if not chars or not all(_CLASS_MEMBER.fullmatch(ch) for ch in chars):
                    return None
                item, pos = list(chars), end + 1
            elif pattern.startswith("(?:", pos):
                pos += 3
                inner = alternation()
                if inner is None or pos >= len(pattern) or pattern[pos] != ")":
                    return None
                item, pos = inner, pos + 1
            elif _PLAIN.fullmatch(c):
                item, pos = [c], pos + 1
            else:
                return None
            if pos < len(pattern) and pattern[pos] == "?":
                if len(item) != 1 or len(item[0]) != 1 or item == ["^"]:
                    return None
                item, pos = [item[0], ""], pos + 1
            parts.append(item)
        return ["".join(p) for p in product(*parts)]

    out = alternation()
    return out if out is not None and pos == len(pattern) else None


def plain_xpath(expr: str) -> str:
    """``expr`` with every ``re:test(@attr, 'regex')`` over a finite set of strings rewritten as
    ``contains()`` / ``starts-with()`` tests (the same matches)."""
    def rewrite(m: re.Match[str]) -> str:
        alts = expand_regex(m[2])
        if not alts or any(a in ("", "^") or "^" in a[1:] for a in alts):
            return m[0]  # not a finite set of non-empty strings: keep the regex
        attr = m[1]
        tests = [f"starts-with({attr}, '{a[1:]}')" if a.startswith("^") else f"contains({attr}, '{a}')"
                 for a in dict.fromkeys(alts)]
        return "(" + " or ".join(tests) + ")"
    return _RE_TEST.sub(rewrite, expr)


def plain_xpaths(xpaths: list[XPath]) -> list[XPath]:
    """Compiled ``plain_xpath`` versions of trafilatura's compiled expressions."""
    return [XPath(plain_xpath(x.path), namespaces={"re": REGEXP_NS}) for x in xpaths]
