"""Boligmasse: the portfolio over time, dwellings in and out, vacancy, and the leased private
portfolio with its landlords and leases ending."""

import streamlit as st

from core import formatting as fmt
from core.roles import sees_dwellings, sees_unsuppressed
from ui import data, indicator_view, portfolio_view, widgets
from ui.access import require_page_access
from ui.labels import current_language, t

CHART_CONFIG = {"displaylogo": False}

user = require_page_access("boligmasse")
language = current_language()
thresholds = data.thresholds_for(user.role)

st.title(t("Boligmasse"))
months = data.loaded_months()
if not months:
    widgets.nothing_loaded()
    st.stop()
period_types = {name: t(label) for name, label in indicator_view.PERIOD_TYPES.items()}
period = st.radio(
    t("Vis per"),
    ["month", "quarter"],
    index=1,
    format_func=period_types.get,
    horizontal=True,
    key="boligmasse_periode",
)
values = data.indicator_values(period, thresholds)
breakdowns = data.portfolio_breakdowns(period)
if message := portfolio_view.missing_message(breakdowns.missing, language):
    st.warning(message, icon=":material/info:")

widgets.kpi_cards(
    portfolio_view.cards(values, period, language, portfolio_view.PORTFOLIO_CARDS), per_row=5
)
if thresholds is not None:
    st.caption(t("Små tall er prikket og vises som «:» (se Om tallene)."))

st.subheader(t("Inn og ut av boligmassen"))
flows = portfolio_view.flows_table(values, language)
widgets.table(flows, key="boligmasse_strommer", height=320)
widgets.download_buttons(flows, f"boligmasse_strommer_{period}", key="boligmasse_strommer_ned")

st.subheader(t("Innleieavtaler som utløper"))
widgets.table(portfolio_view.lease_counts_table(values, language), key="boligmasse_utloper")
if sees_unsuppressed(user.role):
    month = st.selectbox(
        t("Måned"),
        list(reversed(months)),
        format_func=lambda choice: fmt.month(choice, language),
        key="boligmasse_maaned",
    )
    leases = portfolio_view.lease_table(data.lease_list(month), data.area_names(), language)
    widgets.table(leases, key="boligmasse_leieavtaler", height=320)
    widgets.download_buttons(leases, f"innleie_utloper_{month}", key="boligmasse_leie_ned")

if sees_dwellings(user.role):
    st.subheader(t("Boligmassen etter eierform og boligtype"))
    widgets.chart(
        portfolio_view.by_ownership_figure(breakdowns.by_type, language),
        title=t("Boligmassen etter eierform og boligtype"),
        category=t("Periode"),
        config=CHART_CONFIG,
        key="boligmasse_eierform",
    )
    by_type = portfolio_view.by_type_table(breakdowns.by_type, language)
    widgets.table(by_type, key="boligmasse_type")
    st.subheader(t("Ledige boliger etter eierform"))
    widgets.table(portfolio_view.vacancy_table(breakdowns.vacancy, language), key="ledige_eierform")
else:
    st.caption(
        t(
            "Fordelingen etter eierform og boligtype vises for planleggere og saksbehandlere; "
            "her vises de prikkede tallene for hele kommunen."
        )
    )
