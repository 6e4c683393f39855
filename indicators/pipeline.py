"""Pipeline (boligprosjekter): the project units of indicators.md 1.1, and units per year.

`prosjekter` is the active load of the register (reference-data.md): `prosjekt_id`, `boliger`
(integer), `status` (code), `forventet_ferdig` (text, `YYYY` or `YYYY-Qn`), `ferdig_dato` (date).

"From the active boligprosjekter load, as of d(m)": the register is one current list, without
history; it says how things stood on its own date `as_of` (the day it describes, which the
caller takes from the load) and nothing about the time before. So month m has pipeline values
when d(m) ≥ `as_of`, that is from the month of `as_of` on: the statuses are the register's,
and `prosjektboliger_ferdig_i_aar` counts the projects completed in m's year up to d(m) (a
month's figure says what was finished by then; December's is the year's). Months before the
month of `as_of` have a row with no value: a status today says nothing about a status then.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from core.register_format import IN_PIPELINE
from indicators.measures import snapshot_date

# The statuses whose units indicators.md counts (the pipeline's), with their indicator ids.
STATUS_INDICATORS = {status: f"prosjektboliger_{status}" for status in IN_PIPELINE}
COMPLETED_THIS_YEAR = "prosjektboliger_ferdig_i_aar"
PIPELINE_INDICATORS = (*STATUS_INDICATORS.values(), COMPLETED_THIS_YEAR)
# Statuses on the timeline, in the order of a project's life; cancelled projects are left out.
TIMELINE_ORDER = (*IN_PIPELINE, "ferdig")
TIMELINE_STATUSES = pl.Enum(TIMELINE_ORDER)


def completed_by_snapshot_date_this_year() -> pl.Expr:
    """A ferdig project whose ferdig_dato lies in the year of m, on or before d(m)."""
    completed = pl.col("ferdig_dato")
    return (
        (pl.col("status") == "ferdig")
        & (completed.dt.year() == pl.col("maaned").dt.year())
        & (completed <= snapshot_date())
    )


def units(condition: pl.Expr) -> pl.Expr:
    """The sum of `boliger` over the projects where `condition` holds (0 when none)."""
    return pl.col("boliger").filter(condition).sum().cast(pl.Int64)


def pipeline_values(prosjekter: pl.LazyFrame, months: pl.LazyFrame, *, as_of: date) -> pl.LazyFrame:
    """The four pipeline indicators for every month of `months`, as of the register's `as_of`.

    Long frame `indikator, maaned, teller, nevner, verdi`; `teller` and `verdi` are the units,
    null for months before the month of `as_of`.
    """
    totals = (
        months.join(prosjekter.select("boliger", "status", "ferdig_dato"), how="cross")
        .group_by("maaned")
        .agg(
            *(
                units(pl.col("status") == status).alias(name)
                for status, name in STATUS_INDICATORS.items()
            ),
            units(completed_by_snapshot_date_this_year()).alias(COMPLETED_THIS_YEAR),
        )
    )
    in_force = snapshot_date() >= as_of
    teller = pl.when(in_force).then(pl.col("teller").fill_null(0))
    return (
        months.join(totals, on="maaned", how="left")
        .unpivot(
            index="maaned",
            on=list(PIPELINE_INDICATORS),
            variable_name="indikator",
            value_name="teller",
        )
        .select(
            "indikator",
            "maaned",
            teller.alias("teller"),
            pl.lit(None, pl.Int64).alias("nevner"),
            teller.cast(pl.Float64).alias("verdi"),
        )
    )


def expected_year() -> pl.Expr:
    """The year a project is or was to be completed: ferdig_dato's for a ferdig project, else
    the year of forventet_ferdig (`2017` and `2017-Q3` are both 2017)."""
    expected = pl.col("forventet_ferdig").str.slice(0, 4).cast(pl.Int32, strict=False)
    return (
        pl.when(pl.col("status") == "ferdig")
        .then(pl.col("ferdig_dato").dt.year().cast(pl.Int32))
        .otherwise(expected)
    )


def units_by_status_and_year(prosjekter: pl.LazyFrame) -> pl.LazyFrame:
    """Units per status and year, for the timeline chart: `status, aar, boliger`.

    The year is `expected_year`; cancelled projects (avlyst) are left out. Sorted by year
    (a project without one last), then status in the order of a project's life.
    """
    return (
        prosjekter.filter(pl.col("status") != "avlyst")
        .group_by(pl.col("status").cast(TIMELINE_STATUSES), expected_year().alias("aar"))
        .agg(pl.col("boliger").sum().cast(pl.Int64))
        .sort("aar", "status", nulls_last=True)
        .with_columns(pl.col("status").cast(pl.String))
    )
