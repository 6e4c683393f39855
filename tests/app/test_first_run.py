"""A municipality's first run: from an empty warehouse (no demo) through the setup guide to its
first month's Oversikt; every page with no month, with one month, and with dwellings only."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.roles import PAGES
from services.access import Writer
from services.ingest import ingest
from services.setup import setup_status
from tests.app.conftest import ROOT, RUN_TIMEOUT
from tests.snapshot_files import dwellings, households, snapshot_files
from tests.warehouse.conftest import areas_file_bytes, fingerprint
from ui.access import VIEW_AS_KEY
from warehouse.audit import audit_log
from warehouse.schema import init
from warehouse.settings import read_settings

AREA_STATS = (
    b"grunnkrets;aar;innbyggere;boliger_totalt\n11080101;2026;1234;500\n11080102;2026;800;300\n"
)
FIRST_MONTH = "2026-10"
CSV = "text/csv"
NOTHING_LOADED = (
    "Ingen måneder er lastet ennå. En saksbehandler eller administrator laster opp månedens "
    "øyeblikksbilde (boliger og husstander) under Last opp; områder og områdestatistikk legger "
    "en administrator inn under Innstillinger."
)


@pytest.fixture
def empty_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A municipality's own warehouse, initialised and empty; the demo is not asked for."""
    db = tmp_path / "kommune.duckdb"
    init(db)
    monkeypatch.setenv("BOLIGMONITOR_DB", str(db))
    monkeypatch.delenv("BOLIGMONITOR_DEMO", raising=False)
    return db


@pytest.fixture
def app(empty_db: Path) -> AppTest:
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT)


def button(app: AppTest, label: str, key: str | None = None):
    return next(
        widget
        for widget in app.button
        if widget.label == label and (key is None or widget.key == key)
    )


def uploader(app: AppTest, key: str):
    return next(widget for widget in app.get("file_uploader") if widget.proto.id.endswith(key))


def upload_step(app: AppTest, step: str, name: str, content: bytes, mime: str) -> AppTest:
    """Drop a file into a step of the guide and press its Last inn."""
    uploader(app, f"oppsett_fil_{step}").set_value((name, content, mime))
    app.run()
    return button(app, "Last inn", f"oppsett_last_inn_{step}").click().run()


def test_a_municipality_goes_from_an_empty_warehouse_to_its_first_months_overview(app, empty_db):
    app.run()
    assert not app.exception
    assert app.title[0].value == "Kom i gang"
    assert setup_status(empty_db).missing == [
        "kommune",
        "omrader",
        "omradestatistikk",
        "roller",
        "maaned",
    ]

    app.selectbox(key="oppsett_kommune").set_value("1108").run()
    app = button(app, "Lagre kommunen").click().run()
    assert (read_settings(empty_db)["kommunenummer"], read_settings(empty_db)["kommunenavn"]) == (
        "1108",
        "Sandnes",
    )
    assert "Sandnes kommune · ingen data ennå" in app.markdown[0].value

    app = upload_step(
        app, "omrader", "grunnkretser.geojson", areas_file_bytes(), "application/json"
    )
    assert [success.value for success in app.success][:1] == ["Lastet områder: 2 rader."]
    app = upload_step(app, "omradestatistikk", "omradestatistikk.csv", AREA_STATS, CSV)
    assert [success.value for success in app.success][:1] == ["Lastet områdestatistikk: 2 rader."]

    app.switch_page("app_pages/last_opp.py").run()
    app.selectbox(key="last_opp_maaned").set_value(FIRST_MONTH)
    files = snapshot_files("windows-1252", dwellings(), households())
    app.get("file_uploader")[0].set_value([(file.name, file.content, CSV) for file in files])
    app.run()
    app = button(app, "Last inn").click().run()
    assert not app.exception
    # tests/snapshot_files.py: three dwellings and three households.
    assert app.success[0].value == (
        f"Lastet {FIRST_MONTH}: boliger (3 rader), husstander (3 rader)."
    )

    app.switch_page("app_pages/oversikt.py").run()
    assert not app.exception
    assert app.title[0].value == "Oversikt"
    assert "Sandnes kommune · data for oktober 2026" in app.markdown[0].value
    assert len(app.metric) > 0  # a card per key indicator with a value, one month or not
    # Everything but the roles is done (local mode has no one to give a role to yet).
    assert setup_status(empty_db).missing == ["roller"]
    assert audit_log(empty_db).reverse()["handling"].to_list() == [
        "innstilling",
        "innstilling",
        "områder",
        "områdestatistikk",
        "opplasting",
    ]


def test_a_municipality_number_that_did_not_exist_in_2024_is_refused_and_nothing_is_stored(
    empty_db,
):
    from core.settings import SettingsError
    from services.settings import change_settings

    before = fingerprint(empty_db)
    with pytest.raises(SettingsError) as refused:
        change_settings(
            empty_db, {"kommunenummer": "1102", "kommunenavn": ""}, by=Writer("cli", name="t")
        )
    # 1102 was Sandnes until 2020; the list of 2024 does not have it.
    assert refused.value.problems == [
        "Kommunenummer: ingen kommune hadde dette nummeret i 2024. Bruk det firesifrede "
        "nummeret fra SSB (for eksempel 1108 for Sandnes)."
    ]
    with pytest.raises(SettingsError) as refused:
        change_settings(
            empty_db,
            {"kommunenummer": "1108", "kommunenavn": "Stavanger"},
            by=Writer("cli", name="t"),
        )
    assert refused.value.problems == [
        "Kommunenavn: kommune 1108 heter Sandnes (Rogaland). Rett navnet eller nummeret."
    ]
    assert fingerprint(empty_db) == before


@pytest.mark.parametrize("role", ["admin", "leser"])
def test_every_page_works_with_no_month_and_says_what_to_upload_and_who_may(app, role):
    app.session_state[VIEW_AS_KEY] = role
    app.run()
    for page in PAGES:
        if page.id not in {"oversikt", "indikatorer", "kart", "kvartalsrapport", "datakvalitet"}:
            continue
        try:
            app.switch_page(f"app_pages/{page.id}.py").run()
        except ValueError:  # not this role's page
            continue
        assert not app.exception, page.id
        assert NOTHING_LOADED in [info.value for info in app.info], page.id


def load_month(db: Path, files) -> None:
    result = ingest(db, FIRST_MONTH, files, by=Writer("cli", name="t"))
    assert result.status == "loaded", result.summary


@pytest.mark.parametrize(
    "month",
    ["one month", "dwellings only"],
)
def test_every_page_works_for_every_role_with_a_single_month(app, empty_db, month):
    if month == "one month":
        load_month(empty_db, snapshot_files("windows-1252", dwellings(), households()))
    else:  # a month whose households file has no rows yet
        load_month(empty_db, snapshot_files("windows-1252", dwellings(), []))
    for role in ("admin", "leser"):
        app.session_state[VIEW_AS_KEY] = role
        app.run()
        for page in PAGES:
            try:
                app.switch_page(f"app_pages/{page.id}.py").run()
            except ValueError:  # not this role's page
                continue
            assert not app.exception, (role, page.id, app.exception)
