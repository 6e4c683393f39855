"""Storing loads and switching which load is active: the only code that writes snapshot rows."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import polars as pl

from warehouse.schema import append_rows

SNAPSHOT_TABLES = ("boliger", "husstander")
REFERENCE_TABLES = (
    "omrader",
    "omradestatistikk",
    "mal",
    "boligprosjekter",
    "levekar",
    "levekar_indikatorer",
    "brukerplan",
    "kostra",
)


@dataclass(frozen=True)
class ActiveLoad:
    """The load currently in force for a month (or reference table)."""

    load_id: int
    table_name: str
    sha256: str
    file_name: str
    row_count: int = 0


def now_utc() -> datetime:
    """The current time in UTC without a zone, as the warehouse stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def active_loads(con: duckdb.DuckDBPyConnection, month: str | None) -> dict[str, ActiveLoad]:
    """The active load of each table for `month` (None: the reference tables)."""
    rows = con.execute(
        """
        select a.table_name, a.load_id, l.sha256, l.file_name, l.row_count
        from staging.active_loads a join raw.loads l using (load_id)
        where a.month is not distinct from ?
        """,
        [month],
    ).fetchall()
    return {
        table: ActiveLoad(load_id, table, sha, name, count)
        for table, load_id, sha, name, count in rows
    }


def store_load(
    con: duckdb.DuckDBPyConnection,
    *,
    month: str | None,
    table_name: str,
    rows: pl.DataFrame,
    file_name: str,
    sha256: str,
    loaded_by: str,
    action: str,
    carried: Sequence[str] = (),
) -> int:
    """Append `rows` to raw.<table_name> as a new load and make it active. Returns the load id.

    The caller owns the transaction, so that a month's tables land together or not at all.
    `rows` holds exactly the raw table's columns (without load_id), in any order; `carried`
    names the columns the file had (a snapshot's optional columns are told apart by it).
    """
    load_id = con.execute("select nextval('raw.load_id_seq')").fetchone()[0]
    at = now_utc()
    con.execute(
        "insert into raw.loads values (?, ?, ?, ?, ?, ?, ?, ?)",
        [load_id, month, table_name, file_name, sha256, rows.height, at, loaded_by],
    )
    append_rows(con, table_name, rows.with_columns(pl.lit(load_id, pl.Int32).alias("load_id")))
    if carried:
        columns = pl.DataFrame(
            {"load_id": [load_id] * len(carried), "kolonne": list(carried)},
            schema={"load_id": pl.Int32, "kolonne": pl.String},
        )
        append_rows(con, "load_columns", columns)
    record_event(con, action=action, load_id=load_id, actor=loaded_by, at=at)
    return load_id


def record_event(
    con: duckdb.DuckDBPyConnection,
    *,
    action: str,
    load_id: int,
    actor: str,
    at: datetime | None = None,
) -> None:
    """Append an activation event: the newest one per month and table decides what is active."""
    con.execute(
        "insert into raw.load_events values (nextval('raw.event_id_seq'), ?, ?, ?, ?)",
        [at or now_utc(), action, load_id, actor],
    )


def dangling_households(con: duckdb.DuckDBPyConnection, month: str) -> int:
    """Households renting a dwelling that the month's active dwelling table lacks."""
    return con.execute(
        """
        select count(*) from marts.husstander h
        where strftime(h.maaned, '%Y-%m') = $month and h.situasjon = 'kommunal_bolig'
          and h.bolig_id not in (
              select bolig_id from marts.boliger where strftime(maaned, '%Y-%m') = $month
          )
        """,
        {"month": month},
    ).fetchone()[0]
