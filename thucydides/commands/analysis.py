"""Analysis, export and recode commands: thin wrappers over ``thucydides.analysis`` and ``store``.

Every listing command takes ``--db FILE`` and ``--format table|jsonl|json|csv``; the top dyads
are ``thucydides query --top-dyads N``.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..cli import (
    ConfigOpt,
    DbOpt,
    Format,
    FormatOpt,
    app,
    emit_rows,
    err,
    fail,
    open_store,
    report_and_exit,
    run_with_progress,
)
from ..errors import ThucydidesError


class Period(StrEnum):
    """Time buckets of the series."""

    day = "day"
    week = "week"
    month = "month"
    year = "year"
    all = "all"


class Unit(StrEnum):
    """What is counted: deduplicated events or raw mentions."""

    events = "events"
    mentions = "mentions"


class ExportFormat(StrEnum):
    """Export file formats."""

    plover = "plover"
    parquet = "parquet"
    csv = "csv"
    gdelt = "gdelt"


PeriodOpt = Annotated[Period, typer.Option("--period", "-p", help="Time bucket.")]
UnitOpt = Annotated[Unit, typer.Option("--unit", help="Count deduplicated events or raw event mentions.")]
StartOpt = Annotated[str | None, typer.Option("--start", help="Earliest event date (ISO).")]
EndOpt = Annotated[str | None, typer.Option("--end", help="Latest event date (ISO, any precision).")]


def _pair(value: str, name: str) -> tuple[str, str]:
    parts = value.split(":")
    if len(parts) != 2 or not all(parts):
        raise fail(f"{name} must be A:B, got {value!r}")
    return parts[0], parts[1]


@app.command()
def dyads(db: DbOpt = None, period: PeriodOpt = Period.month,
          undirected: Annotated[bool, typer.Option("--undirected", help="Merge A->B and B->A.")] = False,
          normalise: Annotated[bool, typer.Option("--normalise", help="Add per-article rates (article volume).")] = False,
          actor: Annotated[str | None, typer.Option(help="Only dyads with this actor, e.g. CHN.")] = None,
          dyad: Annotated[str | None, typer.Option(help="Only this dyad SOURCE:TARGET, e.g. CHN:RUS.")] = None,
          min_events: Annotated[int, typer.Option("--min-events", help="Hide dyad-periods with fewer events.")] = 1,
          start: StartOpt = None, end: EndOpt = None, unit: UnitOpt = Unit.events,
          fmt: FormatOpt = Format.table, config: ConfigOpt = None) -> None:
    """Dyad time series: counts by quad class and type, Goldstein sum and mean, net cooperation.

    Example: [bold]thucydides dyads --db events.duckdb --dyad CHN:RUS --period week --format csv[/bold]
    """
    from ..analysis.dyads import dyad_series

    store, _ = open_store(db, config, read_only=True)
    with store:
        try:
            rows = dyad_series(store, period.value, not undirected, unit.value, normalise, actor,
                               _pair(dyad, "--dyad") if dyad else None, start, end, min_events)
        except (ThucydidesError, ValueError) as exc:
            raise fail(exc) from None
        emit_rows(rows, fmt, f"dyads by {period.value}")


@app.command()
def actors(code: Annotated[str | None, typer.Argument(help="Actor code (e.g. CHN); omit to list every actor.")] = None,
           db: DbOpt = None, start: StartOpt = None, end: EndOpt = None, unit: UnitOpt = Unit.events,
           limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
           fmt: FormatOpt = Format.table, config: ConfigOpt = None) -> None:
    """Actor profile: totals (partner *) then one row per partner; without CODE, every actor's totals.

    Example: [bold]thucydides actors CHN --db events.duckdb[/bold]
    """
    from ..analysis.dyads import actor_profile
    from ..analysis.dyads import actors as all_actors

    store, _ = open_store(db, config, read_only=True)
    with store:
        try:
            if code:
                rows = actor_profile(store, code, unit.value, start, end)
                rows = rows[: limit + 1] if limit else rows
            else:
                rows = all_actors(store, unit.value, start, end, limit)
        except (ThucydidesError, ValueError) as exc:
            raise fail(exc) from None
        emit_rows(rows, fmt, f"profile of {code.upper()}" if code else "actors")


@app.command()
def network(db: DbOpt = None, start: StartOpt = None, end: EndOpt = None, unit: UnitOpt = Unit.events,
            edges: Annotated[bool, typer.Option("--edges", help="List the signed edges instead of the blocs.")] = False,
            fmt: FormatOpt = Format.table, config: ConfigOpt = None) -> None:
    """Signed network of states (cooperation minus conflict) and its blocs (signed modularity).

    Example: [bold]thucydides network --db events.duckdb --start 2020-01-01[/bold]
    """
    from ..analysis.network import bloc_rows, find_blocs, signed_network

    store, _ = open_store(db, config, read_only=True)
    with store:
        try:
            net = signed_network(store, start, end, unit.value)
        except (ThucydidesError, ValueError) as exc:
            raise fail(exc) from None
        if edges:
            emit_rows(net.edge_rows(), fmt, "signed network")
            return
        blocs, quality = find_blocs(net)
        err.print(", ".join(f"{k} {v}" for k, v in quality.items()))
        emit_rows(bloc_rows(net, blocs), fmt, "blocs")


@app.command()
def polarity(db: DbOpt = None, period: PeriodOpt = Period.month, start: StartOpt = None, end: EndOpt = None,
             per_period: Annotated[bool, typer.Option("--per-period-blocs", help="Find blocs afresh in each "
                                                      "period (default: once over the whole range).")] = False,
             unit: UnitOpt = Unit.events, fmt: FormatOpt = Format.table, config: ConfigOpt = None) -> None:
    """Polarity over time: effective number of poles N = 1/sum(s_i^2) over bloc shares, and HHIs.

    Example: [bold]thucydides polarity --db events.duckdb --period year[/bold]
    """
    from ..analysis.polarity import polarity as run_polarity

    store, _ = open_store(db, config, read_only=True)
    with store:
        try:
            rows = run_polarity(store, period.value, unit.value, "period" if per_period else "all", start, end)
        except (ThucydidesError, ValueError) as exc:
            raise fail(exc) from None
        emit_rows(rows, fmt, f"polarity by {period.value}")


@app.command()
def alignment(a: Annotated[str, typer.Argument(help="First state, e.g. CHN.")],
              b: Annotated[str, typer.Argument(help="Second state, e.g. RUS.")], db: DbOpt = None,
              measure: Annotated[str, typer.Option(help="net (cooperative - conflictual) or goldstein.")] = "net",
              received: Annotated[bool, typer.Option("--received", help="Count third parties' acts towards "
                                                     "A and B too.")] = False,
              detail: Annotated[bool, typer.Option("--detail", help="List both vectors by third party.")] = False,
              period: PeriodOpt = Period.all, start: StartOpt = None, end: EndOpt = None,
              unit: UnitOpt = Unit.events, fmt: FormatOpt = Format.table, config: ConfigOpt = None) -> None:
    """Alignment of two states: cosine similarity of their behaviour towards third parties.

    Example: [bold]thucydides alignment CHN RUS --db events.duckdb --received[/bold]
    """
    from ..analysis.alignment import alignment as run_alignment
    from ..analysis.alignment import alignment_detail

    store, _ = open_store(db, config, read_only=True)
    with store:
        try:
            if detail:
                rows = alignment_detail(store, a, b, measure, received, start, end, unit.value)
            else:
                rows = run_alignment(store, a, b, measure, received, period.value, start, end, unit.value)
        except (ThucydidesError, ValueError) as exc:
            raise fail(exc) from None
        emit_rows(rows, fmt, f"alignment of {a.upper()} and {b.upper()}")


@app.command()
def changes(db: DbOpt = None, threshold: Annotated[float, typer.Option(help="Flag |z| at least this.")] = 2.0,
            directed: Annotated[bool, typer.Option("--directed", help="Keep A->B apart from B->A.")] = False,
            show_all: Annotated[bool, typer.Option("--all", help="Every scored dyad-week, not only flags.")] = False,
            start: StartOpt = None, end: EndOpt = None, unit: UnitOpt = Unit.events,
            fmt: FormatOpt = Format.table, config: ConfigOpt = None) -> None:
    """Change detection: dyad-weeks whose Goldstein sum departs from the previous 4 weeks (z-score).

    Example: [bold]thucydides changes --db events.duckdb --threshold 3[/bold]
    """
    from ..analysis.changes import changes as run_changes

    store, _ = open_store(db, config, read_only=True)
    with store:
        try:
            rows = run_changes(store, threshold, directed=directed, unit=unit.value, start=start, end=end,
                               everything=show_all)
        except (ThucydidesError, ValueError) as exc:
            raise fail(exc) from None
        emit_rows(rows, fmt, "changes")


@app.command()
def export(output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
           db: DbOpt = None,
           fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="plover (JSONL), parquet, csv or "
                                                     "gdelt (GDELT 2.0 61-column TSV).")] = ExportFormat.plover,
           config: ConfigOpt = None) -> None:
    """Export the deduplicated events: PLOVER JSONL, Parquet, CSV or GDELT 2.0 TSV.

    Example: [bold]thucydides export --db events.duckdb --format gdelt --output events.tsv[/bold]
    """
    from ..store.exports import export as run_export

    store, _ = open_store(db, config, read_only=True)
    with store:
        try:
            n = run_export(store, fmt.value, output)
        except ThucydidesError as exc:
            raise fail(exc) from None
    err.print(f"{n} events written to {output} ({fmt.value})")


@app.command()
def recode(db: DbOpt = None, config: ConfigOpt = None,
           model: Annotated[str | None, typer.Option("--model", help="spaCy model name or path.")] = None,
           article: Annotated[list[str] | None, typer.Option("--article", help="Only this article id "
                                                             "(repeatable).")] = None) -> None:
    """Re-code stored articles with the current coder (no fetching or extracting), then re-cluster events.

    Example: [bold]thucydides recode --db events.duckdb[/bold]
    """
    from ..store.recode import recode as run_recode

    store, settings = open_store(db, config)
    settings = settings.with_overrides(model=model)
    with store:
        report = run_with_progress("recoding", lambda advance: run_recode(store, settings, article,
                                                                         on_article=advance))
    report_and_exit(report.errors, report.summary(), failed=bool(report.errors))


@app.command()
def cluster(db: DbOpt = None, config: ConfigOpt = None,
            window: Annotated[int, typer.Option(help="Days a report may trail the event's first mention.")] = 2
            ) -> None:
    """Re-cluster every stored event mention into events (ingest does this incrementally).

    Example: [bold]thucydides cluster --db events.duckdb --window 3[/bold]
    """
    from ..store.events import rebuild_events

    store, _ = open_store(db, config)
    with store:
        try:
            report = rebuild_events(store, window)
        except ThucydidesError as exc:
            raise fail(exc) from None
    err.print(report.summary())
