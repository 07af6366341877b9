"""Settings: defaults, then the user's config file, then environment, then CLI overrides.

Validated in one place so a bad value fails early with a message naming it. The config file
is TOML (``~/.config/thucydides/config.toml`` or the path in ``THUCYDIDES_CONFIG``)::

    model = "en_core_web_sm"        # spaCy pipeline name or path ("auto" picks one installed)
    db = "/data/events.duckdb"      # the DuckDB store
    actors_file = "my_actors.jsonl" # extra or overriding actors and dated roles
    n_process = 2                   # worker processes for coding
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir, user_data_dir

from .errors import ConfigError

ENV_PREFIX = "THUCYDIDES_"


def default_db_path() -> Path:
    """The store's default path, under the user's data directory."""
    return Path(user_data_dir("thucydides")) / "thucydides.duckdb"


@dataclass(frozen=True)
class Settings:
    """Every tunable of a run."""

    model: str = "auto"
    db: Path = default_db_path()
    actors_file: Path | None = None
    n_process: int = 1
    batch_size: int = 32
    # Longer article texts are cut to this before NLP (ingest reports how many): spaCy's parser
    # needs memory in proportion to a text's length and refuses texts over 1,000,000 characters.
    max_chars: int = 100_000

    def with_overrides(self, **overrides: Any) -> Settings:
        """A copy with the given (non-None) fields replaced and validated."""
        clean = {k: v for k, v in overrides.items() if v is not None}
        return _validate(replace(self, **_coerce(clean)))


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    known = {f.name: f for f in fields(Settings)}
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"unknown setting {key!r}; known settings: {', '.join(sorted(known))}")
        if key in ("db", "actors_file"):
            out[key] = Path(os.path.expanduser(str(value)))
        elif key in ("n_process", "batch_size", "max_chars"):
            try:
                out[key] = int(value)
            except (TypeError, ValueError):
                raise ConfigError(f"setting {key!r} must be an integer, got {value!r}") from None
        else:
            out[key] = str(value)
    return out


def _validate(s: Settings) -> Settings:
    if s.n_process < 1:
        raise ConfigError(f"n_process must be at least 1, got {s.n_process}")
    if s.batch_size < 1:
        raise ConfigError(f"batch_size must be at least 1, got {s.batch_size}")
    if not 1_000 <= s.max_chars <= 1_000_000:
        raise ConfigError(f"max_chars must be between 1000 and 1000000 (spaCy's limit), got {s.max_chars}")
    if s.actors_file is not None and not s.actors_file.is_file():
        raise ConfigError(f"actors_file {str(s.actors_file)!r} does not exist")
    return s


def config_path() -> Path:
    """Where the user's config file is looked for."""
    env = os.environ.get(ENV_PREFIX + "CONFIG")
    return Path(env) if env else Path(user_config_dir("thucydides")) / "config.toml"


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build the settings of a run: defaults < config file < environment < ``overrides``."""
    values: dict[str, Any] = {}
    path = config_file or config_path()
    if path.is_file():
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"config file {str(path)!r} is not valid TOML: {exc}") from None
    elif config_file is not None:
        raise ConfigError(f"config file {str(config_file)!r} does not exist")
    for f in fields(Settings):
        env = os.environ.get(ENV_PREFIX + f.name.upper())
        if env:
            values[f.name] = env
    values.update({k: v for k, v in overrides.items() if v is not None})
    return _validate(replace(Settings(), **_coerce(values)))
