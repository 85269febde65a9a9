"""Registry of personal-data exporters: each app registers what it holds about a person.

The profile's "download my data" joins every registered exporter into one JSON document, so apps further
down the dependency chain never need to be imported by the accounts app.
"""

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any], Any]
Anonymiser = Callable[[Any], None]
_exporters: dict[str, Exporter] = {}
_anonymisers: dict[str, Anonymiser] = {}


def register_exporter(key: str, exporter: Exporter) -> None:
    """Register `exporter(user) -> JSON-serialisable data` under `key` (call from AppConfig.ready)."""
    _exporters[key] = exporter


def export_for(user) -> dict[str, Any]:
    return {key: exporter(user) for key, exporter in sorted(_exporters.items())}


def register_anonymiser(key: str, anonymiser: Anonymiser) -> None:
    """Register `anonymiser(user)`, run before `user` is deleted (call from AppConfig.ready): it detaches the
    person from data that must outlive the account (clears foreign keys, blanks names and addresses)."""
    _anonymisers[key] = anonymiser


def anonymise(user) -> None:
    """Run every registered anonymiser for `user`, in key order (inside the deletion's transaction)."""
    for _key, anonymiser in sorted(_anonymisers.items()):
        anonymiser(user)
