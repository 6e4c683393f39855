"""Site check: what a proposed location for new municipal dwellings does to its area."""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import polars as pl
import shapely

from core.settings import DEFAULT_GEO_SETTINGS, GeoSettings
from geo.assign import area_of_points, metric_points
from geo.concentration import assess_areas

RADII_METRES = (250, 500)


@dataclass(frozen=True)
class AreaState:
    """An area's figures at one moment (before or after the proposal)."""

    kommunale_boliger: int
    boliger_totalt: int | None
    andel: float | None  # percent
    lokasjonskvotient: float | None
    flagg_terskel: bool
    flagg_klynge: bool


@dataclass(frozen=True)
class SiteCheck:
    """The answer for a planner: the area, its state before and after, and what lies near."""

    grunnkrets: str | None  # None when the site lies outside every area
    navn: str | None
    before: AreaState | None
    after: AreaState | None
    within_250_m: int
    within_500_m: int
    without_coordinates: int  # municipal dwellings that could not be counted by distance


def check_site(
    lat: float,
    lon: float,
    new_municipal: int,
    *,
    areas: gpd.GeoDataFrame,
    concentration: pl.DataFrame,
    dwellings: pl.DataFrame,
    new_total: int | None = None,
    settings: GeoSettings = DEFAULT_GEO_SETTINGS,
) -> SiteCheck:
    """Check a proposed site (WGS84) for `new_municipal` new municipal dwellings.

    `concentration` is the month's table from `concentration_for_month` and `dwellings` the
    month's municipal dwellings (lat, lon). `new_total` is how many dwellings the project adds
    to the area's boliger_totalt; by default the new municipal dwellings are new buildings
    (new_total = new_municipal); pass 0 when the municipality buys existing dwellings. Flags
    after are worked out again for every area, as the municipality-wide share changes too.
    """
    if new_municipal < 0 or (new_total is not None and new_total < 0):
        raise ValueError("Antall nye boliger kan ikke være negativt.")
    site = metric_points(np.array([lat]), np.array([lon]))
    code = area_of_points(site, areas)[0]
    (within_250_m, within_500_m), without = _dwellings_within(site[0], dwellings)
    nearby = {
        "within_250_m": within_250_m,
        "within_500_m": within_500_m,
        "without_coordinates": without,
    }
    if code is None:
        return SiteCheck(grunnkrets=None, navn=None, before=None, after=None, **nearby)
    counts = concentration.select("grunnkrets", "kommunale_boliger", "boliger_totalt")
    added = new_municipal if new_total is None else new_total
    proposed = counts.with_columns(
        pl.when(pl.col("grunnkrets") == code)
        .then(pl.col("kommunale_boliger") + new_municipal)
        .otherwise(pl.col("kommunale_boliger"))
        .alias("kommunale_boliger"),
        pl.when(pl.col("grunnkrets") == code)
        .then(pl.col("boliger_totalt") + added)
        .otherwise(pl.col("boliger_totalt"))
        .alias("boliger_totalt"),
    )
    after = assess_areas(areas, proposed, settings)
    name = concentration.filter(pl.col("grunnkrets") == code)["navn"].first()
    return SiteCheck(
        grunnkrets=code,
        navn=name,
        before=_state(concentration, code),
        after=_state(after, code),
        **nearby,
    )


def _state(table: pl.DataFrame, code: str) -> AreaState:
    row = table.filter(pl.col("grunnkrets") == code).row(0, named=True)
    return AreaState(
        kommunale_boliger=row["kommunale_boliger"],
        boliger_totalt=row["boliger_totalt"],
        andel=row["andel"],
        lokasjonskvotient=row["lokasjonskvotient"],
        flagg_terskel=row["flagg_terskel"],
        flagg_klynge=row["flagg_klynge"],
    )


def _dwellings_within(site: shapely.Point, dwellings: pl.DataFrame) -> tuple[tuple[int, ...], int]:
    """How many dwellings lie within each radius of `site`, and how many have no coordinates."""
    lat = dwellings["lat"].cast(pl.Float64).fill_nan(None)
    lon = dwellings["lon"].cast(pl.Float64).fill_nan(None)
    located = (lat.is_not_null() & lon.is_not_null()).to_numpy()
    points = metric_points(lat.to_numpy()[located], lon.to_numpy()[located])
    distances = shapely.distance(site, points)
    return tuple(int((distances <= radius).sum()) for radius in RADII_METRES), int((~located).sum())
