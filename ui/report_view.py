"""The quarterly report's sections as Kvartalsrapport shows them: metrics and target lines.

Pure: each function takes a section of the report model (indicators.report) and the language;
`screen` puts them together once per report (ui.data caches it per data version), so a rerun
of the page formats no number.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import polars as pl
from PIL import Image

from core.formatting import Language, by_unit, change_by_unit
from core.i18n import translate, translator
from indicators.report import (
    GroupSection,
    IndicatorSection,
    QuarterlyReport,
    chart_summary,
    history_table,
)
from indicators.report import default_quarter as default_quarter  # the page's quarter choice
from indicators.report import figures_table as report_figures_table
from indicators.report import group_table as report_group_table
from indicators.report import report_quarters as report_quarters
from services import report_files
from ui import indicator_view

XLSX_MIME = report_files.XLSX_MIME
MAP_WIDTH = 700  # pixels: the report's map on screen (the PDF's is drawn larger)


def scaled_png(png: bytes, width: int) -> bytes:
    """`png` scaled down to `width` pixels wide (as it is when not wider). Streamlit would
    otherwise scale a wider image down on every rerun of the page."""
    image = Image.open(io.BytesIO(png))
    if image.width <= width:
        return png
    height = round(image.height * width / image.width)
    out = io.BytesIO()
    image.resize((width, height), Image.Resampling.LANCZOS).save(out, format="PNG")
    return out.getvalue()


def figures_table(report: QuarterlyReport) -> pl.DataFrame:
    """The quarter's figures as people read them (the same table as in the PDF)."""
    return report_figures_table(report, translator(report.language))


def group_table(group: GroupSection, language: Language) -> pl.DataFrame:
    """A group's figures (portfolio, pipeline) as in the PDF."""
    return report_group_table(group, language, translator(language))


def section_metric(section: IndicatorSection, language: Language) -> dict[str, str]:
    """`st.metric` arguments for a section: name, value, change from last year, and the delta
    colour its direction asks for (a fall is blue, for the better, where lower is better)."""
    direction = section.indicator.lower_is_better
    unit = section.indicator.unit
    change = section.change_last_year
    return {
        "label": section.name(language),
        "value": by_unit(section.value, unit, language, suppressed=section.suppressed),
        # st.metric reads the direction of its arrow from an ASCII minus, not from "−".
        "delta": None
        if change is None
        else change_by_unit(change, unit, language).replace("−", "-"),
        # blue for the better, orange for the worse (never red against green); the arrow shows
        # the direction and the target line says the status in words.
        "delta_color": indicator_view.TONE_COLOURS[indicator_view.tone(change, direction)],
    }


def target_line(section: IndicatorSection, language: Language) -> str | None:
    """'Mål: 190 · nådd' (None without a target or status)."""
    if section.target is None or section.status is None:
        return None
    return translate(
        "Mål: {target} · {status}",
        language,
        target=by_unit(section.target, section.indicator.unit, language),
        status=translate(section.status, language),
    )


def section_text(section: IndicatorSection, language: Language) -> str:
    """The target line in small type above the section's sentence, as one markdown text."""
    target = target_line(section, language)
    return section.sentence if target is None else f":small[{target}]\n\n{section.sentence}"


def chart_text(section: IndicatorSection, language: Language) -> tuple[str, pl.DataFrame]:
    """The section's chart in words, as in the PDF: its one sentence and its figures by quarter."""
    say = translator(language)
    return chart_summary(section, language, say), history_table(section, language, say)


@dataclass(frozen=True)
class SectionScreen:
    """One indicator of the report as the page shows it: its metric, its text (the target line,
    small, and the sentence, as one element) and its chart text."""

    metric: dict[str, str]
    text: str
    summary: str
    figures: pl.DataFrame


@dataclass(frozen=True)
class Screen:
    """What Kvartalsrapport shows of a report besides its pictures and texts."""

    figures: pl.DataFrame
    sections: tuple[SectionScreen, ...]
    group_tables: tuple[pl.DataFrame, ...]


def screen(report: QuarterlyReport) -> Screen:
    """The report's tables, metrics, target lines and chart texts in the report's language."""
    language = report.language
    return Screen(
        figures=figures_table(report),
        sections=tuple(
            SectionScreen(
                section_metric(section, language),
                section_text(section, language),
                *chart_text(section, language),
            )
            for section in report.sections
        ),
        group_tables=tuple(group_table(group, language) for group in report.groups),
    )
