"""Two replicas on two ports serve the published demo at once while the writer loads a month
(`cli.py ingest` with BOLIGMONITOR_PUBLISH), and both show the new month after it, no restart
(once each has computed it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pytest
from playwright.sync_api import expect

from core.roles import PAGE_BY_ID
from services.publication import publish_now
from tests.app.files import demo_snapshot
from tests.e2e.conftest import ROOT, browser_tab, open_page, served_app

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

PAGES = ("oversikt", "indikatorer", "kvartalsrapport", "kart")
NEW_MONTH = "2026-11"  # the demo's last month is October 2026
LOAD_TIMEOUT_SECONDS = 600
WARM_UP_TIMEOUT_SECONDS = 300  # a new version's figures, computed on a busy machine


def no_error_on(tab, url: str, page_id: str) -> None:
    """Open a page of one replica; it must show its heading and no exception."""
    open_page(tab, url, PAGE_BY_ID[page_id].url_path)
    expect(tab.get_by_role("heading", name=PAGE_BY_ID[page_id].title, exact=True)).to_be_visible()
    expect(tab.get_by_test_id("stException")).to_have_count(0)


def shows_the_new_month(tab, url: str) -> None:
    """Open the replica again until it serves the new publication: the same process, no
    restart, once it has computed the new version's figures (bounded)."""
    header = tab.get_by_text("Sandnes kommune · data for november 2026")
    deadline = time.monotonic() + WARM_UP_TIMEOUT_SECONDS
    open_page(tab, url)
    while not header.count() and time.monotonic() < deadline:
        tab.wait_for_timeout(1000)
        open_page(tab, url)
    expect(header).to_be_visible()


def test_two_replicas_serve_at_once_while_the_writer_loads_a_month(
    municipality_db, browser, tmp_path_factory
):
    writer = tmp_path_factory.mktemp("writer")
    db, published = writer / "warehouse.duckdb", writer / "published"
    shutil.copy(municipality_db, db)  # a municipality's warehouse: the demo takes no upload
    publish_now(db, published)
    files = []
    for file in demo_snapshot():
        (writer / file.name).write_bytes(file.content)
        files.append(str(writer / file.name))
    # A replica reads the published folder; the warehouse file it would otherwise use does not
    # exist, and must not come to exist.
    absent = writer / "absent" / "warehouse.duckdb"
    replica = {"BOLIGMONITOR_SOURCE": str(published), "BOLIGMONITOR_DB": str(absent)}
    first_folder, second_folder = tmp_path_factory.mktemp("one"), tmp_path_factory.mktemp("two")
    with (
        served_app(municipality_db, first_folder, browser, env=replica) as first,
        served_app(municipality_db, second_folder, browser, env=replica) as second,
        browser_tab(browser) as one,
        browser_tab(browser) as two,
    ):
        assert first != second  # two processes on two ports
        for tab, url in ((one, first), (two, second)):
            open_page(tab, url)
            expect(tab.get_by_text("Sandnes kommune · data for oktober 2026")).to_be_visible()
            for page_id in PAGES:  # warm: the first Kart waits for esda's compilation
                no_error_on(tab, url, page_id)
        load = subprocess.Popen(
            [sys.executable, "cli.py", "--db", str(db), "ingest", "--month", NEW_MONTH, *files],
            cwd=ROOT,
            env=os.environ | {"BOLIGMONITOR_PUBLISH": str(published)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        visits = 0
        try:
            while load.poll() is None or visits < len(PAGES):  # at least one round each
                page_id = PAGES[visits % len(PAGES)]
                no_error_on(one, first, page_id)
                no_error_on(two, second, page_id)
                visits += 1
            output, _ = load.communicate(timeout=LOAD_TIMEOUT_SECONDS)
        finally:
            if load.poll() is None:
                load.kill()
        assert load.returncode == 0, output
        assert f"Lastet {NEW_MONTH}" in output
        for tab, url in ((one, first), (two, second)):
            shows_the_new_month(tab, url)
            expect(tab.get_by_test_id("stException")).to_have_count(0)
    assert not absent.parent.exists()
