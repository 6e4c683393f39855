"""Where the app reads from (the warehouse file, or on a replica a folder of published
snapshots), where a writer publishes to, whether the demo is asked for, and what every layer
hears when another process holds the file."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "warehouse.duckdb"
DB_ENV = "BOLIGMONITOR_DB"
# A replica reads the newest snapshot published in this folder, and never the warehouse file.
SOURCE_ENV = "BOLIGMONITOR_SOURCE"
# A writer publishes a snapshot into this folder after every change.
PUBLISH_ENV = "BOLIGMONITOR_PUBLISH"
# The demo setting: with it, the app builds the demo municipality into an empty warehouse on its
# first start (`make run` sets it, with a warehouse file of its own). Without it, an empty
# warehouse is a municipality's own, waiting to be set up.
DEMO_ENV = "BOLIGMONITOR_DEMO"
_YES = ("1", "true", "yes", "ja")


class WarehouseBusy(RuntimeError):
    """Another process held the warehouse for longer than we were willing to wait."""


class NothingPublished(WarehouseBusy):
    """A replica's folder holds no complete snapshot (yet)."""


def resolve_db_path(cli_value: str | os.PathLike | None = None) -> Path:
    """The warehouse path: `--db`, else $BOLIGMONITOR_DB, else data/warehouse.duckdb."""
    if cli_value:
        return Path(cli_value)
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV])
    return DEFAULT_DB


def published_source() -> Path | None:
    """The folder this process reads published snapshots from ($BOLIGMONITOR_SOURCE): set on a
    replica, None on the writer."""
    value = os.environ.get(SOURCE_ENV)
    return Path(value) if value else None


def publish_folder() -> Path | None:
    """The folder the writer publishes to after every change ($BOLIGMONITOR_PUBLISH), or None."""
    value = os.environ.get(PUBLISH_ENV)
    return Path(value) if value else None


def source_path() -> Path:
    """What this process reads: the replica's folder of snapshots, else the warehouse file."""
    return published_source() or resolve_db_path(None)


def is_published(path: str | os.PathLike) -> bool:
    """Whether `path` is a folder of published snapshots (a replica's source), not a warehouse
    file: a folder, or this replica's source before anything is published to it."""
    path = Path(path)
    return path.is_dir() or path == published_source()


def demo_requested(environment: Mapping[str, str] = os.environ) -> bool:
    """Whether the demo setting asks for the demo municipality ($BOLIGMONITOR_DEMO=1)."""
    return environment.get(DEMO_ENV, "").strip().casefold() in _YES
