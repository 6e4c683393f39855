"""The real app in a real browser, as Streamlit's own end-to-end suite does it.

`app_url` serves `streamlit run app.py` on a free port against a copy of the demo warehouse
and waits on the health endpoint. `page` is a tab of Debian's Chromium driven by Playwright;
no browser is ever downloaded. Without Chromium the tests skip, except in CI (`CI` set), where
they fail: CI installs Chromium, so a missing browser there is a broken setup, not a reason.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
START_TIMEOUT_SECONDS = 90
# A cold page reads the demo warehouse and warms polars, geo and plotly.
RUN_TIMEOUT_MS = 120_000
VIEWPORT = {"width": 1440, "height": 1000}
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
# The frame gets its height once Leaflet has drawn every layer.
DRAW_TIMEOUT_MS = 60_000


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("localhost", 0))
        return probe.getsockname()[1]


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    """Poll Streamlit's health endpoint until it answers `ok`; fail with the log if it dies."""
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit stopped at start:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.25)
    pytest.fail(f"streamlit did not answer in {START_TIMEOUT_SECONDS} s:\n{log.read_text()}")


@contextmanager
def served_app(
    demo_db: Path | None,
    folder: Path,
    browser,
    *,
    args: Sequence[str] = (),
    env: dict | None = None,
    warm: bool = True,
    script: str = "app.py",
) -> Iterator[str]:
    """`streamlit run app.py` on a free port against a copy of the demo in `folder`, warm
    (`demo_db=None`: against no warehouse yet, as on a fresh clone).

    `args` are more `streamlit run` options (e.g. `--secrets.files`), `env` more variables,
    `script` another script to serve (a path from the repository's root). `warm=False` leaves
    the server as it starts: nobody has opened its front page yet.
    """
    db = folder / "warehouse.duckdb"
    if demo_db is not None:
        shutil.copy(demo_db, db)
    port = free_port()
    url = f"http://localhost:{port}"
    log = folder / "streamlit.log"
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        *args,
    ]
    with log.open("w") as output:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=os.environ | {"BOLIGMONITOR_DB": str(db)} | (env or {}),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_healthy(url, process, log)
        if warm:
            warm_up = browser.new_page()
            open_page(warm_up, url)
            warm_up.close()
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def app_url(
    municipality_db: Path, tmp_path_factory: pytest.TempPathFactory, browser
) -> Iterator[str]:
    """The app served on a free port against this test module's own copy of the demo's figures
    in a warehouse that is not the demo (so tests may upload and save), warm.

    One visit to the front page first: it pays for the cold start (imports, the first read of
    the warehouse). A page's link works as the first request too (tests/e2e/test_first_run.py).
    """
    with served_app(municipality_db, tmp_path_factory.mktemp("e2e"), browser) as url:
        yield url


SCREENSHOTS_ENV = "BOLIGMONITOR_SCREENSHOTS"


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the pages are photographed: $BOLIGMONITOR_SCREENSHOTS (`make screenshots` gives
    docs/screenshots/, the README's pictures), else a temporary folder, so that a test run
    leaves the checkout as it found it."""
    chosen = os.environ.get(SCREENSHOTS_ENV)
    return Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, through Playwright."""
    if not CHROMIUM.exists():
        reason = f"Debian's chromium is missing ({CHROMIUM}); install it with apt-get."
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright.chromium)
        yield chromium
        chromium.close()


def launch(chromium, extra_args: Sequence[str] = ()):
    """Debian's Chromium, headless, with our switches and `extra_args`."""
    return chromium.launch(
        executable_path=str(CHROMIUM), args=[*CHROMIUM_ARGS, *extra_args], headless=True
    )


@contextmanager
def browser_tab(browser) -> Iterator:
    """A fresh browser tab, Norwegian and in Oslo time, that accepts downloads."""
    context = browser.new_context(
        viewport=VIEWPORT, locale="nb-NO", timezone_id="Europe/Oslo", accept_downloads=True
    )
    # Without the File System Access API, downloads fall back to plain files Playwright sees.
    context.add_init_script("delete window.showSaveFilePicker;")
    tab = context.new_page()
    tab.set_default_timeout(RUN_TIMEOUT_MS)
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab (browser_tab)."""
    with browser_tab(browser) as tab:
        yield tab


def wait_for_app(page, timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    """Wait until the app is connected and the script has finished running (no 'Running...');
    `timeout_ms` for a run that recomputes a data version's analyses."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]', timeout=timeout_ms
    )
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms
    )
    page.wait_for_selector('[data-testid="stStatusWidget"]', state="detached", timeout=timeout_ms)


def open_page(page, app_url: str, url_path: str = "", timeout_ms: int = RUN_TIMEOUT_MS) -> None:
    """Go to one of the app's pages by its URL path and wait for it to finish running."""
    page.goto(f"{app_url}/{url_path}")
    wait_for_app(page, timeout_ms)


# The sidebar's "signed in as" line names the role in the language chosen, so it changes with
# either choice in local mode's sidebar: the rerun a choice starts is known by it.
SIGNED_IN = re.compile(r"^(Innlogget som|Signed in as) ")


def choose_in_sidebar(page, label: str, option: str) -> None:
    """Pick `option` in the sidebar's select box labelled `label` (the role or the language);
    wait for the rerun it starts to end.

    The rerun is awaited by its effect on the page: the script state may go from running to
    not running within one frame of a busy browser, and then no change of it is seen at all.
    """
    sidebar = page.get_by_test_id("stSidebar")
    select = sidebar.get_by_test_id("stSelectbox").filter(has_text=label)
    if select.get_by_role("combobox").input_value() == option:
        return  # already chosen: no rerun comes
    signed_in = sidebar.get_by_test_id("stCaptionContainer").filter(has_text=SIGNED_IN)
    before = signed_in.inner_text()
    select.click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(signed_in).not_to_have_text(before, timeout=RUN_TIMEOUT_MS)
    wait_for_app(page)


def drawn_map(page, timeout_ms: int = DRAW_TIMEOUT_MS):
    """The page's one folium map, once a rerun has taken away the map it replaces.

    A rerun that changes what comes before the map (another role, another view) draws the new
    map's frame before it removes the stale one, so for a moment there are two.
    """
    expect(page.locator(MAP_FRAME)).to_have_count(1, timeout=timeout_ms)
    return page.frame_locator(MAP_FRAME)


def download_table(page, table) -> str:
    """The text of a shown table, through its own 'Download as CSV' button.

    The grid draws on a canvas, so its cells are not in the page; the CSV is what it shows.
    The button is pressed as an event on the button itself: the toolbar floats over the
    heading above the grid, and which of them takes a pointer click depends on the window.
    """
    table.hover()
    button = table.get_by_role("button", name="Download as CSV")
    expect(button).to_be_visible()
    with page.expect_download() as download:
        button.dispatch_event("click")
    return Path(download.value.path()).read_text(encoding="utf-8-sig")
