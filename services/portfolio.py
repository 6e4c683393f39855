"""Boligmasse: the municipal portfolio from the warehouse (indicators.portfolio).

The portfolio indicators join the municipal indicators (`services.indicators`); this module
gives the Boligmasse page its breakdowns, the months whose files lacked a 1.1 column, and the
staff's list of leases ending, and `cli.py portfolio` its export.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from core.export import write_table
from core.snapshot_format import snapshot_date
from geo.analysis import assign_areas
from indicators.periods import Period, roll_up
from indicators.portfolio import (
    leases_ending,
    missing_columns,
    portfolio_by_type,
    portfolio_values,
    vacancy_by_ownership,
)
from services.geo import StoredGeo, stored_geo
from warehouse.db import connect
from warehouse.queries import read_month, select_mart

PORTFOLIO_COLUMNS = (
    "maaned",
    "bolig_id",
    "eierform",
    "boligtype",
    "status",
    "utleier_id",
    "leieavtale_til",
)


def select_portfolio_months(con: duckdb.DuckDBPyConnection) -> pl.LazyFrame:
    """Every portfolio indicator of every month (`indicators.portfolio.portfolio_values`)."""
    boliger = select_mart(con, "boliger", PORTFOLIO_COLUMNS)
    kolonner = select_mart(con, "boliger_kolonner")
    return portfolio_values(boliger.lazy(), kolonner.lazy())


@dataclass(frozen=True)
class PortfolioBreakdowns:
    """What the Boligmasse page shows besides the indicators, per period."""

    by_type: pl.DataFrame  # kommunale_boliger by eierform and boligtype (roll_up columns)
    vacancy: pl.DataFrame  # andel_ledige by eierform (roll_up columns)
    missing: pl.DataFrame  # maaned, mangler: the 1.1 columns each month's file lacked


def portfolio_breakdowns(db_path: Path, period: Period) -> PortfolioBreakdowns:
    """The portfolio by ownership form and dwelling type, and vacancy by ownership form."""
    with connect(db_path) as con:
        boliger = select_mart(con, "boliger", PORTFOLIO_COLUMNS).lazy()
        kolonner = select_mart(con, "boliger_kolonner").lazy()
    by_type, vacancy, missing = pl.collect_all(
        [
            roll_up(portfolio_by_type(boliger), period, by=("eierform", "boligtype")),
            roll_up(vacancy_by_ownership(boliger), period, by=("eierform",)),
            missing_columns(boliger, kolonner),
        ]
    )
    return PortfolioBreakdowns(by_type, vacancy, missing)


def lease_list(db_path: Path, month: str, stored: StoredGeo | None = None) -> pl.DataFrame:
    """The month's leases ending within 12 months, with the area each dwelling lies in:
    bolig_id, grunnkrets, leieavtale_til, innen_maaneder (staff only)."""
    dwellings = read_month(db_path, "boliger", month)
    areas = (stored or stored_geo(db_path)).areas
    placed = dwellings if areas is None else assign_areas(dwellings, areas)
    first_day = snapshot_date(month).replace(day=1)
    return leases_ending(placed.lazy(), first_day).collect()


def export_portfolio(db_path: Path, month: str, out: Path) -> Path:
    """`cli.py portfolio`: the month's leases ending, and its portfolio counts (.xlsx: a second
    sheet; .csv: the list only)."""
    first_day = snapshot_date(month).replace(day=1)
    with connect(db_path) as con:
        values = select_portfolio_months(con).filter(pl.col("maaned") == first_day).collect()
    counts = values.select("indikator", "maaned", "teller").sort("indikator")
    leases = lease_list(db_path, month)
    return write_table(leases, out, sheet="innleie_utloper", extra_sheets={"boligmasse": counts})
