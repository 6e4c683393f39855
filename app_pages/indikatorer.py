"""Indikatorer: one indicator over time against its target, its breakdowns, and the table."""

import streamlit as st

from ui import charts, data, indicator_view, widgets
from ui.access import require_page_access
from ui.labels import current_language, t

CHART_CONFIG = {"displaylogo": False}
INDICATOR_KEY = "indikator"  # also the query parameter the Oversikt cards link with

user = require_page_access("indikatorer")
language = current_language()
thresholds = data.thresholds_for(user.role)

st.title(t("Indikatorer"))
if not data.loaded_months():
    widgets.nothing_loaded()
    st.stop()
choice, period_choice, measure_choice = st.columns([3, 2, 2])
names = indicator_view.indicator_names(language)
if st.query_params.get(INDICATOR_KEY) in names:  # a card on Oversikt links here
    st.session_state[INDICATOR_KEY] = st.query_params.pop(INDICATOR_KEY)
indicator_id = choice.selectbox(
    t("Indikator"), list(names), format_func=names.get, key=INDICATOR_KEY
)
entry = indicator_view.indicator(indicator_id)
period_types = {name: t(label) for name, label in indicator_view.PERIOD_TYPES.items()}
period = period_choice.radio(
    t("Vis per"),
    list(period_types),
    index=1,
    format_func=period_types.get,
    horizontal=True,
    key="periodetype",
)
measure = "verdi"
if indicator_view.has_count_and_share(entry):
    measures = {name: t(label) for name, label in indicator_view.MEASURES.items()}
    measure = measure_choice.radio(
        t("Vis som"),
        list(measures),
        format_func=measures.get,
        horizontal=True,
        key="maal",
    )

st.markdown(indicator_view.definition(entry, language))
with st.popover(t("Om indikatoren"), icon=":material/help:"):
    st.markdown(f"**{indicator_view.title(entry, language)}**")
    st.markdown(indicator_view.definition(entry, language))
    st.caption(indicator_view.facts(entry, language))

trend, table = data.indicator_trend(indicator_id, period, measure, thresholds, language)
unit = indicator_view.unit_shown(entry, measure)
widgets.chart(
    trend,
    title=names[indicator_id],
    category=t("Periode"),
    config=CHART_CONFIG,
    key="indikator_trend",
)
if thresholds is not None:
    st.caption(t("Små tall er prikket og vises som «:» (se Om tallene)."))

widgets.table(table, key="indikator_tabell", height=360)
widgets.download_buttons(table, f"{entry.id}_{period}", key="indikator_last_ned")


@widgets.fragment
def breakdown_section(entry, period, measure, thresholds, unit) -> None:
    """The breakdown: its own widgets rerun only this part of the page (a fragment)."""
    breakdowns = indicator_view.breakdown_options(entry)
    if not breakdowns:
        return
    st.subheader(t("Fordeling"))
    by_choice, period_of_choice = st.columns([3, 2])
    breakdown_names = {name: t(indicator_view.BREAKDOWNS[name]) for name in breakdowns}
    breakdown = by_choice.radio(
        t("Fordelt på"),
        list(breakdown_names),
        format_func=breakdown_names.get,
        horizontal=True,
        key="inndeling",
    )
    cells_all = data.breakdown_values(period, thresholds)
    periods = {
        name: indicator_view.period_name(name, language)
        for name in indicator_view.breakdown_periods(cells_all, entry)
    }
    periode = period_of_choice.selectbox(
        t("Periode"),
        list(periods),
        format_func=periods.get,
        key="fordeling_periode",
    )
    cells = indicator_view.breakdown_cells(cells_all, entry, breakdown, periode, period, measure)
    widgets.chart(
        charts.breakdown_figure(
            cells, indicator_view.breakdown_names(cells, language), unit, language=language
        ),
        title=f"{names[indicator_id]} · {breakdown_names[breakdown]} · {periods[periode]}",
        category=breakdown_names[breakdown],
        config=CHART_CONFIG,
        key="fordeling_figur",
    )
    breakdown_table = indicator_view.breakdown_table(cells, unit, language)
    widgets.table(breakdown_table, key="fordeling_tabell")
    widgets.download_buttons(
        breakdown_table, f"{entry.id}_{breakdown}_{periode}", key="fordeling_last_ned"
    )


breakdown_section(entry, period, measure, thresholds, unit)
