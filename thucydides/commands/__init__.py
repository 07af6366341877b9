"""More CLI commands, one module per area, each registering on ``thucydides.cli.app``.

Every module in this package is imported when the CLI starts; a module adds its commands with
``@app.command()`` and reuses the shared helpers of ``thucydides.cli`` (``Format``,
``emit_rows``, ``open_store``, ``cli_settings``, ``progress_bar``, ``err``).
"""

from __future__ import annotations

import importlib
import pkgutil


def load_all() -> None:
    """Import every command module of this package (each registers its commands)."""
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        importlib.import_module(f"{__name__}.{mod.name}")
