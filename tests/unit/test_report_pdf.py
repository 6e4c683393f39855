"""The report's files: a real PDF with Norwegian letters intact, an XLSX, display helpers."""

from __future__ import annotations

import io

import fastexcel
import geopandas as gpd
import polars as pl
import pytest
import shapely
from pypdf import PdfReader

from core.settings import Thresholds
from geo.maps import HIDDEN_COLOUR, NO_VALUE_COLOUR, SCALES
from indicators.report import quarterly_report
from services import report_files
from services.living_conditions import brukerplan_section
from services.report import report_pdf
from tests.unit.test_report import Q4_MONTHS, THRESHOLDS, grouped_report, row, values
from ui import report_view

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def report(language: str = "nb"):
    frame = values(
        row("midlertidig", 186, i_fjor=230, forrige=201, mal=190, status="nådd"),
        row("startlan", None, prikket=True),
        row("andel_ledige", 2.56, i_fjor=1.88, forrige=2.17, mal=3.0, status="nådd"),
    )
    return quarterly_report(
        frame, "2015-Q4", loaded_months=Q4_MONTHS, thresholds=THRESHOLDS, language=language
    )


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_is_a_pdf_whose_text_has_the_figures_and_norwegian_letters():
    shown = report()
    pdf = report_pdf(shown, report_files.charts(shown), None, municipality="Sandnes kommune")
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert "Kvartalsrapport 2015 K4" in text
    assert "186" in text
    assert "midlertidig" in text
    # æ, ø and å come through the embedded DejaVu font and back out of the text layer.
    assert "Målet for kvartalet" in text
    assert "øyeblikksbilder" in text
    assert "Sammendrag" in text and "Om tallene" in text


def test_a_chart_is_drawn_once_per_content_and_again_when_its_figures_change(monkeypatch):
    drawn = []
    draw = report_files._png
    monkeypatch.setattr(report_files, "_png", lambda figure: drawn.append(figure) or draw(figure))
    report_files._chart_png.cache_clear()
    first = report_files.charts(report())
    # The same report again (a new data version that left this quarter alone): nothing drawn,
    # the very same pictures.
    assert all(a is b for a, b in zip(report_files.charts(report()), first, strict=True))
    assert len(drawn) == 3
    # midlertidig's figure changes: only its chart is drawn again.
    changed = quarterly_report(
        values(
            row("midlertidig", 185, i_fjor=230, forrige=201, mal=190, status="nådd"),
            row("startlan", None, prikket=True),
            row("andel_ledige", 2.56, i_fjor=1.88, forrige=2.17, mal=3.0, status="nådd"),
        ),
        "2015-Q4",
        loaded_months=Q4_MONTHS,
        thresholds=THRESHOLDS,
        language="nb",
    )
    again = report_files.charts(changed)
    assert len(drawn) == 4
    # In the report's order: andel_ledige, midlertidig, startlan.
    assert again[0] is first[0] and again[1] is not first[1] and again[2] is first[2]
    # The same figures in English have their own chart (labels and unit are in the language).
    report_files.charts(report("en"))
    assert len(drawn) == 7


def test_the_charts_and_the_map_are_png_pictures():
    shown = report()
    assert all(chart.startswith(PNG_SIGNATURE) for chart in report_files.charts(shown))
    areas = gpd.GeoDataFrame(
        {"grunnkrets": ["11080101", "11080102"]},
        geometry=[shapely.box(0, 0, 100, 100), shapely.box(100, 0, 200, 100)],
        crs="EPSG:25832",
    )
    concentration = pl.DataFrame(
        {
            "grunnkrets": ["11080101", "11080102"],
            "kommunale_boliger": [12, 2],
            "andel": [12.0, 1.0],
            "flagg_terskel": [True, False],
            "flagg_klynge": [False, False],
        }
    )
    picture = report_files.concentration_map_png(areas, concentration, "nb")
    assert picture.startswith(PNG_SIGNATURE)


def test_an_area_with_few_municipal_dwellings_is_hidden_on_the_public_map():
    concentration = pl.DataFrame(
        {"grunnkrets": ["a", "b"], "kommunale_boliger": [12, 4], "andel": [12.0, 30.0]}
    )
    # a: 12 % is in the class 10–15 %; b: 4 dwellings < 5, hidden; c: no figures at all.
    assert report_files.area_colours(concentration, ["a", "b", "c"]) == [
        SCALES["andel"].colour(12.0),
        HIDDEN_COLOUR,
        NO_VALUE_COLOUR,
    ]


def test_a_grunnkrets_of_a_delomrade_suppressed_in_the_breakdown_is_hidden_on_the_map():
    concentration = pl.DataFrame(
        {
            "grunnkrets": ["11080101", "11080201"],
            "kommunale_boliger": [12, 9],
            "andel": [12.0, 30.0],
        }
    )
    # 11080201 has 9 dwellings (≥ 5), but its delområde 110802 is ':' in the breakdown; its
    # colour (30 % of a known number of dwellings) would bound that hidden count.
    colours = report_files.area_colours(
        concentration, ["11080101", "11080201"], hidden_areas=frozenset({"110802"})
    )
    assert colours == [SCALES["andel"].colour(12.0), HIDDEN_COLOUR]


def test_the_xlsx_has_the_figures_with_norwegian_headers_and_the_definitions():
    workbook = fastexcel.read_excel(report_files.report_xlsx(report()))
    assert workbook.sheet_names == ["Kvartalsrapport", "Definisjoner", "Sammendrag"]
    figures = pl.read_excel(report_files.report_xlsx(report()), sheet_name="Kvartalsrapport")
    assert figures.columns[:5] == ["Indikator", "Navn", "Kvartal", "Verdi", "Prikket"]
    by_id = {line["Indikator"]: line for line in figures.iter_rows(named=True)}
    assert by_id["midlertidig"]["Verdi"] == 186
    assert by_id["midlertidig"]["Endring fra i fjor"] == -44  # 186 − 230
    assert (by_id["startlan"]["Verdi"], by_id["startlan"]["Prikket"]) == (None, ":")


def test_the_xlsx_has_a_sheet_per_group_with_numbers_and_the_group_texts_in_the_summary():
    workbook = report_files.report_xlsx(grouped_report())
    assert fastexcel.read_excel(workbook).sheet_names == [
        "Kvartalsrapport",
        "Boligmasse",
        "Boligprosjekter",
        "Definisjoner",
        "Sammendrag",
    ]
    # Only midlertidig is reported one by one; the groups' rows are in their own sheets.
    figures = pl.read_excel(workbook, sheet_name="Kvartalsrapport")
    assert figures["Indikator"].to_list() == ["midlertidig"]
    portfolio = pl.read_excel(workbook, sheet_name="Boligmasse")
    by_id = {line["Indikator"]: line for line in portfolio.iter_rows(named=True)}
    assert list(by_id) == [
        "innleide_boliger",
        "private_utleiere",
        "private_utleiere_nye",
        "smahus",
    ]
    assert (by_id["private_utleiere"]["Verdi"], by_id["private_utleiere"]["Mål"]) == (127, 130)
    assert (by_id["private_utleiere_nye"]["Verdi"], by_id["private_utleiere_nye"]["Prikket"]) == (
        None,
        ":",
    )
    texts = pl.read_excel(workbook, sheet_name="Sammendrag")
    pipeline = texts.filter(pl.col("Del") == "Boligprosjekter")["Tekst"].to_list()
    assert pipeline[1] == "Antall planlagte prosjektboliger var 18 i 2015 K4."


def test_the_page_s_group_table_speaks_the_report_s_language():
    _, pipeline = grouped_report("en").groups
    table = report_view.group_table(pipeline, "en")
    assert table.columns[:2] == ["Indicator", "Value"]
    assert table.row(0)[:2] == ("Planned project units", "18")


def brukerplan_2025() -> report_files.ReportSection:
    """The report's BrukerPlan section for 2025: 40 in their own home, 10 without one."""
    rows = pl.DataFrame(
        {"aar": [2025, 2025], "boforhold": ["egen_bolig", "uten_bolig"], "antall": [40, 10]},
        schema={"aar": pl.Int32, "boforhold": pl.String, "antall": pl.Int64},
    )
    return brukerplan_section(rows, Thresholds(k=3, strict=5), "nb")


def test_the_xlsx_has_a_sheet_per_section_table_and_the_sections_texts_in_the_pdf_s_order():
    living = report_files.ReportSection(
        "Levekår og kommunale boliger",
        ("Levekårsundersøkelsen (2025).",),
        pl.DataFrame({"Område": ["Sentrum"], "Dobbel belastning": ["ja"]}),
        "Levekår",
    )
    xlsx = report_files.report_xlsx(report(), [living, brukerplan_2025()])

    assert fastexcel.read_excel(xlsx).sheet_names == [
        "Kvartalsrapport",
        "Definisjoner",
        "Sammendrag",
        "Levekår",
        "BrukerPlan",
    ]
    texts = pl.read_excel(xlsx, sheet_name="Sammendrag")
    parts = texts["Del"].to_list()
    # The summary, then each section's paragraphs under its title, then the notes.
    assert parts.index("Levekår og kommunale boliger") > parts.index("Sammendrag")
    assert parts[parts.index("Levekår og kommunale boliger") :][:3] == [
        "Levekår og kommunale boliger",
        "BrukerPlan: boforhold",
        "BrukerPlan: boforhold",
    ]
    assert parts[-1] == "Om tallene"
    # 10 of 50 = 20,0 % without a home in 2025; nobody in temporary accommodation is listed.
    section_texts = texts.filter(pl.col("Del") == "BrukerPlan: boforhold")["Tekst"].to_list()
    assert section_texts == [
        "Andel uten bolig blant de kartlagte i BrukerPlan 2025: 20,0\u00a0%.",
        "Andel i midlertidig botilbud blant de kartlagte i BrukerPlan 2025: :.",
    ]
    # As in the PDF: 40 and 10 of 50 are 80,0 % and 20,0 %; situations nobody is listed in `..`.
    plan = pl.read_excel(xlsx, sheet_name="BrukerPlan")
    assert plan.row(0) == (
        "2025",
        "40 (80,0\u00a0%)",
        "..",
        "..",
        "..",
        "10 (20,0\u00a0%)",
        "..",
        "50",
    )
    assert pl.read_excel(xlsx, sheet_name="Levekår").row(0) == ("Sentrum", "ja")


def test_section_texts_and_tables_in_the_xlsx_are_never_read_as_formulas():
    marked = report_files.ReportSection(
        "Levekår og kommunale boliger",
        ('=HYPERLINK("http://x")',),
        pl.DataFrame({"Område": ["@SUM(A1)"], "Kommunale boliger": ["-5"]}),
        "Levekår",
    )
    xlsx = report_files.report_xlsx(report(), [marked])

    texts = pl.read_excel(xlsx, sheet_name="Sammendrag")
    (paragraph,) = texts.filter(pl.col("Del") == "Levekår og kommunale boliger")["Tekst"]
    assert paragraph == '\'=HYPERLINK("http://x")'
    # A count as the app writes it stays a number's text; an area name like a call is quoted.
    assert pl.read_excel(xlsx, sheet_name="Levekår").row(0) == ("'@SUM(A1)", "-5")


def test_a_section_table_without_a_sheet_name_is_refused():
    table = pl.DataFrame({"År": ["2025"]})
    with pytest.raises(ValueError, match="needs the name of its XLSX sheet"):
        report_files.ReportSection("BrukerPlan: boforhold", (), table)


def test_the_figures_table_speaks_the_report_s_language_and_the_metric_reads_the_norwegian_way():
    # The table's cells: tests/unit/test_report_pdf_ua.py; here the page's wrapper translates.
    assert report_view.figures_table(report("en")).columns[:2] == ["Indicator", "Value"]
    shown = report()
    midlertidig = shown.sections[1]
    assert report_view.section_metric(midlertidig, "nb") == {
        "label": "Husstander i midlertidig botilbud",
        "value": "186",
        "delta": "-44",  # an ASCII minus, which st.metric turns into a downward arrow
        "delta_color": "blue",  # lower is better: the fall is for the better, blue (not green)
    }
    assert report_view.target_line(midlertidig, "en") == "Target: 190 · reached"
    assert report_view.section_metric(shown.sections[2], "nb")["value"] == ":"


def test_the_english_pdf_says_quarter_in_english():
    shown = report("en")
    pdf = report_pdf(shown, report_files.charts(shown), None, municipality="Sandnes")
    text = pdf_text(pdf)
    assert "Quarterly report 2015 Q4" in text
    assert "fell from 230 to 186" in text


def test_a_municipality_name_with_markup_is_printed_in_the_pdf_as_written():
    # The PDF is laid out from HTML: the name is escaped there, so markup stays text.
    name = "**Sandnes** __by__ --kommune-- <b>x</b>"
    shown = report()
    pdf = report_pdf(shown, report_files.charts(shown), None, municipality=name)
    assert name in pdf_text(pdf)
    assert PdfReader(io.BytesIO(pdf)).metadata.title == f"{name} · Kvartalsrapport 2015 K4"


def test_the_report_map_draws_no_area_names_so_no_name_is_read_as_mathtext():
    # A name with $…$ would be parsed as matplotlib mathtext (and this one fails to parse):
    # the map must keep drawing only colours and the fixed legend.
    areas = gpd.GeoDataFrame(
        {"grunnkrets": ["11080101"], "navn": ["$\\notacommand{$"]},
        geometry=[shapely.box(0, 0, 100, 100)],
        crs="EPSG:25832",
    )
    concentration = pl.DataFrame(
        {
            "grunnkrets": ["11080101"],
            "kommunale_boliger": [12],
            "andel": [12.0],
            "flagg_terskel": [True],
            "flagg_klynge": [False],
        }
    )
    assert report_files.concentration_map_png(areas, concentration, "nb").startswith(PNG_SIGNATURE)
