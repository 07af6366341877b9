"""Shared fixtures: paths to the shared material beside the project, and the real pipeline."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "corpus" / "seed" / "000_c96cbef705fd84d6.txt"
WIKINEWS = SHARED / "corpus" / "wikinews" / "wikinews_2019_2021.jsonl"


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        from thucydides.store.ingest import sample_inputs

        return sample_inputs()[0].read_text(encoding="utf-8")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_article(seed_text: str):
    """The seed page, cleaned and coded with the real model (once per session)."""
    from thucydides import code_text

    return code_text(seed_text, doc_id="seed")
