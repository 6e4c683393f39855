"""Pipeline indicators of indicators.md 1.1 and the timeline of units, worked out by hand."""

from __future__ import annotations

from datetime import date

import polars as pl
from polars.testing import assert_frame_equal

from indicators.pipeline import pipeline_values, units_by_status_and_year

SCHEMA = {
    "prosjekt_id": pl.String,
    "boliger": pl.Int32,
    "status": pl.String,
    "forventet_ferdig": pl.String,
    "ferdig_dato": pl.Date,
}
MAY, JUN, DEC, JAN_NEXT = date(2015, 5, 1), date(2015, 6, 1), date(2015, 12, 1), date(2016, 1, 1)
# The register describes 20.06.2015: June (d = 30.06) and later months are in force, May is not.
AS_OF = date(2015, 6, 20)


def register(*rows: tuple) -> pl.LazyFrame:
    """Projects from (prosjekt_id, boliger, status, forventet_ferdig, ferdig_dato) tuples."""
    return pl.LazyFrame(rows, schema=SCHEMA, orient="row")


REGISTER = register(
    ("P1", 18, "planlagt", "2017", None),
    ("P2", 4, "planlagt", "2017-Q2", None),
    ("P3", 10, "regulert", "2016-Q4", None),
    ("P4", 6, "under_bygging", "2016", None),
    ("P5", 9, "ferdig", None, date(2015, 6, 15)),
    ("P6", 7, "ferdig", None, date(2015, 12, 31)),
    ("P7", 12, "ferdig", None, date(2014, 11, 1)),
    ("P8", 30, "avlyst", "2018", None),
)


def months(*firsts: date) -> pl.LazyFrame:
    return pl.LazyFrame({"maaned": list(firsts)}, schema={"maaned": pl.Date})


def values_of(values: pl.LazyFrame, month: date) -> dict[str, float | None]:
    rows = values.filter(pl.col("maaned") == month).collect()
    return dict(zip(rows["indikator"], rows["verdi"], strict=True))


def test_units_per_status_are_summed_over_the_projects_with_that_status():
    values = pipeline_values(REGISTER, months(JUN), as_of=AS_OF)

    # planlagt: P1 18 + P2 4 = 22; regulert: P3 10; under_bygging: P4 6. P8 is cancelled.
    june = values_of(values, JUN)
    assert june["prosjektboliger_planlagt"] == 22
    assert june["prosjektboliger_regulert"] == 10
    assert june["prosjektboliger_under_bygging"] == 6


def test_completed_this_year_counts_completions_in_the_year_up_to_the_months_last_day():
    values = pipeline_values(REGISTER, months(JUN, DEC, JAN_NEXT), as_of=AS_OF)

    # June: P5 (15.06.2015); P6 is finished only on 31.12, P7 in 2014. December: P5 + P6 =
    # 9 + 7 = 16, P6 on d(m) itself. January 2016: nothing finished in 2016 yet.
    assert values_of(values, JUN)["prosjektboliger_ferdig_i_aar"] == 9
    assert values_of(values, DEC)["prosjektboliger_ferdig_i_aar"] == 16
    assert values_of(values, JAN_NEXT)["prosjektboliger_ferdig_i_aar"] == 0


def test_months_before_the_register_describes_have_no_pipeline_value():
    values = pipeline_values(REGISTER, months(MAY, JUN), as_of=AS_OF)

    # d(May) = 31.05 is before 20.06: today's statuses say nothing about May.
    may = values.filter(pl.col("maaned") == MAY).collect()
    assert may.height == 4
    assert may["teller"].null_count() == 4
    assert may["verdi"].null_count() == 4


def test_an_empty_register_counts_zero_units_in_the_months_it_covers():
    values = pipeline_values(register(), months(JUN), as_of=AS_OF).collect().sort("indikator")

    expected = pl.DataFrame(
        {
            "indikator": [
                "prosjektboliger_ferdig_i_aar",
                "prosjektboliger_planlagt",
                "prosjektboliger_regulert",
                "prosjektboliger_under_bygging",
            ],
            "maaned": [JUN] * 4,
            "teller": [0] * 4,
            "nevner": [None] * 4,
            "verdi": [0.0] * 4,
        },
        schema=values.schema,
    )
    assert_frame_equal(values, expected)


def test_the_timeline_has_units_per_status_and_expected_or_completion_year():
    timeline = units_by_status_and_year(REGISTER).collect()

    # ferdig by completion year: 2014 P7 12, 2015 P5 + P6 = 16. By expected year: 2016
    # regulert P3 10 and under_bygging P4 6; 2017 planlagt P1 + P2 = 22 ("2017-Q2" is 2017).
    # The cancelled P8 is left out.
    expected = pl.DataFrame(
        {
            "status": ["ferdig", "ferdig", "regulert", "under_bygging", "planlagt"],
            "aar": [2014, 2015, 2016, 2016, 2017],
            "boliger": [12, 16, 10, 6, 22],
        },
        schema={"status": pl.String, "aar": pl.Int32, "boliger": pl.Int64},
    )
    assert_frame_equal(timeline, expected)
