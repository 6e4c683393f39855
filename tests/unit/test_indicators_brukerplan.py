"""BrukerPlan: people mapped by housing situation per year, shares, suppression of small counts."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core.settings import Thresholds
from indicators.brukerplan import SITUATIONS, TOTAL, by_situation, key_shares, suppressed

# One year's report: 500 people mapped in all.
YEAR_2024 = {
    "egen_bolig": 300,
    "kommunal_bolig": 120,
    "midlertidig": 12,
    "institusjon": 30,
    "uten_bolig": 3,
    "annet": 35,
}


def _rows(*years: tuple[int, dict[str, int]]) -> pl.LazyFrame:
    return pl.DataFrame(
        [(year, situation, count) for year, counts in years for situation, count in counts.items()],
        schema={"aar": pl.Int32, "boforhold": pl.String, "antall": pl.Int64},
        orient="row",
    ).lazy()


def test_each_situation_has_its_count_and_share_of_the_years_total():
    table = by_situation(_rows((2024, YEAR_2024))).collect()

    # 300 + 120 + 12 + 30 + 3 + 35 = 500: shares 60, 24, 2.4, 6, 0.6 and 7 %.
    expected = pl.DataFrame(
        {
            "aar": [2024] * 7,
            "boforhold": [*SITUATIONS, TOTAL],
            "antall": [300, 120, 12, 30, 3, 35, 500],
            "andel": [60.0, 24.0, 2.4, 6.0, 0.6, 7.0, 100.0],
        },
        schema_overrides={"aar": pl.Int32},
    )
    assert_frame_equal(table, expected)


def test_the_key_shares_are_those_without_a_home_and_in_temporary_accommodation():
    table = by_situation(_rows((2024, YEAR_2024))).collect()

    shares = key_shares(table)

    assert shares["boforhold"].to_list() == ["midlertidig", "uten_bolig", TOTAL]
    assert shares["andel"].to_list() == pytest.approx([2.4, 0.6, 100.0])


def test_a_year_whose_total_is_zero_has_no_shares():
    table = by_situation(_rows((2024, dict.fromkeys(SITUATIONS, 0)))).collect()

    assert table["andel"].null_count() == 7


def _hidden(table: pl.DataFrame, year: int) -> list[str]:
    return table.filter(pl.col("aar") == year, pl.col("prikket"))["boforhold"].to_list()


def test_a_count_below_five_is_hidden_and_so_is_the_smallest_shown_count_of_its_year():
    table = suppressed(by_situation(_rows((2024, YEAR_2024))).collect(), Thresholds())

    # uten_bolig (3) is below k = 5; the total would give it back (500 − 497), so the smallest
    # shown count, midlertidig (12), is hidden too. Together they hold 15 ≥ 5.
    assert _hidden(table, 2024) == ["midlertidig", "uten_bolig"]
    hidden = table.filter(pl.col("prikket"))
    assert hidden["antall"].null_count() == 2 and hidden["andel"].null_count() == 2
    shown = table.filter(pl.col("boforhold") == TOTAL).row(0, named=True)
    assert (shown["antall"], shown["andel"], shown["prikket"]) == (500, 100.0, False)


def test_hidden_counts_that_add_up_to_less_than_five_take_more_with_them():
    counts = YEAR_2024 | {"midlertidig": 2, "uten_bolig": 1, "institusjon": 20}

    table = suppressed(by_situation(_rows((2023, counts))).collect(), Thresholds())

    # 2 and 1 are both below 5, but together only 3: a reader would know each is at most 3.
    # The smallest shown count, institusjon (20), joins them: 23 ≥ 5.
    assert _hidden(table, 2023) == ["midlertidig", "institusjon", "uten_bolig"]


def test_a_year_with_no_small_count_is_shown_whole_and_years_stand_alone():
    safe = YEAR_2024 | {"uten_bolig": 9}

    table = suppressed(by_situation(_rows((2023, safe), (2024, YEAR_2024))).collect(), Thresholds())

    assert _hidden(table, 2023) == []
    assert _hidden(table, 2024) == ["midlertidig", "uten_bolig"]


def test_zero_is_a_small_count_too():
    counts = YEAR_2024 | {"uten_bolig": 0, "midlertidig": 40}

    table = suppressed(by_situation(_rows((2024, counts))).collect(), Thresholds())

    # 0 is below 5; the smallest shown count is now institusjon (30).
    assert _hidden(table, 2024) == ["institusjon", "uten_bolig"]


def test_the_threshold_is_the_strict_one_of_the_settings():
    counts = YEAR_2024 | {"uten_bolig": 6}

    table = suppressed(by_situation(_rows((2024, counts))).collect(), Thresholds(k=3, strict=7))

    # People mapped for substance use and mental health are a protected group: k = 7 here.
    assert _hidden(table, 2024) == ["midlertidig", "uten_bolig"]


def test_a_total_below_five_hides_the_whole_year():
    counts = dict.fromkeys(SITUATIONS, 0) | {"egen_bolig": 3, "uten_bolig": 1}

    table = suppressed(by_situation(_rows((2024, counts))).collect(), Thresholds())

    assert table["prikket"].all()
    assert table["antall"].null_count() == table.height
