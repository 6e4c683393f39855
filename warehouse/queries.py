"""Reading the marts: what indicators, geo and pages get from the warehouse."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from warehouse.db import connect

MARTS = ("boliger", "husstander", "omrader", "omradestatistikk", "mal", "maaneder", "loads")


def read_mart(db_path: Path, name: str, columns: Sequence[str] | None = None) -> pl.DataFrame:
    """One mart as a polars frame, optionally only some columns."""
    if name not in MARTS:
        raise ValueError(f"unknown mart: {name}")
    with connect(db_path) as con:
        selected = ", ".join(f'"{column}"' for column in columns) if columns else "*"
        return con.sql(f"select {selected} from marts.{name}").pl()


def data_version(db_path: Path) -> int:
    """A number that grows with every change to the data (load, replace, restore).

    0 when the warehouse does not exist yet. Caches key on it, so a new upload shows at once.
    """
    if not Path(db_path).exists():
        return 0
    with connect(db_path) as con:
        return con.execute("select coalesce(max(event_id), 0) from raw.load_events").fetchone()[0]


def read_month(db_path: Path, name: str, month: str) -> pl.DataFrame:
    """One month ('YYYY-MM') of a monthly mart (boliger, husstander)."""
    if name not in ("boliger", "husstander"):
        raise ValueError(f"not a monthly mart: {name}")
    with connect(db_path) as con:
        return con.sql(
            f"select * from marts.{name} where maaned = strptime(? || '-01', '%Y-%m-%d')::date",
            params=[month],
        ).pl()
