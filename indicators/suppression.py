"""Small-count suppression (prikking) as indicators.md and SSB's practice say.

Primary: a count below k, and a share, rate or median whose numerator or denominator is below k,
is hidden (shown as SSB's `:`). k is 3, and 5 for area cells, for breakdowns by a sensitive
target group and for indicators that are themselves about such a group. Zero is below k too.

Secondary: where cells add up to a total (a partition, e.g. the delområder of a count), hiding
one cell is not enough, since the total minus the other cells gives it back. Within each
partition that has a hidden cell, the smallest further cells are hidden until at least two are
hidden and the hidden cells together hold at least k, so neither a single cell nor a sum below
k can be worked out. Hidden values are removed (set to null), with `prikket` = true.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from indicators.registry import (
    AREA,
    SENSITIVE_GROUPS,
    TARGET_GROUP,
    ids,
    municipal_indicators,
)

SUPPRESSED = ":"  # SSB's symbol for a figure withheld to protect individuals
HIDDEN_COLUMNS = ("teller", "nevner", "verdi")


@dataclass(frozen=True)
class Thresholds:
    """`k` for ordinary cells; `strict` for area cells and sensitive groups."""

    k: int = 3
    strict: int = 5


def sensitive_indicator() -> pl.Expr:
    """The row's indicator counts a group indicators.md protects with the strict threshold."""
    return pl.col("indikator").is_in(
        [entry.id for entry in municipal_indicators() if entry.sensitive]
    )


def strict_breakdown() -> pl.Expr:
    """The row is an area cell or a sensitive target group's (needs `inndeling`, `gruppe`)."""
    sensitive_group = (pl.col("inndeling") == TARGET_GROUP) & pl.col("gruppe").is_in(
        list(SENSITIVE_GROUPS)
    )
    return sensitive_indicator() | (pl.col("inndeling") == AREA) | sensitive_group


def below_threshold(k: pl.Expr | int) -> pl.Expr:
    """Primary suppression: the numerator or the denominator (where there is one) is below k."""
    k = pl.lit(k) if isinstance(k, int) else k
    return (pl.col("teller") < k).fill_null(False) | (pl.col("nevner") < k).fill_null(False)


def _with_secondary(
    frame: pl.LazyFrame, k: pl.Expr, partition: Sequence[str], order: Sequence[str]
) -> pl.LazyFrame:
    additive = pl.col("indikator").is_in(ids(unit="count")) & pl.col("teller").is_not_null()
    group = [*partition, "_additive"]
    rank = pl.col("_rank")
    enough = (rank >= pl.max_horizontal(pl.col("_primary"), 2)) & (
        pl.col("_hidden_sum") >= pl.col("_k")
    )
    cut = pl.when(enough).then(rank).otherwise(None).min().over(group)
    also_hidden = (
        pl.col("_additive")
        & (pl.col("_primary") >= 1)
        & (rank <= cut.fill_null(rank.max().over(group)))
    )
    return (
        frame.with_columns(additive.alias("_additive"), k.alias("_k"))
        .sort([*group, "teller", *order], nulls_last=True)
        .with_columns(
            pl.int_range(1, pl.len() + 1).over(group).alias("_rank"),
            pl.col("teller").cum_sum().over(group).alias("_hidden_sum"),
            pl.col("prikket").sum().over(group).alias("_primary"),
            pl.col("_k").max().over(group),
        )
        .with_columns((pl.col("prikket") | also_hidden).alias("prikket"))
        .drop("_additive", "_k", "_rank", "_hidden_sum", "_primary")
    )


def suppress(
    frame: pl.LazyFrame,
    thresholds: Thresholds = Thresholds(),
    *,
    strict: pl.Expr | None = None,
    partition: Sequence[str] | None = None,
    order: Sequence[str] = (),
) -> pl.LazyFrame:
    """`frame` with `prikket` and its hidden cells' `teller`, `nevner` and `verdi` removed.

    `strict` says which rows use `thresholds.strict` (default: sensitive indicators).
    `partition`: the columns within which count cells add up to a total (secondary
    suppression); `order` breaks ties between equal cells so the result is stable.
    """
    strict = sensitive_indicator() if strict is None else strict
    k = pl.when(strict).then(thresholds.strict).otherwise(thresholds.k)
    marked = frame.with_columns(below_threshold(k).alias("prikket"))
    if partition:
        marked = _with_secondary(marked, k, partition, order)
    return marked.with_columns(
        pl.when(pl.col("prikket")).then(None).otherwise(pl.col(name)).alias(name)
        for name in HIDDEN_COLUMNS
    )
