"""The quarterly report's sections as Kvartalsrapport shows them: metrics and target lines.

Pure: each function takes a section of the report model (indicators.report) and the language.
"""

from __future__ import annotations

import polars as pl

from core.formatting import Language, by_unit, change_by_unit
from core.i18n import translate
from indicators.report import IndicatorSection, QuarterlyReport
from indicators.report import default_quarter as default_quarter  # the page's quarter choice
from indicators.report import report_quarters as report_quarters
from services import report_files

XLSX_MIME = report_files.XLSX_MIME


def figures_table(report: QuarterlyReport) -> pl.DataFrame:
    """The quarter's figures as people read them (the same table as in the PDF)."""
    return report_files.figures_table(report)


def section_metric(section: IndicatorSection, language: Language) -> dict[str, str]:
    """`st.metric` arguments for a section: name, value, change from last year, and the delta
    colour its direction asks for (a fall is green where lower is better)."""
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
        "delta_color": "off" if direction is None else ("inverse" if direction else "normal"),
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
