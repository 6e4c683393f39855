"""Forløp: where households went over a period, the leie-til-eie track, and returns to temporary
accommodation. Staff and admins see every count; others see them suppressed."""

import streamlit as st

from ui import charts, data, indicator_view, pathway_view, widgets
from ui.access import require_page_access
from ui.labels import current_language, t

CHART_CONFIG = {"displaylogo": False}

user = require_page_access("forlop")
language = current_language()
thresholds = data.thresholds_for(user.role)
suppressed_note = t("Små tall er prikket og vises som «:» (se Om tallene).")

st.title(t("Forløp"))
st.caption(
    t(
        "Husstandene følges fra måned til måned med husstands-ID-en i uttrekkene. En husstand "
        "som mangler i et uttrekk har ukjent situasjon den måneden, ikke «flyttet ut»."
    )
)

st.subheader(t("Overganger"))
periods = data.transition_periods()
if not periods:
    st.info(t("Ingen periode har uttrekk både for måneden før og for siste måned."))
else:
    period = st.selectbox(
        t("Periode"),
        periods,
        format_func=lambda key: indicator_view.period_name(key, language),
        key="forlop_periode",
    )
    table = data.period_transitions(period, thresholds)
    st.caption(
        t(
            "Situasjonen i måneden før perioden mot situasjonen i periodens siste måned. "
            "Måneder imellom sammenlignes ikke."
        )
    )
    widgets.chart(
        charts.sankey_figure(pathway_view.sankey(table, language), language),
        title=t("Overganger"),
        category=t("Fra → til"),
        key="forlop_sankey",
        config=CHART_CONFIG,
    )
    shown = pathway_view.transition_table(table, language)
    widgets.table(shown, key="forlop_overganger", height=360)
    widgets.download_buttons(shown, f"overganger_{period}", key="forlop_overganger_last_ned")
    if thresholds is not None:
        st.caption(suppressed_note)

st.subheader(t("Leie til eie"))
track = data.leie_til_eie(thresholds)
if track is None:
    st.info(t("Ingen måneder er lastet ennå."))
else:
    st.caption(
        t(
            "Husstander som har vært på leie til eie-sporet, slik de står i {month}. Trinnene er "
            "ikke nøstet: noen kjøper uten startlån.",
            month=pathway_view.as_of(track.end, language),
        )
    )
    stages, names = pathway_view.stage_bars(track.stages, language)
    funnel_column, median_column = st.columns([3, 1])
    with funnel_column:
        widgets.chart(
            charts.breakdown_figure(stages, names, "count", language=language),
            title=t("Leie til eie"),
            category=t("Trinn"),
            key="forlop_trakt",
            config=CHART_CONFIG,
        )
    median_column.metric(
        t("Median måneder fra start til kjøp"),
        pathway_view.median_text(track.purchase_months, language),
    )
    widgets.table(pathway_view.funnel_table(track.stages, language), key="forlop_trakt_tabell")
    st.markdown(t("**Kull etter kvartalet de kom inn**"))
    cohorts = pathway_view.cohort_table(track.cohorts, language)
    widgets.table(cohorts, key="forlop_kull")
    widgets.download_buttons(cohorts, "leie_til_eie_kull", key="forlop_kull_last_ned")
    if thresholds is not None:
        st.caption(suppressed_note)

st.subheader(t("Tilbake i midlertidig botilbud"))
st.caption(
    t(
        "Husstander som kom tilbake til midlertidig botilbud innen 12 måneder etter at de "
        "flyttet til en bolig, og andelen som fortsatt bor i en bolig 12 måneder etter."
    )
)
returns = pathway_view.returns_table(data.indicator_values("quarter", thresholds), language)
widgets.table(returns, key="forlop_tilbake")
cells = data.breakdown_values("quarter", thresholds)
quarters = pathway_view.return_quarters(cells)
if quarters:
    quarter = st.selectbox(
        t("Målgrupper i kvartalet"),
        quarters,
        format_func=lambda key: indicator_view.period_name(key, language),
        key="forlop_kvartal",
    )
    widgets.table(pathway_view.returns_by_group(cells, quarter, language), key="forlop_grupper")
if thresholds is not None:
    st.caption(suppressed_note)
