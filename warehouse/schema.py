"""Creating and upgrading the warehouse: numbered migrations, then the staging and mart views."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from warehouse.db import connect

if TYPE_CHECKING:
    import polars as pl
    import pyarrow.dataset as ds

_HERE = Path(__file__).resolve().parent
MIGRATIONS = _HERE / "migrations"
MODELS = _HERE / "models"
# Views that others select from come first; the rest follow in name order.
_FIRST = {"staging": ["active_loads"], "marts": []}
# Every raw table, in creation order (a table before those that refer to it), with the migration
# that created it: the fixed list that backups are written from and checked against.
RAW_TABLES = {
    "loads": 1,
    "load_events": 1,
    "boliger": 1,
    "husstander": 1,
    "omrader": 1,
    "omradestatistikk": 1,
    "mal": 1,
    "settings": 2,
    "audit_log": 2,
    "load_columns": 5,
    "boligprosjekter": 6,
    "levekar": 8,
    "levekar_indikatorer": 8,
    "brukerplan": 8,
    "kostra": 9,
    "demo_mark": 10,
}


def migrations() -> list[tuple[int, Path]]:
    """The migration files as (number, path), in order."""
    found = [(int(path.name.split("_", 1)[0]), path) for path in MIGRATIONS.glob("[0-9]*.sql")]
    return sorted(found)


_INCOMING = "incoming_rows"  # the name rows have while they are appended
# The one statement per raw table that appends rows: table names from the fixed list only.
_APPEND = {
    table: f"insert into raw.{table} by name select * from {_INCOMING}" for table in RAW_TABLES
}


def raw_tables(version: int) -> tuple[str, ...]:
    """The raw tables a warehouse at schema `version` has, in creation order."""
    return tuple(name for name, since in RAW_TABLES.items() if since <= version)


def append_rows(
    con: duckdb.DuckDBPyConnection, table: str, rows: pl.DataFrame | ds.Dataset
) -> None:
    """Append `rows` (columns matched by name) to raw.<table>, a table of RAW_TABLES, in the
    caller's transaction."""
    con.register(_INCOMING, rows)
    try:
        con.execute(_APPEND[table])
    finally:
        con.unregister(_INCOMING)


def _model_files(layer: str) -> list[Path]:
    files = {path.stem: path for path in (MODELS / layer).glob("*.sql")}
    first = [files.pop(name) for name in _FIRST[layer]]
    return first + [files[name] for name in sorted(files)]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The number of the last migration applied (0 for an empty file)."""
    exists = con.execute(
        "select count(*) from duckdb_tables() where schema_name = 'main' "
        "and table_name = 'schema_migrations'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("select coalesce(max(version), 0) from main.schema_migrations").fetchone()[0]


def upgrade(con: duckdb.DuckDBPyConnection, up_to: int | None = None) -> list[int]:
    """Apply the migrations not yet applied (up to `up_to`) and the views; returns what was applied.

    With `up_to` the views are left alone: the file is being rebuilt at an older schema.
    """
    applied = []
    con.execute(
        "create table if not exists main.schema_migrations "
        "(version integer primary key, applied_at timestamp default current_timestamp)"
    )
    # Each migration not yet applied, also one numbered below the newest applied: numbers are
    # handed out per change, and a lower one may land after a higher one.
    done = {row[0] for row in con.execute("select version from main.schema_migrations").fetchall()}
    for number, path in migrations():
        if number in done:
            continue
        if up_to is not None and number > up_to:
            break
        con.execute("begin transaction")
        con.execute(path.read_text(encoding="utf-8"))
        con.execute("insert into main.schema_migrations (version) values (?)", [number])
        con.execute("commit")
        applied.append(number)
    if up_to is None and (applied or not _views_exist(con)):
        _create_views(con)
    return applied


def _views_exist(con: duckdb.DuckDBPyConnection) -> bool:
    expected = {(layer, path.stem) for layer in _FIRST for path in _model_files(layer)}
    present = set(
        con.execute(
            "select schema_name, view_name from duckdb_views() where not internal"
        ).fetchall()
    )
    return expected <= present


def _view_statement(layer: str, model: Path) -> str:
    """`create or replace view <layer>.<model> as <its select>`, from this package's own files.

    The layer comes from `_FIRST` and the name and text from a model file shipped with the code:
    nothing from outside reaches this SQL.
    """
    select = model.read_text(encoding="utf-8")
    return "create or replace view " + layer + "." + model.stem + " as " + select


def _create_views(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("begin transaction")
    for layer in _FIRST:
        for path in _model_files(layer):
            con.execute(_view_statement(layer, path))
    con.execute("commit")


def init(db_path: Path) -> list[int]:
    """Create the warehouse file if needed and bring it to the newest schema."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    with connect(db_path, write=True) as con:
        return upgrade(con)
