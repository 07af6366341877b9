"""The ``thucydides`` command: thin commands over library functions.

stdout carries only data (one JSON object per document, or the table/CSV asked for); progress
bars and messages go to stderr. The exit code is 1 when any document failed, 2 on bad usage.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Iterator
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .errors import ThucydidesError
from .model import Article

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False, rich_markup_mode="rich",
                  help="Turn raw news pages into coded political events (PLOVER / CAMEO) in DuckDB.")
err = Console(stderr=True)


class Format(str, Enum):
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


def _settings(config: Path | None = None, **overrides: Any):  # noqa: ANN202
    from .settings import load_settings

    try:
        return load_settings(config, **overrides)
    except ThucydidesError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


def _progress(total: int | None = None) -> Progress:
    return Progress(SpinnerColumn(), TextColumn("[progress.description]{task.description}"), BarColumn(),
                    MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True,
                    disable=not err.is_terminal)


def _emit_articles(articles: Iterable[Article], fmt: Format, with_events: bool) -> tuple[int, int]:
    """Print articles in order; return (documents, failures)."""
    n = failed = 0
    out = sys.stdout
    with _progress() as progress:
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

    settings = _settings(config, model=model, n_process=n_process)
    try:
        n, failed = _emit_articles(process_documents(iter_documents(inputs), settings), fmt, True)
    except ThucydidesError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    _finish(n, failed)


@app.command()
def extract(inputs: Inputs, fmt: FormatOpt = Format.jsonl) -> None:
    """Extract clean article text and metadata (no NLP); one JSON object per document.

    Example: [bold]thucydides extract page.html[/bold]
    """
    from .ingest import iter_documents
    from .pipeline import process_documents

    n, failed = _emit_articles(process_documents(iter_documents(inputs), nlp=False), fmt, False)
    _finish(n, failed)


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


if __name__ == "__main__":
    main()


__all__ = ["app", "main", "Format", "Table", "csv", "io", "Iterator"]
