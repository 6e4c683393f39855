"""The demo municipality's quarterly report, as the page and `cli.py report` make it, is a tagged
PDF/UA-1: page-validation (its UA-1 profile) and pdfua find nothing, and its structure tree has
the headings, the figures table with header cells, and an alternative text per chart and map."""

from __future__ import annotations

from pathlib import Path

import page
import pdfua
import pytest

from indicators.report import default_quarter
from services.ingest import loaded_months
from services.report import write_report
from tests.unit import pdf_structure

TITLES = {
    "nb": (
        "Sammendrag",
        "Tallene for kvartalet",
        "Indikatorene",
        "Boligmasse",
        "Boligprosjekter",
        "Opphopning av kommunale boliger",
    ),
    "en": (
        "Summary",
        "The quarter's figures",
        "The indicators",
        "Housing stock",
        "Housing projects",
        "Concentration of municipal dwellings",
    ),
}


@pytest.fixture(scope="module", params=["nb", "en"])
def demo_report(request, demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple:
    """The demo's report for its default quarter (the last one loaded), in each language."""
    language = request.param
    quarter = default_quarter(loaded_months(demo_db))
    out = tmp_path_factory.mktemp("rapport") / f"kvartalsrapport_{language}.pdf"
    write_report(demo_db, quarter, out, language=language)
    return language, out


def test_the_demo_report_passes_page_validation_and_pdfua(demo_report):
    _, path = demo_report
    checked = page.validate_pdf_bytes(path.read_bytes(), profile="ua1")
    assert [failure.rule_id for failure in checked.failures] == []
    assert checked.is_compliant
    assert [finding.rule_id for finding in pdfua.validate(str(path)).findings] == []


def test_the_demo_report_has_its_headings_figures_table_and_a_text_for_every_picture(demo_report):
    language, path = demo_report
    tree = pdf_structure.outline(path.read_bytes())
    assert tree.lang == language
    assert tree.title.startswith("Sandnes ")  # the municipality · the report's title
    assert tree.unmarked_text_pages == []

    parts = [node.text for node in pdf_structure.find(tree.root, "H2")]
    assert parts[:6] == list(TITLES[language])
    (title,) = pdf_structure.find(tree.root, "H1")
    assert title.text.endswith("2026 K3" if language == "nb" else "2026 Q3")  # the demo's last

    # The figures table: a header row of column headers, then one row header per indicator.
    table = pdf_structure.find(tree.root, "Table")[0]
    rows = pdf_structure.find(table, "TR")
    assert {cell.role for cell in rows[0].children} == {"TH"}
    assert all(line.children[0].role == "TH" for line in rows[1:])
    assert all(cell.scope in ("Column", "Row") for cell in pdf_structure.find(tree.root, "TH"))

    # One section per indicator with its H3, and a Figure with its text per chart, plus the map.
    sections = pdf_structure.find(tree.root, "H3")
    figures_in_tree = pdf_structure.find(tree.root, "Figure")
    assert len(sections) == len(rows) - 1  # each indicator of the figures table has a section
    assert len(figures_in_tree) == len(sections) + 1
    assert all(figure.alt and figure.alt.strip() for figure in figures_in_tree)
    assert figures_in_tree[-1].alt.startswith("Kart over" if language == "nb" else "Map of")
