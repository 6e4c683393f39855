"""The quarterly report as tagged PDF/UA-1: checked by machine, and its structure tree read back.

The report model is built from hand-made quarter values (as in test_report.py): three
indicators, one with five quarters of history and a target, one suppressed in the reported
quarter, one with a single quarter. page-validation checks the PDF/UA-1 profile, pdfua the
header cells' scopes; pdf_structure reads what a screen reader reads.
"""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import page
import pdfua
import polars as pl
import pytest
from matplotlib.figure import Figure
from polars.testing import assert_frame_equal
from pypdf import PdfReader
from weasyprint.urls import FatalURLFetchingError

from core.i18n import translator
from geo.maps import in_bokmal, map_summary
from indicators.report import (
    FIGURES_COLUMNS,
    IndicatorSection,
    QuarterlyReport,
    chart_summary,
    figures_table,
    history_table,
    quarterly_report,
)
from services import report_pdf
from services.living_conditions import brukerplan_section
from services.report_files import Picture
from tests.unit import pdf_structure
from tests.unit.test_report import Q4_MONTHS, THRESHOLDS, grouped_report, row, values

MUNICIPALITY = "Færder kommune"  # æ: the model's texts have ø and å but no æ
# The app's English (core/locale): tests/unit/test_translations.py fails on a text it lacks.
in_english = translator("en")


def quarter_row(indicator: str, quarter_key: str, value: float | None, **figures: object) -> dict:
    """A row of an earlier quarter of 2014–2015 (the reported one is 2015-Q4)."""
    year, number = int(quarter_key[:4]), int(quarter_key[-1])
    start = date(year, 3 * (number - 1) + 1, 1)
    return row(indicator, value, periode=quarter_key, periode_start=start, **figures)


def model(language: str = "nb") -> QuarterlyReport:
    frame = values(
        row("andel_ledige", 2.56, i_fjor=1.88, forrige=2.17, mal=3.0, status="nådd"),
        quarter_row("midlertidig", "2014-Q4", 230, mal=200.0),
        quarter_row("midlertidig", "2015-Q1", 224, mal=190.0),
        quarter_row("midlertidig", "2015-Q2", 215, mal=190.0),
        quarter_row("midlertidig", "2015-Q3", 201, mal=190.0),
        row("midlertidig", 186, i_fjor=230, forrige=201, mal=190.0, status="nådd"),
        quarter_row("startlan", "2015-Q2", 12),
        quarter_row("startlan", "2015-Q3", 9),
        row("startlan", None, prikket=True),
    )
    return quarterly_report(
        frame, "2015-Q4", loaded_months=Q4_MONTHS, thresholds=THRESHOLDS, language=language
    )


def png(width: float = 6.0, height: float = 2.0) -> bytes:
    figure = Figure(figsize=(width, height))
    figure.subplots().plot([0, 1, 2], [3, 1, 2])
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=50)
    return buffer.getvalue()


def concentration() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "grunnkrets": ["11080101", "11080102", "11080103", "11080104"],
            "flagg_terskel": [True, False, False, True],
            "flagg_klynge": [False, False, True, False],
        }
    )


def render(language: str = "nb", municipality: str = MUNICIPALITY, **changes: object) -> bytes:
    say = in_english if language == "en" else in_bokmal
    shown = model(language)
    shown = replace(shown, **changes) if changes else shown
    area_map = Picture(png(9.0, 6.0), map_summary(concentration(), language, say))
    charts = [png() for _ in shown.sections]
    return report_pdf.report_pdf(shown, charts, area_map, municipality=municipality, say=say)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render()


@pytest.fixture(scope="module")
def english_pdf() -> bytes:
    return render("en")


@pytest.fixture(scope="module")
def tree(pdf: bytes) -> pdf_structure.Outline:
    return pdf_structure.outline(pdf)


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_report_passes_the_pdf_ua_1_profile_of_page_validation(language, pdf, english_pdf):
    checked = page.validate_pdf_bytes(pdf if language == "nb" else english_pdf, profile="ua1")
    assert [failure.rule_id for failure in checked.failures] == []
    assert checked.is_compliant


def test_the_report_has_no_pdfua_findings(pdf, tmp_path):
    path = tmp_path / "kvartalsrapport.pdf"
    path.write_bytes(pdf)
    assert [finding.rule_id for finding in pdfua.validate(str(path)).findings] == []


def test_the_report_declares_its_title_language_and_pdf_ua_part(tree):
    assert tree.lang == "nb"
    assert tree.title == "Færder kommune · Kvartalsrapport 2015 K4"
    assert tree.display_doc_title and tree.marked
    assert tree.pdfua_part == "1"
    assert tree.unmarked_text_pages == []  # the page footer is an artifact, the rest is tagged


def test_the_english_report_declares_english_and_speaks_it(english_pdf):
    tree = pdf_structure.outline(english_pdf)
    assert (tree.lang, tree.title) == ("en", "Færder kommune · Quarterly report 2015 Q4")
    headings = [node.text for node in pdf_structure.find(tree.root, "H1", "H2")]
    assert headings == [
        "Quarterly report 2015 Q4",
        "Summary",
        "The quarter's figures",
        "The indicators",
        "Concentration of municipal dwellings",
        "About the figures",
    ]
    (table, *_) = pdf_structure.find(tree.root, "Table")
    assert [cell.text for cell in pdf_structure.find(table, "TH")[:2]] == ["Indicator", "Value"]
    # midlertidig, as in the Norwegian test below.
    assert pdf_structure.find(tree.root, "Figure")[1].alt == (
        "Households in temporary accommodation, 2014 Q4 to 2015 Q4: from 230 to 186; "
        "the target of 190 is reached."
    )


def test_the_headings_come_in_reading_order_one_level_at_a_time(tree):
    headings = [(node.role, node.text) for node in pdf_structure.find(tree.root, "H1", "H2", "H3")]
    # Today's report: the title, summary, figures, the indicators (registry order), the map,
    # the notes; each indicator a level below "Indikatorene", as it was printed smaller.
    assert headings == [
        ("H1", "Kvartalsrapport 2015 K4"),
        ("H2", "Sammendrag"),
        ("H2", "Tallene for kvartalet"),
        ("H2", "Indikatorene"),
        ("H3", "Andel ledige boliger"),
        ("H3", "Husstander i midlertidig botilbud"),
        ("H3", "Innvilgede startlån"),
        ("H2", "Opphopning av kommunale boliger"),
        ("H2", "Om tallene"),
    ]


def test_the_figures_table_has_a_caption_and_header_cells_scoped_by_column_and_row(tree):
    table = pdf_structure.find(tree.root, "Table")[0]
    (caption,) = pdf_structure.find(table, "Caption")
    assert caption.text == "Indikatorene i 2015 K4: verdi, endringer, mål og status"
    rows = [
        [(cell.role, cell.text, cell.scope) for cell in line.children]
        for line in pdf_structure.find(table, "TR")
    ]
    assert rows[0] == [
        ("TH", name, "Column")
        for name in FIGURES_COLUMNS  # bokmål: what say=in_bokmal gives back
    ]
    # 186 − 230 = −44 and 186 − 201 = −15; a suppressed value is ":" and has no change ("..");
    # its empty target and status cells carry no text.
    assert rows[2] == [
        ("TH", "Husstander i midlertidig botilbud", "Row"),
        ("TD", "186", None),
        ("TD", "−44", None),
        ("TD", "−15", None),
        ("TD", "190", None),
        ("TD", "nådd", None),
    ]
    assert rows[3][:4] == [
        ("TH", "Innvilgede startlån", "Row"),
        ("TD", ":", None),
        ("TD", "..", None),
        ("TD", "..", None),
    ]
    assert len(rows) == 4  # the header and the three indicators


def test_every_chart_and_the_map_have_their_alternative_text(tree):
    figures = pdf_structure.find(tree.root, "Figure")
    assert [figure.alt for figure in figures] == [
        # one quarter only: its value; 2,56 shows as 2,6 % and the target 3 as 3,0 %
        "Andel ledige boliger, 2015 K4: 2,6\xa0%; målet 3,0\xa0% er nådd.",
        # first and last of the five quarters; the reported quarter's target and status
        "Husstander i midlertidig botilbud, 2014 K4 til 2015 K4: fra 230 til 186; målet 190 "
        "er nådd.",
        # the last value shown is 2015 K3's: 2015 K4 is suppressed, and there is no target
        "Innvilgede startlån, 2015 K2 til 2015 K3: fra 12 til 9; 2015 K4 er prikket.",
        # 4 areas; flagg_terskel true twice, flagg_klynge once
        "Kart over 4 områder farget etter andel kommunale boliger: 2 er flagget over terskel "
        "og 1 som klynge.",
    ]


def test_each_chart_is_followed_by_a_table_of_its_figures_with_quarters_across(tree):
    indicators = [node for node in pdf_structure.walk(tree.root) if node.role == "Sect"]
    midlertidig = indicators[1]
    roles = [child.role for child in midlertidig.children]
    assert roles == ["H3", "P", "Figure", "Table"]
    table = midlertidig.children[3]
    (caption,) = pdf_structure.find(table, "Caption")
    assert caption.text == "Husstander i midlertidig botilbud: tallene i diagrammet"
    rows = [
        [(cell.role, cell.text, cell.scope) for cell in line.children]
        for line in pdf_structure.find(table, "TR")
    ]
    quarters = ["2014 K4", "2015 K1", "2015 K2", "2015 K3", "2015 K4"]
    assert rows == [
        [("TH", "Kvartal", "Column"), *(("TH", key, "Column") for key in quarters)],
        [("TH", "Verdi", "Row"), *(("TD", v, None) for v in ["230", "224", "215", "201", "186"])],
        [("TH", "Mål", "Row"), *(("TD", v, None) for v in ["200", "190", "190", "190", "190"])],
    ]


def test_norwegian_letters_come_out_of_the_text_layer_intact(tree, pdf):
    paragraphs = [node.text for node in pdf_structure.find(tree.root, "P")]
    assert "Alle tre månedene i kvartalet har øyeblikksbilder." in paragraphs
    assert pdf_structure.find(tree.root, "P")[0].text == "Færder kommune"
    text = pdf_text(pdf)
    assert "Målet for kvartalet er 190: nådd." in text
    assert "Færder kommune · Kvartalsrapport 2015 K4 · 1" in text  # the footer


def test_a_municipality_name_with_markup_appears_literally_everywhere():
    name = '<b>Sandnes</b> & "Sola" <img src="file:///etc/hostname">'
    tree = pdf_structure.outline(render(municipality=name))
    assert tree.title == f"{name} · Kvartalsrapport 2015 K4"
    assert pdf_structure.find(tree.root, "P")[0].text == name
    # Nothing but the charts and the map became a picture: the <img> in the name is text.
    assert len(pdf_structure.find(tree.root, "Figure")) == 4


def test_an_indicator_name_with_markup_appears_literally_in_heading_cell_and_alt_text():
    shown = model()
    first = shown.sections[0]
    marked = replace(first, indicator=replace(first.indicator, navn='<i>Ledige</i> & "tomme"'))
    sections = (marked, *shown.sections[1:])
    tree = pdf_structure.outline(render(sections=sections))
    assert pdf_structure.find(tree.root, "H3")[0].text == '<i>Ledige</i> & "tomme"'
    assert pdf_structure.find(tree.root, "TH")[6].text == '<i>Ledige</i> & "tomme"'
    assert pdf_structure.find(tree.root, "Figure")[0].alt.startswith('<i>Ledige</i> & "tomme", ')


def test_without_a_map_the_report_has_no_map_part_as_today():
    shown = model()
    pdf = report_pdf.report_pdf(
        shown, [png() for _ in shown.sections], None, municipality=MUNICIPALITY, say=in_bokmal
    )
    tree = pdf_structure.outline(pdf)
    assert "Opphopning av kommunale boliger" not in [
        n.text for n in pdf_structure.find(tree.root, "H2")
    ]
    assert len(pdf_structure.find(tree.root, "Figure")) == 3
    assert page.validate_pdf_bytes(pdf, profile="ua1").is_compliant


def sections() -> dict[str, IndicatorSection]:
    return {section.indicator.id: section for section in model().sections}


def test_a_chart_summary_runs_from_the_first_to_the_last_value_and_ends_with_the_target():
    midlertidig = sections()["midlertidig"]
    assert chart_summary(midlertidig, "nb", in_bokmal) == (
        "Husstander i midlertidig botilbud, 2014 K4 til 2015 K4: fra 230 til 186; målet 190 er "
        "nådd."
    )
    # 186 misses a target of 180 by 6, within 5 % of 180 = 9: close to it.
    close = replace(midlertidig, target=180.0, status="nær målet")
    assert chart_summary(close, "nb", in_bokmal).endswith("; nær målet 180.")
    missed = replace(midlertidig, target=150.0, status="ikke nådd")
    assert chart_summary(missed, "en", in_english).endswith("; the target of 150 is not reached.")
    # A target without a status (an indicator without a direction) is only named.
    plain = replace(midlertidig, status=None)
    assert chart_summary(plain, "nb", in_bokmal).endswith("; målet er 190.")


def test_a_chart_summary_names_a_reported_quarter_that_is_missing_rather_than_suppressed():
    startlan = sections()["startlan"]
    missing = replace(startlan, suppressed=False)
    assert chart_summary(missing, "nb", in_bokmal) == (
        "Innvilgede startlån, 2015 K2 til 2015 K3: fra 12 til 9; 2015 K4 mangler."
    )
    assert chart_summary(startlan, "en", in_english) == (
        "Start loans granted, 2015 Q2 to 2015 Q3: from 12 to 9; 2015 Q4 is suppressed."
    )


def test_a_chart_summary_without_any_value_says_there_is_nothing_to_show():
    startlan = sections()["startlan"]
    empty = replace(startlan, history=(("2015-Q3", None, None), ("2015-Q4", None, None)))
    assert chart_summary(empty, "nb", in_bokmal) == (
        "Innvilgede startlån, 2015 K3 til 2015 K4: ingen tall å vise."
    )
    alone = replace(startlan, history=(("2015-Q4", None, None),))
    assert chart_summary(alone, "en", in_english) == (
        "Start loans granted, 2015 Q4: no figures to show."
    )


def test_the_map_summary_counts_the_areas_and_each_flag():
    # 4 rows; flagg_terskel true in rows 1 and 4, flagg_klynge in row 3.
    assert map_summary(concentration(), "en", in_english) == (
        "Map of 4 areas coloured by share of municipal dwellings: 2 are flagged above the "
        "threshold and 1 as a cluster."
    )


def test_the_figures_table_reads_the_norwegian_way():
    table = figures_table(model(), in_bokmal)
    expected = pl.DataFrame(
        [
            # 2,56 − 1,88 = 0,68 and 2,56 − 2,17 = 0,39 percentage points
            (
                "Andel ledige boliger",
                "2,6\xa0%",
                "+0,7 %-poeng",
                "+0,4 %-poeng",
                "3,0\xa0%",
                "nådd",
            ),
            ("Husstander i midlertidig botilbud", "186", "−44", "−15", "190", "nådd"),
            ("Innvilgede startlån", ":", "..", "..", "", ""),
        ],
        schema={name: pl.String for name in FIGURES_COLUMNS},
        orient="row",
    )
    assert_frame_equal(table, expected)


def test_a_history_table_marks_only_the_reported_quarter_as_suppressed():
    startlan = replace(
        sections()["startlan"],
        history=(("2015-Q2", 12.0, None), ("2015-Q3", None, None), ("2015-Q4", None, None)),
    )
    # 2015 K3 has no value: missing or suppressed, the history does not say, so "..";
    # 2015 K4 is the reported quarter, which is suppressed: ":". No target: no "Mål" column.
    expected = pl.DataFrame(
        {"Kvartal": ["2015 K2", "2015 K3", "2015 K4"], "Verdi": ["12", "..", ":"]}
    )
    assert_frame_equal(history_table(startlan, "nb", in_bokmal), expected)


def test_a_picture_without_alternative_text_is_refused():
    with pytest.raises(ValueError) as refused:
        Picture(png(), "  ")
    assert str(refused.value) == "a picture in the report needs a text that says what it shows"


def test_a_picture_that_is_not_a_png_is_refused():
    with pytest.raises(ValueError) as refused:
        Picture(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "Et kart.")
    assert str(refused.value) == "a picture in the report must be a PNG"


def test_a_report_with_fewer_charts_than_indicators_is_refused():
    shown = model()
    with pytest.raises(ValueError) as refused:
        report_pdf.report_pdf(shown, [png()], None, municipality=MUNICIPALITY, say=in_bokmal)
    assert str(refused.value) == "the report needs one chart per indicator section"


def test_the_fetcher_refuses_files_the_network_and_pictures_it_was_not_given():
    picture = png()
    fetcher = report_pdf.MemoryFetcher({"0.png": picture})
    for url in ("file:///etc/hostname", "https://example.org/x.png", "bilde:1.png", "0.png"):
        with pytest.raises(FatalURLFetchingError):
            fetcher.fetch(url)
    assert fetcher.fetch("bilde:0.png").read() == picture


def test_html_that_refers_to_any_other_picture_stops_with_an_ordinary_error():
    document = '<html lang="nb"><title>x</title><img src="file:///etc/hostname" alt="x"></html>'
    # WeasyPrint's FatalURLFetchingError is a BaseException: `except Exception` would miss it.
    with pytest.raises(ValueError) as refused:
        report_pdf.pdf_from_html(document, {})
    assert str(refused.value) == "the report refers to a picture it does not have"


def test_a_quarter_without_data_still_makes_a_tagged_pdf_that_passes():
    empty = quarterly_report(
        values(), "2015-Q4", loaded_months=[], thresholds=THRESHOLDS, language="nb"
    )
    pdf = report_pdf.report_pdf(empty, [], None, municipality=MUNICIPALITY, say=in_bokmal)
    assert page.validate_pdf_bytes(pdf, profile="ua1").is_compliant
    paragraphs = [node.text for node in pdf_structure.find(pdf_structure.outline(pdf).root, "P")]
    assert "Det finnes ingen data for 2015 K4." in paragraphs


@pytest.fixture(scope="module")
def grouped_pdf() -> bytes:
    """The report with the portfolio and the pipeline (tests/unit/test_report.py)."""
    shown = grouped_report()
    charts = [png() for _ in shown.sections]
    return report_pdf.report_pdf(shown, charts, None, municipality=MUNICIPALITY, say=in_bokmal)


def test_the_portfolio_and_pipeline_are_tagged_sections_with_a_text_and_a_table(grouped_pdf):
    checked = page.validate_pdf_bytes(grouped_pdf, profile="ua1")
    assert [failure.rule_id for failure in checked.failures] == []
    tree = pdf_structure.outline(grouped_pdf)
    headings = [(node.role, node.text) for node in pdf_structure.find(tree.root, "H2", "H3")]
    # midlertidig alone is an indicator section; the groups follow the indicators as parts.
    assert headings == [
        ("H2", "Sammendrag"),
        ("H2", "Tallene for kvartalet"),
        ("H2", "Indikatorene"),
        ("H3", "Husstander i midlertidig botilbud"),
        ("H2", "Boligmasse"),
        ("H2", "Boligprosjekter"),
        ("H2", "Om tallene"),
    ]
    groups = [
        node
        for node in pdf_structure.walk(tree.root)
        if node.role == "Sect" and node.children and node.children[0].text == "Boligprosjekter"
    ]
    (pipeline,) = groups
    assert [child.role for child in pipeline.children] == ["H2", "P", "P", "Table"]
    table = pipeline.children[3]
    (caption,) = pdf_structure.find(table, "Caption")
    assert caption.text == "Boligprosjekter i 2015 K4: verdi, endringer, mål og status"
    rows = [
        [(cell.role, cell.text, cell.scope) for cell in line.children]
        for line in pdf_structure.find(table, "TR")
    ]
    assert rows[0] == [("TH", name, "Column") for name in FIGURES_COLUMNS]
    # 18 planned and 6 under construction, no earlier quarter to compare with, no target; the
    # table is kept on one page (split, its rows would be tagged as a table of their own).
    assert [[text for _, text, _ in cells] for cells in rows[1:]] == [
        ["Planlagte prosjektboliger", "18", "..", "..", "", ""],
        ["Prosjektboliger under bygging", "6", "..", "..", "", ""],
    ]
    assert [scope for _, _, scope in rows[1]] == ["Row", None, None, None, None, None]
    # The figures table holds only the indicator reported one by one.
    figures = pdf_structure.find(tree.root, "Table")[0]
    assert len(pdf_structure.find(figures, "TR")) == 2


def test_the_portfolio_suppressed_figure_shows_as_a_colon_in_the_pdf(grouped_pdf):
    tree = pdf_structure.outline(grouped_pdf)
    cells = [
        [cell.text for cell in line.children]
        for table in pdf_structure.find(tree.root, "Table")
        for line in pdf_structure.find(table, "TR")
    ]
    assert ["Nye private utleiere", ":", "..", "..", "", ""] in cells


def test_the_brukerplan_section_s_table_has_header_cells_for_situations_and_years():
    # 2025: 40 in their own home, 3 without one; 2024: 30 and 10. 3 < 5 is hidden, and with
    # it the smallest shown count of 2025, 40 (3 + 40 ≥ 5); their total, 43, is shown.
    rows = pl.DataFrame(
        {
            "aar": [2025, 2025, 2024, 2024],
            "boforhold": ["egen_bolig", "uten_bolig"] * 2,
            "antall": [40, 3, 30, 10],
        },
        schema={"aar": pl.Int32, "boforhold": pl.String, "antall": pl.Int64},
    )
    section = brukerplan_section(rows, THRESHOLDS, "nb")
    shown = model()
    pdf = report_pdf.report_pdf(
        shown,
        [png() for _ in shown.sections],
        None,
        municipality=MUNICIPALITY,
        say=in_bokmal,
        sections=[section],
    )
    assert page.validate_pdf_bytes(pdf, profile="ua1").is_compliant

    tree = pdf_structure.outline(pdf)
    (part,) = [
        node
        for node in pdf_structure.walk(tree.root)
        if node.role == "Sect" and node.children[0].text == "BrukerPlan: boforhold"
    ]
    assert [child.role for child in part.children] == ["H2", "P", "P", "Table"]
    (caption,) = pdf_structure.find(part.children[3], "Caption")
    assert caption.text == "BrukerPlan: boforhold"
    lines = [
        [(cell.role, cell.text, cell.scope) for cell in line.children]
        for line in pdf_structure.find(part.children[3], "TR")
    ]
    assert [cell[2] for cell in lines[0]] == ["Column"] * 8  # År, six situations, I alt
    assert lines[0][0][:2] == ("TH", "År")
    # Nobody listed elsewhere: `..`. 30 and 10 of 40 are 75,0 % and 25,0 % (the text layer
    # gives the no-break space before % back as a space).
    assert lines[1] == [
        ("TH", "2025", "Row"),
        ("TD", ":", None),
        ("TD", "..", None),
        ("TD", "..", None),
        ("TD", "..", None),
        ("TD", ":", None),
        ("TD", "..", None),
        ("TD", "43", None),
    ]
    assert lines[2][0] == ("TH", "2024", "Row")
    assert lines[2][1][1] == "30 (75,0 %)"
    assert lines[2][5][1] == "10 (25,0 %)"
