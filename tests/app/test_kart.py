"""Kart on the demo: flagged areas and buildings with why, the site check, segregation."""

from __future__ import annotations

from pathlib import Path

import pytest

from geo.analysis import warm_up
from tests.app.conftest import WARM_UP_TIMEOUT
from ui import cache
from warehouse.db import connect, counting_queries
from warehouse.loads import record_event

# The site check's coordinate inputs (app_pages/kart.py).
LAT_KEY = "kart_tomt_lat"
LON_KEY = "kart_tomt_lon"
# A point inside Demoområde 0512 (Trones), a flagged area of the demo in October 2026.
TRONES = (58.85451, 5.75447)


@pytest.fixture(scope="module", autouse=True)
def compiled_geo():
    """esda's numba code compiled before the first run, so no run waits for it."""
    warm_up()


def shown_table(app, header: str):
    """The first table shown with a column `header`."""
    return next(frame.value for frame in app.dataframe if header in frame.value.columns)


def rows_by(frame, column: str) -> dict:
    return {row[column]: row for row in frame.to_dict("records")}


def test_the_map_page_opens_on_the_latest_month(open_page):
    app = open_page("kart")
    assert not app.exception
    assert app.title[0].value == "Kart"
    assert app.selectbox(key="kart_maaned").value == "2026-10"
    assert app.radio(key="kart_maal").value == "andel"
    assert [header.value for header in app.subheader] == [
        "Tomtesjekk",
        "Flaggede områder",
        "Flaggede bygninger",
        "Segregering over tid",
    ]


def test_a_flagged_area_shows_its_figures_and_why(open_page):
    app = open_page("kart")
    areas = rows_by(shown_table(app, "Hvorfor flagget"), "Grunnkrets")
    sentrum = areas["11080102"]
    # October 2026: 146 municipal of 903 dwellings = 16,2 %; the municipality 1 340 of 35 463
    # = 3,8 %, so 16,2 / 3,8 gives an LQ of 4,28.
    assert sentrum["Område"] == "Demoområde 0102 (Sentrum)"
    assert (sentrum["Kommunale boliger"], sentrum["Andel kommunale"]) == ("146", "16,2\u00a0%")
    assert sentrum["Lokasjonskvotient"] == "4,28"
    assert sentrum["Hvorfor flagget"].startswith(
        "Over terskel: andelen 16,2\u00a0% er minst 2,0 × kommunens 3,8\u00a0%, "
        "med 146 kommunale boliger"
    )
    assert "Klynge: høy andel" in sentrum["Hvorfor flagget"]
    # Lura 0210 is only in a cluster: 36 municipal dwellings, 6,1 % (under 2 × 3,8 %).
    assert areas["11080210"]["Hvorfor flagget"].startswith("Klynge:")
    # Highest location quotient first: Sentrum 0102 has the highest of the month.
    assert next(iter(areas)) == "11080102"


def test_flagged_buildings_say_why(open_page):
    app = open_page("kart")
    by_id = rows_by(shown_table(app, "Enheter i bygningen"), "Bygning")
    assert by_id["307995465"]["Hvorfor flagget"] == (
        "23 kommunale boliger i samme bygning (grensen er 4)."
    )
    # 7 municipal of 30 units = 23,3 %, above the 20 % a borettslag may have with bylaws.
    assert by_id["920178042"]["Andel av enhetene"] == "23,3\u00a0%"
    assert by_id["920178042"]["Hvorfor flagget"] == (
        "7 kommunale boliger i samme bygning (grensen er 4). "
        "Kommunen eier 23,3\u00a0% av enhetene, over 20\u00a0% (grensen med vedtekter)."
    )


def test_typed_coordinates_show_the_site_checks_before_and_after(open_page):
    app = open_page("kart")
    app.number_input(key=LAT_KEY).set_value(TRONES[0])
    app.number_input(key=LON_KEY).set_value(TRONES[1]).run()
    assert not app.exception
    # The area's name is outside text: its parentheses are escaped markdown.
    assert "Punktet ligger i Demoområde 0512 \\(Trones\\) (grunnkrets 11080512)." in [
        text.value for text in app.markdown
    ]
    assert app.error[0].value.startswith("Området er allerede flagget (over terskel")
    figures = rows_by(shown_table(app, "Før"), "Tall")
    # 34 of 390 = 8,7 % before; 10 new dwellings, new build: 44 of 400 = 11,0 % after.
    assert (figures["Kommunale boliger"]["Før"], figures["Kommunale boliger"]["Etter"]) == (
        "34",
        "44",
    )
    assert (figures["Andel kommunale"]["Før"], figures["Andel kommunale"]["Etter"]) == (
        "8,7\u00a0%",
        "11,0\u00a0%",
    )


def test_the_page_speaks_english_when_chosen(open_page):
    app = open_page("kart", language="en")
    assert not app.exception
    assert app.title[0].value == "Map"
    assert shown_table(app, "Why flagged")["Area"].iloc[0] == "Demoområde 0102 (Sentrum)"


def test_a_council_member_who_switches_role_loses_the_map(open_page):
    app = open_page("kart")
    app.session_state["vis_som_rolle"] = "leser"
    app.run()
    assert not app.exception
    assert "Kart" not in [title.value for title in app.title]
    assert not [frame for frame in app.dataframe if "Hvorfor flagget" in frame.value.columns]


def a_data_change(db: Path) -> None:
    """A new data version without new data: an activation event for a load that is active
    already (what restoring it writes), so every reader keyed on the version reads again."""
    with connect(db, write=True) as con:
        (load_id,) = con.execute("select max(load_id) from raw.loads").fetchone()
        record_event(con, action="restore", load_id=load_id, actor="test")


def test_the_first_kart_run_of_a_new_version_reads_the_months_dwellings_once_and_no_areas(
    open_page, app_db
):
    app = open_page("kart", role="planlegger")
    a_data_change(app_db)

    app.run()  # served the version before while the new one is computed in the background
    assert cache.wait_until_served(WARM_UP_TIMEOUT)
    with counting_queries() as log:
        app.run()  # the new version's first Kart

    assert not app.exception
    assert "Flaggede bygninger" in [header.value for header in app.subheader]
    # The areas (with their statistics) were read in the background, for the header's
    # municipality; the map, the flags and the site check use them as they are.
    assert log.reads_of("marts.omrader") == []
    # The month's dwellings once; every month's once more, for segregation over time.
    dwellings = log.reads_of("marts.boliger")
    assert [read for read in dwellings if " where " in read] == [
        """marts.boliger where ("maaned" = '2026-10-01'::DATE)"""
    ]
    assert len(dwellings) == 2


def test_a_site_check_click_reads_nothing_from_the_warehouse(open_page):
    app = open_page("kart", role="planlegger")
    app.number_input(key=LAT_KEY).set_value(TRONES[0])

    with counting_queries() as log:
        app.number_input(key=LON_KEY).set_value(TRONES[1]).run()

    assert app.error[0].value.startswith("Området er allerede flagget (over terskel")
    assert (log.connections, log.queries) == (0, [])
