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


def test_the_report_in_english_as_xlsx_has_its_sheets_and_the_demo_s_two_sections(
    demo_db, tmp_path
):
    out = write_report(demo_db, "2026-Q3", tmp_path / "report.xlsx", language="en")

    workbook = fastexcel.read_excel(out.read_bytes())
    # The demo has a living-conditions survey and BrukerPlan figures: a sheet for each table.
    assert workbook.sheet_names == [
        "Kvartalsrapport",
        "Definisjoner",
        "Sammendrag",
        "Levekår",
        "BrukerPlan",
    ]
    summary = workbook.load_sheet_by_name("Sammendrag").to_polars()
    assert summary["Tekst"][0].startswith("The report covers 2026 Q3.")
    parts = summary["Del"].unique(maintain_order=True).to_list()
    assert parts == [
        "Sammendrag",
        "Living conditions and municipal dwellings",
        "BrukerPlan: housing situation",
        "Om tallene",
    ]
    plan = workbook.load_sheet_by_name("BrukerPlan").to_polars()
    assert plan.columns[0] == "Year"
    assert plan["Year"].to_list() == sorted(plan["Year"].to_list(), reverse=True)
