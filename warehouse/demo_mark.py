"""Whether a warehouse holds the demo municipality, and marking it as the demo.

The mark is a row in `raw.demo_mark` (migration 010), written with its audit entry in one
transaction. A warehouse is empty while none of its raw tables holds a row: only then may the
demo be built into it.
"""

from __future__ import annotations

from pathlib import Path

from warehouse.audit import Actor, record
from warehouse.db import connect
from warehouse.loads import now_utc
from warehouse.schema import RAW_TABLES, raw_tables, schema_version

# One statement per raw table, names from the fixed list only.
_HAS_ROWS = {table: f"select exists (select 1 from raw.{table})" for table in RAW_TABLES}


def is_demo(db_path: Path) -> bool:
    """Whether the warehouse is marked as the demo municipality (False for no file yet)."""
    if not Path(db_path).exists():
        return False
    with connect(db_path) as con:
        return con.execute("select exists (select 1 from raw.demo_mark)").fetchone()[0]


def is_empty(db_path: Path) -> bool:
    """Whether no raw table holds a row: no load, setting, audit entry or mark."""
    if not Path(db_path).exists():
        return True
    with connect(db_path) as con:
        tables = raw_tables(schema_version(con))
        return not any(con.execute(_HAS_ROWS[table]).fetchone()[0] for table in tables)


def mark_demo(db_path: Path, *, actor: Actor) -> None:
    """Mark the warehouse as the demo municipality, with its audit entry."""
    with connect(db_path, write=True) as con:
        con.execute("begin transaction")
        con.execute("insert into raw.demo_mark values (?, ?)", [now_utc(), actor.name])
        record(con, actor, "demomerking", "datavarehuset er merket som demokommunen")
        con.execute("commit")
