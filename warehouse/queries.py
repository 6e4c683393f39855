"""Reading the marts: what indicators, geo and pages get from the warehouse."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import polars as pl

from core.snapshot_format import snapshot_date
from warehouse.db import WarehouseBusy, connect

# Every mart (warehouse/models/marts), the fixed list a mart's name must come from.
MARTS = (
    "boliger",
    "husstander",
    "omrader",
    "omradestatistikk",
    "mal",
    "maaneder",
    "loads",
    "month_sources",
    "kvalitet_maaned",
    "kvalitet_manglende_maaneder",
    "kvalitet_plasseringer",
    "kvalitet_svingninger",
    "boliger_kolonner",
    "husstander_kolonner",
    "boligprosjekter",
    "kostra",
    "levekar",
    "levekar_indikatorer",
    "brukerplan",
)
MONTHLY_MARTS = ("boliger", "husstander")


def mart(
    con: duckdb.DuckDBPyConnection,
    name: str,
    columns: Sequence[str] | None = None,
    where: duckdb.Expression | None = None,
) -> duckdb.DuckDBPyRelation:
    """A mart as a relation: optionally only the rows `where` holds, and only some columns.

    The name must be one of MARTS, and columns and conditions are expressions: nothing is ever
    spliced into SQL text.
    """
    if name not in MARTS:
        raise ValueError(f"unknown mart: {name}")
    relation = con.table("marts." + name)
    if where is not None:
        relation = relation.filter(where)
    if columns:
        relation = relation.select(*map(duckdb.ColumnExpression, columns))
    return relation


def read_mart(db_path: Path, name: str, columns: Sequence[str] | None = None) -> pl.DataFrame:
    """One mart as a polars frame, optionally only some columns."""
    with connect(db_path) as con:
        return select_mart(con, name, columns)


def select_mart(
    con: duckdb.DuckDBPyConnection, name: str, columns: Sequence[str] | None = None
) -> pl.DataFrame:
    """`read_mart` over an open connection: for a caller reading several things at once."""
    return mart(con, name, columns).pl()


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


# The version grows with every change a reader can see: each load, replacement and restore adds
# a load event, each settings change a settings row, and neither id ever falls.
VERSION_QUERY = (
    "select (select coalesce(max(event_id), 0) from raw.load_events)"
    " + (select coalesce(max(setting_id), 0) from raw.settings)"
)
# Per warehouse file: the file signature when the version was last read, and that version.
_VERSIONS: dict[Path, tuple[tuple, int]] = {}


def data_version(db_path: Path) -> int:
    """A number that grows with every change to the data (load, replace, restore, setting).

    0 when the warehouse does not exist yet. Caches key on it, so a new upload shows at once.
    Every committed change touches the file or its write-ahead log, so while neither has
    changed the version is known without opening DuckDB (which costs tens of milliseconds).
    While another process holds the file to write (an upload), the version known before is
    given at once: what it writes is nobody's to read until it lets go, and the app's readers
    of that version need no connection.
    """
    db_path = Path(db_path)
    if not db_path.exists():
        return 0
    signature = _file_signature(db_path)
    known = _VERSIONS.get(db_path)
    if known is not None and known[0] == signature:
        return known[1]
    try:
        with connect(db_path, wait_seconds=None if known is None else 0) as con:
            version = con.execute(VERSION_QUERY).fetchone()[0]
    except WarehouseBusy:
        if known is None:
            raise
        return known[1]
    _VERSIONS[db_path] = (signature, version)
    return version


def read_month(db_path: Path, name: str, month: str) -> pl.DataFrame:
    """One month ('YYYY-MM') of a monthly mart (boliger, husstander); ValueError (in Norwegian)
    for a month not written so."""
    if name not in MONTHLY_MARTS:
        raise ValueError(f"not a monthly mart: {name}")
    first_day = snapshot_date(month).replace(day=1)
    wanted = duckdb.ColumnExpression("maaned") == duckdb.ConstantExpression(first_day)
    with connect(db_path) as con:
        return mart(con, name, where=wanted).pl()
