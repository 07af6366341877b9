"""The event ontology: CAMEO codes with Goldstein values and quad classes, mapped to PLOVER.

Read from the shipped ``cameo_codebook.tsv`` (GDELT's CAMEO lookups plus the PLOVER mapping
of CAMEO2PLOVER-2021). Codes whose row has no PLOVER type take their root's type
(``ROOT_PLOVER``); CAMEO 01x public statements have none and are not events in PLOVER.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..errors import DataError

# PLOVER type of each CAMEO root (CAMEO2PLOVER-2021); 08 and 16 are refined per code in the table.
ROOT_PLOVER: dict[str, str] = {
    "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "SUPPORT", "06": "COOPERATE",
    "07": "AID", "08": "CONCEDE", "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE",
    "12": "REJECT", "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE", "16": "SANCTION",
    "17": "COERCE", "18": "ASSAULT", "19": "ASSAULT", "20": "ASSAULT",
}


@dataclass(frozen=True)
class CameoCode:
    """One CAMEO code and what it means."""

    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: str | None
    mode: str | None
    context: tuple[str, ...]

    @property
    def root(self) -> str:
        return self.code[:2]


@lru_cache(maxsize=1)
def codebook() -> dict[str, CameoCode]:
    """All CAMEO codes by code."""
    out: dict[str, CameoCode] = {}
    text = resources.files("thucydides.data").joinpath("cameo_codebook.tsv").read_text(encoding="utf-8")
    for row in csv.DictReader(text.splitlines(), delimiter="\t"):
        try:
            code = row["cameo_code"].strip()
            plover = (row.get("plover_event") or "").strip() or ROOT_PLOVER.get(code[:2])
            context = tuple(c.strip() for c in (row.get("plover_context") or "").split(";") if c.strip())
            out[code] = CameoCode(code, row["name"].strip(), float(row["goldstein"]), int(row["quad_class"]),
                                  plover, (row.get("plover_mode") or "").strip() or None, context)
        except (KeyError, ValueError) as exc:
            raise DataError(f"cameo_codebook.tsv: bad row {row!r}: {exc}") from None
    return out


def lookup(code: str) -> CameoCode:
    """The entry for ``code``, falling back to its shorter parents (``0431`` -> ``043`` -> ``04``)."""
    book = codebook()
    c = code
    while c:
        if c in book:
            return book[c]
        c = c[:-1]
    raise DataError(f"unknown CAMEO code {code!r}")
