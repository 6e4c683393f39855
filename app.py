"""Boligmonitor: the entry script and frame of the app.

Page config, the access gate (ui.access.gate: connection, sign-in, role), the warehouse (built as
the demo municipality on first start when the demo setting asks for it), the language, the shared
header and banners, and the navigation to the pages the user's role may see: an admin of an
empty warehouse opens on the setup guide. Every run ends in st.navigation, a refused one too.
"""

from __future__ import annotations

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from core import formatting as fmt
from core.escaping import markdown_text
from core.formatting import LANGUAGES
from core.i18n import LANGUAGE_NAMES, translate
from core.roles import (
    DEFAULT_PAGE,
    FRONT_DOOR,
    PAGE_BY_ID,
    PAGES,
    ROLES,
    SETUP_PAGE,
    User,
    may_see,
    pages_for,
)
from core.warehouse_file import WarehouseBusy
from ui import access, cache, data, first_start, turns, widgets
from ui.labels import LANGUAGE_KEY, current_language, t

st.set_page_config(page_title="Boligmonitor", page_icon=":material/home_work:", layout="wide")


def build_demo_on_first_start() -> None:
    """With the demo setting, an empty warehouse gets the demo municipality, with a progress
    bar, before anything else."""
    if cache.replica() or cache.data_version() != 0 or not first_start.demo_due(cache.db_path()):
        return
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
    cache.changed_here()


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


def opens_on_setup(user: User) -> bool:
    """An admin opens a warehouse that is not the demo and has no month yet on the setup guide."""
    if cache.replica() or not may_see(user.role, SETUP_PAGE):
        return False
    return not data.loaded_months() and not data.is_demo()


def navigation(user: User, first_page: str) -> StreamlitPage:
    """The pages the user's role may see, in PAGES' order, with `first_page` also at /.

    Every page keeps its own URL (/overview too), so a link or bookmark to any page works as the
    first request, whichever page the app opens on: Streamlit serves its default page only at /
    and answers that page's own URL with "Page not found". The default is therefore a hidden
    front door at / that runs `first_page`'s script. (Not st.switch_page to it: a role chosen
    in the sidebar would be lost on the way.)

    One flat list: with sections, Streamlit puts their headings inside the navigation's <ul>
    (axe: list, listitem), which a screen reader then cannot count or walk as a list. Expanded:
    Streamlit otherwise shows ten pages and hides the rest of an admin's behind "View more".
    """
    first = PAGE_BY_ID[first_page]
    front_door = st.Page(
        first.path,
        title=t(first.title),
        icon=first.icon,
        url_path=FRONT_DOOR,
        default=True,
        visibility="hidden",
    )
    pages = [
        st.Page(spec.path, title=t(spec.title), icon=spec.icon, url_path=spec.url_path)
        for spec in pages_for(user.role)
    ]
    return st.navigation([front_door, *pages], expanded=True)


def nothing_published() -> None:
    """A replica whose folder holds no snapshot yet: say so (the writer builds and publishes)."""
    st.info(t("Ingen data er publisert ennå."), icon=":material/cloud_off:")


def show(page: StreamlitPage, user: User) -> None:
    """The shared header and banners, then the page (on a replica, nothing until something is
    published)."""
    if cache.replica() and cache.data_version() == 0:
        nothing_published()
        return
    months = data.loaded_months()
    latest = fmt.month(months[-1], current_language()) if months else None
    widgets.header(data.municipality(), latest)
    if data.is_demo():
        widgets.demo_banner()
    if user.local:
        widgets.local_mode_banner()
    page.run()


def busy(error: WarehouseBusy) -> None:
    """Another process holds the warehouse: say so (the message names the file)."""
    busy_text = t("Datavarehuset er opptatt")
    message = f"{busy_text}: {markdown_text(str(error))}"
    st.warning(message, icon=":material/hourglass_top:")


def refused(verdict: access.Verdict) -> StreamlitPage:
    """A refusal is a page too, hidden, and it answers at every page's URL as well as at the
    front page: a link to /map shows the refusal, not Streamlit's "Page not found".

    app.py ends in st.navigation on every run, refused or not, so no URL reaches a page file.
    """
    title = t(access.REFUSAL_TITLES[verdict.refusal])
    screens = [
        st.Page(
            lambda: access.refusal_screen(verdict),
            title=title,
            url_path=url_path,
            default=url_path == FRONT_DOOR,
        )
        for url_path in (FRONT_DOOR, *(spec.url_path for spec in PAGES))
    ]
    return st.navigation(screens, position="hidden")


cache.warm_new_versions_with(data.warm_up_version)


def run(verdict: access.Verdict) -> None:
    """The page the gate's verdict leads to, with the sidebar and the shared header."""
    if verdict.refusal is not None:
        refused(verdict).run()
        return
    data.start_geo_warm_up()
    sidebar(verdict.user)
    first_page = DEFAULT_PAGE
    try:
        build_demo_on_first_start()
        if opens_on_setup(verdict.user):
            first_page = SETUP_PAGE
    except WarehouseBusy as error:
        busy(error)
    except cache.VersionMoved:
        cache.run_again_on_the_newest_version()
    page = navigation(verdict.user, first_page)
    try:
        show(page, verdict.user)
    except WarehouseBusy as error:
        busy(error)
    except cache.VersionMoved:
        cache.run_again_on_the_newest_version()


with turns.TURNS_OF_THIS_PROCESS.turn():
    run(access.gate())
