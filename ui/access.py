"""Who may see and change what: the roles, the pages, the gate every run passes, the writers'
role check, and the screens of a refusal.

The policy (roles, pages, which role sees which page and which figures and makes which change,
how a provider's claims map to a role, which hosts and addresses the app answers to) is plain
data and pure functions. `gate` puts it together for a run, the same for app.py and for each
page file: the connection (local mode only on loopback, only the allowed host names), sign-in,
role, page. `writer` reads the role again at the moment of a change. With `[auth]` in
secrets.toml users sign in with `st.login` (OIDC) and get their role from the roles file and the
role mapping in Innstillinger; without it the app runs in local mode: one local user with the
role `admin`, only on a loopback address and for browsers on this machine.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import streamlit as st

from escaping import markdown_text
from ui.labels import t
from warehouse.settings import ROLES as _ROLE_NAMES
from warehouse.settings import read_settings

Role = Literal["leser", "planlegger", "saksbehandler", "admin"]
ROLES: tuple[Role, ...] = _ROLE_NAMES
ROOT = Path(__file__).resolve().parent.parent
PAGES_DIR = ROOT / "pages"
VIEW_AS_KEY = "vis_som_rolle"
LOCAL_USER_NAME = "lokal bruker"
ROLES_FILE_ENV = "BOLIGMONITOR_ROLES"
DEFAULT_ROLES_FILE = ROOT / "data" / "roller.toml"
DEFAULT_GROUP_CLAIM = "groups"
# The claims a user entry in the role mapping may name, the most stable first.
USER_CLAIMS = ("sub", "oid", "email", "preferred_username")


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


def rank(role: Role | None) -> int:
    """A role's place in the order leser < planlegger < saksbehandler < admin (-1 for none)."""
    return ROLES.index(role) if role in ROLES else -1


def sees_unsuppressed(role: Role | None) -> bool:
    """Whether `role` may see figures below the suppression threshold (staff and admins)."""
    return rank(role) >= rank("saksbehandler")


def sees_dwellings(role: Role | None) -> bool:
    """Whether `role` may see building and dwelling layers on the map (planners and up)."""
    return rank(role) >= rank("planlegger")


@dataclass(frozen=True)
class User:
    """The person using the app: a name to record on loads, a role (None: signed in without
    one), and whether it is local mode."""

    name: str
    role: Role | None
    local: bool = False


def may_see(role: Role | None, page_id: str) -> bool:
    """Whether `role` may open the page `page_id`."""
    return page_id in PAGES_BY_ROLE.get(role, frozenset())


def pages_for(role: Role | None) -> list[PageSpec]:
    """The pages `role` may see, in navigation order."""
    return [page for page in PAGES if may_see(role, page.id)]


def local_user(view_as: str | None = None) -> User:
    """The single local-mode user: an admin, who may look at the app as a lesser role."""
    role = view_as if view_as in ROLES else "admin"
    return User(LOCAL_USER_NAME, role, local=True)


class RolesFileError(ValueError):
    """The roles file cannot be read or names a role that does not exist."""


@dataclass(frozen=True)
class RoleMapping:
    """Who gets which role: users by subject or e-mail, and groups from the provider's claim."""

    users: Mapping[str, Role] = field(default_factory=dict)
    groups: Mapping[str, Role] = field(default_factory=dict)
    group_claim: str = DEFAULT_GROUP_CLAIM

    def merged(self, other: RoleMapping) -> RoleMapping:
        """Both mappings together; where both name someone, the higher role wins."""

        def higher(first: Mapping[str, Role], second: Mapping[str, Role]) -> dict[str, Role]:
            both = dict(first)
            for name, role in second.items():
                if rank(role) > rank(both.get(name)):
                    both[name] = role
            return both

        return RoleMapping(
            higher(self.users, other.users), higher(self.groups, other.groups), self.group_claim
        )


def _folded(mapping: Mapping[str, str]) -> dict[str, Role]:
    return {name.strip().casefold(): role for name, role in mapping.items()}


def role_mapping(document: Mapping[str, object], where: str) -> RoleMapping:
    """A role mapping from a roles file's or the settings' `brukere` and `grupper` tables."""
    problems = []
    tables = {}
    for kind in ("brukere", "grupper"):
        table = document.get(kind, {})
        if not isinstance(table, Mapping):
            problems.append(f"{where}: [{kind}] må være en tabell med navn = rolle.")
            continue
        problems += [
            f"{where}: [{kind}] {name}: ukjent rolle; bruk en av {', '.join(ROLES)}."
            for name, role in table.items()
            if role not in ROLES
        ]
        tables[kind] = table
    claim = document.get("gruppe_claim", DEFAULT_GROUP_CLAIM)
    if not isinstance(claim, str) or not claim:
        problems.append(f"{where}: gruppe_claim må være navnet på et claim, for eksempel groups.")
    if problems:
        raise RolesFileError("\n".join(problems))
    return RoleMapping(_folded(tables["brukere"]), _folded(tables["grupper"]), claim)


def roles_file() -> Path:
    """The roles file: $BOLIGMONITOR_ROLES, else data/roller.toml."""
    return Path(os.environ.get(ROLES_FILE_ENV) or DEFAULT_ROLES_FILE)


def read_roles_file(path: Path) -> RoleMapping:
    """The role mapping in a roles file (TOML); an empty mapping when there is no file."""
    if not path.exists():
        return RoleMapping()
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise RolesFileError(f"{path}: er ikke gyldig TOML ({error}).") from error
    return role_mapping(document, str(path))


def role_for(claims: Mapping[str, object], mapping: RoleMapping) -> Role | None:
    """The highest role the mapping gives this identity, by a user claim or by a group."""
    identities = {
        str(claims[claim]).strip().casefold() for claim in USER_CLAIMS if claims.get(claim)
    }
    groups = claims.get(mapping.group_claim) or []
    if isinstance(groups, str):
        groups = [groups]
    found = [mapping.users[name] for name in identities if name in mapping.users]
    found += [
        mapping.groups[group.casefold()] for group in groups if group.casefold() in mapping.groups
    ]
    return max(found, key=rank, default=None)


def signed_in_user(claims: Mapping[str, object], mapping: RoleMapping) -> User:
    """The user a provider's claims describe: named by e-mail (else subject), with their role."""
    name = str(claims.get("email") or claims.get("preferred_username") or claims.get("sub"))
    return User(name, role_for(claims, mapping))


def is_loopback(address: str | None) -> bool:
    """Whether an address or host name is this machine's own: `localhost` or a loopback IP.

    An unset server address means every interface, so not loopback.
    """
    if not address:
        return False
    if address.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def _one_word(header: str) -> bool:
    """Printable, without spaces: urlsplit would quietly drop tabs and newlines from a header."""
    return header.isprintable() and not any(character.isspace() for character in header)


def host_name(authority: str | None) -> str | None:
    """The host name in a Host header (`name`, `name:port`, `[v6]:port`): lower case, without
    trailing dots; None when the header is missing or is anything but a host and a port."""
    if not authority or not _one_word(authority):
        return None
    try:
        parts = urlsplit(f"//{authority}")
        parts.port  # noqa: B018 - reading the port checks that it is a number in range
    except ValueError:
        return None
    extras = (parts.username, parts.password, parts.path, parts.query, parts.fragment)
    if parts.hostname is None or any(extras):
        return None
    return parts.hostname.rstrip(".") or None


def origin_host(origin: str) -> str | None:
    """The host name of an Origin header (`https://name:port`); None for `null` or anything
    that is not an http(s) origin."""
    if not _one_word(origin):
        return None
    try:
        parts = urlsplit(origin)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or parts.path or parts.query or parts.fragment:
        return None
    return host_name(parts.netloc)


def matches_host(name: str, pattern: str) -> bool:
    """Whether host `name` is `pattern`, or under it for a `*.domain` pattern (not the domain
    itself). A bare `*` matches nothing: the gate always knows its host names."""
    pattern = pattern.strip().lower().rstrip(".")
    if pattern.startswith("*."):
        return name.endswith(pattern[1:]) and len(name) > len(pattern) - 1
    return bool(pattern) and pattern != "*" and name == pattern


def allowed_hosts(redirect_uri: str | None, configured: Sequence[str]) -> tuple[str, ...]:
    """The host names a deployment with sign-in answers to: its redirect_uri's host (users come
    back there from the provider) and those in `server.allowedHosts`."""
    try:
        redirect_host = urlsplit(redirect_uri or "").hostname
    except ValueError:
        redirect_host = None
    return (*([redirect_host.rstrip(".")] if redirect_host else []), *configured)


@dataclass(frozen=True)
class Request:
    """What this session's connection says about where it comes from: the Host and Origin
    headers (None when not sent) and the peer's address (None when on loopback or unknown)."""

    host: str | None
    origin: str | None = None
    peer: str | None = None


def host_allowed(request: Request, *, local: bool, allowed: Sequence[str]) -> bool:
    """Whether the browser asked for a host this app answers to (DNS rebinding gets another):
    in local mode only loopback names; with sign-in only `allowed` (host names, `*.domain`).
    The Origin, when sent, must name an allowed host as well."""
    names = [host_name(request.host)]
    if request.origin is not None:
        names.append(origin_host(request.origin))

    def answers_to(name: str | None) -> bool:
        if name is None:
            return False
        if local:
            return is_loopback(name)
        return any(matches_host(name, pattern) for pattern in allowed)

    return all(answers_to(name) for name in names)


# Why a run is refused, in the order the gate asks.
Refusal = Literal["open_local_mode", "unknown_host", "signed_out", "roles_file", "no_role", "page"]


def connection_refusal(
    request: Request, *, local: bool, server_address: str | None, allowed: Sequence[str]
) -> Refusal | None:
    """Why this connection may not use the app at all, or None. Local mode (no sign-in) runs
    only on a loopback address, for a peer on this machine; every mode only for its hosts."""
    peer_elsewhere = request.peer is not None and not is_loopback(request.peer)
    if local and (not is_loopback(server_address) or peer_elsewhere):
        return "open_local_mode"
    if not host_allowed(request, local=local, allowed=allowed):
        return "unknown_host"
    return None


def user_refusal(user: User | None, page_id: str | None) -> Refusal | None:
    """Why this user may not see the page (or, with no page, the app), or None."""
    if user is None:
        return "signed_out"
    if user.role is None:
        return "no_role"
    if page_id is not None and not may_see(user.role, page_id):
        return "page"
    return None


@dataclass(frozen=True)
class Identity:
    """Who is asking, apart from their role: the provider's claims when signed in, else the
    local user and the role they chose to look at the app as."""

    claims: Mapping[str, object] | None = None
    view_as: str | None = None


def user_for(
    identity: Identity, *, sign_in: bool, mapping: Callable[[], RoleMapping]
) -> User | None:
    """The user `identity` is, with the role `mapping()` gives now; None when sign-in is
    configured and nobody is signed in."""
    if identity.claims is not None:
        return signed_in_user(identity.claims, mapping())
    if sign_in:
        return None
    return local_user(identity.view_as)


# Every change a user can make in the app, and the page that offers it: a role may make a
# change while it may open that page.
Write = Literal["settings", "roles", "targets", "reference", "backup", "snapshot", "restore"]
WRITES: dict[Write, tuple[str, str]] = {
    "settings": ("innstillinger", "lagre innstillinger"),
    "roles": ("innstillinger", "endre rolletildelingen"),
    "targets": ("innstillinger", "lagre målene"),
    "reference": ("innstillinger", "laste inn områder og områdestatistikk"),
    "backup": ("innstillinger", "laste ned sikkerhetskopi"),
    "snapshot": ("last_opp", "laste inn øyeblikksbilder"),
    "restore": ("last_opp", "gjenopprette laster"),
}


def may_write(role: Role | None, write: Write) -> bool:
    """Whether `role` may make the change `write`."""
    return may_see(role, WRITES[write][0])


class WriteRefused(PermissionError):
    """A change the user's role, read again at the moment of writing, does not allow. Nothing
    was written; the message says so."""


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


def role_mapping_from(settings_values: Mapping[str, object]) -> RoleMapping:
    """The roles file (read now) together with the role mapping in the settings given."""
    stored = role_mapping(settings_values["roller"], t("Innstillinger"))
    return read_roles_file(roles_file()).merged(stored)


def current_role_mapping() -> RoleMapping:
    """The roles file together with the role mapping an admin keeps in Innstillinger (cached
    until an admin saves settings: good for showing pages, not for allowing a write)."""
    from ui import data

    return role_mapping_from(data.app_settings())


def role_mapping_now() -> RoleMapping:
    """The roles file and the warehouse's role mapping as they are at this moment, uncached."""
    from ui import data

    return role_mapping_from(read_settings(data.db_path()))


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
    role mapping.
    """
    refusal = this_connection_refusal()
    if refusal is not None:
        return Verdict(None, refusal, page_id)
    from ui import data

    data.prepare_warehouse()
    try:
        user = current_user()
    except RolesFileError as error:
        return Verdict(None, "roles_file", page_id, str(error))
    return Verdict(user, user_refusal(user, page_id), page_id)


def require_page_access(page_id: str) -> User:
    """Every page's first call: the gate for `page_id`; a refusal is shown and the run stops.

    A page file run on its own (Streamlit's old `pages/` folder convention) is refused just as
    through app.py.
    """
    verdict = gate(page_id)
    if verdict.refusal is not None:
        refusal_screen(verdict)
        st.stop()
    return verdict.user


def writer(write: Write, identity: Identity | None = None) -> User:
    """The user making the change `write`, with the role read again now from the roles file and
    the warehouse (never the cache, never the role the session had); WriteRefused when that
    role does not allow it. Every writer in ui/ calls this before it writes.

    `identity` is for a write made outside a script run (a download's data, made on click),
    which cannot see the session: pass the identity taken when the button was drawn.
    """
    identity = identity or current_identity()
    try:
        user = user_for(identity, sign_in=auth_configured(), mapping=role_mapping_now)
    except RolesFileError:
        user = None
    if user is not None and user.local and local_mode_refused():
        user = None
    role = user.role if user is not None else None
    if user is None or not may_write(role, write):
        raise WriteRefused(
            t(
                "Ingenting er lagret: rollen din ({role}) gir ikke lov til å {change}.",
                role=t(role or "ingen rolle"),
                change=t(WRITES[write][1]),
            )
        )
    return user


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
    "open_local_mode": "Boligmonitor starter ikke",
    "unknown_host": "Ukjent adresse",
    "signed_out": "Logg inn",
    "roles_file": "Rollefilen har feil",
    "no_role": "Ingen tilgang ennå",
    "page": "Ingen tilgang",
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
