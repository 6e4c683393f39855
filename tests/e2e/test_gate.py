"""The gate in a real browser: local mode started on every interface refuses every URL, the
page files' names included; and a browser that reaches the app under
another host name (DNS rebinding) gets no app, while localhost gets it.

Rebinding is played by a second Chromium whose resolver maps `rebind.test` to 127.0.0.1, as an
attacker's DNS would once a victim's browser has loaded the attacker's page.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from core.roles import PAGES
from tests.e2e.conftest import browser_tab, launch, open_page, served_app, wait_for_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

BANNER = "Lokal modus: ingen innlogging, bare tilgjengelig fra denne maskinen"
OPEN_LOCAL_MODE = "Boligmonitor starter ikke"
UNKNOWN_HOST = "Boligmonitor svarer ikke på denne adressen."
REBIND_HOST = "rebind.test"


def shows_no_app(page) -> None:
    """Nothing of the app: no page heading, no municipality, no local-mode banner, no table."""
    for spec in PAGES:
        expect(page.get_by_role("heading", name=spec.title, exact=True)).to_have_count(0)
    expect(page.get_by_text("Sandnes kommune")).to_have_count(0)
    expect(page.get_by_text(BANNER)).to_have_count(0)
    expect(page.get_by_test_id("stDataFrame")).to_have_count(0)
    expect(page.get_by_test_id("stFileUploader")).to_have_count(0)


def test_local_mode_on_every_interface_refuses_every_page_file_and_every_url(
    demo_db, tmp_path, browser, page
):
    started = served_app(
        demo_db, tmp_path, browser, args=["--server.address", "0.0.0.0"], warm=False
    )
    with started as url:
        # Every page's URL, the first request on the fresh server among them: the refusal,
        # without Streamlit's "Page not found". Then the page files' names: no file runs on
        # its own (there is no pages/ folder), the entry script refuses there too.
        for path in (*(spec.url_path for spec in PAGES), ""):
            open_page(page, url, path)
            expect(page.get_by_text(OPEN_LOCAL_MODE)).to_be_visible()
            expect(page.get_by_text("Page not found")).to_have_count(0)
            shows_no_app(page)
        for spec in PAGES:
            open_page(page, url, spec.id)
            expect(page.get_by_text(OPEN_LOCAL_MODE)).to_be_visible()
            shows_no_app(page)


@pytest.fixture(scope="module")
def rebinding_browser(browser) -> Iterator:
    """A second Chromium that resolves rebind.test to this machine."""
    chromium = launch(browser.browser_type, [f"--host-resolver-rules=MAP {REBIND_HOST} 127.0.0.1"])
    yield chromium
    chromium.close()


@pytest.fixture
def rebinding_page(rebinding_browser) -> Iterator:
    with browser_tab(rebinding_browser) as tab:
        yield tab


def rebound(url: str) -> str:
    """The same server under the attacker's name."""
    return f"http://{REBIND_HOST}:{urlsplit(url).port}"


def test_under_another_host_name_streamlit_refuses_the_connection_localhost_gets_the_app(
    rebinding_page, app_url
):
    # .streamlit/config.toml's server.allowedHosts: the WebSocket is refused with 403.
    with rebinding_page.expect_websocket() as opened:
        rebinding_page.goto(rebound(app_url))
    connection = opened.value
    if not connection.is_closed():  # the handshake may have failed already
        try:
            connection.wait_for_event("close")
        except PlaywrightError as refused:  # a refused handshake may end as a socket error
            assert "Socket error" in str(refused)
    app = rebinding_page.get_by_test_id("stApp")
    expect(app).not_to_have_attribute("data-test-connection-state", "CONNECTED")
    shows_no_app(rebinding_page)
    open_page(rebinding_page, app_url)
    expect(rebinding_page.get_by_role("heading", name="Oversikt", exact=True)).to_be_visible()
    expect(rebinding_page.get_by_text(BANNER)).to_be_visible()


def test_with_streamlits_host_check_off_the_gate_still_refuses_another_host_name(
    demo_db, tmp_path, browser, rebinding_page
):
    # `server.allowedHosts = *` lets every Host through Streamlit; the app's own gate is left.
    anyone = ["--server.allowedHosts", "*"]
    with served_app(demo_db, tmp_path, browser, args=anyone) as url:
        rebinding_page.goto(rebound(url))
        wait_for_app(rebinding_page)
        expect(rebinding_page.get_by_text(UNKNOWN_HOST)).to_be_visible()
        shows_no_app(rebinding_page)
        open_page(rebinding_page, url)
        expect(rebinding_page.get_by_role("heading", name="Oversikt", exact=True)).to_be_visible()
