"""Names from outside the app are shown as written, never as markdown or HTML.

Uploads refuse markup in names, but old data and other sources hold what they hold: these
tests write it into the warehouse directly, as such data would be there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from geo.analysis import warm_up
from tests.app.test_indikatorer import breakdown_table, choose
from tests.app.test_kart import LAT_KEY, LON_KEY, TRONES, rows_by, shown_table
from warehouse.db import connect

MARKDOWN_NAME = "**Sandnes** ![x](http://evil/x.png) :red[by]"
HTML_NAME = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module", autouse=True)
def compiled_geo():
    """esda's numba code compiled before the first run, so no run waits for it."""
    warm_up()


def set_municipality_name(db: Path, name: str) -> None:
    """The name in raw.settings as an old version of the app (or a hand edit) left it."""
    with connect(db, write=True) as con:
        con.execute(
            "insert into raw.settings values "
            "(nextval('raw.settings_id_seq'), 'kommunenavn', ?, now(), 'test')",
            [json.dumps(name)],
        )


def rename_area(db: Path, code: str, name: str) -> None:
    """Give the active area `code` another name."""
    with connect(db, write=True) as con:
        con.execute("update raw.omrader set navn = ? where grunnkrets = ?", [name, code])


def rename_delomrade(db: Path, prefix: str, name: str) -> None:
    """Give the delområde of the areas whose code starts with `prefix` another name."""
    with connect(db, write=True) as con:
        con.execute(
            "update raw.omrader set delomradenavn = ? where starts_with(grunnkrets, ?)",
            [name, prefix],
        )


def test_a_municipality_name_with_markdown_is_shown_as_written_in_the_header(open_page, app_db):
    set_municipality_name(app_db, MARKDOWN_NAME)
    app = open_page("oversikt")
    assert not app.exception
    # Every ASCII punctuation character escaped; a word joiner after each ":" before a word
    # (no link from "http:", no colour from ":red").
    assert app.markdown[0].value == (
        ":material/location_city: **\\*\\*Sandnes\\*\\* \\!\\[x\\]\\(http\\:\u2060\\/\\/evil\\/x"
        "\\.png\\) \\:\u2060red\\[by\\] kommune · data for oktober 2026**"
    )


def test_an_area_named_with_markup_is_text_in_the_site_check_and_the_flagged_areas(
    open_page, app_db
):
    rename_area(app_db, "11080512", HTML_NAME)  # Trones, flagged in October 2026
    app = open_page("kart")
    app.number_input(key=LAT_KEY).set_value(TRONES[0])
    app.number_input(key=LON_KEY).set_value(TRONES[1]).run()
    assert not app.exception
    assert "Punktet ligger i \\<img src\\=x onerror\\=alert\\(1\\)\\> (grunnkrets 11080512)." in [
        text.value for text in app.markdown
    ]
    # A table cell is text already: the name stands as it is.
    assert rows_by(shown_table(app, "Hvorfor flagget"), "Grunnkrets")["11080512"]["Område"] == (
        HTML_NAME
    )


def test_a_delomrade_named_with_markup_is_escaped_in_the_breakdown_chart(open_page, app_db):
    rename_delomrade(app_db, "110801", "<b>Sentrum</b>")
    app = choose(open_page("indikatorer"), "midlertidig", "delomrade")
    assert not app.exception
    assert "<b>Sentrum</b>" in set(breakdown_table(app)["Gruppe"])
    (chart,) = [chart for chart in app.get("plotly_chart") if "bar" in chart.proto.spec]
    bars = json.loads(chart.proto.spec)["data"][0]
    assert "&lt;b&gt;Sentrum&lt;/b&gt;" in bars["y"]
    assert "<b>Sentrum</b>" not in bars["y"]


FORMULA = '=HYPERLINK("http://x")'


def test_a_building_id_a_spreadsheet_would_run_is_shown_with_a_quote(open_page, app_db):
    # Building 307995465 has 23 municipal dwellings in October 2026: a flagged building.
    with connect(app_db, write=True) as con:
        con.execute(
            "update raw.boliger set bygning_id = ? where bygning_id = '307995465'", [FORMULA]
        )
    app = open_page("kart")
    assert not app.exception
    buildings = rows_by(shown_table(app, "Enheter i bygningen"), "Bygning")
    assert buildings["'" + FORMULA]["Kommunale boliger"] == "23"
    assert FORMULA not in buildings


def test_a_file_name_a_spreadsheet_would_run_is_shown_with_a_quote_in_the_load_history(
    open_page, app_db
):
    with connect(app_db, write=True) as con:
        con.execute("update raw.loads set file_name = ? where load_id = 1", ["@SUM(1+1)*cmd|x"])
    app = open_page("last_opp")
    assert not app.exception
    history = shown_table(app, "Fil")
    assert "'@SUM(1+1)*cmd|x" in set(history["Fil"])
    assert "@SUM(1+1)*cmd|x" not in set(history["Fil"])
