"""The quarterly report in the browser: choose 2015 K4 and download it as PDF and XLSX."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# The first report of a process draws the map, which waits for esda's compilation.
REPORT_TIMEOUT_MS = 300_000


def wait_for_report(page) -> None:
    """Like conftest's wait_for_app, with room for the first map of the process."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=REPORT_TIMEOUT_MS
    )
    page.wait_for_selector(
        '[data-testid="stStatusWidget"]', state="detached", timeout=REPORT_TIMEOUT_MS
    )


def open_quarter(page, app_url: str, quarter: str) -> None:
    page.goto(f"{app_url}/quarterly-report")
    wait_for_report(page)
    page.get_by_test_id("stSelectbox").filter(has_text="Kvartal").click()
    page.keyboard.type(quarter)
    page.keyboard.press("Enter")
    # The summary's first line names the quarter once the rerun has drawn it.
    expect(page.get_by_text(f"Rapporten gjelder {quarter}.")).to_be_visible(
        timeout=REPORT_TIMEOUT_MS
    )
    wait_for_report(page)


def downloaded(page, button: str) -> tuple[str, bytes]:
    with page.expect_download(timeout=REPORT_TIMEOUT_MS) as download:
        page.get_by_role("button", name=button).click()
    return download.value.suggested_filename, Path(download.value.path()).read_bytes()


def test_the_pdf_of_2015_k4_is_a_pdf_with_the_quarters_figures(page, app_url):
    open_quarter(page, app_url, "2015 K4")
    expect(page.get_by_text("gikk ned fra 230 til 186").first).to_be_visible()
    name, pdf = downloaded(page, "Last ned PDF")
    assert name == "kvartalsrapport_2015-Q4.pdf"
    assert pdf.startswith(b"%PDF-")
    text = "\n".join(sheet.extract_text() for sheet in PdfReader(io.BytesIO(pdf)).pages)
    assert "Kvartalsrapport 2015 K4" in text
    # Sandnes's published figures for 2015: 230 -> 186 in temporary accommodation, 141 -> 84
    # on the waiting list, 11 in Housing First.
    assert "Antall husstander i midlertidig botilbud gikk ned fra 230 til 186" in text
    assert "Antall husstander på venteliste gikk ned fra 141 til 84" in text
    assert "Antall husstander i Housing First økte fra 7 til 11" in text


def test_the_xlsx_of_2015_k4_holds_the_figures(page, app_url):
    open_quarter(page, app_url, "2015 K4")
    name, workbook = downloaded(page, "Last ned XLSX")
    assert name == "kvartalsrapport_2015-Q4.xlsx"
    figures = pl.read_excel(workbook, sheet_name="Kvartalsrapport")
    by_id = dict(zip(figures["Indikator"], figures["Verdi"], strict=True))
    assert (by_id["midlertidig"], by_id["venteliste"], by_id["housing_first"]) == (186, 84, 11)
