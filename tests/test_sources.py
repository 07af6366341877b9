"""Reading inputs: every document gets a result, bad ones a clear error naming where they were."""

from __future__ import annotations

import io
import json
from pathlib import Path

from thucydides.ingest import clean_document, iter_documents
from thucydides.ingest.sources import parse_deferred, read_jsonl_stream


def _docs(*inputs: str):
    return list(iter_documents(list(inputs)))


def test_missing_file_is_reported_with_its_path(tmp_path: Path) -> None:
    (doc,) = _docs(str(tmp_path / "nope.txt"))
    assert doc.error and "nope.txt" in doc.error and "no such file" in doc.error


def test_empty_binary_and_undecodable_files(tmp_path: Path) -> None:
    (tmp_path / "a_empty.txt").write_text("   \n")
    (tmp_path / "b_binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 50)
    (tmp_path / "c_latin1.txt").write_bytes("Caf\xe9 talks in Paris.".encode("latin-1"))
    (tmp_path / "d_ok.txt").write_text("China and Russia held talks.")
    docs = _docs(str(tmp_path))
    assert [Path(d.where).name for d in docs] == ["a_empty.txt", "b_binary.txt", "c_latin1.txt", "d_ok.txt"]
    assert "empty" in docs[0].error
    assert "binary" in docs[1].error
    assert "UTF-8" in docs[2].error and "offset 3" in docs[2].error
    assert docs[3].error is None and docs[3].text == "China and Russia held talks."


def test_bad_jsonl_line_names_file_and_line_and_the_rest_is_read(tmp_path: Path) -> None:
    p = tmp_path / "in.jsonl"
    p.write_text('{"id": "1", "text": "First."}\n{not json}\n\n{"id": "3", "html": "<p>x</p>"}\n'
                 '{"id": "4"}\n{"id": "5", "text": "a", "html": "b"}\n[1, 2]\n')
    docs = _docs(str(p))
    assert [d.id for d in docs[:2]] == ["1", docs[1].id]
    assert docs[0].text == "First." and docs[0].error is None
    assert docs[1].error.startswith(f"{p}:2: bad JSON")
    assert docs[2].id == "3" and docs[2].html == "<p>x</p>"
    assert "neither" in docs[3].error and docs[3].where == f"{p}:5"
    assert "both" in docs[4].error
    assert "JSON object" in docs[5].error
    assert len(docs) == 6


def test_jsonl_without_id_gets_a_content_hash_and_keeps_metadata() -> None:
    stream = io.StringIO(json.dumps({"text": "Talks.", "url": "http://x", "published": "2020-01-02"}) + "\n")
    (doc,) = read_jsonl_stream(stream, "<stdin>")
    again = list(read_jsonl_stream(io.StringIO(stream.getvalue()), "<stdin>"))[0]
    assert doc.id == again.id and len(doc.id) == 16
    assert doc.url == "http://x" and doc.date == "2020-01-02"


def test_html_file_goes_through_trafilatura(tmp_path: Path) -> None:
    body = " ".join(["The foreign ministers of Chile and Peru met in Lima on Monday to discuss trade."] * 3)
    page = (f"<html><head><title>Ministers meet</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<article><h1>Ministers meet</h1><p>{body}</p><p>{body}</p></article>"
            f"<footer>Copyright 2020 Example News</footer></body></html>")
    p = tmp_path / "page.html"
    p.write_text(page)
    (doc,) = _docs(str(p))
    art = clean_document(doc)
    assert art.error is None
    assert "Chile and Peru met in Lima" in art.text
    assert "Copyright" not in art.text and art.title == "Ministers meet"


def test_clean_sentence_passes_unchanged() -> None:
    s = "Senior Hungarian and Romanian officials agreed on Wednesday that their countries should cooperate."
    (doc,) = read_jsonl_stream(io.StringIO(json.dumps({"id": "x", "text": s}) + "\n"), "t")
    assert clean_document(doc).text == s


def test_deferred_jsonl_lines_parse_to_the_same_documents(tmp_path: Path) -> None:
    # What `extract` reads: lines handed over unparsed, parsed later in a worker process.
    p = tmp_path / "in.jsonl"
    p.write_bytes(b'\xef\xbb\xbf{"id": "1", "text": "First."}\n{not json}\n\n   \n\xc2\xa0\n'
                  b'{"id": "3", "html": "<p>x</p>", "language": "de"}\n\xff\xfe\n[1, 2]\n{"text": "No id."}\n')
    eager = _docs(str(p))
    deferred = list(iter_documents([str(p)], defer_jsonl=True))
    assert all(d.record is not None and d.text is None for d in deferred)
    parsed = [d for d in map(parse_deferred, deferred) if d is not None]
    assert parsed == eager
    assert [d.id for d in parsed[:1]] == ["1"] and "UTF-8" in parsed[3].error and len(parsed) == 6
