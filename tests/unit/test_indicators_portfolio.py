"""Portfolio indicators of indicators.md 1.1 and the Boligmasse breakdowns, worked out by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
from polars.testing import assert_frame_equal

from indicators.portfolio import (
    leases_ending,
    missing_columns,
    portfolio_by_type,
    portfolio_values,
    vacancy_by_ownership,
)

JAN, FEB, MAR, APR = date(2015, 1, 1), date(2015, 2, 1), date(2015, 3, 1), date(2015, 4, 1)
SCHEMA = {
    "maaned": pl.Date,
    "bolig_id": pl.String,
    "grunnkrets": pl.String,
    "eierform": pl.String,
    "boligtype": pl.String,
    "status": pl.String,
    "utleier_id": pl.String,
    "leieavtale_til": pl.Date,
}
DEFAULTS = {
    "maaned": FEB,
    "grunnkrets": "11080101",
    "eierform": "eid",
    "boligtype": "ordinaer",
    "status": "utleid",
    "utleier_id": None,
    "leieavtale_til": None,
}


def dwellings(*rows: dict[str, Any]) -> pl.LazyFrame:
    """D(m) rows; each needs maaned and bolig_id, the rest defaults to an owned ordinary one.

    Lease ends may be written `"2015-05-31"`.
    """
    filled = [{**DEFAULTS, **row} for row in rows]
    for row in filled:
        if isinstance(row["leieavtale_til"], str):
            row["leieavtale_til"] = date.fromisoformat(row["leieavtale_til"])
    return pl.LazyFrame({name: [row[name] for row in filled] for name in SCHEMA}, schema=SCHEMA)


def carried(*months: date, landlord: bool = True, lease_end: bool = True) -> pl.LazyFrame:
    """`kolonner` saying that the files of `months` carried (or not) the two 1.1 columns."""
    return pl.LazyFrame(
        {
            "maaned": list(months),
            "har_utleier_id": [landlord] * len(months),
            "har_leieavtale_til": [lease_end] * len(months),
        },
        schema={"maaned": pl.Date, "har_utleier_id": pl.Boolean, "har_leieavtale_til": pl.Boolean},
    )


def value(values: pl.LazyFrame, indikator: str, month: date) -> float | None:
    rows = values.filter(pl.col("indikator") == indikator, pl.col("maaned") == month).collect()
    assert rows.height == 1, f"{rows.height} rows for {indikator} in {month}"
    return rows.item(0, "verdi")


def has_row(values: pl.LazyFrame, indikator: str, month: date) -> bool:
    rows = values.filter(pl.col("indikator") == indikator, pl.col("maaned") == month)
    return rows.collect().height > 0


def lease(bolig_id: str, landlord: str | None, end: str | None, **other: str) -> dict[str, Any]:
    """An innleid dwelling of `landlord` whose lease ends on `end` (None: open-ended)."""
    return {
        "bolig_id": bolig_id,
        "eierform": "innleid",
        "utleier_id": landlord,
        "leieavtale_til": end,
        **other,
    }


def february_portfolio(month: date = FEB) -> pl.LazyFrame:
    """Ten dwellings; d(FEB) = 28.02.2015, d(m+3) = 31.05, d(m+6) = 31.08, d(m+12) = 29.02.2016."""
    return dwellings(
        # Leases ending exactly on d(m+3) and exactly on d(m+6).
        lease("B1", "U1", "2015-05-31"),
        lease("B2", "U1", "2015-08-31"),
        # Open-ended: no end date.
        lease("B3", "U2", None, boligtype="smahus"),
        # Ends on d(m) itself: not after d(m), so not "ending within".
        lease("B4", "U3", "2015-02-28"),
        # One day after d(m+6), and one day after d(m+12).
        lease("B5", "U3", "2015-09-01"),
        lease("B10", "U3", "2016-03-01"),
        {"bolig_id": "B6", "eierform": "tildelingsrett", "boligtype": "bofellesskap",
         "utleier_id": "U4"},
        {"bolig_id": "B7", "boligtype": "bofellesskap"},
        {"bolig_id": "B8", "boligtype": "smahus"},
        # A private owner's dwelling whose landlord is blank adds no landlord.
        {"bolig_id": "B9", "eierform": "tildelingsrett"},
    ).with_columns(pl.lit(month).alias("maaned"))  # fmt: skip


def test_portfolio_stocks_count_leases_landlords_staff_bases_and_small_houses():
    values = portfolio_values(february_portfolio(), carried(FEB))

    # innleid: B1, B2, B3, B4, B5, B10.
    assert value(values, "innleide_boliger", FEB) == 6
    # Distinct landlords of innleid and tildelingsrett dwellings: U1 (twice), U2, U3 (three
    # times), U4; B9's blank landlord adds none.
    assert value(values, "private_utleiere", FEB) == 4
    # bofellesskap: B6 and B7. smahus: B3 and B8.
    assert value(values, "boliger_med_personalbase", FEB) == 2
    assert value(values, "smahus", FEB) == 2


def test_a_lease_ending_exactly_on_the_last_day_of_month_m_plus_6_is_counted():
    values = portfolio_values(february_portfolio(), carried(FEB))

    # After 28.02 and on or before 31.05: B1. On or before 31.08: B1 and B2 (which ends exactly
    # on d(m+6)). On or before 29.02.2016: B1, B2 and B5. B4 ends on d(m), B10 after d(m+12).
    assert value(values, "innleie_utloper_3_mnd", FEB) == 1
    assert value(values, "innleie_utloper_6_mnd", FEB) == 2
    assert value(values, "innleie_utloper_12_mnd", FEB) == 3


def test_an_open_ended_lease_is_counted_as_open_ended_and_never_as_ending():
    values = portfolio_values(february_portfolio(), carried(FEB))

    # B3 has no end date; the owned and tildelingsrett dwellings without one are no leases.
    assert value(values, "innleie_uten_sluttdato", FEB) == 1


def test_a_version_1_month_has_no_value_for_what_needs_the_new_columns_but_keeps_the_rest():
    # March's file had neither column: the warehouse stores blanks, `kolonner` says so.
    march = february_portfolio(MAR).with_columns(
        pl.lit(None, pl.String).alias("utleier_id"), pl.lit(None, pl.Date).alias("leieavtale_til")
    )
    values = portfolio_values(march, carried(MAR, landlord=False, lease_end=False))

    for needs_new_columns in (
        "private_utleiere",
        "innleie_utloper_3_mnd",
        "innleie_utloper_6_mnd",
        "innleie_utloper_12_mnd",
        "innleie_uten_sluttdato",
    ):
        row = values.filter(pl.col("indikator") == needs_new_columns).collect()
        assert (row["teller"].to_list(), row["verdi"].to_list()) == ([None], [None])
    # eierform and boligtype are version-1 columns: these keep their values.
    assert value(values, "innleide_boliger", MAR) == 6
    assert value(values, "smahus", MAR) == 2
    assert value(values, "boliger_med_personalbase", MAR) == 2


def test_a_frame_without_the_new_columns_at_all_gives_no_value_either():
    old_frame = february_portfolio().drop("utleier_id", "leieavtale_til")
    nothing_carried = carried()

    values = portfolio_values(old_frame, nothing_carried)

    assert value(values, "private_utleiere", FEB) is None
    assert value(values, "innleie_utloper_6_mnd", FEB) is None
    assert value(values, "innleide_boliger", FEB) == 6


def test_a_file_with_only_one_of_the_columns_gives_the_indicators_of_that_column():
    values = portfolio_values(february_portfolio(), carried(FEB, landlord=True, lease_end=False))

    assert value(values, "private_utleiere", FEB) == 4
    assert value(values, "innleie_utloper_6_mnd", FEB) is None
    assert value(values, "innleie_uten_sluttdato", FEB) is None


def test_dwellings_in_and_out_compare_a_month_with_the_calendar_month_before():
    boliger = dwellings(
        *({"maaned": JAN, "bolig_id": bolig} for bolig in ("A", "B", "C")),
        *({"maaned": FEB, "bolig_id": bolig} for bolig in ("B", "C", "D", "E")),
        *({"maaned": APR, "bolig_id": bolig} for bolig in ("B", "F")),
    )

    values = portfolio_values(boliger, carried(JAN, FEB, APR))

    # FEB: D and E came, A left. JAN has no month before; APR's month before (MAR) is not loaded.
    assert (value(values, "boliger_inn", FEB), value(values, "boliger_ut", FEB)) == (2, 1)
    assert not has_row(values, "boliger_inn", JAN)
    assert not has_row(values, "boliger_ut", APR)


def test_a_landlord_with_two_dwellings_who_leaves_one_is_neither_gained_nor_lost():
    boliger = dwellings(
        {"maaned": JAN, "bolig_id": "L1", "eierform": "innleid", "utleier_id": "U1"},
        {"maaned": JAN, "bolig_id": "L2", "eierform": "innleid", "utleier_id": "U1"},
        {"maaned": JAN, "bolig_id": "L3", "eierform": "tildelingsrett", "utleier_id": "U2"},
        {"maaned": FEB, "bolig_id": "L1", "eierform": "innleid", "utleier_id": "U1"},
        {"maaned": FEB, "bolig_id": "L4", "eierform": "innleid", "utleier_id": "U4"},
        # An owned dwelling's utleier_id is no private landlord.
        {"maaned": FEB, "bolig_id": "L5", "eierform": "eid", "utleier_id": "U5"},
    )

    values = portfolio_values(boliger, carried(JAN, FEB))

    # U1 keeps L1 (left L2): still a landlord. U4 is new; U2 is gone. U5 owns no private dwelling.
    assert value(values, "private_utleiere_nye", FEB) == 1
    assert value(values, "private_utleiere_tapt", FEB) == 1
    assert value(values, "private_utleiere", JAN) == 2
    assert value(values, "private_utleiere", FEB) == 2


def test_landlord_flows_need_the_landlord_column_in_both_months():
    boliger = dwellings(
        *(
            {"maaned": month, "bolig_id": "L1", "eierform": "innleid", "utleier_id": landlord}
            for month, landlord in ((JAN, "U1"), (FEB, None), (MAR, "U2"))
        )
    )
    kolonner = pl.concat([carried(JAN, MAR), carried(FEB, landlord=False, lease_end=False)])

    values = portfolio_values(boliger, kolonner)

    # FEB's file had no utleier_id; MAR's month before is FEB, so neither has a flow.
    for month in (FEB, MAR):
        assert not has_row(values, "private_utleiere_nye", month)
        assert not has_row(values, "private_utleiere_tapt", month)
    # Dwellings in and out need no new column: L1 is there all three months.
    assert (value(values, "boliger_inn", MAR), value(values, "boliger_ut", MAR)) == (0, 0)


def test_portfolio_by_type_counts_every_ownership_and_type_combination():
    boliger = dwellings(
        {"maaned": JAN, "bolig_id": "A", "eierform": "eid", "boligtype": "smahus"},
        {"maaned": JAN, "bolig_id": "B", "eierform": "eid", "boligtype": "smahus"},
        {"maaned": JAN, "bolig_id": "C", "eierform": "innleid", "boligtype": "ordinaer"},
    )

    cells = portfolio_by_type(boliger).collect()

    # 3 ownership forms × 5 dwelling types; two owned small houses, one leased ordinary one.
    assert cells.height == 15
    counted = cells.filter(pl.col("teller") > 0).sort("eierform")
    expected = pl.DataFrame(
        {
            "indikator": ["kommunale_boliger", "kommunale_boliger"],
            "maaned": [JAN, JAN],
            "eierform": ["eid", "innleid"],
            "boligtype": ["smahus", "ordinaer"],
            "teller": [2, 1],
            "nevner": [None, None],
            "verdi": [2.0, 1.0],
        },
        schema=cells.schema,
    )
    assert_frame_equal(counted, expected)
    assert cells["teller"].sum() == 3


def test_vacancy_by_ownership_follows_andel_ledige():
    boliger = dwellings(
        {"maaned": JAN, "bolig_id": "E1", "status": "ledig"},
        *({"maaned": JAN, "bolig_id": f"E{n}", "status": "utleid"} for n in (2, 3, 4)),
        {"maaned": JAN, "bolig_id": "E5", "status": "utbedring"},
        *({"maaned": JAN, "bolig_id": f"I{n}", "eierform": "innleid"} for n in (1, 2)),
        {"maaned": JAN, "bolig_id": "T1", "eierform": "tildelingsrett", "status": "utbedring"},
    )

    cells = vacancy_by_ownership(boliger).collect().sort("eierform")

    # eid: 1 vacant of 1 + 3 lettable (the one under repair is left out) = 25 %. innleid: 0 of
    # 2 = 0 %. tildelingsrett: only one under repair, nothing lettable, so no value.
    expected = pl.DataFrame(
        {
            "indikator": ["andel_ledige"] * 3,
            "maaned": [JAN] * 3,
            "eierform": ["eid", "innleid", "tildelingsrett"],
            "teller": [1, 0, 0],
            "nevner": [4, 2, 0],
            "verdi": [25.0, 0.0, None],
        },
        schema=cells.schema,
    )
    assert_frame_equal(cells, expected)


def test_the_lease_list_shows_leases_ending_within_12_months_soonest_first():
    boliger = pl.concat(
        [february_portfolio(), february_portfolio(JAN).filter(pl.col("bolig_id") == "B1")]
    )

    listed = leases_ending(boliger, FEB).collect()

    # B1 (31.05, within 3), B2 (31.08, within 6), B5 (01.09, within 12); January's row of B1
    # belongs to another month.
    expected = pl.DataFrame(
        {
            "bolig_id": ["B1", "B2", "B5"],
            "grunnkrets": ["11080101"] * 3,
            "leieavtale_til": [date(2015, 5, 31), date(2015, 8, 31), date(2015, 9, 1)],
            "innen_maaneder": [3, 6, 12],
        },
        schema_overrides={"innen_maaneder": pl.Int32},
    )
    assert_frame_equal(listed, expected)


def test_missing_columns_says_what_a_month_lacks():
    boliger = dwellings({"maaned": JAN, "bolig_id": "A"}, {"maaned": FEB, "bolig_id": "A"})
    kolonner = pl.concat([carried(JAN), carried(FEB, landlord=False, lease_end=True)])

    missing = missing_columns(boliger, kolonner).collect()

    expected = pl.DataFrame(
        {"maaned": [JAN, FEB], "mangler": [[], ["utleier_id"]]},
        schema={"maaned": pl.Date, "mangler": pl.List(pl.String)},
    )
    assert_frame_equal(missing, expected)
