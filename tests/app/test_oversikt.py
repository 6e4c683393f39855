"""Oversikt on the demo: the latest quarter's key indicators as cards, each a link to its trend."""

from __future__ import annotations

from core.warehouse_file import resolve_db_path
from tests.app.read_only import app_db  # noqa: F401  (one warm copy for the module)
from warehouse.db import connect

KEY_INDICATORS = [
    "Husstander i midlertidig botilbud",
    "Barnefamilier i midlertidig botilbud",
    "Andel i midlertidig botilbud over 3 måneder",
    "Husstander på venteliste",
    "Ventetid på venteliste, median",
    "Gjennomstrømning fra kommunal bolig",
    "Husstander i Housing First",
    "Andel ledige boliger",
    "Kjøp gjennom leie til eie",
    "Tilbake i midlertidig botilbud innen 12 måneder",
]


def households_in(situation: str, month: str) -> int:
    """Counted straight from the warehouse the app reads, past the indicator code."""
    with connect(resolve_db_path(None)) as connection:
        (count,) = connection.execute(
            "select count(*) from marts.husstander where situasjon = ? and maaned = ?",
            [situation, f"{month}-01"],
        ).fetchone()
    return count


def card_of(app, title):
    (metric,) = [metric for metric in app.metric if metric.label == title]
    return metric


def test_a_card_per_key_indicator_for_the_latest_quarter(open_page):
    app = open_page("oversikt")
    assert not app.exception
    assert [metric.label for metric in app.metric] == KEY_INDICATORS
    # The demo's last snapshot is October 2026: 2026 K4 has one month so far, on every card.
    periods = [caption.value for caption in app.caption if caption.value.startswith("2026 K4")]
    assert periods == ["2026 K4 · til og med oktober 2026"] * len(KEY_INDICATORS)


def test_the_cards_value_is_the_latest_months_stock(open_page):
    app = open_page("oversikt")
    # A stock's quarter takes its last month's value: October 2026's households.
    expected = households_in("midlertidig", "2026-10")
    assert card_of(app, "Husstander i midlertidig botilbud").value == str(expected)
    assert card_of(app, "Husstander på venteliste").value == str(
        households_in("venteliste", "2026-10")
    )


def test_each_card_says_its_changes_target_and_status(open_page):
    app = open_page("oversikt")
    texts = [markdown.value for markdown in app.markdown]  # a card's lines are one element
    assert sum("fra forrige kvartal" in text for text in texts) == len(KEY_INDICATORS)
    assert sum("fra samme kvartal i fjor" in text for text in texts) == len(KEY_INDICATORS)
    # The action plan's 2026 target for temporary accommodation is 100 households.
    assert any(line.startswith("Mål: 100 ") for text in texts for line in text.split("\n\n"))


def test_each_card_links_to_its_indicator(open_page):
    links = open_page("oversikt").page_link
    assert [link.proto.query_string for link in links][:2] == [
        "indikator=midlertidig",
        "indikator=midlertidig_barnefamilier",
    ]
    assert {link.proto.page for link in links} == {"indicators"}


def test_a_council_member_sees_the_same_cards_with_the_suppression_note(open_page):
    app = open_page("oversikt", role="leser")
    assert not app.exception
    assert [metric.label for metric in app.metric] == KEY_INDICATORS
    assert "Små tall er prikket og vises som «:» (se Om tallene)." in [
        caption.value for caption in app.caption
    ]


def test_in_english_the_cards_speak_english(open_page):
    app = open_page("oversikt", language="en")
    assert app.title[0].value == "Overview"
    assert app.metric[0].label == "Households in temporary accommodation"
    assert any("from the previous quarter" in markdown.value for markdown in app.markdown)
