"""Versioned schema migrations of the store: each runs once, in order, recorded in ``schema_version``.

Add a migration by appending to ``MIGRATIONS``; never edit one that has shipped.
"""

from __future__ import annotations

import duckdb

from ..errors import StorageError

MIGRATIONS: list[tuple[int, str, str]] = [
    (1, "articles, event mentions, actors, failures, runs", """
        CREATE TABLE articles (
            id VARCHAR PRIMARY KEY, url VARCHAR, title VARCHAR, published VARCHAR, publisher VARCHAR,
            agency VARCHAR, authors VARCHAR[], editor VARCHAR, section VARCHAR, language VARCHAR,
            text VARCHAR, source_path VARCHAR, run_id VARCHAR, ingested_at TIMESTAMP);
        CREATE TABLE event_mentions (
            id VARCHAR PRIMARY KEY, article_id VARCHAR NOT NULL, type VARCHAR NOT NULL, mode VARCHAR,
            context VARCHAR[], cameo VARCHAR NOT NULL, goldstein DOUBLE, quad_class INTEGER, date VARCHAR,
            source_codes VARCHAR[], target_codes VARCHAR[], location_country VARCHAR, location JSON,
            evidence JSON, mentions JSON, confidence DOUBLE, coder VARCHAR, record JSON);
        CREATE INDEX event_mentions_article ON event_mentions (article_id);
        CREATE TABLE actors (
            event_id VARCHAR NOT NULL, role VARCHAR NOT NULL, position INTEGER NOT NULL, text VARCHAR,
            name VARCHAR, code VARCHAR, sector VARCHAR, kb_id VARCHAR,
            PRIMARY KEY (event_id, role, position));
        CREATE TABLE failures (
            run_id VARCHAR, doc_id VARCHAR, location VARCHAR, error VARCHAR, failed_at TIMESTAMP);
        CREATE TABLE runs (
            id VARCHAR PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP, version VARCHAR,
            model VARCHAR, manifest JSON, documents INTEGER, failed INTEGER, stored INTEGER, skipped INTEGER);
    """),
    (2, "stories: syndicated copies of one article (store/stories.py)", """
        CREATE TABLE stories (
            id VARCHAR PRIMARY KEY, first_article_id VARCHAR NOT NULL, n_copies INTEGER NOT NULL,
            created_at TIMESTAMP);
        CREATE TABLE article_story (
            article_id VARCHAR PRIMARY KEY, story_id VARCHAR NOT NULL, similarity DOUBLE NOT NULL,
            copy_of VARCHAR, exact BOOLEAN NOT NULL, text_hash VARCHAR NOT NULL, minhash BLOB);
        CREATE INDEX article_story_story ON article_story (story_id);
    """),
    (3, "events: mentions clustered across documents (store/events.py)", """
        CREATE TABLE events (
            id VARCHAR PRIMARY KEY, type VARCHAR NOT NULL, family VARCHAR NOT NULL, mode VARCHAR,
            context VARCHAR[], cameo VARCHAR NOT NULL, goldstein DOUBLE, quad_class INTEGER, date VARCHAR,
            last_date VARCHAR, source_codes VARCHAR[], target_codes VARCHAR[], source JSON, target JSON,
            location_country VARCHAR, location JSON, num_mentions INTEGER NOT NULL, num_sources INTEGER NOT NULL,
            num_articles INTEGER NOT NULL, first_seen VARCHAR, last_seen VARCHAR, source_url VARCHAR,
            is_root BOOLEAN, confidence DOUBLE, coder VARCHAR);
        CREATE TABLE event_links (
            event_id VARCHAR NOT NULL, mention_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL,
            PRIMARY KEY (event_id, mention_id));
        CREATE INDEX event_links_mention ON event_links (mention_id);
    """),
    (4, "seen: URLs and feed entries that thucydides watch has handled (ingest/watch.py)", """
        CREATE TABLE seen (
            key VARCHAR PRIMARY KEY, source VARCHAR, article_id VARCHAR, error VARCHAR,
            attempts INTEGER NOT NULL, first_seen TIMESTAMP, last_seen TIMESTAMP);
    """),
]


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version of a store (0 for a new one)."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                "description VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)")
    row = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    return int(row[0]) if row else 0


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply every migration newer than the store's version; return the new version."""
    version = current_version(con)
    latest = MIGRATIONS[-1][0]
    if version > latest:
        raise StorageError(f"the store has schema version {version}, newer than this thucydides knows "
                           f"({latest}); upgrade thucydides")
    for number, description, sql in MIGRATIONS:
        if number <= version:
            continue
        try:
            con.execute("BEGIN TRANSACTION")
            con.execute(sql)
            con.execute("INSERT INTO schema_version (version, description) VALUES (?, ?)", [number, description])
            con.execute("COMMIT")
        except duckdb.Error as exc:
            con.execute("ROLLBACK")
            raise StorageError(f"migration {number} ({description}) failed: {exc}") from None
        version = number
    return version
