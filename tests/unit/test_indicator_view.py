"""Indicator values shaped for the screen: cards, tables, notes, suppression, downloads."""

from __future__ import annotations

import io
from datetime import date

import polars as pl

from indicators.registry import indicator
from ui import indicator_view as view

QUARTER_SCHEMA = {
    "indikator": pl.String,
    "periode": pl.String,
    "periode_start": pl.Date,
    "til_og_med": pl.Date,
    "teller": pl.Int64,
    "nevner": pl.Int64,
    "verdi": pl.Float64,
    "maaneder": pl.Int32,
    "maaneder_i_perioden": pl.Int32,
    "faerre_maaneder": pl.Boolean,
    "prikket": pl.Boolean,
    "forrige": pl.Float64,
    "i_fjor": pl.Float64,
    "endring_forrige": pl.Float64,
    "endring_i_fjor": pl.Float64,
    "mal": pl.Float64,
    "status": pl.String,
}


def quarter(indikator: str, periode: str, **values) -> dict:
    """A row of `indicator_values(db, "quarter")`: a whole quarter unless told otherwise."""
    year, number = int(periode[:4]), int(periode[-1])
    start = date(year, 3 * number - 2, 1)
    row = dict.fromkeys(QUARTER_SCHEMA)
    row |= {
        "indikator": indikator,
        "periode": periode,
        "periode_start": start,
        "til_og_med": date(year, 3 * number, 1),
        "maaneder": 3,
        "maaneder_i_perioden": 3,
        "faerre_maaneder": False,
        "prikket": False,
    }
    return row | values


def frame(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=QUARTER_SCHEMA)


# Households in temporary accommodation (lower is better): 122 in 2026 K3; 120 in October,
# the only month of 2026 K4 so far; 121 a year before. Changes 120 − 122 = −2, 120 − 121 = −1.
TEMPORARY = frame(
    quarter("midlertidig", "2026-Q3", teller=122, verdi=122.0, mal=100.0, status="ikke nådd"),
    quarter(
        "midlertidig",
        "2026-Q4",
        til_og_med=date(2026, 10, 1),
        maaneder=1,
        teller=120,
        verdi=120.0,
        forrige=122.0,
        i_fjor=121.0,
        endring_forrige=-2.0,
        endring_i_fjor=-1.0,
        mal=100.0,
        status="ikke nådd",
    ),
)


def test_a_fall_is_for_the_better_when_lower_is_better_and_a_rise_when_higher_is():
    assert view.tone(-2, lower_is_better=True) == "bedre"
    assert view.tone(2, lower_is_better=True) == "dårligere"
    assert view.tone(2, lower_is_better=False) == "bedre"
    assert view.tone(2, lower_is_better=None) == "nøytral"
    assert view.tone(0, lower_is_better=True) == "nøytral"
    assert view.tone(None, lower_is_better=True) == "nøytral"


def test_arrows_point_the_way_the_figure_moved():
    assert [view.arrow(change) for change in (3, -0.5, 0, None)] == ["opp", "ned", "flat", None]


def test_changes_carry_their_sign_and_shares_change_in_percentage_points():
    assert view.change_text(-2, "count", "nb") == "−2"
    # 0.44 percentage points with one decimal: +0,4 pp.
    assert view.change_text(0.44, "percent", "nb") == "+0,4 pp"
    assert view.change_text(0.44, "percent", "en") == "+0.4 pp"
    assert view.change_text(5, "count", "nb", suppressed=True) == ":"
    assert view.change_text(None, "percent", "nb") == ".."


def test_periods_are_named_the_norwegian_way():
    assert view.period_name("2026-Q3", "nb") == "2026 K3"
    assert view.period_name("2026-Q3", "en") == "2026 Q3"
    assert view.period_name("2026-10", "nb") == "oktober 2026"
    assert view.period_name("2026", "nb") == "2026"


def test_a_quarter_not_yet_over_says_up_to_which_month():
    (partial,) = TEMPORARY.filter(pl.col("periode") == "2026-Q4").to_dicts()
    assert view.period_note(partial, "nb") == "til og med oktober 2026"
    assert view.period_note(partial, "en") == "up to and including October 2026"
    (whole,) = TEMPORARY.filter(pl.col("periode") == "2026-Q3").to_dicts()
    assert view.period_note(whole, "nb") is None


def test_a_flow_missing_a_month_inside_its_quarter_says_how_many_it_covers():
    # 2014 K1 of a flow: January has no previous month, so only February and March count.
    row = quarter("nye_i_midlertidig", "2014-Q1", maaneder=2, faerre_maaneder=True, verdi=9.0)
    assert view.period_note(row, "nb") == "2 av 3 måneder"


def test_the_card_shows_the_latest_quarter_with_its_changes_target_and_status():
    card = view.card(TEMPORARY, "midlertidig", "quarter", "nb")
    assert (card.title, card.period, card.value) == (
        "Husstander i midlertidig botilbud",
        "2026 K4",
        "120",
    )
    assert card.note == "til og med oktober 2026"
    assert card.changes == (
        view.Change("−2", "fra forrige kvartal", "ned", "bedre"),
        view.Change("−1", "fra samme kvartal i fjor", "ned", "bedre"),
    )
    assert (card.target, card.status, card.status_tone) == ("Mål: 100", "ikke nådd", "dårligere")


def test_a_suppressed_card_shows_a_colon_for_its_value_and_its_changes():
    hidden = frame(quarter("housing_first", "2026-Q4", prikket=True, mal=30.0))
    card = view.card(hidden, "housing_first", "quarter", "nb")
    assert card.value == ":"
    assert [change.text for change in card.changes] == [":", ":"]


def test_oversikt_shows_the_key_indicators_it_has_values_for_in_order():
    values = pl.concat([frame(quarter("venteliste", "2026-Q4", verdi=68.0)), TEMPORARY])
    cards = view.overview_cards(values, "quarter", "nb")
    assert [card.indicator for card in cards] == ["midlertidig", "venteliste"]
    assert view.latest_period(values) == "2026-Q4"


def test_a_share_shown_as_a_count_shows_its_numerator_with_its_own_changes_and_no_target():
    entry = indicator("midlertidig_over_3_mnd_andel")
    # 10 of 40 (25 %) in K3, 12 of 40 (30 %) in K4: the count rises by 12 − 10 = 2.
    shares = frame(
        quarter(entry.id, "2026-Q3", teller=10, nevner=40, verdi=25.0, mal=25.0, status="nådd"),
        quarter(entry.id, "2026-Q4", teller=12, nevner=40, verdi=30.0, mal=25.0, status="nådd"),
    )
    counted = view.measured(shares, entry, "quarter", "teller")
    assert counted["verdi"].to_list() == [10.0, 12.0]
    assert counted["endring_forrige"].to_list() == [None, 2.0]
    assert counted["mal"].to_list() == [None, None]
    assert view.unit_shown(entry, "teller") == "count"
    assert view.has_count_and_share(entry)
    assert not view.has_count_and_share(indicator("midlertidig"))


def test_the_table_lists_the_periods_newest_first_as_they_are_shown():
    table = view.values_table(TEMPORARY, "count", "nb")
    assert table.columns == [
        "Periode",
        "Verdi",
        "Endring fra forrige periode",
        "Endring fra samme periode i fjor",
        "Mål",
        "Status",
        "Merknad",
    ]
    assert table.row(0) == (
        "2026 K4",
        "120",
        "−2",
        "−1",
        "100",
        "ikke nådd",
        "til og med oktober 2026",
    )
    # 2026 K3 has no earlier rows here: its changes are missing, not zero.
    assert table.row(1) == ("2026 K3", "122", "..", "..", "100", "ikke nådd", "")


def test_the_table_shows_a_suppressed_period_as_a_colon():
    hidden = frame(quarter("unge_til_privat_leie", "2026-Q4", prikket=True))
    assert view.values_table(hidden, "count", "nb").row(0)[1:4] == (":", ":", ":")


def test_breakdowns_are_offered_where_the_registry_defines_them():
    assert view.breakdown_options(indicator("midlertidig")) == ["malgruppe", "delomrade"]
    assert view.breakdown_options(indicator("venteliste")) == ["malgruppe"]
    assert view.breakdown_options(indicator("kommunale_boliger")) == ["delomrade"]
    assert view.breakdown_options(indicator("flyktninger_privat_leie")) == []


def test_a_breakdown_table_names_its_groups_in_the_language_and_hides_small_cells():
    cells = pl.DataFrame(
        {
            "gruppenavn": ["Flyktninger", "Uten kjent område"],
            "verdi": [None, 14.0],
            "prikket": [True, False],
            "endring_forrige": [None, -3.0],
            "endring_i_fjor": [None, 2.0],
        }
    )
    table = view.breakdown_table(cells, "count", "en")
    assert table.columns == [
        "Group",
        "Value",
        "Change from the previous period",
        "Change from the same period last year",
    ]
    assert table.rows() == [("Refugees", ":", ":", ":"), ("No known area", "14", "−3", "+2")]


def test_the_source_of_an_indicator_follows_what_its_definition_reads():
    assert view.source(indicator("andel_ledige")) == "Boligene i månedens øyeblikksbilde"
    assert view.source(indicator("kommunale_boliger_per_1000")) == (
        "Boligene og områdestatistikken (innbyggere)"
    )
    assert view.source(indicator("gjennomstromming")) == (
        "Husstandene i månedens og forrige måneds øyeblikksbilde"
    )
    assert view.source(indicator("andel_trangbodde")) == (
        "Husstandene og boligene i månedens øyeblikksbilde"
    )


def test_the_question_mark_box_says_unit_kind_direction_source_and_kostra():
    assert view.facts(indicator("venteliste"), "nb") == (
        "Enhet: antall · Type: beholdning · Retning: lavere er bedre · "
        "Kilde: Husstandene i månedens øyeblikksbilde · KOSTRA: KOSventelistetil"
    )


def test_om_tallene_sections_hold_every_indicator_of_the_registry_once():
    sections = view.indicator_groups()
    ids = [entry.id for _, entries in sections for entry in entries]
    assert len(ids) == len(set(ids))
    assert set(ids) == {entry.id for entry in view.INDICATORS}


def test_a_download_is_the_table_shown_with_formula_like_cells_made_harmless():
    table = pl.DataFrame({"Gruppe": ["=HYPERLINK(1)", "Demo Lura"], "Verdi": ["1 234", ":"]})
    csv = view.csv_bytes(table).decode("utf-8")
    assert csv == "\ufeffGruppe;Verdi\n'=HYPERLINK(1);1 234\nDemo Lura;:\n"
    workbook = pl.read_excel(io.BytesIO(view.xlsx_bytes(table, "tabell")))
    assert workbook.rows() == [("'=HYPERLINK(1)", "1 234"), ("Demo Lura", ":")]


def test_the_indicator_choice_lists_the_municipal_indicators_by_name_in_registry_order():
    names = view.indicator_names("en")
    assert list(names)[:2] == ["kommunale_boliger", "kommunale_boliger_per_1000"]
    assert names["midlertidig"] == "Households in temporary accommodation"
    assert "omrade_lokasjonskvotient" not in names  # an area measure, not the municipality's
