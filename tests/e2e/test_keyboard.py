"""The main tasks with the keyboard alone: Tab to each control, then type, arrows, Enter or Space.

No test here clicks or fills a field: every control is reached by pressing Tab from the top of
the page (`tab_to`), which also shows it is in the tab order. The file chooser is the browser's
own dialog; Playwright answers it with the files, as a person would in the dialog.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from core.formatting import month as month_name
from indicators.registry import indicator
from tests.app.files import demo_snapshot
from tests.e2e.conftest import open_page, wait_for_app
from tests.e2e.test_report import REPORT_TIMEOUT_MS, wait_for_report

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

MAX_TABS = 400  # more than any page has controls (the map's markers too) before the one needed
DEMO_LAST_MONTH = "2026-10"
TRONES = (58.85451, 5.75447)  # a point in Demoområde 0512 (Trones), as in tests/app/test_kart.py


def has_focus(target) -> bool:
    return target.evaluate("node => node.contains(document.activeElement)")


def tab_to(page, target) -> None:
    """Press Tab until the keyboard focus is in `target`."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if has_focus(target):
            return
    pytest.fail(f"Tab never reached {target}")


def test_an_indicator_and_a_period_are_chosen_with_the_keyboard(page, app_url):
    open_page(page, app_url, "indicators")
    chosen = indicator("venteliste").navn
    box = page.get_by_test_id("stSelectbox").filter(has_text="Indikator").first
    tab_to(page, box)
    page.keyboard.type(chosen)
    page.keyboard.press("Enter")
    wait_for_app(page)
    # The chart's one-sentence summary opens with the indicator now shown.
    summary = page.get_by_test_id("stCaptionContainer").filter(has_text=f"{chosen}, ")
    expect(summary.first).to_be_visible()
    # "Vis per" starts at Kvartal; the arrow key moves the choice on to År.
    periods = page.get_by_test_id("stRadio").filter(has_text="Vis per").first
    tab_to(page, periods)
    page.keyboard.press("ArrowRight")
    wait_for_app(page)
    expect(page.get_by_role("radio", name="År", exact=True)).to_be_checked()
    expect(page.get_by_test_id("stException")).to_have_count(0)


def test_the_quarterly_report_is_downloaded_with_the_keyboard(page, app_url):
    page.goto(f"{app_url}/quarterly-report")
    wait_for_report(page)
    button = page.get_by_role("button", name="Last ned PDF")
    tab_to(page, button)
    with page.expect_download(timeout=REPORT_TIMEOUT_MS) as download:
        page.keyboard.press("Enter")
    assert download.value.suggested_filename.endswith(".pdf")
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF-")


def test_a_site_is_checked_by_typing_its_coordinates(page, app_url):
    open_page(page, app_url, "map")
    latitude = page.get_by_role("spinbutton", name="Breddegrad")
    tab_to(page, latitude)
    page.keyboard.type(str(TRONES[0]))
    page.keyboard.press("Tab")  # on to Lengdegrad (past the number input's own +/- buttons)
    longitude = page.get_by_role("spinbutton", name="Lengdegrad")
    if not has_focus(longitude):
        tab_to(page, longitude)
    page.keyboard.type(str(TRONES[1]))
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("Punktet ligger i Demoområde 0512 (Trones)")).to_be_visible()
    expect(page.get_by_text("Området er allerede flagget (over terskel")).to_be_visible()


def test_a_month_is_uploaded_and_its_replacement_confirmed_with_the_keyboard(page, app_url):
    open_page(page, app_url, "upload")
    month = page.get_by_test_id("stSelectbox").filter(has_text="Måned").first
    tab_to(page, month)
    page.keyboard.type(month_name(DEMO_LAST_MONTH))
    page.keyboard.press("Enter")
    wait_for_app(page)
    snapshot = page.get_by_role("region", name="Filer", exact=True)  # not the reference files
    browse = snapshot.get_by_test_id("stBaseButton-secondary")
    tab_to(page, browse)
    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files(
        [
            {"name": file.name, "mimeType": "text/csv", "buffer": file.content}
            for file in demo_snapshot()
        ]
    )
    wait_for_app(page)
    tab_to(page, page.get_by_role("button", name="Last inn", exact=True))
    page.keyboard.press("Enter")
    wait_for_app(page)
    expect(page.get_by_text("Måneden oktober 2026 er allerede lastet.")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Erstatt måneden"))
    page.keyboard.press("Space")
    wait_for_app(page)
    # tests/app/files.py: three dwellings and three households.
    expect(
        page.get_by_text(f"Lastet {DEMO_LAST_MONTH}: boliger (3 rader), husstander (3 rader).")
    ).to_be_visible()
