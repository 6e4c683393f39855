"""Where the warehouse file is, whether the demo is asked for, and what every layer hears when
another process holds the file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "warehouse.duckdb"
DB_ENV = "BOLIGMONITOR_DB"
# The demo setting: with it, the app builds the demo municipality into an empty warehouse on its
# first start (`make run` sets it, with a warehouse file of its own). Without it, an empty
# warehouse is a municipality's own, waiting to be set up.
DEMO_ENV = "BOLIGMONITOR_DEMO"
_YES = ("1", "true", "yes", "ja")


class WarehouseBusy(RuntimeError):
    """Another process held the warehouse for longer than we were willing to wait."""


def resolve_db_path(cli_value: str | os.PathLike | None = None) -> Path:
    """The warehouse path: `--db`, else $BOLIGMONITOR_DB, else data/warehouse.duckdb."""
    if cli_value:
        return Path(cli_value)
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV])
    return DEFAULT_DB


def demo_requested(environment: Mapping[str, str] = os.environ) -> bool:
    """Whether the demo setting asks for the demo municipality ($BOLIGMONITOR_DEMO=1)."""
    return environment.get(DEMO_ENV, "").strip().casefold() in _YES
