"""Cities of the world (GeoNames, 15,000 people or more): where a place name is, and whose it is.

A place named in an "in/at/near" phrase locates an event; when the phrase names a city rather
than a state ("in Samarra"), the gazetteer gives its country and coordinates. A name shared by
several cities is read as the most populous one (Tripoli is Libya's unless the text says more).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import DataError


@dataclass(frozen=True)
class City:
    """A city: name, ISO3 country, coordinates, population."""

    name: str
    country: str
    lat: float
    lon: float
    population: int


@lru_cache(maxsize=1)
def cities() -> dict[str, City]:
    """Cities by name (and by the plain-ASCII form of names with diacritics), most populous first."""
    text = resources.files("thucydides.data").joinpath("places").joinpath("cities.tsv").read_text(encoding="utf-8")
    out: dict[str, City] = {}
    for n, row in enumerate(csv.DictReader(text.splitlines(), delimiter="\t"), 2):
        try:
            city = City(row["name"], row["country"], float(row["lat"]), float(row["lon"]), int(row["population"]))
        except (KeyError, ValueError) as exc:
            raise DataError(f"places/cities.tsv line {n}: {exc}") from None
        for name in [row["name"], *(a for a in (row.get("alternates") or "").split("|") if a)]:
            out.setdefault(name, city)  # rows are sorted by population: the first is the biggest
    return out


def city(name: str) -> City | None:
    """The city a name most likely means, or None."""
    return cities().get(" ".join(name.split()))
