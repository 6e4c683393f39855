"""Oversikt: the latest quarter at a glance, a card per key indicator of the action plan."""

import streamlit as st

from ui import data, indicator_view, widgets
from ui.access import require_page_access
from ui.labels import current_language, t

user = require_page_access("oversikt")
language = current_language()
thresholds = data.thresholds_for(user.role)

st.title(t("Oversikt"))
values = data.indicator_values("quarter", thresholds)
latest = indicator_view.latest_period(values)
if latest is None:
    widgets.nothing_loaded()
    st.stop()

st.caption(
    t(
        "Siste kvartal, {quarter}, mot målene i handlingsplanen. Pilene viser endringen; blått "
        "er bedre, oransje dårligere.",
        quarter=indicator_view.period_name(latest, language),
    )
)
widgets.kpi_cards(data.overview_cards(thresholds, language))
if thresholds is not None:
    st.caption(t("Små tall er prikket og vises som «:» (se Om tallene)."))
