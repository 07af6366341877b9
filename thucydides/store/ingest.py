"""Ingest into the store: read, skip what is stored, clean, code, write; record the run.

Resumable by construction: every article is committed with its events in one transaction and
documents whose id is already stored are skipped before any NLP, so a run killed midway and
started again stores every document exactly once.

Syndication: each article is linked to a story (``store/stories.py``) in the transaction that
stores it; a near or exact copy of a stored story keeps its article row but not its events, so
the same wire report on ten sites is counted once. The copy is recognised after coding (the
index is consulted in store order, which keeps story assignment the same whatever the batching).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

from .. import __version__
from ..ingest import RawDocument, iter_documents
from ..model import Article
from ..pipeline import is_codable, process_documents
from ..settings import Settings
from .duck import Store


@dataclass
class IngestReport:
    """What an ingest run did."""

    run_id: str
    documents: int = 0
    stored: int = 0
    skipped: int = 0
    failed: int = 0
    events: int = 0
    copies: int = 0  # stored articles that repeat a stored story (their events not stored again)
    truncated: int = 0  # articles longer than the max_chars setting, coded on their first max_chars
    not_coded: int = 0  # stored, but in a language the coder does not read yet (counted, not failed)
    errors: list[str] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # source path -> article id

    def summary(self) -> str:
        """One line for the terminal."""
        return (f"run {self.run_id}: {self.documents} documents, {self.stored} stored, {self.skipped} already "
                f"stored, {self.failed} failed, {self.events} event mentions"
                + (f", {self.copies} stored as copies of a story (events not counted again)" if self.copies else "")
                + (f", {self.truncated} coded on their first max_chars characters only" if self.truncated else "")
                + (f", {self.not_coded} not coded (language)" if self.not_coded else ""))


def data_checksums() -> dict[str, str]:
    """SHA-256 of every shipped data file (the run manifest records them)."""
    out: dict[str, str] = {}
    root = resources.files("thucydides.data")

    def walk(node, prefix: str) -> None:  # noqa: ANN001 - a Traversable
        for child in sorted(node.iterdir(), key=lambda c: c.name):
            name = f"{prefix}{child.name}"
            if child.is_dir():
                if child.name != "sample" and not child.name.startswith("__"):
                    walk(child, name + "/")
            elif not child.name.endswith((".md", ".py", ".pyc")):
                out[name] = hashlib.sha256(child.read_bytes()).hexdigest()

    walk(root, "")
    return out


def run_manifest(settings: Settings, inputs: list[str]) -> dict[str, object]:
    """Provenance of a run: version, model, data checksums, settings, inputs."""
    from ..nlp import resolve_model_name

    try:
        model = resolve_model_name(settings.model)
    except Exception:  # noqa: BLE001 - the run records what it can
        model = settings.model
    return {"version": __version__, "model": model, "data": data_checksums(),
            "settings": {k: str(v) for k, v in asdict(settings).items()}, "inputs": inputs}


def ingest(store: Store, inputs: list[str], settings: Settings,
           on_document: Callable[[Article], None] | None = None,
           documents: Iterable[RawDocument] | None = None) -> IngestReport:
    """Ingest every document of ``inputs`` into ``store``; failures are recorded, never fatal.

    ``documents``, when given, are ingested instead of reading ``inputs`` (which then only name
    the run's inputs in its manifest): ``thucydides watch`` passes the pages it fetched.
    """
    run_id = store.start_run(run_manifest(settings, inputs))
    report = IngestReport(run_id)
    stories = store.story_index()

    def fresh(docs: Iterator[RawDocument]) -> Iterator[RawDocument]:
        for d in docs:
            report.documents += 1
            if d.where:
                report.ids.setdefault(d.where, d.id)
            if not d.error and store.has_article(d.id):
                report.skipped += 1
                continue
            yield d

    source = iter(documents) if documents is not None else iter_documents(inputs)
    for art in process_documents(fresh(source), settings):
        if art.error:
            report.failed += 1
            report.errors.append(art.error)
            store.record_failure(art.id, art.source_path, art.error, run_id)
        elif store.add_article(art, run_id, story=(link := stories.link(art.id, art.text))):
            stories.add(link)
            report.stored += 1
            report.not_coded += not is_codable(art)
            report.truncated += len(art.text) > settings.max_chars
            if link.is_copy:
                report.copies += 1
            else:
                report.events += len(art.events)
        else:
            report.skipped += 1
        if on_document:
            on_document(art)
    from .events import needs_clustering, update_events

    if report.stored or needs_clustering(store):  # new mentions join existing events or start new ones
        update_events(store)
    store.finish_run(run_id, report.documents, report.failed, report.stored, report.skipped)
    return report


def sample_inputs() -> list[Path]:
    """The bundled sample corpus: the seed page first, then the Wikinews articles."""
    root = resources.files("thucydides.data").joinpath("sample")
    return [Path(str(root.joinpath("000_c96cbef705fd84d6.txt"))),
            Path(str(root.joinpath("wikinews_2019_2021.jsonl")))]
