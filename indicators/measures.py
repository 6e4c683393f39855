"""Building blocks: what is counted, shared or measured over the rows of one month.

An indicator is a `Measure` over a frame with one row per unit (dwelling, household, household
month pair). `per_month` aggregates any number of measures in one pass and returns the long
frame every later step works on: `indikator, maaned, [by...], teller, nevner, verdi`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import polars as pl


def snapshot_date() -> pl.Expr:
    """d(m): the last day of the row's month."""
    return pl.col("maaned").dt.month_end()


def days_since(column: str) -> pl.Expr:
    """Whole days from the date in `column` to the snapshot date."""
    return (snapshot_date() - pl.col(column)).dt.total_days()


def every_row() -> pl.Expr:
    """True for every row (a literal would count once per group, not once per row)."""
    return pl.col("maaned").is_not_null()


def in_situation(*situations: str) -> pl.Expr:
    """The household's situasjon this month is one of `situations`."""
    return pl.col("situasjon").is_in(situations)


def came_into(situation: str) -> pl.Expr:
    """In `situation` this month, and last month absent or in another situation."""
    return (pl.col("situasjon") == situation) & pl.col("situasjon_forrige").ne_missing(situation)


def moved(before: str, after: Sequence[str]) -> pl.Expr:
    """In `before` last month and in one of `after` this month."""
    return pl.col("situasjon_forrige").eq_missing(before) & in_situation(*after)


def in_month(column: str) -> pl.Expr:
    """The date in `column` falls in the row's month."""
    return pl.col(column).dt.truncate("1mo") == pl.col("maaned")


@dataclass(frozen=True)
class Measure:
    """How an indicator aggregates a month's rows.

    `count`: rows where `condition` holds. `share`: percent of the rows where `of` holds that
    also satisfy `condition`. `median`: the median of `value` over rows where `condition` holds.
    """

    kind: Literal["count", "share", "median"]
    condition: pl.Expr
    of: pl.Expr | None = None
    value: pl.Expr | None = None


def count(condition: pl.Expr) -> Measure:
    """Number of rows where `condition` holds."""
    return Measure("count", condition)


def share(condition: pl.Expr, *, of: pl.Expr) -> Measure:
    """Percent of the rows where `of` holds that also satisfy `condition`."""
    return Measure("share", condition, of=of)


def median(value: pl.Expr, *, where: pl.Expr) -> Measure:
    """The median of `value` over the rows where `where` holds (mean of the middle two if even)."""
    return Measure("median", where, value=value)


def percent(numerator: pl.Expr, denominator: pl.Expr, *, per: float = 100.0) -> pl.Expr:
    """`numerator / denominator × per`, no value when the denominator is 0 or missing."""
    return pl.when(denominator > 0).then(numerator * per / denominator).otherwise(None)


def _row_columns(name: str, measure: Measure) -> list[pl.Expr]:
    """Per-row columns the aggregation sums (flags) or takes the median of (values)."""
    condition = measure.condition.fill_null(False)
    if measure.kind == "count":
        return [condition.alias(f"{name}|teller")]
    if measure.kind == "share":
        of = measure.of.fill_null(False)
        return [(condition & of).alias(f"{name}|teller"), of.alias(f"{name}|nevner")]
    return [
        condition.alias(f"{name}|nevner"),
        pl.when(condition).then(measure.value).alias(f"{name}|verdi"),
    ]


def _aggregation(column: str) -> pl.Expr:
    """Flags are counted; values (the median's) are reduced to their median."""
    if column.endswith("|verdi"):
        return pl.col(column).median()
    return pl.col(column).sum()


def _cell(name: str, measure: Measure) -> pl.Expr:
    """The measure's `teller, nevner, verdi` as one struct column named after the indicator."""
    teller = pl.col(f"{name}|teller").fill_null(0).cast(pl.Int64)
    nevner = pl.col(f"{name}|nevner").fill_null(0).cast(pl.Int64)
    if measure.kind == "count":
        parts = [teller, pl.lit(None, pl.Int64), teller.cast(pl.Float64)]
    elif measure.kind == "share":
        parts = [teller, nevner, percent(teller, nevner)]
    else:
        parts = [pl.lit(None, pl.Int64), nevner, pl.col(f"{name}|verdi").cast(pl.Float64)]
    return pl.struct(
        parts[0].alias("teller"), parts[1].alias("nevner"), parts[2].alias("verdi")
    ).alias(name)


def per_month(
    frame: pl.LazyFrame,
    measures: Mapping[str, Measure],
    *,
    grid: pl.LazyFrame,
    by: Sequence[str] = (),
) -> pl.LazyFrame:
    """Every measure for every row of `grid` (months, with `by` columns), in one pass over `frame`.

    `grid` lists the month (and group) combinations that should get a value: a combination
    without rows in `frame` counts 0, and its shares and medians have no value.
    """
    keys = ["maaned", *by]
    columns = [expr for name, m in measures.items() for expr in _row_columns(name, m)]
    names = [expr.meta.output_name() for expr in columns]
    values = frame.select(*keys, *columns).group_by(keys).agg(_aggregation(name) for name in names)
    return (
        grid.join(values, on=keys, how="left", nulls_equal=True)
        .select(*keys, *(_cell(name, m) for name, m in measures.items()))
        .unpivot(index=keys, variable_name="indikator", value_name="cell")
        .unnest("cell")
        .select("indikator", *keys, "teller", "nevner", "verdi")
    )
