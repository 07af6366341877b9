"""Analysis: pure functions over the store (or over Parquet) that turn events into knowledge.

Every function takes a ``Store``, a DuckDB connection, or the connection ``open_parquet``
returns, plus parameters, and returns plain rows (lists of dicts) or dataclasses, so the CLI,
a report, an API or a notebook can reuse them unchanged.

* ``dyads``: dyad time series, actor profiles (``dyad_series``, ``actor_profile``, ``actors``);
* ``network``: the signed network of states and its blocs (``signed_network``, ``find_blocs``);
* ``polarity``: effective number of poles and concentration over time (``polarity``);
* ``alignment``: how alike two states behave towards third parties (``alignment``);
* ``changes``: dyad-weeks that break from their 4-week baseline (``changes``).

The unit of counting is the deduplicated event (``events``) by default; ``unit="mentions"``
counts event mentions instead (GDELT's habit, kept for comparison).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from ..errors import StorageError

__all__ = ["connection", "open_parquet"]


def connection(db: Any) -> duckdb.DuckDBPyConnection:
    """The DuckDB connection behind a ``Store`` (or the connection itself)."""
    con = getattr(db, "con", db)
    if not isinstance(con, duckdb.DuckDBPyConnection):
        raise TypeError(f"expected a Store or a DuckDB connection, got {type(db).__name__}")
    return con


def open_parquet(events: str | Path, articles: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory connection whose ``events`` (and ``articles``) views read exported Parquet files.

    ``events`` is a file written by ``thucydides export --format parquet``; the analysis
    functions then run over it exactly as over the store.
    """
    con = duckdb.connect()
    try:
        con.execute(f"CREATE VIEW events AS SELECT * FROM read_parquet('{_quote(events)}')")
        if articles is not None:
            con.execute(f"CREATE VIEW articles AS SELECT * FROM read_parquet('{_quote(articles)}')")
    except duckdb.Error as exc:
        raise StorageError(f"cannot read Parquet {events}: {exc}") from None
    return con


def _quote(path: str | Path) -> str:
    return str(path).replace("'", "''")
