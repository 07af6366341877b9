"""The per-document function and its batch form: document -> article -> events.

One function does the work for every front end (CLI, store ingest, Spark): ``code_article``
for one article and ``code_articles`` for a stream (batched through ``nlp.pipe``, in several
processes when ``n_process`` > 1). The spaCy model, knowledge base and lexicon are loaded once
per process.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from .actors.kb import KnowledgeBase, load_kb
from .coding.coder import code_doc
from .coding.lexicon import Lexicon, load_lexicon
from .ingest import RawDocument, clean_document
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


def code_articles(articles: Iterable[Article], settings: Settings | None = None) -> Iterator[Article]:
    """Code a stream of articles, in order, batching the NLP."""
    settings = settings or Settings()
    coder = get_coder(settings)
    nlp = coder.nlp

    def texts() -> Iterator[tuple[str, Article]]:
        for art in articles:
            yield (art.text[: settings.max_chars] if not art.error else ""), art

    kwargs = {"batch_size": settings.batch_size}
    if settings.n_process > 1:
        kwargs["n_process"] = settings.n_process
    for doc, art in nlp.pipe(texts(), as_tuples=True, **kwargs):
        if not art.error:
            art.events = code_doc(doc, art.published, coder.kb, coder.lexicon, art.id)
        yield art


def process_documents(docs: Iterable[RawDocument], settings: Settings | None = None,
                      nlp: bool = True) -> Iterator[Article]:
    """Clean each document into an article and (unless ``nlp`` is False) code it."""
    articles = (clean_document(d) for d in docs)
    if not nlp:
        yield from articles
        return
    yield from code_articles(articles, settings)
