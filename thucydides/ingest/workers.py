"""Extraction on every core: documents cleaned into articles by a pool of worker processes.

Cleaning (trafilatura for HTML, the line classifier for page text) is pure-Python CPU work, so
threads would not help and processes do. Documents go to the workers in chunks and come back
in input order; at most a few chunks per worker are in flight, so a long input is streamed,
not read into memory first.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult, Pool
from typing import TypeVar

from ..model import Article
from . import clean_document
from .sources import RawDocument, parse_deferred

__all__ = ["chunks", "clean_documents", "default_processes", "imap_bounded"]

T = TypeVar("T")
R = TypeVar("R")


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


def imap_bounded(pool: Pool, fn: Callable[[T], R], items: Iterable[T], ahead: int) -> Iterator[R]:
    """``pool.imap(fn, items)``, results in input order, with at most ``ahead`` items in flight:
    a long input is streamed (``imap`` would read all of it at once) and no worker waits for
    the slowest of a fixed window."""
    pending: deque[AsyncResult[R]] = deque()
    for item in items:
        pending.append(pool.apply_async(fn, (item,)))
        if len(pending) >= ahead:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last one shorter)."""
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
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
        for done in imap_bounded(pool, _clean_chunk, chunks(docs, chunksize), 3 * n_process):
            yield from done
