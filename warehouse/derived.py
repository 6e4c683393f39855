"""Month values derived from the snapshots, kept in `derived.month_values` by the loads they used.

A month's municipal indicator values depend only on H(m), H(m−1) and D(m). Those are loads,
and loads never change, so values computed once stay right for as long as the same loads are
active (`marts.month_sources`) and the same code computes them (the fingerprint). Reading every
month then costs one small query; a month whose key has nothing stored (just loaded, replaced,
restored, or new code) is computed on the spot from its snapshots. `store_month_values` keeps
those: it runs after every load, replace and restore.

The warehouse does not know what the values are: `MonthDerivation` brings the pure function.

Household pathways follow households over more months than one: a month's values read the
husstander loads of a window of months before it (`WindowDerivation`), and are kept in
`derived.pathway_values` by a key the derivation makes from those loads, for the municipality
and each breakdown group (`gruppe`); `derived.pathway_months` lists the months kept, since a
month may have no values at all. The same rules hold: stored where the key matches, computed
(from the windows of the missing months only) where not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from warehouse.db import connect
from warehouse.queries import mart

KEY = ("maaned", "husstander_load", "previous_husstander_load", "boliger_load")
VALUE_COLUMNS = ("indikator", "maaned", "teller", "nevner", "verdi")


@dataclass(frozen=True)
class MonthDerivation:
    """A pure function of snapshots, what it reads of them, and the fingerprint of its code.

    `compute(husstander, boliger)` returns `indikator, maaned, teller, nevner, verdi`; a month's
    rows must depend only on H(m), H(m−1) and D(m).
    """

    fingerprint: str
    household_columns: tuple[str, ...]
    dwelling_columns: tuple[str, ...]
    compute: Callable[[pl.LazyFrame, pl.LazyFrame], pl.LazyFrame]


# Every month's key with its stored rows for this code; a month without any has nulls there.
_KEYS_WITH_STORED = """
select sources.*, stored.indikator, stored.teller, stored.nevner, stored.verdi
from marts.month_sources as sources
left join derived.month_values as stored
    on stored.fingerprint = $fingerprint
    and stored.maaned = sources.maaned
    and stored.husstander_load is not distinct from sources.husstander_load
    and stored.previous_husstander_load is not distinct from sources.previous_husstander_load
    and stored.boliger_load is not distinct from sources.boliger_load
"""


_TO_KEEP = "values_to_keep"  # the name computed values have while they are inserted
# The one statement per table of derived values that keeps rows: names from this fixed list.
_KEEP = {
    table: f"insert into derived.{table} by name select * from {_TO_KEEP}"
    for table in ("month_values", "pathway_values", "pathway_months")
}


def _keep(
    con: duckdb.DuckDBPyConnection, table: str, values: pl.DataFrame, fingerprint: str
) -> None:
    """Insert computed `values` into derived.<table> (a table of `_KEEP`) under `fingerprint`."""
    con.register(_TO_KEEP, values.with_columns(pl.lit(fingerprint).alias("fingerprint")))
    try:
        con.execute(_KEEP[table])
    finally:
        con.unregister(_TO_KEEP)


def _loads_of(missing: pl.DataFrame, *columns: str) -> list[int]:
    """The distinct load ids in `columns` of the missing months' keys."""
    ids = pl.concat([missing.get_column(column) for column in columns]).drop_nulls().unique()
    return ids.sort().to_list()


def _rows_of_loads(
    con: duckdb.DuckDBPyConnection, name: str, columns: tuple[str, ...], load_ids: list[int]
) -> pl.LazyFrame:
    """The rows of a monthly mart that belong to `load_ids` (active loads, so one per month)."""
    of_loads = duckdb.FunctionExpression(
        "list_contains", duckdb.ConstantExpression(load_ids), duckdb.ColumnExpression("load_id")
    )
    return mart(con, name, columns, where=of_loads).pl().lazy()


def _computed(
    con: duckdb.DuckDBPyConnection, derivation: MonthDerivation, missing: pl.DataFrame
) -> pl.DataFrame:
    """The values of the `missing` months, computed from their snapshots, with their keys."""
    households = _rows_of_loads(
        con,
        "husstander",
        derivation.household_columns,
        _loads_of(missing, "husstander_load", "previous_husstander_load"),
    )
    dwellings = _rows_of_loads(
        con, "boliger", derivation.dwelling_columns, _loads_of(missing, "boliger_load")
    )
    # The month before is read for its flows only: its own rows would lack its month before.
    values = derivation.compute(households, dwellings).join(
        missing.lazy(), on="maaned", how="inner"
    )
    return values.select(*KEY, "indikator", "teller", "nevner", "verdi").collect()


def _stored_and_missing(
    con: duckdb.DuckDBPyConnection, derivation: MonthDerivation
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The stored values for the months' current keys, and the keys with nothing stored."""
    rows = con.sql(_KEYS_WITH_STORED, params={"fingerprint": derivation.fingerprint}).pl()
    stored = rows.filter(pl.col("indikator").is_not_null()).select(VALUE_COLUMNS)
    missing = rows.filter(pl.col("indikator").is_null()).select(KEY)
    return stored, missing


def select_month_values(
    con: duckdb.DuckDBPyConnection, derivation: MonthDerivation
) -> pl.DataFrame:
    """Every month's values: stored where the key matches, computed (not stored) where not."""
    stored, missing = _stored_and_missing(con, derivation)
    if missing.is_empty():
        return stored
    return pl.concat([stored, _computed(con, derivation, missing).select(VALUE_COLUMNS)])


def store_month_values(
    db_path: Path, derivation: MonthDerivation, *, wait_seconds: float | None = None
) -> list[str]:
    """Compute and keep the months with nothing stored; forget other code's values.

    Returns the months computed ('YYYY-MM'). One transaction: the keys, the snapshots read and
    the rows written all belong to the same state of the warehouse. `wait_seconds` bounds the
    wait for another process's lock (see `warehouse.db.connect`).
    """
    with connect(db_path, write=True, wait_seconds=wait_seconds) as con:
        con.execute("begin transaction")
        con.execute(
            "delete from derived.month_values where fingerprint <> $fingerprint",
            {"fingerprint": derivation.fingerprint},
        )
        _, missing = _stored_and_missing(con, derivation)
        if not missing.is_empty():
            _keep(con, "month_values", _computed(con, derivation, missing), derivation.fingerprint)
        con.execute("commit")
    return sorted(missing.get_column("maaned").dt.strftime("%Y-%m").to_list())


WINDOW_KEY = ("maaned", "husstander_loads")
WINDOW_VALUE_COLUMNS = ("indikator", "maaned", "gruppe", "teller", "nevner", "verdi")
_WINDOW_KEYS = "window_keys"  # the name the months' keys have while they are joined


@dataclass(frozen=True)
class WindowDerivation:
    """A pure function of each month's households and those of the months before it.

    `keys(sources)` turns the months' husstander loads (`maaned`, `load_id`) into each month's
    key (`maaned`, `husstander_loads`: the loads of its window); `compute(husstander)` returns
    WINDOW_VALUE_COLUMNS (`gruppe` null for the whole municipality), and a month's rows must
    depend only on H(m − source_months + 1) … H(m).
    """

    fingerprint: str
    household_columns: tuple[str, ...]
    source_months: int
    keys: Callable[[pl.LazyFrame], pl.LazyFrame]
    compute: Callable[[pl.LazyFrame], pl.LazyFrame]


# Every month's key with its stored rows for this code; a month without any has nulls there.
_WINDOW_KEPT = """
select keys.maaned, keys.husstander_loads, kept.maaned is not null as kept
from window_keys as keys
left join derived.pathway_months as kept
    on kept.fingerprint = $fingerprint
    and kept.maaned = keys.maaned
    and kept.husstander_loads = keys.husstander_loads
"""
# The kept values of the months' current keys (a month may have none: it is kept all the same).
_WINDOW_STORED = """
select stored.indikator, stored.maaned, stored.gruppe, stored.teller, stored.nevner, stored.verdi
from derived.pathway_values as stored
join window_keys as keys
    on stored.maaned = keys.maaned and stored.husstander_loads = keys.husstander_loads
where stored.fingerprint = $fingerprint
"""
# Months and values of other code (as `store_month_values`, the values of earlier loads stay:
# a restore finds them): one statement per table, names from this fixed list.
_WINDOW_STALE = [
    f"delete from derived.{table} where fingerprint <> $fingerprint"
    for table in ("pathway_months", "pathway_values")
]


@contextmanager
def _window_keys(
    con: duckdb.DuckDBPyConnection, derivation: WindowDerivation, loads: pl.DataFrame
) -> Iterator[None]:
    """The months' current keys, registered as `window_keys` while the block runs."""
    con.register(_WINDOW_KEYS, derivation.keys(loads.lazy()).collect())
    try:
        yield
    finally:
        con.unregister(_WINDOW_KEYS)


def _household_loads(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Each month's active husstander load: `maaned`, `load_id`."""
    sources = mart(con, "month_sources", ("maaned", "husstander_load")).pl()
    return sources.rename({"husstander_load": "load_id"}).drop_nulls("load_id")


def _window_stored_and_missing(
    con: duckdb.DuckDBPyConnection, derivation: WindowDerivation
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The kept values for the months' current keys (registered by `_window_keys`), and the
    keys of the months not kept."""
    parameters = {"fingerprint": derivation.fingerprint}
    keys = con.sql(_WINDOW_KEPT, params=parameters).pl()
    stored = con.sql(_WINDOW_STORED, params=parameters).pl()
    return stored, keys.filter(~pl.col("kept")).select(WINDOW_KEY)


def _window_computed(
    con: duckdb.DuckDBPyConnection,
    derivation: WindowDerivation,
    loads: pl.DataFrame,
    missing: pl.DataFrame,
) -> pl.DataFrame:
    """The values of the `missing` months (with their keys), computed from the snapshots of
    their windows only."""
    window = missing.select(
        pl.date_ranges(
            pl.col("maaned").dt.offset_by(f"-{derivation.source_months - 1}mo"),
            pl.col("maaned"),
            interval="1mo",
        ).alias("maaned")
    ).explode("maaned")
    load_ids = loads.join(window.unique(), on="maaned", how="semi").get_column("load_id")
    households = _rows_of_loads(
        con, "husstander", derivation.household_columns, load_ids.sort().to_list()
    )
    values = derivation.compute(households).join(missing.lazy(), on="maaned", how="inner")
    return values.select(*WINDOW_KEY, "indikator", "gruppe", "teller", "nevner", "verdi").collect()


def select_window_values(
    con: duckdb.DuckDBPyConnection, derivation: WindowDerivation
) -> pl.DataFrame:
    """Every month's values: stored where the key matches, computed (not stored) where not."""
    loads = _household_loads(con)
    with _window_keys(con, derivation, loads):
        stored, missing = _window_stored_and_missing(con, derivation)
    if missing.is_empty():
        return stored
    computed = _window_computed(con, derivation, loads, missing)
    return pl.concat([stored, computed.select(WINDOW_VALUE_COLUMNS)])


def store_window_values(
    db_path: Path, derivation: WindowDerivation, *, wait_seconds: float | None = None
) -> list[str]:
    """Compute and keep the months with nothing stored; forget other code's values. Returns the
    months computed ('YYYY-MM'); one transaction, as in `store_month_values`."""
    with connect(db_path, write=True, wait_seconds=wait_seconds) as con:
        con.execute("begin transaction")
        loads = _household_loads(con)
        with _window_keys(con, derivation, loads):
            for statement in _WINDOW_STALE:
                con.execute(statement, {"fingerprint": derivation.fingerprint})
            _, missing = _window_stored_and_missing(con, derivation)
        if not missing.is_empty():
            values = _window_computed(con, derivation, loads, missing)
            _keep(con, "pathway_values", values, derivation.fingerprint)
            _keep(con, "pathway_months", missing, derivation.fingerprint)
        con.execute("commit")
    return sorted(missing.get_column("maaned").dt.strftime("%Y-%m").to_list())
