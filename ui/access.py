"""Who may see what: the roles, the pages, the signed-in user, and the sign-in screens.

The policy (roles, pages, which role sees which page and which figures, how a provider's claims
map to a role) is plain data and pure functions. `current_user`, `require_page_access` and the
screens look at Streamlit. With `[auth]` in secrets.toml users sign in with `st.login` (OIDC) and
get their role from the roles file and the role mapping in Innstillinger; without it the app runs
in local mode: one local user with the role `admin`, and only on a loopback address.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import streamlit as st

from escaping import markdown_text
from ui.labels import t
from warehouse.settings import ROLES as _ROLE_NAMES

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
    """Whether a server address only listens on this machine (unset means every interface)."""
    if not address:
        return False
    if address.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip("[]")).is_loopback
    except ValueError:
        return False


def auth_configured() -> bool:
    """Whether secrets.toml has an `[auth]` section (OIDC sign-in)."""
    return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)


def local_mode_refused() -> bool:
    """Local mode (no sign-in) on an address other machines can reach: the app must not run."""
    return not auth_configured() and not is_loopback(st.get_option("server.address"))


def current_role_mapping() -> RoleMapping:
    """The roles file together with the role mapping an admin keeps in Innstillinger."""
    from ui import data

    stored = role_mapping(data.app_settings()["roller"], t("Innstillinger"))
    return read_roles_file(roles_file()).merged(stored)


def current_user() -> User | None:
    """The user of this session; None when sign-in is configured but nobody is signed in."""
    claims = st.user.to_dict()
    if claims.get("is_logged_in"):
        try:
            mapping = current_role_mapping()
        except RolesFileError as error:
            st.error(markdown_text(str(error)), icon=":material/error:")  # paths and names
            st.stop()
        return signed_in_user(claims, mapping)
    if auth_configured():
        return None
    return local_user(st.session_state.get(VIEW_AS_KEY))


def require_page_access(page_id: str) -> User:
    """Stop the page unless the current user's role may see it (checked on every rerun)."""
    user = current_user()
    if user is None or not may_see(user.role, page_id):
        st.error(t("Du har ikke tilgang til denne siden."), icon=":material/block:")
        if user is not None and user.role is not None:
            page = t(PAGE_BY_ID[page_id].title)
            st.caption(
                t("Rollen din ({role}) gir ikke tilgang til {page}.", role=t(user.role), page=page)
            )
        st.stop()
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
