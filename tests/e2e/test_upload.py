"""Uploading a snapshot in the browser: choose the month, drop the files, see the new month."""

from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from core.formatting import month as month_name
from tests.app.files import demo_snapshot
from tests.e2e.conftest import download_table, open_page, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# The demo's snapshots run from January 2014 to October 2026; this month is not among them.
NEW_MONTH = f"{date.today():%Y-%m}"


def choose_month(page, month: str) -> None:
    page.get_by_test_id("stSelectbox").filter(has_text="Måned").click()
    page.keyboard.type(month_name(month))
    page.keyboard.press("Enter")
    wait_for_app(page)


def drop_files(page, files) -> None:
    snapshot = page.get_by_role("region", name="Filer", exact=True)  # not the reference files
    snapshot.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        [{"name": file.name, "mimeType": "text/csv", "buffer": file.content} for file in files]
    )
    for file in files:
        expect(page.get_by_test_id("stFileChipName").filter(has_text=file.name)).to_be_visible()
    wait_for_app(page)


def test_an_uploaded_snapshot_shows_as_the_newest_month_in_the_load_history(page, app_url):
    open_page(page, app_url, "upload")
    choose_month(page, NEW_MONTH)
    drop_files(page, demo_snapshot())
    page.get_by_role("button", name="Last inn", exact=True).click()
    wait_for_app(page)
    expect(
        page.get_by_text(f"Lastet {NEW_MONTH}: boliger (3 rader), husstander (3 rader).")
    ).to_be_visible()
    # The header follows at once: the new month is now the latest.
    expect(page.get_by_text(f"data for {month_name(NEW_MONTH)}")).to_be_visible()
    history = page.locator(".st-key-lastehistorikk")
    lines = download_table(page, history).splitlines()
    assert lines[0] == "Last,Måned,Tabell,Fil,Rader,Lastet,Lastet av,Aktiv"
    newest = sorted(line.split(",")[1:5] for line in lines[1:3])
    # tests/app/files.py has three dwellings and three households.
    assert newest == [
        [month_name(NEW_MONTH), "boliger", "boliger.csv", "3"],
        [month_name(NEW_MONTH), "husstander", "husstander.csv", "3"],
    ]


def test_the_blank_template_downloads_as_a_workbook(page, app_url):
    open_page(page, app_url, "upload")
    with page.expect_download() as download:
        page.get_by_role("button", name="Last ned tom mal (XLSX)").click()
    assert download.value.suggested_filename == "boligmonitor_mal.xlsx"
    with open(download.value.path(), "rb") as workbook:
        assert workbook.read(2) == b"PK"  # an XLSX file is a zip archive
