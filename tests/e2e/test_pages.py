"""Every page of the demo opens in Chromium without an error, with the banner that its figures
are invented, and is photographed for the README."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.roles import PAGES
from tests.e2e.conftest import VIEWPORT, choose_in_sidebar, open_page, served_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

MAX_HEIGHT = 4000  # pixels: long tables scroll inside their own frame anyway
BANNER = "Lokal modus: ingen innlogging, bare tilgjengelig fra denne maskinen"
DEMO_BANNER = (
    "Demo: kommunen, husstandene, boligene og alle tallene her er oppdiktet. Ingenting ekte kan "
    "lagres i demoen; se Kom i gang i README for å ta Boligmonitor i bruk."
)


@pytest.fixture(scope="module")
def app_url(demo_db: Path, tmp_path_factory, browser):
    """The demo itself, warm (these tests only read it)."""
    with served_app(demo_db, tmp_path_factory.mktemp("demo"), browser) as url:
        yield url


def tables_drawn(page) -> None:
    """Wait until every visible table has drawn its grid (it paints after the script has run).

    Tables in a tab that is not open are never drawn, so only visible ones are waited for.
    """
    for table in page.get_by_test_id("stDataFrame").all():
        if table.is_visible():
            expect(table.get_by_test_id("data-grid-canvas")).to_be_visible()


def charts_drawn(page) -> None:
    """Wait until every visible plotly chart has drawn its plot (it paints after the script)."""
    for chart in page.get_by_test_id("stPlotlyChart").all():
        if chart.is_visible():
            expect(chart.locator(".main-svg").first).to_be_visible()


def photograph(page, path: Path) -> None:
    """The whole page as one picture: the window made as tall as the page's content."""
    tables_drawn(page)
    charts_drawn(page)
    height = page.evaluate("document.querySelector('[data-testid=\"stMain\"]').scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(height, MAX_HEIGHT)})
    tables_drawn(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path)


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.id)
def test_every_page_opens_in_the_browser_without_an_error(page, app_url, spec, screenshots):
    open_page(page, app_url, spec.url_path)
    expect(page.get_by_role("heading", name=spec.title, exact=True)).to_be_visible()
    expect(page.get_by_text(BANNER)).to_be_visible()
    expect(page.get_by_text(DEMO_BANNER)).to_be_visible()
    expect(page.get_by_text("Sandnes kommune · data for oktober 2026")).to_be_visible()
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    photograph(page, screenshots / f"{spec.id}.png")


def test_the_sidebar_lists_the_pages_of_the_role_chosen(page, app_url):
    open_page(page, app_url)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_role("link", name="Last opp")).to_be_visible()
    choose_in_sidebar(page, "Se appen som", "leser")
    expect(sidebar.get_by_role("link", name="Oversikt")).to_be_visible()
    expect(sidebar.get_by_role("link", name="Last opp")).to_have_count(0)
    expect(sidebar.get_by_role("link", name="Kart")).to_have_count(0)
