"""Period roll-up (stock: last month with a snapshot; flow: sum of months with a value), labels
and comparisons with the previous period and the same period last year."""

import polars as pl
from polars.testing import assert_frame_equal

from indicators.periods import period_label, roll_up, with_changes
from indicators.testing import month, value_of


def monthly(*rows):
    """Monthly values from `(indikator, "YYYY-MM", verdi)`; counts, so teller = verdi."""
    return pl.LazyFrame(
        {
            "indikator": [name for name, _, _ in rows],
            "maaned": [month(text) for _, text, _ in rows],
            "teller": [value for _, _, value in rows],
            "nevner": [None for _ in rows],
            "verdi": [None if value is None else float(value) for _, _, value in rows],
        },
        schema={
            "indikator": pl.String,
            "maaned": pl.Date,
            "teller": pl.Int64,
            "nevner": pl.Int64,
            "verdi": pl.Float64,
        },
    )


def test_a_stock_quarter_takes_the_last_month_with_a_snapshot():
    # March has no snapshot, so Q1 is February's value.
    values = roll_up(
        monthly(("midlertidig", "2015-01", 230), ("midlertidig", "2015-02", 225)), "quarter"
    )
    assert value_of(values, "midlertidig", "2015-Q1") == 225


def test_a_stock_year_is_its_last_months_value_even_when_that_value_is_empty():
    values = roll_up(
        monthly(
            ("ventetid_median_dager", "2015-11", 40), ("ventetid_median_dager", "2015-12", None)
        ),
        "year",
    )
    # December has a snapshot but nobody waiting: the year has no value (not November's).
    assert value_of(values, "ventetid_median_dager", "2015") is None


def test_a_flow_quarter_sums_the_months_with_a_value_and_says_it_covers_fewer_months():
    values = roll_up(
        monthly(("nye_leietakere", "2015-02", 2), ("nye_leietakere", "2015-03", 3)), "quarter"
    ).collect()
    # January had no value (first month): 2 + 3 = 5 over 2 of the quarter's 3 months.
    row = values.row(0, named=True)
    assert (row["verdi"], row["maaneder"], row["maaneder_i_perioden"]) == (5.0, 2, 3)
    assert row["faerre_maaneder"] is True


def test_a_flow_year_with_every_month_is_not_marked_as_covering_fewer_months():
    rows = [("startlan", f"2015-{number:02d}", 1) for number in range(1, 13)]
    values = roll_up(monthly(*rows), "year").collect()
    # 12 months × 1 = 12
    assert values.select("verdi", "faerre_maaneder").row(0) == (12.0, False)


def test_a_flow_period_without_any_month_with_a_value_has_no_row():
    values = roll_up(monthly(("til_eid_bolig", "2015-01", None)), "quarter").collect()
    assert values.height == 0


def test_a_month_rolls_up_to_itself():
    values = roll_up(monthly(("midlertidig", "2015-12", 186), ("startlan", "2015-12", 2)), "month")
    assert value_of(values, "midlertidig", "2015-12") == 186
    assert value_of(values, "startlan", "2015-12") == 2


def test_period_labels_are_month_quarter_and_year():
    starts = pl.DataFrame({"periode_start": [month("2015-12"), month("2015-10")]})
    labels = starts.select(
        period_label("month").alias("month"),
        period_label("quarter").alias("quarter"),
        period_label("year").alias("year"),
    )
    expected = pl.DataFrame(
        {
            "month": ["2015-12", "2015-10"],
            "quarter": ["2015-Q4", "2015-Q4"],
            "year": ["2015", "2015"],
        }
    )
    assert_frame_equal(labels, expected)


def test_changes_compare_with_the_previous_quarter_and_the_same_quarter_last_year():
    values = roll_up(
        monthly(
            ("midlertidig", "2014-12", 230),
            ("midlertidig", "2015-09", 200),
            ("midlertidig", "2015-12", 186),
        ),
        "quarter",
    )
    row = with_changes(values, "quarter").filter(pl.col("periode") == "2015-Q4").collect()
    # Q3 2015: 200, so 186 − 200 = −14; Q4 2014: 230, so 186 − 230 = −44
    assert row.select("forrige", "endring_forrige", "i_fjor", "endring_i_fjor").row(0) == (
        200.0,
        -14.0,
        230.0,
        -44.0,
    )


def test_changes_are_empty_when_the_earlier_period_has_no_value():
    values = roll_up(monthly(("venteliste", "2015-03", 100)), "month")
    row = with_changes(values, "month").collect()
    # No February and no March 2014.
    assert row.select("forrige", "endring_forrige", "i_fjor", "endring_i_fjor").row(0) == (
        None,
        None,
        None,
        None,
    )


def test_a_flow_covering_fewer_months_is_compared_only_with_as_many_months():
    values = roll_up(
        monthly(
            ("nye_leietakere", "2015-07", 4),
            ("nye_leietakere", "2015-08", 3),
            ("nye_leietakere", "2015-09", 2),
            ("nye_leietakere", "2015-10", 5),
        ),
        "quarter",
    )
    row = with_changes(values, "quarter").filter(pl.col("periode") == "2015-Q4").collect()
    # Q4 holds only October (5) against Q3's 4 + 3 + 2 = 9: the value before is shown, but
    # 5 − 9 = −4 would read as a fall that did not happen, so there is no change.
    assert row.select("verdi", "forrige", "endring_forrige").row(0) == (5.0, 9.0, None)


def test_the_previous_month_of_january_is_december():
    values = roll_up(
        monthly(("venteliste", "2014-12", 141), ("venteliste", "2015-01", 130)), "month"
    )
    row = with_changes(values, "month").filter(pl.col("periode") == "2015-01").collect()
    # 130 − 141 = −11
    assert row.select("forrige", "endring_forrige").row(0) == (141.0, -11.0)
