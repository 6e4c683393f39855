"""Data quality per month: what staff check before they report (the Datakvalitet page).

The counts come from the `marts.kvalitet_*` views. Locating dwellings in the areas is geo's
work (`geo.assign.location_counts`); services put the two together (`quality_report`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from core.warehouse_file import is_published
from warehouse.db import connect
from warehouse.queries import select_mart
from warehouse.schema import init

# Husbanken asks municipalities to look twice at a change of more than 20 % in a month.
SWING_THRESHOLD = 0.20
# The location counts the page shows (geo.assign.location_counts).
LOCATION_COUNTS = ("boliger_uten_omrade", "boliger_utenfor", "boliger_uenig")


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
    threshold: float = SWING_THRESHOLD

    def latest(self) -> dict | None:
        """The newest month's row, None when no month is loaded."""
        return self.months.row(-1, named=True) if self.months.height else None

    def span(self) -> tuple[date, date] | None:
        """The first and the last month with a snapshot."""
        if not self.months.height:
            return None
        return self.months["maaned"].min(), self.months["maaned"].max()


_VIEWS = ("kvalitet_maaned", "kvalitet_manglende_maaneder", "kvalitet_svingninger", "omrader")


@dataclass(frozen=True)
class QualityViews:
    """What the data-quality report reads: the `kvalitet_*` views by name, the areas
    (marts.omrader) and, when there are areas, the places dwellings were reported at
    (marts.kvalitet_plasseringer: bolig_id, lat, lon, grunnkrets, maaneder)."""

    views: dict[str, pl.DataFrame]
    areas: pl.DataFrame
    places: pl.DataFrame | None


def read_quality_views(db_path: Path) -> QualityViews:
    """The views of the data-quality report, read in one connection."""
    if not is_published(db_path):  # a replica reads a snapshot, which has the views already
        init(db_path)
    with connect(db_path) as con:
        views = {name: select_mart(con, name) for name in _VIEWS}
        areas = views.pop("omrader")
        places = None if areas.is_empty() else select_mart(con, "kvalitet_plasseringer")
    return QualityViews(views, areas, places)


def swings(compared: pl.DataFrame, threshold: float = SWING_THRESHOLD) -> pl.DataFrame:
    """The rows of marts.kvalitet_svingninger worth a second look: past the threshold, or from 0."""
    return compared.filter(
        (pl.col("endring_andel").abs() > threshold)
        | ((pl.col("forrige") == 0) & (pl.col("verdi") > 0))
    )


def quality_report(
    read: QualityViews, located: pl.DataFrame | None, threshold: float = SWING_THRESHOLD
) -> QualityReport:
    """The data-quality report from its views and the location counts per month (`located`:
    maaned and LOCATION_COUNTS; None without areas)."""
    if located is None:
        located = pl.DataFrame(
            schema={"maaned": pl.Date} | dict.fromkeys(LOCATION_COUNTS, pl.Int64)
        )
    has_dwellings = pl.col("boliger").is_not_null() & pl.lit(not read.areas.is_empty())
    months = (
        read.views["kvalitet_maaned"]
        .join(located, on="maaned", how="left")
        .with_columns(
            pl.when(has_dwellings).then(pl.col(name).fill_null(0)) for name in LOCATION_COUNTS
        )
    )
    return QualityReport(
        months=months,
        missing=read.views["kvalitet_manglende_maaneder"],
        swings=swings(read.views["kvalitet_svingninger"], threshold),
        threshold=threshold,
    )
