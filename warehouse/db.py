"""Opening the DuckDB warehouse file: where it is, and waiting politely for the write lock."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "warehouse.duckdb"
DB_ENV = "BOLIGMONITOR_DB"
LOCK_WAIT_ENV = "BOLIGMONITOR_LOCK_WAIT"
DEFAULT_LOCK_WAIT_SECONDS = 30.0

# Extensions that DuckDB would fetch from the internet fail offline; never let it try.
_OFFLINE_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


class WarehouseBusy(RuntimeError):
    """Another process held the warehouse for longer than we were willing to wait."""


def resolve_db_path(cli_value: str | os.PathLike | None = None) -> Path:
    """The warehouse path: `--db`, else $BOLIGMONITOR_DB, else data/warehouse.duckdb."""
    if cli_value:
        return Path(cli_value)
    if os.environ.get(DB_ENV):
        return Path(os.environ[DB_ENV])
    return DEFAULT_DB


def lock_wait_seconds() -> float:
    """How long a connection waits for another process's lock ($BOLIGMONITOR_LOCK_WAIT)."""
    return float(os.environ.get(LOCK_WAIT_ENV, DEFAULT_LOCK_WAIT_SECONDS))


def _is_lock_conflict(error: duckdb.Error) -> bool:
    """Another process holds the file, or this process has it open in the other mode."""
    text = str(error).lower()
    other_process = "lock" in text and ("conflicting" in text or "could not set" in text)
    other_mode = "different configuration" in text
    return other_process or other_mode


@contextmanager
def connect(
    db_path: Path, *, write: bool = False, wait_seconds: float | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection; waits (bounded) while another process holds the file.

    DuckDB lets one process write, or several read, at a time. Every caller opens, works and
    closes quickly, so the app and a scheduled `cli.py ingest` take turns instead of failing.
    """
    wait = lock_wait_seconds() if wait_seconds is None else wait_seconds
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(db_path), read_only=not write, config=_OFFLINE_CONFIG)
            break
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
    try:
        con.execute("set enable_progress_bar = false")  # long queries would draw on our stdout
        yield con
    finally:
        con.close()
