"""``thucydides evaluate``: score the coder on a PLOVER gold-standard file."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from ..cli import Format, app, cli_settings, emit_rows, fail
from ..errors import ThucydidesError


@app.command()
def evaluate(gold: Annotated[Path, typer.Option("--gold", help="Gold file (JSONL, PLOVER GSR format).")],
             fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.table,
             model: Annotated[str | None, typer.Option("--model", help="spaCy model.")] = None) -> None:
    """Score the coder on gold sentences: per-type P/R/F1, a confusion table, full-event scores.

    Example: [bold]thucydides evaluate --gold plover_gsr_dev.jsonl[/bold]
    """
    from ..evaluate import evaluate_file

    settings = cli_settings(None, model=model)
    try:
        s = evaluate_file(gold, settings).summary()
    except (ThucydidesError, OSError) as exc:
        raise fail(exc) from None
    if fmt in (Format.json, Format.jsonl):
        sys.stdout.write(json.dumps(s, ensure_ascii=False) + "\n")
        return
    per = [{"type": t, **v} for t, v in s["per_type"].items()]
    emit_rows(per, fmt, "per-type scores")
    if fmt == Format.table:
        types = sorted({t for row in s["confusion"].values() for t in row})
        conf = [{"gold": g, **{t: row.get(t, 0) for t in types}} for g, row in s["confusion"].items()]
        emit_rows(conf, fmt, "confusion (gold type x predicted types)")
    summary = {k: v for k, v in s.items() if k not in ("per_type", "confusion")}
    emit_rows([summary], fmt, "overall")
