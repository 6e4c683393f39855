"""The gate every page run passes, the writer check of a change made in the app, and the
screens of a refusal: Streamlit's side of core.roles (the policy) and services.access (the
write authorisation).

`gate` puts the policy together for a run, the same for app.py and for each page file: the
connection (local mode only on loopback, only the allowed host names), sign-in, role, page.
`app_writer` hands services what this session knows of who is asking, so that the role is read
again at the moment of a change.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from core.escaping import markdown_text
from core.i18n import N_
from core.roles import (
    PAGE_BY_ID,
    Identity,
    Refusal,
    Request,
    RoleMapping,
    RolesFileError,
    User,
    allowed_hosts,
    connection_refusal,
    is_loopback,
    user_for,
    user_refusal,
)
from services.access import Writer, role_mapping_in
from ui import cache
from ui.labels import current_language, t

VIEW_AS_KEY = "vis_som_rolle"


def auth_configured() -> bool:
    """Whether secrets.toml has an `[auth]` section (OIDC sign-in)."""
    return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)


def redirect_uri() -> str | None:
    """The `redirect_uri` of the `[auth]` section (None without one)."""
    value = st.secrets.get("auth", {}).get("redirect_uri") if auth_configured() else None
    return value if isinstance(value, str) else None


def this_request() -> Request:
    """The Host and Origin headers and the peer address of this session's connection: the one
    place that reads them (AppTest cannot send headers; its tests replace this function)."""
    headers = st.context.headers
    return Request(headers.get("Host"), headers.get("Origin"), st.context.ip_address)


def local_mode_refused() -> bool:
    """Local mode (no sign-in) on an address other machines can reach: the app must not run."""
    return not auth_configured() and not is_loopback(st.get_option("server.address"))


def this_connection_refusal() -> Refusal | None:
    """`connection_refusal` for this session: its request, this server's settings."""
    return connection_refusal(
        this_request(),
        local=not auth_configured(),
        server_address=st.get_option("server.address"),
        allowed=allowed_hosts(redirect_uri(), st.get_option("server.allowedHosts")),
    )


def current_role_mapping() -> RoleMapping:
    """The roles file together with the role mapping an admin keeps in Innstillinger (cached
    until an admin saves settings: good for showing pages, not for allowing a write)."""
    return role_mapping_in(cache.app_settings(), t("Innstillinger"))


def current_identity() -> Identity:
    """Who is asking in this session (see Identity)."""
    claims = st.user.to_dict()
    if claims.get("is_logged_in"):
        return Identity(claims=claims)
    return Identity(view_as=st.session_state.get(VIEW_AS_KEY))


def current_user() -> User | None:
    """The user of this session; None when sign-in is configured but nobody is signed in.

    Raises RolesFileError when the roles file is broken.
    """
    return user_for(current_identity(), sign_in=auth_configured(), mapping=current_role_mapping)


@dataclass(frozen=True)
class Verdict:
    """What the gate decided for a run: why it is refused (None: let in, and `user` is set), the
    user when known, the page asked for, and for a broken roles file what is wrong with it."""

    user: User | None
    refusal: Refusal | None = None
    page_id: str | None = None
    detail: str = ""


def gate(page_id: str | None = None) -> Verdict:
    """The one gate of every run, app.py's and each page's: the connection (local mode on
    loopback only, allowed hosts), then sign-in and role, then the page asked for.

    The warehouse is prepared (once per process) only for a connection let in: it holds the
    role mapping, read at the data version of this moment.
    """
    refusal = this_connection_refusal()
    if refusal is not None:
        return Verdict(None, refusal, page_id)
    cache.prepare_warehouse()
    cache.refresh_data_version()
    try:
        user = current_user()
    except RolesFileError as error:
        return Verdict(None, "roles_file", page_id, str(error))
    return Verdict(user, user_refusal(user, page_id), page_id)


def require_page_access(page_id: str) -> User:
    """Every page's first call: the gate for `page_id`; a refusal is shown and the run stops.

    A page file run on its own (a test, or a server started on the file) is refused just as
    through app.py.
    """
    verdict = gate(page_id)
    if verdict.refusal is not None:
        refusal_screen(verdict)
        st.stop()
    return verdict.user


def app_writer(identity: Identity | None = None) -> Writer:
    """Who asks for a change in this session, as services' write check wants it: the identity
    (default: this session's), whether sign-in is configured, whether local mode runs where it
    must not, and the language to refuse in.

    Pass `identity` for a write made outside a script run (a download's data, made on click),
    which cannot see the session: the identity taken when the button was drawn.
    """
    return Writer(
        "app",
        identity or current_identity(),
        sign_in=auth_configured(),
        local_mode_refused=local_mode_refused(),
        language=current_language(),
    )


def sign_in_screen() -> None:
    """What someone who has not signed in sees: what the app is, and the sign-in button."""
    st.title(t("Logg inn"))
    st.write(
        t(
            "Boligmonitor viser kommunens boligsosiale tall. Logg inn med kontoen din i "
            "kommunen for å se dem."
        )
    )
    if st.button(t("Logg inn"), type="primary", icon=":material/login:"):
        st.login()


def no_access_screen(user: User) -> None:
    """What a signed-in user without a role sees: a polite no, and how to get access."""
    st.title(t("Ingen tilgang ennå"))
    st.info(
        t(
            "Du er logget inn som {name}, men har ingen rolle i Boligmonitor. Be en "
            "administrator i kommunen om tilgang.",
            name=markdown_text(user.name),
        ),
        icon=":material/person_off:",
    )
    st.button(t("Logg ut"), icon=":material/logout:", on_click=st.logout)


def local_mode_refusal() -> None:
    """Local mode on a public address: say why the app does not start, and how to fix it."""
    st.error(
        t(
            "Boligmonitor starter ikke: uten innlogging ([auth] i secrets.toml) skal appen bare "
            'lytte på denne maskinen. Sett server.address = "localhost", eller sett opp '
            "innlogging."
        ),
        icon=":material/gpp_bad:",
    )


def unknown_host_refusal() -> None:
    """A browser that asked for a host name this app does not answer to (the name is not
    repeated: it comes from outside)."""
    st.error(
        t(
            "Boligmonitor svarer ikke på denne adressen. Bruk adressen kommunen har gitt deg, "
            "eller be den som drifter appen legge adressen til i server.allowedHosts."
        ),
        icon=":material/gpp_bad:",
    )


def page_refusal(user: User, page_id: str) -> None:
    """A role that may not see the page asked for."""
    st.error(t("Du har ikke tilgang til denne siden."), icon=":material/block:")
    page = t(PAGE_BY_ID[page_id].title)
    st.caption(t("Rollen din ({role}) gir ikke tilgang til {page}.", role=t(user.role), page=page))


# The title of the one (hidden) page app.py shows instead of the app when it refuses.
REFUSAL_TITLES: dict[Refusal, str] = {
    "open_local_mode": N_("Boligmonitor starter ikke"),
    "unknown_host": N_("Ukjent adresse"),
    "signed_out": N_("Logg inn"),
    "roles_file": N_("Rollefilen har feil"),
    "no_role": N_("Ingen tilgang ennå"),
    "page": N_("Ingen tilgang"),
}


def refusal_screen(verdict: Verdict) -> None:
    """What a refused run shows instead of the app or the page."""
    match verdict.refusal:
        case "open_local_mode":
            local_mode_refusal()
        case "unknown_host":
            unknown_host_refusal()
        case "roles_file":
            st.error(markdown_text(verdict.detail), icon=":material/error:")  # paths and names
        case "no_role" if verdict.user is not None:
            no_access_screen(verdict.user)
        case "page" if verdict.user is not None and verdict.page_id is not None:
            page_refusal(verdict.user, verdict.page_id)
        case _:  # signed out
            sign_in_screen()
