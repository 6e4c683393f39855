"""Breakdowns by target group (the household's columns in the month) and by delområde."""

import polars as pl

from indicators.breakdowns import area_values, target_group_values
from indicators.monthly import month_values
from indicators.testing import area_statistics, dwellings, households, month

JAN, FEB = "2015-01", "2015-02"


def cell(frame, indikator, gruppe, when=FEB):
    rows = frame.collect().filter(
        (pl.col("indikator") == indikator)
        & pl.col("gruppe").eq_missing(gruppe)
        & (pl.col("maaned") == month(when))
    )
    assert rows.height == 1
    return rows.row(0, named=True)


def test_a_target_group_counts_only_its_households():
    husstander = households(
        {"maaned": FEB, "husstand_id": "A", "situasjon": "venteliste", "flyktning": True},
        {"maaned": FEB, "husstand_id": "B", "situasjon": "venteliste", "flyktning": True},
        {"maaned": FEB, "husstand_id": "C", "situasjon": "venteliste", "barn": 1, "personer": 2},
        {"maaned": FEB, "husstand_id": "D", "situasjon": "midlertidig", "flyktning": True},
    )
    values = target_group_values(husstander, dwellings({"maaned": FEB, "bolig_id": "B0"}))
    # Refugees on the waiting list: A and B. Families with children: C. Young: nobody (0).
    assert cell(values, "venteliste", "flyktning")["verdi"] == 2
    assert cell(values, "venteliste", "barnefamilie")["verdi"] == 1
    assert cell(values, "venteliste", "under_25")["verdi"] == 0


def test_a_flow_for_a_target_group_uses_the_group_of_the_month_itself():
    husstander = households(
        {"maaned": JAN, "husstand_id": "A", "situasjon": "venteliste"},
        {"maaned": FEB, "husstand_id": "A", "situasjon": "kommunal_bolig", "rus_psykisk": True},
        {"maaned": JAN, "husstand_id": "B", "situasjon": "kommunal_bolig", "rus_psykisk": True},
        {"maaned": FEB, "husstand_id": "B", "situasjon": "kommunal_bolig", "rus_psykisk": True},
    )
    values = target_group_values(husstander, dwellings({"maaned": FEB, "bolig_id": "B0"}))
    # A is in the group only in February and came into municipal rental then: a new tenant of
    # the group (not "new to the group"). B was a tenant already.
    assert cell(values, "nye_leietakere", "rus_psykisk")["verdi"] == 1
    # January is the first month: the group's flows have no value there either.
    assert (
        values.collect()
        .filter((pl.col("indikator") == "nye_leietakere") & (pl.col("maaned") == month(JAN)))
        .is_empty()
    )


def test_a_share_for_a_target_group_is_taken_within_the_group():
    husstander = households(
        {
            "maaned": FEB,
            "husstand_id": "A",
            "situasjon": "midlertidig",
            "under_25": True,
            "i_situasjon_fra": "2014-01-01",
        },
        {
            "maaned": FEB,
            "husstand_id": "B",
            "situasjon": "midlertidig",
            "under_25": True,
            "i_situasjon_fra": "2015-02-01",
        },
        {
            "maaned": FEB,
            "husstand_id": "C",
            "situasjon": "midlertidig",
            "i_situasjon_fra": "2014-01-01",
        },
    )
    values = target_group_values(husstander, dwellings({"maaned": FEB, "bolig_id": "B0"}))
    # Young in temporary: A (over 90 days) and B (27 days): 1 of 2 = 50 %.
    row = cell(values, "midlertidig_over_3_mnd_andel", "under_25")
    assert (row["teller"], row["nevner"], row["verdi"]) == (1, 2, 50.0)


def area_inputs():
    boliger = dwellings(
        {"maaned": FEB, "bolig_id": "B1"},
        {"maaned": FEB, "bolig_id": "B2"},
        {"maaned": FEB, "bolig_id": "B3"},
    )
    placement = pl.LazyFrame(
        {
            "maaned": [month(FEB)] * 3,
            "bolig_id": ["B1", "B2", "B3"],
            "grunnkrets": ["11080101", "11080102", "11080201"],
        }
    )
    omrader = pl.LazyFrame(
        {
            "grunnkrets": ["11080101", "11080102", "11080201", "11080301"],
            "delomradenavn": ["Sentrum", "Sentrum", "Lura", "Ganddal"],
        }
    )
    return boliger, placement, omrader


def test_area_cells_place_dwellings_by_the_first_six_digits_of_their_grunnkrets():
    boliger, placement, omrader = area_inputs()
    husstander = households({"maaned": FEB, "husstand_id": "A", "situasjon": "venteliste"})
    values = area_values(husstander, boliger, placement, omrader)
    # 110801 Sentrum holds B1 and B2, 110802 Lura B3, 110803 Ganddal none (a cell with 0).
    assert cell(values, "kommunale_boliger", "110801")["verdi"] == 2
    assert cell(values, "kommunale_boliger", "110801")["gruppenavn"] == "Sentrum"
    assert cell(values, "kommunale_boliger", "110802")["verdi"] == 1
    assert cell(values, "kommunale_boliger", "110803")["verdi"] == 0


def test_households_without_a_located_dwelling_form_their_own_area_cell():
    boliger, placement, omrader = area_inputs()
    husstander = households(
        {"maaned": FEB, "husstand_id": "A", "situasjon": "midlertidig", "bolig_id": "B1"},
        {"maaned": FEB, "husstand_id": "B", "situasjon": "midlertidig"},
        {"maaned": FEB, "husstand_id": "C", "situasjon": "midlertidig"},
    )
    values = area_values(husstander, boliger, placement, omrader)
    # A lives in B1 (Sentrum); B and C have no dwelling: "Uten kjent område".
    assert cell(values, "midlertidig", "110801")["verdi"] == 1
    unknown = cell(values, "midlertidig", None)
    assert (unknown["verdi"], unknown["gruppenavn"]) == (2, "Uten kjent område")


def test_area_cells_add_up_to_the_municipal_count():
    boliger, placement, omrader = area_inputs()
    husstander = households(
        {"maaned": FEB, "husstand_id": "A", "situasjon": "midlertidig", "bolig_id": "B1"},
        {"maaned": FEB, "husstand_id": "B", "situasjon": "midlertidig", "bolig_id": "B3"},
        {"maaned": FEB, "husstand_id": "C", "situasjon": "midlertidig"},
    )
    cells = area_values(husstander, boliger, placement, omrader).collect()
    total = month_values(husstander, boliger, area_statistics((2015, 1))).collect()
    by_indicator = cells.group_by("indikator").agg(pl.col("verdi").sum())
    for indikator, summed in by_indicator.iter_rows():
        expected = total.filter(pl.col("indikator") == indikator).item(0, "verdi")
        # kommunale_boliger 2 + 1 + 0 = 3; midlertidig 1 + 1 + 0 + 1 (unknown) = 3; ...
        assert summed == expected, indikator
