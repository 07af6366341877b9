"""Score the page-text boilerplate remover on the extraction dev set.

Prints mean shingle precision / recall / F1 (the referee's definition: lower-cased \\w+ tokens,
4-gram multisets, mean of per-page F1), pages per second, and the leave-site-out
cross-validated F1 recorded by the training script (the honest generalisation figure: the
shipped weights were fitted on these very pages).

    .venv/bin/python scripts/eval_pagetext.py [--gold PATH] [--worst 10]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from thucydides.ingest.pagetext import _model, extract_page_text  # noqa: E402

DEFAULT_GOLD = Path(__file__).resolve().parents[2] / "shared/eval/extraction/extraction_dev.jsonl"


def shingles(text: str, n: int = 4) -> Counter:
    toks = re.findall(r"\w+", text.lower())
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def prf(gold: str, pred: str) -> tuple[float, float, float]:
    want, got = shingles(gold), shingles(pred)
    tp = sum((want & got).values())
    p = tp / sum(got.values()) if got else 0.0
    r = tp / sum(want.values()) if want else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _body(text: str, url: str | None) -> str:
    return extract_page_text(text, url).body


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--worst", type=int, default=0, help="list the N lowest-scoring pages")
    args = ap.parse_args()
    with open(args.gold, encoding="utf-8") as f:
        recs = [json.loads(line) for line in f if line.strip()]
    _model()  # load weights outside the timed loop
    t0 = time.perf_counter()
    outs = [extract_page_text(r["page_text"], r.get("url")) for r in recs]
    dt = time.perf_counter() - t0
    scores = [prf(r["article_body"], o.body) for r, o in zip(recs, outs, strict=True)]
    n = len(recs)
    p, r, f = (sum(s[k] for s in scores) / n for k in range(3))
    base = sum(prf(x["article_body"], x["page_text"])[2] for x in recs) / n
    if args.worst:
        for (pp, rr, ff), rec in sorted(zip(scores, recs, strict=True), key=lambda t: t[0][2])[:args.worst]:
            print(f"  F1 {ff:.3f} P {pp:.3f} R {rr:.3f}  {rec['id'][:8]} {rec['url'][:80]}")
    texts = [(r["page_text"], r.get("url")) for r in recs] * 5
    with Pool(2, initializer=_model) as pool:
        t0 = time.perf_counter()
        pool.starmap(_body, texts, chunksize=16)
        dt2 = time.perf_counter() - t0
    print(f"raw page text F1 {base:.3f}")
    print(f"pages/s {n / dt:.0f} on one core ({dt * 1000 / n:.2f} ms/page), "
          f"{len(texts) / dt2:.0f} on two processes")
    cv = _model().get("cv_f1")
    if cv is not None:
        print(f"leave-site-out cross-validated F1 (from training) {cv:.3f}")
    print(f"dev F1 {f:.3f} (P {p:.3f} R {r:.3f}) over {n} pages")


if __name__ == "__main__":
    main()
