"""Transitions between the situations at a period's start and end, worked out by hand."""

from datetime import date

import polars as pl
from polars.testing import assert_frame_equal

from indicators.transitions import compared_months, period_months, transitions
from tests.unit.pathway_testing import HOME, TEMPORARY, caseload, lives

WAITING = "venteliste"
DEC, JAN, FEB, MAR, APR = (date(2014, 12, 1), *(date(2015, m, 1) for m in (1, 2, 3, 4)))


def test_a_quarter_is_compared_between_the_month_before_it_and_its_last_month():
    loaded = {DEC, JAN, FEB, MAR}
    assert compared_months(JAN, MAR, loaded) == (DEC, MAR)
    # Without December's snapshot the quarter's start is unknown.
    assert compared_months(JAN, MAR, loaded - {DEC}) is None
    assert compared_months(JAN, APR, loaded) is None


def test_transitions_count_each_household_once_by_its_situation_at_the_start_and_the_end():
    husstander = caseload(
        # Months 2014-11 … 2015-04; the period is 2015-Q1, compared between DEC and MAR.
        *lives("A", "2014-12", TEMPORARY, TEMPORARY, HOME, HOME),  # midlertidig → kommunal
        *lives("B", "2014-12", TEMPORARY, TEMPORARY, TEMPORARY, TEMPORARY),  # stays
        *lives("B2", "2014-12", TEMPORARY, TEMPORARY, TEMPORARY, TEMPORARY),  # stays
        *lives("C", "2014-12", HOME, HOME, "privat_leie", HOME),  # back where it was: stays
        *lives("D", "2015-01", WAITING, WAITING, WAITING),  # came onto the caseload
        *lives("E", "2014-12", WAITING),  # left: in no snapshot after December
        *lives("F", "2014-12", WAITING, WAITING, WAITING, None, WAITING),  # away in MAR only
        *lives("G", "2015-02", TEMPORARY),  # came and went within the period
        *lives("H", "2015-04", WAITING),  # only after the period: not counted
        *lives("I", "2014-11", WAITING),  # only before it: not counted
    )
    expected = pl.DataFrame(
        {
            "source": [WAITING, WAITING, TEMPORARY, TEMPORARY, HOME, "utenfor", "utenfor"],
            "target": ["ute", "ukjent", TEMPORARY, HOME, HOME, WAITING, "ute"],
            "count": [1, 1, 2, 1, 1, 1, 1],  # E, F, B and B2, A, C, D, G
        }
    )
    assert_frame_equal(transitions(husstander, DEC, MAR).collect(), expected)


def test_transitions_take_the_situation_as_an_enum_as_the_service_reads_it():
    husstander = caseload(*lives("A", "2014-12", TEMPORARY, HOME, HOME, HOME)).with_columns(
        pl.col("situasjon").cast(pl.Enum([WAITING, TEMPORARY, HOME, "privat_leie", "eid_bolig"]))
    )
    found = transitions(husstander, DEC, MAR).collect()
    assert found.rows() == [(TEMPORARY, HOME, 1)]


def test_a_quarter_and_a_year_run_from_their_first_to_their_last_month():
    assert period_months("2025-Q3") == (date(2025, 7, 1), date(2025, 9, 1))
    assert period_months("2024") == (date(2024, 1, 1), date(2024, 12, 1))
