"""Sign-in and roles: who gets which role, which pages each role is offered, and refusals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from core.escaping import markdown_text
from core.roles import (
    PAGES,
    ROLES,
    ROLES_FILE_ENV,
    RoleMapping,
    RolesFileError,
    is_loopback,
    may_see,
    read_roles_file,
    role_for,
    sees_dwellings,
    sees_unsuppressed,
)
from tests.app.conftest import ROOT, RUN_TIMEOUT
from tests.app.test_indikatorer import choose, values_table
from ui import cache
from warehouse.audit import Actor
from warehouse.settings import change_settings

ADMIN = Actor("ada@kommune.no", "app")
ROLES_FILE = """
gruppe_claim = "groups"

[brukere]
"kari@kommune.no" = "leser"
"per@kommune.no" = "planlegger"
"siri@kommune.no" = "saksbehandler"
"ada@kommune.no" = "admin"

[grupper]
"boligkontoret" = "saksbehandler"
"""
EMAIL_BY_ROLE = {
    "leser": "kari@kommune.no",
    "planlegger": "per@kommune.no",
    "saksbehandler": "siri@kommune.no",
    "admin": "ada@kommune.no",
}
AUTH = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-secret",
        "client_id": "boligmonitor",
        "client_secret": "test",
        "server_metadata_url": "http://localhost:9400/.well-known/openid-configuration",
    }
}


@pytest.fixture
def roles_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "roller.toml"
    path.write_text(ROLES_FILE, encoding="utf-8")
    monkeypatch.setenv(ROLES_FILE_ENV, str(path))
    return path


def signed_in(app: AppTest, email: str, **claims: object) -> AppTest:
    """The app as a user the provider has signed in."""
    app.user = {"is_logged_in": True, "email": email, "sub": f"sub-{email}", **claims}
    return app


def test_a_user_is_found_by_e_mail_or_subject_whatever_the_case():
    roles = RoleMapping(users={"kari@kommune.no": "leser", "abc-123": "admin"})
    assert role_for({"email": "Kari@Kommune.no"}, roles) == "leser"
    assert role_for({"sub": "abc-123", "email": "x@y.no"}, roles) == "admin"
    assert role_for({"sub": "someone-else"}, roles) is None


def test_the_highest_role_wins_when_a_user_and_a_group_both_give_one():
    roles = RoleMapping(users={"kari@kommune.no": "leser"}, groups={"boligkontoret": "admin"})
    claims = {"email": "kari@kommune.no", "groups": ["andre", "boligkontoret"]}
    assert role_for(claims, roles) == "admin"


def test_groups_are_read_from_the_claim_the_mapping_names():
    roles = RoleMapping(groups={"planavdelingen": "planlegger"}, group_claim="roles")
    assert role_for({"roles": "planavdelingen"}, roles) == "planlegger"
    assert role_for({"groups": ["planavdelingen"]}, roles) is None


def test_merging_two_mappings_keeps_the_higher_role_of_each_name():
    file = RoleMapping(users={"kari@kommune.no": "admin", "per@kommune.no": "leser"})
    stored = RoleMapping(users={"kari@kommune.no": "leser", "per@kommune.no": "planlegger"})
    assert file.merged(stored).users == {"kari@kommune.no": "admin", "per@kommune.no": "planlegger"}


def test_a_roles_file_is_read_and_a_missing_one_gives_nobody_a_role(roles_file, tmp_path):
    roles = read_roles_file(roles_file)
    assert roles.users["ada@kommune.no"] == "admin"
    assert roles.groups == {"boligkontoret": "saksbehandler"}
    assert read_roles_file(tmp_path / "finnes_ikke.toml") == RoleMapping()


def test_a_roles_file_with_an_unknown_role_is_refused_with_the_name_and_the_roles(tmp_path):
    path = tmp_path / "roller.toml"
    path.write_text('[brukere]\n"kari@kommune.no" = "sjef"\n', encoding="utf-8")
    with pytest.raises(
        RolesFileError, match=re.escape("kari@kommune.no: ukjent rolle; bruk en av leser")
    ):
        read_roles_file(path)


def test_only_loopback_addresses_count_as_this_machine():
    assert [is_loopback(a) for a in ("localhost", "127.0.0.1", "::1", "[::1]")] == [True] * 4
    assert [is_loopback(a) for a in ("0.0.0.0", "", None, "10.0.0.5", "app.kommune.no")] == [
        False
    ] * 5


def test_unsuppressed_figures_are_for_staff_and_dwellings_for_planners_and_up():
    assert [role for role in ROLES if sees_unsuppressed(role)] == ["saksbehandler", "admin"]
    assert [role for role in ROLES if sees_dwellings(role)] == [
        "planlegger",
        "saksbehandler",
        "admin",
    ]
    assert not sees_unsuppressed(None) and not sees_dwellings(None)


@pytest.mark.parametrize("role", ROLES)
def test_a_signed_in_user_is_offered_exactly_the_pages_of_their_role(app, roles_file, role):
    signed_in(app, EMAIL_BY_ROLE[role]).run()
    assert not app.exception
    assert not app.info  # no local-mode banner for a signed-in user
    # The address comes from the provider: escaped markdown (`\@`, `\.`), shown as written.
    name = markdown_text(EMAIL_BY_ROLE[role])
    assert f"Innlogget som {name} ({role})" in app.sidebar.caption[0].value
    for page in PAGES:
        if may_see(role, page.id):
            assert not app.switch_page(f"app_pages/{page.id}.py").run().exception
        else:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                app.switch_page(f"app_pages/{page.id}.py")


def test_a_signed_in_council_member_sees_figures_suppressed_with_the_k_set_by_the_admin(
    app, app_db, roles_file
):
    # Four households moved into a home of their own in 2026 K4 (only October is loaded):
    # 4 is not below k = 3, so shown; once an admin sets k = 5, 4 < 5, so ":".
    signed_in(app, EMAIL_BY_ROLE["leser"]).run()
    app.switch_page("app_pages/indikatorer.py").run()
    assert values_table(choose(app, "til_eid_bolig")).iloc[0]["Verdi"] == "4"
    change_settings(app_db, {"prikking_k": 5}, actor=ADMIN)
    cache.forget_settings()  # what the settings page does after saving
    app.run()
    assert values_table(app).iloc[0]["Verdi"] == ":"


def test_a_signed_in_caseworker_sees_the_small_figure_whatever_k_is(app, app_db, roles_file):
    change_settings(app_db, {"prikking_k": 5}, actor=ADMIN)
    signed_in(app, EMAIL_BY_ROLE["saksbehandler"]).run()
    app.switch_page("app_pages/indikatorer.py").run()
    assert values_table(choose(app, "til_eid_bolig")).iloc[0]["Verdi"] == "4"


def test_a_council_member_opening_settings_directly_is_refused(app_db, roles_file):
    page = AppTest.from_file(
        str(ROOT / "app_pages" / "innstillinger.py"), default_timeout=RUN_TIMEOUT
    )
    signed_in(page, EMAIL_BY_ROLE["leser"]).run()
    assert [error.value for error in page.error] == ["Du har ikke tilgang til denne siden."]
    assert page.caption[0].value == "Rollen din (leser) gir ikke tilgang til Innstillinger."
    assert len(page.title) == 0


def test_a_role_taken_away_in_the_settings_is_refused_on_the_next_rerun(app, app_db):
    # The role comes from the mapping an admin keeps in Innstillinger; no roles file.
    roles = {"brukere": {"siri@kommune.no": "saksbehandler"}, "grupper": {}}
    change_settings(app_db, {"roller": roles}, actor=ADMIN)
    signed_in(app, "siri@kommune.no")
    app.run()
    app.switch_page("app_pages/last_opp.py").run()
    assert app.title[0].value == "Last opp"
    change_settings(app_db, {"roller": {"brukere": {}, "grupper": {}}}, actor=ADMIN)
    cache.forget_settings()  # what the settings page does after saving
    app.run()
    assert app.title[0].value == "Ingen tilgang ennå"
    assert len(app.get("file_uploader")) == 0


def test_a_member_of_a_mapped_group_gets_the_group_role(app, roles_file):
    signed_in(app, "ukjent@kommune.no", groups=["boligkontoret"]).run()
    assert not app.exception
    assert "(saksbehandler)" in app.sidebar.caption[0].value


def test_a_broken_roles_file_stops_the_app_with_the_file_and_entry_named(
    app, tmp_path, monkeypatch
):
    broken = tmp_path / "roller.toml"
    broken.write_text('[brukere]\n"kari@kommune.no" = "sjef"\n', encoding="utf-8")
    monkeypatch.setenv(ROLES_FILE_ENV, str(broken))
    signed_in(app, "kari@kommune.no").run()
    assert not app.exception
    assert app.error[0].value.startswith(
        markdown_text(f"{broken}: [brukere] kari@kommune.no: ukjent rolle")
    )
    assert len(app.title) == 0


def test_a_signed_in_user_without_a_role_gets_a_polite_no_and_a_way_out(app, roles_file):
    signed_in(app, "ukjent@kommune.no").run()
    assert not app.exception
    assert app.title[0].value == "Ingen tilgang ennå"
    assert markdown_text("ukjent@kommune.no") in app.info[0].value
    assert [button.label for button in app.button] == ["Logg ut"]
    assert "Oversikt" not in [title.value for title in app.title]


def test_a_user_name_with_markdown_from_the_provider_is_shown_as_written(app, roles_file):
    # The provider's e-mail claim is what the user (or a tenant admin) typed somewhere.
    signed_in(app, "[kari](http://evil.example)@kommune.no", groups=["boligkontoret"]).run()
    assert not app.exception
    assert app.sidebar.caption[0].value == (
        "Innlogget som \\[kari\\]\\(http\\:\u2060\\/\\/evil\\.example\\)\\@kommune\\.no "
        "(saksbehandler)"
    )


def test_with_sign_in_configured_nobody_sees_anything_before_signing_in(app):
    app.secrets = AUTH
    app.user = {"is_logged_in": False}
    app.run()
    assert not app.exception
    assert [title.value for title in app.title] == ["Logg inn"]
    assert [button.label for button in app.button] == ["Logg inn"]
    assert not app.markdown or "Sandnes" not in app.markdown[0].value


@pytest.fixture
def public_address():
    before = config.get_option("server.address")
    config.set_option("server.address", "0.0.0.0")
    yield
    config.set_option("server.address", before)


def test_local_mode_refuses_to_run_on_a_public_address(app, public_address):
    app.run()
    assert not app.exception
    assert "Boligmonitor starter ikke" in app.error[0].value
    assert len(app.title) == 0


def test_a_public_address_is_fine_once_sign_in_is_configured(app, public_address):
    app.secrets = AUTH
    app.user = {"is_logged_in": False}
    app.run()
    assert [title.value for title in app.title] == ["Logg inn"]
