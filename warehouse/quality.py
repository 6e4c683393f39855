"""Data quality per month: what staff check before they report (the Datakvalitet page).

The counts come from the `marts.kvalitet_*` views; locating dwellings in the areas is geo's
work, done once per distinct place a dwelling has been reported at.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from geo.areas import areas_from_rows
from geo.assign import locate_dwellings
from warehouse.db import connect
from warehouse.queries import select_mart
from warehouse.schema import init

# Husbanken asks municipalities to look twice at a change of more than 20 % in a month.
SWING_THRESHOLD = 0.20
# The location counts the page shows, from geo.assign.locate_dwellings's columns.
LOCATION_COUNTS = {
    "boliger_uten_omrade": pl.col("grunnkrets").is_null(),
    "boliger_utenfor": pl.col("utenfor"),
    "boliger_uenig": pl.col("uenig"),
}


@dataclass(frozen=True)
class QualityReport:
    """Everything the data-quality page shows.

    `months`: one row per month with a snapshot (marts.kvalitet_maaned's columns plus the
    location counts, which are null when no areas are loaded). `missing`: months between the
    first and the last without one or both tables. `swings`: counts that changed by more than
    the threshold since the previous calendar month, or grew from 0.
    """

    months: pl.DataFrame
    missing: pl.DataFrame
    swings: pl.DataFrame

    def latest(self) -> dict | None:
        """The newest month's row, None when no month is loaded."""
        return self.months.row(-1, named=True) if self.months.height else None

    def span(self) -> tuple[date, date] | None:
        """The first and the last month with a snapshot."""
        if not self.months.height:
            return None
        return self.months["maaned"].min(), self.months["maaned"].max()


_VIEWS = ("kvalitet_maaned", "kvalitet_manglende_maaneder", "kvalitet_svingninger", "omrader")


def location_counts(places: pl.DataFrame, areas: pl.DataFrame) -> pl.DataFrame:
    """Per month: dwellings without an area, outside every area, and disagreeing with grunnkrets.

    `places` is marts.kvalitet_plasseringer (bolig_id, lat, lon, grunnkrets, maaneder);
    `areas` is marts.omrader. Months without such dwellings are left out.
    """
    located = locate_dwellings(places, areas_from_rows(areas))
    flags = located.select(**LOCATION_COUNTS)
    return (
        pl.concat([places.select("maaneder"), flags], how="horizontal")
        .filter(pl.any_horizontal(*LOCATION_COUNTS))
        .explode("maaneder")
        .group_by(maaned="maaneder")
        .agg(pl.col(name).sum().cast(pl.Int64) for name in LOCATION_COUNTS)
    )


def swings(compared: pl.DataFrame, threshold: float = SWING_THRESHOLD) -> pl.DataFrame:
    """The rows of marts.kvalitet_svingninger worth a second look: past the threshold, or from 0."""
    return compared.filter(
        (pl.col("endring_andel").abs() > threshold)
        | ((pl.col("forrige") == 0) & (pl.col("verdi") > 0))
    )


def quality_report(db_path: Path, threshold: float = SWING_THRESHOLD) -> QualityReport:
    """The data-quality report for every month in the warehouse."""
    init(db_path)
    with connect(db_path) as con:
        views = {name: select_mart(con, name) for name in _VIEWS}
        areas = views["omrader"]
        places = None if areas.is_empty() else select_mart(con, "kvalitet_plasseringer")
    if places is None:
        found = pl.DataFrame(schema={"maaned": pl.Date} | dict.fromkeys(LOCATION_COUNTS, pl.Int64))
    else:
        found = location_counts(places, areas)
    months = views["kvalitet_maaned"]
    has_dwellings = pl.col("boliger").is_not_null() & pl.lit(not areas.is_empty())
    months = months.join(found, on="maaned", how="left").with_columns(
        pl.when(has_dwellings).then(pl.col(name).fill_null(0)) for name in LOCATION_COUNTS
    )
    return QualityReport(
        months=months,
        missing=views["kvalitet_manglende_maaneder"],
        swings=swings(views["kvalitet_svingninger"], threshold),
    )
