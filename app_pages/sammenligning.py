"""Sammenligning: our municipality beside the comparison group and the country, as KOSTRA
published it, and our own year values beside what KOSTRA published for us."""

import streamlit as st

from core import formatting as fmt
from core.escaping import markdown_text
from ui import data, kostra_view, widgets
from ui.access import require_page_access
from ui.labels import current_language, t

CHART_CONFIG = {"displaylogo": False}

user = require_page_access("sammenligning")
language = current_language()

st.title(t("Sammenligning"))
load = kostra_view.kostra_load()
if load is None:
    st.info(
        t(
            "Ingen KOSTRA-tabell er lastet opp ennå. Saksbehandlere og administratorer laster "
            "den opp på Last opp (en tabell fra SSBs statistikkbank, JSON-stat2 eller CSV)."
        ),
        icon=":material/info:",
    )
    st.stop()

group = kostra_view.group_in_force()
st.caption(
    t(
        "Kilde: SSB, KOSTRA; tabellen {file} ble lastet opp {day}. Sammenligningsgruppe: "
        "{group} (velges i Innstillinger). Landet vises alltid.",
        file=markdown_text(load["file_name"]),
        day=fmt.day(load["loaded_at"].date(), language),
        group=markdown_text(kostra_view.group_text(group, language)),
    )
)
measures = {name: t(label) for name, label in kostra_view.MEASURES.items()}
measure = st.radio(
    t("Vis som"),
    list(measures),
    format_func=measures.get,
    horizontal=True,
    key="sammenligning_maal",
)
series = kostra_view.comparison()
for shown, entry in kostra_view.figures(measure):
    counterpart = shown.counterpart
    st.subheader(t(entry.navn))
    if not shown.in_measure:
        st.caption(kostra_view.only_form_text(shown, language))
        continue
    st.markdown(t(entry.definisjon))
    if not counterpart.same_definition:
        st.caption(
            t(
                "KOSTRA definerer tallet annerledes ({label}); det vises ved siden av, men "
                "sammenlignes ikke med våre tall.",
                label=markdown_text(counterpart.variable_label),
            )
        )
    rows = kostra_view.series_of(series, counterpart)
    if rows.is_empty():
        st.caption(t("Tabellen har ingen tall for denne indikatoren."))
        continue
    widgets.chart(
        kostra_view.comparison_figure(rows, entry.unit, language),
        title=t(entry.navn),
        category=t("År"),
        config=CHART_CONFIG,
        key=f"sammenligning_{entry.id}",
    )
    widgets.table(
        kostra_view.comparison_table(
            rows, entry.unit, language, kostra_view.ssb_source(counterpart, load["table"], language)
        ),
        key=f"sammenligning_tabell_{entry.id}",
    )
    symbols = kostra_view.symbols_shown(rows, language)
    if symbols:
        st.caption(markdown_text(symbols))

st.subheader(t("Våre tall og KOSTRA"))
st.caption(
    t(
        "Vårt tall for året (siste måned i året for beholdninger) ved siden av det KOSTRA "
        "publiserte for oss. Avvik større enn toleransen: sjekk rapporteringen til SSB eller "
        "dataene."
    )
)
year_values = data.indicator_values("year", data.thresholds_for(user.role))
compared = kostra_view.own_vs_published(year_values)
if compared.is_empty():
    st.info(t("Ingen tall å sammenligne."))
else:
    widgets.table(
        kostra_view.difference_table(compared, language, load["table"]), key="sammenligning_avvik"
    )
