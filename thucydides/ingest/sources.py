"""Input sources: files, directories, JSONL records and stdin, read into ``RawDocument`` s.

Every input yields documents in a stable order (directories in sorted path order, JSONL in
line order). A document that cannot be read still yields a ``RawDocument`` with ``error`` set
and a message naming where it was (file, and line for JSONL), so that callers can report it,
record it and carry on: nothing is silently dropped.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..model import content_id

if TYPE_CHECKING:
    from .fetch import Fetcher

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
MAX_PAGE_BYTES = 10 * 1024 * 1024  # a single page (.txt/.html) larger than this is reported, not parsed


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
    fetched_at: str | None = None  # when a crawler fetched it (WARC-Date, HTTP fetch), ISO 8601
    date_fallback: str | None = None  # used only when neither the record nor the page gives a date
    language: str | None = None  # as declared by the record (JSONL 'language', Content-Language)
    # An unparsed JSONL line (``iter_documents(..., defer_jsonl=True)``): the fields above are
    # filled in by ``parse_deferred`` where the document is cleaned, in a worker process.
    record: bytes | None = None


def parse_deferred(doc: RawDocument) -> RawDocument | None:
    """The document a deferred JSONL line holds (``doc`` itself when it is not deferred); None
    for a line that turns out blank once decoded."""
    if doc.record is None:
        return doc
    return next(_jsonl_line(doc.record, doc.where), None)


def iter_documents(inputs: Iterable[str], stdin: TextIO | None = None,
                   fetcher: Fetcher | None = None, defer_jsonl: bool = False) -> Iterator[RawDocument]:
    """Yield the documents of every input in order: a path, a directory, ``-`` for stdin JSONL,
    an ``http(s)://`` URL (a page or a feed), a WARC (``.warc``/``.warc.gz``), a feed file
    (``.rss``/``.atom``/``.xml``) or a URL list (``.urls``). Web inputs are fetched with
    ``fetcher`` (by default a polite :class:`~thucydides.ingest.fetch.Fetcher` configured from
    the environment, made on the first web input).

    With ``defer_jsonl`` the lines of JSONL files come unparsed (see ``parse_deferred``), so that
    worker processes, not the reading process, decode them."""
    from . import feeds, warc

    own: Fetcher | None = None

    def web() -> Fetcher:
        nonlocal own
        if fetcher is not None:
            return fetcher
        if own is None:
            from .fetch import Fetcher as _Fetcher
            from .fetch import FetchOptions

            own = _Fetcher(FetchOptions.from_env())
        return own

    try:
        for inp in inputs:
            if inp == "-":
                yield from read_jsonl_stream(stdin or sys.stdin, "<stdin>")
                continue
            if feeds.is_url(inp):
                yield from feeds.read_url(inp, web())
                continue
            path = Path(inp)
            if path.is_dir():
                files = sorted(p for p in path.rglob("*")
                               if p.is_file() and (_suffix(p) in KNOWN_SUFFIXES or warc.is_warc_path(p)))
                for f in files:
                    yield from (warc.read_warc(f) if warc.is_warc_path(f) else read_path(f, defer_jsonl))
            elif warc.is_warc_path(path) and path.is_file():
                yield from warc.read_warc(path)
            elif _suffix(path) in feeds.FEED_SUFFIXES and path.is_file():
                yield from feeds.read_feed_file(path, web())
            elif _suffix(path) in feeds.URL_LIST_SUFFIXES and path.is_file():
                yield from feeds.read_url_list(path, web())
            else:
                yield from read_path(path, defer_jsonl)
    finally:
        if own is not None:
            own.close()


def _suffix(path: Path) -> str:
    # "x.jsonl.gz" is JSONL (read through gzip); a lone ".gz" names no type
    suffixes = [s.lower() for s in path.suffixes]
    if len(suffixes) >= 2 and suffixes[-1] == ".gz":
        return suffixes[-2]
    return path.suffix.lower()


def _is_gzip(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def gunzip(data: bytes, where: str, limit: int) -> tuple[bytes, str | None]:
    """Decompress a gzip file read whole; a truncated or corrupt archive, or one that expands past
    ``limit`` bytes (a gzip bomb), gives an error naming the file instead."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as fh:
            out = fh.read(limit + 1)
    except EOFError:
        return b"", f"{where}: truncated gzip archive (it ends before its end-of-stream marker)"
    except (OSError, zlib.error) as exc:
        return b"", f"{where}: corrupt gzip archive: {exc}"
    if len(out) > limit:
        return b"", f"{where}: gzip expands to over the {limit:,}-byte limit for one page"
    return out, None


def _read_jsonl_file(path: Path, where: str, defer: bool = False) -> Iterator[RawDocument]:
    """Stream a JSONL file (plain or gzipped) line by line; a corrupt or truncated gzip ends it
    with one failure naming the file and the last line read, after every record before it."""
    lineno = 0
    try:
        with (gzip.open(path, "rb") if _is_gzip(path) else path.open("rb")) as fh:
            for lineno, raw in enumerate(fh, 1):
                if defer and len(raw) <= MAX_PAGE_BYTES:
                    if not raw.isspace():
                        record = raw.removeprefix(codecs.BOM_UTF8) if lineno == 1 else raw
                        yield RawDocument(id="", where=f"{where}:{lineno}", record=record)
                    continue
                yield from _jsonl_line(raw, f"{where}:{lineno}", first=lineno == 1)
    except EOFError:
        yield _failed(where, f"{where}: truncated gzip archive after line {lineno}; the records before it were read")
    except (OSError, zlib.error) as exc:
        yield _failed(where, f"{where}: corrupt or unreadable after line {lineno}: {exc}")


def read_path(path: Path, defer_jsonl: bool = False) -> Iterator[RawDocument]:
    """Read one file: JSONL gives one document per line (unparsed with ``defer_jsonl``), other
    files one document."""
    where = str(path)
    if not path.exists():
        yield _failed(where, f"{where}: no such file")
        return
    if not path.is_file():
        yield _failed(where, f"{where}: not a regular file")
        return
    suffix = _suffix(path)
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl_file(path, where, defer_jsonl)
        return
    try:
        size = path.stat().st_size
        if suffix not in JSONL_SUFFIXES and size > MAX_PAGE_BYTES:
            yield _failed(where, f"{where}: {size:,} bytes, over the {MAX_PAGE_BYTES:,}-byte limit for one page")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield _failed(where, f"{where}: cannot read: {exc.strerror or exc}")
        return
    if _is_gzip(path):
        data, gz_err = gunzip(data, where, MAX_PAGE_BYTES)
        if gz_err:
            yield _failed(where, gz_err)
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
        yield from _jsonl_line(line, f"{name}:{lineno}")


def _jsonl_line(line: str | bytes, where: str, first: bool = False) -> Iterator[RawDocument]:
    """The document of one JSONL line (nothing for a blank line); each line is decoded on its own,
    so one line of bad UTF-8 or one huge record fails alone."""
    if len(line) > MAX_PAGE_BYTES:
        yield _failed(where, f"{where}: record of {len(line):,} bytes, over the {MAX_PAGE_BYTES:,}-byte limit "
                             "for one page")
        return
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8-sig" if first else "utf-8")
        except UnicodeDecodeError as exc:
            yield _failed(where, f"{where}: not valid UTF-8 (undecodable bytes at offset {exc.start} of the line)")
            return
    if not line.strip():
        return
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as exc:
        yield _failed(where, f"{where}: bad JSON: {exc.msg} at column {exc.colno}")
        return
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
                      where=where, language=_str(rec.get("language")))
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


def charset_of(content_type: str | None) -> str | None:
    """The ``charset=`` parameter of a Content-Type value."""
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.I)
    return m.group(1).lower() if m else None


_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)


def decode_body(data: bytes, content_type: str | None, where: str) -> tuple[str, str | None]:
    """Decode a web body: the HTTP charset, else a ``<meta charset>``, else strict UTF-8.

    Returns ``(text, error)``; undecodable bytes are an error naming where they were, not a
    silent replacement, so that a garbled page is reported rather than coded.
    """
    charset = charset_of(content_type)
    if charset is None:
        m = _META_CHARSET.search(data[:4096])
        charset = m.group(1).decode("ascii", "replace").lower() if m else None
    charset = charset or "utf-8"
    if charset in ("utf-8", "utf8"):
        charset = "utf-8-sig"
    try:
        return data.decode(charset), None
    except LookupError:
        return "", f"{where}: unknown charset {charset!r}"
    except UnicodeDecodeError as exc:
        name = "UTF-8" if charset.startswith("utf-8") else charset
        return "", f"{where}: not valid {name} (undecodable bytes at offset {exc.start})"


def _sniff_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or "<body" in head
