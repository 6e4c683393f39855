"""The leie-til-eie funnel, time to purchase and cohorts, on a hand-made caseload."""

from datetime import date

import polars as pl
from polars.testing import assert_frame_equal

from indicators.funnel import (
    cohorts,
    funnel,
    months_to_purchase,
    reader_funnel,
    track_households,
)
from indicators.table_suppression import suppressed_table
from tests.unit.pathway_testing import HOME, caseload, lives

END = date(2015, 6, 1)
OWNS = "eid_bolig"


def caseload_on_the_track() -> pl.LazyFrame:
    """Months 2015-01 … 2015-07; the funnel is taken as of 2015-06."""
    return caseload(
        # A enters in 2015-01, gets a startlån in March, owns from April: 3 months.
        *lives("A", "2015-01", HOME, HOME),
        *lives("A", "2015-03", HOME, startlan_dato="2015-03-10"),
        *lives("A", "2015-04", OWNS, OWNS, OWNS, startlan_dato="2015-03-10"),
        # B entered in 2014-11 and is still a tenant on the track.
        *lives("B", "2015-01", *[HOME] * 6),
        # C enters in 2015-02 and is taken off the track in April, still a tenant.
        *lives("C", "2015-02", HOME, HOME),
        *lives("C", "2015-04", HOME, HOME, HOME, leie_til_eie_fra=None),
        # D enters in 2015-02 and is in no snapshot after April: left.
        *lives("D", "2015-02", HOME, HOME, HOME),
        # E enters in 2015-01, is missing from June only (back in July): unknown.
        *lives("E", "2015-01", HOME, HOME, HOME, HOME, HOME, None, HOME),
        # F entered in 2014-12, startlån in January, owns from February: 2 months.
        *lives("F", "2015-01", HOME, startlan_dato="2015-01-20"),
        *lives("F", "2015-02", *[OWNS] * 5, startlan_dato="2015-01-20"),
        # G owns without ever being on the track; H enters after the end month.
        *lives("G", "2015-01", *[OWNS] * 6),
        *lives("H", "2015-07", HOME),
        track={
            "A": "2015-01-15",
            "B": "2014-11-20",
            "C": "2015-02-01",
            "D": "2015-02-10",
            "E": "2015-01-05",
            "F": "2014-12-01",
            "H": "2015-07-01",
        },
    )


def test_the_funnel_counts_who_entered_got_a_startlan_and_bought_by_the_end_month():
    found = funnel(track_households(caseload_on_the_track(), END)).collect()
    # Entered: A, B, C, D, E, F (6; not G, never on it, nor H, after June). Startlån: A, F.
    # Bought: A, F.
    expected = pl.DataFrame({"trinn": ["inn", "startlan", "kjopt"], "antall": [6, 2, 2]})
    assert_frame_equal(found, expected)


def test_the_median_time_to_purchase_is_in_whole_months_from_entering_the_track():
    found = months_to_purchase(track_households(caseload_on_the_track(), END)).collect()
    # A: January to April, 3 months; F: December to February, 2. Median of two: 2.5.
    assert found.row(0) == (2, 2.5)


def test_cohorts_give_each_quarter_s_households_by_their_status_in_the_end_month():
    found = cohorts(track_households(caseload_on_the_track(), END)).collect()
    # 2014-Q4: B on the track, F bought. 2015-Q1: A bought, C taken off the track and D gone
    # (both left without buying), E missing from June's snapshot only (unknown).
    expected = pl.DataFrame(
        {
            "kvartal": ["2014-Q4", "2014-Q4", "2015-Q1", "2015-Q1", "2015-Q1"],
            "status": ["paa_sporet", "kjopt", "kjopt", "ute_uten_kjop", "ukjent"],
            "antall": [1, 1, 1, 2, 1],
        }
    )
    assert_frame_equal(found, expected)


def test_owning_counts_as_a_purchase_only_with_the_track_set_and_after_entering_it():
    husstander = caseload(
        # A owns in February, but its snapshot no longer has it on the track.
        *lives("A", "2015-01", HOME),
        *lives("A", "2015-02", OWNS, leie_til_eie_fra=None),
        # B owned in January, before the track it entered in February says it entered.
        *lives("B", "2015-01", OWNS, leie_til_eie_fra="2015-01-01"),
        *lives("B", "2015-02", HOME, leie_til_eie_fra="2015-02-10"),
        track={"A": "2014-10-01"},
    )
    track = track_households(husstander, date(2015, 2, 1)).collect().sort("husstand_id")
    # Neither bought: A left the track (it owns now, but not as a leie-til-eie purchase);
    # B's latest entry is February's, and it rents in February.
    assert track.select("husstand_id", "kjopt", "status").rows() == [
        ("A", None, "ute_uten_kjop"),
        ("B", None, "paa_sporet"),
    ]


def test_the_median_time_to_purchase_is_empty_when_nobody_bought():
    husstander = caseload(*lives("A", "2015-01", HOME), track={"A": "2014-10-01"})
    found = months_to_purchase(track_households(husstander, date(2015, 1, 1))).collect()
    assert found.row(0) == (0, None)


def reader_view(k: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    track = track_households(caseload_on_the_track(), END)
    table = suppressed_table(
        cohorts(track).collect(), row="kvartal", column="status", value="antall", k=k
    )
    return reader_funnel(funnel(track).collect(), months_to_purchase(track).collect(), table, k)


def test_a_reader_sees_the_whole_funnel_when_no_count_is_small():
    stages, bought = reader_view(k=1)
    # As the funnel above: 6 entered, 2 with a startlån, 2 bought in a median 2.5 months.
    assert stages.select("trinn", "antall", "prikket").rows() == [
        ("inn", 6, False),
        ("startlan", 2, False),
        ("kjopt", 2, False),
    ]
    assert bought.row(0) == (2, 2.5, False)


def test_a_reader_sees_no_small_stage_and_no_median_of_fewer_than_k_purchases():
    stages, bought = reader_view(k=3)
    # 2 startlån and 2 purchases are below 3; the 6 who entered are the cohorts' grand total,
    # which the cohort table shows (its hidden cells are parts, each row keeps a shown sum).
    assert stages.select("trinn", "antall", "prikket").rows() == [
        ("inn", 6, False),
        ("startlan", None, True),
        ("kjopt", None, True),
    ]
    assert bought.row(0) == (None, None, True)


def test_the_funnel_hides_a_purchase_count_the_cohort_table_hides_even_above_k():
    stages = pl.DataFrame({"trinn": ["inn", "startlan", "kjopt"], "antall": [40, 9, 7]})
    bought = pl.DataFrame({"kjopt": [7], "median_maaneder": [14.0]})
    # The cohorts' kjopt column total (7) is hidden there as a complementary cell: shown in
    # the funnel, it would give back the hidden cells.
    table = pl.DataFrame(
        {
            "kvartal": [None, None, None],
            "status": ["kjopt", "paa_sporet", None],
            "antall": [None, 33, 40],
            "prikket": [True, False, False],
        },
        schema_overrides={"kvartal": pl.String, "antall": pl.Int64},
    )
    shown, median = reader_funnel(stages, bought, table, k=3)
    assert shown.select("antall", "prikket").rows() == [(40, False), (9, False), (None, True)]
    assert median.row(0) == (None, None, True)
