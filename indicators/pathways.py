"""Household pathways (indicators.md 1.1): following households across months by husstand_id.

Per month, in the long frame `indikator, maaned, teller, nevner, verdi`:
- `leie_til_eie` (stock): households with `leie_til_eie_fra` set and not in `eid_bolig`;
- `leie_til_eie_kjopt` (flow): households that came into `eid_bolig` with `leie_til_eie_fra` set;
- `tilbake_i_midlertidig_12_mnd` (flow): households that came into `midlertidig` and had left it
  for a dwelling in one of the 12 months before (m−12 … m−1);
- `andel_bosatt_fortsatt_12_mnd` (share): of the households that left `midlertidig` for a
  dwelling in m−12, those in a dwelling in m, among those in H(m) at all;
- `bosatt_fortsatt_12_mnd_ukjent` (count): the households of that cohort absent from H(m), whose
  situation is unknown and who are left out of the share.

A leave in month k is an observed pair: `midlertidig` in H(k−1) and a dwelling situation in
H(k), the same pair `ut_av_midlertidig` counts. A household absent from a month, or a month
without a snapshot, shows no leave there: absence is unknown, not "left". So a month's values
read H(m−13) … H(m) and nothing else (`SOURCE_MONTHS`), which is what lets the warehouse keep
them by the 14 loads they came from (`source_keys`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import polars as pl

from indicators.breakdowns import by_target_group, target_group_cells
from indicators.measures import Measure, count, every_row, in_situation, per_month, share
from indicators.monthly import months_of, months_with_previous
from indicators.registry import TARGET_GROUPS

DWELLING_SITUATIONS = ("kommunal_bolig", "privat_leie", "eid_bolig")
RETURN_MONTHS = 12  # "within the 12 months before m"; also the share's 12 months after leaving
SOURCE_MONTHS = RETURN_MONTHS + 2  # H(m−13) … H(m): the leave in m−12 is the pair (m−13, m−12)
KEYS = ["maaned", "husstand_id"]


def on_track() -> pl.Expr:
    """The household is on the leie-til-eie track (`leie_til_eie_fra` set) this month."""
    return pl.col("leie_til_eie_fra").is_not_null()


STOCKS: dict[str, Measure] = {
    "leie_til_eie": count(on_track() & pl.col("situasjon").ne_missing("eid_bolig")),
}
PURCHASES: dict[str, Measure] = {"leie_til_eie_kjopt": count(on_track())}
RETURNS: dict[str, Measure] = {"tilbake_i_midlertidig_12_mnd": count(every_row())}
STILL_HOUSED: dict[str, Measure] = {
    "andel_bosatt_fortsatt_12_mnd": share(pl.col("bosatt"), of=pl.col("kjent")),
    "bosatt_fortsatt_12_mnd_ukjent": count(~pl.col("kjent")),
}
PATHWAY_IDS = (*STOCKS, *PURCHASES, *RETURNS, *STILL_HOUSED)


def the_month_after(rows: pl.LazyFrame) -> pl.LazyFrame:
    """The households of `rows` (`maaned, husstand_id`), dated a month later."""
    return rows.select(pl.col("maaned").dt.offset_by("1mo"), "husstand_id")


# The flows below are `measures.came_into` and `measures.moved` as joins against the few rows
# of one situation, not over H(m) paired whole with H(m−1): that pairing is what costs at scale.


def came_into_rows(husstander: pl.LazyFrame, situation: str) -> pl.LazyFrame:
    """The rows of H(m) in `situation` whose household was absent from H(m−1) or there in
    another situation (meaningful only for months whose H(m−1) is loaded)."""
    rows = husstander.filter(pl.col("situasjon") == situation)
    return rows.join(the_month_after(rows), on=KEYS, how="anti")


def leaves(husstander: pl.LazyFrame) -> pl.LazyFrame:
    """The rows of H(k) in a dwelling whose household was `midlertidig` in H(k−1): a leave in k."""
    temporary = husstander.filter(pl.col("situasjon") == "midlertidig")
    housed = husstander.filter(in_situation(*DWELLING_SITUATIONS))
    return housed.join(the_month_after(temporary), on=KEYS, how="semi")


def purchases(husstander: pl.LazyFrame) -> pl.LazyFrame:
    """The rows of households that came into `eid_bolig` in m (`on_track` says which count)."""
    return came_into_rows(husstander, "eid_bolig")


def returns(husstander: pl.LazyFrame) -> pl.LazyFrame:
    """The rows of m of households that came into `midlertidig` in m and left it for a
    dwelling in one of the months m−12 … m−1 (each such row once, however many leaves)."""
    came = came_into_rows(husstander, "midlertidig")
    left = leaves(husstander).select("husstand_id", pl.col("maaned").alias("utflyttet"))
    recent = (
        came.select(*KEYS)
        .join(left, on="husstand_id", how="inner")
        .filter(
            pl.col("utflyttet") >= pl.col("maaned").dt.offset_by(f"-{RETURN_MONTHS}mo"),
            pl.col("utflyttet") < pl.col("maaned"),
        )
    )
    return came.join(recent, on=KEYS, how="semi")


def still_housed(husstander: pl.LazyFrame) -> pl.LazyFrame:
    """One row per leave in k, dated m = k + 12: `kjent` (in H(m)) and `bosatt` (in a dwelling
    in m). The household's other columns (target groups) are those of the leave month k."""
    later = husstander.select(*KEYS, pl.col("situasjon").alias("situasjon_etter"))
    return (
        leaves(husstander)
        .with_columns(pl.col("maaned").dt.offset_by(f"{RETURN_MONTHS}mo"))
        .join(later, on=KEYS, how="left")
        .with_columns(
            pl.col("situasjon_etter").is_not_null().alias("kjent"),
            pl.col("situasjon_etter").is_in(DWELLING_SITUATIONS).alias("bosatt"),
        )
    )


def cohort_months(months: pl.LazyFrame) -> pl.LazyFrame:
    """The months m whose H(m−12) and H(m−13) are among `months`: the share has a value there."""
    shifted = [
        months.select(pl.col("maaned").dt.offset_by(f"{back}mo"))
        for back in (RETURN_MONTHS, RETURN_MONTHS + 1)
    ]
    return months.join(shifted[0], on="maaned", how="semi").join(
        shifted[1], on="maaned", how="semi"
    )


def observed_leave_months(months: pl.LazyFrame) -> pl.LazyFrame:
    """Per month m of `months`: `maaneder`, how many of the 12 months before it (m−12 … m−1)
    could show a leave (that month and the one before it have snapshots). Below 12, a return
    may have gone unseen: screens can say so, as they do for a flow covering fewer months."""
    observable = months_with_previous(months)
    window = months.select("maaned", pl.int_ranges(1, RETURN_MONTHS + 1).alias("tilbake")).explode(
        "tilbake"
    )
    leave_month = pl.col("maaned").dt.offset_by(pl.format("-{}mo", pl.col("tilbake")))
    seen = window.with_columns(leave_month.alias("utflyttet")).join(
        observable.select(pl.col("maaned").alias("utflyttet")), on="utflyttet", how="semi"
    )
    counted = seen.group_by("maaned").agg(pl.len().cast(pl.Int32).alias("maaneder"))
    return months.join(counted, on="maaned", how="left").with_columns(
        pl.col("maaneder").fill_null(0)
    )


def track_months(husstander: pl.LazyFrame) -> pl.LazyFrame:
    """The months (`maaned`) in which some household has `leie_til_eie_fra` set.

    Only there do the leie-til-eie indicators have a value: a snapshot without the column (a
    version 1.0 file), or one where it is empty on every row, does not record the track, and
    "nobody on it" cannot be told from "not recorded" (indicators.md: inputs missing, no value).
    """
    return husstander.filter(on_track()).select("maaned").unique()


def _pathway_cells(
    husstander: pl.LazyFrame,
    rows: Callable[[pl.LazyFrame], pl.LazyFrame],
    grid: Callable[[pl.LazyFrame], pl.LazyFrame],
    by: Sequence[str],
) -> pl.LazyFrame:
    """Every pathway measure, each over its rows (`rows` splits them into cells) and months."""
    households = husstander.cache()
    months = months_of(households).cache()
    recorded = track_months(households).cache()
    with_previous = months_with_previous(months).cache()
    return pl.concat(
        [
            per_month(
                rows(households),
                STOCKS,
                grid=grid(months.join(recorded, on="maaned", how="semi")),
                by=by,
            ),
            per_month(
                rows(purchases(households)),
                PURCHASES,
                grid=grid(with_previous.join(recorded, on="maaned", how="semi")),
                by=by,
            ),
            per_month(rows(returns(households)), RETURNS, grid=grid(with_previous), by=by),
            per_month(
                rows(still_housed(households)),
                STILL_HOUSED,
                grid=grid(cohort_months(months)),
                by=by,
            ),
        ]
    )


def pathway_values(husstander: pl.LazyFrame) -> pl.LazyFrame:
    """Every pathway indicator for every month: `indikator, maaned, teller, nevner, verdi`.

    `husstander`: every month's households with `maaned`, `husstand_id`, `situasjon` and
    `leie_til_eie_fra`. A stock has a row for each month with households; a flow only where the
    month before has households too; the two leie-til-eie indicators only where the month
    records the track (`track_months`); the share (and its unknown count) only where H(m−12)
    and H(m−13) are there, its value empty when nobody of the cohort is known in m.
    """
    return _pathway_cells(husstander, lambda frame: frame, lambda months: months, by=())


def _with_groups(months: pl.LazyFrame) -> pl.LazyFrame:
    return months.join(pl.LazyFrame({"gruppe": list(TARGET_GROUPS)}), how="cross")


def pathway_target_group_values(husstander: pl.LazyFrame) -> pl.LazyFrame:
    """The pathway indicators for each target group, as `breakdowns.target_group_values` gives
    the others: `indikator, maaned, inndeling, gruppe, gruppenavn, teller, nevner, verdi`.

    A household belongs to a group by its columns in m, except in the share and its unknown
    count: there by its columns in the month it left, so that a household absent in m still
    counts in its group's cohort (and the cohort is the group's `ut_av_midlertidig` of m−12).
    """
    return target_group_cells(
        _pathway_cells(husstander, by_target_group, _with_groups, by=["gruppe"])
    )


# Keeping the values per month --------------------------------------------------------------


def months_affected(changed: date, months: pl.LazyFrame) -> pl.LazyFrame:
    """The months among `months` (`maaned`) whose pathway values change when the households of
    month `changed` do (loaded, replaced or restored): `changed` … `changed` + 13 months."""
    last = pl.lit(changed).dt.offset_by(f"{SOURCE_MONTHS - 1}mo")
    return months.filter(pl.col("maaned").is_between(pl.lit(changed), last))


def source_keys(household_loads: pl.LazyFrame) -> pl.LazyFrame:
    """Each month's key for its kept pathway values: `maaned, husstander_loads`.

    `household_loads` (`maaned`, `load_id`): the active husstander load of each month. The key
    lists the loads of H(m−13) … H(m), oldest first, comma-separated, empty where a month has
    none (`",,,,,,,,,,,,41,42"`): the same loads give the same values, and a load that changes
    changes the key of exactly the months `months_affected` names.
    """
    loads = household_loads.select(pl.col("maaned").alias("kilde"), "load_id")
    window = household_loads.select(
        "maaned",
        pl.int_ranges(SOURCE_MONTHS - 1, -1, -1).alias("tilbake"),
    ).explode("tilbake")
    sources = window.with_columns(
        pl.col("maaned").dt.offset_by(pl.format("-{}mo", pl.col("tilbake"))).alias("kilde")
    ).join(loads, on="kilde", how="left")
    return sources.group_by("maaned").agg(
        pl.col("load_id")
        .sort_by("kilde")
        .cast(pl.String)
        .fill_null("")
        .str.join(",")
        .alias("husstander_loads")
    )
