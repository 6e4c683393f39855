"""The leie-til-eie funnel as of a month: who entered the track, got a startlån, bought; how long
buying took; and cohorts by the quarter they entered.

Everything starts from one row per household that was on the track (`leie_til_eie_fra` set) in
a snapshot up to the month `end` (`track_households`):
- `inn`: the date it entered the track, as its latest such snapshot says;
- `startlan`: a startlån date in any of its snapshots up to `end`;
- `kjopt`: the first month from the month it entered on in which it owns (`eid_bolig`) with
  `leie_til_eie_fra` set, as `leie_til_eie_kjopt` counts a purchase;
- `status` in `end`: `kjopt` (bought by then), `paa_sporet` (in H(end) on the track),
  `ute_uten_kjop` (left the track without buying: in H(end) without `leie_til_eie_fra`, or in
  neither H(end) nor a later snapshot) or `ukjent` (not in H(end) but in a later snapshot:
  missing from that month only, unknown rather than gone).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from indicators.pathways import on_track
from indicators.periods import period_label
from indicators.transitions import seen_after

BOUGHT = "kjopt"
ON_TRACK = "paa_sporet"
LEFT = "ute_uten_kjop"
UNKNOWN = "ukjent"
STATUSES = (ON_TRACK, BOUGHT, LEFT, UNKNOWN)
STAGES = ("inn", "startlan", BOUGHT)  # the funnel: entered, granted a startlån, bought


def month_number(column: pl.Expr) -> pl.Expr:
    """A running month number (year × 12 + month), so that months subtract to whole months."""
    return column.dt.year().cast(pl.Int32) * 12 + column.dt.month().cast(pl.Int32)


def _flag(rows: pl.LazyFrame, name: str) -> pl.LazyFrame:
    """The households (`husstand_id`) of `rows`, once each, with `name` = true."""
    return rows.select("husstand_id").unique().with_columns(pl.lit(True).alias(name))


def track_households(husstander: pl.LazyFrame, end: date) -> pl.LazyFrame:
    """One row per household on the track in a snapshot up to `end`: `husstand_id, inn,
    startlan, kjopt, status` (see the module's docstring).

    Reads only rows on the track, with a startlån, of `end` and after it: no join over every
    row of the history.
    """
    households = husstander.select(
        "maaned", "husstand_id", "situasjon", "leie_til_eie_fra", "startlan_dato"
    )
    until_end = households.filter(pl.col("maaned") <= end)
    track_rows = until_end.filter(on_track())
    entered = track_rows.group_by("husstand_id").agg(
        pl.col("leie_til_eie_fra").sort_by("maaned").last().alias("inn")
    )
    owns = (pl.col("situasjon") == "eid_bolig") & (
        pl.col("maaned") >= pl.col("inn").dt.truncate("1mo")
    )
    bought = (
        track_rows.join(entered, on="husstand_id")
        .filter(owns)
        .group_by("husstand_id")
        .agg(pl.col("maaned").min().alias("kjopt"))
    )
    in_end = until_end.filter(pl.col("maaned") == end)
    flags = [
        _flag(until_end.filter(pl.col("startlan_dato").is_not_null()), "startlan"),
        _flag(in_end.filter(on_track()), "paa_sporet_ved_slutt"),
        _flag(in_end, "med_ved_slutt"),
        _flag(seen_after(households, end), "senere"),
    ]
    per_household = entered.join(bought, on="husstand_id", how="left")
    for flag in flags:
        per_household = per_household.join(flag, on="husstand_id", how="left")
    per_household = per_household.with_columns(
        pl.col("startlan", "paa_sporet_ved_slutt", "med_ved_slutt", "senere").fill_null(False)
    )
    status = (
        pl.when(pl.col("kjopt").is_not_null())
        .then(pl.lit(BOUGHT))
        .when(pl.col("paa_sporet_ved_slutt"))
        .then(pl.lit(ON_TRACK))
        .when(~pl.col("med_ved_slutt") & pl.col("senere"))
        .then(pl.lit(UNKNOWN))
        .otherwise(pl.lit(LEFT))
    )
    return per_household.select("husstand_id", "inn", "startlan", "kjopt", status.alias("status"))


def funnel(track: pl.LazyFrame) -> pl.LazyFrame:
    """The funnel's stages (`trinn` in STAGES, `antall`): entered, of those granted a startlån,
    and of those bought (not nested: some buy without a startlån)."""
    return track.select(
        pl.len().cast(pl.Int64).alias("inn"),
        pl.col("startlan").sum().cast(pl.Int64).alias("startlan"),
        pl.col("kjopt").is_not_null().sum().cast(pl.Int64).alias(BOUGHT),
    ).unpivot(variable_name="trinn", value_name="antall")


def months_to_purchase(track: pl.LazyFrame) -> pl.LazyFrame:
    """`kjopt` (households that bought) and `median_maaneder`: the median of the whole months
    from the month each entered the track to the month it was first seen owning (the mean of
    the middle two for an even count; empty when nobody bought)."""
    months = month_number(pl.col("kjopt")) - month_number(pl.col("inn"))
    bought = track.filter(pl.col("kjopt").is_not_null())
    return bought.select(
        pl.len().cast(pl.Int64).alias(BOUGHT),
        months.median().cast(pl.Float64).alias("median_maaneder"),
    )


def cohorts(track: pl.LazyFrame) -> pl.LazyFrame:
    """Per quarter the households entered the track (`kvartal`, `2025-Q1`) and status in the end
    month: `kvartal, status, antall`, statuses without households left out. The statuses of a
    quarter add up to how many entered then (`table_suppression.with_totals` gives the sums)."""
    quarter = pl.col("inn").dt.truncate("1q").alias("periode_start")
    return (
        track.group_by(quarter, "status")
        .agg(pl.len().cast(pl.Int64).alias("antall"))
        .sort(
            "periode_start",
            pl.col("status").replace_strict(STATUSES, list(range(len(STATUSES)))),
        )
        .select(period_label("quarter").alias("kvartal"), "status", "antall")
    )


def reader_funnel(
    stages: pl.DataFrame, purchase_months: pl.DataFrame, cohort_table: pl.DataFrame, k: int
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The funnel (`funnel`) and the median (`months_to_purchase`) as a reader may see them,
    each with `prikket`, given the suppressed cohorts (`table_suppression.suppressed_table` of
    `cohorts`, rows `kvartal`, columns `status`, values `antall`).

    The cohorts' grand total is the funnel's `inn` and their `kjopt` column total its `kjopt`:
    each is hidden where the table hides it. `startlan` is hidden below `k`; the median when
    fewer than `k` bought, or their number is hidden.
    """
    totals = cohort_table.filter(pl.col("kvartal").is_null())
    grand = totals.filter(pl.col("status").is_null())
    bought_total = totals.filter(pl.col("status") == BOUGHT)
    hidden_inn = grand.height == 0 or bool(grand["prikket"].item())
    hidden_bought = bought_total.height == 0 or bool(bought_total["prikket"].item())
    hidden = {"inn": hidden_inn, BOUGHT: hidden_bought}
    shown_stages = stages.with_columns(
        pl.col("trinn")
        .replace_strict(hidden, default=None, return_dtype=pl.Boolean)
        .fill_null(pl.col("antall") < k)
        .alias("prikket")
    )
    shown_stages = shown_stages.with_columns(
        pl.when(pl.col("prikket")).then(None).otherwise(pl.col("antall")).alias("antall")
    )
    bought = purchase_months.with_columns(
        (pl.lit(hidden_bought) | (pl.col(BOUGHT) < k)).alias("prikket")
    ).with_columns(
        pl.when(pl.col("prikket")).then(None).otherwise(pl.col(c)).alias(c)
        for c in (BOUGHT, "median_maaneder")
    )
    return shown_stages, bought
