"""Who may see what: the roles, the pages, and the signed-in user.

The policy (roles, pages, which role sees which page) is plain data and pure functions. Only
`current_user` and `require_page_access` look at Streamlit. Sign-in with `st.login` comes in a
later issue and plugs into `current_user`; until then, without `[auth]` in secrets.toml, the app
runs in local mode: one local user with the role `admin`, bound to localhost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import streamlit as st

from ui.labels import t

Role = Literal["leser", "planlegger", "saksbehandler", "admin"]
ROLES: tuple[Role, ...] = ("leser", "planlegger", "saksbehandler", "admin")
PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"
VIEW_AS_KEY = "vis_som_rolle"
LOCAL_USER_NAME = "lokal bruker"


@dataclass(frozen=True)
class PageSpec:
    """One page of the app: id (= file name in pages/), title (bokmål), icon, section, URL.

    The URL path is the English title, the same in both languages. It must differ from the
    file's name: Streamlit still knows the old `pages/` folder convention, and a URL that names
    a file there would run that page on its own, without app.py's frame, on a fresh server.
    """

    id: str
    title: str
    icon: str
    section: str
    url_path: str

    @property
    def path(self) -> Path:
        return PAGES_DIR / f"{self.id}.py"


# In the order the navigation shows them.
_FIGURES = "Tall og rapporter"
PAGES: tuple[PageSpec, ...] = (
    PageSpec("oversikt", "Oversikt", ":material/dashboard:", _FIGURES, "overview"),
    PageSpec("indikatorer", "Indikatorer", ":material/monitoring:", _FIGURES, "indicators"),
    PageSpec("kart", "Kart", ":material/map:", _FIGURES, "map"),
    PageSpec(
        "kvartalsrapport",
        "Kvartalsrapport",
        ":material/description:",
        _FIGURES,
        "quarterly-report",
    ),
    PageSpec("om_tallene", "Om tallene", ":material/info:", _FIGURES, "about-the-figures"),
    PageSpec("last_opp", "Last opp", ":material/upload_file:", "Data", "upload"),
    PageSpec("datakvalitet", "Datakvalitet", ":material/fact_check:", "Data", "data-quality"),
    PageSpec("innstillinger", "Innstillinger", ":material/settings:", "Data", "settings"),
)
PAGE_BY_ID = {page.id: page for page in PAGES}
DEFAULT_PAGE = "oversikt"

# Each role sees what the role before it sees, and more.
_READER = ("oversikt", "indikatorer", "kvartalsrapport", "om_tallene")
_PLANNER = (*_READER, "kart")
_CASEWORKER = (*_PLANNER, "last_opp", "datakvalitet")
_ADMIN = (*_CASEWORKER, "innstillinger")
PAGES_BY_ROLE: dict[Role, frozenset[str]] = {
    "leser": frozenset(_READER),
    "planlegger": frozenset(_PLANNER),
    "saksbehandler": frozenset(_CASEWORKER),
    "admin": frozenset(_ADMIN),
}


@dataclass(frozen=True)
class User:
    """The person using the app: a name to record on loads, a role, and whether it is local mode."""

    name: str
    role: Role
    local: bool = False


def may_see(role: Role, page_id: str) -> bool:
    """Whether `role` may open the page `page_id`."""
    return page_id in PAGES_BY_ROLE.get(role, frozenset())


def pages_for(role: Role) -> list[PageSpec]:
    """The pages `role` may see, in navigation order."""
    return [page for page in PAGES if may_see(role, page.id)]


def local_user(view_as: str | None = None) -> User:
    """The single local-mode user: an admin, who may look at the app as a lesser role."""
    role = view_as if view_as in ROLES else "admin"
    return User(LOCAL_USER_NAME, role, local=True)


def auth_configured() -> bool:
    """Whether secrets.toml has an `[auth]` section (OIDC sign-in)."""
    return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)


def current_user() -> User | None:
    """The user of this session; None when sign-in is configured but nobody is signed in."""
    if not auth_configured():
        return local_user(st.session_state.get(VIEW_AS_KEY))
    return None


def require_page_access(page_id: str) -> User:
    """Stop the page unless the current user's role may see it (checked on every rerun)."""
    user = current_user()
    if user is None or not may_see(user.role, page_id):
        st.error(t("Du har ikke tilgang til denne siden."), icon=":material/block:")
        if user is not None:
            page = t(PAGE_BY_ID[page_id].title)
            st.caption(
                t("Rollen din ({role}) gir ikke tilgang til {page}.", role=t(user.role), page=page)
            )
        st.stop()
    return user
