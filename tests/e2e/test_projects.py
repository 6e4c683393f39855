"""Boligprosjekter in Chromium: staff upload a register of housing projects on Last opp, and a
planner sees the projects on the map as their own layer."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DRAW_TIMEOUT_MS, download_table, drawn_map, open_page, wait_for_app
from tests.e2e.test_kart import offline

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# One planned project in Sentrum (a demo area) and one at a point in it.
REGISTER = (
    "prosjekt_id;navn;grunnkrets;lat;lon;boliger;boligtype;eierform;status;forventet_ferdig\r\n"
    "E2E-1;Testprosjekt Sentrum;11080102;;;14;ordinaer;eid;planlagt;2028\r\n"
    "E2E-2;Testprosjekt med punkt;;58,8530;5,7360;6;smahus;eid;regulert;2027-Q4\r\n"
).encode("cp1252")
PROJECT_COLOUR = "#009E73"  # geo.maps.PROJECT_COLOUR


def test_an_uploaded_register_shows_its_projects_on_the_map(page, app_url):
    open_page(page, app_url, "upload")
    register = page.get_by_test_id("stFileUploader").filter(has_text="Prosjektregister (CSV)")
    register.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        [{"name": "boligprosjekter.csv", "mimeType": "text/csv", "buffer": REGISTER}]
    )
    wait_for_app(page)
    page.get_by_role("button", name="Last inn prosjektregisteret").click()
    wait_for_app(page)
    expect(page.get_by_text("Lastet prosjektregisteret: 2 rader.")).to_be_visible()

    failed = offline(page)
    open_page(page, app_url, "housing-projects")
    expect(page.get_by_role("heading", name="Boligprosjekter", exact=True)).to_be_visible()
    lines = download_table(page, page.locator(".st-key-prosjekter_register")).splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["E2E-1", "E2E-2"]

    leaflet = drawn_map(page)
    expect(leaflet.locator(".leaflet-container")).to_be_visible(timeout=DRAW_TIMEOUT_MS)
    # Both projects are drawn as rings of their own colour: one in its area, one at its point.
    rings = leaflet.locator(f'.leaflet-overlay-pane path[stroke="{PROJECT_COLOUR}"]')
    expect(rings).to_have_count(2)
    leaflet.locator(".leaflet-control-layers").hover()
    expect(leaflet.locator(".leaflet-control-layers")).to_contain_text("Boligprosjekter")
    assert failed == []
