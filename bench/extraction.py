"""Extraction throughput: pages/s for page-text dumps and HTML, one process against every core.

Reads the dev extraction pages from shared/eval/extraction (92 news pages, as page text and as
gzipped HTML), repeats them to a few thousand documents, and times in the same run:

* the library (``thucydides.ingest.workers.clean_documents``) on 1 process and on N;
* the CLI end to end (``thucydides extract -j N FILE.jsonl > /dev/null``: start-up, reading,
  JSON output included), and its start-up alone (the same command on a one-page input: Python,
  imports, worker processes, the language identifier's model);
* the baseline: trafilatura alone (``trafilatura.extract``, default options) on one core, on
  the same HTML.

    python bench/extraction.py [--pages 2000] [--html-pages 460] [--n-process N]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from thucydides.ingest import RawDocument
from thucydides.ingest.language import detect_language
from thucydides.ingest.workers import clean_documents, default_processes

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction"


def load(kind: str, n: int) -> list[dict]:
    """n JSONL records of one kind ('text' or 'html'), the dev pages repeated under fresh ids."""
    gold = [json.loads(line) for line in (EVAL / "extraction_dev.jsonl").read_text(encoding="utf-8").splitlines()]
    bodies = []
    for g in gold:
        if kind == "text":
            bodies.append(g["page_text"])
        else:
            with gzip.open(EVAL / g["html_file"], "rt", encoding="utf-8", errors="replace") as fh:
                bodies.append(fh.read())
    return [{"id": f"p{i}", "url": gold[i % len(gold)].get("url"), kind: bodies[i % len(bodies)]} for i in range(n)]


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Callable[[], object], n: int) -> tuple[float, float]:
    """(pages per wall-clock second, pages per CPU-second of this process and its reaped workers).

    The second figure does not depend on what else the machine runs; on idle cores a run on N
    processes reaches about N times it, less the parent's share.
    """
    t0, c0 = time.perf_counter(), _cpu()
    fn()
    return n / (time.perf_counter() - t0), n / max(1e-9, _cpu() - c0)


def library_rate(recs: list[dict], n_process: int) -> tuple[float, float]:
    docs = [RawDocument(id=r["id"], url=r["url"], text=r.get("text"), html=r.get("html")) for r in recs]
    return timed(lambda: sum(1 for _ in clean_documents(docs, n_process)), len(docs))


def cli_rate(recs: list[dict], n_process: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pages.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
        cmd = [sys.executable, "-m", "thucydides", "extract", "-j", str(n_process), str(path)]
        return timed(lambda: subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True), len(recs))


def trafilatura_rate(recs: list[dict]) -> tuple[float, float]:
    import trafilatura

    return timed(lambda: [trafilatura.extract(r["html"], url=r["url"]) for r in recs], len(recs))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, default=2000, help="page-text documents")
    ap.add_argument("--html-pages", type=int, default=460, help="HTML documents")
    ap.add_argument("--n-process", type=int, default=default_processes())
    args = ap.parse_args()
    n = args.n_process
    load_at_start = os.getloadavg()[0]
    text, html = load("text", args.pages), load("html", args.html_pages)
    library_rate(text[:50], 1)  # warm up: imports, the page-text model, trafilatura's caches
    library_rate(html[:10], 1)
    rows = [
        ("page text", "thucydides library, 1 process", library_rate(text, 1)),
        ("page text", f"thucydides library, {n} processes", library_rate(text, n)),
        ("page text", f"thucydides extract -j {n} (CLI, end to end)", cli_rate(text, n)),
        ("html", "baseline: trafilatura.extract alone, 1 process", trafilatura_rate(html)),
        ("html", "thucydides library, 1 process", library_rate(html, 1)),
        ("html", f"thucydides library, {n} processes", library_rate(html, n)),
        ("html", f"thucydides extract -j {n} (CLI, end to end)", cli_rate(html, n)),
    ]
    # Start-up: a one-page input that still meets a non-English page, as the corpus does.
    non_english = next(r for r in text if detect_language(r["text"]) != "en")
    startup = 1 / cli_rate([non_english], n)[0]
    print(f"{'input':<10} {'what':<48} {'pages/s':>8} {'pages/CPU-s':>12}")
    for kind, what, (wall, cpu) in rows:
        print(f"{kind:<10} {what:<48} {wall:8.1f} {cpu:12.1f}")
    print(f"start-up of thucydides extract -j {n} (one page, included above): {startup:.2f} s")
    print(f"({len(text)} page-text and {len(html)} HTML documents, the 92 dev pages repeated; "
          f"{os.cpu_count()} cores, load average {load_at_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end)")


if __name__ == "__main__":
    main()
