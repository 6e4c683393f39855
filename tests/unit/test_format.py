"""Numbers, shares, dates, months and quarters as Norwegian (and English) readers expect them."""

from datetime import date, datetime

import pytest

from core import formatting as fmt

NBSP = "\xa0"  # babel's Norwegian thousands separator: a space that never breaks a number


def test_numbers_group_thousands_with_a_space_and_use_a_decimal_comma():
    assert fmt.number(1234.5, 1) == f"1{NBSP}234,5"
    assert fmt.number(1234.5, 1, "en") == "1,234.5"
    assert fmt.number(186) == "186"


def test_numbers_round_to_the_decimals_asked_for():
    # 2.26 rounds up to 2,3; 1999.6 rounds up to a new thousand.
    assert fmt.number(2.26, 1) == "2,3"
    assert fmt.number(1999.6) == f"2{NBSP}000"


def test_suppressed_values_show_as_a_colon_and_missing_ones_as_two_dots():
    assert fmt.number(5, suppressed=True) == ":"
    assert fmt.percent(12.5, suppressed=True) == ":"
    assert fmt.number(None) == ".."
    assert fmt.number(float("nan")) == ".."
    assert fmt.by_unit(None, "percent") == ".."


def test_percentages_take_a_comma_and_a_space_before_the_sign_in_norwegian():
    assert fmt.percent(12.5) == f"12,5{NBSP}%"
    assert fmt.percent(12.5, language="en") == "12.5%"
    assert fmt.percent(20, 0) == f"20{NBSP}%"


def test_changes_carry_their_sign_with_a_true_minus():
    assert fmt.signed(44) == "+44"
    assert fmt.signed(-44) == "−44"
    assert fmt.signed(0) == "0"
    # 4 -> 5 dwellings is +25 %.
    assert fmt.percent(25.0, sign=True) == f"+25,0{NBSP}%"
    assert fmt.percent(-100.0, sign=True) == f"−100,0{NBSP}%"


def test_indicator_values_follow_their_unit():
    assert fmt.by_unit(186, "count") == "186"
    assert fmt.by_unit(18.44, "per_1000") == "18,4"
    assert fmt.by_unit(7.25, "percent") == f"7,2{NBSP}%"  # half to even
    assert fmt.by_unit(1.456, "ratio") == "1,46"
    assert fmt.by_unit(240, "days") == "240"


def test_dates_are_day_month_year_with_dots():
    assert fmt.day(date(2026, 10, 31)) == "31.10.2026"
    assert fmt.day(date(2026, 10, 31), "en") == "31/10/2026"


def test_stored_utc_times_are_shown_in_oslo_time():
    # 31 October 2026 is winter time in Oslo: UTC+1. 1 July is summer time: UTC+2.
    assert fmt.moment(datetime(2026, 10, 31, 13, 5)) == "31.10.2026 14:05"
    assert fmt.moment(datetime(2026, 7, 1, 22, 30)) == "02.07.2026 00:30"


def test_months_are_written_out_in_the_language():
    assert fmt.month("2026-10") == "oktober 2026"
    assert fmt.month(date(2026, 10, 1), "en") == "October 2026"
    assert fmt.month(date(2015, 12, 31)) == "desember 2015"


def test_quarters_are_year_then_k_and_number_in_norwegian():
    assert fmt.quarter("2026-Q3") == "2026 K3"
    assert fmt.quarter("2026-Q3", "en") == "2026 Q3"
    assert fmt.quarter("2015Q4") == "2015 K4"


@pytest.mark.parametrize("text", ["2026-Q5", "2026-3", "K3"])
def test_a_quarter_that_is_not_one_is_refused(text):
    with pytest.raises(ValueError):
        fmt.quarter(text)
