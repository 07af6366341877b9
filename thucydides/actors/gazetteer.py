"""Cities of the world (GeoNames, 15,000 people or more): where a place name is, and whose it is.

A place named in an "in/at/near" phrase locates an event; when the phrase names a city rather
than a state ("in Samarra"), the gazetteer gives its country and coordinates. A name shared by
several cities is read as the one in a country the text names (Tripoli is Lebanon's in a story
about Lebanon), else as the most populous.
"""

from __future__ import annotations

import csv
from collections.abc import Collection
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
def cities() -> dict[str, list[City]]:
    """Cities by name (and by the plain-ASCII form of names with diacritics), most populous first."""
    text = resources.files("thucydides.data").joinpath("places").joinpath("cities.tsv").read_text(encoding="utf-8")
    out: dict[str, list[City]] = {}
    for n, row in enumerate(csv.DictReader(text.splitlines(), delimiter="\t"), 2):
        try:
            city = City(row["name"], row["country"], float(row["lat"]), float(row["lon"]), int(row["population"]))
        except (KeyError, ValueError) as exc:
            raise DataError(f"places/cities.tsv line {n}: {exc}") from None
        for name in [row["name"], *(a for a in (row.get("alternates") or "").split("|") if a)]:
            out.setdefault(name, []).append(city)  # rows are sorted by population: biggest first
    return out


def city(name: str, near: Collection[str] = ()) -> City | None:
    """The city a name most likely means: one in a country the text is about (``near``, ISO3
    codes), else the most populous; None when no city has that name."""
    found = cities().get(" ".join(name.split()))
    if not found:
        return None
    return next((c for c in found if c.country in near), found[0])
