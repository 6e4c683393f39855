"""The quarterly report made by services, as `cli.py report` writes it: the same report as the
Kvartalsrapport page, suppressed with the thresholds set in Innstillinger."""

from __future__ import annotations

import fastexcel
from pypdf import PdfReader

from services.report import write_report


def test_the_report_as_pdf_has_the_quarter_the_municipality_and_the_map(demo_db, tmp_path):
    out = write_report(demo_db, "2026-Q3", tmp_path / "rapport.pdf")

    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Kvartalsrapport 2026 K3" in text
    assert "Sandnes kommune" in text
    assert "Opphopning av kommunale boliger" in text  # the map's page: the demo has areas
    assert "Rapporten gjelder 2026 K3." in text


def test_the_report_in_english_as_xlsx_has_its_sheets_the_groups_and_the_demo_s_two_sections(
    demo_db, tmp_path
):
    out = write_report(demo_db, "2026-Q3", tmp_path / "report.xlsx", language="en")

    workbook = fastexcel.read_excel(out.read_bytes())
    # The demo has a portfolio, a project register, a living-conditions survey and BrukerPlan
    # figures: a sheet for each group and each section table.
    assert workbook.sheet_names == [
        "Kvartalsrapport",
        "Boligmasse",
        "Boligprosjekter",
        "Definisjoner",
        "Sammendrag",
        "Levekår",
        "BrukerPlan",
    ]
    # The demo's 2026 K3: 242 leased dwellings, 10 småhus; 18 planned project dwellings.
    portfolio = workbook.load_sheet_by_name("Boligmasse").to_polars()
    by_id = dict(zip(portfolio["Indikator"], portfolio["Verdi"], strict=True))
    assert (by_id["innleide_boliger"], by_id["smahus"]) == (242, 10)
    pipeline = workbook.load_sheet_by_name("Boligprosjekter").to_polars()
    assert (
        dict(zip(pipeline["Indikator"], pipeline["Verdi"], strict=True))["prosjektboliger_planlagt"]
        == 18
    )
    summary = workbook.load_sheet_by_name("Sammendrag").to_polars()
    assert summary["Tekst"][0].startswith("The report covers 2026 Q3.")
    parts = summary["Del"].unique(maintain_order=True).to_list()
    assert parts == [
        "Sammendrag",
        "Housing stock",
        "Housing projects",
        "Living conditions and municipal dwellings",
        "BrukerPlan: housing situation",
        "Om tallene",
    ]
    plan = workbook.load_sheet_by_name("BrukerPlan").to_polars()
    assert plan.columns[0] == "Year"
    assert plan["Year"].to_list() == sorted(plan["Year"].to_list(), reverse=True)
