"""``thucydides spark code``: the per-document coder on Spark, writing partitioned Parquet.

A thin wrapper over :func:`thucydides.spark.run_job`; pyspark is imported only when the command
runs, so the CLI works without the [spark] extra.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from ..cli import ConfigOpt, ModelOpt, app, cli_settings, err, fail
from ..errors import ThucydidesError

spark_app = typer.Typer(no_args_is_help=True, help="Run the coder on Spark (needs the [spark] extra).")
app.add_typer(spark_app, name="spark")


@spark_app.command("code")
def spark_code(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT", help="JSONL, Parquet, WARC or page files, or directories.")],
    output_dir: Annotated[str, typer.Argument(metavar="OUTPUT_DIR", help="Where events/ and articles/ Parquet go.")],
    partitions: Annotated[int | None, typer.Option(help="Partitions to code in (default: Spark's parallelism).")] = None,
    master: Annotated[str | None, typer.Option(help="Spark master, e.g. local[2] (default: local[*]).")] = None,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace earlier output in OUTPUT_DIR.")] = False,
    model: ModelOpt = None, config: ConfigOpt = None,
) -> None:
    """Code documents on Spark into OUTPUT_DIR/events (by year) and OUTPUT_DIR/articles, as Parquet.

    Prints a JSON summary on stdout; exits 1 when any document failed.

    Example: [bold]thucydides spark code news.jsonl crawl.warc.gz out/ --master local[2][/bold]
    """
    settings = cli_settings(config, model=model)
    if partitions is not None and partitions < 1:
        raise fail(f"--partitions must be at least 1, got {partitions}")
    try:
        from ..spark import check_output_dir, plan_inputs, require_pyspark, run_job, spark_session

        require_pyspark()
        plan_inputs(inputs)  # bad inputs and taken output fail here, before a JVM starts
        check_output_dir(output_dir, overwrite)
        spark = spark_session(master, shuffle_partitions=partitions or 4)
        try:
            report = run_job(spark, inputs, output_dir, settings, partitions, overwrite)
        finally:
            spark.stop()
    except ThucydidesError as exc:
        raise fail(exc) from None
    for msg in report.errors:
        err.print(f"[yellow]warning:[/yellow] {escape(msg)}", highlight=False)
    if report.failed > len(report.errors):
        err.print(f"... and {report.failed - len(report.errors)} more failures (see the 'error' column of "
                  f"{Path(output_dir) / 'articles'})")
    sys.stdout.write(json.dumps(report.summary()) + "\n")
    if report.failed:
        err.print(f"{report.failed} of {report.documents} documents failed")
        raise typer.Exit(1)
