"""Where the warehouse file is, and what every layer hears when another process holds it."""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "warehouse.duckdb"
DB_ENV = "BOLIGMONITOR_DB"


class WarehouseBusy(RuntimeError):
    """Another process held the warehouse for longer than we were willing to wait."""


def resolve_db_path(cli_value: str | os.PathLike | None = None) -> Path:
    """The warehouse path: `--db`, else $BOLIGMONITOR_DB, else data/warehouse.duckdb."""
    if cli_value:
        return Path(cli_value)
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV])
    return DEFAULT_DB
