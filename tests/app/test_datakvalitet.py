"""Datakvalitet on the demo: counts per month, the checks, and new data shown at once."""

from __future__ import annotations

from datetime import date

from core.formatting import month as month_name
from tests.app.conftest import WARM_UP_TIMEOUT
from tests.app.files import demo_snapshot
from ui import cache
from warehouse.audit import Actor
from warehouse.ingest import ingest

NEW_MONTH = f"{date.today():%Y-%m}"


def per_month(app):
    return next(
        frame.value for frame in app.dataframe if "Boliger uten område" in frame.value.columns
    )


def test_the_page_opens_on_the_latest_month_with_its_figures(open_page):
    app = open_page("datakvalitet")
    assert not app.exception
    assert app.subheader[0].value == "Siste måned: oktober 2026"
    assert [metric.label for metric in app.metric] == [
        "Boliger",
        "Husstander",
        "Boliger uten koordinater",
        "Boliger utenfor områdene",
        "Husstander med ukjent bolig",
    ]


def test_every_demo_month_has_a_row_and_none_is_missing(open_page):
    app = open_page("datakvalitet")
    # January 2014 to October 2026: 12 whole years and 10 months.
    assert len(per_month(app)) == 12 * 12 + 10
    assert "Ingen måneder mangler mellom januar 2014 og oktober 2026." in [
        success.value for success in app.success
    ]


def test_december_2015_counts_186_households_in_temporary_accommodation(open_page):
    table = per_month(open_page("datakvalitet"))
    (december,) = table[table["Måned"] == "desember 2015"].to_dict("records")
    # Sandnes's story: 186 households in temporary accommodation and 84 waiting at the end of 2015.
    assert december["I midlertidig botilbud"] == "186"
    assert december["På venteliste"] == "84"


def test_a_month_loaded_elsewhere_shows_once_computed_without_a_restart(open_page, app_db):
    app = open_page("datakvalitet")
    assert ingest(app_db, NEW_MONTH, demo_snapshot(), actor=Actor("cli", "cli")).status == "loaded"
    app.run()  # finds the new version, served the one before while it is computed
    assert cache.wait_until_served(WARM_UP_TIMEOUT)
    app.run()
    assert app.subheader[0].value == f"Siste måned: {month_name(NEW_MONTH)}"
    # The new month's row: three dwellings and three households (tests/app/files.py).
    newest = per_month(app).iloc[0]
    assert (newest["Boliger"], newest["Husstander"]) == ("3", "3")
