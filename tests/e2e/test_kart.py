"""Kart in Chromium with the internet cut off: the map draws its layers from vendored Leaflet."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DRAW_TIMEOUT_MS, MAP_FRAME, choose_in_sidebar, drawn_map, open_page
from tests.e2e.test_pages import photograph

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

LOCAL_HOSTS = ("localhost", "127.0.0.1")


def offline(page) -> list[str]:
    """Abort every request that leaves this machine; return the vendored files that failed."""
    failed: list[str] = []

    def only_local(route) -> None:
        if urlparse(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            route.abort()

    page.context.route("**/*", only_local)
    page.on(
        "response",
        lambda response: (
            failed.append(response.url)
            if response.status >= 400 and "/app/static/" in response.url
            else None
        ),
    )
    return failed


def test_a_planner_sees_the_map_draw_areas_and_dwellings_without_internet(
    page, app_url, screenshots
):
    failed = offline(page)
    open_page(page, app_url, "map")
    choose_in_sidebar(page, "Se appen som", "planlegger")
    expect(page.get_by_role("heading", name="Kart", exact=True)).to_be_visible()

    leaflet = drawn_map(page)
    expect(leaflet.locator(".leaflet-container")).to_be_visible(timeout=DRAW_TIMEOUT_MS)
    # The demo's 119 areas are drawn as SVG paths, plus the outline and the flag outlines.
    expect(leaflet.locator(".leaflet-overlay-pane path").nth(119)).to_be_attached()
    expect(leaflet.locator(".boligmonitor-legend")).to_contain_text("Andel kommunale boliger")
    leaflet.locator(".leaflet-control-layers").hover()
    expect(leaflet.locator(".leaflet-control-layers")).to_contain_text("Kommunale boliger")
    expect(leaflet.locator(".marker-cluster").first).to_be_visible()
    assert failed == []
    photograph(page, screenshots / "kart_planlegger.png")


def test_a_council_member_gets_neither_the_map_nor_the_page(page, app_url):
    offline(page)
    open_page(page, app_url, "map")
    expect(drawn_map(page).locator(".leaflet-container")).to_be_visible(timeout=DRAW_TIMEOUT_MS)
    choose_in_sidebar(page, "Se appen som", "leser")

    expect(page.locator(MAP_FRAME)).to_have_count(0)
    expect(page.get_by_test_id("stSidebar").get_by_role("link", name="Kart")).to_have_count(0)
