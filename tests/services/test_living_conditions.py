"""services.living_conditions: the directions in force, the default indicator, and the report's
BrukerPlan paragraphs and table, on small frames worked out by hand."""

from __future__ import annotations

import polars as pl

from core.settings import Thresholds
from services.living_conditions import (
    COMPUTED_INDEX_NAME,
    StoredSurvey,
    brukerplan_section,
    survey,
)


def stored(values: dict[str, list[float]], descriptions: list[tuple]) -> StoredSurvey:
    """A delområde survey of three areas in 2025, one column per indicator."""
    rows = [
        ("11080" + str(area), 2025, name, value)
        for name, column in values.items()
        for area, value in enumerate(column, 1)
    ]
    return StoredSurvey(
        pl.DataFrame(
            rows, schema=["omrade", "aar", "indikator", "verdi"], orient="row"
        ).with_columns(pl.col("aar").cast(pl.Int32), pl.col("verdi").cast(pl.Float64)),
        pl.DataFrame(
            descriptions,
            schema={"indikator": pl.String, "navn": pl.String, "hoy_er_darlig": pl.Boolean},
            orient="row",
        ),
    )


def test_the_admins_direction_wins_over_the_file_and_an_undescribed_indicator_waits():
    found = survey(
        stored(
            {"lavinntekt_andel": [1, 2, 3], "utdanning_andel": [3, 2, 1], "x": [1, 1, 2]},
            [("lavinntekt_andel", "Lavinntekt", True), ("utdanning_andel", "Utdanning", True)],
        ),
        {"utdanning_andel": False},
    )

    assert found.level == "delomrade"
    assert dict(found.high_is_bad) == {
        "lavinntekt_andel": True,
        "utdanning_andel": False,
        "beregnet_levekarsindeks": True,
    }
    assert found.undirected == ["x"]
    # Without the survey's own index, two known directions make the computed one, drawn first.
    assert found.default_indicator() == "beregnet_levekarsindeks"
    assert found.name("beregnet_levekarsindeks", "nb") == COMPUTED_INDEX_NAME
    assert found.name("lavinntekt_andel", "nb") == "Lavinntekt"
    assert found.unit("lavinntekt_andel") == "\u00a0%"


def test_the_computed_index_is_the_mean_of_the_turned_z_scores():
    found = survey(
        stored({"a": [1, 2, 3], "b": [3, 2, 1]}, [("a", None, True), ("b", None, False)]),
        {},
    )
    index = found.values.filter(pl.col("indikator") == "beregnet_levekarsindeks").sort("omrade")
    # a: z = (−1,22, 0, 1,22) with the population sd √(2/3); b is 3, 2, 1 with high good,
    # turned to −3, −2, −1: the same z. The mean of the two is the same z-scores.
    assert [round(value, 2) for value in index["verdi"]] == [-1.22, 0.0, 1.22]


def test_the_survey_s_own_index_is_the_default_and_no_index_is_computed():
    found = survey(
        stored(
            {"levekarsindeks": [1, 5, 9], "a": [1, 2, 3], "b": [1, 2, 3]},
            [("levekarsindeks", None, True), ("a", None, True), ("b", None, True)],
        ),
        {},
    )

    assert found.default_indicator() == "levekarsindeks"
    assert found.name("levekarsindeks", "nb") == "Levekårsindeks"
    assert "beregnet_levekarsindeks" not in found.values["indikator"].to_list()


def test_no_survey_loaded_gives_none():
    assert survey(stored({}, []), {}) is None


def two_years_one_with_two_without_a_home() -> pl.DataFrame:
    """BrukerPlan rows: 100 mapped in 2024 and in 2025, two of them without a home in 2025."""
    counts = {
        2024: {"egen_bolig": 60, "kommunal_bolig": 20, "midlertidig": 10, "uten_bolig": 10},
        2025: {"egen_bolig": 70, "kommunal_bolig": 20, "midlertidig": 8, "uten_bolig": 2},
    }
    return pl.DataFrame(
        [
            (year, situation, count)
            for year, by_situation in counts.items()
            for situation, count in by_situation.items()
        ],
        schema={"aar": pl.Int32, "boforhold": pl.String, "antall": pl.Int64},
        orient="row",
    )


def test_the_report_s_brukerplan_paragraph_is_suppressed_and_compares_shown_years():
    rows = two_years_one_with_two_without_a_home()

    section = brukerplan_section(rows, Thresholds(k=3, strict=5), "nb")

    # 2025: 2 without a home (< 5) is hidden, and with it the smallest shown count, 8 in
    # temporary accommodation (2 + 8 = 10 ≥ 5); so neither share nor a change is shown.
    # 2024 is all shown: 10 of 100 = 10,0 % in each.
    assert section.paragraphs == (
        "Andel uten bolig blant de kartlagte i BrukerPlan 2025: :.",
        "Andel i midlertidig botilbud blant de kartlagte i BrukerPlan 2025: :.",
    )


def test_the_report_s_brukerplan_paragraph_gives_the_year_before_where_both_are_shown():
    rows = pl.DataFrame(
        {
            "aar": [2024, 2024, 2025, 2025],
            "boforhold": ["uten_bolig", "egen_bolig"] * 2,
            "antall": [10, 90, 20, 80],
        },
        schema={"aar": pl.Int32, "boforhold": pl.String, "antall": pl.Int64},
    )

    section = brukerplan_section(rows, Thresholds(k=3, strict=5), "nb")

    # 20 of 100 = 20,0 % in 2025, 10 of 100 = 10,0 % in 2024; nobody in temporary
    # accommodation is listed, so that share has no figure at all.
    assert section.paragraphs[0] == (
        "Andel uten bolig blant de kartlagte i BrukerPlan 2025: 20,0\u00a0%. Året før: 10,0\u00a0%."
    )


def test_the_report_s_brukerplan_table_gives_each_year_suppressed_as_readers_see_it():
    rows = two_years_one_with_two_without_a_home()

    section = brukerplan_section(rows, Thresholds(k=3, strict=5), "nb")

    # Newest year first. 2025: 2 without a home (< 5) and the smallest shown count, 8 in
    # temporary accommodation, are `:`; 70 and 20 of 100 are 70,0 % and 20,0 %; nobody is
    # listed in an institution or «annet», so those cells are `..`; the total, 100, is shown.
    # 2024: every count ≥ 5, each share its count of 100.
    assert section.table.columns == [
        "År",
        "Egen bolig (eid eller privat leid)",
        "Kommunal bolig",
        "Midlertidig botilbud",
        "Institusjon",
        "Uten bolig",
        "Annet",
        "I alt",
    ]
    assert section.table.rows() == [
        ("2025", "70 (70,0\u00a0%)", "20 (20,0\u00a0%)", ":", "..", ":", "..", "100"),
        (
            "2024",
            "60 (60,0\u00a0%)",
            "20 (20,0\u00a0%)",
            "10 (10,0\u00a0%)",
            "..",
            "10 (10,0\u00a0%)",
            "..",
            "100",
        ),
    ]


def test_the_report_s_brukerplan_table_is_in_the_report_s_language():
    rows = two_years_one_with_two_without_a_home()

    section = brukerplan_section(rows, Thresholds(k=3, strict=5), "en")

    # The same 2024 row as in bokmål, with English words and a decimal point.
    assert section.table.columns[0] == "Year"
    assert section.table.columns[5] == "Without a home"
    assert section.table.row(1) == (
        "2024",
        "60 (60.0%)",
        "20 (20.0%)",
        "10 (10.0%)",
        "..",
        "10 (10.0%)",
        "..",
        "100",
    )
