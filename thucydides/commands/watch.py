"""``thucydides watch``: poll feeds and URL lists and ingest what is new (over
:func:`thucydides.ingest.watch.watch`)."""

from __future__ import annotations

from typing import Annotated

import typer

from ..cli import ConfigOpt, DbOpt, ModelOpt, ProcOpt, app, err, fail, open_store
from ..errors import ThucydidesError


@app.command()
def watch(
    sources: Annotated[list[str], typer.Argument(help="RSS/Atom feed URLs or files, or .urls lists (one URL a line).")],
    db: DbOpt = None,
    every: Annotated[str, typer.Option(help="How often to poll: 15m, 30s, 2h, 1d.")] = "15m",
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit (exit 1 if anything failed).")] = False,
    allow_private: Annotated[bool, typer.Option(
        "--allow-private", help="Allow fetching private, loopback and link-local addresses.")] = False,
    model: ModelOpt = None, config: ConfigOpt = None, n_process: ProcOpt = None,
) -> None:
    """Poll feeds and URL lists on a schedule; fetch, code and store only the new pages.

    Example: [bold]thucydides watch https://example.org/world.rss news.urls --db events.duckdb --every 15m[/bold]
    """
    from ..ingest.fetch import FetchOptions
    from ..ingest.watch import parse_interval
    from ..ingest.watch import watch as run_watch

    try:
        seconds = parse_interval(every)
        options = FetchOptions.from_env()
    except ThucydidesError as exc:
        raise fail(exc) from None
    options.allow_private = options.allow_private or allow_private
    store, settings = open_store(db, config)
    settings = settings.with_overrides(model=model, n_process=n_process)

    def report_round(n: int, report) -> None:  # noqa: ANN001 - an IngestReport
        for msg in report.errors:
            err.print(f"[yellow]warning:[/yellow] {msg}", highlight=False)
        err.print(f"round {n}: {report.summary()}", highlight=False)

    with store:
        try:
            reports = run_watch(store, sources, settings, every=seconds, rounds=1 if once else None,
                                fetch_options=options, on_round=report_round)
        except KeyboardInterrupt:
            err.print("stopped")
            return
        except ThucydidesError as exc:
            raise fail(exc) from None
    if once and any(r.failed for r in reports):
        raise typer.Exit(1)
