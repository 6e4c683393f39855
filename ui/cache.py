"""Streamlit's caching of the warehouse, keyed on its file and data version.

A cached reader is keyed on what the app reads (the warehouse file, or on a replica the folder
of published snapshots) and its data version (read at the gate of every script run: a `stat`
while nothing has changed), so an upload, a replacement, a restore or a settings change shows
on every page at once, in every session, without a restart; a replica shows a new publication
the same way. Between changes a rerun opens no connection and reads no file. Both ui.access
(the role mapping) and ui.data (every reader) build on this; neither imports the other.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import streamlit as st

from core.warehouse_file import published_source, source_path
from services import ingest, settings

R = TypeVar("R")
# Entries kept per cached reader: a few data versions of a few warehouse files.
MAX_ENTRIES = 16
_VERSION_KEY = "_data_version"


def db_path() -> Path:
    """What the app reads: on a replica the folder of published snapshots
    ($BOLIGMONITOR_SOURCE), else the warehouse file ($BOLIGMONITOR_DB, else
    data/warehouse.duckdb)."""
    return source_path()


def replica() -> bool:
    """Whether this process serves published data only (no uploads, no settings)."""
    return published_source() is not None


@st.cache_resource(show_spinner=False)
def _prepared(db: str) -> bool:
    ingest.prepare_warehouse(Path(db))
    return True


def prepare_warehouse() -> Path:
    """Create or upgrade the warehouse file once per process (new views, migrations), keep the
    month values that new indicator code has not stored yet, and publish it if asked; nothing
    on a replica, which never opens the warehouse file."""
    db = db_path()
    if not replica():
        _prepared(str(db))
    return db


def refresh_data_version() -> int:
    """Read the data version and remember it for this script run.

    The gate calls this at the top of every run, and writers after they write: opening a DuckDB
    connection costs tens of milliseconds, so the readers of one run share one look (which is
    a `stat` while nothing has changed).
    """
    version = ingest.data_version(db_path())
    st.session_state[_VERSION_KEY] = (str(db_path()), version)
    return version


def data_version() -> int:
    """The data version of this run (0 while the warehouse is empty)."""
    remembered = st.session_state.get(_VERSION_KEY)
    if remembered and remembered[0] == str(db_path()):
        return remembered[1]
    return refresh_data_version()


def versioned(reader: Callable[..., R]) -> Callable[..., R]:
    """Cache `reader(db, version, *args)` per warehouse file and data version; call it `(*args)`.

    `version` is in the reader's signature only so that it becomes part of the cache key.
    """
    cached = st.cache_data(reader, show_spinner=False, max_entries=MAX_ENTRIES)

    @functools.wraps(reader)
    def read(*args: object) -> R:
        return cached(str(db_path()), data_version(), *args)

    return read


def versioned_resource(reader: Callable[..., R]) -> Callable[..., R]:
    """`versioned`, kept as the object itself (no copy per call): for what only the caller's
    process uses and nobody changes, such as geometry."""
    cached = st.cache_resource(reader, show_spinner=False, max_entries=MAX_ENTRIES)

    @functools.wraps(reader)
    def read(*args: object) -> R:
        return cached(str(db_path()), data_version(), *args)

    return read


@st.cache_data(show_spinner=False, max_entries=MAX_ENTRIES)
def _settings(db: str, published: int) -> dict[str, object]:
    return settings.read_settings(Path(db))


def app_settings() -> dict[str, object]:
    """The settings in force (services.settings), cached until an admin changes one; on a
    replica, per published version (they come with the snapshot)."""
    return _settings(str(db_path()), data_version() if replica() else 0)


def forget_settings() -> None:
    """Drop the cached settings after a change, so every session reads the new ones."""
    _settings.clear()
