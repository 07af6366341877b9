"""WARC and WARC.gz files (warcio): the HTML ``response`` records of a crawl, one document each.

The record's ``WARC-Target-URI`` is the article URL. The ``WARC-Date`` is when the page was
fetched: it is kept as ``fetched_at`` and used as the publication date only when the page
states none of its own (the page's date wins). Requests, metadata, revisits, non-HTML
payloads and non-2xx responses are skipped: they are crawl bookkeeping, not articles.

A crawl file is long and sometimes damaged. A broken record (bad header, truncated body,
undecodable bytes, a page over the size limit) yields one document with ``error`` set, naming
the file and byte offset; reading then resumes at the next record boundary that can be found
(the next ``WARC/1.x`` line, or the next gzip member of a per-record gzipped file), so one bad
record does not lose the rest of the file.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..model import content_id
from .sources import RawDocument, decode_body, looks_binary

MAX_RECORD_BYTES = 10 * 1024 * 1024  # an HTML payload larger than this is reported, not parsed
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_SCAN_CHUNK = 1 << 20


def is_warc_path(path: Path) -> bool:
    """True for ``.warc``, ``.warc.gz`` (and ``.arc`` / ``.arc.gz``) files."""
    name = path.name.lower()
    return name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz"))


def read_warc(path: Path, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[RawDocument]:
    """Yield one document per HTML response record of a WARC file; broken records yield errors."""
    from warcio.archiveiterator import ArchiveIterator

    where = str(path)
    try:
        size = path.stat().st_size
        fh = path.open("rb")
    except OSError as exc:
        yield _failed(where, f"{where}: cannot read: {exc.strerror or exc}")
        return
    with fh:
        gz = fh.read(3) == _GZIP_MAGIC
        expected = "arc" if path.name.lower().endswith((".arc", ".arc.gz")) else "warc"
        pos = 0
        in_broken_region = False  # one error per damaged stretch, not one per failed resync
        while pos < size:
            fh.seek(pos)
            last_end = pos
            good = 0
            problem: str | None = None
            try:
                it = ArchiveIterator(fh, no_record_parse=False)
                for record in it:
                    if not str(record.format).startswith(expected):
                        # warcio reads anything as a headerless ARC record rather than fail
                        raise ValueError(f"not a {expected.upper()} record")
                    doc, truncated = _record_document(record, where, max_bytes)
                    # the offset is known only once the record has been read to its end
                    offset, length = it.get_record_offset(), it.get_record_length()
                    last_end = offset + length
                    good += 1
                    in_broken_region = False
                    if truncated:
                        yield _failed(f"{where}@{offset}", f"{where}@{offset}: truncated WARC record")
                        continue
                    if doc is not None:
                        doc.where = f"{where}@{offset}"
                        if doc.error:
                            doc.error = f"{doc.where}: {doc.error}"
                        yield doc
                if not _only_blank(fh, last_end, size):
                    problem = "truncated or unreadable data"
            except Exception as exc:  # noqa: BLE001 - warcio and zlib raise many kinds on damaged input
                problem = f"broken WARC record ({type(exc).__name__}: {_short(exc)})"
            if problem is None:
                return
            if not in_broken_region or good:
                yield _failed(f"{where}@{last_end}", f"{where}@{last_end}: {problem}; skipping to the next record")
                in_broken_region = True
            nxt = _next_boundary(fh, last_end + 1, gz)
            if nxt is None:
                return
            pos = nxt


def _record_document(record: Any, where: str, max_bytes: int) -> tuple[RawDocument | None, bool]:
    """The document of one record (None when it is not an HTML 2xx response), and whether the
    record's block was cut short."""
    rtype = record.rec_type
    if rtype not in ("response", "resource"):
        return None, False
    http = record.http_headers
    if rtype == "response":
        if http is None:
            return None, False
        status = str(http.get_statuscode() or "")
        if not status.startswith("2"):
            return None, False
        ctype = http.get_header("Content-Type") or ""
        language = http.get_header("Content-Language")
    else:
        ctype = record.rec_headers.get_header("Content-Type") or ""
        language = None
    if ctype and "html" not in ctype.lower():
        return None, False
    url = record.rec_headers.get_header("WARC-Target-URI")
    warc_date = record.rec_headers.get_header("WARC-Date")
    data = record.content_stream().read(max_bytes + 1)
    truncated = getattr(record.raw_stream, "limit", 0) > 0 and len(data) <= max_bytes
    if truncated:
        return None, True
    doc = RawDocument(id=content_id(url, str(len(data))), url=url, fetched_at=warc_date,
                      date_fallback=(warc_date or "")[:10] or None, language=language)
    if len(data) > max_bytes:
        doc.error = f"page {url} is over the {max_bytes:,}-byte limit"
        return doc, False
    if not data.strip():
        doc.error = f"empty response for {url}"
        return doc, False
    if looks_binary(data):
        doc.error = f"binary data, not HTML, for {url}"
        return doc, False
    html, err = decode_body(data, ctype, url or "record")
    if err:
        doc.error = err
        return doc, False
    if not ctype and "<" not in html[:2048]:
        return None, False  # no Content-Type and no markup: not a page
    doc.id = content_id(html)
    doc.html = html
    return doc, False


def _only_blank(fh: io.BufferedReader, start: int, size: int) -> bool:
    """True when nothing but whitespace follows ``start`` (the end of the last good record)."""
    if start >= size:
        return True
    fh.seek(start)
    while True:
        chunk = fh.read(_SCAN_CHUNK)
        if not chunk:
            return True
        if chunk.strip():
            return False


def _next_boundary(fh: io.BufferedReader, start: int, gz: bool) -> int | None:
    """The offset of the next thing that looks like a record start at or after ``start``."""
    magic = _GZIP_MAGIC if gz else _WARC_MAGIC
    pos = start
    while True:
        fh.seek(pos)
        chunk = fh.read(_SCAN_CHUNK + len(magic))
        if len(chunk) < len(magic):
            return None
        i = chunk.find(magic)
        while i >= 0 and not gz and i > 0 and chunk[i - 1:i] not in (b"\n",):
            i = chunk.find(magic, i + 1)  # a WARC header starts a line
        if i >= 0:
            return pos + i
        pos += _SCAN_CHUNK


def _short(exc: Exception) -> str:
    text = "".join(c if c.isprintable() else "?" for c in " ".join(str(exc).split()))
    return text[:120] + ("..." if len(text) > 120 else "")


def _failed(where: str, error: str) -> RawDocument:
    return RawDocument(id=content_id("error", where), where=where, error=error)
