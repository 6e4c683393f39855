"""Roles and pages, the hosts and addresses the app answers to, and who may make which change."""

import pytest

from core.roles import (
    PAGES,
    PAGES_DIR,
    ROLES,
    WRITES,
    Identity,
    Request,
    RoleMapping,
    User,
    allowed_hosts,
    connection_refusal,
    host_allowed,
    host_name,
    local_user,
    may_see,
    may_write,
    pages_for,
    user_for,
    user_refusal,
)


def ids(role):
    return [page.id for page in pages_for(role)]


def test_a_council_member_sees_the_figures_and_reports_only():
    assert ids("leser") == [
        "oversikt",
        "indikatorer",
        "kvartalsrapport",
        "boligmasse",
        "sammenligning",
        "forlop",
        "om_tallene",
    ]


def test_a_planner_also_sees_the_map():
    assert ids("planlegger") == [
        "oversikt",
        "indikatorer",
        "kart",
        "kvartalsrapport",
        "boligmasse",
        "boligprosjekter",
        "sammenligning",
        "forlop",
        "om_tallene",
    ]


def test_a_caseworker_also_uploads_and_checks_data_quality():
    assert ids("saksbehandler") == [
        "oversikt",
        "indikatorer",
        "kart",
        "kvartalsrapport",
        "boligmasse",
        "boligprosjekter",
        "sammenligning",
        "forlop",
        "om_tallene",
        "last_opp",
        "datakvalitet",
        "kostra_utkast",
    ]


def test_an_admin_sees_every_page_including_settings():
    assert ids("admin") == [page.id for page in PAGES]
    assert "innstillinger" in ids("admin")


def test_no_role_below_admin_may_open_settings():
    assert [role for role in ROLES if may_see(role, "innstillinger")] == ["admin"]


def test_an_unknown_role_or_page_gives_no_access():
    assert not may_see("gjest", "oversikt")
    assert not may_see("admin", "finnes_ikke")


def test_every_page_has_a_file_in_app_pages():
    assert [page.id for page in PAGES if not page.path.exists()] == []


def test_the_local_user_is_an_admin_who_may_view_the_app_as_a_lesser_role():
    assert local_user().role == "admin"
    assert local_user().local
    assert local_user("leser").role == "leser"
    assert local_user("superbruker").role == "admin"


def test_no_page_is_served_at_its_file_name():
    # The English URL differs from the file's name, so that a link reads the same in both
    # languages and never names a file.
    assert [page.id for page in PAGES if page.url_path == page.id] == []
    assert len({page.url_path for page in PAGES}) == len(PAGES)


# The host rule (DNS rebinding): which Host and Origin headers the app answers to.
LOCAL_HOSTS = ["localhost", "localhost:8501", "LocalHost.:8501", "127.0.0.1:8501", "[::1]:8501"]
NOT_LOCAL_HOSTS = [
    None,
    "",
    "rebind.test:8501",
    "localhost.rebind.test",
    "app.localhost",  # browsers resolve it to loopback, but rebinding-proof names are fixed
    "0.0.0.0:8501",
    "10.0.0.5",
    "localhost:http",  # not a port
    "localhost:99999",  # out of range
    "user@localhost",
    "localhost/path",
    "localhost\t",  # urlsplit would drop the tab
    "[::1",
]


@pytest.mark.parametrize("host", LOCAL_HOSTS)
def test_local_mode_answers_to_loopback_names_whatever_the_port_case_or_trailing_dot(host):
    assert host_allowed(Request(host), local=True, allowed=())


@pytest.mark.parametrize("host", NOT_LOCAL_HOSTS)
def test_local_mode_refuses_every_other_host_and_anything_that_is_not_one(host):
    assert not host_allowed(Request(host), local=True, allowed=())


def test_the_host_name_of_a_header_is_lower_case_without_port_brackets_or_trailing_dot():
    assert host_name("Boligmonitor.Kommune.NO.:443") == "boligmonitor.kommune.no"
    assert host_name("[::1]:8501") == "::1"
    assert host_name("localhost:") == "localhost"  # an empty port is no port
    assert [host_name(header) for header in ("*", "..")] == ["*", None]


def test_the_origin_must_name_an_allowed_host_too_when_the_browser_sends_one():
    here = "localhost:8501"
    assert host_allowed(Request(here, "http://localhost:8501"), local=True, allowed=())
    assert host_allowed(Request(here, None), local=True, allowed=())  # not a browser
    for origin in ("https://evil.example", "null", "file://", "http://localhost:8501/x", "x"):
        assert not host_allowed(Request(here, origin), local=True, allowed=()), origin


SERVER = allowed_hosts("https://boligmonitor.kommune.no/oauth2callback", [])


def test_with_sign_in_the_app_answers_to_the_host_of_its_redirect_uri_only():
    assert SERVER == ("boligmonitor.kommune.no",)
    for host in ("boligmonitor.kommune.no", "BOLIGMONITOR.kommune.no.:443"):
        assert host_allowed(Request(host), local=False, allowed=SERVER), host
    for host in ("localhost:8501", "kommune.no", "boligmonitor.kommune.no.evil.example", None):
        assert not host_allowed(Request(host), local=False, allowed=SERVER), host


def test_configured_hosts_add_to_the_redirect_uris_and_a_wildcard_covers_subdomains_only():
    allowed = allowed_hosts("http://localhost:{port}/oauth2callback", ["*.kommune.no", "*"])
    assert allowed == ("localhost", "*.kommune.no", "*")
    assert host_allowed(Request("localhost:8501"), local=False, allowed=allowed)
    assert host_allowed(Request("bolig.kommune.no"), local=False, allowed=allowed)
    assert host_allowed(Request("a.b.kommune.no"), local=False, allowed=allowed)
    # Not the domain itself, not a name that merely ends the same, and `*` matches nothing.
    for host in ("kommune.no", "evilkommune.no", "rebind.test"):
        assert not host_allowed(Request(host), local=False, allowed=allowed), host


def test_a_redirect_uri_without_a_host_allows_no_host_of_its_own():
    assert allowed_hosts(None, []) == ()
    assert allowed_hosts("http://[::1/oauth2callback", ["a.no"]) == ("a.no",)


def test_local_mode_is_refused_on_a_public_address_or_for_a_peer_elsewhere():
    here = Request("localhost:8501", "http://localhost:8501")
    elsewhere = Request("localhost:8501", "http://localhost:8501", peer="192.168.1.20")
    local = {"local": True, "allowed": ()}
    assert connection_refusal(here, server_address="localhost", **local) is None
    assert connection_refusal(here, server_address="::1", **local) is None
    assert connection_refusal(here, server_address="0.0.0.0", **local) == "open_local_mode"
    assert connection_refusal(here, server_address=None, **local) == "open_local_mode"
    assert connection_refusal(elsewhere, server_address="localhost", **local) == "open_local_mode"
    rebound = Request("rebind.test:8501", "http://rebind.test:8501")
    assert connection_refusal(rebound, server_address="localhost", **local) == "unknown_host"


def test_with_sign_in_any_address_serves_but_only_the_allowed_hosts():
    outside = Request("boligmonitor.kommune.no", "https://boligmonitor.kommune.no", "10.1.2.3")
    signed = {"local": False, "allowed": SERVER, "server_address": "0.0.0.0"}
    assert connection_refusal(outside, **signed) is None
    assert connection_refusal(Request("localhost:8501"), **signed) == "unknown_host"
    assert connection_refusal(Request(None), **signed) == "unknown_host"


def test_a_user_is_refused_when_signed_out_without_a_role_or_for_a_page_beyond_the_role():
    assert user_refusal(None, "oversikt") == "signed_out"
    assert user_refusal(User("kari", None), None) == "no_role"
    assert user_refusal(User("kari", "leser"), "innstillinger") == "page"
    assert user_refusal(User("kari", "leser"), "oversikt") is None
    assert user_refusal(User("kari", "leser"), None) is None  # app.py asks for no page
    assert user_refusal(User("ada", "admin"), "innstillinger") is None


def test_who_may_make_each_change():
    # Settings, roles, targets, reference data and backups are the settings page's (admin);
    # snapshots, restores, the register of housing projects, KOSTRA tables, the living-conditions
    # survey and BrukerPlan the upload page's (saksbehandler and up: shared/reference-data.md).
    allowed = {write: [role for role in ROLES if may_write(role, write)] for write in WRITES}
    assert allowed == {
        "settings": ["admin"],
        "roles": ["admin"],
        "targets": ["admin"],
        "reference": ["admin"],
        "backup": ["admin"],
        "snapshot": ["saksbehandler", "admin"],
        "restore": ["saksbehandler", "admin"],
        "kostra": ["saksbehandler", "admin"],
        "projects": ["saksbehandler", "admin"],
        "living_conditions": ["saksbehandler", "admin"],
    }
    assert not may_write(None, "snapshot")


def test_the_role_of_a_write_comes_from_the_mapping_asked_at_that_moment():
    asked = []

    def mapping_now() -> RoleMapping:
        asked.append(True)
        return RoleMapping(users={"ada@kommune.no": "leser"})

    ada = Identity(claims={"is_logged_in": True, "email": "ada@kommune.no"})
    assert user_for(ada, sign_in=True, mapping=mapping_now) == User("ada@kommune.no", "leser")
    assert asked == [True]
    # Signed out with sign-in configured: nobody. Local mode: the role chosen in the sidebar.
    assert user_for(Identity(), sign_in=True, mapping=mapping_now) is None
    local = user_for(Identity(view_as="planlegger"), sign_in=False, mapping=mapping_now)
    assert local == User("lokal bruker", "planlegger", local=True)
    assert asked == [True]  # local mode asks no mapping


def test_no_folder_called_pages_lies_next_to_the_entry_script():
    # Its mere existence makes Streamlit's first run on a fresh server follow the old
    # pages-folder convention, which answers every page's URL with "Page not found".
    assert not (PAGES_DIR.parent / "pages").exists()
    assert PAGES_DIR.name == "app_pages"
