"""Breakdowns: indicators for one target group at a time, and counts by delområde.

Both return the monthly long frame with `inndeling` (`malgruppe` or `delomrade`), `gruppe` (the
group's code: a target group id or a delområde number; null for "no known area") and
`gruppenavn` (its Norwegian name). A household belongs to a target group by its columns in the
month m itself. Households are located by the dwelling they have in m (`bolig_id`); those
without one form the cell "Uten kjent område", so the area cells add up to the total.
"""

from __future__ import annotations

import polars as pl

from core.i18n import N_
from indicators.monthly import (
    dwelling_values,
    household_values,
    month_pairs,
    months_of,
    tenancies,
    tenancy_values,
)
from indicators.registry import AREA, TARGET_GROUP, TARGET_GROUPS, municipal_indicators

UNKNOWN_AREA = N_("Uten kjent område")
DELOMRADE_DIGITS = 6


def in_group(group: str) -> pl.Expr:
    """The household belongs to the target group (`barnefamilie`: at least one child)."""
    if group == "barnefamilie":
        return pl.col("barn") >= 1
    return pl.col(group).fill_null(False)


def _with_breakdown_ids(breakdown: str) -> list[str]:
    return [entry.id for entry in municipal_indicators() if breakdown in entry.breakdowns]


def by_target_group(frame: pl.LazyFrame) -> pl.LazyFrame:
    """One row per household and target group it belongs to, the group in `gruppe`.

    A household in no group drops out; one in two groups appears twice. The groups are then
    aggregated in one pass, as cells of `gruppe`.
    """
    rows = frame.cache()  # filtered once per group
    return pl.concat(
        rows.filter(in_group(group)).with_columns(pl.lit(group).alias("gruppe"))
        for group in TARGET_GROUPS
    )


def _group_grid(months: pl.LazyFrame) -> pl.LazyFrame:
    return months.join(pl.LazyFrame({"gruppe": list(TARGET_GROUPS)}), how="cross")


def target_group_values(husstander: pl.LazyFrame, boliger: pl.LazyFrame) -> pl.LazyFrame:
    """The household indicators for each target group, every month."""
    household_months = months_of(husstander)
    both_months = household_months.join(months_of(boliger), on="maaned", how="semi")
    values = pl.concat(
        [
            household_values(
                by_target_group(month_pairs(husstander)),
                household_months,
                grid=_group_grid(household_months),
                by=["gruppe"],
            ),
            tenancy_values(
                by_target_group(tenancies(husstander, boliger)),
                both_months,
                grid=_group_grid(both_months),
                by=["gruppe"],
            ),
        ]
    )
    wanted = pl.any_horizontal(
        (pl.col("gruppe") == group) & pl.col("indikator").is_in(_with_breakdown_ids(group))
        for group in TARGET_GROUPS
    )
    return target_group_cells(values.filter(wanted))


def target_group_cells(values: pl.LazyFrame) -> pl.LazyFrame:
    """Values per `gruppe` (a TARGET_GROUPS code) as breakdown cells: `indikator, maaned,
    inndeling, gruppe, gruppenavn, teller, nevner, verdi`."""
    labels = pl.col("gruppe").replace_strict(TARGET_GROUPS, return_dtype=pl.String)
    return values.select(
        "indikator",
        "maaned",
        pl.lit(TARGET_GROUP).alias("inndeling"),
        "gruppe",
        labels.alias("gruppenavn"),
        "teller",
        "nevner",
        "verdi",
    )


def delomrade_of(grunnkrets: pl.Expr) -> pl.Expr:
    """The delområde of a grunnkrets: its first six digits."""
    return grunnkrets.str.slice(0, DELOMRADE_DIGITS)


def _area_grid(months: pl.LazyFrame, areas: pl.LazyFrame, located: pl.LazyFrame) -> pl.LazyFrame:
    """Every known delområde in every month, plus any other cell that occurs in the data."""
    known = months.join(areas, how="cross")
    return pl.concat([known, located.select("maaned", AREA)]).unique()


def area_values(
    husstander: pl.LazyFrame,
    boliger: pl.LazyFrame,
    bolig_omrade: pl.LazyFrame,
    omrader: pl.LazyFrame,
) -> pl.LazyFrame:
    """The count indicators by delområde, every month.

    `bolig_omrade` (maaned, bolig_id, grunnkrets) places each dwelling (the geo module
    computes it); `omrader` gives the delområder and their names.
    """
    placement = bolig_omrade.select(
        "maaned", "bolig_id", delomrade_of(pl.col("grunnkrets")).alias(AREA)
    )
    areas = omrader.select(delomrade_of(pl.col("grunnkrets")).alias(AREA)).unique()
    names = omrader.group_by(delomrade_of(pl.col("grunnkrets")).alias(AREA)).agg(
        pl.col("delomradenavn").drop_nulls().first()
    )
    # Both are read twice: for their values and for the cells that occur in them.
    dwellings = boliger.join(placement, on=["maaned", "bolig_id"], how="left").cache()
    pairs = month_pairs(husstander).join(placement, on=["maaned", "bolig_id"], how="left").cache()
    household_months = months_of(husstander)
    values = pl.concat(
        [
            dwelling_values(
                dwellings, grid=_area_grid(months_of(boliger), areas, dwellings), by=[AREA]
            ),
            household_values(
                pairs,
                household_months,
                grid=_area_grid(household_months, areas, pairs),
                by=[AREA],
            ),
        ]
    )
    name = (
        pl.when(pl.col(AREA).is_null())
        .then(pl.lit(UNKNOWN_AREA))
        .otherwise(pl.coalesce("delomradenavn", AREA))
    )
    return (
        values.filter(pl.col("indikator").is_in(_with_breakdown_ids(AREA)))
        .join(names, on=AREA, how="left")
        .select(
            "indikator",
            "maaned",
            pl.lit(AREA).alias("inndeling"),
            pl.col(AREA).alias("gruppe"),
            name.alias("gruppenavn"),
            "teller",
            "nevner",
            "verdi",
        )
    )
