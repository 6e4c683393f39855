"""The registry is the one list of indicators: every id of indicators.md, each computed."""

from datetime import date

import polars as pl
import pytest

from indicators.monthly import month_values
from indicators.pathways import PATHWAY_IDS
from indicators.pipeline import pipeline_values
from indicators.portfolio import portfolio_values
from indicators.registry import AREA, INDICATORS, definitions_table, ids, indicator
from indicators.testing import area_statistics, dwellings, households

# indicators.md, version 1, in its order; then what the project adds.
INDICATORS_MD = [
    "kommunale_boliger",
    "kommunale_boliger_per_1000",
    "andel_rullestol",
    "andel_ledige",
    "venteliste",
    "ventetid_median_dager",
    "midlertidig",
    "midlertidig_over_3_mnd_andel",
    "midlertidig_barnefamilier",
    "housing_first",
    "flyktninger_privat_leie",
    "andel_trangbodde",
    "gjennomstromming",
    "til_eid_bolig",
    "ut_av_midlertidig",
    "nye_i_midlertidig",
    "nye_leietakere",
    "unge_til_privat_leie",
    "startlan",
    "omrade_kommunale_boliger",
    "omrade_andel_kommunale",
    "omrade_lokasjonskvotient",
]
ADDED = ["flyktninger_til_privat_leie"]
# indicators.md 1.1, household pathways (indicators.pathways), and the count of unknowns the
# share asks to be told.
PATHWAYS = [
    "leie_til_eie",
    "leie_til_eie_kjopt",
    "tilbake_i_midlertidig_12_mnd",
    "andel_bosatt_fortsatt_12_mnd",
    "bosatt_fortsatt_12_mnd_ukjent",
]
# indicators.md 1.1, portfolio and pipeline; and the project's portfolio additions (issue 12).
INDICATORS_MD += [
    "innleide_boliger",
    "private_utleiere",
    "innleie_utloper_6_mnd",
    "boliger_med_personalbase",
    "smahus",
    "boliger_inn",
    "boliger_ut",
    "prosjektboliger_planlagt",
    "prosjektboliger_regulert",
    "prosjektboliger_under_bygging",
    "prosjektboliger_ferdig_i_aar",
]
ADDED += [
    "private_utleiere_nye",
    "private_utleiere_tapt",
    "innleie_utloper_3_mnd",
    "innleie_utloper_12_mnd",
    "innleie_uten_sluttdato",
]


def test_the_registry_holds_every_id_of_indicators_md_and_the_added_ones():
    assert sorted(entry.id for entry in INDICATORS) == sorted(INDICATORS_MD + ADDED + PATHWAYS)


def test_the_pathway_indicators_are_the_ones_the_pathway_function_computes():
    assert sorted(PATHWAY_IDS) == sorted(PATHWAYS)


def test_every_snapshot_indicator_is_computed_for_a_month_pair():
    husstander = households(
        {"maaned": "2015-01", "husstand_id": "A", "situasjon": "venteliste"},
        {"maaned": "2015-02", "husstand_id": "A", "situasjon": "venteliste"},
    )
    boliger = dwellings(
        {"maaned": "2015-01", "bolig_id": "B"}, {"maaned": "2015-02", "bolig_id": "B"}
    )
    computed = month_values(husstander, boliger, area_statistics((2015, 100))).collect()
    # Area indicators are per area and belong to the geo module's concentration table; the
    # portfolio and pipeline come from their own inputs (next test); the pathways follow
    # households over months (indicators.pathways).
    per_area = {name for name in INDICATORS_MD if name.startswith("omrade_")}
    own_inputs = {*PORTFOLIO, *PIPELINE}
    expected = set(INDICATORS_MD + ADDED) - per_area - own_inputs
    assert sorted(set(computed["indikator"])) == sorted(expected)


PORTFOLIO = [
    "innleide_boliger",
    "private_utleiere",
    "innleie_utloper_3_mnd",
    "innleie_utloper_6_mnd",
    "innleie_utloper_12_mnd",
    "innleie_uten_sluttdato",
    "boliger_med_personalbase",
    "smahus",
    "boliger_inn",
    "boliger_ut",
    "private_utleiere_nye",
    "private_utleiere_tapt",
]
PIPELINE = [
    "prosjektboliger_planlagt",
    "prosjektboliger_regulert",
    "prosjektboliger_under_bygging",
    "prosjektboliger_ferdig_i_aar",
]


def test_every_portfolio_and_pipeline_indicator_is_computed_from_its_own_inputs():
    months = [date(2015, 1, 1), date(2015, 2, 1)]
    boliger = pl.LazyFrame(
        {
            "maaned": months,
            "bolig_id": ["B", "B"],
            "eierform": ["innleid", "innleid"],
            "boligtype": ["ordinaer", "ordinaer"],
            "status": ["utleid", "utleid"],
            "utleier_id": ["U", "U"],
            "leieavtale_til": [None, None],
        },
        schema_overrides={"leieavtale_til": pl.Date},
    )
    kolonner = pl.LazyFrame(
        {"maaned": months, "har_utleier_id": [True, True], "har_leieavtale_til": [True, True]}
    )
    prosjekter = pl.LazyFrame(
        {
            "boliger": [5],
            "status": ["planlagt"],
            "forventet_ferdig": ["2016"],
            "ferdig_dato": [None],
        },
        schema_overrides={"ferdig_dato": pl.Date},
    )
    portfolio = portfolio_values(boliger, kolonner).collect()
    pipeline = pipeline_values(
        prosjekter, pl.LazyFrame({"maaned": months}), as_of=date(2015, 1, 31)
    ).collect()
    assert sorted(set(portfolio["indikator"])) == sorted(PORTFOLIO)
    assert sorted(set(pipeline["indikator"])) == sorted(PIPELINE)


def test_flows_are_the_month_pair_indicators_and_startlan():
    assert ids(kind="flow") == [
        "gjennomstromming",
        "til_eid_bolig",
        "ut_av_midlertidig",
        "nye_i_midlertidig",
        "nye_leietakere",
        "unge_til_privat_leie",
        "startlan",
        "flyktninger_til_privat_leie",
        "leie_til_eie_kjopt",
        "tilbake_i_midlertidig_12_mnd",
        "private_utleiere_nye",
        "private_utleiere_tapt",
        "boliger_inn",
        "boliger_ut",
    ]


def test_only_counts_are_broken_down_by_delomrade():
    assert all(entry.unit == "count" for entry in INDICATORS if AREA in entry.breakdowns)


def test_an_unknown_id_is_refused_with_a_norwegian_message():
    with pytest.raises(KeyError, match="Ukjent indikator"):
        indicator("antall_katter")


def test_the_definitions_table_has_norwegian_headers_and_one_row_per_indicator():
    table = definitions_table()
    assert table.columns == [
        "Indikator",
        "Navn",
        "Definisjon",
        "Enhet",
        "Type",
        "Retning",
        "KOSTRA",
    ]
    assert table.height == len(INDICATORS)
    assert table.filter(table["Indikator"] == "venteliste").row(0, named=True)["Retning"] == (
        "lavere er bedre"
    )
