"""The exceptions thucydides raises.

::

    ThucydidesError            root: catch this to catch everything we raise
    ├── ConfigError            a setting or settings file is invalid
    ├── IngestError            a document could not be read (missing, binary, empty, bad JSON, ...)
    ├── ModelError             the spaCy model cannot be loaded
    ├── DataError              a shipped or user data file is malformed
    └── StorageError           the DuckDB store cannot be opened or written

A bad document is data, not a crash: readers turn an ``IngestError`` into an article with
``error`` set, record it, and keep going.
"""

from __future__ import annotations


class ThucydidesError(Exception):
    """Root of every error thucydides raises."""


class ConfigError(ThucydidesError):
    """A setting is invalid; the message names it and what would be valid."""


class IngestError(ThucydidesError):
    """A document could not be read; the message names where (file, line)."""


class ModelError(ThucydidesError):
    """The spaCy model could not be loaded."""


class DataError(ThucydidesError):
    """A data file (shipped or the user's) is malformed."""


class StorageError(ThucydidesError):
    """The store could not be opened, migrated or written."""
