"""Train the page-text line classifier on the extraction dev pages and report honest figures.

Two logistic stages (line features; then line features plus neighbours' first-stage scores),
the threshold and span margin chosen by leave-site-out cross-validation. Only weights are
written (thucydides/data/pagetext_model.json); no page text leaves the dev set.

    .venv/bin/python scripts/train_pagetext.py [--gold ../shared/eval/extraction/extraction_dev.jsonl]

Needs scikit-learn (training only; inference is pure Python).
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout

from thucydides.ingest import metadata  # noqa: E402
from thucydides.ingest.pagetext import (  # noqa: E402
    CONTEXT_NAMES,
    FEATURE_NAMES,
    context_features,
    line_features,
    select_lines,
    split_lines,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = ROOT.parent / "shared/eval/extraction/extraction_dev.jsonl"
OUT = ROOT / "thucydides/data/pagetext_model.json"


def shingles(text: str, n: int = 4) -> Counter:
    toks = re.findall(r"\w+", text.lower())
    if len(toks) < n:
        return Counter([tuple(toks)]) if toks else Counter()
    return Counter(tuple(toks[i:i + n]) for i in range(len(toks) - n + 1))


def f1(gold: str, pred: str) -> float:
    want, got = shingles(gold), shingles(pred)
    tp = sum((want & got).values())
    p = tp / sum(got.values()) if got else 0.0
    r = tp / sum(want.values()) if want else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def load(gold: Path) -> list[dict]:
    pages = []
    with open(gold, encoding="utf-8") as f:
        recs = [json.loads(line) for line in f if line.strip()]
    for rec in recs:
        lines, before, after = split_lines(rec["page_text"])
        gl = {s.strip() for s in rec["article_body"].split("\n") if s.strip()}
        title = metadata.find_title(lines, rec.get("url"))
        pages.append({
            "site": urlparse(rec["url"]).netloc, "lines": lines, "gold": rec["article_body"],
            "X": np.array(line_features(lines, before, after, title)),
            "y": np.array([s in gl for s in lines], dtype=int),
            "w": np.array([math.log1p(len(s)) for s in lines]),
        })
    return pages


def fit(pages: list[dict], c: float) -> dict:
    X = np.vstack([p["X"] for p in pages])
    y = np.concatenate([p["y"] for p in pages])
    w = np.concatenate([p["w"] for p in pages])
    m1 = LogisticRegression(C=c, max_iter=3000, fit_intercept=False)
    m1.fit(X, y, sample_weight=w)
    w1 = m1.coef_[0].tolist()
    X2 = []
    for p in pages:
        p1 = 1 / (1 + np.exp(-p["X"] @ m1.coef_[0]))
        X2.append(np.hstack([p["X"], np.array(context_features(p1.tolist(), p["X"].tolist()))]))
    m2 = LogisticRegression(C=c, max_iter=3000, fit_intercept=False)
    m2.fit(np.vstack(X2), y, sample_weight=w)
    return {"stage1": w1, "stage2": m2.coef_[0].tolist()}


def probs(model: dict, page: dict) -> list[float]:
    p1 = 1 / (1 + np.exp(-page["X"] @ np.array(model["stage1"])))
    X2 = np.hstack([page["X"], np.array(context_features(p1.tolist(), page["X"].tolist()))])
    return (1 / (1 + np.exp(-X2 @ np.array(model["stage2"])))).tolist()


def page_f1(model: dict, page: dict, pr: list[float]) -> float:
    keep = select_lines(page["lines"], pr, model)
    return f1(page["gold"], "\n\n".join(page["lines"][i] for i in keep))


GRID = [(t, m) for t in (0.15, 0.2, 0.25, 0.3, 0.4, 0.5) for m in (0.05, 0.1, 0.15, 0.2, 0.3)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--C", type=float, default=1.0)
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    pages = load(args.gold)
    groups = [p["site"] for p in pages]
    # Leave-site-out CV: pages of one site never straddle train and test.
    cv_scores = {g: [] for g in GRID}
    for tr, te in GroupKFold(n_splits=args.folds).split(pages, groups=groups):
        model = fit([pages[i] for i in tr], args.C)
        for i in te:
            pr = probs(model, pages[i])
            for t, m in GRID:
                cv_scores[(t, m)].append(page_f1({**model, "threshold": t, "span_margin": m}, pages[i], pr))
    best = max(GRID, key=lambda g: sum(cv_scores[g]))
    for g in GRID:
        print(f"threshold {g[0]} margin {g[1]}: CV F1 {np.mean(cv_scores[g]):.3f}")
    cv = float(np.mean(cv_scores[best]))
    model = fit(pages, args.C)
    model.update(threshold=best[0], span_margin=best[1])
    fit_f1 = float(np.mean([page_f1(model, p, probs(model, p)) for p in pages]))
    print(f"chosen threshold {best[0]} margin {best[1]}: leave-site-out CV F1 {cv:.3f}, "
          f"fit on all dev pages {fit_f1:.3f}")
    model.update(features=FEATURE_NAMES, context=CONTEXT_NAMES, cv_f1=round(cv, 3),
                 trained_on=f"{len(pages)} extraction dev pages (features only)")
    if not args.no_write:
        OUT.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
