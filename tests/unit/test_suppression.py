"""Small-count suppression: primary (counts, shares, medians), the strict threshold for sensitive
groups and areas, and secondary suppression where cells add up to a total."""

import polars as pl

from indicators.suppression import Thresholds, strict_breakdown, suppress
from indicators.tables import breakdown_table, indicator_table
from indicators.testing import month


def cells(*rows, inndeling=None):
    """Cells from `(indikator, gruppe, teller, nevner, verdi)`, all in period 2015-Q4."""
    frame = pl.LazyFrame(
        {
            "indikator": [row[0] for row in rows],
            "gruppe": [row[1] for row in rows],
            "periode_start": [month("2015-10")] * len(rows),
            "teller": [row[2] for row in rows],
            "nevner": [row[3] for row in rows],
            "verdi": [row[4] for row in rows],
        },
        schema={
            "indikator": pl.String,
            "gruppe": pl.String,
            "periode_start": pl.Date,
            "teller": pl.Int64,
            "nevner": pl.Int64,
            "verdi": pl.Float64,
        },
    )
    return frame if inndeling is None else frame.with_columns(pl.lit(inndeling).alias("inndeling"))


def hidden(frame):
    """The cells (indikator, gruppe) that are hidden, checking their values are gone."""
    data = frame.collect()
    gone = data.filter(pl.col("prikket"))
    assert gone.select(pl.col("teller", "nevner", "verdi").is_null().all()).row(0) == (True,) * 3
    return sorted((row["indikator"], row["gruppe"]) for row in gone.iter_rows(named=True))


def test_counts_below_three_are_hidden_including_zero():
    frame = cells(
        ("midlertidig", None, 2, None, 2.0),
        ("venteliste", None, 3, None, 3.0),
        ("housing_first", None, 0, None, 0.0),
    )
    # 2 < 3 and 0 < 3 are hidden; 3 is shown.
    assert hidden(suppress(frame)) == [("housing_first", None), ("midlertidig", None)]


def test_a_share_is_hidden_when_its_numerator_or_denominator_is_below_three():
    frame = cells(
        ("andel_trangbodde", "small numerator", 2, 50, 4.0),
        ("andel_ledige", "small denominator", 2, 2, 100.0),
        ("andel_rullestol", "both large enough", 3, 4, 75.0),
        ("midlertidig_over_3_mnd_andel", "nothing to share", 0, 0, None),
    )
    # 2 of 50 and 2 of 2 are hidden; 3 of 4 is shown; 0 of 0 has no value, but shows that
    # nobody is in temporary accommodation, so it is hidden too.
    assert hidden(suppress(frame)) == [
        ("andel_ledige", "small denominator"),
        ("andel_trangbodde", "small numerator"),
        ("midlertidig_over_3_mnd_andel", "nothing to share"),
    ]


def test_a_median_over_fewer_than_three_households_is_hidden():
    frame = cells(
        ("ventetid_median_dager", "two waiting", None, 2, 45.0),
        ("ventetid_median_dager", "three waiting", None, 3, 30.0),
    )
    assert hidden(suppress(frame)) == [("ventetid_median_dager", "two waiting")]


def test_a_flow_without_a_value_is_empty_not_hidden():
    frame = cells(("nye_leietakere", None, None, None, None))
    assert hidden(suppress(frame)) == []


def test_indicators_about_refugees_use_the_strict_threshold():
    frame = cells(
        ("flyktninger_privat_leie", None, 4, None, 4.0),
        ("flyktninger_til_privat_leie", None, 5, None, 5.0),
        ("venteliste", None, 4, None, 4.0),
    )
    # k = 5 for refugees: 4 is hidden, 5 shown; the waiting list keeps k = 3.
    assert hidden(suppress(frame)) == [("flyktninger_privat_leie", None)]


def test_the_thresholds_are_configurable():
    frame = cells(("venteliste", None, 9, None, 9.0), ("venteliste", "ti", 10, None, 10.0))
    assert hidden(suppress(frame, Thresholds(k=10, strict=20))) == [("venteliste", None)]


def test_sensitive_target_groups_and_area_cells_use_the_strict_threshold():
    frame = pl.concat(
        [
            cells(("venteliste", "flyktning", 4, None, 4.0), inndeling="malgruppe"),
            cells(("venteliste", "under_25", 4, None, 4.0), inndeling="malgruppe"),
            cells(("venteliste", "rus_psykisk", 4, None, 4.0), inndeling="malgruppe"),
            cells(("venteliste", "funksjonsnedsettelse", 4, None, 4.0), inndeling="malgruppe"),
            cells(("kommunale_boliger", "110801", 4, None, 4.0), inndeling="delomrade"),
        ]
    )
    # 4 < 5 for refugees, substance use/mental health, disability and areas; 4 ≥ 3 for the young.
    assert hidden(suppress(frame, strict=strict_breakdown())) == [
        ("kommunale_boliger", "110801"),
        ("venteliste", "flyktning"),
        ("venteliste", "funksjonsnedsettelse"),
        ("venteliste", "rus_psykisk"),
    ]


def area_cells(*counts):
    """Area cells of `kommunale_boliger` with these counts, named A, B, C, ..."""
    rows = [
        ("kommunale_boliger", chr(ord("A") + index), count, None, float(count))
        for index, count in enumerate(counts)
    ]
    return cells(*rows, inndeling="delomrade")


def suppress_areas(frame):
    return suppress(
        frame,
        strict=strict_breakdown(),
        partition=["indikator", "inndeling", "periode_start"],
        order=["gruppe"],
    )


def test_a_single_hidden_area_cell_takes_the_next_smallest_cell_with_it():
    # Total 2 + 12 + 10 = 24 is shown as the municipality's figure. Hiding only A (2 < 5) would
    # give it back as 24 − 12 − 10 = 2, so the smallest other cell, C (10), is hidden too.
    assert hidden(suppress_areas(area_cells(2, 12, 10))) == [
        ("kommunale_boliger", "A"),
        ("kommunale_boliger", "C"),
    ]


def test_hidden_cells_that_together_are_still_below_k_take_another_cell_with_them():
    # A (1) and B (1) are hidden, but together they are 2 < 5: the total would show that the
    # two hold 2 dwellings between them. C (40) is hidden too: 1 + 1 + 40 ≥ 5.
    assert hidden(suppress_areas(area_cells(1, 1, 40, 50))) == [
        ("kommunale_boliger", "A"),
        ("kommunale_boliger", "B"),
        ("kommunale_boliger", "C"),
    ]


def test_two_hidden_cells_that_together_reach_k_need_nothing_more():
    # A (3) and B (4) are hidden; 3 + 4 = 7 ≥ 5, so C and D stay.
    assert hidden(suppress_areas(area_cells(3, 4, 20, 30))) == [
        ("kommunale_boliger", "A"),
        ("kommunale_boliger", "B"),
    ]


def test_no_cell_is_hidden_when_every_area_is_large_enough():
    assert hidden(suppress_areas(area_cells(5, 6, 7))) == []


def test_ties_are_broken_the_same_way_every_time():
    # A (2) is hidden; B and C are both 10: B, the first by group, goes with it.
    assert hidden(suppress_areas(area_cells(2, 10, 10))) == [
        ("kommunale_boliger", "A"),
        ("kommunale_boliger", "B"),
    ]


def test_secondary_suppression_leaves_shares_alone():
    frame = pl.concat(
        [
            area_cells(2, 12, 10),
            cells(("andel_ledige", "A", 5, 10, 50.0), inndeling="delomrade"),
            cells(("andel_ledige", "B", 6, 10, 60.0), inndeling="delomrade"),
        ]
    )
    # Shares do not add up to a total; the counts behave as before.
    assert hidden(suppress_areas(frame)) == [("kommunale_boliger", "A"), ("kommunale_boliger", "C")]


def month_rows(*rows):
    """Monthly values `(indikator, "YYYY-MM", teller)` of count indicators."""
    return pl.LazyFrame(
        {
            "indikator": [row[0] for row in rows],
            "maaned": [month(row[1]) for row in rows],
            "teller": [row[2] for row in rows],
            "nevner": [None for _ in rows],
            "verdi": [float(row[2]) for row in rows],
        },
        schema={
            "indikator": pl.String,
            "maaned": pl.Date,
            "teller": pl.Int64,
            "nevner": pl.Int64,
            "verdi": pl.Float64,
        },
    )


def test_a_suppressed_table_gives_no_hidden_value_away_through_changes_or_status():
    months = month_rows(("midlertidig", "2015-01", 10), ("midlertidig", "2015-02", 2))
    targets = pl.LazyFrame({"indikator": ["midlertidig"], "aar": [2015], "verdi": [5.0]})
    table = indicator_table(months, targets, "month", thresholds=Thresholds()).collect()
    february = table.filter(
        (pl.col("indikator") == "midlertidig") & (pl.col("periode") == "2015-02")
    )
    # 2 is hidden; 10 − 2 and "nådd" (2 ≤ 5) would give it away, so they are empty too.
    assert february.select("verdi", "endring_forrige", "status", "prikket").row(0) == (
        None,
        None,
        None,
        True,
    )


def test_target_group_cells_overlap_so_they_get_no_secondary_suppression():
    rows = pl.concat(
        [
            month_rows(("venteliste", "2015-12", 3)).with_columns(
                pl.lit("malgruppe").alias("inndeling"),
                pl.lit("under_25").alias("gruppe"),
                pl.lit("Unge under 25 år").alias("gruppenavn"),
            ),
            month_rows(("venteliste", "2015-12", 40)).with_columns(
                pl.lit("malgruppe").alias("inndeling"),
                pl.lit("barnefamilie").alias("gruppe"),
                pl.lit("Barnefamilier").alias("gruppenavn"),
            ),
            month_rows(("venteliste", "2015-12", 2)).with_columns(
                pl.lit("malgruppe").alias("inndeling"),
                pl.lit("flyktning").alias("gruppe"),
                pl.lit("Flyktninger").alias("gruppenavn"),
            ),
        ]
    )
    table = breakdown_table(rows, "month", thresholds=Thresholds())
    # Only the refugees (2 < 5) are hidden; a household can be young and have children, so the
    # cells do not add up to anything and hiding more would protect nothing.
    assert hidden(table) == [("venteliste", "flyktning")]
