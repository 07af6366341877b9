"""Ingest: read inputs into documents, and clean documents into articles.

``iter_documents`` reads files, directories, JSONL and stdin; ``clean_document`` turns one
document into an :class:`~thucydides.model.Article` with a clean body and metadata (HTML via
trafilatura, page-text dumps via our own boilerplate remover).
"""

from __future__ import annotations

from ..errors import IngestError
from ..model import Article
from .sources import RawDocument, iter_documents

__all__ = ["RawDocument", "clean_document", "iter_documents"]


def clean_document(doc: RawDocument) -> Article:
    """Clean one document into an article; a failure gives an article with ``error`` set."""
    art = Article(id=doc.id, url=doc.url, title=doc.title, published=doc.date, source_path=doc.where or None,
                  fetched_at=doc.fetched_at)
    if doc.error:
        art.error = doc.error
        return art
    try:
        if doc.html is not None:
            _from_html(art, doc.html)
        else:
            _from_text(art, doc.text or "")
    except IngestError as exc:
        art.error = f"{doc.where}: {exc}" if doc.where else str(exc)
        return art
    if not art.text.strip():
        art.error = f"{doc.where}: no article text found"
    # The page's own date wins; a crawl or feed date stands in only when the page gives none.
    art.published = art.published or doc.date_fallback
    # Only a page confidently not in English is marked (and then stored but not coded).
    from .language import detect_language

    art.language = detect_language(art.text, doc.language or art.language)
    return art


def _from_html(art: Article, html: str) -> None:
    from .html import extract_html
    from .metadata import find_agency

    ex = extract_html(html, art.url)
    art.text = ex.body
    art.title = art.title or ex.title
    art.published = art.published or ex.published
    art.authors = ex.authors
    art.publisher = ex.sitename
    art.section = ex.section
    art.language = ex.language
    art.agency = find_agency(ex.body)


def _from_text(art: Article, text: str) -> None:
    from .pagetext import extract_page_text

    page = extract_page_text(text, art.url)
    art.text = page.body
    art.title = art.title or page.title
    # The record's own date wins; a date found in the page refines it only when it agrees.
    if page.published and (not art.published or page.published.startswith(art.published)):
        art.published = page.published
    art.agency = page.agency
    art.authors = list(page.authors)
    art.editor = page.editor
    art.section = page.section
