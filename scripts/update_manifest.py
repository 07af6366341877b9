"""Recompute the SHA-256 column of thucydides/data/MANIFEST.tsv and list files it lacks.

Usage: python scripts/update_manifest.py   (exits 1 when a data file has no MANIFEST entry)
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "thucydides" / "data"
MANIFEST = DATA / "MANIFEST.tsv"
SKIP = {"MANIFEST.tsv", "README.md"}


def data_files() -> list[str]:
    """Every shipped data file, relative to the data directory."""
    return sorted(str(p.relative_to(DATA)) for p in DATA.rglob("*")
                  if p.is_file() and p.name not in SKIP and p.suffix != ".md" and "__pycache__" not in p.parts)


def main() -> int:
    rows = list(csv.DictReader(MANIFEST.open(encoding="utf-8"), delimiter="\t"))
    known = {r["file"] for r in rows}
    for r in rows:
        path = DATA / r["file"]
        r["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "MISSING"
    with MANIFEST.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["file", "source", "licence", "sha256"], delimiter="\t",
                           lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    missing = [f for f in data_files() if f not in known]
    for f in missing:
        print(f"no MANIFEST entry: {f}", file=sys.stderr)
    return 1 if missing or any(r["sha256"] == "MISSING" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
