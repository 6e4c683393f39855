"""Transitions over a period: where households were when it began and where they were when it
ended, for a Sankey diagram and a table (`source, target, count`).

A period is compared between two snapshots: the month before its first month (the situation as
the period begins, as a flow's month m starts from m−1) and its last month. Every household in
either of them, or in a month between them, counts once:
- `source`: its situation in the start snapshot, or `utenfor` when it is not there (it came onto
  the caseload during the period);
- `target`: its situation in the end snapshot; when it is not there, `ute` (left the caseload:
  in no later snapshot either) or `ukjent` (in a later snapshot: missing from this one only, so
  unknown, not "left").
The months in between are not compared: a household that moves A → B → A counts as A → A, and
one that came and went within the period counts as `utenfor` → `ute` (or `ukjent`).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

import polars as pl

from core.snapshot_format import SITUASJON

NOT_YET = "utenfor"  # not in the start snapshot
LEFT = "ute"  # neither in the end snapshot nor in any later one
UNKNOWN = "ukjent"  # not in the end snapshot, but in a later one
SOURCES = (*SITUASJON, NOT_YET)
TARGETS = (*SITUASJON, LEFT, UNKNOWN)


def period_months(key: str) -> tuple[date, date]:
    """The first and the last month (first days) of a quarter ('2025-Q3') or a year ('2025')."""
    year = int(key[:4])
    if "-Q" in key:
        first = 3 * (int(key[-1]) - 1) + 1
        return date(year, first, 1), date(year, first + 2, 1)
    return date(year, 1, 1), date(year, 12, 1)


def compared_months(first: date, last: date, loaded: Collection[date]) -> tuple[date, date] | None:
    """The start and end snapshots of the period `first` … `last` (first days of months): the
    month before `first`, and `last`. None when either has no snapshot among `loaded`."""
    start = (first - timedelta(days=1)).replace(day=1)
    if start in loaded and last in loaded:
        return start, last
    return None


def seen_after(husstander: pl.LazyFrame, end: date) -> pl.LazyFrame:
    """The households (`husstand_id`) in a snapshot after the month `end`."""
    return husstander.filter(pl.col("maaned") > end).select("husstand_id").unique()


def _situation_in(husstander: pl.LazyFrame, when: date, name: str) -> pl.LazyFrame:
    return husstander.filter(pl.col("maaned") == when).select(
        "husstand_id", pl.col("situasjon").cast(pl.String).alias(name)
    )


def _order(column: str, codes: tuple[str, ...]) -> pl.Expr:
    return pl.col(column).replace_strict(codes, list(range(len(codes))), return_dtype=pl.Int8)


def transitions(husstander: pl.LazyFrame, start: date, end: date) -> pl.LazyFrame:
    """Households by situation in the snapshots `start` and `end`: `source, target, count`.

    Only pairs with households get a row, in the order of SOURCES and TARGETS. Both months
    must have snapshots (`compared_months`): a month without one would show everyone as away.
    """
    households = husstander.select("maaned", "husstand_id", "situasjon")
    present = (
        households.filter(pl.col("maaned").is_between(start, end)).select("husstand_id").unique()
    )
    later = seen_after(households, end).with_columns(pl.lit(True).alias("senere"))
    target = (
        pl.when(pl.col("target").is_not_null())
        .then(pl.col("target"))
        .when(pl.col("senere"))
        .then(pl.lit(UNKNOWN))
        .otherwise(pl.lit(LEFT))
    )
    return (
        present.join(_situation_in(households, start, "source"), on="husstand_id", how="left")
        .join(_situation_in(households, end, "target"), on="husstand_id", how="left")
        .join(later, on="husstand_id", how="left")
        .select(pl.col("source").fill_null(NOT_YET), target.alias("target"))
        .group_by("source", "target")
        .agg(pl.len().cast(pl.Int64).alias("count"))
        .sort(_order("source", SOURCES), _order("target", TARGETS))
    )
