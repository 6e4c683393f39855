"""Stock indicators of indicators.md on small hand-made months, values worked out by hand."""

import pytest

from indicators.monthly import month_values
from indicators.testing import area_statistics, dwellings, households, value_of

FEB = "2015-02"  # d(m) = 2015-02-28


def no_dwellings():
    return dwellings({"maaned": FEB, "bolig_id": "B0"})


def no_statistics():
    return area_statistics((2015, 1000))


def household_values(*rows):
    return month_values(households(*rows), no_dwellings(), no_statistics()).collect()


def dwelling_values(*rows, statistics=None):
    household = households({"maaned": FEB, "husstand_id": "H0", "situasjon": "venteliste"})
    statistics = no_statistics() if statistics is None else statistics
    return month_values(household, dwellings(*rows), statistics).collect()


def test_kommunale_boliger_counts_every_dwelling_of_the_month():
    values = dwelling_values(
        {"maaned": FEB, "bolig_id": "B1", "status": "utleid"},
        {"maaned": FEB, "bolig_id": "B2", "status": "ledig"},
        {"maaned": FEB, "bolig_id": "B3", "status": "utbedring"},
    )
    # Three rows in D(2015-02), whatever their status.
    assert value_of(values, "kommunale_boliger", FEB) == 3


def test_per_1000_uses_the_latest_statistics_year_not_after_the_months_year():
    statistics = area_statistics((2013, 1000), (2013, 1000), (2014, 1500), (2014, 1700), (2016, 9))
    rows = [{"maaned": FEB, "bolig_id": f"B{number}"} for number in range(8)]
    values = dwelling_values(*rows, statistics=statistics)
    # 2015-02: latest year ≤ 2015 is 2014, population 1500 + 1700 = 3200; 8 / 3200 × 1000 = 2.5
    assert value_of(values, "kommunale_boliger_per_1000", FEB) == 2.5


def test_per_1000_has_no_value_before_the_first_statistics_year():
    values = dwelling_values(
        {"maaned": FEB, "bolig_id": "B1"}, statistics=area_statistics((2016, 5000))
    )
    # No statistics year ≤ 2015: no population, no value.
    assert value_of(values, "kommunale_boliger_per_1000", FEB) is None


def test_andel_rullestol_is_the_share_of_accessible_dwellings():
    values = dwelling_values(
        {"maaned": FEB, "bolig_id": "B1", "rullestol": True},
        {"maaned": FEB, "bolig_id": "B2", "rullestol": False},
        {"maaned": FEB, "bolig_id": "B3", "rullestol": False},
        {"maaned": FEB, "bolig_id": "B4", "rullestol": False},
    )
    # 1 of 4 dwellings: 25 %
    assert value_of(values, "andel_rullestol", FEB) == 25.0


def test_andel_ledige_leaves_dwellings_under_repair_out_of_the_base():
    values = dwelling_values(
        {"maaned": FEB, "bolig_id": "B1", "status": "ledig"},
        {"maaned": FEB, "bolig_id": "B2", "status": "utleid"},
        {"maaned": FEB, "bolig_id": "B3", "status": "utleid"},
        {"maaned": FEB, "bolig_id": "B4", "status": "utleid"},
        {"maaned": FEB, "bolig_id": "B5", "status": "utbedring"},
    )
    # ledig 1 ÷ (utleid 3 + ledig 1) = 1/4 = 25 %; the dwelling under repair is not counted
    assert value_of(values, "andel_ledige", FEB) == 25.0


def test_venteliste_counts_waiting_households_only():
    values = household_values(
        {
            "maaned": FEB,
            "husstand_id": "H1",
            "situasjon": "venteliste",
            "soknadsdato": "2015-01-10",
        },
        {
            "maaned": FEB,
            "husstand_id": "H2",
            "situasjon": "venteliste",
            "soknadsdato": "2015-02-10",
        },
        {"maaned": FEB, "husstand_id": "H3", "situasjon": "midlertidig"},
    )
    # H1 and H2 wait; H3 is in temporary accommodation.
    assert value_of(values, "venteliste", FEB) == 2


def test_median_waiting_time_with_an_even_count_is_the_mean_of_the_middle_two():
    values = household_values(
        {
            "maaned": FEB,
            "husstand_id": "H1",
            "situasjon": "venteliste",
            "soknadsdato": "2015-02-18",
        },
        {
            "maaned": FEB,
            "husstand_id": "H2",
            "situasjon": "venteliste",
            "soknadsdato": "2015-01-29",
        },
        {
            "maaned": FEB,
            "husstand_id": "H3",
            "situasjon": "venteliste",
            "soknadsdato": "2014-12-30",
        },
        {
            "maaned": FEB,
            "husstand_id": "H4",
            "situasjon": "venteliste",
            "soknadsdato": "2014-11-30",
        },
        {
            "maaned": FEB,
            "husstand_id": "H5",
            "situasjon": "midlertidig",
            "soknadsdato": "2010-01-01",
        },
    )
    # Days to 2015-02-28: 10, 30 (2 + 28), 60 (1 + 31 + 28), 90 (31 + 31 + 28); H5 is not waiting.
    # Even count: (30 + 60) / 2 = 45
    assert value_of(values, "ventetid_median_dager", FEB) == 45.0


def test_median_waiting_time_with_an_odd_count_is_the_middle_value():
    values = household_values(
        {
            "maaned": FEB,
            "husstand_id": "H1",
            "situasjon": "venteliste",
            "soknadsdato": "2015-02-18",
        },
        {
            "maaned": FEB,
            "husstand_id": "H2",
            "situasjon": "venteliste",
            "soknadsdato": "2015-01-29",
        },
        {
            "maaned": FEB,
            "husstand_id": "H3",
            "situasjon": "venteliste",
            "soknadsdato": "2014-11-30",
        },
    )
    # Days 10, 30, 90: the middle one is 30
    assert value_of(values, "ventetid_median_dager", FEB) == 30.0


def test_median_waiting_time_without_a_waiting_list_has_no_value():
    values = household_values({"maaned": FEB, "husstand_id": "H1", "situasjon": "midlertidig"})
    assert value_of(values, "ventetid_median_dager", FEB) is None


def test_midlertidig_counts_households_in_temporary_accommodation():
    values = household_values(
        {"maaned": FEB, "husstand_id": "H1", "situasjon": "midlertidig"},
        {"maaned": FEB, "husstand_id": "H2", "situasjon": "midlertidig"},
        {"maaned": FEB, "husstand_id": "H3", "situasjon": "kommunal_bolig"},
    )
    assert value_of(values, "midlertidig", FEB) == 2


def test_more_than_three_months_means_more_than_90_days_before_the_snapshot_date():
    values = household_values(
        {
            "maaned": FEB,
            "husstand_id": "H1",
            "situasjon": "midlertidig",
            "i_situasjon_fra": "2014-11-29",
        },
        {
            "maaned": FEB,
            "husstand_id": "H2",
            "situasjon": "midlertidig",
            "i_situasjon_fra": "2014-11-30",
        },
        {
            "maaned": FEB,
            "husstand_id": "H3",
            "situasjon": "midlertidig",
            "i_situasjon_fra": "2015-02-18",
        },
        {
            "maaned": FEB,
            "husstand_id": "H4",
            "situasjon": "venteliste",
            "i_situasjon_fra": "2010-01-01",
        },
    )
    # To 2015-02-28: H1 91 days (> 90), H2 exactly 90 (not more), H3 10; H4 is not temporary.
    # 1 of 3 = 33.33 %
    assert value_of(values, "midlertidig_over_3_mnd_andel", FEB) == pytest.approx(100 / 3)


def test_midlertidig_barnefamilier_counts_temporary_households_with_children():
    values = household_values(
        {"maaned": FEB, "husstand_id": "H1", "situasjon": "midlertidig", "personer": 3, "barn": 2},
        {"maaned": FEB, "husstand_id": "H2", "situasjon": "midlertidig", "personer": 1, "barn": 0},
        {"maaned": FEB, "husstand_id": "H3", "situasjon": "venteliste", "personer": 2, "barn": 1},
    )
    # Only H1 is temporary with barn ≥ 1.
    assert value_of(values, "midlertidig_barnefamilier", FEB) == 1


def test_housing_first_counts_participants_in_any_situation():
    values = household_values(
        {"maaned": FEB, "husstand_id": "H1", "situasjon": "kommunal_bolig", "housing_first": True},
        {"maaned": FEB, "husstand_id": "H2", "situasjon": "privat_leie", "housing_first": True},
        {"maaned": FEB, "husstand_id": "H3", "situasjon": "privat_leie"},
    )
    assert value_of(values, "housing_first", FEB) == 2


def test_flyktninger_privat_leie_counts_refugees_renting_privately():
    values = household_values(
        {"maaned": FEB, "husstand_id": "H1", "situasjon": "privat_leie", "flyktning": True},
        {"maaned": FEB, "husstand_id": "H2", "situasjon": "privat_leie", "flyktning": True},
        {"maaned": FEB, "husstand_id": "H3", "situasjon": "privat_leie"},
        {"maaned": FEB, "husstand_id": "H4", "situasjon": "kommunal_bolig", "flyktning": True},
    )
    # H1 and H2; H3 is no refugee, H4 is not in private rental.
    assert value_of(values, "flyktninger_privat_leie", FEB) == 2


def test_andel_trangbodde_follows_ssb_and_leaves_out_dwellings_without_area():
    tenants = households(
        {
            "maaned": FEB,
            "husstand_id": "K1",
            "situasjon": "kommunal_bolig",
            "bolig_id": "B1",
            "personer": 3,
        },
        {
            "maaned": FEB,
            "husstand_id": "K2",
            "situasjon": "kommunal_bolig",
            "bolig_id": "B2",
            "personer": 1,
        },
        {
            "maaned": FEB,
            "husstand_id": "K3",
            "situasjon": "kommunal_bolig",
            "bolig_id": "B3",
            "personer": 2,
        },
        {
            "maaned": FEB,
            "husstand_id": "K4",
            "situasjon": "kommunal_bolig",
            "bolig_id": "B4",
            "personer": 4,
        },
        {
            "maaned": FEB,
            "husstand_id": "K5",
            "situasjon": "kommunal_bolig",
            "bolig_id": "B5",
            "personer": 2,
        },
        {
            "maaned": FEB,
            "husstand_id": "M1",
            "situasjon": "midlertidig",
            "bolig_id": "B6",
            "personer": 5,
        },
    )
    homes = dwellings(
        {"maaned": FEB, "bolig_id": "B1", "rom": 2, "areal_m2": 60.0},
        {"maaned": FEB, "bolig_id": "B2", "rom": 1, "areal_m2": 20.0},
        {"maaned": FEB, "bolig_id": "B3", "rom": 1, "areal_m2": 60.0},
        {"maaned": FEB, "bolig_id": "B4", "rom": 3, "areal_m2": None},
        {"maaned": FEB, "bolig_id": "B5", "rom": 2, "areal_m2": 40.0},
        {"maaned": FEB, "bolig_id": "B6", "rom": 1, "areal_m2": 10.0},
    )
    values = month_values(tenants, homes, no_statistics()).collect()
    # K1: 2 rooms < 3 persons, 60/3 = 20 m² < 25: crowded
    # K2: 1 person in 1 room, 20 m² < 25: crowded
    # K3: 1 room < 2 persons but 60/2 = 30 m²: not crowded
    # K4: no areal_m2: left out
    # K5: 2 rooms for 2 persons: not crowded
    # M1: not a kommunal_bolig household: left out
    # 2 of 4 = 50 %
    assert value_of(values, "andel_trangbodde", FEB) == 50.0


def test_a_month_without_dwellings_has_no_dwelling_indicators():
    values = month_values(
        households({"maaned": "2015-03", "husstand_id": "H1", "situasjon": "venteliste"}),
        no_dwellings(),
        no_statistics(),
    ).collect()
    # Dwellings are loaded for 2015-02 only; the household month 2015-03 has none.
    assert value_of(values, "kommunale_boliger", "2015-03") is None
    assert value_of(values, "andel_trangbodde", "2015-03") is None
    assert value_of(values, "venteliste", "2015-03") == 1
