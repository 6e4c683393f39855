"""Boligprosjekter: the register of housing projects, units per status and year, the projects
on the map, "if everything planned is built", and a site check per project."""

import streamlit as st
from streamlit_folium import st_folium

from core import formatting as fmt
from core.roles import sees_unsuppressed
from ui import data, map_view, portfolio_view, widgets
from ui.access import require_page_access
from ui.labels import current_language, t

CHART_CONFIG = {"displaylogo": False}
ALERTS = {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}

user = require_page_access("boligprosjekter")
language = current_language()
settings = data.geo_settings_in_force()
thresholds = data.thresholds_for(user.role)
may_see_small_counts = sees_unsuppressed(user.role)

st.title(t("Boligprosjekter"))
projects = data.project_places()
if projects.is_empty():
    st.info(
        t("Ingen prosjektregister er lastet opp. Saksbehandlere laster det opp på siden Last opp.")
    )
    st.stop()
st.caption(
    t(
        "Prosjektregisteret gjelder per {date}.",
        date=fmt.day(projects["gjelder_per"][0], language),
    )
)

values = data.indicator_values("month", thresholds)
widgets.kpi_cards(
    portfolio_view.cards(values, "month", language, portfolio_view.PIPELINE_CARDS), per_row=4
)

st.subheader(t("Boliger per status og år"))
widgets.chart(
    portfolio_view.timeline_figure(data.project_timeline(), language),
    title=t("Boliger per status og år"),
    category=t("År"),
    config=CHART_CONFIG,
    key="prosjekter_tidslinje",
)

st.subheader(t("Prosjektregisteret"))
register = portfolio_view.register_table(projects, data.area_names(), language)
widgets.table(register, key="prosjekter_register", height=360)
widgets.download_buttons(register, "boligprosjekter", key="prosjekter_last_ned")
if unplaced := portfolio_view.unplaced_message(projects, language):
    st.warning(unplaced)

months = data.loaded_months()
if not months:
    widgets.nothing_loaded()
    st.stop()
month = st.selectbox(
    t("Måned"),
    list(reversed(months)),
    format_func=lambda choice: fmt.month(choice, language),
    key="prosjekter_maaned",
)
concentration = data.area_concentration(month, settings)
if concentration is None:
    st.info(
        t(
            "Kartet trenger områder (grunnkretser) og boliger for måneden. Last opp områder i "
            "Innstillinger."
        )
    )
    st.stop()

st.subheader(t("Prosjektene på kartet"))
view = data.concentration_map(
    month, "andel", may_see_small_counts=may_see_small_counts, may_see_dwellings=True
)
st_folium(view, key="prosjekter_kart", height=520, use_container_width=True, returned_objects=[])

st.subheader(t("Hvis alt som er planlagt blir bygget"))
st.caption(
    t(
        "Andel, lokasjonskvotient og flagg i hvert område når alle prosjekter som er planlagt, "
        "regulert eller under bygging er ferdige. Områder der et flagg endres står først."
    )
)
built = map_view.everything_built_table(
    data.everything_built(month, settings),
    language,
    settings,
    may_see_small_counts=may_see_small_counts,
)
widgets.table(built, key="prosjekter_alt_bygget", height=360)
widgets.download_buttons(built, f"alt_bygget_{month}", key="prosjekter_alt_bygget_ned")

st.subheader(t("Tomtesjekk per prosjekt"))
choices = portfolio_view.site_check_choices(projects, language)
if not choices:
    st.info(t("Ingen prosjekter i planleggingen har koordinater."))
    st.stop()
chosen = st.selectbox(
    t("Prosjekt"), list(choices), format_func=choices.get, key="prosjekter_tomtesjekk"
)
site = portfolio_view.site_of(projects, chosen)
check = data.site_check(month, (site.lat, site.lon), site.new_municipal, site.new_total, settings)
summary = map_view.site_summary(
    check, site.new_municipal, language, settings, may_see_small_counts=may_see_small_counts
)
with st.container(border=True):
    st.markdown(summary.place)
    ALERTS[summary.level](summary.verdict)
    if summary.figures is not None:
        widgets.table(summary.figures, key="prosjekt_tomtesjekk_tall")
    st.caption(summary.nearby)
