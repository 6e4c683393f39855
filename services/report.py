"""The quarterly report to the council from the warehouse: the model, its charts, the map, and
the PDF and XLSX files; the page and `cli.py report` both make it here.

Always suppressed, with the thresholds set in Innstillinger: the report is public by nature,
whoever reads or downloads it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl

from core.formatting import Language
from core.i18n import translator
from core.settings import GeoSettings, Thresholds, geo_settings
from core.settings import thresholds as thresholds_in
from geo.maps import map_summary
from indicators.registry import AREA
from indicators.report import QuarterlyReport, quarterly_report
from indicators.suppression import hidden_groups
from services import geo, living_conditions, report_files
from services.indicators import indicator_values, readers_hidden_cells
from services.ingest import loaded_months
from services.reference import municipality
from services.report_files import Picture, ReportSection
from services.settings import read_settings

SUFFIXES = (".pdf", ".xlsx")  # the files `cli.py report` writes, each as its kind


def area_map(
    month: geo.MonthGeo,
    concentration: pl.DataFrame | None,
    hidden: pl.DataFrame,
    language: Language,
    settings: GeoSettings,
) -> Picture | None:
    """The month's concentration map as a PNG with the sentence that says what it shows,
    suppressed as the report's figures are (None without areas or dwellings that month).

    A grunnkrets's colour bounds its count: where the delområde's municipal dwellings are `:`
    in the breakdown (`hidden`, the readers' pattern), its grunnkretser are hidden on the map too.
    """
    areas = month.stored.areas
    if areas is None or concentration is None:
        return None
    hidden_areas = hidden_groups(hidden, "kommunale_boliger", AREA, month.month)
    png = report_files.concentration_map_png(
        areas, concentration, language, settings, hidden_areas=hidden_areas
    )
    return Picture(png, map_summary(concentration, language, translator(language)))


def report_pdf(
    report: QuarterlyReport,
    charts: list[bytes],
    map_picture: Picture | None,
    *,
    municipality: str,
    sections: Sequence[ReportSection] = (),
) -> bytes:
    """The report as a tagged PDF/UA-1 in its language, charts, map and the sections beside the
    indicators included (services.report_pdf)."""
    from services import report_pdf as tagged_pdf  # WeasyPrint loads Pango: only when asked

    return tagged_pdf.report_pdf(
        report,
        charts,
        map_picture,
        municipality=municipality,
        say=translator(report.language),
        sections=sections,
    )


def reference_sections(
    db_path: Path,
    stored: geo.StoredGeo,
    concentration: pl.DataFrame | None,
    values_settings: Mapping[str, object],
    language: Language,
) -> list[ReportSection]:
    """The report's sections on living conditions and BrukerPlan, where they are loaded,
    suppressed for readers."""
    survey = living_conditions.survey(
        living_conditions.read_survey(db_path), values_settings["levekar_retning"]
    )
    sections = [
        living_conditions.living_conditions_section(
            survey, stored, concentration, geo_settings(values_settings), language
        ),
        living_conditions.brukerplan_section(
            living_conditions.read_brukerplan(db_path), thresholds_in(values_settings), language
        ),
    ]
    return [section for section in sections if section is not None]


def write_report(db_path: Path, quarter: str, out: Path, language: Language = "nb") -> Path:
    """`cli.py report`: the quarter's report to the council as `.pdf` or `.xlsx` (by `out`'s
    ending), as the Kvartalsrapport page makes it, the sections beside the indicators in both."""
    values_settings = read_settings(db_path)
    limits: Thresholds = thresholds_in(values_settings)
    hidden = readers_hidden_cells(db_path, limits)
    model = quarterly_report(
        indicator_values(db_path, "quarter", hidden=hidden),
        quarter,
        loaded_months=loaded_months(db_path),
        thresholds=limits,
        language=language,
    )
    stored = geo.stored_geo(db_path)
    flags = geo_settings(values_settings)
    month = concentration = None
    if model.last_month is not None and stored.areas is not None:
        month = geo.month_geo(db_path, model.last_month, stored)
        try:
            concentration = month.concentration(flags)
        except ValueError:
            concentration = None
    sections = reference_sections(db_path, stored, concentration, values_settings, language)
    if out.suffix.lower() == ".xlsx":
        out.write_bytes(report_files.report_xlsx(model, sections))
        return out
    picture = None if month is None else area_map(month, concentration, hidden, language, flags)
    name = municipality(values_settings, stored.codes(), language)
    charts = report_files.charts(model)
    out.write_bytes(report_pdf(model, charts, picture, municipality=name, sections=sections))
    return out
