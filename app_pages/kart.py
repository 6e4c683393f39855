"""Kart: where municipal dwellings are concentrated, what is flagged, and what a new site does."""

import streamlit as st
from streamlit_folium import st_folium

from core import formatting as fmt
from core.escaping import markdown_text
from core.roles import sees_dwellings, sees_unsuppressed
from ui import data, living_conditions_view, map_view, widgets
from ui.access import require_page_access
from ui.labels import current_language, t

MONTH_KEY = "kart_maaned"
MEASURE_KEY = "kart_maal"
MAP_KEY = "kart_kart"
LAT_KEY = "kart_tomt_lat"
LON_KEY = "kart_tomt_lon"
NEW_KEY = "kart_tomt_antall"
PURCHASE_KEY = "kart_tomt_kjop"
LAST_CLICK_KEY = "kart_siste_klikk"
MODE_KEY = "kart_modus"
INDICATOR_KEY = "kart_levekar_indikator"
YEAR_KEY = "kart_levekar_aar"
BIVARIATE_KEY = "kart_levekar_visning"
LEVEKAR_MAP_KEY = "kart_levekar_kart"
MODES = {"konsentrasjon": "Konsentrasjon", "levekar": "Levekår"}
VIEWS = {"bivariat": "Bivariat kart", "indikator": "Ett tall"}
ALERTS = {"success": st.success, "info": st.info, "warning": st.warning, "error": st.error}

user = require_page_access("kart")
language = current_language()
settings = data.geo_settings_in_force()
may_see_small_counts = sees_unsuppressed(user.role)
may_see_dwellings = sees_dwellings(user.role)

st.title(t("Kart"))
st.caption(
    t(
        "Hvor de kommunale boligene ligger, målt mot alle boliger i hver grunnkrets. Områder "
        "og bygninger med opphopning flagges, og tomtesjekken viser hva nye kommunale boliger "
        "gjør med området."
    )
)
months = data.loaded_months()
if not months:
    widgets.nothing_loaded()
    st.stop()

survey = data.survey()
mode = st.radio(
    t("Visning"),
    list(MODES),
    format_func=lambda choice: t(MODES[choice]),
    horizontal=True,
    key=MODE_KEY,
)
month_column, measure_column = st.columns(2)
month = month_column.selectbox(
    t("Måned"),
    list(reversed(months)),
    format_func=lambda choice: fmt.month(choice, language),
    key=MONTH_KEY,
)
if mode == "konsentrasjon":
    measure = measure_column.radio(
        t("Fargelegg etter"),
        list(map_view.MEASURES),
        format_func=lambda choice: t(map_view.MEASURES[choice]),
        horizontal=True,
        key=MEASURE_KEY,
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


def living_conditions() -> None:
    """The Levekår mode: one indicator, or share × living conditions with the double burden
    first and whether the two cluster together across the municipality."""
    if survey is None:
        st.info(
            t(
                "Ingen levekårsundersøkelse er lastet opp. En saksbehandler eller administratoren "
                "laster den opp under Last opp."
            )
        )
        return
    if survey.undirected:
        st.caption(
            t(
                "For disse indikatorene har ingen sagt om et høyt tall er dårlig, så de kan "
                "ikke tegnes før administratoren velger det i Innstillinger: {names}.",
                names=markdown_text(", ".join(survey.undirected)),
            )
        )
    if not survey.drawable:
        return
    indicator_column, year_column, view_column = st.columns(3)
    indicator = indicator_column.selectbox(
        t("Indikator"),
        survey.drawable,
        # Options are plain text (not markdown), so the survey's names show as written.
        format_func=lambda choice: survey.name(choice, language),
        key=INDICATOR_KEY,
    )
    year = year_column.selectbox(t("År"), survey.years, key=YEAR_KEY)
    view = view_column.radio(
        t("Kart"), list(VIEWS), format_func=lambda choice: t(VIEWS[choice]), key=BIVARIATE_KEY
    )
    compared = data.levekar_comparison(month, indicator, year)
    if compared is None:
        st.info(t("Kartet trenger områder (grunnkretser) og boliger for måneden."))
        return
    if compared.level == "delomrade":
        st.caption(
            t(
                "Levekårsundersøkelsen er på delområder, så de kommunale boligene er summert "
                "til delområder for sammenligningen."
            )
        )
    st_folium(
        data.levekar_map(
            month,
            indicator,
            year,
            bivariate=view == "bivariat",
            may_see_small_counts=may_see_small_counts,
        ),
        key=LEVEKAR_MAP_KEY,
        height=560,
        use_container_width=True,
        returned_objects=[],
    )
    name = survey.name(indicator, language)
    table, _ = data.levekar_viewer_table(month, indicator, year, may_see_small_counts)
    st.subheader(t("Dobbel belastning"))
    st.caption(
        t(
            "Høy andel kommunale boliger (øverste tredel eller flagget for opphopning) og "
            "dårlige levekår (øverste tredel) står først. Klassene er tredeler av områdene med "
            "begge tall: 3 er høyest andel og dårligst levekår."
        )
    )
    widgets.table(
        living_conditions_view.burden_table(table, name, survey.unit(indicator), language),
        key="dobbel_belastning",
    )
    st.subheader(t("Samvariasjon i rommet"))
    association, local = data.levekar_association(month, indicator, year)
    st.markdown(association.words(language, t))
    drivers = living_conditions_view.driver_names(local, table)
    if drivers:
        st.markdown(
            t(
                "Områdene som bærer mønsteret (høyt på begge, sammen med naboene): {areas}.",
                areas=markdown_text(", ".join(drivers)),
            )
        )
    st.caption(
        t(
            "Lee's L svarer på om de to ligger samlet i de samme delene av kommunen, ikke på om "
            "det ene skyldes det andre."
        )
    )


if mode == "levekar":
    living_conditions()
    st.stop()


@widgets.fragment
def map_and_site_check() -> None:
    """The map and the site check: a click on the map reruns only this part of the page."""
    map_column, check_column = st.columns([2, 1], gap="medium")
    with map_column:
        view = data.concentration_map(
            month,
            measure,
            may_see_small_counts=may_see_small_counts,
            may_see_dwellings=may_see_dwellings,
        )
        returned = st_folium(
            view,
            key=MAP_KEY,
            height=560,
            use_container_width=True,
            returned_objects=["last_clicked"],
        )
    clicked = map_view.clicked_point(returned)
    if clicked is not None and clicked != st.session_state.get(LAST_CLICK_KEY):
        st.session_state[LAST_CLICK_KEY] = clicked
        st.session_state[LAT_KEY], st.session_state[LON_KEY] = clicked
    with check_column, st.container(border=True):
        st.subheader(t("Tomtesjekk"))
        st.caption(t("Klikk på kartet eller skriv inn koordinater (WGS84)."))
        lat_column, lon_column = st.columns(2)
        lat = lat_column.number_input(
            t("Breddegrad"), min_value=-90.0, max_value=90.0, value=None, format="%.5f", key=LAT_KEY
        )
        lon = lon_column.number_input(
            t("Lengdegrad"),
            min_value=-180.0,
            max_value=180.0,
            value=None,
            format="%.5f",
            key=LON_KEY,
        )
        new_municipal = st.number_input(
            t("Nye kommunale boliger"), min_value=1, max_value=500, value=10, key=NEW_KEY
        )
        purchase = st.checkbox(
            t("Kommunen kjøper eksisterende boliger (ikke nybygg)"), key=PURCHASE_KEY
        )
        if lat is None or lon is None:
            st.info(t("Velg et punkt for å se virkningen."))
            return
        check = data.site_check(month, (lat, lon), new_municipal, 0 if purchase else None, settings)
        summary = map_view.site_summary(
            check, new_municipal, language, settings, may_see_small_counts=may_see_small_counts
        )
        st.markdown(summary.place)
        ALERTS[summary.level](summary.verdict)
        living = data.site_living_conditions(month, check.grunnkrets if check else None, language)
        if living is not None:
            st.markdown(markdown_text(living))
        if summary.figures is not None:
            widgets.table(summary.figures, key="tomtesjekk")
        st.caption(summary.nearby)


map_and_site_check()

st.subheader(t("Flaggede områder"))
st.caption(
    t(
        "Et område flagges over terskel når andelen kommunale boliger er minst {factor} × "
        "kommunens, med minst {minimum} kommunale boliger, og avviket er statistisk sikkert. "
        "Det flagges som klynge når det og nabolagene sammen har høy andel (Local Moran's I).",
        factor=fmt.number(settings.factor, 1, language),
        minimum=settings.min_dwellings,
    )
)
areas = map_view.flagged_areas_table(
    concentration, language, settings, may_see_small_counts=may_see_small_counts
)
if areas.is_empty():
    st.success(t("Ingen områder er flagget i {month}.", month=fmt.month(month, language)))
else:
    widgets.table(areas, key="flaggede_omrader")

if may_see_dwellings:
    st.subheader(t("Flaggede bygninger"))
    buildings = map_view.flagged_buildings_table(
        data.flagged_buildings(month, settings), language, settings
    )
    if buildings.is_empty():
        st.success(t("Ingen bygninger er flagget i {month}.", month=fmt.month(month, language)))
    else:
        widgets.table(buildings, key="flaggede_bygninger")

st.subheader(t("Segregering over tid"))
st.caption(
    t(
        "Ulikhetsindeksen (D) er andelen kommunale boliger som måtte flyttet for at alle "
        "områder skulle hatt kommunens andel: 0 betyr spredt som andre boliger, 1 helt atskilt. "
        "Den justerte isolasjonsindeksen måler hvor mye oftere en kommunal bolig har kommunale "
        "naboer i sitt område enn om boligene var jevnt fordelt: 0 er jevnt, 1 helt atskilt."
    )
)
segregation = data.segregation()
if segregation is not None:
    widgets.chart(
        map_view.segregation_chart(segregation, language),
        title=t("Segregering over tid"),
        category=t("Måned"),
        width="stretch",
        config={"displayModeBar": False},
        key="segregering",
    )
