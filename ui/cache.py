"""Streamlit's caching of the warehouse, keyed on its file and data version.

A cached reader is keyed on what the app reads (the warehouse file, or on a replica the folder
of published snapshots) and its data version (read at the gate of every script run: a `stat`
while nothing has changed), so an upload, a replacement, a restore or a settings change shows
on every page at once, in every session, without a restart; a replica shows a new publication
the same way. Between changes a rerun opens no connection and reads no file. Both ui.access
(the role mapping) and ui.data (every reader) build on this; neither imports the other.

A replica serves one published version at a time, and reads that version's own folder, so a
cache entry and what it was computed from always agree. When a newer version is published, the
replica goes on serving the one before while a background thread computes the new one's figures
(app.py names the warm-up); then every session switches at its next run, and nobody waits for
the rebuild that follows a publication.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import streamlit as st

from core.warehouse_file import published_source, source_path
from services import ingest, settings
from services.publication import version_folder

R = TypeVar("R")
# Entries kept per cached reader: a few data versions of a few warehouse files.
MAX_ENTRIES = 16
_VERSION_KEY = "_data_version"
_log = logging.getLogger(__name__)

# What the warm-up thread reads: (path, data version) in place of a session's.
_PINNED: ContextVar[tuple[str, int] | None] = ContextVar("pinned_source", default=None)


@dataclass
class _Served:
    """The version a replica's sessions see, and the newer one being warmed, if any."""

    folder: Path
    version: int
    warming: int | None = None


_SERVED: dict[str, _Served] = {}
_SERVED_LOCK = threading.Lock()
_WARM_UP: list[Callable[[], None]] = []


def db_path() -> Path:
    """What this run's readers read: the warehouse file ($BOLIGMONITOR_DB, else
    data/warehouse.duckdb), or on a replica the folder of the published version it serves."""
    return Path(_this_run()[0])


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
    db = source_path()
    if not replica():
        _prepared(str(db))
    return db


def warm_new_versions_with(warm_up: Callable[[], None]) -> None:
    """What a replica computes for a new version before its sessions see it: `warm_up` calls
    the cached readers as the pages do (they read the version being warmed)."""
    _WARM_UP[:] = [warm_up]


def _warm_then_serve(source: str, folder: Path, version: int) -> None:
    """Compute `version`'s figures (into the caches), then serve it."""
    token = _PINNED.set((str(folder), version))
    try:
        for warm_up in _WARM_UP:
            warm_up()
    except Exception:  # the pages will meet the same fault and say so; serve the version
        _log.exception("Forberedelsen av publisert versjon %s feilet", version)
    finally:
        _PINNED.reset(token)
    with _SERVED_LOCK:
        served = _SERVED[source]
        if version > served.version:
            served.folder, served.version = folder, version
        served.warming = None


def served_version(source: Path) -> tuple[Path, int]:
    """The published version a replica's session sees now, as (its folder, its version).

    The first one is served at once (there is nothing else to show); a newer one once it is warm.
    """
    newest = ingest.data_version(source)  # a `stat` while nothing new is published
    key = str(source)
    with _SERVED_LOCK:
        served = _SERVED.get(key)
        if served is None or served.version == 0 or not _WARM_UP:
            served = _SERVED[key] = _Served(version_folder(source, newest), newest)
        elif newest > served.version and served.warming is None:
            served.warming = newest
            threading.Thread(
                target=_warm_then_serve,
                args=(key, version_folder(source, newest), newest),
                name=f"warm-up-v{newest}",
                daemon=True,
            ).start()
        return served.folder, served.version


def refresh_data_version() -> int:
    """Read the data version and remember it for this script run.

    The gate calls this at the top of every run, and writers after they write: opening a DuckDB
    connection costs tens of milliseconds, so the readers of one run share one look (which is
    a `stat` while nothing has changed).
    """
    source = source_path()
    if replica():
        read, version = served_version(source)
    else:
        read, version = source, ingest.data_version(source)
    st.session_state[_VERSION_KEY] = (str(source), str(read), version)
    return version


def _this_run() -> tuple[str, int]:
    """(what the readers read, its data version) for this run, or for the warm-up thread."""
    pinned = _PINNED.get()
    if pinned is not None:
        return pinned
    remembered = st.session_state.get(_VERSION_KEY)
    if not remembered or remembered[0] != str(source_path()):
        refresh_data_version()
        remembered = st.session_state[_VERSION_KEY]
    return remembered[1], remembered[2]


def data_version() -> int:
    """The data version of this run (0 while the warehouse is empty)."""
    return _this_run()[1]


def for_this_run(produce: Callable[[], R]) -> Callable[[], R]:
    """`produce`, to be called later on a thread of Streamlit's (a file made when its download
    button is clicked), reading what this run reads."""
    pinned = _this_run()

    def produced() -> R:
        token = _PINNED.set(pinned)
        try:
            return produce()
        finally:
            _PINNED.reset(token)

    return produced


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
