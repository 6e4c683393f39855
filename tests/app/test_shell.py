"""The frame around every page: navigation per role, local mode, header, language, first start."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from core.i18n import translate
from core.roles import PAGES, ROLES, may_see
from services.indicators import keep_month_values
from tests.app.conftest import ROOT, RUN_TIMEOUT
from ui import first_start
from ui.access import VIEW_AS_KEY
from warehouse.db import connect
from warehouse.loads import store_load
from warehouse.queries import data_version
from warehouse.schema import init

BANNER = "Lokal modus: ingen innlogging, bare tilgjengelig fra denne maskinen"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.id)
def test_every_page_opens_for_an_admin_with_its_title_and_no_exception(open_page, page):
    app = open_page(page.id)
    assert not app.exception
    assert app.title[0].value == page.title


def test_the_app_opens_on_the_overview_with_the_local_mode_banner(app):
    app.run()
    assert not app.exception
    assert app.title[0].value == "Oversikt"
    assert [info.value for info in app.info] == [BANNER]


def test_the_first_run_stores_month_values_that_new_code_lacks(app, app_db):
    with connect(app_db, write=True) as con:  # as after a deployment with new indicator code
        con.execute("delete from derived.month_values")

    app.run()

    assert not app.exception
    assert keep_month_values(app_db) == []  # the app stored every month on its first run


def test_the_header_names_the_demo_municipality_and_its_latest_month(app):
    app.run()
    # The demo's outline is Sandnes (kommunenummer 1108); its last snapshot is October 2026.
    assert "Sandnes kommune · data for oktober 2026" in app.markdown[0].value


@pytest.mark.parametrize("role", ROLES)
def test_the_navigation_offers_exactly_the_pages_of_the_role(app, role):
    app.session_state[VIEW_AS_KEY] = role
    app.run()
    for page in PAGES:
        if may_see(role, page.id):
            assert not app.switch_page(f"app_pages/{page.id}.py").run().exception
        else:
            with pytest.raises(ValueError, match="Could not find a navigation page"):
                app.switch_page(f"app_pages/{page.id}.py")


def test_a_page_opened_directly_refuses_a_role_that_may_not_see_it(app_db):
    # A council member reaching the upload page's script by any route gets the refusal, not
    # the uploader: the guard runs on every rerun of the page itself.
    page = AppTest.from_file(str(ROOT / "app_pages" / "last_opp.py"), default_timeout=RUN_TIMEOUT)
    page.session_state[VIEW_AS_KEY] = "leser"
    page.run()
    assert [error.value for error in page.error] == ["Du har ikke tilgang til denne siden."]
    assert len(page.get("file_uploader")) == 0


def test_choosing_english_translates_the_frame_and_the_page(open_page):
    app = open_page("last_opp", language="en")
    assert app.title[0].value == "Upload"
    assert app.info[0].value == translate(BANNER, "en")
    assert "Sandnes municipality · data for October 2026" in app.markdown[0].value


DEMO_BANNER = (
    "Demo: kommunen, husstandene, boligene og alle tallene her er oppdiktet. Ingenting ekte kan "
    "lagres i demoen; se Kom i gang i README for å ta Boligmonitor i bruk."
)


def test_with_the_demo_setting_an_empty_warehouse_gets_the_demo_first_and_says_it_is_invented(
    tmp_path, monkeypatch, demo_db
):
    db = tmp_path / "empty.duckdb"
    monkeypatch.setenv("BOLIGMONITOR_DB", str(db))
    monkeypatch.setenv("BOLIGMONITOR_DEMO", "1")
    builds = []

    def build_demo(db_path: Path, progress) -> None:
        builds.append(db_path)
        progress(0.5, "Halvveis")
        shutil.copy(demo_db, db_path)

    monkeypatch.setattr("demo.build.build_demo", build_demo)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT).run()
    assert not app.exception
    assert builds == [db]
    assert app.title[0].value == "Oversikt"
    assert "data for oktober 2026" in app.markdown[0].value
    assert [warning.value for warning in app.warning] == [DEMO_BANNER]


def test_without_the_demo_setting_an_empty_warehouse_gets_no_demo_and_opens_on_the_setup_guide(
    tmp_path, monkeypatch
):
    db = tmp_path / "empty.duckdb"
    monkeypatch.setenv("BOLIGMONITOR_DB", str(db))
    monkeypatch.delenv("BOLIGMONITOR_DEMO", raising=False)
    monkeypatch.setattr("demo.build.build_demo", lambda *args: pytest.fail("the demo was built"))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT).run()
    assert not app.exception
    assert app.title[0].value == "Kom i gang"
    assert data_version(db) == 0
    assert len(app.warning) == 0  # no demo banner


def test_every_page_of_the_demo_carries_the_banner_that_its_figures_are_invented(
    tmp_path, monkeypatch, demo_db
):
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, db)
    monkeypatch.setenv("BOLIGMONITOR_DB", str(db))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT).run()
    for page in PAGES:
        app.switch_page(str(page.path.relative_to(ROOT))).run()
        assert not app.exception, page.id
        assert DEMO_BANNER in [warning.value for warning in app.warning], page.id


def build_targets_only(db_path: Path, progress) -> None:
    """A stand-in for the demo build that writes through DuckDB, so readers wait for it."""
    init(db_path)
    with connect(db_path, write=True) as con:
        store_load(
            con,
            month=None,
            table_name="mal",
            rows=pl.DataFrame({"indikator": ["venteliste"], "aar": [2026], "verdi": [80.0]}),
            file_name="mal.csv",
            sha256="mal",
            loaded_by="test",
            action="load",
        )


def test_two_sessions_on_an_empty_warehouse_build_the_demo_once(tmp_path, monkeypatch):
    db = tmp_path / "empty.duckdb"
    monkeypatch.setenv("BOLIGMONITOR_DEMO", "1")
    builds = []

    def build_demo(db_path: Path, progress) -> None:
        builds.append(db_path)
        build_targets_only(db_path, progress)

    monkeypatch.setattr("demo.build.build_demo", build_demo)
    with ThreadPoolExecutor(max_workers=2) as sessions:
        started = [
            sessions.submit(first_start.ensure_demo, db, lambda *_: None, lambda: None)
            for _ in range(2)
        ]
        built = sorted(session.result() for session in started)
    assert built == [False, True]
    assert builds == [db]
    assert data_version(db) == 1
