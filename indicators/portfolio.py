"""Portfolio (boligmasse): the version-1.1 dwelling indicators, and the Boligmasse breakdowns.

Inputs are LazyFrames; nothing here collects. `boliger` is D(m) for every month: `maaned` (the
month's first day), `bolig_id`, `eierform`, `boligtype`, `status`, and the 1.1 columns
`utleier_id` and `leieavtale_til` (the lease list also reads `grunnkrets`). A frame without a
1.1 column is read as if every month lacked it.

Which months have the 1.1 columns: `kolonner`, one row per dwelling month with `maaned` and a
Boolean per 1.1 column, `har_utleier_id` and `har_leieavtale_til` ("the month's file carried
this column"); a month missing from `kolonner` has none. The cells cannot tell: in a 1.1 file
a blank `leieavtale_til` is an open-ended lease and a blank `utleier_id` is a dwelling without
a private owner, so a month of blanks is a value (0 open-ended leases or all of them), not a
version-1 file. Where a month lacks a column, the stocks that need it have a row with no
value (`teller` and `verdi` null, as indicators.md says: not zero), and the flows that need it
have no row, as a flow without its previous month has none.
"""

from __future__ import annotations

from datetime import date

import polars as pl

from core.snapshot_format import BOLIGTYPE, EIERFORM
from indicators.definitions import DWELLINGS
from indicators.measures import Measure, count, every_row, per_month, snapshot_date
from indicators.monthly import months_of, months_with_previous

LANDLORD = "utleier_id"
LEASE_END = "leieavtale_til"
PORTFOLIO_COLUMNS: dict[str, type[pl.DataType]] = {LANDLORD: pl.String, LEASE_END: pl.Date}
# How far ahead the Boligmasse page looks for leases ending, in months after d(m).
LEASE_WINDOWS = {
    "innleie_utloper_3_mnd": 3,
    "innleie_utloper_6_mnd": 6,
    "innleie_utloper_12_mnd": 12,
}
LANDLORD_FLOWS = ("private_utleiere_nye", "private_utleiere_tapt")
DWELLING_FLOWS = ("boliger_inn", "boliger_ut")
PRIVATE_OWNERS = ("innleid", "tildelingsrett")
# The 1.1 column each indicator needs; the others need only version-1 columns.
NEEDS: dict[str, str] = {
    **dict.fromkeys(LEASE_WINDOWS, LEASE_END),
    "innleie_uten_sluttdato": LEASE_END,
    "private_utleiere": LANDLORD,
    **dict.fromkeys(LANDLORD_FLOWS, LANDLORD),
}
NEEDED_COLUMNS = tuple(dict.fromkeys(NEEDS.values()))


def has_column(column: str) -> pl.Expr:
    """The month's file carried the 1.1 `column` (a column of `kolonner`)."""
    return pl.col(f"har_{column}")


def leased() -> pl.Expr:
    """The dwelling is leased from a private owner and sublet (`eierform` = innleid)."""
    return pl.col("eierform") == "innleid"


def lease_ends_within(months: int) -> pl.Expr:
    """An innleid dwelling whose lease ends after d(m), on or before the last day of m + months."""
    end = pl.col(LEASE_END)
    horizon = pl.col("maaned").dt.offset_by(f"{months}mo").dt.month_end()
    return leased() & (end > snapshot_date()) & (end <= horizon)


STOCKS: dict[str, Measure] = {
    "innleide_boliger": count(leased()),
    **{name: count(lease_ends_within(months)) for name, months in LEASE_WINDOWS.items()},
    "innleie_uten_sluttdato": count(leased() & pl.col(LEASE_END).is_null()),
    "boliger_med_personalbase": count(pl.col("boligtype") == "bofellesskap"),
    "smahus": count(pl.col("boligtype") == "smahus"),
}


def with_portfolio_columns(boliger: pl.LazyFrame) -> pl.LazyFrame:
    """`boliger` with every 1.1 column the portfolio reads, as nulls where the frame has none."""
    present = boliger.collect_schema().names()
    return boliger.with_columns(
        pl.lit(None, dtype).alias(name)
        for name, dtype in PORTFOLIO_COLUMNS.items()
        if name not in present
    )


def months_with_column(boliger: pl.LazyFrame, kolonner: pl.LazyFrame, column: str) -> pl.LazyFrame:
    """The dwelling months whose file carried the 1.1 `column`."""
    carried = kolonner.filter(has_column(column).fill_null(False)).select("maaned")
    return months_of(boliger).join(carried, on="maaned", how="semi")


def _count_cells(counts: pl.LazyFrame, grid: pl.LazyFrame, name: str) -> pl.LazyFrame:
    """`maaned, antall` counts as the long frame's rows for `name`, 0 in grid months without."""
    teller = pl.col("antall").fill_null(0).cast(pl.Int64)
    return grid.join(counts, on="maaned", how="left").select(
        pl.lit(name).alias("indikator"),
        "maaned",
        teller.alias("teller"),
        pl.lit(None, pl.Int64).alias("nevner"),
        teller.cast(pl.Float64).alias("verdi"),
    )


def landlords_by_month(boliger: pl.LazyFrame) -> pl.LazyFrame:
    """`maaned, utleier_id`: each landlord of an innleid or tildelingsrett dwelling, once a month.

    A private owner's dwelling without a `utleier_id` adds no landlord (it cannot be told apart).
    """
    return (
        boliger.filter(pl.col("eierform").is_in(PRIVATE_OWNERS), pl.col(LANDLORD).is_not_null())
        .select("maaned", LANDLORD)
        .unique()
    )


def private_landlords(boliger: pl.LazyFrame) -> pl.LazyFrame:
    """`private_utleiere`: distinct `utleier_id` among innleid and tildelingsrett dwellings."""
    landlords = landlords_by_month(boliger).group_by("maaned").agg(pl.len().alias("antall"))
    return _count_cells(landlords, months_of(boliger), "private_utleiere")


def _membership_changes(
    members: pl.LazyFrame, key: str, grid: pl.LazyFrame, names: tuple[str, str]
) -> pl.LazyFrame:
    """Per month of `grid`: keys in m and not in m−1 (`names[0]`), in m−1 and not in m (`names[1]`).

    `members` has one row per (maaned, key); `grid` holds the months whose m−1 is known.
    """
    now = members.with_columns(pl.lit(True).alias("naa"))
    before = members.select(
        pl.col("maaned").dt.offset_by("1mo"), key, pl.lit(True).alias("forrige")
    )
    pairs = now.join(before, on=["maaned", key], how="full", coalesce=True).with_columns(
        pl.col("naa", "forrige").fill_null(False)
    )
    came, left = names
    changes = {
        came: count(pl.col("naa") & ~pl.col("forrige")),
        left: count(pl.col("forrige") & ~pl.col("naa")),
    }
    return per_month(pairs, changes, grid=grid)


def dwelling_flows(boliger: pl.LazyFrame) -> pl.LazyFrame:
    """`boliger_inn` (in D(m), not in D(m−1)) and `boliger_ut` (in D(m−1), not in D(m)) by bolig_id.

    Only months whose calendar month before has a dwelling snapshot get a row.
    """
    members = boliger.select("maaned", "bolig_id").unique()
    grid = months_with_previous(months_of(boliger))
    return _membership_changes(members, "bolig_id", grid, DWELLING_FLOWS)


def landlord_flows(boliger: pl.LazyFrame, kolonner: pl.LazyFrame) -> pl.LazyFrame:
    """`private_utleiere_nye` and `private_utleiere_tapt`: landlords gained and lost in month m.

    A landlord is gained when its `utleier_id` owns a private owner's dwelling in D(m) and none
    in D(m−1), and lost the other way round; one who keeps one of two dwellings is neither. Only
    months where both m and m−1 carried `utleier_id` get a row.
    """
    grid = months_with_previous(months_with_column(boliger, kolonner, LANDLORD))
    return _membership_changes(landlords_by_month(boliger), LANDLORD, grid, LANDLORD_FLOWS)


def without_missing_inputs(values: pl.LazyFrame, kolonner: pl.LazyFrame) -> pl.LazyFrame:
    """`values` with no value (`teller`, `nevner`, `verdi` null) where the month lacks a column
    the indicator needs (`NEEDS`)."""
    flags = kolonner.select("maaned", *(has_column(column) for column in NEEDED_COLUMNS))
    missing = pl.any_horizontal(
        pl.col("indikator").is_in([name for name, needed in NEEDS.items() if needed == column])
        & ~has_column(column).fill_null(False)
        for column in NEEDED_COLUMNS
    )
    return (
        values.join(flags, on="maaned", how="left")
        .with_columns(
            pl.when(missing).then(None).otherwise(pl.col(name)).alias(name)
            for name in ("teller", "nevner", "verdi")
        )
        .select(values.collect_schema().names())
    )


def portfolio_values(boliger: pl.LazyFrame, kolonner: pl.LazyFrame) -> pl.LazyFrame:
    """Every portfolio indicator for every month: `indikator, maaned, teller, nevner, verdi`.

    Stocks (`STOCKS`, `private_utleiere`) have a row for every month with a dwelling snapshot,
    empty where the month lacks a 1.1 column they need; flows (`DWELLING_FLOWS`,
    `LANDLORD_FLOWS`) have a row only where they have a value.
    """
    boliger = with_portfolio_columns(boliger).cache()
    stocks = pl.concat(
        [per_month(boliger, STOCKS, grid=months_of(boliger)), private_landlords(boliger)]
    )
    return pl.concat(
        [
            without_missing_inputs(stocks, kolonner),
            dwelling_flows(boliger),
            landlord_flows(boliger, kolonner),
        ]
    )


def _code_grid(months: pl.LazyFrame, **codes: dict[str, str]) -> pl.LazyFrame:
    """Every month with every combination of the given code lists (column name -> codes)."""
    grid = months
    for column, code_list in codes.items():
        grid = grid.join(pl.LazyFrame({column: list(code_list)}), how="cross")
    return grid


def portfolio_by_type(boliger: pl.LazyFrame) -> pl.LazyFrame:
    """`kommunale_boliger` per month by `eierform` × `boligtype`, every combination (0 when none).

    Columns `indikator, maaned, eierform, boligtype, teller, nevner, verdi`.
    """
    by = ["eierform", "boligtype"]
    grid = _code_grid(months_of(boliger), eierform=EIERFORM, boligtype=BOLIGTYPE)
    return per_month(boliger, {"kommunale_boliger": count(every_row())}, grid=grid, by=by)


def vacancy_by_ownership(boliger: pl.LazyFrame) -> pl.LazyFrame:
    """`andel_ledige` (indicators.md) per month by `eierform`; no value where none are lettable.

    Columns `indikator, maaned, eierform, teller, nevner, verdi`.
    """
    grid = _code_grid(months_of(boliger), eierform=EIERFORM)
    vacancy = {"andel_ledige": DWELLINGS["andel_ledige"]}
    return per_month(boliger, vacancy, grid=grid, by=["eierform"])


def leases_ending(boliger: pl.LazyFrame, month: date) -> pl.LazyFrame:
    """The innleid dwellings of `month` (its first day) whose lease ends within 12 months of d(m).

    Columns `bolig_id, grunnkrets, leieavtale_til, innen_maaneder` (3, 6 or 12: the shortest
    window of `LEASE_WINDOWS` the end falls in), soonest first. `grunnkrets` is whatever the
    caller gives: pass the assigned area so dwellings placed by coordinates get theirs.
    """
    window = pl.lit(None, pl.Int32)
    for months in sorted(LEASE_WINDOWS.values(), reverse=True):
        window = pl.when(lease_ends_within(months)).then(pl.lit(months, pl.Int32)).otherwise(window)
    return (
        with_portfolio_columns(boliger)
        .filter(pl.col("maaned") == month)
        .with_columns(window.alias("innen_maaneder"))
        .filter(pl.col("innen_maaneder").is_not_null())
        .select("bolig_id", "grunnkrets", LEASE_END, "innen_maaneder")
        .sort(LEASE_END, "bolig_id")
    )


def missing_columns(boliger: pl.LazyFrame, kolonner: pl.LazyFrame) -> pl.LazyFrame:
    """Per dwelling month, the 1.1 columns the portfolio reads that its file did not carry.

    Columns `maaned, mangler` (a list of column names, empty when nothing is missing), so a
    screen can say what is missing instead of showing an empty figure.
    """
    carried = pl.concat_list(
        pl.when(has_column(column).fill_null(False)).then(None).otherwise(pl.lit(column))
        for column in PORTFOLIO_COLUMNS
    )
    return (
        months_of(boliger)
        .join(kolonner, on="maaned", how="left")
        .select("maaned", carried.list.drop_nulls().alias("mangler"))
        .sort("maaned")
    )
