"""The per-document function and its batch form: document -> article -> events.

One function does the work for every front end (CLI, store ingest, Spark): ``code_article``
for one article and ``code_articles`` for a stream (batched through ``nlp.pipe``, in several
processes when ``n_process`` > 1). The spaCy model, knowledge base and lexicon are loaded once
per process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from .actors.kb import KnowledgeBase, load_kb
from .coding.coder import code_doc
from .coding.lexicon import Lexicon, load_lexicon
from .ingest import RawDocument, clean_document
from .ingest.workers import chunks, imap_bounded
from .model import Article
from .nlp import load_pipeline
from .settings import Settings


@dataclass
class Coder:
    """Everything coding needs, loaded once."""

    settings: Settings
    kb: KnowledgeBase
    lexicon: Lexicon

    @property
    def nlp(self):  # noqa: ANN201 - spaCy's Language, imported lazily
        return load_pipeline(self.settings.model)


@lru_cache(maxsize=4)
def get_coder(settings: Settings) -> Coder:
    """The coder for these settings (cached per process)."""
    return Coder(settings, load_kb(str(settings.actors_file) if settings.actors_file else None), load_lexicon())


def code_article(article: Article, settings: Settings | None = None) -> Article:
    """Code one clean article in place and return it (an article with ``error`` is left alone)."""
    return next(code_articles([article], settings or Settings()))


def is_codable(article: Article) -> bool:
    """True when the coder can read the article: it did not fail and it is in English (the only
    language coded so far; others are stored with their language, ready for the coders to come)."""
    return not article.error and (article.language or "en") == "en"


def code_articles(articles: Iterable[Article], settings: Settings | None = None) -> Iterator[Article]:
    """Code a stream of articles, in order, batching the NLP.

    With ``n_process`` > 1 whole batches go to worker processes that parse *and* code them (the
    model, knowledge base and lexicon are loaded once, before the workers fork, and shared
    copy-on-write), so coding scales with the cores instead of waiting on one process.
    """
    settings = settings or Settings()
    coder = get_coder(settings)
    _ = coder.nlp  # load before forking: the workers inherit it
    if settings.n_process <= 1:
        yield from _code_stream(articles, settings)
        return
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(settings.n_process, initializer=_init_worker, initargs=(settings,)) as pool:
        batches = chunks(articles, max(4, settings.batch_size // 4))  # small: keeps both cores busy
        for done in imap_bounded(pool, _code_batch_in_worker, batches, settings.n_process * 4):
            yield from done


def _code_stream(articles: Iterable[Article], settings: Settings) -> Iterator[Article]:
    coder = get_coder(settings)

    def texts() -> Iterator[tuple[str, Article]]:
        for art in articles:
            yield (art.text[: settings.max_chars] if is_codable(art) else ""), art

    for doc, art in coder.nlp.pipe(texts(), as_tuples=True, batch_size=settings.batch_size):
        if is_codable(art):
            art.events = code_doc(doc, art.published, coder.kb, coder.lexicon, art.id)
        yield art


def _code_batch(articles: list[Article], settings: Settings) -> list[Article]:
    return list(_code_stream(articles, settings))


_WORKER_SETTINGS: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _WORKER_SETTINGS
    _WORKER_SETTINGS = settings


def _code_batch_in_worker(batch: list[Article]) -> list[Article]:
    assert _WORKER_SETTINGS is not None
    return _code_batch(batch, _WORKER_SETTINGS)


def process_documents(docs: Iterable[RawDocument], settings: Settings | None = None,
                      nlp: bool = True) -> Iterator[Article]:
    """Clean each document into an article and (unless ``nlp`` is False) code it."""
    articles = (clean_document(d) for d in docs)
    if not nlp:
        yield from articles
        return
    yield from code_articles(articles, settings)
