"""The indicators from the warehouse: read the marts, run the pure functions, collect once.

This is what pages and `cli.py` call. Caching (keyed on `warehouse.queries.data_version`) belongs
to the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from indicators.breakdowns import area_values, target_group_values
from indicators.export import write_indicators
from indicators.monthly import month_values
from indicators.periods import Period
from indicators.suppression import Thresholds
from indicators.tables import breakdown_table, indicator_table
from warehouse.queries import read_mart

HOUSEHOLD_COLUMNS = (
    "maaned",
    "husstand_id",
    "situasjon",
    "bolig_id",
    "personer",
    "barn",
    "i_situasjon_fra",
    "soknadsdato",
    "flyktning",
    "under_25",
    "rus_psykisk",
    "funksjonsnedsettelse",
    "housing_first",
    "startlan_dato",
)
DEFAULT_PERIOD: Period = "month"
DWELLING_COLUMNS = ("maaned", "bolig_id", "rom", "areal_m2", "rullestol", "status")


@dataclass(frozen=True)
class Snapshots:
    """The marts the indicators read, as LazyFrames over frames read once."""

    husstander: pl.LazyFrame
    boliger: pl.LazyFrame
    omradestatistikk: pl.LazyFrame
    mal: pl.LazyFrame
    omrader: pl.LazyFrame


def read_snapshots(db_path: Path) -> Snapshots:
    """Read the columns the indicators need from the marts."""
    return Snapshots(
        husstander=read_mart(db_path, "husstander", HOUSEHOLD_COLUMNS).lazy(),
        boliger=read_mart(db_path, "boliger", DWELLING_COLUMNS).lazy(),
        omradestatistikk=read_mart(db_path, "omradestatistikk", ("aar", "innbyggere")).lazy(),
        mal=read_mart(db_path, "mal").lazy(),
        omrader=read_mart(db_path, "omrader", ("grunnkrets", "delomradenavn")).lazy(),
    )


def indicator_values(
    db_path: Path, period: Period, *, thresholds: Thresholds | None = None
) -> pl.DataFrame:
    """Every municipal indicator for every period (see `indicators.tables.indicator_table`)."""
    data = read_snapshots(db_path)
    months = month_values(data.husstander, data.boliger, data.omradestatistikk)
    return indicator_table(months, data.mal, period, thresholds=thresholds).collect()


def breakdown_values(
    db_path: Path,
    period: Period,
    bolig_omrade: pl.DataFrame,
    *,
    thresholds: Thresholds | None = None,
) -> pl.DataFrame:
    """The target-group and delområde cells for every period.

    `bolig_omrade` (maaned, bolig_id, grunnkrets) is the geo module's placement of dwellings.
    """
    data = read_snapshots(db_path)
    months = pl.concat(
        [
            target_group_values(data.husstander, data.boliger),
            area_values(data.husstander, data.boliger, bolig_omrade.lazy(), data.omrader),
        ]
    )
    return breakdown_table(months, period, thresholds=thresholds).collect()


def export_indicators(
    db_path: Path, out: Path, period: Period = DEFAULT_PERIOD, suppress: bool = False
) -> Path:
    """`cli.py indicators`: every indicator for every period of the warehouse, to `out`."""
    thresholds = Thresholds() if suppress else None
    frame = indicator_values(db_path, period, thresholds=thresholds)
    return write_indicators(frame, out, suppress=suppress)
