"""The demo's living-conditions survey and BrukerPlan figures: shaped as reference-data.md says,
related to the municipal share without being a copy of it."""

from __future__ import annotations

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

from demo.living_conditions import (
    INDICATORS,
    SURVEY_YEARS,
    brukerplan,
    indicator_descriptions,
    survey,
)
from indicators.brukerplan import SITUATIONS

# 40 delområder whose municipal share rises from 0 to 19.5 %.
SHARES = pl.DataFrame(
    {"omrade": [f"1108{n:02d}" for n in range(40)], "andel": [n / 2 for n in range(40)]}
)


def test_the_survey_has_one_row_per_area_and_year_and_a_column_per_described_indicator():
    result = survey(SHARES, seed=1)

    assert result.height == 40 * len(SURVEY_YEARS)
    assert result.select("omrade", "aar").unique().height == result.height
    described = indicator_descriptions()["kolonne"].to_list()
    assert result.columns == ["omrade", "aar", *described]
    assert set(result["aar"]) == set(SURVEY_YEARS)


def test_every_indicator_stays_within_its_plausible_range():
    result = survey(SHARES, seed=1)

    for indicator in INDICATORS:
        values = result[indicator.column]
        assert values.min() >= indicator.lowest and values.max() <= indicator.highest
    assert result["levekarsindeks"].min() >= 1 and result["levekarsindeks"].max() <= 10


def test_living_conditions_are_poorer_where_the_share_is_high_but_not_only_there():
    result = (
        survey(SHARES, seed=1).filter(pl.col("aar") == SURVEY_YEARS[-1]).join(SHARES, on="omrade")
    )

    # Built with correlation 0.6 between the (log) share and the areas' conditions, plus noise.
    correlation = np.corrcoef(result["andel"], result["levekarsindeks"])[0, 1]
    assert 0.3 < correlation < 0.9
    # The high-is-good indicator falls where the index rises.
    assert np.corrcoef(result["hoyere_utdanning_andel"], result["levekarsindeks"])[0, 1] < 0


def test_the_same_seed_gives_the_same_survey_and_another_seed_another():
    assert_frame_equal(survey(SHARES, seed=1), survey(SHARES, seed=1))
    assert not survey(SHARES, seed=1).equals(survey(SHARES, seed=2))


def test_the_descriptions_say_which_way_is_bad():
    directions = dict(indicator_descriptions().select("kolonne", "hoy_er_darlig").iter_rows())

    assert directions["lavinntekt_andel"] is True
    assert directions["hoyere_utdanning_andel"] is False
    assert directions["levekarsindeks"] is True


def test_brukerplan_has_every_situation_every_year_and_fewer_without_a_home_over_time():
    result = brukerplan(seed=1)

    per_year = result.group_by("aar").agg(pl.col("boforhold").sort())
    assert all(sorted(SITUATIONS) == situations for situations in per_year["boforhold"].to_list())
    assert result["antall"].min() >= 0
    homeless = result.filter(pl.col("boforhold") == "uten_bolig").sort("aar")["antall"]
    # Planted: 4.6 % of about 560 in the first year down to 0.7 % of about 660 in the last;
    # the first three years hold about 65 in all, the last three about 25.
    assert homeless.head(3).sum() > 2 * homeless.tail(3).sum()
