"""The quarterly report as files and pictures: charts, the concentration map and XLSX.

Pure (no Streamlit): each function takes the report model (`indicators.report`) or the geo
frames and returns bytes. Charts and the map are matplotlib PNGs, drawn with the object API
rather than pyplot so that Streamlit's threads share no global figure, and used on the page
and in the PDF (services.report_pdf) alike.
"""

from __future__ import annotations

import functools
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import geopandas as gpd
import polars as pl
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from core.export import neutralise_formulas
from core.formatting import Language, quarter
from core.i18n import translate, translator
from core.settings import DEFAULT_GEO_SETTINGS, GeoSettings
from geo.maps import FLAG_STYLES, HIDDEN_COLOUR, NO_VALUE_COLOUR, OUTLINE_COLOUR, SCALES
from indicators.breakdowns import DELOMRADE_DIGITS
from indicators.registry import definitions_table
from indicators.report import IndicatorSection, QuarterlyReport

LINE_COLOUR = "#1f5f8b"
TARGET_COLOUR = "#c0392b"
CHART_SIZE = (6.0, 2.0)  # inches
MAP_SIZE = (9.0, 6.0)
DPI = 150
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHARTS_KEPT = 512  # drawn charts kept by content (about 20 KB each)


@dataclass(frozen=True)
class Picture:
    """A PNG for the report and the one sentence that says what it shows."""

    png: bytes
    alt: str

    def __post_init__(self) -> None:
        # WeasyPrint only logs a missing alt and skips a picture it cannot read: refuse both.
        if not self.png.startswith(PNG_SIGNATURE):
            raise ValueError("a picture in the report must be a PNG")
        if not self.alt.strip():
            raise ValueError("a picture in the report needs a text that says what it shows")


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight")
    return buffer.getvalue()


def _plotted(value: float | None) -> float:
    return math.nan if value is None else value


def _known(value: float | None) -> float | None:
    """None for a missing figure, NaN included (NaN would never equal itself in a cache key)."""
    return None if value is None or math.isnan(value) else value


def chart_png(section: IndicatorSection, language: Language) -> bytes:
    """The indicator's last quarters as a line, its targets as a dashed line, the quarter marked."""
    return _chart_png(
        tuple(quarter(key, language) for key, _, _ in section.history),
        tuple(_known(value) for _, value, _ in section.history),
        tuple(_known(target) for _, _, target in section.history),
        translate(section.indicator.enhet, language),
        translate("Mål", language),
    )


@functools.lru_cache(maxsize=CHARTS_KEPT)
def _chart_png(
    labels: tuple[str, ...],
    values: tuple[float | None, ...],
    targets: tuple[float | None, ...],
    unit: str,
    target_label: str,
) -> bytes:
    """Drawn once per content: a new data version redraws only the charts whose quarters,
    figures or targets changed (drawing is most of what a new version's report costs)."""
    figure = Figure(figsize=CHART_SIZE)
    axes = figure.subplots()
    plotted = [_plotted(value) for value in values]
    axes.plot(labels, plotted, marker="o", markersize=3, color=LINE_COLOUR)
    if any(target is not None for target in targets):
        axes.plot(
            labels,
            [_plotted(target) for target in targets],
            linestyle="--",
            color=TARGET_COLOUR,
            label=target_label,
        )
        axes.legend(loc="best", fontsize=7, frameon=False)
    if labels and values[-1] is not None:
        axes.plot(labels[-1:], plotted[-1:], marker="o", markersize=6, color=LINE_COLOUR)
    axes.set_ylim(bottom=0)
    axes.tick_params(labelsize=7)
    axes.set_xticks(range(0, len(labels), 2), labels[::2])
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_ylabel(unit, fontsize=7)
    return _png(figure)


def charts(report: QuarterlyReport) -> list[bytes]:
    """One chart per section of the report, in its order."""
    return [chart_png(section, report.language) for section in report.sections]


def area_colours(
    concentration: pl.DataFrame,
    codes: Sequence[str],
    settings: GeoSettings = DEFAULT_GEO_SETTINGS,
    hidden_areas: frozenset[str] = frozenset(),
) -> list[str]:
    """Fill colour per area by share; areas with fewer than `small_count` municipal dwellings,
    and those in a delområde in `hidden_areas` (suppressed in the breakdowns), are hidden (the
    report is public), areas without figures grey."""
    rows = {row["grunnkrets"]: row for row in concentration.iter_rows(named=True)}
    scale = SCALES["andel"]
    colours = []
    for code in codes:
        row = rows.get(code)
        if row is None:
            colours.append(NO_VALUE_COLOUR)
        elif (
            row["kommunale_boliger"] < settings.small_count
            or code[:DELOMRADE_DIGITS] in hidden_areas
        ):
            colours.append(HIDDEN_COLOUR)
        else:
            colours.append(scale.colour(row["andel"]))
    return colours


def concentration_map_png(
    areas: gpd.GeoDataFrame,
    concentration: pl.DataFrame,
    language: Language,
    settings: GeoSettings = DEFAULT_GEO_SETTINGS,
    *,
    hidden_areas: frozenset[str] = frozenset(),
) -> bytes:
    """The areas coloured by share of municipal dwellings, flagged areas outlined, no tiles;
    hidden as `area_colours` says."""
    codes = areas["grunnkrets"].tolist()
    flagged = {
        flag: set(concentration.filter(pl.col(f"flagg_{flag}"))["grunnkrets"].to_list())
        for flag in FLAG_STYLES
    }
    figure = Figure(figsize=MAP_SIZE)
    axes = figure.subplots()
    areas.plot(
        ax=axes,
        color=area_colours(concentration, codes, settings, hidden_areas),
        edgecolor="#636363",
        lw=0.3,
    )
    areas.dissolve().boundary.plot(ax=axes, color=OUTLINE_COLOUR, linewidth=1.2)
    legend = [
        Patch(facecolor=colour, label=label)
        for colour, label in zip(
            SCALES["andel"].colours,
            SCALES["andel"].labels(language, translator(language)),
            strict=True,
        )
    ]
    legend.append(
        Patch(
            facecolor=HIDDEN_COLOUR,
            label=translate(
                "Skjult (færre enn {count} kommunale, eller delområdet er prikket)",
                language,
                count=settings.small_count,
            ),
        )
    )
    for flag, (title, colour, dashes) in FLAG_STYLES.items():
        chosen = areas[areas["grunnkrets"].isin(flagged[flag])]
        style = "--" if dashes else "-"
        if len(chosen):
            chosen.boundary.plot(ax=axes, color=colour, linewidth=2.0, linestyle=style)
        legend.append(
            Patch(
                facecolor="none",
                edgecolor=colour,
                linestyle=style,
                label=translate(title, language),
            )
        )
    axes.legend(
        handles=legend,
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=7,
        title=translate(SCALES["andel"].title, language),
        title_fontsize=8,
    )
    axes.set_axis_off()
    return _png(figure)


def report_rows(
    sections: Sequence[IndicatorSection], quarter_key: str, language: Language
) -> pl.DataFrame:
    """A figures sheet: one row per indicator with numbers as numbers (hidden ones empty)."""
    return pl.DataFrame(
        {
            "Indikator": [section.indicator.id for section in sections],
            "Navn": [section.name(language) for section in sections],
            "Kvartal": [quarter(quarter_key, language)] * len(sections),
            "Verdi": [section.value for section in sections],
            "Prikket": [":" if section.suppressed else "" for section in sections],
            "Enhet": [section.indicator.enhet for section in sections],
            "Samme kvartal i fjor": [section.last_year for section in sections],
            "Endring fra i fjor": [section.change_last_year for section in sections],
            "Forrige kvartal": [section.previous for section in sections],
            "Endring fra forrige kvartal": [section.change_previous for section in sections],
            "Mål": [section.target for section in sections],
            "Status": [section.status or "" for section in sections],
            "Måneder": [section.months for section in sections],
            "Tekst": [section.sentence for section in sections],
        },
        schema_overrides={
            name: pl.Float64
            for name in (
                "Verdi",
                "Samme kvartal i fjor",
                "Endring fra i fjor",
                "Forrige kvartal",
                "Endring fra forrige kvartal",
                "Mål",
            )
        },
    )


def report_texts(report: QuarterlyReport, sections: Sequence[ReportSection] = ()) -> pl.DataFrame:
    """The XLSX's texts in the PDF's order: the summary, each group's and each section's
    paragraphs under its title, the notes on the data."""
    parts = [
        ("Sammendrag", report.summary),
        *((group.title, group.paragraphs) for group in report.groups),
        *((section.title, section.paragraphs) for section in sections),
        ("Om tallene", report.notes),
    ]
    return pl.DataFrame(
        {
            "Del": [part for part, texts in parts for _ in texts],
            "Tekst": [text for _, texts in parts for text in texts],
        },
        schema={"Del": pl.String, "Tekst": pl.String},
    )


def report_xlsx(report: QuarterlyReport, sections: Sequence[ReportSection] = ()) -> bytes:
    """The report as XLSX: the figures, a sheet per group of indicators (portfolio, pipeline),
    the definitions, the texts (summary, groups, the sections beside the indicators, the data
    notes), and a sheet per section table as the PDF shows it."""
    import xlsxwriter

    sheets = {
        "Kvartalsrapport": report_rows(report.sections, report.quarter, report.language),
        **{
            group.group.title: report_rows(group.sections, report.quarter, report.language)
            for group in report.groups
        },
        "Definisjoner": definitions_table(),
        "Sammendrag": report_texts(report, sections),
        **{section.sheet: section.table for section in sections if section.table is not None},
    }
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as workbook:
        for name, frame in sheets.items():
            neutralise_formulas(frame).write_excel(workbook, worksheet=name, autofit=True)
    return buffer.getvalue()


@dataclass(frozen=True)
class ReportSection:
    """A section of the quarterly report beside the indicators: a heading, paragraphs and
    perhaps a small table (already as readers may see it), with the name of the XLSX sheet the
    table goes on (fixed bokmål, as the workbook's other sheets)."""

    title: str
    paragraphs: tuple[str, ...]
    table: pl.DataFrame | None = None
    sheet: str | None = None

    def __post_init__(self) -> None:
        if self.table is not None and not self.sheet:
            raise ValueError("a section's table needs the name of its XLSX sheet")
