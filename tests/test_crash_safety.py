"""Kill-and-resume: an ingest SIGKILLed midway and run again stores every document exactly once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from thucydides.model import content_id
from thucydides.store.duck import Store

N_DOCS = 400
VOCAB = ("minister government parliament talks border trade army election council treaty summit envoy "
         "president ceasefire sanctions protest court budget alliance pipeline harbour capital province "
         "delegation agreement embassy reform drought refugees visit statement")
WORDS = VOCAB.split()


def write_corpus(root: Path) -> dict[str, str]:
    """N_DOCS different short documents (no two alike, so none is a syndicated copy); path -> text."""
    rng = random.Random(7)
    texts = {}
    for i in range(N_DOCS):
        words = [rng.choice(WORDS) for _ in range(60)]
        sentences = [" ".join(words[k:k + 12]).capitalize() + "." for k in range(0, 60, 12)]
        text = f"Report number {i}. " + " ".join(sentences)
        path = root / f"doc{i:04d}.txt"
        path.write_text(text, encoding="utf-8")
        texts[str(path)] = text
    return texts


def run_ingest(corpus: Path, db: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, THUCYDIDES_CONFIG=str(db.parent / "none.toml"))
    return subprocess.Popen([sys.executable, "-m", "thucydides", "ingest", str(corpus), "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


@pytest.mark.slow
def test_sigkill_midway_then_resume_stores_every_document_once(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    texts = write_corpus(corpus)
    db = tmp_path / "store.duckdb"
    Store(db).close()  # schema created and checkpointed: from here on the WAL grows with the run's commits
    wal = Path(str(db) + ".wal")

    proc = run_ingest(corpus, db)
    deadline = time.monotonic() + 120
    # Each stored article appends its row (about 500 bytes of text) to the WAL; 40 kB means
    # dozens of articles are committed while hundreds are still to come.
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 40_000:
            break
        time.sleep(0.01)
    assert proc.poll() is None, f"ingest ended before it could be killed: {proc.communicate()[1].decode()[-2000:]}"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    with duckdb.connect(str(db), read_only=True) as con:  # replays the WAL left by the killed run
        (partial,) = con.execute("SELECT count(*) FROM articles").fetchone() or (0,)
    assert 0 < partial < N_DOCS

    proc = run_ingest(corpus, db)
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr.decode()[-2000:]
    assert f"{N_DOCS} documents, {N_DOCS - partial} stored" in stderr.decode()

    with duckdb.connect(str(db), read_only=True) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM articles").fetchall()]
        runs = con.execute("SELECT finished_at IS NOT NULL, stored FROM runs ORDER BY started_at").fetchall()
        stories = con.execute("SELECT count(*), sum(n_copies) FROM stories").fetchone()
        failures = con.execute("SELECT count(*) FROM failures").fetchone()
    # the id of a .txt document is the content hash of its text (contract in ARCHITECTURE.md)
    assert sorted(ids) == sorted(content_id(t) for t in texts.values())
    assert len(ids) == len(set(ids)) == N_DOCS
    assert runs == [(False, None), (True, N_DOCS - partial)]
    assert stories == (N_DOCS, N_DOCS) and failures == (0,)
