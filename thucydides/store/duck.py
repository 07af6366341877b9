"""The DuckDB store: articles, event mentions, their actors, failures and runs.

Tables are created by versioned migrations (``store/migrations.py``). Ids are content hashes, so
writing the same document twice stores it once, and a re-run after a crash picks up where the
last committed article left off: every article is written in one transaction with its events.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from ..errors import StorageError
from ..model import Article, EventMention
from .migrations import migrate
from .stories import StoryIndex, StoryLink


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Store:
    """A DuckDB file holding coded articles (``Store(":memory:")`` for tests)."""

    def __init__(self, path: str | Path = ":memory:", read_only: bool = False) -> None:
        self.path = str(path)
        try:
            if self.path != ":memory:":
                Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
            self.con = duckdb.connect(self.path, read_only=read_only)
        except (duckdb.Error, OSError) as exc:
            raise StorageError(f"cannot open store {self.path!r}: {exc}") from None
        if not read_only:
            migrate(self.con)

    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- runs
    def start_run(self, manifest: dict[str, Any]) -> str:
        """Record the start of an ingest run with its provenance manifest; return the run id."""
        run_id = manifest.get("run_id") or _now().strftime("%Y%m%dT%H%M%S%f")
        self.con.execute(
            "INSERT INTO runs (id, started_at, version, model, manifest) VALUES (?, ?, ?, ?, ?)",
            [run_id, _now(), manifest.get("version"), manifest.get("model"), json.dumps(manifest, sort_keys=True)])
        return run_id

    def finish_run(self, run_id: str, documents: int, failed: int, stored: int, skipped: int) -> None:
        """Close a run with its totals."""
        self.con.execute("UPDATE runs SET finished_at = ?, documents = ?, failed = ?, stored = ?, skipped = ? "
                         "WHERE id = ?", [_now(), documents, failed, stored, skipped, run_id])

    # -- writing
    def has_article(self, article_id: str) -> bool:
        """True when an article with this id is stored."""
        return self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of these article ids are stored."""
        ids = list(ids)
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?))", [ids]).fetchall()
        return {r[0] for r in rows}

    def add_article(self, art: Article, run_id: str | None = None, story: StoryLink | None = None) -> bool:
        """Store an article with its events (one transaction); False when it was already stored.

        A failed article is recorded in ``failures`` instead, with where it came from and why.
        With ``story`` the article is linked to its story in the same transaction; a copy of a
        stored story keeps its row but not its events (see ``store/stories.py``), and an exact
        copy not its text either.
        """
        if art.error:
            self.record_failure(art.id, art.source_path, art.error, run_id)
            return False
        try:
            self.con.execute("BEGIN TRANSACTION")
            if self.has_article(art.id):
                self.con.execute("ROLLBACK")
                return False
            self.con.execute(
                "INSERT INTO articles (id, url, title, published, publisher, agency, authors, editor, section, "
                "language, text, source_path, run_id, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [art.id, art.url, art.title, art.published, art.publisher, art.agency, art.authors, art.editor,
                 art.section, art.language, None if story and story.exact else art.text, art.source_path,
                 run_id, _now()])
            if story is not None:
                self._link_story(story)
            if art.events and not (story and story.is_copy):
                self.con.executemany(
                    "INSERT INTO event_mentions (id, article_id, type, mode, context, cameo, goldstein, quad_class, "
                    "date, source_codes, target_codes, location_country, location, evidence, mentions, "
                    "confidence, coder, record) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                    "ON CONFLICT DO NOTHING", [_event_row(art.id, e) for e in art.events])
                actor_rows = [[e.id, role, pos, a.text, a.name, a.code, a.sector, a.id]
                              for e in art.events for role, actors in (("source", e.source), ("target", e.target))
                              for pos, a in enumerate(actors)]
                if actor_rows:
                    self.con.executemany(
                        "INSERT INTO actors (event_id, role, position, text, name, code, sector, kb_id) "
                        "VALUES (?,?,?,?,?,?,?,?) ON CONFLICT DO NOTHING", actor_rows)
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StorageError(f"cannot store article {art.id!r}: {exc}") from None
        return True

    def _link_story(self, link: StoryLink) -> None:
        self.con.execute("INSERT INTO article_story (article_id, story_id, similarity, copy_of, exact, text_hash, "
                         "minhash) VALUES (?,?,?,?,?,?,?)", [link.article_id, link.story_id, link.similarity,
                                                             link.copy_of, link.exact, link.text_hash, link.minhash])
        if link.is_copy:
            self.con.execute("UPDATE stories SET n_copies = n_copies + 1 WHERE id = ?", [link.story_id])
        else:
            self.con.execute("INSERT INTO stories (id, first_article_id, n_copies, created_at) VALUES (?,?,1,?)",
                             [link.story_id, link.article_id, _now()])

    def story_index(self) -> StoryIndex:
        """The LSH index of every stored article's signature, rebuilt from the store."""
        rows = self.con.execute("SELECT article_id, story_id, text_hash, minhash FROM article_story "
                                "ORDER BY article_id").fetchall()
        return StoryIndex.from_rows(rows)

    def record_failure(self, doc_id: str, where: str | None, error: str, run_id: str | None) -> None:
        """Record a document that could not be read or coded."""
        self.con.execute("INSERT INTO failures (run_id, doc_id, location, error, failed_at) VALUES (?,?,?,?,?)",
                         [run_id, doc_id, where, error, _now()])

    # -- reading
    def counts(self) -> dict[str, int]:
        """Row counts of the main tables."""
        out = {}
        for t in ("articles", "event_mentions", "actors", "failures", "runs"):
            row = self.con.execute(f"SELECT count(*) FROM {t}").fetchone()
            out[t] = int(row[0]) if row else 0
        return out

    def article(self, article_id: str) -> Article | None:
        """An article with its events, as stored."""
        # An exact copy's text is its story's first article's text, stored once.
        row = self.con.execute("SELECT a.id, a.url, a.title, a.published, a.publisher, a.agency, a.authors, a.editor, "
                               "a.section, a.language, coalesce(a.text, o.text), a.source_path FROM articles a "
                               "LEFT JOIN article_story s ON s.article_id = a.id "
                               "LEFT JOIN articles o ON o.id = s.copy_of WHERE a.id = ?", [article_id]).fetchone()
        if row is None:
            return None
        keys = ["id", "url", "title", "published", "publisher", "agency", "authors", "editor", "section",
                "language", "text", "source_path"]
        art = Article(**{k: v for k, v in zip(keys, row, strict=True) if v is not None or k == "authors"})
        art.authors = list(row[6] or [])
        events = self.con.execute("SELECT record FROM event_mentions WHERE article_id = ? ORDER BY "
                                  "json_extract(record, '$.evidence.start')::INT, id", [article_id]).fetchall()
        art.events = [EventMention.from_json(r[0]) for r in events]
        return art

    def stories(self, min_copies: int = 1, limit: int | None = None) -> list[dict[str, Any]]:
        """Stories with their copies (largest first): id, title, n_copies, and each copy's id, URL, similarity."""
        sql = """
            SELECT st.id AS story_id, f.title, st.n_copies,
                   list({'article_id': s.article_id, 'url': a.url, 'publisher': a.publisher,
                         'similarity': s.similarity, 'exact': s.exact} ORDER BY a.ingested_at, s.article_id) AS copies
            FROM stories st JOIN articles f ON f.id = st.first_article_id
            JOIN article_story s ON s.story_id = st.id JOIN articles a ON a.id = s.article_id
            WHERE st.n_copies >= ? GROUP BY st.id, f.title, st.n_copies ORDER BY st.n_copies DESC, st.id"""
        if limit:
            sql += f" LIMIT {int(limit)}"
        return _dicts(self.con.execute(sql, [min_copies]))

    def story_of(self, article_id: str) -> dict[str, Any] | None:
        """An article's story link: story id, similarity, the article it copies, whether exactly."""
        rows = _dicts(self.con.execute("SELECT story_id, similarity, copy_of, exact FROM article_story "
                                       "WHERE article_id = ?", [article_id]))
        return rows[0] if rows else None

    def events_where(self, actor: str | None = None, dyad: tuple[str, str] | None = None,
                     types: list[str] | None = None, start: str | None = None, end: str | None = None,
                     limit: int | None = None) -> list[dict[str, Any]]:
        """Event mentions filtered by actor code, directed dyad (source, target), type and date range."""
        where: list[str] = ["1=1"]
        params: list[Any] = []
        if actor:
            where.append("(list_contains(source_codes, ?) OR list_contains(target_codes, ?))")
            params += [actor.upper(), actor.upper()]
        if dyad:
            where.append("list_contains(source_codes, ?) AND list_contains(target_codes, ?)")
            params += [dyad[0].upper(), dyad[1].upper()]
        if types:
            where.append("type IN (SELECT unnest(?))")
            params.append([t.upper() for t in types])
        clauses, values = date_filter(start, end)
        where += clauses
        params += values
        sql = (f"SELECT e.id, e.article_id, e.date, e.type, e.cameo, e.quad_class, e.goldstein, "
               f"array_to_string(e.source_codes, ';') AS source, array_to_string(e.target_codes, ';') AS target, "
               f"e.location_country, e.confidence, json_extract_string(e.evidence, '$.sentence') AS sentence "
               f"FROM event_mentions e WHERE {' AND '.join(where)} ORDER BY e.date, e.id")
        if limit:
            sql += f" LIMIT {int(limit)}"
        return _dicts(self.con.execute(sql, params))

    def top_dyads(self, n: int = 10) -> list[dict[str, Any]]:
        """The most reported directed state/organisation pairs, with their cooperation balance."""
        sql = """
            WITH pairs AS (
                SELECT s.code AS source, t.code AS target, e.quad_class, e.goldstein
                FROM event_mentions e
                JOIN actors s ON s.event_id = e.id AND s.role = 'source'
                JOIN actors t ON t.event_id = e.id AND t.role = 'target'
                WHERE s.code IS NOT NULL AND t.code IS NOT NULL AND s.code <> t.code)
            SELECT source, target, count(*) AS events,
                   count(*) FILTER (WHERE quad_class <= 2) AS cooperative,
                   count(*) FILTER (WHERE quad_class >= 3) AS conflictual,
                   round(sum(goldstein), 1) AS goldstein_sum
            FROM pairs GROUP BY source, target ORDER BY events DESC, source, target LIMIT ?"""
        return _dicts(self.con.execute(sql, [n]))


def date_filter(start: str | None, end: str | None, column: str = "date") -> tuple[list[str], list[Any]]:
    """SQL conditions (and their parameters) for dates in [start, end]; an ISO end of any
    precision includes its whole span ("2019" ends on 2019-12-31)."""
    clauses: list[str] = []
    params: list[Any] = []
    if start:
        clauses.append(f"{column} >= ?")
        params.append(start)
    if end:
        clauses.append(f"left({column}, ?) <= ?")
        params += [len(end), end]
    return clauses, params


def _event_row(article_id: str, e: EventMention) -> list[Any]:
    return [e.id, article_id, e.type, e.mode, e.context, e.cameo, e.goldstein, e.quad_class, e.date,
            sorted({a.code for a in e.source if a.code}), sorted({a.code for a in e.target if a.code}),
            e.location.country if e.location else None,
            e.location.model_dump_json() if e.location else None, e.evidence.model_dump_json(),
            json.dumps([m.model_dump(mode="json") for m in e.mentions]), e.confidence, e.coder, e.to_json()]


def _dicts(cur: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    cols = [d[0] for d in cur.description or []]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def iter_rows(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Rows as plain JSON-friendly dicts."""
    for r in rows:
        yield {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in r.items()}
