"""HTML pages: body and metadata through trafilatura.

The page is parsed once. Metadata is what trafilatura's metadata extraction finds (``<meta>``
tags, JSON-LD, ``<title>``, htmldate for the date, a byline on the page), less the fields we do
not use (licence, tags: a tenth of the page's time). The body comes from trafilatura's precision
mode in a two-step cascade: its main extractor alone first, and the comparison with readability
and jusText (several times slower) only when that gives less than a short news story's worth of
text.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

import trafilatura
from htmldate import find_date
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_catstags,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
    set_date_params,
)
from trafilatura.utils import load_html

from ..errors import IngestError

# Below this many characters the fast extraction is redone with the external fallbacks. Chosen on
# the dev extraction pages (shingle F1, pages/s on one core): always the fallbacks 0.958 at ~70;
# the cascade at 250 chars 0.954, at 500 0.965 at ~100, at 1000 0.958 at ~90.
SHORT_BODY = 500


@dataclass
class HtmlExtract:
    """What trafilatura found in a page."""

    body: str
    title: str | None = None
    published: str | None = None
    authors: list[str] = field(default_factory=list)
    sitename: str | None = None
    language: str | None = None
    section: str | None = None


def _body(tree: Any, url: str | None, fast: bool) -> str:
    # Chosen on the dev extraction pages: precision mode with tables beats the balanced default.
    doc = trafilatura.bare_extraction(tree, url=url, with_metadata=False, include_comments=False,
                                      include_tables=True, favor_precision=True, fast=fast)
    text = getattr(doc, "text", None) or ""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _metadata(tree: Any, url: str | None) -> dict[str, Any]:
    """Title, date, authors, site name, section and language, as trafilatura's metadata finds them
    (the same steps, less its licence, tag and URL-normalising work, which we do not use)."""
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:  # a handle or a site name, not a person
        meta.author = None
    with contextlib.suppress(Exception):  # malformed JSON-LD: the meta tags stand
        meta = extract_meta_json(tree, meta)
    author = meta.author or extract_author(tree)  # the byline on the page when no tag names one
    page_url = meta.url or extract_url(tree, url)
    sitename = (meta.sitename or extract_sitename(tree) or "").lstrip("@")
    if sitename and "." not in sitename and not sitename[0].isupper():
        sitename = sitename.title()
    elif not sitename and page_url and (m := META_URL.match(page_url)):
        sitename = m[1]
    cats = meta.categories or extract_catstags("category", tree)
    title = " ".join((meta.title or extract_title(tree) or "").split())
    return {
        "title": title or None,
        "published": find_date(tree, url=page_url, **set_date_params(True)) or None,
        "authors": [a.strip() for a in (author or "").split(";") if a.strip()],
        "sitename": sitename or None,
        "language": tree.get("lang") or None,
        "section": cats[0] if cats else None,
    }


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """Extract the article body (paragraphs separated by blank lines) and metadata of a page."""
    try:
        tree = load_html(html)
        if tree is None:
            raise IngestError("HTML could not be parsed: no document tree")
        meta = _metadata(tree, url)
        body = _body(tree, url, fast=True)
        if len(body) < SHORT_BODY:
            body = _body(tree, url, fast=False) or body
    except IngestError:
        raise
    except Exception as exc:  # trafilatura raises assorted lxml errors on hostile markup
        raise IngestError(f"HTML could not be parsed: {exc}") from None
    if not body:
        raise IngestError("no article text found in the HTML")
    return HtmlExtract(body=body, **meta)
