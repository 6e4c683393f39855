"""Boligmonitor: the entry script and frame of the app.

Page config, the access gate (ui.access.gate: connection, sign-in, role), the warehouse (built as
the demo municipality on first start), the language, the shared header, and the navigation to the
pages the user's role may see. Every run ends in st.navigation, a refused one too.
"""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from core import formatting as fmt
from core.escaping import markdown_text
from core.formatting import LANGUAGES
from core.i18n import LANGUAGE_NAMES, translate
from core.roles import DEFAULT_PAGE, ROLES, User, pages_for
from core.warehouse_file import WarehouseBusy
from ui import access, cache, data, first_start, widgets
from ui.labels import LANGUAGE_KEY, current_language, t

st.set_page_config(page_title="Boligmonitor", page_icon=":material/home_work:", layout="wide")


def build_demo_on_first_start() -> None:
    """An empty warehouse gets the demo municipality, with a progress bar, before anything else."""
    notice = st.empty()
    with notice.container():
        st.info(
            t("Datavarehuset er tomt. Første gang bygges demokommunen; det tar et par minutter."),
            icon=":material/construction:",
        )
        bar = st.progress(0.0, text=t("Bygger demokommunen første gang …"))
    first_start.ensure_demo(
        cache.db_path(),
        progress=lambda fraction, text: bar.progress(min(max(fraction, 0.0), 1.0), text=text),
        on_wait=lambda: bar.progress(0.0, text=t("Demokommunen bygges i en annen økt. Venter …")),
    )
    notice.empty()
    cache.refresh_data_version()


def sidebar(user: User) -> None:
    """Language, and in local mode the role to look at the app as."""
    language = current_language()
    with st.sidebar:
        st.session_state.setdefault(LANGUAGE_KEY, "nb")
        st.selectbox(t("Språk"), LANGUAGES, format_func=LANGUAGE_NAMES.get, key=LANGUAGE_KEY)
        if user.local:
            st.session_state.setdefault(access.VIEW_AS_KEY, "admin")
            st.selectbox(
                t("Se appen som"),
                ROLES,
                format_func=lambda role: translate(role, language),
                key=access.VIEW_AS_KEY,
                help=t(
                    "Lokal modus gir full tilgang. Velg en rolle for å se appen slik den ser den."
                ),
            )
        name = markdown_text(t(user.name))  # from the identity provider
        st.caption(t("Innlogget som {name} ({role})", name=name, role=t(user.role)))
        if not user.local:
            st.button(t("Logg ut"), icon=":material/logout:", on_click=st.logout)


def navigation(user: User) -> StreamlitPage:
    """The pages the user's role may see, in PAGES' order (figures first, then data).

    One flat list: with sections, Streamlit puts their headings inside the navigation's <ul>
    (axe: list, listitem), which a screen reader then cannot count or walk as a list.
    """
    pages = [
        st.Page(
            spec.path,
            title=t(spec.title),
            icon=spec.icon,
            url_path=spec.url_path,
            default=spec.id == DEFAULT_PAGE,
        )
        for spec in pages_for(user.role)
    ]
    return st.navigation(pages)


def nothing_published() -> None:
    """A replica whose folder holds no snapshot yet: say so (the writer builds and publishes)."""
    st.info(t("Ingen data er publisert ennå."), icon=":material/cloud_off:")


def show(page: StreamlitPage, user: User) -> None:
    """The shared header and banner, then the page (after the demo build on a first start; on
    a replica, nothing until something is published)."""
    if cache.data_version() == 0:
        if cache.replica():
            nothing_published()
            return
        build_demo_on_first_start()
    months = data.loaded_months()
    latest = fmt.month(months[-1], current_language()) if months else None
    widgets.header(data.municipality(), latest)
    if user.local:
        widgets.local_mode_banner()
    page.run()


def refused(verdict: access.Verdict) -> StreamlitPage:
    """A refusal is a page too, the only one and hidden, so every URL shows it.

    app.py ends in st.navigation on every run, refused or not: once it has, Streamlit stops
    running a pages/ file on its own for a URL that names it (its old convention, in force on a
    fresh server until then; each page's own first call is the gate for that window).
    """
    screen = st.Page(
        lambda: access.refusal_screen(verdict),
        title=t(access.REFUSAL_TITLES[verdict.refusal]),
        url_path="refused",
    )
    return st.navigation([screen], position="hidden")


verdict = access.gate()
if verdict.refusal is not None:
    refused(verdict).run()
else:
    data.start_geo_warm_up()
    sidebar(verdict.user)
    page = navigation(verdict.user)
    try:
        show(page, verdict.user)
    except WarehouseBusy as busy:
        busy_text = t("Datavarehuset er opptatt")
        message = f"{busy_text}: {markdown_text(str(busy))}"  # names the file
        st.warning(message, icon=":material/hourglass_top:")
