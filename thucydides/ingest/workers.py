"""Extraction on every core: documents cleaned into articles by a pool of worker processes.

Cleaning (trafilatura for HTML, the line classifier for page text) is pure-Python CPU work, so
threads would not help and processes do. Documents go to the workers in chunks and come back
in input order; at most a few chunks per worker are in flight, so a long input is streamed,
not read into memory first.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult

from ..model import Article
from . import clean_document
from .sources import RawDocument, parse_deferred

__all__ = ["clean_documents", "default_processes"]


def default_processes() -> int:
    """Every core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _clean_one(item: RawDocument) -> Article | None:
    doc = parse_deferred(item)
    if doc is None:
        return None
    try:
        return clean_document(doc)
    except Exception as exc:  # noqa: BLE001 - a page that breaks an extractor is that page's failure
        art = Article(id=doc.id, url=doc.url, source_path=doc.where or None)
        art.error = f"{doc.where}: extraction failed: {type(exc).__name__}: {exc}"
        return art


def _clean_all(docs: Iterable[RawDocument]) -> Iterator[Article]:
    return (a for a in map(_clean_one, docs) if a is not None)


def _clean_chunk(docs: list[RawDocument]) -> list[Article]:
    return list(_clean_all(docs))


def _chunks(docs: Iterable[RawDocument], size: int) -> Iterator[list[RawDocument]]:
    chunk: list[RawDocument] = []
    for d in docs:
        chunk.append(d)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def clean_documents(docs: Iterable[RawDocument], n_process: int = 1, chunksize: int = 16) -> Iterator[Article]:
    """Clean documents into articles (no NLP) in ``n_process`` processes, yielding in input order.

    A document that makes an extractor raise comes back as an article with ``error`` set.
    Deferred JSONL lines (``iter_documents(..., defer_jsonl=True)``) are parsed in the workers.
    """
    if n_process <= 1:
        yield from _clean_all(docs)
        return
    with multiprocessing.get_context("fork").Pool(n_process) as pool:
        pending: deque[AsyncResult[list[Article]]] = deque()
        for chunk in _chunks(docs, chunksize):
            pending.append(pool.apply_async(_clean_chunk, (chunk,)))
            if len(pending) >= 3 * n_process:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
