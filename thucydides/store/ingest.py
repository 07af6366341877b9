"""Ingest into the store: read, skip what is stored, clean, code, write; record the run.

Resumable by construction: every article is committed with its events in one transaction and
documents whose id is already stored are skipped before any NLP, so a run killed midway and
started again stores every document exactly once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path

from .. import __version__
from ..ingest import RawDocument, iter_documents
from ..model import Article
from ..pipeline import process_documents
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
    errors: list[str] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # source path -> article id

    def summary(self) -> str:
        """One line for the terminal."""
        return (f"run {self.run_id}: {self.documents} documents, {self.stored} stored, {self.skipped} already "
                f"stored, {self.failed} failed, {self.events} event mentions")


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
           on_document: Callable[[Article], None] | None = None) -> IngestReport:
    """Ingest every document of ``inputs`` into ``store``; failures are recorded, never fatal."""
    run_id = store.start_run(run_manifest(settings, inputs))
    report = IngestReport(run_id)

    def fresh(docs: Iterator[RawDocument]) -> Iterator[RawDocument]:
        for d in docs:
            report.documents += 1
            if d.where:
                report.ids.setdefault(d.where, d.id)
            if not d.error and store.has_article(d.id):
                report.skipped += 1
                continue
            yield d

    for art in process_documents(fresh(iter_documents(inputs)), settings):
        if art.error:
            report.failed += 1
            report.errors.append(art.error)
            store.record_failure(art.id, art.source_path, art.error, run_id)
        elif store.add_article(art, run_id):
            report.stored += 1
            report.events += len(art.events)
        else:
            report.skipped += 1
        if on_document:
            on_document(art)
    store.finish_run(run_id, report.documents, report.failed, report.stored, report.skipped)
    return report


def sample_inputs() -> list[Path]:
    """The bundled sample corpus: the seed page first, then the Wikinews articles."""
    root = resources.files("thucydides.data").joinpath("sample")
    return [Path(str(root.joinpath("000_c96cbef705fd84d6.txt"))),
            Path(str(root.joinpath("wikinews_2019_2021.jsonl")))]
