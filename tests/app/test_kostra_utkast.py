"""KOSTRA-utkast on the demo: staff and admins see the year's skjema 13 figures with rules,
last year's value and the swing warning, and download them; the page says SSB gets the form."""

from __future__ import annotations

import pytest

from tests.app.read_only import app_db  # noqa: F401  (one warm copy for the module)

FILED_WITH_SSB = (
    "Skjema 13 sendes til SSB i SSBs eget system; dette er bare et utkast fra Boligmonitor til "
    "å fylle det ut og sjekke det med."
)


def draft_table(app):
    return next(frame.value for frame in app.dataframe if "Tall" in frame.value.columns)


@pytest.mark.parametrize("role", ["saksbehandler", "admin"])
def test_staff_and_admins_see_last_years_draft_and_that_the_form_is_filed_with_ssb(open_page, role):
    app = open_page("kostra_utkast", role=role)

    assert not app.exception
    assert app.title[0].value == "KOSTRA-utkast"
    assert FILED_WITH_SSB in [info.value for info in app.info]
    # The demo runs to October 2026: the default is the last whole year, 2025.
    assert app.selectbox(key="kostra_utkast_aar").value == 2025
    table = draft_table(app)
    assert len(table) == 17
    assert table.iloc[0]["Tall"] == "Kommunalt disponerte boliger i alt"
    assert len(app.get("download_button")) == 1


def test_this_years_draft_notes_that_it_runs_only_to_october(open_page):
    app = open_page("kostra_utkast", role="saksbehandler")
    app.selectbox(key="kostra_utkast_aar").set_value(2026).run()

    notes = set(draft_table(app)["Merknad"])
    assert notes == {"Til og med oktober 2026 (1 måneder)", "Til og med oktober 2026 (10 måneder)"}


def test_the_rules_are_on_the_page(open_page):
    app = open_page("kostra_utkast", role="admin")

    rules = [markdown.value for markdown in app.markdown if markdown.value.startswith("**")]
    assert len(rules) == 17
    assert rules[0].startswith("**Kommunalt disponerte boliger i alt**: Antall boliger")


def test_the_page_speaks_english(open_page):
    app = open_page("kostra_utkast", role="admin", language="en")

    assert not app.exception
    assert app.title[0].value == "KOSTRA draft"
    assert "Figure" in next(frame.value for frame in app.dataframe).columns
