"""Building flags: many municipal dwellings in one building, and the borettslag share rule."""

from __future__ import annotations

import polars as pl

from core.settings import DEFAULT_GEO_SETTINGS, GeoSettings

AMBER = "gul"
RED = "rød"


def building_flags(
    dwellings: pl.DataFrame, settings: GeoSettings = DEFAULT_GEO_SETTINGS
) -> pl.DataFrame:
    """One row per bygning_id among one month's dwellings, most municipal dwellings first.

    Columns: bygning_id, kommunale_boliger, bygning_enheter (the building's or borettslag's
    total units when known), andel_av_bygning (%), flagg_bygning (≥ `building_min` municipal
    dwellings), borettslag (AMBER above `borettslag_amber` %, RED above `borettslag_red` %,
    else null), datafeil (more municipal dwellings than units), grunnkrets (the most common of
    its dwellings), lat, lon (mean of its dwellings' coordinates). Dwellings without
    bygning_id are left out.
    """
    units = (
        pl.col("bygning_enheter")
        if "bygning_enheter" in dwellings.columns
        else pl.lit(None, dtype=pl.Int64)
    )
    share = 100 * pl.col("kommunale_boliger") / pl.col("bygning_enheter")
    data_error = (pl.col("kommunale_boliger") > pl.col("bygning_enheter")).fill_null(False)
    return (
        dwellings.filter(pl.col("bygning_id").is_not_null())
        .with_columns(bygning_enheter=units.cast(pl.Int64))
        .group_by("bygning_id")
        .agg(
            pl.len().cast(pl.Int64).alias("kommunale_boliger"),
            pl.col("bygning_enheter").max(),
            pl.col("grunnkrets").drop_nulls().mode().sort().first(),
            pl.col("lat").cast(pl.Float64).mean(),
            pl.col("lon").cast(pl.Float64).mean(),
        )
        .with_columns(
            pl.when(pl.col("bygning_enheter") > 0).then(share).alias("andel_av_bygning"),
            (pl.col("kommunale_boliger") >= settings.building_min).alias("flagg_bygning"),
            pl.when(data_error)
            .then(None)
            .when(share > settings.borettslag_red)
            .then(pl.lit(RED))
            .when(share > settings.borettslag_amber)
            .then(pl.lit(AMBER))
            .alias("borettslag"),
            data_error.alias("datafeil"),
        )
        .select(
            "bygning_id",
            "kommunale_boliger",
            "bygning_enheter",
            "andel_av_bygning",
            "flagg_bygning",
            "borettslag",
            "datafeil",
            "grunnkrets",
            "lat",
            "lon",
        )
        .sort("kommunale_boliger", "bygning_id", descending=[True, False])
    )
