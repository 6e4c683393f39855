"""KOSTRA-utkast: the year's skjema 13 figures the warehouse can give, each with its rule,
last year's value and a warning on a large swing; downloadable as XLSX."""

from datetime import date

import streamlit as st

from core.escaping import markdown_text
from ui import kostra_view, widgets
from ui.access import require_page_access
from ui.labels import current_language, t

require_page_access("kostra_utkast")
language = current_language()

st.title(t("KOSTRA-utkast"))
st.info(
    t(
        "Skjema 13 sendes til SSB i SSBs eget system; dette er bare et utkast fra Boligmonitor "
        "til å fylle det ut og sjekke det med."
    ),
    icon=":material/info:",
)
years = kostra_view.draft_years()
if not years:
    st.info(t("Ingen øyeblikksbilder ennå."))
    st.stop()
year = st.selectbox(
    t("År"),
    years,
    index=years.index(kostra_view.default_draft_year(years, date.today())),
    key="kostra_utkast_aar",
)
figures = kostra_view.draft(year)
swings = kostra_view.swing_count(figures)
if swings:
    st.warning(
        t(
            "{count} tall endret seg mer enn 20 % fra året før. Sjekk dem før rapporteringen.",
            count=swings,
        ),
        icon=":material/warning:",
    )
widgets.table(kostra_view.draft_table(figures, language), key="kostra_utkast_tabell")
st.download_button(
    t("Last ned utkastet (XLSX)"),
    kostra_view.draft_xlsx(figures),
    file_name=f"kostra_skjema13_utkast_{year}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    on_click="ignore",
)
with st.expander(t("Reglene bak tallene")):
    for name, rule in kostra_view.draft_rules(figures, language):
        st.markdown(f"**{markdown_text(name)}**: {markdown_text(rule)}")
