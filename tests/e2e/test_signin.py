"""Sign-in through a real OIDC provider (oidc-provider-mock on localhost), in Chromium.

Two users sign in: Kari, a council member by her e-mail in the roles file, and Ada, an admin
through her group claim. The app gets a temporary secrets.toml with `[auth]` pointing at the
provider; nothing is written to the checkout's .streamlit/.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import oidc_provider_mock
import pytest
from playwright.sync_api import expect

from core.roles import ROLES_FILE_ENV
from tests.e2e.conftest import download_table, open_page, served_app, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

BANNER = "Lokal modus: ingen innlogging, bare tilgjengelig fra denne maskinen"
USERS = [
    oidc_provider_mock.User(sub="kari", claims={"email": "kari@kommune.no", "name": "Kari"}),
    oidc_provider_mock.User(
        sub="ada", claims={"email": "ada@kommune.no", "groups": ["boligmonitor-admin"]}
    ),
    oidc_provider_mock.User(sub="ukjent", claims={"email": "ukjent@example.com"}),
]
ROLES = """
[brukere]
"kari@kommune.no" = "leser"

[grupper]
"boligmonitor-admin" = "admin"
"""


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """A local OIDC provider on a free port that knows the test users."""
    with oidc_provider_mock.run_server_in_thread(user_claims=USERS) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture(scope="module")
def signed_in_app(municipality_db, tmp_path_factory, browser, provider) -> Iterator[str]:
    """The app with `[auth]` in a temporary secrets.toml and a roles file, served warm."""
    folder = tmp_path_factory.mktemp("signin")
    roles = folder / "roller.toml"
    roles.write_text(ROLES, encoding="utf-8")
    secrets_file = folder / "secrets.toml"
    # The port is only known once the app is served; Streamlit fills in `{port}` itself.
    secrets_file.write_text(
        "[auth]\n"
        'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        'client_id = "boligmonitor"\n'
        'client_secret = "test"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    with served_app(
        municipality_db,
        folder,
        browser,
        args=["--secrets.files", str(secrets_file)],
        env={ROLES_FILE_ENV: str(roles)},
    ) as url:
        yield url


def sign_in(page, app_url: str, subject: str) -> None:
    """Press Logg inn, choose the user at the provider, and wait for the app to run."""
    open_page(page, app_url)
    page.get_by_role("button", name="Logg inn").click()
    page.get_by_role("button", name=subject, exact=True).click()
    page.wait_for_url(f"{app_url}/**")
    wait_for_app(page)


def test_nobody_sees_figures_before_signing_in(page, signed_in_app):
    open_page(page, signed_in_app)
    expect(page.get_by_role("heading", name="Logg inn", exact=True)).to_be_visible()
    expect(page.get_by_text("Sandnes kommune")).to_have_count(0)
    expect(page.get_by_text(BANNER)).to_have_count(0)


def test_a_council_member_signs_in_and_sees_only_the_readers_pages(page, signed_in_app):
    sign_in(page, signed_in_app, "kari")
    expect(page.get_by_role("heading", name="Oversikt", exact=True)).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Innlogget som kari@kommune.no (leser)")).to_be_visible()
    for allowed in ("Oversikt", "Indikatorer", "Kvartalsrapport", "Om tallene"):
        expect(sidebar.get_by_role("link", name=allowed, exact=True)).to_be_visible()
    for forbidden in ("Kart", "Last opp", "Datakvalitet", "Innstillinger"):
        expect(sidebar.get_by_role("link", name=forbidden, exact=True)).to_have_count(0)
    expect(page.get_by_text(BANNER)).to_have_count(0)
    # Straight to the settings' address: not offered, so the settings never run for her.
    open_page(page, signed_in_app, "settings")
    expect(page.get_by_role("heading", name="Innstillinger", exact=True)).to_have_count(0)


def test_an_admin_signs_in_by_group_changes_a_threshold_and_the_audit_log_says_so(
    page, signed_in_app
):
    sign_in(page, signed_in_app, "ada")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Innlogget som ada@kommune.no (admin)")).to_be_visible()
    sidebar.get_by_role("link", name="Innstillinger", exact=True).click()
    wait_for_app(page)
    page.get_by_role("tab", name="Terskler").click()
    field = page.get_by_label("Prikkegrense (k)", exact=True)
    field.fill("4")
    field.press("Tab")
    page.get_by_test_id("stForm").filter(has=field).get_by_role("button", name="Lagre").click()
    wait_for_app(page)
    expect(page.get_by_text("Lagret: Prikkegrense (k).")).to_be_visible()
    page.get_by_role("tab", name="Revisjonslogg").click()
    table = page.get_by_test_id("stDataFrame").last
    log = download_table(page, table)
    assert "ada@kommune.no" in log
    assert "Prikkegrense (k): 3 → 4" in log


def test_a_user_without_a_role_is_told_politely(page, signed_in_app):
    sign_in(page, signed_in_app, "ukjent")
    expect(page.get_by_role("heading", name="Ingen tilgang ennå", exact=True)).to_be_visible()
    expect(page.get_by_text("ukjent@example.com")).to_be_visible()
    expect(page.get_by_role("button", name="Logg ut")).to_be_visible()


def test_local_mode_says_so_on_every_page(page, app_url):
    for path in ("", "indicators", "settings"):
        open_page(page, app_url, path)
        expect(page.get_by_text(BANNER)).to_be_visible()
