"""The quarterly report as a tagged PDF/UA-1: HTML written here, laid out by WeasyPrint.

The HTML is the report's structure, and WeasyPrint's PDF/UA-1 variant turns it into the PDF's
structure tree: `<title>` and `<html lang>` give the document title and language, h1/h2/h3
headings, `<p>` paragraphs, `<table>` with `<caption>` and `<th scope>` a table with header
cells, `<img alt>` a Figure with its alternative text. The order of the HTML is the reading
order. Every chart and the map say in one sentence what they show, and each chart's figures
follow it as a small table.

Outside text (the municipality's name; indicator and area names, though they come from the
registry and the warehouse) is escaped wherever it reaches the HTML. Pictures are served from
memory only: the fetcher refuses every other URL, so rendering never reads a file or the
network, whatever the HTML says. Fixed texts are bokmål, said through `say` in the report's
language (the app passes its translation); the report model's own texts are already translated.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
import pydyf
from weasyprint import CSS, HTML
from weasyprint.document import Document
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from core.escaping import html_text
from core.formatting import Language, quarter
from core.i18n import Say
from indicators.report import (
    GroupSection,
    IndicatorSection,
    QuarterlyReport,
    chart_summary,
    figures_table,
    group_table,
    history_table,
)
from services.report_files import Picture, ReportSection

PICTURE_SCHEME = "bilde:"
GENERATOR = "Boligmonitor"
# A4: charts 150 mm and the map 170 mm wide. The footer (title and page
# number) is set from the h1 and the municipality's line, so no outside text is put into CSS.
# WeasyPrint keeps page margin boxes out of the structure tree.
STYLE = """
@page {
  size: A4;
  margin: 15mm 15mm 18mm 15mm;
  @bottom-center {
    content: string(municipality) " · " string(title) " · " counter(page);
    font-size: 8pt;
  }
}
html { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; color: #1a1a1a; }
h1 { font-size: 20pt; margin: 0 0 4pt; string-set: title content(); }
h2 { font-size: 14pt; margin: 14pt 0 4pt; break-after: avoid; }
h3 { font-size: 11pt; margin: 10pt 0 3pt; break-after: avoid; }
p { margin: 0 0 5pt; }
.municipality { font-size: 11pt; string-set: municipality content(); }
.indicator { break-inside: avoid; }
.group { break-inside: avoid; }  /* a table split across pages is tagged as two */
.indicator p { font-size: 9pt; }
.map, .notes { break-before: page; }
.map p { font-size: 9pt; }
img { display: block; width: 150mm; margin: 4pt 0; }
.map img { width: 170mm; }
table { border-collapse: collapse; font-size: 8pt; margin: 0 0 6pt; }
caption { caption-side: top; text-align: left; font-size: 8pt; padding: 0 0 2pt; }
th, td { border: 0.5pt solid #8c8c8c; padding: 1.5pt 3pt; text-align: left; vertical-align: top; }
thead th { background: #e8eef3; }
.figures { width: 100%; }
.figures th:first-child { width: 34%; }
.history { font-size: 7pt; width: 60%; }
.history th { white-space: nowrap; }
"""


class MemoryFetcher(URLFetcher):
    """Serves `bilde:NAME` from a dict of PNGs; any other URL stops the rendering."""

    def __init__(self, pictures: dict[str, bytes]) -> None:
        super().__init__(allowed_protocols=())
        self.pictures = pictures

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        name = url.removeprefix(PICTURE_SCHEME)
        if not url.startswith(PICTURE_SCHEME) or name not in self.pictures:
            raise FatalURLFetchingError("the report may only use its own pictures")
        return URLFetcherResponse(url, self.pictures[name], {"Content-Type": "image/png"})


def _paragraphs(texts: Sequence[str]) -> str:
    return "".join(f"<p>{html_text(text)}</p>" for text in texts)


def _table(frame: pl.DataFrame, caption: str, css_class: str) -> str:
    """A table whose first row holds column headers and first column row headers."""
    head = "".join(f'<th scope="col">{html_text(name)}</th>' for name in frame.columns)
    body = "".join(
        f'<tr><th scope="row">{html_text(cells[0])}</th>'
        + "".join(f"<td>{html_text(cell)}</td>" for cell in cells[1:])
        + "</tr>"
        for cells in frame.iter_rows()
    )
    return (
        f'<table class="{css_class}"><caption>{html_text(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _transposed(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows become columns: the first column's values become the header row (quarters across,
    as on the chart's axis), the other columns rows."""
    header, *rows = frame.columns
    return pl.DataFrame(
        [[name, *frame[name].to_list()] for name in rows],
        schema={name: pl.String for name in [header, *frame[header].to_list()]},
        orient="row",
    )


def _image(name: str, picture: Picture) -> str:
    return f'<img src="{PICTURE_SCHEME}{name}" alt="{html_text(picture.alt)}">'


def _indicator_section(
    section: IndicatorSection, name: str, picture: Picture, language: Language, say: Say
) -> str:
    history = _transposed(history_table(section, language, say))
    caption = say("{name}: tallene i diagrammet", name=section.name(language))
    return (
        f'<section class="indicator"><h3>{html_text(section.name(language))}</h3>'
        f"<p>{html_text(section.sentence)}</p>"
        f"{_image(name, picture)}{_table(history, caption, 'history')}</section>"
    )


def _group_section(group: GroupSection, period: str, language: Language, say: Say) -> str:
    """A group of indicators (the portfolio, the pipeline): heading, its text and its figures
    table."""
    caption = say(
        "{title} i {quarter}: verdi, endringer, mål og status", title=group.title, quarter=period
    )
    table = _table(group_table(group, language, say), caption, "figures")
    return (
        f'<section class="group"><h2>{html_text(group.title)}</h2>'
        f"{_paragraphs(group.paragraphs)}{table}</section>"
    )


def _extra_section(section: ReportSection) -> str:
    """A section beside the indicators (living conditions, BrukerPlan): heading, paragraphs and
    its small table, if any."""
    table = "" if section.table is None else _table(section.table, section.title, "extra")
    return (
        f'<section class="extra"><h2>{html_text(section.title)}</h2>'
        f"{_paragraphs(section.paragraphs)}{table}</section>"
    )


def report_html(
    report: QuarterlyReport,
    chart_images: Sequence[bytes],
    map_picture: Picture | None,
    *,
    municipality: str,
    say: Say,
    sections: Sequence[ReportSection] = (),
) -> tuple[str, dict[str, bytes]]:
    """The report as HTML, and the pictures it refers to by name.

    In the order of today's report: title and municipality, summary, the quarter's figures,
    each indicator with its sentence, chart and the chart's figures, the groups of indicators
    (portfolio, pipeline) with their tables, the map, the sections beside the indicators, the
    data notes.
    """
    if len(chart_images) != len(report.sections):
        raise ValueError("the report needs one chart per indicator section")
    language = report.language
    title = f"{say('Kvartalsrapport')} {quarter(report.quarter, language)}"
    charts = [
        Picture(png, chart_summary(section, language, say))
        for section, png in zip(report.sections, chart_images, strict=True)
    ]
    pictures = {f"{index}.png": chart.png for index, chart in enumerate(charts)}
    indicators = "".join(
        _indicator_section(section, f"{index}.png", chart, language, say)
        for index, (section, chart) in enumerate(zip(report.sections, charts, strict=True))
    )
    period = quarter(report.quarter, language)
    groups = "".join(_group_section(group, period, language, say) for group in report.groups)
    area_map = ""
    if map_picture is not None:
        pictures["kart.png"] = map_picture.png
        legend = say(
            "Områder farget etter andel kommunale boliger; flaggede områder har kantlinje."
        )
        area_map = (
            f'<section class="map"><h2>{html_text(say("Opphopning av kommunale boliger"))}</h2>'
            f"<p>{html_text(legend)}</p>{_image('kart.png', map_picture)}</section>"
        )
    figures_caption = say(
        "Indikatorene i {quarter}: verdi, endringer, mål og status", quarter=period
    )
    document = f"""<!DOCTYPE html>
<html lang="{html_text(language)}">
<head><meta charset="utf-8">
<title>{html_text(f"{municipality} · {title}")}</title>
<meta name="generator" content="{GENERATOR}"></head>
<body>
<h1>{html_text(title)}</h1>
<p class="municipality">{html_text(municipality)}</p>
<h2>{html_text(say("Sammendrag"))}</h2>{_paragraphs(report.summary)}
<h2>{html_text(say("Tallene for kvartalet"))}</h2>
{_table(figures_table(report, say), figures_caption, "figures")}
<h2>{html_text(say("Indikatorene"))}</h2>{indicators}
{groups}
{area_map}
{"".join(_extra_section(section) for section in sections)}
<h2 class="notes">{html_text(say("Om tallene"))}</h2>{_paragraphs(report.notes)}
</body></html>"""
    return document, pictures


def _section_of(cell: pydyf.Dictionary, by_number: dict[int, object]) -> object:
    """The THead, TBody or Table a TH sits in (TH -> TR -> that)."""
    row = by_number.get(int(cell["P"].split()[0]))
    return None if row is None else by_number.get(int(row["P"].split()[0]))


def scope_header_cells(document: Document, pdf: pydyf.PDF) -> None:
    """Give each TH its /Scope: /Column in a THead, /Row in a TBody, as the HTML's scope says.

    WeasyPrint 70 gives TH cells an /ID and TD cells /Headers but no /Scope, and a header cell
    that no data cell points at (the corner one) is then announced as nothing.
    """
    by_number = {obj.number: obj for obj in pdf.objects if hasattr(obj, "number")}
    for element in pdf.objects:
        if isinstance(element, dict) and element.get("S") == "/TH":
            section = _section_of(element, by_number)
            in_head = isinstance(section, dict) and section.get("S") == "/THead"
            element["A"]["Scope"] = "/Column" if in_head else "/Row"


def pdf_from_html(document: str, pictures: dict[str, bytes]) -> bytes:
    """The HTML laid out as tagged PDF/UA-1, its pictures served from `pictures` only."""
    try:
        return HTML(string=document, url_fetcher=MemoryFetcher(pictures)).write_pdf(
            stylesheets=[CSS(string=STYLE)],
            pdf_variant="pdf/ua-1",
            finisher=scope_header_cells,
        )
    except FatalURLFetchingError as error:
        # A BaseException in WeasyPrint: made an ordinary error, so callers' handlers see it.
        raise ValueError("the report refers to a picture it does not have") from error


def report_pdf(
    report: QuarterlyReport,
    chart_images: Sequence[bytes],
    map_picture: Picture | None,
    *,
    municipality: str,
    say: Say,
    sections: Sequence[ReportSection] = (),
) -> bytes:
    """The report as a tagged PDF/UA-1 in the report's language: summary, figures, one section
    per indicator with its chart, the portfolio and pipeline with their tables, the
    concentration map (when there is one), the sections beside the indicators, the data notes."""
    document, pictures = report_html(
        report, chart_images, map_picture, municipality=municipality, say=say, sections=sections
    )
    return pdf_from_html(document, pictures)
