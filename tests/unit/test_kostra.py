"""KOSTRA: the skjema 13 draft from hand-made months, and our figures beside SSB's."""

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core.settings import ComparisonGroup
from indicators.kostra import (
    COUNTERPARTS,
    DRAFT_FIGURES,
    compare_with_published,
    compared_figures,
    comparison_regions,
    comparison_series,
    kostra_variables,
    large_swing,
    measure_of,
    skjema13_draft,
)
from indicators.testing import households
from warehouse.validation.ssb_tables import VALUES_SCHEMA

DWELLING_SCHEMA = {
    "maaned": pl.Date,
    "bolig_id": pl.String,
    "eierform": pl.String,
    "boligtype": pl.String,
    "rullestol": pl.Boolean,
}
NO_DWELLINGS = pl.LazyFrame(schema=DWELLING_SCHEMA)
NO_HOUSEHOLDS = households()


def dwellings(*rows: dict) -> pl.LazyFrame:
    """Dwellings from dicts with `maaned` ("2024-12"); owned ordinary units unless said."""
    defaults = {"eierform": "eid", "boligtype": "ordinaer", "rullestol": False}
    filled = [{**defaults, **row} for row in rows]
    for number, row in enumerate(filled):
        year, month = row["maaned"].split("-")
        row["maaned"] = date(int(year), int(month), 1)
        row.setdefault("bolig_id", f"B{number}")
    return pl.LazyFrame(filled, schema=DWELLING_SCHEMA)


def draft(boliger=NO_DWELLINGS, husstander=NO_HOUSEHOLDS, year=2024) -> pl.DataFrame:
    return skjema13_draft(boliger, husstander, year).collect()


def figure(result: pl.DataFrame, figure_id: str) -> dict:
    (row,) = result.filter(pl.col("figur") == figure_id).to_dicts()
    return row


def values_of(result: pl.DataFrame, *figure_ids: str) -> list:
    return [figure(result, figure_id)["verdi"] for figure_id in figure_ids]


def temporary(household_id: str, month: str, since: str, **columns) -> dict:
    return {
        "maaned": month,
        "husstand_id": household_id,
        "situasjon": "midlertidig",
        "i_situasjon_fra": since,
        **columns,
    }


# --- Year-end stocks ---------------------------------------------------------------------------


def test_the_stock_is_counted_in_the_years_last_month_by_ownership_type_and_wheelchair_access():
    boliger = dwellings(
        # November has three dwellings, December four; January of next year is not this year.
        *({"maaned": "2024-11"} for _ in range(3)),
        {"maaned": "2024-12", "rullestol": True},
        {"maaned": "2024-12", "boligtype": "omsorg"},
        {"maaned": "2024-12", "eierform": "innleid", "boligtype": "smahus", "rullestol": True},
        {"maaned": "2024-12", "eierform": "tildelingsrett", "boligtype": "midlertidig"},
        *({"maaned": "2025-01"} for _ in range(9)),
    )

    result = draft(boliger)

    # December: 4 in all; 2 eid, 1 innleid, 1 tildelingsrett; 1 each ordinaer, omsorg,
    # midlertidig, smahus, no bofellesskap; 2 for wheelchair users.
    assert values_of(
        result,
        "boliger_i_alt",
        "boliger_eid",
        "boliger_innleid",
        "boliger_tildelingsrett",
        "boliger_ordinaer",
        "boliger_omsorg",
        "boliger_bofellesskap",
        "boliger_midlertidig",
        "boliger_smahus",
        "boliger_rullestol",
    ) == [4, 2, 1, 1, 1, 1, 0, 1, 1, 2]
    assert figure(result, "boliger_i_alt")["til_og_med"] == date(2024, 12, 1)


def test_without_a_december_snapshot_the_stock_is_that_of_the_last_month_that_has_one():
    boliger = dwellings({"maaned": "2024-10"}, {"maaned": "2024-11"}, {"maaned": "2024-11"})

    row = figure(draft(boliger), "boliger_i_alt")

    # November is the year's last month with dwellings: 2, and the draft says which month.
    assert (row["verdi"], row["til_og_med"]) == (2, date(2024, 11, 1))


def test_the_waiting_list_is_counted_in_the_years_last_household_snapshot():
    husstander = households(
        {"maaned": "2024-11", "husstand_id": "A", "situasjon": "venteliste"},
        {"maaned": "2024-11", "husstand_id": "B", "situasjon": "venteliste"},
        {"maaned": "2024-12", "husstand_id": "A", "situasjon": "venteliste"},
        {"maaned": "2024-12", "husstand_id": "B", "situasjon": "kommunal_bolig"},
        {"maaned": "2024-12", "husstand_id": "C", "situasjon": "midlertidig"},
    )

    # December: only A waits.
    assert values_of(draft(husstander=husstander), "venteliste") == [1]


# --- During the year ---------------------------------------------------------------------------


def test_a_household_in_temporary_accommodation_twice_in_a_year_counts_once():
    husstander = households(
        temporary("A", "2024-01", "2024-01-05"),
        {"maaned": "2024-02", "husstand_id": "A", "situasjon": "kommunal_bolig"},
        temporary("A", "2024-03", "2024-03-10"),
        temporary("B", "2024-06", "2024-06-01"),
        {"maaned": "2024-06", "husstand_id": "C", "situasjon": "venteliste"},
        temporary("D", "2023-12", "2023-12-01"),
    )

    row = figure(draft(husstander=husstander), "midlertidig_i_aaret")

    # A (twice) and B; C waits, D was there only last year. Four months of 2024 have households.
    assert (row["verdi"], row["maaneder"], row["til_og_med"]) == (2, 4, date(2024, 6, 1))


def test_a_stay_is_more_than_three_months_when_a_month_end_lies_more_than_90_days_after_its_start():
    husstander = households(
        # A: 2 March to 31 May is 29 + 30 + 31 = 90 days: not more than 90.
        *(temporary("A", month, "2024-03-02") for month in ("2024-03", "2024-04", "2024-05")),
        # B: 1 March to 31 May is 91 days.
        temporary("B", "2024-05", "2024-03-01"),
        # C: began last year; 15 October 2023 to 31 January 2024 is 16 + 30 + 31 + 31 = 108 days.
        temporary("C", "2024-01", "2023-10-15"),
        # D: two short stays, 1 January to 29 February (59 days), then 1 April to 31 May (60).
        temporary("D", "2024-01", "2024-01-01"),
        temporary("D", "2024-02", "2024-01-01"),
        {"maaned": "2024-03", "husstand_id": "D", "situasjon": "kommunal_bolig"},
        temporary("D", "2024-04", "2024-04-01"),
        temporary("D", "2024-05", "2024-04-01"),
    )

    result = draft(husstander=husstander)

    # All four were there during the year; B and C stayed more than three months.
    assert values_of(result, "midlertidig_i_aaret", "midlertidig_over_3_mnd") == [4, 2]


def test_families_with_children_and_their_children_are_counted_over_the_year():
    husstander = households(
        # A: a family, 2 then 3 children, 10 January to 29 February is 50 days (short).
        temporary("A", "2024-01", "2024-01-10", barn=2, personer=3),
        temporary("A", "2024-02", "2024-01-10", barn=3, personer=4),
        # B: no children, there since 2000 (long).
        temporary("B", "2024-02", "2000-01-01"),
        # C: a child while waiting, none in temporary accommodation.
        {"maaned": "2024-01", "husstand_id": "C", "situasjon": "venteliste", "barn": 1,
         "personer": 2},
        temporary("C", "2024-02", "2024-02-01"),
        # D: one child, since June 2023 (long).
        temporary("D", "2024-03", "2023-06-01", barn=1, personer=2),
    )  # fmt: skip

    result = draft(husstander=husstander)

    # Families: A and D; children: A's most (3) + D's 1 = 4; long stays: B and D, with
    # children: D.
    assert values_of(
        result,
        "midlertidig_i_aaret",
        "midlertidig_barnefamilier",
        "midlertidig_barn",
        "midlertidig_over_3_mnd",
        "midlertidig_barnefamilier_over_3_mnd",
    ) == [4, 2, 4, 2, 1]


def test_new_tenants_are_the_monthly_flow_summed_over_the_months_that_have_one():
    husstander = households(
        {"maaned": "2023-12", "husstand_id": "A", "situasjon": "venteliste"},
        {"maaned": "2023-12", "husstand_id": "B", "situasjon": "midlertidig"},
        {"maaned": "2024-01", "husstand_id": "A", "situasjon": "kommunal_bolig"},
        {"maaned": "2024-01", "husstand_id": "B", "situasjon": "midlertidig"},
        {"maaned": "2024-02", "husstand_id": "A", "situasjon": "kommunal_bolig"},
        {"maaned": "2024-02", "husstand_id": "B", "situasjon": "kommunal_bolig"},
        {"maaned": "2024-02", "husstand_id": "C", "situasjon": "kommunal_bolig"},
        {"maaned": "2024-04", "husstand_id": "D", "situasjon": "kommunal_bolig"},
    )

    row = figure(draft(husstander=husstander), "nye_leietakere")

    # January: A (1). February: B and C (2). April has no March before it: no value.
    assert (row["verdi"], row["maaneder"], row["til_og_med"]) == (3, 2, date(2024, 2, 1))


def test_a_year_without_snapshots_has_figures_without_a_value():
    boliger = dwellings({"maaned": "2024-12"})
    husstander = households({"maaned": "2024-12", "husstand_id": "A", "situasjon": "venteliste"})

    result = draft(boliger, husstander, year=2030)

    assert result.get_column("verdi").null_count() == len(DRAFT_FIGURES)


# --- Last year and the swing ---------------------------------------------------------------


def waiting(month: str, count: int, prefix: str) -> list[dict]:
    return [
        {"maaned": month, "husstand_id": f"{prefix}{n}", "situasjon": "venteliste"}
        for n in range(count)
    ]


def test_last_years_value_the_change_and_a_swing_larger_than_20_percent_are_shown():
    boliger = dwellings(
        *({"maaned": "2023-12"} for _ in range(10)), *({"maaned": "2024-12"} for _ in range(12))
    )
    husstander = households(*waiting("2023-12", 10, "A"), *waiting("2024-12", 13, "B"))

    result = draft(boliger, husstander)

    # Waiting list 10 -> 13: +30 %, a large swing. Dwellings 10 -> 12: +20 %, not larger than
    # 20 %. Leased dwellings 0 -> 0: no change in percent, no swing.
    assert {
        name: (row["i_fjor"], row["endring_prosent"], row["stort_sprang"])
        for name in ("venteliste", "boliger_i_alt", "boliger_innleid")
        for row in [figure(result, name)]
    } == {
        "venteliste": (10, 30.0, True),
        "boliger_i_alt": (10, 20.0, False),
        "boliger_innleid": (0, None, False),
    }


@pytest.mark.parametrize(
    ("value", "last_year", "swing"),
    [(13, 10, True), (12, 10, False), (8, 10, False), (7, 10, True), (1, 0, True), (0, 0, False)],
)
def test_a_swing_is_a_change_larger_than_20_percent_of_last_year_and_any_rise_from_nothing(
    value, last_year, swing
):
    frame = pl.DataFrame({"verdi": [value], "i_fjor": [last_year]})

    assert frame.select(large_swing(pl.col("verdi"), pl.col("i_fjor"))).item() is swing


def test_figures_over_the_months_are_not_compared_when_the_years_cover_different_months():
    husstander = households(
        temporary("A", "2023-11", "2023-11-01"),
        temporary("A", "2023-12", "2023-11-01"),
        *waiting("2023-12", 1, "W"),
        temporary("A", "2024-12", "2023-11-01"),
        temporary("B", "2024-12", "2024-12-01"),
        *waiting("2024-12", 3, "V"),
    )

    result = draft(husstander=husstander)

    # Temporary during the year: 2 over one month of 2024 against 1 over two months of 2023:
    # not comparable. The waiting list at year end is: 1 -> 3.
    temporary_row = figure(result, "midlertidig_i_aaret")
    assert (temporary_row["endring_prosent"], temporary_row["stort_sprang"]) == (None, None)
    assert figure(result, "venteliste")["stort_sprang"] is True


def test_every_figure_has_its_name_and_rule_in_both_languages_in_the_drafts_order():
    result = draft()

    assert result.get_column("figur").to_list() == [each.id for each in DRAFT_FIGURES]
    for column in ("navn", "name", "regel", "rule"):
        assert result.get_column(column).str.len_chars().min() > 10


# --- Beside what KOSTRA published ------------------------------------------------------------


def published(*rows: tuple) -> pl.LazyFrame:
    """SSB values from (region, variable, year, value, status) tuples."""
    return pl.LazyFrame(
        [(region, None, variable, None, year, value, status) for region, variable, year, value,
         status in rows],
        schema=VALUES_SCHEMA,
        orient="row",
    )  # fmt: skip


def test_our_value_is_flagged_where_it_differs_from_kostra_by_more_than_both_tolerances():
    own = pl.LazyFrame(
        {
            "indikator": ["venteliste"] * 3 + ["kommunale_boliger_per_1000"] * 2,
            "periode": ["2022", "2023", "2024", "2023", "2024"],
            "verdi": [88.0, 81.0, 75.0, 16.0, 16.0],
        }
    )
    kostra = published(
        ("1108", "KOSventelistetil0000", 2021, 66.0, None),
        ("1108", "KOSventelistetil0000", 2022, 94.0, None),
        ("1108", "KOSventelistetil0000", 2023, 83.0, None),
        ("1108", "KOSventelistetil0000", 2024, None, ".."),
        ("1108", "KOSboligSper10000000", 2023, 16.6, None),
        ("1108", "KOSboligSper10000000", 2024, 17.0, None),
        ("1108", "KOSandbarn3m00000000", 2024, 40.0, None),
        ("1103", "KOSventelistetil0000", 2022, 160.0, None),
    )

    result = compare_with_published(own, kostra, region="1108").collect()

    # Waiting list (count: 2, or 5 % of SSB's value): 2022 88 vs 94, -6 > max(2, 4.7): flagged;
    # 2023 81 vs 83, -2 is not more than 2; 2024 has no published value; 2021 none of ours.
    # Per 1000 (0.5, or 5 %): 2023 16.0 vs 16.6, -0.6 <= max(0.5, 0.83); 2024 vs 17.0, -1.0 >
    # 0.85: flagged. KOSandbarn3m is families with children only: not compared. 1103 is not us.
    expected = pl.DataFrame(
        {
            "indikator": ["kommunale_boliger_per_1000"] * 2 + ["venteliste"] * 4,
            "variable_code": ["KOSboligSper10000000"] * 2 + ["KOSventelistetil0000"] * 4,
            "aar": [2023, 2024, 2021, 2022, 2023, 2024],
            "egen": [16.0, 16.0, None, 88.0, 81.0, 75.0],
            "publisert": [16.6, 17.0, 66.0, 94.0, 83.0, None],
            "status": [None, None, None, None, None, ".."],
            "differanse": [16.0 - 16.6, -1.0, None, -6.0, -2.0, None],
            "avvik": [False, True, None, True, False, None],
        },
        schema_overrides={"aar": pl.Int32},
    )
    assert_frame_equal(result, expected)


def test_the_variables_an_import_keeps_are_those_of_the_counterparts():
    assert kostra_variables() == {
        counterpart.variable_code: counterpart.variable_label for counterpart in COUNTERPARTS
    }
    assert "KOSboligSper10000000" in kostra_variables()


def test_comparison_regions_put_our_municipality_first_and_the_country_last():
    neighbours = ComparisonGroup("naboer", ("1103", "1108", "1124"))

    assert comparison_regions("1108", neighbours) == {
        "1108": "egen",
        "1103": "sammenligning",
        "1124": "sammenligning",
        "EAK": "landet",
    }
    assert comparison_regions("1108", ComparisonGroup("landet")) == {
        "1108": "egen",
        "EAK": "landet",
    }


def test_comparison_series_tags_each_region_with_its_role_and_leaves_the_others_out():
    kostra = published(
        ("EAK", "KOSboligSper10000000", 2023, 20.0, None),
        ("1108", "KOSboligSper10000000", 2023, 16.0, None),
        ("EKG13", "KOSboligSper10000000", 2023, 18.5, None),
        ("1103", "KOSboligSper10000000", 2023, 21.0, None),
    )
    regions = comparison_regions("1108", ComparisonGroup("kostragruppe", ("EKG13",)))

    result = comparison_series(kostra, regions).collect()

    assert result.select("rolle", "region_code", "value").rows() == [
        ("egen", "1108", 16.0),
        ("sammenligning", "EKG13", 18.5),
        ("landet", "EAK", 20.0),
    ]


def forms(measure):
    """(figure, indicator shown, whether it is in the measure) for each compared figure."""
    return [
        (each.figure, each.counterpart.indicator_id, each.in_measure)
        for each in compared_figures(measure)
    ]


def test_in_the_count_every_figure_is_named_with_its_count_or_the_share_it_has_instead():
    # Municipal dwellings have both forms; the wheelchair share and the long-stay share have no
    # count (neither SSB's table nor our indicators give one), so they say which form they have.
    assert forms("antall") == [
        ("kommunale_boliger", "kommunale_boliger", True),
        ("rullestol", "andel_rullestol", False),
        ("venteliste", "venteliste", True),
        ("midlertidig_over_3_mnd", "midlertidig_over_3_mnd_andel", False),
    ]


def test_in_the_share_every_figure_is_named_with_its_share_or_per_1000_or_the_count_instead():
    assert forms("andel") == [
        ("kommunale_boliger", "kommunale_boliger_per_1000", True),
        ("rullestol", "andel_rullestol", True),
        ("venteliste", "venteliste", False),
        ("midlertidig_over_3_mnd", "midlertidig_over_3_mnd_andel", True),
    ]


def test_municipal_dwellings_have_a_count_and_a_per_1000_counterpart_in_ssbs_table():
    dwellings = [each for each in COUNTERPARTS if each.figure == "kommunale_boliger"]

    assert [(each.variable_code, measure_of(each)) for each in dwellings] == [
        ("KOSboligSper10000000", "andel"),
        ("KOSboligAntall000000", "antall"),
    ]


def test_our_dwelling_count_is_compared_with_the_count_kostra_published():
    own = pl.LazyFrame(
        {
            "indikator": ["kommunale_boliger"] * 2,
            "periode": ["2023", "2024"],
            "verdi": [1300.0, 1400.0],
        }
    )
    kostra = published(
        ("1108", "KOSboligAntall000000", 2023, 1290.0, None),
        ("1108", "KOSboligAntall000000", 2024, 1290.0, None),
    )

    result = compare_with_published(own, kostra, region="1108").collect()

    # A count: allowed max(2, 5 % of 1290 = 64.5). 2023: 1300 − 1290 = 10, within; 2024:
    # 1400 − 1290 = 110 > 64.5, flagged.
    assert result.select("indikator", "aar", "differanse", "avvik").rows() == [
        ("kommunale_boliger", 2023, 10.0, False),
        ("kommunale_boliger", 2024, 110.0, True),
    ]
