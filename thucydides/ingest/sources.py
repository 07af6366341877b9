"""Input sources: files, directories, JSONL records and stdin, read into ``RawDocument`` s.

Every input yields documents in a stable order (directories in sorted path order, JSONL in
line order). A document that cannot be read still yields a ``RawDocument`` with ``error`` set
and a message naming where it was (file, and line for JSONL), so that callers can report it,
record it and carry on: nothing is silently dropped.
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..model import content_id

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


@dataclass
class RawDocument:
    """A document as read, before cleaning: text or HTML plus what the input said about it."""

    id: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    date: str | None = None
    where: str = ""  # "path" or "path:line", for messages
    error: str | None = None


def iter_documents(inputs: Iterable[str], stdin: TextIO | None = None) -> Iterator[RawDocument]:
    """Yield the documents of every input in order: a path, a directory, or ``-`` for stdin JSONL."""
    for inp in inputs:
        if inp == "-":
            yield from read_jsonl_stream(stdin or sys.stdin, "<stdin>")
            continue
        path = Path(inp)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _suffix(p) in KNOWN_SUFFIXES)
            for f in files:
                yield from read_path(f)
        else:
            yield from read_path(path)


def _suffix(path: Path) -> str:
    return path.suffix.lower()


def read_path(path: Path) -> Iterator[RawDocument]:
    """Read one file: JSONL gives one document per line, other files one document."""
    where = str(path)
    if not path.exists():
        yield _failed(where, f"{where}: no such file")
        return
    if not path.is_file():
        yield _failed(where, f"{where}: not a regular file")
        return
    suffix = _suffix(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield _failed(where, f"{where}: cannot read: {exc.strerror or exc}")
        return
    if suffix in JSONL_SUFFIXES:
        text, err = decode(data, where)
        if err:
            yield _failed(where, err)
            return
        yield from read_jsonl_stream(io.StringIO(text), where)
        return
    if not data.strip():
        yield _failed(where, f"{where}: empty file")
        return
    if looks_binary(data):
        yield _failed(where, f"{where}: binary data, not text or HTML")
        return
    text, err = decode(data, where)
    if err:
        yield _failed(where, err, content_id(data.decode("utf-8", "replace")))
        return
    doc_id = content_id(text)
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _sniff_html(text)):
        yield RawDocument(id=doc_id, html=text, where=where)
    else:
        yield RawDocument(id=doc_id, text=text, where=where)


def read_jsonl_stream(stream: TextIO, name: str) -> Iterator[RawDocument]:
    """Read JSONL records (contract in ARCHITECTURE.md) from a text stream, one per line."""
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _failed(where, f"{where}: bad JSON: {exc.msg} at column {exc.colno}")
            continue
        yield record_to_document(rec, where)


def record_to_document(rec: Any, where: str) -> RawDocument:
    """Turn one JSONL record into a document, checking the contract's fields."""
    if not isinstance(rec, dict):
        return _failed(where, f"{where}: a record must be a JSON object, got {type(rec).__name__}")
    rid = rec.get("id")
    has_text, has_html = isinstance(rec.get("text"), str), isinstance(rec.get("html"), str)
    body = rec.get("text") if has_text else rec.get("html")
    doc_id = str(rid) if rid not in (None, "") else content_id(body if isinstance(body, str) else where)
    date = rec.get("published") or rec.get("date")
    doc = RawDocument(id=doc_id, url=_str(rec.get("url")), title=_str(rec.get("title")), date=_str(date),
                      where=where)
    if has_text == has_html:
        why = "has both 'text' and 'html'" if has_text else "has neither a 'text' nor an 'html' string"
        doc.error = f"{where}: record {why}"
    elif not str(body).strip():
        doc.error = f"{where}: record has an empty {'text' if has_text else 'html'}"
    elif has_text:
        doc.text = rec["text"]
    else:
        doc.html = rec["html"]
    return doc


def _str(v: Any) -> str | None:
    return None if v is None else str(v)


def _failed(where: str, error: str, doc_id: str | None = None) -> RawDocument:
    return RawDocument(id=doc_id or content_id("error", where), where=where, error=error)


def looks_binary(data: bytes) -> bool:
    """True when the bytes are not text: NUL bytes, or many control characters."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return control > len(head) * 0.05


def decode(data: bytes, where: str) -> tuple[str, str | None]:
    """Decode UTF-8 (with or without BOM); on failure say where the bad bytes are."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        return "", f"{where}: not valid UTF-8 (undecodable bytes at offset {exc.start})"


def _sniff_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head
