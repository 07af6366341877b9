"""thucydides: turn raw news pages into an auditable database of who did what to whom.

The public API::

    from thucydides import code_text, code_article, Article
    article = code_text("China and Russia pledged to deepen cooperation.", published="2023-07-14")
"""

from __future__ import annotations

import logging

__version__ = "0.1.0"

from .errors import ThucydidesError  # noqa: E402
from .model import Actor, Article, EventMention, Evidence, Location  # noqa: E402

logging.getLogger(__name__).addHandler(logging.NullHandler())


def code_text(text: str, published: str | None = None, url: str | None = None, title: str | None = None,
              doc_id: str | None = None) -> Article:
    """Clean and code one text (plain text or a raw page dump) into an article with events."""
    from .ingest import clean_document
    from .ingest.sources import RawDocument
    from .model import content_id
    from .pipeline import code_article

    doc = RawDocument(id=doc_id or content_id(text), text=text, url=url, title=title, date=published)
    return code_article(clean_document(doc))


def code_article(article: Article) -> Article:
    """Code a clean article in place (see :func:`thucydides.pipeline.code_article`)."""
    from .pipeline import code_article as _code

    return _code(article)


__all__ = ["Actor", "Article", "EventMention", "Evidence", "Location", "ThucydidesError", "__version__",
           "code_article", "code_text"]
