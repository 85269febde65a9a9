"""Registry of personal-data exporters: each app registers what it holds about a person.

The profile's "download my data" joins every registered exporter into one JSON document, so apps further
down the dependency chain never need to be imported by the accounts app.
"""

from collections.abc import Callable
from typing import Any

Exporter = Callable[[Any], Any]
_exporters: dict[str, Exporter] = {}


def register_exporter(key: str, exporter: Exporter) -> None:
    """Register `exporter(user) -> JSON-serialisable data` under `key` (call from AppConfig.ready)."""
    _exporters[key] = exporter


def export_for(user) -> dict[str, Any]:
    return {key: exporter(user) for key, exporter in sorted(_exporters.items())}
