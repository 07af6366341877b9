"""Package data: every file listed in the MANIFEST with a matching checksum, every file loads."""

from __future__ import annotations

import csv
import hashlib
from importlib import resources

from thucydides.actors.kb import build_kb
from thucydides.coding.lexicon import load_lexicon
from thucydides.ontology import codebook


def _manifest() -> list[dict[str, str]]:
    text = resources.files("thucydides.data").joinpath("MANIFEST.tsv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


def _shipped(node, prefix: str = "") -> list[str]:  # noqa: ANN001 - a Traversable
    out = []
    for child in node.iterdir():
        name = prefix + child.name
        if child.is_dir():
            if child.name != "__pycache__":
                out += _shipped(child, name + "/")
        elif child.name != "MANIFEST.tsv" and not child.name.endswith(".md"):
            out.append(name)
    return out


def test_every_data_file_has_a_manifest_entry_with_its_checksum() -> None:
    rows = {r["file"]: r for r in _manifest()}
    root = resources.files("thucydides.data")
    shipped = _shipped(root)
    assert set(shipped) == set(rows), "MANIFEST.tsv and the package data differ"
    for name in shipped:
        node = root
        for part in name.split("/"):
            node = node.joinpath(part)
        assert hashlib.sha256(node.read_bytes()).hexdigest() == rows[name]["sha256"], name
        assert rows[name]["source"] and rows[name]["licence"], name


def test_data_files_load() -> None:
    assert len(codebook()) > 300
    assert load_lexicon().size > 1000
    kb = build_kb()
    assert len([e for e in kb.entries.values() if e.kind == "country"]) >= 195
    assert kb.agents["foreign minister"] == "GOV"
