"""Every municipal indicator for every month: pure, lazy compositions of the definitions.

Inputs are LazyFrames with the marts' columns (`maaned` the first day of the month). Nothing here
collects or reads a file; `services.indicators` does that once.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from indicators.definitions import DWELLINGS, FLOWS, HOUSEHOLDS, PER_1000, TENANCIES
from indicators.measures import in_situation, per_month, percent


def months_of(frame: pl.LazyFrame) -> pl.LazyFrame:
    """The months that have rows in a snapshot frame (a loaded table is never empty)."""
    return frame.select("maaned").unique()


def months_with_previous(months: pl.LazyFrame) -> pl.LazyFrame:
    """The months whose calendar month before is also among `months`: flows have a value there."""
    following = months.select(pl.col("maaned").dt.offset_by("1mo"))
    return months.join(following, on="maaned", how="semi")


def month_pairs(husstander: pl.LazyFrame) -> pl.LazyFrame:
    """H(m) with each household's situasjon in m−1 as `situasjon_forrige` (null when absent)."""
    previous = husstander.select(
        pl.col("maaned").dt.offset_by("1mo"),
        "husstand_id",
        pl.col("situasjon").alias("situasjon_forrige"),
    )
    return husstander.join(previous, on=["maaned", "husstand_id"], how="left")


def tenancies(husstander: pl.LazyFrame, boliger: pl.LazyFrame) -> pl.LazyFrame:
    """The kommunal_bolig households of each month with their dwelling's `rom` and `areal_m2`."""
    dwellings = boliger.select("maaned", "bolig_id", "rom", "areal_m2")
    return husstander.filter(in_situation("kommunal_bolig")).join(
        dwellings, on=["maaned", "bolig_id"], how="inner"
    )


def population_by_month(months: pl.LazyFrame, omradestatistikk: pl.LazyFrame) -> pl.LazyFrame:
    """Each month's population: summed `innbyggere` of the latest year ≤ the month's year."""
    population = (
        omradestatistikk.group_by(pl.col("aar").cast(pl.Int32))
        .agg(pl.col("innbyggere").sum().cast(pl.Int64).alias("innbyggere"))
        .sort("aar")
    )
    return (
        months.with_columns(pl.col("maaned").dt.year().cast(pl.Int32).alias("aar"))
        .sort("aar")
        .join_asof(population, on="aar", strategy="backward")
        .select("maaned", "innbyggere")
    )


def dwelling_values(
    boliger: pl.LazyFrame, *, grid: pl.LazyFrame | None = None, by: Sequence[str] = ()
) -> pl.LazyFrame:
    """The dwelling indicators of D(m) for every month with a dwelling snapshot."""
    grid = months_of(boliger) if grid is None else grid
    return per_month(boliger, DWELLINGS, grid=grid, by=by)


def per_1000_values(dwelling_counts: pl.LazyFrame, omradestatistikk: pl.LazyFrame) -> pl.LazyFrame:
    """`kommunale_boliger_per_1000` from the monthly `kommunale_boliger` rows and the population."""
    counts = dwelling_counts.filter(pl.col("indikator") == "kommunale_boliger")
    population = population_by_month(counts.select("maaned"), omradestatistikk)
    return counts.join(population, on="maaned", how="left").select(
        pl.lit(PER_1000).alias("indikator"),
        "maaned",
        "teller",
        pl.col("innbyggere").alias("nevner"),
        percent(pl.col("teller"), pl.col("innbyggere"), per=1000.0).alias("verdi"),
    )


def household_values(
    pairs: pl.LazyFrame,
    months: pl.LazyFrame,
    *,
    grid: pl.LazyFrame | None = None,
    by: Sequence[str] = (),
) -> pl.LazyFrame:
    """Household stock, startlån and flow indicators from the month pairs, in one pass.

    `months` are the months with a household snapshot; flows get a value only where the
    calendar month before is one of them.
    """
    grid = months if grid is None else grid
    values = per_month(pairs, {**HOUSEHOLDS, **FLOWS}, grid=grid, by=by)
    has_previous = months_with_previous(months).with_columns(pl.lit(True).alias("har_forrige"))
    is_flow = pl.col("indikator").is_in(list(FLOWS))
    return (
        values.join(has_previous, on="maaned", how="left")
        .filter(~is_flow | pl.col("har_forrige").fill_null(False))
        .drop("har_forrige")
    )


def tenancy_values(
    tenancy_rows: pl.LazyFrame,
    months: pl.LazyFrame,
    *,
    grid: pl.LazyFrame | None = None,
    by: Sequence[str] = (),
) -> pl.LazyFrame:
    """The indicators over tenants and their dwellings, for months with both snapshots."""
    grid = months if grid is None else grid
    return per_month(tenancy_rows, TENANCIES, grid=grid, by=by)


def snapshot_values(husstander: pl.LazyFrame, boliger: pl.LazyFrame) -> pl.LazyFrame:
    """Every indicator computed from the snapshots alone (`indikator, maaned, teller, ...`).

    A month's rows depend only on H(m), H(m−1) and D(m), which is what lets the warehouse keep
    them by the loads they came from. A stock has a row for each month with the snapshots it
    needs (its value may be empty, e.g. a share of nothing); a flow has a row only for months
    where it has a value.
    """
    household_months = months_of(husstander)
    dwelling_months = months_of(boliger)
    both_months = household_months.join(dwelling_months, on="maaned", how="semi")
    return pl.concat(
        [
            dwelling_values(boliger),
            household_values(month_pairs(husstander), household_months),
            tenancy_values(tenancies(husstander, boliger), both_months),
        ]
    )


def with_population_rates(values: pl.LazyFrame, omradestatistikk: pl.LazyFrame) -> pl.LazyFrame:
    """The snapshot values and, from their dwelling counts, `kommunale_boliger_per_1000`."""
    values = values.cache()
    return pl.concat([values, per_1000_values(values, omradestatistikk)])


def month_values(
    husstander: pl.LazyFrame, boliger: pl.LazyFrame, omradestatistikk: pl.LazyFrame
) -> pl.LazyFrame:
    """Every municipal indicator for every month: `indikator, maaned, teller, nevner, verdi`."""
    return with_population_rates(snapshot_values(husstander, boliger), omradestatistikk)
