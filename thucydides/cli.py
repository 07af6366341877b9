"""The ``thucydides`` command: thin commands over library functions.

stdout carries only data (one JSON object per document, or the table/CSV asked for); progress
bars and messages go to stderr. The exit code is 1 when any document failed, 2 on bad usage.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from . import __version__
from .errors import ThucydidesError
from .model import Article

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, rich_markup_mode="rich",
                  help="Turn raw news pages into coded political events (PLOVER / CAMEO) in DuckDB.")
err = Console(stderr=True)
T = TypeVar("T")


class Format(StrEnum):
    """Output formats shared by the listing commands."""

    jsonl = "jsonl"
    json = "json"
    csv = "csv"
    table = "table"


Inputs = Annotated[list[str], typer.Argument(help="Files (.txt .html .jsonl), directories, or - for JSONL on stdin.")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
DbOpt = Annotated[Path | None, typer.Option("--db", help="DuckDB file (default: the 'db' setting).")]
ModelOpt = Annotated[str | None, typer.Option("--model", help="spaCy model name or path (default: auto).")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Settings file (TOML).")]
ProcOpt = Annotated[int | None, typer.Option("--n-process", "-j", help="Worker processes for the NLP.")]


def fail(message: object) -> typer.Exit:
    """Print an error (bad usage, unreadable settings or store) and give the exit to raise (code 2)."""
    err.print(f"[red]error:[/red] {escape(str(message))}")
    return typer.Exit(2)


def run_with_progress(label: str, job: Callable[[Callable[[Any], None]], T]) -> T:
    """Run a store job under a progress bar it advances once a document; a ThucydidesError ends
    the command with exit code 2."""
    try:
        with progress_bar() as progress:
            task = progress.add_task(label, total=None)
            return job(lambda _: progress.advance(task))
    except ThucydidesError as exc:
        raise fail(exc) from None


def cli_settings(config: Path | None = None, **overrides: Any):  # noqa: ANN202
    from .settings import load_settings

    try:
        return load_settings(config, **overrides)
    except ThucydidesError as exc:
        raise fail(exc) from None


def progress_bar(total: int | None = None) -> Progress:
    return Progress(SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True,
                    disable=not err.is_terminal)


def _emit_articles(articles: Iterable[Article], fmt: Format, with_events: bool) -> tuple[int, int]:
    """Print articles in order; return (documents, failures)."""
    n = failed = 0
    out = sys.stdout
    with progress_bar() as progress:
        task = progress.add_task("coding" if with_events else "extracting", total=None)
        for art in articles:
            n += 1
            if art.error:
                failed += 1
                err.print(f"[yellow]warning:[/yellow] {art.error}", highlight=False)
            d = art.output_dict(with_events=with_events)
            if fmt == Format.table:
                out.write(f"{art.id}\t{art.title or ''}\t{len(art.events)} events\t{art.error or ''}\n")
            else:
                out.write(json.dumps(d, ensure_ascii=False) + "\n")
            progress.advance(task)
    out.flush()
    return n, failed


def _finish(n: int, failed: int) -> None:
    if failed:
        err.print(f"{failed} of {n} documents failed")
        raise typer.Exit(1)


@app.command()
def code(inputs: Inputs, fmt: FormatOpt = Format.jsonl, model: ModelOpt = None, config: ConfigOpt = None,
         n_process: ProcOpt = None) -> None:
    """Code documents into events; print one JSON object per document.

    Example: [bold]thucydides code page.txt articles.jsonl[/bold]
    """
    from .ingest import iter_documents
    from .pipeline import process_documents

    settings = cli_settings(config, model=model, n_process=n_process)
    try:
        n, failed = _emit_articles(process_documents(iter_documents(inputs), settings), fmt, True)
    except ThucydidesError as exc:
        raise fail(exc) from None
    _finish(n, failed)


@app.command()
def extract(inputs: Inputs, fmt: FormatOpt = Format.jsonl,
            n_process: Annotated[int | None, typer.Option(
                "--n-process", "-j", min=1, help="Worker processes (default: every core).")] = None) -> None:
    """Extract clean article text and metadata (no NLP); one JSON object per document, in input order.

    Example: [bold]thucydides extract -j 2 pages/ > articles.jsonl[/bold]
    """
    from .ingest import iter_documents
    from .ingest.workers import clean_documents, default_processes

    articles = clean_documents(iter_documents(inputs, defer_jsonl=True), n_process or default_processes())
    n, failed = _emit_articles(articles, fmt, False)
    _finish(n, failed)


def emit_rows(rows: list[dict[str, Any]], fmt: Format, title: str | None = None) -> None:
    """Print rows of a listing in the chosen format (the one way every listing command prints)."""
    from .store.duck import iter_rows

    rows = list(iter_rows(rows))
    if fmt == Format.jsonl:
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == Format.json:
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
    elif fmt == Format.csv:
        buf = io.StringIO()
        if rows:
            w = csv.DictWriter(buf, fieldnames=list(rows[0]))
            w.writeheader()
            w.writerows(rows)
        sys.stdout.write(buf.getvalue())
    else:
        table = Table(title=title, show_lines=False)
        for col in rows[0] if rows else ["(no rows)"]:
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(*("" if v is None else str(v) for v in r.values()))
        Console(width=200).print(table)
    sys.stdout.flush()


def open_store(db: Path | None, config: Path | None = None, read_only: bool = False):  # noqa: ANN202
    from .store.duck import Store

    settings = cli_settings(config, db=db)
    if read_only and not Path(settings.db).exists():
        raise fail(f"no store at {settings.db}; create one with: thucydides ingest INPUT --db FILE")
    try:
        return Store(settings.db, read_only=read_only), settings
    except ThucydidesError as exc:
        raise fail(exc) from None


@app.command()
def ingest(inputs: Inputs, db: DbOpt = None, model: ModelOpt = None, config: ConfigOpt = None,
           n_process: ProcOpt = None) -> None:
    """Clean, code and store documents in the DuckDB store; already stored documents are skipped.

    Example: [bold]thucydides ingest news/ --db events.duckdb[/bold]
    """
    from .store.ingest import ingest as run_ingest

    store, settings = open_store(db, config)
    settings = settings.with_overrides(model=model, n_process=n_process)
    with store:
        report = run_with_progress("ingesting", lambda advance: run_ingest(store, inputs, settings,
                                                                          on_document=advance))
    report_and_exit(report.errors, report.summary(), failed=bool(report.failed))


def report_and_exit(errors: list[str], summary: str, failed: bool) -> None:
    """Print a run's warnings and summary on stderr; exit 1 when any document failed."""
    for msg in errors:
        err.print(f"[yellow]warning:[/yellow] {msg}", highlight=False)
    err.print(summary)
    if failed:
        raise typer.Exit(1)


@app.command()
def query(db: DbOpt = None, actor: Annotated[str | None, typer.Option(help="Actor code (source or target), e.g. CHN.")] = None,
          dyad: Annotated[str | None, typer.Option(help="Directed dyad SOURCE:TARGET, e.g. CHN:RUS.")] = None,
          type_: Annotated[list[str] | None, typer.Option("--type", help="PLOVER type(s).")] = None,
          start: Annotated[str | None, typer.Option(help="Earliest event date (ISO).")] = None,
          end: Annotated[str | None, typer.Option(help="Latest event date (ISO, any precision).")] = None,
          top_dyads: Annotated[int | None, typer.Option("--top-dyads", help="List the N most reported dyads.")] = None,
          limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
          fmt: FormatOpt = Format.table, config: ConfigOpt = None) -> None:
    """Query stored events by actor, dyad, type and date range, or list the top dyads.

    Example: [bold]thucydides query --db events.duckdb --dyad CHN:RUS --type CONSULT --format csv[/bold]
    """
    store, _ = open_store(db, config, read_only=True)
    with store:
        if top_dyads:
            emit_rows(store.top_dyads(top_dyads), fmt, "top dyads")
            return
        pair = None
        if dyad:
            parts = dyad.split(":")
            if len(parts) != 2 or not all(parts):
                raise fail(f"--dyad must be SOURCE:TARGET, got {dyad!r}")
            pair = (parts[0], parts[1])
        emit_rows(store.events_where(actor=actor, dyad=pair, types=type_, start=start, end=end, limit=limit),
                   fmt, "events")


@app.command()
def demo(db: DbOpt = None, config: ConfigOpt = None) -> None:
    """Ingest the bundled sample corpus (the seed page and 294 Wikinews articles) and summarise it.

    Example: [bold]thucydides demo --db demo.duckdb[/bold]
    """
    from .store.ingest import ingest as run_ingest
    from .store.ingest import sample_inputs

    store, settings = open_store(db, config)
    with store:
        inputs = sample_inputs()
        with progress_bar() as progress:
            task = progress.add_task("ingesting the sample corpus", total=None)
            report = run_ingest(store, [str(p) for p in inputs], settings,
                                on_document=lambda art: progress.advance(task))
        err.print(report.summary())
        counts = store.counts()
        sys.stdout.write(f"store: {settings.db}\narticles: {counts['articles']}\n"
                         f"event mentions: {counts['event_mentions']}\n")
        n_events = store.con.execute("SELECT count(*) FROM events").fetchone()
        sys.stdout.write(f"events (mentions clustered across articles): {n_events[0] if n_events else 0}\n")
        emit_rows(store.top_dyads(10), Format.table, "top dyads")
        seed_id = report.ids.get(str(inputs[0]))
        art = store.article(seed_id) if seed_id else None
        if art is not None:
            rows = [{"date": e.date, "type": e.type, "cameo": e.cameo,
                     "source": "; ".join(f"{a.text} ({a.code}/{a.sector or '-'})" for a in e.source),
                     "target": "; ".join(f"{a.text} ({a.code}/{a.sector or '-'})" for a in e.target),
                     "where": e.location.country if e.location else "", "trigger": e.evidence.trigger}
                    for e in art.events]
            emit_rows(rows, Format.table, f"events of the seed: {art.title}")
    if report.failed:
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of the output records.

    Example: [bold]thucydides schema > article.schema.json[/bold]
    """
    from .model import output_schema

    print(json.dumps(output_schema(), indent=2))


@app.command()
def version() -> None:
    """Print the version."""
    print(__version__)


def main() -> None:
    """Console entry point."""
    app()


def _load_commands() -> None:
    from .commands import load_all

    load_all()


_load_commands()


if __name__ == "__main__":
    main()


__all__ = ["Format", "app", "cli_settings", "emit_rows", "err", "main", "open_store", "progress_bar",
           "report_and_exit"]
