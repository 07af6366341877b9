"""``thucydides report``: a static HTML report of a store (charts, map, evidence), viewable offline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..cli import ConfigOpt, DbOpt, app, err, open_store
from ..errors import ThucydidesError


@app.command()
def report(output: Annotated[Path, typer.Option("--output", "-o", help="Directory to write index.html and assets/ to.")],
           db: DbOpt = None,
           title: Annotated[str, typer.Option(help="Title of the report.")] = "thucydides report",
           config: ConfigOpt = None) -> None:
    """Write a static HTML report (dyad timelines, blocs, polarity, event map, evidence) that opens offline.

    Example: [bold]thucydides report --db events.duckdb --output report/[/bold]
    """
    from ..report import write_report

    store, _ = open_store(db, config, read_only=True)
    with store:
        try:
            index = write_report(store, output, title=title)
        except ThucydidesError as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from None
    err.print(f"report written: {index}")
