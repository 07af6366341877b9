"""``thucydides stories``: syndicated stories and their copies (a thin wrapper over ``Store.stories``)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..cli import ConfigOpt, DbOpt, Format, FormatOpt, app, emit_rows, open_store


@app.command()
def stories(db: DbOpt = None,
            min_copies: Annotated[int, typer.Option("--min-copies", min=1,
                                                    help="Only stories with at least this many copies.")] = 2,
            limit: Annotated[int | None, typer.Option(help="At most this many stories.")] = None,
            fmt: FormatOpt = Format.table, config: ConfigOpt = None) -> None:
    """List stories carried by several articles (syndicated copies), largest first, with each copy.

    Example: [bold]thucydides stories --db events.duckdb --min-copies 3 --format jsonl[/bold]
    """
    store, _ = open_store(db, config, read_only=True)
    with store:
        rows = store.stories(min_copies=min_copies, limit=limit)
    if fmt in (Format.table, Format.csv):
        rows = [{"story_id": r["story_id"], "title": r["title"], "n_copies": r["n_copies"],
                 "urls": " ".join(c["url"] or c["article_id"] for c in r["copies"])} for r in rows]
    emit_rows(rows, fmt, "stories")
