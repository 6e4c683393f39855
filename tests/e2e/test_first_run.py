"""A fresh clone's `make run` opens the demo with its banner; and every page's link works as
the very first request of a freshly started server, without Streamlit's "Page not found"."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.roles import PAGES
from tests.e2e.conftest import ROOT, open_page, served_app, wait_for_app
from tests.e2e.test_pages import DEMO_BANNER

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

BUILD_TIMEOUT_MS = 600_000  # the demo is built on the first start: a few minutes on 2 cores
# A cold server's first page: imports, the first read of the warehouse, and for Kart the
# concentration analysis while esda compiles.
COLD_TIMEOUT_MS = 300_000


def make_run_environment() -> dict[str, str]:
    """The variables the Makefile's `run` recipe sets before `streamlit run app.py`."""
    recipe = re.search(r"^run:.*\n\t(.+)$", (ROOT / "Makefile").read_text(), re.MULTILINE)
    assert recipe is not None, "the Makefile has no run recipe"
    words = shlex.split(recipe.group(1))
    return dict(word.split("=", 1) for word in words[: words.index("$(BIN)/streamlit")])


def test_make_run_sets_the_demo_setting_and_a_warehouse_file_of_the_demos_own():
    environment = make_run_environment()
    assert environment["BOLIGMONITOR_DEMO"] == "1"
    assert environment["BOLIGMONITOR_DB"] == "$(DEMO_DB)"


def test_a_fresh_make_run_builds_the_demo_and_every_page_says_the_figures_are_invented(
    tmp_path, browser, page
):
    # A fresh clone: no warehouse file at all; the demo setting as `make run` sets it.
    demo_setting = {"BOLIGMONITOR_DEMO": make_run_environment()["BOLIGMONITOR_DEMO"]}
    with served_app(None, tmp_path, browser, env=demo_setting, warm=False) as url:
        page.goto(url)
        expect(page.get_by_text(DEMO_BANNER)).to_be_visible(timeout=BUILD_TIMEOUT_MS)
        wait_for_app(page)
        expect(page.get_by_role("heading", name="Oversikt", exact=True)).to_be_visible()
        expect(page.get_by_text("Sandnes kommune · data for oktober 2026")).to_be_visible()
        open_page(page, url, "upload")
        expect(page.get_by_text(DEMO_BANNER)).to_be_visible()


@pytest.mark.parametrize("spec", PAGES, ids=lambda spec: spec.id)
def test_a_pages_link_works_as_the_first_request_of_a_fresh_server(
    demo_db: Path, tmp_path, browser, page, spec
):
    with served_app(demo_db, tmp_path, browser, warm=False) as url:
        open_page(page, url, spec.url_path, COLD_TIMEOUT_MS)
        expect(page.get_by_role("heading", name=spec.title, exact=True)).to_be_visible()
        expect(page.get_by_text(DEMO_BANNER)).to_be_visible()
        expect(page.get_by_text("Page not found")).to_have_count(0)
        expect(page.get_by_test_id("stException")).to_have_count(0)
