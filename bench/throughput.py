"""Throughput: the full pipeline on the Wikinews corpus beside a bare spaCy parse, same run.

Prints articles/s for both, their ratio, and peak memory (this process and its workers).

    python bench/throughput.py [--n-process N] [--limit K]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from pathlib import Path

from thucydides.ingest import RawDocument, clean_document
from thucydides.nlp import load_pipeline
from thucydides.pipeline import code_articles
from thucydides.settings import Settings
from thucydides.store.ingest import sample_inputs


def load_docs(limit: int | None) -> list[RawDocument]:
    path = sample_inputs()[1]
    docs = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        docs.append(RawDocument(id=rec["id"], text=rec["text"], url=rec.get("url"), title=rec.get("title"),
                                date=rec.get("date")))
    return docs[:limit] if limit else docs


def peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n-process", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--limit", type=int)
    args = ap.parse_args()
    docs = load_docs(args.limit)
    settings = Settings(n_process=args.n_process)
    nlp = load_pipeline(settings.model, full=True)  # the baseline: the model as it ships
    texts = [clean_document(d).text for d in docs]

    t0 = time.perf_counter()
    kwargs = {"n_process": args.n_process} if args.n_process > 1 else {}
    for _ in nlp.pipe(texts, batch_size=settings.batch_size, **kwargs):
        pass
    bare = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_events = sum(len(a.events) for a in code_articles((clean_document(d) for d in docs), settings))
    full = time.perf_counter() - t0

    own, kids = peak_mb()
    n = len(docs)
    print(f"articles: {n}, processes: {args.n_process}, model: {nlp.meta['name']}-{nlp.meta['version']}")
    print(f"bare spaCy parse : {n / bare:7.2f} articles/s ({bare:.1f} s)")
    print(f"thucydides code  : {n / full:7.2f} articles/s ({full:.1f} s), {n_events} events")
    print(f"ratio (full time / bare time): {full / bare:.2f}")
    print(f"peak memory: main process {own:.0f} MB, largest worker {kids:.0f} MB")


if __name__ == "__main__":
    main()
