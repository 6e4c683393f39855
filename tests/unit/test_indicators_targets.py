"""Targets: a period against its year's target, status by the indicator's direction."""

import polars as pl

from indicators.targets import with_targets
from indicators.testing import month


def rolled(*rows):
    """Rolled-up values `(indikator, periode_start "YYYY-MM", verdi, maaneder)`."""
    return pl.LazyFrame(
        {
            "indikator": [row[0] for row in rows],
            "periode_start": [month(row[1]) for row in rows],
            "verdi": [row[2] for row in rows],
            "maaneder": [row[3] for row in rows],
        },
        schema={
            "indikator": pl.String,
            "periode_start": pl.Date,
            "verdi": pl.Float64,
            "maaneder": pl.Int32,
        },
    )


def targets(*rows):
    return pl.LazyFrame(
        {
            "indikator": [row[0] for row in rows],
            "aar": [row[1] for row in rows],
            "verdi": [row[2] for row in rows],
        }
    )


def statuses(values, mal):
    return with_targets(values, mal).select("mal", "status").collect().rows()


def test_lower_is_better_reaches_the_target_at_or_below_it():
    values = rolled(("midlertidig", "2015-10", 186.0, 3), ("midlertidig", "2015-07", 200.0, 3))
    # Target 186 for 2015: 186 ≤ 186 is reached; 200 misses by 14, more than 5 % of 186 (9.3).
    assert statuses(values, targets(("midlertidig", 2015, 186.0))) == [
        (186.0, "nådd"),
        (186.0, "ikke nådd"),
    ]


def test_a_value_within_five_percent_of_the_target_is_close():
    values = rolled(("venteliste", "2015-10", 88.0, 3), ("venteliste", "2015-07", 85.0, 3))
    # Target 84: 88 misses by 4 ≤ 4.2 (5 % of 84): close; 85 misses by 1: close too.
    assert statuses(values, targets(("venteliste", 2015, 84.0))) == [
        (84.0, "nær målet"),
        (84.0, "nær målet"),
    ]


def test_higher_is_better_reaches_the_target_at_or_above_it():
    values = rolled(("housing_first", "2015-10", 11.0, 3), ("housing_first", "2015-07", 9.0, 3))
    # Target 10: 11 ≥ 10 reached; 9 misses by 1 > 0.5 (5 % of 10).
    assert statuses(values, targets(("housing_first", 2015, 10.0))) == [
        (10.0, "nådd"),
        (10.0, "ikke nådd"),
    ]


def test_a_flows_yearly_target_is_scaled_to_the_months_its_value_covers():
    values = rolled(
        ("gjennomstromming", "2015-10", 6.0, 3),
        ("gjennomstromming", "2015-01", 20.0, 11),
    )
    # Yearly target 24: a quarter is measured against 24 × 3/12 = 6 (6 ≥ 6: reached); a year
    # whose flow covers 11 months against 24 × 11/12 = 22 (20 misses by 2 > 1.1: not reached).
    assert statuses(values, targets(("gjennomstromming", 2015, 24.0))) == [
        (6.0, "nådd"),
        (22.0, "ikke nådd"),
    ]


def test_a_period_is_compared_with_the_target_of_its_own_year():
    values = rolled(("midlertidig", "2014-10", 230.0, 3), ("midlertidig", "2016-01", 150.0, 3))
    mal = targets(("midlertidig", 2014, 240.0), ("midlertidig", 2015, 186.0))
    # 2014 has target 240 (230 reached); 2016 has no target at all.
    assert statuses(values, mal) == [(240.0, "nådd"), (None, None)]


def test_no_status_without_a_value_or_without_a_direction():
    values = rolled(("venteliste", "2015-10", None, 3), ("kommunale_boliger", "2015-10", 1300.0, 3))
    mal = targets(("venteliste", 2015, 84.0), ("kommunale_boliger", 2015, 1200.0))
    # The waiting list has no value; kommunale_boliger has no "better" direction.
    assert statuses(values, mal) == [(84.0, None), (1200.0, None)]
