"""Reading the marts: what indicators, geo and pages get from the warehouse."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import polars as pl

from warehouse.db import connect

MARTS = ("boliger", "husstander", "omrader", "omradestatistikk", "mal", "maaneder", "loads")


def read_mart(db_path: Path, name: str, columns: Sequence[str] | None = None) -> pl.DataFrame:
    """One mart as a polars frame, optionally only some columns."""
    with connect(db_path) as con:
        return select_mart(con, name, columns)


def select_mart(
    con: duckdb.DuckDBPyConnection, name: str, columns: Sequence[str] | None = None
) -> pl.DataFrame:
    """`read_mart` over an open connection: for a caller reading several things at once."""
    if name not in MARTS:
        raise ValueError(f"unknown mart: {name}")
    selected = ", ".join(f'"{column}"' for column in columns) if columns else "*"
    return con.sql(f"select {selected} from marts.{name}").pl()


def _file_signature(db_path: Path) -> tuple:
    """Size and modification time of the warehouse file and its write-ahead log."""
    signature = []
    for path in (db_path, db_path.with_name(db_path.name + ".wal")):
        try:
            stat = path.stat()
            signature.append((stat.st_size, stat.st_mtime_ns))
        except FileNotFoundError:
            signature.append(None)
    return tuple(signature)


_VERSION_QUERY = "select coalesce(max(event_id), 0) from raw.load_events"
# Per warehouse file: the file signature when the version was last read, and that version.
_VERSIONS: dict[Path, tuple[tuple, int]] = {}


def data_version(db_path: Path) -> int:
    """A number that grows with every change to the data (load, replace, restore, setting).

    0 when the warehouse does not exist yet. Caches key on it, so a new upload shows at once.
    Every committed change touches the file or its write-ahead log, so while neither has
    changed the version is known without opening DuckDB (which costs tens of milliseconds).
    """
    db_path = Path(db_path)
    if not db_path.exists():
        return 0
    signature = _file_signature(db_path)
    known = _VERSIONS.get(db_path)
    if known is not None and known[0] == signature:
        return known[1]
    with connect(db_path) as con:
        version = con.execute(_VERSION_QUERY).fetchone()[0]
    _VERSIONS[db_path] = (signature, version)
    return version


def read_month(db_path: Path, name: str, month: str) -> pl.DataFrame:
    """One month ('YYYY-MM') of a monthly mart (boliger, husstander)."""
    if name not in ("boliger", "husstander"):
        raise ValueError(f"not a monthly mart: {name}")
    with connect(db_path) as con:
        return con.sql(
            f"select * from marts.{name} where maaned = strptime(? || '-01', '%Y-%m-%d')::date",
            params=[month],
        ).pl()
