"""The static HTML report: ``write_report(store, out_dir)`` writes ``index.html`` and ``assets/``.

``data.collect`` gathers what the report shows into plain dataclasses; ``render.write_html``
turns them into a page whose charts are inline SVG, so it opens offline with no request made.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .data import ReportData, collect
from .render import write_html

if TYPE_CHECKING:
    from ..store.duck import Store


def write_report(store: Store, out_dir: str | Path, title: str = "thucydides report") -> Path:
    """Collect the report's data from ``store`` and write it under ``out_dir``; return ``index.html``."""
    return write_html(collect(store, title=title), out_dir)


__all__ = ["ReportData", "collect", "write_html", "write_report"]
