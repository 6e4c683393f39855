"""The Forløp page's figures from the warehouse: transitions over a period and the leie-til-eie
funnel, read from the households' snapshots and computed by the pure functions
(indicators.transitions, indicators.funnel); suppressed for readers with `k` (the ordinary
threshold of Innstillinger) through indicators.table_suppression. The pathway indicators per
month (returns, the share still housed) are kept values: services.indicators reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from core.export import write_table
from indicators.funnel import (
    cohorts,
    funnel,
    months_to_purchase,
    reader_funnel,
    track_households,
)
from indicators.table_suppression import suppressed_table, with_totals
from indicators.transitions import compared_months, period_months, transitions
from services.indicators import with_situation_codes
from services.ingest import loaded_months
from warehouse.db import connect
from warehouse.queries import mart

TRANSITION_COLUMNS = ("maaned", "husstand_id", "situasjon")
TRACK_COLUMNS = ("maaned", "husstand_id", "situasjon", "leie_til_eie_fra", "startlan_dato")


@dataclass(frozen=True)
class Track:
    """The leie-til-eie funnel as of `end`: stages, months to purchase, cohorts by quarter;
    each with `prikket` when suppressed for a reader."""

    end: date
    stages: pl.DataFrame  # trinn, antall
    purchase_months: pl.DataFrame  # kjopt, median_maaneder
    cohorts: pl.DataFrame  # kvartal, status, antall, with the totals (kvartal or status null)


def _months(db_path: Path) -> list[date]:
    return [date.fromisoformat(f"{month}-01") for month in loaded_months(db_path)]


def _households(db_path: Path, columns: tuple[str, ...], where: duckdb.Expression) -> pl.LazyFrame:
    """The husstander mart's `columns`, of the rows `where` holds, `situasjon` as codes."""
    with connect(db_path) as con:
        rows = mart(con, "husstander", columns, where=where).pl()
    return with_situation_codes(rows.lazy())


def _from(month: date) -> duckdb.Expression:
    return duckdb.ColumnExpression("maaned") >= duckdb.ConstantExpression(month)


def transition_periods(db_path: Path) -> list[str]:
    """The quarters and years ('2025-Q3', '2025') whose transitions can be shown: the month
    before and the last month are loaded. Newest first, a year after its last quarter."""
    loaded = set(_months(db_path))
    keys = sorted(
        {f"{month.year}-Q{(month.month - 1) // 3 + 1}" for month in loaded}
        | {str(month.year) for month in loaded},
        key=lambda key: (period_months(key)[1], len(key)),
        reverse=True,
    )
    return [key for key in keys if compared_months(*period_months(key), loaded) is not None]


def period_transitions(db_path: Path, period: str, *, k: int | None = None) -> pl.DataFrame | None:
    """`source, target, count` between the start and end snapshots of `period` (a quarter or a
    year), with the totals (`table_suppression.with_totals`); None without the snapshots; with
    `k`, suppressed (`prikket`)."""
    compared = compared_months(*period_months(period), set(_months(db_path)))
    if compared is None:
        return None
    start, end = compared
    households = _households(db_path, TRANSITION_COLUMNS, _from(start))
    table = transitions(households, start, end).collect()
    if k is None:
        return with_totals(table, "source", "target", "count")
    return suppressed_table(table, row="source", column="target", value="count", k=k)


def leie_til_eie(db_path: Path, *, k: int | None = None) -> Track | None:
    """The funnel as of the latest loaded month (None without months); with `k`, as a reader
    may see it."""
    months = _months(db_path)
    if not months:
        return None
    end = max(months)
    # Only the rows the funnel reads: on the track, with a startlån, or from the end month on.
    needed = (
        duckdb.ColumnExpression("leie_til_eie_fra").isnotnull()
        | duckdb.ColumnExpression("startlan_dato").isnotnull()
        | _from(end)
    )
    track = track_households(_households(db_path, TRACK_COLUMNS, needed), end).collect().lazy()
    stages, bought, by_quarter = (
        funnel(track).collect(),
        months_to_purchase(track).collect(),
        cohorts(track).collect(),
    )
    if k is None:
        return Track(end, stages, bought, with_totals(by_quarter, "kvartal", "status", "antall"))
    table = suppressed_table(by_quarter, row="kvartal", column="status", value="antall", k=k)
    shown_stages, shown_bought = reader_funnel(stages, bought, table, k)
    return Track(end, shown_stages, shown_bought, table)


def export_transitions(db_path: Path, period: str, out: Path, *, k: int | None = None) -> bool:
    """`cli.py transitions`: the transitions of `period` with their totals to `out` (`.csv` or
    `.xlsx`), suppressed with `k` if given (a `prikket` column). False without the snapshots."""
    table = period_transitions(db_path, period, k=k)
    if table is None:
        return False
    write_table(table, out)
    return True
