"""Opening the DuckDB warehouse file: waiting politely for the write lock, and counting reads.

On a replica the same `connect` opens the newest published snapshot instead (an in-memory
DuckDB over its Parquet files, warehouse.publish), so every reader reads either one unchanged.

`counting_queries()` lets a test (or a benchmark) see every connection opened and every table
read or statement run through `connect` while it is active, from any thread: the Kart page's
reads are held to a count that way.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from core.roles import WriteRefused
from core.warehouse_file import NothingPublished, WarehouseBusy, is_published

LOCK_WAIT_ENV = "BOLIGMONITOR_LOCK_WAIT"
DEFAULT_LOCK_WAIT_SECONDS = 30.0

# Extensions that DuckDB would fetch from the internet fail offline; never let it try.
OFFLINE_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


@dataclass
class QueryLog:
    """What went through `connect` while counting: connections opened, and per read or
    statement its text: `marts.omrader`, `marts.boliger where (maaned = ...)`, or the SQL."""

    connections: int = 0
    queries: list[str] = field(default_factory=list)

    def reads_of(self, table: str) -> list[str]:
        """The reads of `table` (`marts.omrader`), whole or filtered."""
        return [query for query in self.queries if query.split(" where ")[0] == table]


_logs: list[QueryLog] = []
_logs_lock = threading.Lock()


@contextmanager
def counting_queries() -> Iterator[QueryLog]:
    """Count what goes through `connect` until the block ends (every thread)."""
    log = QueryLog()
    with _logs_lock:
        _logs.append(log)
    try:
        yield log
    finally:
        with _logs_lock:
            _logs.remove(log)


def _note(text: str) -> None:
    with _logs_lock:
        for log in _logs:
            log.queries.append(text)


class _CountedRelation:
    """A table read through a counted connection: a filter is noted on its read."""

    def __init__(self, relation: duckdb.DuckDBPyRelation, name: str) -> None:
        self._relation = relation
        self._name = name

    def filter(self, condition: object) -> duckdb.DuckDBPyRelation:
        _note(f"{self._name} where {condition}")
        return self._relation.filter(condition)

    def __getattr__(self, attribute: str) -> object:
        if attribute in ("select", "pl", "df", "arrow", "fetchall", "to_arrow_reader"):
            _note(self._name)
        return getattr(self._relation, attribute)


class _CountedConnection:
    """A DuckDB connection that notes every table it reads and every statement it runs."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def table(self, name: str) -> _CountedRelation:
        return _CountedRelation(self._con.table(name), name)

    def sql(self, query: str, *args: object, **kwargs: object) -> duckdb.DuckDBPyRelation:
        _note(query)
        return self._con.sql(query, *args, **kwargs)

    def execute(self, query: str, *args: object, **kwargs: object) -> duckdb.DuckDBPyConnection:
        _note(query)
        return self._con.execute(query, *args, **kwargs)

    def __getattr__(self, attribute: str) -> object:
        return getattr(self._con, attribute)


def lock_wait_seconds() -> float:
    """How long a connection waits for another process's lock ($BOLIGMONITOR_LOCK_WAIT)."""
    return float(os.environ.get(LOCK_WAIT_ENV, DEFAULT_LOCK_WAIT_SECONDS))


def _is_lock_conflict(error: duckdb.Error) -> bool:
    """Another process holds the file, or this process has it open in the other mode."""
    text = str(error).lower()
    other_process = "lock" in text and ("conflicting" in text or "could not set" in text)
    other_mode = "different configuration" in text
    return other_process or other_mode


def _open_file(db_path: Path, write: bool, wait_seconds: float | None) -> duckdb.DuckDBPyConnection:
    """The warehouse file, opened as soon as no other process holds it (bounded)."""
    wait = lock_wait_seconds() if wait_seconds is None else wait_seconds
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(db_path), read_only=not write, config=OFFLINE_CONFIG)
        except duckdb.Error as error:
            if not _is_lock_conflict(error):
                raise
            if time.monotonic() >= deadline:
                seconds = f"{wait:g}".replace(".", ",")
                raise WarehouseBusy(
                    f"Datavarehuset ({db_path.name}) er i bruk av en annen prosess "
                    f"(for eksempel en innlasting). Ventet {seconds} sekunder; prøv igjen om litt."
                ) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def _open_published(folder: Path, *, write: bool) -> duckdb.DuckDBPyConnection:
    """A replica's data, read-only: the snapshot `folder` is (a version a replica serves), or
    the newest complete one in a replica's folder (warehouse.publish)."""
    if write:
        raise WriteRefused("Ingenting er lagret: denne instansen leser publiserte data.")
    from warehouse import publish  # publish reads the warehouse through this module

    if publish.is_version_folder(folder):
        return publish.open_snapshot(folder)
    snapshot = publish.newest_snapshot(folder)
    if snapshot is None:
        raise NothingPublished(f"Ingen data er publisert ennå i {folder.name}.")
    return publish.open_snapshot(snapshot.folder)


@contextmanager
def connect(
    db_path: Path, *, write: bool = False, wait_seconds: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection; waits (bounded) while another process holds the file.

    DuckDB lets one process write, or several read, at a time. Every caller opens, works and
    closes quickly, so the app and a scheduled `cli.py ingest` take turns instead of failing.
    A folder of published snapshots (a replica's source) is read from its newest snapshot and
    never written (WriteRefused).
    """
    if is_published(db_path):
        con = _open_published(Path(db_path), write=write)
    else:
        con = _open_file(Path(db_path), write, wait_seconds)
    try:
        con.execute("set enable_progress_bar = false")  # long queries would draw on our stdout
        if _logs:
            with _logs_lock:
                for log in _logs:
                    log.connections += 1
            yield _CountedConnection(con)
        else:
            yield con
    finally:
        con.close()
