"""Datakvalitet: per month, what staff check before they report, and what is worth a second look."""

import streamlit as st

from core import formatting as fmt
from ui import data, tables, widgets
from ui.access import require_page_access
from ui.labels import current_language, t

require_page_access("datakvalitet")
language = current_language()

st.title(t("Datakvalitet"))
st.caption(
    t(
        "Antall rader og kontroller per måned. Husbanken ber kommunene sjekke store svingninger "
        "før de rapporterer."
    )
)
report = data.quality_report()
latest = report.latest()
if latest is None:
    widgets.nothing_loaded()
    st.stop()

st.subheader(t("Siste måned") + ": " + fmt.month(latest["maaned"], language))
widgets.quality_figures(latest)

threshold = tables.swing_threshold(report.threshold, language)
st.subheader(t("Bør sjekkes"))
if report.swings.is_empty():
    st.success(
        t("Ingen tall endret seg mer enn {threshold} fra forrige måned.", threshold=threshold)
    )
else:
    st.caption(t("Endringer på mer enn {threshold} fra forrige måned.", threshold=threshold))
    widgets.table(tables.swing_table(report.swings, language), height=320)

st.subheader(t("Måneder som mangler"))
first, last = report.span()
if report.missing.is_empty():
    st.success(
        t(
            "Ingen måneder mangler mellom {first} og {last}.",
            first=fmt.month(first, language),
            last=fmt.month(last, language),
        )
    )
else:
    widgets.table(tables.missing_table(report.missing, language))

st.subheader(t("Per måned"))
widgets.table(tables.quality_table(report.months, language), height=420)
