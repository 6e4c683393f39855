"""Who may see and change what: roles, pages, the role mapping, the host rules, the writes.

Plain data and pure functions, shared by every layer: `ui.access` puts them together for a
page run (the gate), `services.access` for a change (the role read again at the moment of
writing, through whichever door). With `[auth]` in secrets.toml users sign in (OIDC) and get
their role from the roles file and the role mapping in Innstillinger; without it the app runs
in local mode: one local user with the role `admin`, only on a loopback address and for
browsers on this machine.
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

from core.i18n import N_

Role = Literal["leser", "planlegger", "saksbehandler", "admin"]
# The roles in rank order, their names in bokmål (translated where shown).
ROLES: tuple[Role, ...] = (N_("leser"), N_("planlegger"), N_("saksbehandler"), N_("admin"))
ROOT = Path(__file__).resolve().parent.parent
PAGES_DIR = ROOT / "app_pages"
LOCAL_USER_NAME = N_("lokal bruker")
ROLES_FILE_ENV = "BOLIGMONITOR_ROLES"
DEFAULT_ROLES_FILE = ROOT / "data" / "roller.toml"
DEFAULT_GROUP_CLAIM = "groups"
# The claims a user entry in the role mapping may name, the most stable first.
USER_CLAIMS = ("sub", "oid", "email", "preferred_username")


@dataclass(frozen=True)
class PageSpec:
    """One page of the app: id (= file name in app_pages/), title (bokmål), icon, section, URL.

    The URL path is the English title, the same in both languages. The files are not in a
    folder called `pages/`: next to the entry script, that name switches on Streamlit's older
    pages-folder convention for a fresh server's first run, which knows only the files' names,
    says "Page not found" for every other URL, and would run a file named in the URL on its
    own, without app.py's frame.
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
_FIGURES = N_("Tall og rapporter")
_DATA = N_("Data")
PAGES: tuple[PageSpec, ...] = (
    PageSpec("oversikt", N_("Oversikt"), ":material/dashboard:", _FIGURES, "overview"),
    PageSpec("indikatorer", N_("Indikatorer"), ":material/monitoring:", _FIGURES, "indicators"),
    PageSpec("kart", N_("Kart"), ":material/map:", _FIGURES, "map"),
    PageSpec(
        "kvartalsrapport",
        N_("Kvartalsrapport"),
        ":material/description:",
        _FIGURES,
        "quarterly-report",
    ),
    PageSpec("boligmasse", N_("Boligmasse"), ":material/apartment:", _FIGURES, "housing-stock"),
    PageSpec(
        "boligprosjekter",
        N_("Boligprosjekter"),
        ":material/construction:",
        _FIGURES,
        "housing-projects",
    ),
    PageSpec(
        "sammenligning", N_("Sammenligning"), ":material/compare_arrows:", _FIGURES, "comparison"
    ),
    PageSpec("forlop", N_("Forløp"), ":material/route:", _FIGURES, "pathways"),
    PageSpec("oppsett", N_("Kom i gang"), ":material/checklist:", _DATA, "setup"),
    PageSpec("om_tallene", N_("Om tallene"), ":material/info:", _FIGURES, "about-the-figures"),
    PageSpec("last_opp", N_("Last opp"), ":material/upload_file:", _DATA, "upload"),
    PageSpec("datakvalitet", N_("Datakvalitet"), ":material/fact_check:", _DATA, "data-quality"),
    PageSpec("kostra_utkast", N_("KOSTRA-utkast"), ":material/assignment:", _DATA, "kostra-draft"),
    PageSpec("innstillinger", N_("Innstillinger"), ":material/settings:", _DATA, "settings"),
)
PAGE_BY_ID = {page.id: page for page in PAGES}
DEFAULT_PAGE = "oversikt"
SETUP_PAGE = "oppsett"  # where an admin opens a warehouse that is not set up yet
FRONT_DOOR = "start"  # the URL path of / (the app's hidden default), which shows a page

# Each role sees what the role before it sees, and more.
_READER = (
    "oversikt",
    "indikatorer",
    "kvartalsrapport",
    "om_tallene",
    "sammenligning",
    "boligmasse",
    "forlop",  # for everyone: who does not see small counts sees them suppressed there too
)
_PLANNER = (*_READER, "kart", "boligprosjekter")
_CASEWORKER = (*_PLANNER, "last_opp", "datakvalitet", "kostra_utkast")
_ADMIN = (*_CASEWORKER, "innstillinger", "oppsett")
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
Write = Literal[
    "settings",
    "roles",
    "targets",
    "reference",
    "backup",
    "snapshot",
    "restore",
    "kostra",
    "projects",
    "living_conditions",
]
WRITES: dict[Write, tuple[str, str]] = {
    "settings": ("innstillinger", N_("lagre innstillinger")),
    "roles": ("innstillinger", N_("endre rolletildelingen")),
    "targets": ("innstillinger", N_("lagre målene")),
    "reference": ("innstillinger", N_("laste inn områder og områdestatistikk")),
    "backup": ("innstillinger", N_("laste ned sikkerhetskopi")),
    "snapshot": ("last_opp", N_("laste inn øyeblikksbilder")),
    "restore": ("last_opp", N_("gjenopprette laster")),
    "projects": ("last_opp", N_("laste inn prosjektregisteret")),
    "kostra": ("last_opp", N_("laste inn KOSTRA-tabeller")),
    "living_conditions": ("last_opp", N_("laste inn levekår og BrukerPlan-tall")),
}


def may_write(role: Role | None, write: Write) -> bool:
    """Whether `role` may make the change `write`."""
    return may_see(role, WRITES[write][0])


class WriteRefused(PermissionError):
    """A change the user's role, read again at the moment of writing, does not allow. Nothing
    was written; the message says so."""
