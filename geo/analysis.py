"""Concentration for a month and segregation over time, from the marts as frames.

The caller reads the warehouse (services.geo): areas from `areas_from_rows`, area_stats =
marts.omradestatistikk, dwellings = marts.boliger.
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import numpy as np
import polars as pl
import shapely

from core.settings import DEFAULT_GEO_SETTINGS, GeoSettings
from geo.assign import locate_dwellings
from geo.concentration import ASSESSMENT_COLUMNS, assess_areas, cluster_test
from geo.segregation import segregation_by_month

# The columns of `cli.py concentration` (design.md), in this order.
EXPORT_COLUMNS = [
    "grunnkrets",
    "navn",
    "kommunale_boliger",
    "boliger_totalt",
    "andel",
    "lokasjonskvotient",
    "flagg_terskel",
    "flagg_klynge",
]


def month_of(dwellings: pl.DataFrame, month: str) -> pl.DataFrame:
    """The dwellings of month 'YYYY-MM' (maaned is the month's first day)."""
    return dwellings.filter(pl.col("maaned").dt.strftime("%Y-%m") == month)


def assign_areas(dwellings: pl.DataFrame, areas: gpd.GeoDataFrame) -> pl.DataFrame:
    """`dwellings` with grunnkrets replaced by the assigned area (null when none).

    Each distinct (lat, lon, grunnkrets) is located once, so ten years of monthly snapshots of
    the same dwellings cost little more than one month.
    """
    places = dwellings.select(
        pl.col("lat", "lon").cast(pl.Float64).fill_nan(None), pl.col("grunnkrets").cast(pl.String)
    )
    distinct = places.unique().with_row_index("bolig_id")
    located = locate_dwellings(distinct, areas).select(
        "bolig_id", pl.col("grunnkrets").alias("omrade")
    )
    lookup = distinct.join(located, on="bolig_id").drop("bolig_id")
    assigned = places.join(
        lookup, on=["lat", "lon", "grunnkrets"], how="left", nulls_equal=True, maintain_order="left"
    )
    return dwellings.with_columns(grunnkrets=assigned["omrade"])


def area_counts(
    areas: gpd.GeoDataFrame, area_stats: pl.DataFrame, dwellings: pl.DataFrame
) -> pl.DataFrame:
    """Per month and area: kommunale_boliger (0 when none) and boliger_totalt.

    boliger_totalt is the area's figure for the latest year ≤ the month's year (null without
    one). Every area appears in every month of `dwellings`; dwellings in no area are not counted.
    """
    return placed_counts(areas, area_stats, assign_areas(dwellings, areas))


def placed_counts(
    areas: gpd.GeoDataFrame, area_stats: pl.DataFrame, placed: pl.DataFrame
) -> pl.DataFrame:
    """`area_counts` of dwellings already placed in the areas (`assign_areas`)."""
    counted = (
        placed.filter(pl.col("grunnkrets").is_not_null())
        .group_by("maaned", "grunnkrets")
        .agg(pl.len().cast(pl.Int64).alias("kommunale_boliger"))
    )
    stock = area_stats.select(
        pl.col("grunnkrets").cast(pl.String),
        pl.col("aar").cast(pl.Int32),
        pl.col("boliger_totalt").cast(pl.Int64),
    ).sort("aar")
    return (
        placed.select(pl.col("maaned").unique())
        .join(area_names(areas).select("grunnkrets"), how="cross")
        .join(counted, on=["maaned", "grunnkrets"], how="left")
        .with_columns(
            pl.col("kommunale_boliger").fill_null(0),
            aar=pl.col("maaned").dt.year().cast(pl.Int32),
        )
        .sort("aar")
        # Both sides are sorted by aar above; polars cannot verify that within groups.
        .join_asof(stock, on="aar", by="grunnkrets", strategy="backward", check_sortedness=False)
        .select("maaned", "grunnkrets", "kommunale_boliger", "boliger_totalt")
        .sort("maaned", "grunnkrets")
    )


def area_names(areas: gpd.GeoDataFrame) -> pl.DataFrame:
    """grunnkrets, navn, delomrade, delomradenavn of the areas as a polars frame."""
    columns = ["grunnkrets", "navn", "delomrade", "delomradenavn"]
    return pl.DataFrame(
        {name: areas[name].tolist() for name in columns}, schema=dict.fromkeys(columns, pl.String)
    )


def concentration_for_month(
    areas: gpd.GeoDataFrame,
    area_stats: pl.DataFrame,
    dwellings: pl.DataFrame,
    month: str,
    settings: GeoSettings = DEFAULT_GEO_SETTINGS,
) -> pl.DataFrame:
    """Concentration and flags per area for month 'YYYY-MM', one row per area.

    Columns: EXPORT_COLUMNS (andel in percent), then delomrade, delomradenavn and the rest of
    ASSESSMENT_COLUMNS. Raises ValueError when the month has no dwellings.
    """
    return placed_concentration(
        areas, area_stats, assign_areas(month_of(dwellings, month), areas), month, settings
    )


def placed_concentration(
    areas: gpd.GeoDataFrame,
    area_stats: pl.DataFrame,
    placed: pl.DataFrame,
    month: str,
    settings: GeoSettings = DEFAULT_GEO_SETTINGS,
) -> pl.DataFrame:
    """`concentration_for_month` of one month's dwellings already placed (`assign_areas`)."""
    if placed.is_empty():
        raise ValueError(f"Det finnes ingen boliger for {month}.")
    counts = placed_counts(areas, area_stats, placed).drop("maaned")
    return (
        assess_areas(areas, counts, settings)
        .join(area_names(areas), on="grunnkrets", how="left", maintain_order="left")
        .select(
            *EXPORT_COLUMNS,
            "delomrade",
            "delomradenavn",
            *[name for name in ASSESSMENT_COLUMNS if name not in EXPORT_COLUMNS],
        )
    )


def data_problems(concentration: pl.DataFrame) -> list[str]:
    """What the data-quality page should say about the area statistics behind a month's figures."""
    errors = concentration.filter(pl.col("datafeil"))
    unknown = concentration.filter(
        pl.col("boliger_totalt").is_null() & (pl.col("kommunale_boliger") > 0)
    )
    return [
        *(
            f"Grunnkrets {row['grunnkrets']} ({row['navn']}) har flere kommunale boliger enn "
            "boliger totalt i områdestatistikken. Oppdater områdestatistikken."
            for row in errors.iter_rows(named=True)
        ),
        *(
            f"Grunnkrets {row['grunnkrets']} ({row['navn']}) har kommunale boliger, men mangler "
            "boliger totalt i områdestatistikken. Andelen kan ikke regnes ut."
            for row in unknown.iter_rows(named=True)
        ),
    ]


def segregation_over_time(
    areas: gpd.GeoDataFrame, area_stats: pl.DataFrame, dwellings: pl.DataFrame
) -> pl.DataFrame:
    """Dissimilarity and isolation for every month of `dwellings` (see `segregation_by_month`)."""
    return segregation_by_month(area_counts(areas, area_stats, dwellings))


def export_rows(concentration: pl.DataFrame) -> pl.DataFrame:
    """The export of design.md: EXPORT_COLUMNS, the share to 2 decimals and the LQ to 3."""
    return concentration.select(EXPORT_COLUMNS).with_columns(
        pl.col("andel").round(2), pl.col("lokasjonskvotient").round(3)
    )


@cache
def warm_up() -> None:
    """Compile esda's numba code once (15–30 s) on a 3×3 grid, so a real month is fast."""
    cells = [shapely.box(x, y, x + 1, y + 1) for y in range(3) for x in range(3)]
    events = np.array([6, 1, 1, 1, 1, 1, 1, 1, 1])
    cluster_test(gpd.GeoSeries(cells), events, np.full(9, 10), GeoSettings(permutations=99))
