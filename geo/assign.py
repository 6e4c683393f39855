"""Assigning dwellings to areas: point in polygon from lat/lon, else the grunnkrets column."""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import numpy as np
import polars as pl
import shapely
from pyproj import Transformer

from geo.areas import METRIC_CRS


@cache
def _to_metric() -> Transformer:
    return Transformer.from_crs("EPSG:4326", METRIC_CRS, always_xy=True)


def metric_points(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """WGS84 lat/lon as shapely points in EPSG:25832 (None where a coordinate is missing)."""
    lat = np.asarray(lat, dtype="float64")
    lon = np.asarray(lon, dtype="float64")
    x, y = _to_metric().transform(lon, lat)
    points = shapely.points(x, y)
    points[~(np.isfinite(x) & np.isfinite(y))] = None
    return points


def area_of_points(points: np.ndarray, areas: gpd.GeoDataFrame) -> np.ndarray:
    """The grunnkrets each point lies in (None outside every area or with no point).

    A point on a shared border goes to the lower grunnkrets code, so the answer never depends
    on the order of the areas.
    """
    if areas.crs is not None and areas.crs != METRIC_CRS:
        areas = areas.to_crs(METRIC_CRS)
    codes = areas["grunnkrets"].to_numpy(dtype=object)
    found = np.full(len(points), None, dtype=object)
    if len(points) == 0 or len(codes) == 0:
        return found
    point_index, area_index = areas.sindex.query(points, predicate="intersects")
    order = np.lexsort((codes[area_index].astype(str), point_index))
    point_index, area_index = point_index[order], area_index[order]
    first = np.unique(point_index, return_index=True)[1]
    found[point_index[first]] = codes[area_index[first]]
    return found


def locate_dwellings(dwellings: pl.DataFrame, areas: gpd.GeoDataFrame) -> pl.DataFrame:
    """Each dwelling's area, where it came from, and what the data-quality page should show.

    In: bolig_id, lat, lon (WGS84), grunnkrets. Out, in the same order: bolig_id,
    grunnkrets_fra_koordinater (null without coordinates or outside every area), grunnkrets
    (from coordinates, else the grunnkrets column when it names a known area, else null),
    kilde ("koordinater" | "grunnkrets" | null), utenfor (has coordinates but lies outside every
    area), uenig (coordinates and grunnkrets column name different areas).
    """
    lat = dwellings["lat"].cast(pl.Float64).fill_nan(None)
    lon = dwellings["lon"].cast(pl.Float64).fill_nan(None)
    has_coordinates = (lat.is_not_null() & lon.is_not_null()).to_numpy()
    points = np.full(len(dwellings), None, dtype=object)
    if has_coordinates.any():
        points[has_coordinates] = metric_points(
            lat.to_numpy()[has_coordinates], lon.to_numpy()[has_coordinates]
        )
    from_coordinates = pl.Series(
        "grunnkrets_fra_koordinater", area_of_points(points, areas).tolist(), dtype=pl.String
    )
    known = pl.Series(areas["grunnkrets"].to_list(), dtype=pl.String)
    stated = dwellings["grunnkrets"].cast(pl.String)
    return pl.DataFrame(
        {
            "bolig_id": dwellings["bolig_id"],
            "grunnkrets_fra_koordinater": from_coordinates,
            "stated": stated,
            "has_coordinates": has_coordinates,
        }
    ).select(
        "bolig_id",
        "grunnkrets_fra_koordinater",
        pl.coalesce(
            "grunnkrets_fra_koordinater",
            pl.when(pl.col("stated").is_in(known.implode())).then("stated"),
        ).alias("grunnkrets"),
        pl.when(pl.col("grunnkrets_fra_koordinater").is_not_null())
        .then(pl.lit("koordinater"))
        .when(pl.col("stated").is_in(known.implode()))
        .then(pl.lit("grunnkrets"))
        .alias("kilde"),
        (pl.col("has_coordinates") & pl.col("grunnkrets_fra_koordinater").is_null()).alias(
            "utenfor"
        ),
        (pl.col("grunnkrets_fra_koordinater") != pl.col("stated")).fill_null(False).alias("uenig"),
    )


# The location counts of the data-quality page, from `locate_dwellings`'s columns.
LOCATION_FLAGS = {
    "boliger_uten_omrade": pl.col("grunnkrets").is_null(),
    "boliger_utenfor": pl.col("utenfor"),
    "boliger_uenig": pl.col("uenig"),
}


def location_counts(places: pl.DataFrame, areas: gpd.GeoDataFrame) -> pl.DataFrame:
    """Per month: dwellings without an area, outside every area, and disagreeing with grunnkrets.

    `places`: bolig_id, lat, lon, grunnkrets and maaneder (the months each place was reported
    in), so each distinct place is located once. Months without such dwellings are left out.
    """
    flags = locate_dwellings(places, areas).select(**LOCATION_FLAGS)
    return (
        pl.concat([places.select("maaneder"), flags], how="horizontal")
        .filter(pl.any_horizontal(*LOCATION_FLAGS))
        .explode("maaneder")
        .group_by(maaned="maaneder")
        .agg(pl.col(name).sum().cast(pl.Int64) for name in LOCATION_FLAGS)
    )
