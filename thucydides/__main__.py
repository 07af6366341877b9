"""``python -m thucydides`` runs the CLI."""

from .cli import main

main()
