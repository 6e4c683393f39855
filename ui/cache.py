"""Streamlit's caching of the warehouse, keyed on its file and data version.

A cached reader is keyed on what the app reads (the warehouse file, or on a replica the folder
of published snapshots) and its data version (read at the gate of every script run: a `stat`
while nothing has changed), so an upload, a replacement, a restore or a settings change shows
on every page, in every session, without a restart; a replica shows a new publication the same
way. Between changes a rerun opens no connection and reads no file. Both ui.access
(the role mapping) and ui.data (every reader) build on this; neither imports the other.

The process serves one version at a time. When a newer one comes (an upload by `cli.py`, a
publication for a replica), it goes on serving the one before while a background thread computes
the new one's figures (app.py names the warm-up); then every session switches at its next run,
and nobody waits for the rebuild that follows a change. A session never goes back to an older
version, and a change made in this app is served to every session at once. A cache entry
always holds its own version's data: a replica reads each version from its own folder, and on
the writer a reader that finds the file moved on gives nothing (VersionMoved), and the run
starts again on the newest version.
"""

from __future__ import annotations

import functools
import logging
import threading
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import streamlit as st

from core.warehouse_file import published_source, source_path
from services import ingest, settings
from services.publication import version_folder
from ui import turns

R = TypeVar("R")
# Entries kept per cached reader: a few data versions of a few warehouse files.
MAX_ENTRIES = 16
_VERSION_KEY = "_data_version"
_log = logging.getLogger(__name__)

# What the warm-up thread reads: (path, data version) in place of a session's.
_PINNED: ContextVar[tuple[str, int] | None] = ContextVar("pinned_source", default=None)


@dataclass
class _Served:
    """The version the sessions see (where it is read, its number), and the newer one being
    warmed, if any."""

    read: Path
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


class VersionMoved(Exception):
    """The warehouse file moved on to a newer version before or while a reader of an older one
    read it: what it read belongs to no version, so it is not kept, and the run starts again
    on the newest version (app.py)."""


def warm_new_versions_with(warm_up: Callable[[], None]) -> None:
    """What the process computes for a new version before its sessions see it: `warm_up` calls
    the cached readers as the pages do (they read the version being warmed)."""
    _WARM_UP[:] = [warm_up]


def _read_path(source: Path, version: int) -> Path:
    """Where `version` is read: on a replica its own folder, on the writer the warehouse file."""
    return version_folder(source, version) if replica() else source


def _warm_then_serve(source: str, read: Path, version: int) -> None:
    """Compute `version`'s figures (into the caches), then serve it."""
    token = _PINNED.set((str(read), version))
    try:
        for warm_up in _WARM_UP:
            warm_up()
    except VersionMoved:  # a newer change came meanwhile: its own warm-up follows
        with _SERVED_LOCK:
            if _SERVED[source].warming == version:
                _SERVED[source].warming = None
        return
    except Exception:  # the pages will meet the same fault and say so; serve the version
        _log.exception("Forberedelsen av dataversjon %s feilet", version)
    finally:
        _PINNED.reset(token)
    turns.settle()
    with _SERVED_LOCK:
        served = _SERVED[source]
        if served.warming == version:  # not overtaken by a change made in this app meanwhile
            served.read, served.version, served.warming = read, version, None


def _serve_at_once(source: Path, read: Path, version: int) -> None:
    """Serve `version` to every session now: a change made in this app is seen everywhere at
    once (whoever made it expects to find it on any page, in any tab)."""
    with _SERVED_LOCK:
        _SERVED[str(source)] = _Served(read, version)


def served_version(source: Path, seen: tuple[Path, int] | None = None) -> tuple[Path, int]:
    """The version a session sees now, as (where it is read, its version), given the one it
    `seen` last: the first is served at once (there is nothing else to show), a new one once it
    is warm; but never one older than a session has seen, while the file holds that one or a
    newer (a restored backup may take the version back)."""
    newest = ingest.data_version(source)  # a `stat` while nothing has changed
    key = str(source)
    with _SERVED_LOCK:
        served = _SERVED.get(key)
        if served is None or served.version == 0 or not _WARM_UP:
            served = _SERVED[key] = _Served(_read_path(source, newest), newest)
        elif newest != served.version and served.warming is None:
            served.warming = newest
            threading.Thread(
                target=_warm_then_serve,
                args=(key, _read_path(source, newest), newest),
                name=f"warm-up-v{newest}",
                daemon=True,
            ).start()
        if seen is not None and served.version < seen[1] <= newest:
            return seen
        return served.read, served.version


def wait_until_served(timeout: float) -> bool:
    """Wait (at most `timeout` seconds) until no new version is being computed in the
    background; whether none is. For tests and benchmarks that measure a settled process."""
    deadline = time.monotonic() + timeout
    while True:
        with _SERVED_LOCK:
            if all(served.warming is None for served in _SERVED.values()):
                return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.05)


def refresh_data_version(*, newest: bool = False) -> int:
    """Read the data version and remember it for this script run.

    The gate calls this at the top of every run: it gives the version served (served_version),
    never one older than this session has seen. A run that found the file moved on
    (VersionMoved) asks for the `newest` for this session.
    Opening a DuckDB connection costs tens of milliseconds, so the readers of one run share one
    look (which is a `stat` while nothing has changed).
    """
    source = source_path()
    if newest:
        version = ingest.data_version(source)
        read = _read_path(source, version)
    else:
        seen = st.session_state.get(_VERSION_KEY)
        last = (Path(seen[1]), seen[2]) if seen and seen[0] == str(source) else None
        read, version = served_version(source, last)
    st.session_state[_VERSION_KEY] = (str(source), str(read), version)
    return version


def run_again_on_the_newest_version() -> None:
    """The warehouse changed under a reader of the version this run was served (VersionMoved):
    run the whole page again on the newest (computed now, for this session, if the background
    has not yet)."""
    refresh_data_version(newest=True)
    st.rerun(scope="app")


def changed_here() -> int:
    """After a change made in this app: every session is served the newest version at once
    (whoever made the change expects to find it on any page, in any tab); returns it."""
    source = source_path()
    version = ingest.data_version(source)
    _serve_at_once(source, _read_path(source, version), version)
    return refresh_data_version()


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


def _moved_on(db: str, version: int) -> bool:
    """Whether the warehouse file is no longer at `version` (a replica's folders never change)."""
    return not replica() and ingest.data_version(Path(db)) != version


def _of_its_version(reader: Callable[..., R]) -> Callable[..., R]:
    """`reader(db, version, *args)`, refusing to give what it read as `version` when the file
    was at another version before or after it read (VersionMoved): an entry of a cache always
    holds its own version's data, whichever version a session is served."""

    @functools.wraps(reader)
    def read(db: str, version: int, *args: object) -> R:
        if _moved_on(db, version):
            raise VersionMoved
        result = reader(db, version, *args)
        if _moved_on(db, version):
            raise VersionMoved
        return result

    return read


def versioned(reader: Callable[..., R]) -> Callable[..., R]:
    """Cache `reader(db, version, *args)` per warehouse file and data version; call it `(*args)`.

    `version` is in the reader's signature only so that it becomes part of the cache key.
    """
    cached = st.cache_data(_of_its_version(reader), show_spinner=False, max_entries=MAX_ENTRIES)

    @functools.wraps(reader)
    def read(*args: object) -> R:
        return cached(str(db_path()), data_version(), *args)

    return read


def versioned_resource(reader: Callable[..., R]) -> Callable[..., R]:
    """`versioned`, kept as the object itself (no copy per call): for what only the caller's
    process uses and nobody changes, such as geometry."""
    cached = st.cache_resource(_of_its_version(reader), show_spinner=False, max_entries=MAX_ENTRIES)

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
