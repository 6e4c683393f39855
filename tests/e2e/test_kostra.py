"""Importing an SSB table in the browser and seeing the comparison chart it draws."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from demo.kostra import kostra_csv
from tests.e2e.conftest import download_table, open_page, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def test_an_imported_kostra_table_draws_the_comparison_chart(page, app_url):
    # The demo loaded its table as JSON-stat2; the statistics bank's CSV of it is a new file.
    table = kostra_csv()
    open_page(page, app_url, "upload")
    page.locator(".st-key-last_opp_kostra_fil").get_by_test_id(
        "stFileUploaderDropzoneInput"
    ).set_input_files([{"name": table.name, "mimeType": "text/csv", "buffer": table.content}])
    expect(page.get_by_test_id("stFileChipName").filter(has_text=table.name)).to_be_visible()
    wait_for_app(page)
    page.get_by_role("button", name="Last inn KOSTRA-tabellen").click()
    wait_for_app(page)
    expect(
        page.get_by_text(
            "Lastet KOSTRA-tabell: 495 rader. 0 ukjente regionkoder, 0 ukjente variabelkoder."
        )
    ).to_be_visible()

    open_page(page, app_url, "comparison")
    expect(page.get_by_text("tabellen kostra_demo.csv ble lastet opp")).to_be_visible()
    charts = page.get_by_test_id("stPlotlyChart")
    expect(charts).to_have_count(3)
    # One line per region, named in the legend: Sandnes, its county and the country.
    legend = charts.first.locator(".legendtext")
    expect(legend).to_have_text(["Sandnes", "Rogaland", "Landet"])
    rows = download_table(page, page.locator(".st-key-sammenligning_tabell_andel_rullestol"))
    assert [line.split(",")[0] for line in rows.splitlines()] == [
        "Region",
        "Sandnes",
        "Rogaland",
        "Landet",
    ]
