"""The quarterly report model: sentences, summary and data notes from hand-made quarter values."""

from __future__ import annotations

from datetime import date

import polars as pl

from core.formatting import change_by_unit
from core.i18n import translator
from core.settings import Thresholds
from indicators.report import (
    FIGURES_COLUMNS,
    default_quarter,
    group_table,
    quarter_months,
    quarterly_report,
    report_quarters,
)

COLUMNS = {
    "indikator": pl.String,
    "periode": pl.String,
    "periode_start": pl.Date,
    "verdi": pl.Float64,
    "prikket": pl.Boolean,
    "forrige": pl.Float64,
    "endring_forrige": pl.Float64,
    "i_fjor": pl.Float64,
    "endring_i_fjor": pl.Float64,
    "mal": pl.Float64,
    "status": pl.String,
    "maaneder": pl.Int32,
    "maaneder_i_perioden": pl.Int32,
    "faerre_maaneder": pl.Boolean,
}
Q4_MONTHS = ["2015-10", "2015-11", "2015-12"]
THRESHOLDS = Thresholds()  # k = 3, and 5 for vulnerable groups


def row(indicator: str, value: float | None, **figures: object) -> dict:
    """One indicator's 2015-Q4 row; `figures` overrides the comparison, target and months."""
    base = {
        "indikator": indicator,
        "periode": "2015-Q4",
        "periode_start": date(2015, 10, 1),
        "verdi": value,
        "prikket": False,
        "forrige": None,
        "i_fjor": None,
        "mal": None,
        "status": None,
        "maaneder": 3,
        "maaneder_i_perioden": 3,
        "faerre_maaneder": False,
    }
    base.update(figures)
    for earlier, change in (("forrige", "endring_forrige"), ("i_fjor", "endring_i_fjor")):
        known = base["verdi"] is not None and base[earlier] is not None
        base[change] = base["verdi"] - base[earlier] if known else None
    return base


def values(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=COLUMNS)


def sentences(frame: pl.DataFrame, language: str = "nb", months=Q4_MONTHS) -> dict[str, str]:
    report = quarterly_report(
        frame, "2015-Q4", loaded_months=months, thresholds=THRESHOLDS, language=language
    )
    return {section.indicator.id: section.sentence for section in report.sections}


def test_a_fall_where_lower_is_better_goes_down_and_is_an_improvement():
    frame = values(
        row("midlertidig", 186, i_fjor=230, forrige=201, mal=190, status="nådd"),
    )
    assert sentences(frame)["midlertidig"] == (
        "Antall husstander i midlertidig botilbud gikk ned fra 230 til 186 siden samme kvartal "
        "i fjor, en forbedring. Målet for kvartalet er 190: nådd."
    )


def test_a_rise_where_higher_is_better_is_an_improvement_and_in_english_too():
    frame = values(row("housing_first", 11, i_fjor=7))
    assert sentences(frame)["housing_first"] == (
        "Antall husstander i Housing First økte fra 7 til 11 siden samme kvartal i fjor, "
        "en forbedring."
    )
    assert sentences(frame, "en")["housing_first"] == (
        "The number of households in Housing First rose from 7 to 11 since the same quarter "
        "last year, an improvement."
    )


def test_a_rise_where_lower_is_better_is_a_deterioration_in_percent():
    # andel_ledige 1,88 -> 2,56 shows as 1,9 % -> 2,6 % (babel's no-break space before %): up,
    # and lower is better.
    frame = values(row("andel_ledige", 2.56, i_fjor=1.88))
    assert sentences(frame)["andel_ledige"] == (
        "Andel ledige boliger økte fra 1,9\xa0% til 2,6\xa0% siden samme kvartal i fjor, "
        "en forverring."
    )


def test_a_value_equal_as_shown_is_unchanged_without_a_judgement():
    frame = values(row("venteliste", 84, i_fjor=84.2))
    assert sentences(frame)["venteliste"] == (
        "Antall husstander på venteliste var uendret på 84 siden samme kvartal i fjor."
    )


def test_without_last_year_the_previous_quarter_is_the_comparison():
    frame = values(row("venteliste", 84, forrige=100))
    assert sentences(frame)["venteliste"] == (
        "Antall husstander på venteliste gikk ned fra 100 til 84 siden forrige kvartal, "
        "en forbedring."
    )


def test_an_indicator_without_direction_gets_no_judgement():
    frame = values(row("kommunale_boliger", 1308, i_fjor=1300))
    assert sentences(frame)["kommunale_boliger"] == (
        "Antall kommunalt disponerte boliger økte fra 1\xa0300 til 1\xa0308 siden samme kvartal "
        "i fjor."
    )


def test_a_suppressed_figure_is_not_shown_and_is_named_in_the_notes():
    frame = values(
        row("startlan", None, prikket=True),
        row("midlertidig", 186),
    )
    report = quarterly_report(frame, "2015-Q4", loaded_months=Q4_MONTHS, thresholds=THRESHOLDS)
    hidden = report.sections[1]
    assert (hidden.indicator.id, hidden.suppressed, hidden.value) == ("startlan", True, None)
    assert hidden.sentence == (
        "Innvilgede startlån i 2015 K4 er prikket: tallet er lite, eller kunne sammen med andre "
        "tall avslørt et lite tall."
    )
    assert (
        "Prikket (vises som «:») fordi tallet er under 3 (5 for sårbare grupper), eller fordi det "
        "sammen med andre tall kunne avslørt et slikt tall: Innvilgede startlån." in report.notes
    )


def test_a_flow_over_fewer_months_is_not_compared_and_is_noted():
    # One month of a flow against a whole quarter a year before would read as a fall.
    frame = values(row("nye_i_midlertidig", 36, i_fjor=133, maaneder=1, faerre_maaneder=True))
    report = quarterly_report(frame, "2015-Q4", loaded_months=["2015-10"], thresholds=THRESHOLDS)
    assert report.sections[0].sentence == (
        "Nye i midlertidig botilbud var 36 i 2015 K4. Tallet bygger på 1 av 3 måneder."
    )
    assert report.notes[:2] == (
        "Kvartalet mangler øyeblikksbilder for november 2015 og desember 2015.",
        "Strømtall som bygger på færre enn 3 måneder: Nye i midlertidig botilbud (1 av 3).",
    )


def test_the_summary_gives_the_month_the_headlines_the_targets_and_the_trend():
    frame = values(
        row("venteliste", 84, i_fjor=141, mal=90, status="nådd"),
        row("midlertidig", 186, i_fjor=230, mal=190, status="nådd"),
        row("housing_first", 11, i_fjor=12, mal=12, status="nær målet"),
        row("andel_rullestol", 10.6, i_fjor=10.6, mal=12, status="ikke nådd"),
    )
    report = quarterly_report(frame, "2015-Q4", loaded_months=Q4_MONTHS, thresholds=THRESHOLDS)
    assert report.last_month == "2015-12"
    # Targets: 2 reached, 1 close, 1 missed. Trend against last year: venteliste and midlertidig
    # fell (better), housing_first fell (worse), andel_rullestol did not move (neither).
    _rullestol, venteliste, midlertidig, housing_first = report.sections  # registry order
    assert report.summary == (
        "Rapporten gjelder 2015 K4. Beholdningstallene står per utgangen av desember 2015.",
        midlertidig.sentence,
        venteliste.sentence,
        housing_first.sentence,
        "Av 4 indikatorer med mål er 2 nådd, 1 nær målet og 1 ikke nådd.",
        "Sammenlignet med samme kvartal i fjor ble 2 indikatorer bedre og 1 dårligere.",
    )
    assert housing_first.sentence.startswith(
        "Antall husstander i Housing First gikk ned fra 12 til 11 siden samme kvartal i fjor, "
        "en forverring."
    )


def test_all_months_present_and_nothing_suppressed_is_said_too():
    report = quarterly_report(
        values(row("midlertidig", 186)), "2015-Q4", loaded_months=Q4_MONTHS, thresholds=THRESHOLDS
    )
    assert report.notes[:2] == (
        "Alle tre månedene i kvartalet har øyeblikksbilder.",
        "Ingen tall er prikket. Tall under 3 (5 for sårbare grupper) ville vist «:».",
    )


def test_the_history_holds_the_quarters_up_to_the_reported_one():
    earlier = row("midlertidig", 230, periode="2014-Q4", periode_start=date(2014, 10, 1))
    later = row("midlertidig", 150, periode="2016-Q1", periode_start=date(2016, 1, 1))
    frame = values(earlier, row("midlertidig", 186, mal=190), later)
    section = quarterly_report(
        frame, "2015-Q4", loaded_months=Q4_MONTHS, thresholds=THRESHOLDS
    ).sections[0]
    assert section.history == (("2014-Q4", 230.0, None), ("2015-Q4", 186.0, 190.0))


def test_the_default_quarter_is_the_latest_that_has_ended():
    months = ["2026-08", "2026-09", "2026-10"]
    assert report_quarters(months) == ["2026-Q4", "2026-Q3"]
    assert default_quarter(months) == "2026-Q3"
    assert default_quarter(["2026-10"]) == "2026-Q4"  # nothing has ended: the newest
    assert default_quarter([]) is None
    assert quarter_months("2015-Q4") == Q4_MONTHS


def test_a_change_in_a_share_is_in_percentage_points():
    assert change_by_unit(-4.9, "percent") == "−4,9 %-poeng"
    assert change_by_unit(0.7, "percent", "en") == "+0.7 pp"
    assert change_by_unit(-44, "count") == "−44"


def test_the_share_still_housed_is_followed_by_how_many_it_leaves_out_as_unknown():
    frame = values(
        row("andel_bosatt_fortsatt_12_mnd", 88.0), row("bosatt_fortsatt_12_mnd_ukjent", 4)
    )
    report = quarterly_report(frame, "2015-Q4", loaded_months=Q4_MONTHS, thresholds=THRESHOLDS)
    assert (
        "Andelen fortsatt bosatt 12 måneder etter midlertidig botilbud holder utenfor 4 "
        "husstander som ikke er med i kvartalets siste uttrekk (ukjent situasjon)."
    ) in report.notes
    without = quarterly_report(
        values(row("midlertidig", 186)), "2015-Q4", loaded_months=Q4_MONTHS, thresholds=THRESHOLDS
    )
    assert not any("ukjent situasjon" in note for note in without.notes)


def grouped_report(language: str = "nb"):
    """2015-Q4 with one ordinary indicator, part of the portfolio (one figure suppressed, one
    with a target) and the pipeline as the demo has it: 18 planned, 6 under construction."""
    frame = values(
        row("midlertidig", 186, i_fjor=230),
        row("innleide_boliger", 229, i_fjor=228, forrige=230),
        row("private_utleiere", 127, i_fjor=126, mal=130, status="nær målet"),
        row("private_utleiere_nye", None, prikket=True),
        row("smahus", 12, i_fjor=12),
        row("prosjektboliger_planlagt", 18),
        row("prosjektboliger_under_bygging", 6),
    )
    return quarterly_report(
        frame, "2015-Q4", loaded_months=Q4_MONTHS, thresholds=THRESHOLDS, language=language
    )


def test_portfolio_and_pipeline_indicators_get_their_group_and_no_section_of_their_own():
    report = grouped_report()
    assert [section.indicator.id for section in report.sections] == ["midlertidig"]
    portfolio, pipeline = report.groups
    # The group's order (innleide, utleiere, nye utleiere, småhus), not the rows' order.
    assert (portfolio.title, [s.indicator.id for s in portfolio.sections]) == (
        "Boligmasse",
        ["innleide_boliger", "private_utleiere", "private_utleiere_nye", "smahus"],
    )
    assert (pipeline.title, [s.indicator.id for s in pipeline.sections]) == (
        "Boligprosjekter",
        ["prosjektboliger_planlagt", "prosjektboliger_under_bygging"],
    )


def test_a_group_says_what_it_shows_then_its_leading_indicator_s_sentence():
    portfolio, pipeline = grouped_report().groups
    # innleide_boliger 228 a year before -> 229: up, and a size without direction.
    assert portfolio.paragraphs[1] == (
        "Antall innleide boliger økte fra 228 til 229 siden samme kvartal i fjor."
    )
    assert portfolio.paragraphs[0].startswith(
        "Boliger kommunen leier av private utleiere og leier ut videre"
    )
    assert "ved utgangen av 2015 K4." in portfolio.paragraphs[0]
    # Planned: no earlier quarter, so only the value.
    assert pipeline.paragraphs == (
        "Boliger i kommunens boligprosjekter etter status i prosjektregisteret ved utgangen av "
        "2015 K4, og boliger i prosjekter som er ferdigstilt hittil i året.",
        "Antall planlagte prosjektboliger var 18 i 2015 K4.",
    )


def test_a_group_in_english_is_translated_title_text_and_sentence():
    _, pipeline = grouped_report("en").groups
    assert pipeline.title == "Housing projects"
    assert pipeline.paragraphs[0].startswith("Dwellings in the municipality's housing projects")
    assert pipeline.paragraphs[1].endswith("18 in 2015 Q4.")


def test_a_group_without_any_value_says_what_is_missing_and_one_without_rows_is_left_out():
    frame = values(
        row("midlertidig", 186),
        row("prosjektboliger_planlagt", None),
        row("prosjektboliger_regulert", None),
    )
    report = quarterly_report(frame, "2015-Q4", loaded_months=Q4_MONTHS, thresholds=THRESHOLDS)
    (pipeline,) = report.groups  # no portfolio row at all: no portfolio section
    assert pipeline.paragraphs[1] == (
        "Ingen av tallene har verdi for 2015 K4: det er ikke lastet inn et prosjektregister."
    )


def test_the_group_table_shows_suppression_target_and_status_as_the_figures_table():
    portfolio, _ = grouped_report().groups
    table = group_table(portfolio, "nb", translator("nb"))
    assert table.columns == list(FIGURES_COLUMNS)
    # 229 − 228 = +1 and 229 − 230 = −1; 127 − 126 = +1 with the target 130 "nær målet";
    # the suppressed flow is ":" with no changes; småhus unchanged at 12 against last year.
    assert table.rows() == [
        ("Innleide boliger", "229", "+1", "−1", "", ""),
        ("Private utleiere", "127", "+1", "..", "130", "nær målet"),
        ("Nye private utleiere", ":", "..", "..", "", ""),
        ("Småhus", "12", "0", "..", "", ""),
    ]


def test_grouped_indicators_still_count_in_the_summary_and_the_notes():
    report = grouped_report()
    # The one target is private_utleiere's (close); the suppressed one is named in the notes.
    assert "Av 1 indikatorer med mål er 0 nådd, 1 nær målet og 0 ikke nådd." in report.summary
    assert report.notes[1].endswith("kunne avslørt et slikt tall: Nye private utleiere.")
