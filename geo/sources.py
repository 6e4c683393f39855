"""The geo module's inputs read from the warehouse: what `cli.py` and the pages call.

Everything else in `geo/` takes frames; only this module knows where they come from.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import geopandas as gpd
import polars as pl

from geo.areas import areas_from_rows
from geo.service import assign_areas, concentration_for_month, write_concentration
from geo.settings import DEFAULT_SETTINGS, GeoSettings
from warehouse.queries import data_version, read_mart, read_month


class NoAreas(ValueError):
    """The warehouse has no areas yet, so nothing can be placed on a map."""


def warehouse_areas(db_path: Path) -> gpd.GeoDataFrame:
    """The active areas in EPSG:25832; raises NoAreas when none are loaded."""
    rows = read_mart(db_path, "omrader")
    if rows.is_empty():
        raise NoAreas("Det er ikke lastet inn noen områder (grunnkretser) ennå.")
    return areas_from_rows(rows)


def dwelling_placement(db_path: Path) -> pl.DataFrame:
    """Every month's dwellings placed in an area: maaned, bolig_id, grunnkrets.

    Placed by their coordinates in the warehouse's areas (geo.assign); without areas, a
    dwelling's own grunnkrets column places it.
    """
    dwellings = read_mart(db_path, "boliger", ["maaned", "bolig_id", "lat", "lon", "grunnkrets"])
    with contextlib.suppress(NoAreas):
        dwellings = assign_areas(dwellings, warehouse_areas(db_path))
    return dwellings.select("maaned", "bolig_id", "grunnkrets")


def month_concentration(
    db_path: Path, month: str, settings: GeoSettings = DEFAULT_SETTINGS
) -> pl.DataFrame:
    """Concentration and flags per area for a month, cached on the warehouse's data version."""
    return concentration_for_month(
        warehouse_areas(db_path),
        read_mart(db_path, "omradestatistikk"),
        read_month(db_path, "boliger", month),
        month,
        settings,
        cache_key=(str(db_path), data_version(db_path)),
    )


def export_concentration(db_path: Path, month: str, out: Path) -> Path:
    """`cli.py concentration`: the month's areas with share, LQ and flags as CSV or XLSX."""
    return write_concentration(month_concentration(db_path, month), out)
