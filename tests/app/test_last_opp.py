"""Last opp: uploading through the file uploader, the validation report, replacing and restoring."""

from __future__ import annotations

import shutil
from datetime import date

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from core.formatting import month as month_name
from core.formatting import number as format_number
from core.i18n import translate
from services.access import DEMO_REFUSAL
from services.indicators import keep_month_values
from tests.app.conftest import ROOT, RUN_TIMEOUT
from tests.app.files import broken_snapshot, demo_dwellings, demo_snapshot
from tests.snapshot_files import households, snapshot_files
from tests.warehouse.conftest import fingerprint
from ui import upload
from ui.access import VIEW_AS_KEY
from warehouse.audit import audit_log
from warehouse.history import load_history
from warehouse.ingest import IngestResult
from warehouse.queries import read_mart

# The demo's snapshots run from January 2014 to October 2026; this month is not among them.
NEW_MONTH = f"{date.today():%Y-%m}"
DEMO_LAST_MONTH = "2026-10"
CSV = "text/csv"


def as_uploads(files) -> list[tuple[str, bytes, str]]:
    return [(file.name, file.content, CSV) for file in files]


class Uploaded:
    """What st.file_uploader hands the page: a name and the bytes."""

    def __init__(self, name: str, content: bytes) -> None:
        self.name, self._content = name, content

    def getvalue(self) -> bytes:
        return self._content


def files_as_uploads(files) -> list[Uploaded]:
    return [Uploaded(file.name, file.content) for file in files]


def valid_files():
    return as_uploads(demo_snapshot())


def invalid_files():
    return as_uploads(broken_snapshot())


def upload_files(app, month: str, files):
    app.selectbox(key="last_opp_maaned").set_value(month)
    app.get("file_uploader")[0].set_value(files)
    app.run()
    return button(app, "Last inn").click().run()


def button(app, label: str):
    return next(widget for widget in app.button if widget.label == label)


def history(app):
    return next(frame.value for frame in app.dataframe if "Lastet av" in frame.value.columns)


def audit_entries(db) -> list[tuple]:
    """The audit log oldest first: (hvem, kanal, handling)."""
    return audit_log(db).reverse().select("hvem", "kanal", "handling").rows()


@pytest.fixture
def page(open_page):
    return open_page("last_opp")


def test_a_valid_snapshot_for_a_new_month_is_loaded_and_heads_the_load_history(page, app_db):
    entries = audit_entries(app_db)
    app = upload_files(page, NEW_MONTH, valid_files())
    assert not app.exception
    # dwellings() has three rows, households() three.
    assert [success.value for success in app.success] == [
        f"Lastet {NEW_MONTH}: boliger (3 rader), husstander (3 rader)."
    ]
    newest = history(app).head(2)
    assert newest["Måned"].to_list() == [month_name(NEW_MONTH)] * 2
    assert sorted(newest["Tabell"]) == ["boliger", "husstander"]
    assert newest["Aktiv"].to_list() == [True, True]
    assert newest["Lastet av"].to_list() == ["lokal bruker"] * 2
    assert keep_month_values(app_db) == []  # the upload stored the month's indicator values
    assert audit_entries(app_db) == [*entries, ("lokal bruker", "app", "opplasting")]


def test_an_invalid_snapshot_is_refused_with_file_row_and_column_in_the_report(page, app_db):
    loads_before = len(history(page))
    entries = audit_entries(app_db)
    app = upload_files(page, NEW_MONTH, invalid_files())
    assert [error.value for error in app.error] == ["Filen ble avvist. Ingenting er lagret."]
    report = next(frame.value for frame in app.dataframe if "Hva er galt" in frame.value.columns)
    assert report.to_dict("records") == [
        {
            "Alvorlighet": "feil",
            "Fil": "boliger.csv",
            "Ark": "",  # a CSV file has no sheets: an empty cell, not "None"
            "Rader": "3",
            "Antall": 1,
            "Kolonne": "rom",
            "Hva er galt": "må være et heltall større enn eller lik 1",
        }
    ]
    assert len(history(app)) == loads_before
    assert audit_entries(app_db) == entries


def test_a_month_already_loaded_is_replaced_only_after_confirmation(page, app_db):
    loads_before = len(history(page))
    entries = audit_entries(app_db)
    app = upload_files(page, DEMO_LAST_MONTH, valid_files())
    assert [warning.value for warning in app.warning] == [
        "Måneden oktober 2026 er allerede lastet. Erstatt den med de nye filene? Den gamle "
        "lasten beholdes og kan gjenopprettes."
    ]
    assert len(history(app)) == loads_before
    assert audit_entries(app_db) == entries  # asking for confirmation changed nothing
    app = button(app, "Erstatt måneden").click().run()
    assert [success.value for success in app.success] == [
        f"Lastet {DEMO_LAST_MONTH}: boliger (3 rader), husstander (3 rader)."
    ]
    # Two new loads; the demo's two loads of October 2026 are kept, inactive.
    assert len(history(app)) == loads_before + 2
    assert audit_entries(app_db) == [*entries, ("lokal bruker", "app", "erstatning")]


def test_the_replaced_loads_of_a_month_can_be_restored_together(page, app_db):
    app = upload_files(page, DEMO_LAST_MONTH, valid_files())
    app = button(app, "Erstatt måneden").click().run()
    restorable = app.multiselect(key="last_opp_valgte_laster")
    october_loads = [_load_id(text) for text in restorable.options if "oktober 2026" in text]
    assert len(october_loads) == 2  # the demo's boliger and husstander of October 2026
    restorable.set_value(october_loads).run()
    entries = audit_entries(app_db)
    app = button(app, "Gjenopprett").click().run()
    assert not app.exception
    first, second = sorted(october_loads)
    assert app.success[-1].value == f"Last {first}, {second} er aktiv igjen."
    loads = history(app)
    october = loads[loads["Måned"] == "oktober 2026"]
    # The two restored demo loads are active, the two test loads are not.
    assert sorted(october["Aktiv"].to_list()) == [False, False, True, True]
    assert keep_month_values(app_db) == []  # the restore left no month without stored values
    assert audit_entries(app_db) == [*entries, ("lokal bruker", "app", "gjenoppretting")]


def _load_id(option_text: str) -> int:
    """'Last 12 · boliger · oktober 2026 · boliger.csv' -> 12."""
    return int(option_text.split(" · ")[0].removeprefix("Last "))


def test_the_blank_template_is_offered_for_download(page):
    (download,) = page.get("download_button")
    assert download.proto.label == "Last ned tom mal (XLSX)"


def test_the_month_list_runs_from_this_month_back_past_the_oldest_loaded_month():
    months = upload.month_choices(date(2026, 11, 26), ["2014-01", "2026-10"])
    # From November 2026 back to January 2013, a year before the oldest loaded month:
    # 13 whole years 2013–2025 (156 months) and 11 months of 2026.
    assert months[0] == "2026-11"
    assert months[-1] == "2013-01"
    assert len(months) == 156 + 11


def test_the_month_list_reaches_five_years_back_when_little_is_loaded():
    months = upload.month_choices(date(2026, 3, 1), [])
    # March 2026 back to March 2021: 5 × 12 months and March 2026 itself.
    assert (months[0], months[-1], len(months)) == ("2026-03", "2021-03", 61)


def test_with_nothing_loaded_the_default_month_is_last_month():
    assert upload.default_month(date(2026, 11, 26)) == "2026-10"
    assert upload.default_month(date(2027, 1, 3)) == "2026-12"


def test_the_default_month_is_the_one_after_the_latest_loaded():
    # Loaded up to August 2026: September is next, though today is in November.
    assert upload.default_month(date(2026, 11, 26), ["2026-07", "2026-08"]) == "2026-09"
    # December 2026 loaded: January 2027 is next.
    assert upload.default_month(date(2027, 2, 3), ["2026-12"]) == "2027-01"
    # This month loaded already: never a month that has not begun.
    assert upload.default_month(date(2026, 11, 26), ["2026-11"]) == "2026-11"


def test_the_page_offers_the_month_after_the_latest_loaded_first(page):
    # The demo's figures end in October 2026.
    assert page.selectbox(key="last_opp_maaned").value == min(NEW_MONTH, "2026-11")


def test_files_named_for_another_month_get_a_warning_before_anything_is_loaded(page, app_db):
    entries = audit_entries(app_db)
    files = [
        ("boliger_2026-09.csv", file.content, CSV)
        if file.name == "boliger.csv"
        else (file.name, file.content, CSV)
        for file in demo_snapshot()
    ]
    page.selectbox(key="last_opp_maaned").set_value("2026-11")
    page.get("file_uploader")[0].set_value(files)
    app = page.run()
    assert [warning.value for warning in app.warning] == [
        "Filene sier september 2026 (filnavnet), men valgt måned er november 2026. Sjekk "
        "måneden før du laster inn."
    ]
    assert audit_entries(app_db) == entries  # a warning only: nothing loaded yet
    assert not button(app, "Last inn").disabled  # the user decides


def test_a_maaned_column_saying_another_month_gets_a_warning():
    with_month = [dict(row, maaned="2026-09") for row in demo_dwellings()]
    files = snapshot_files("windows-1252", with_month, households())
    hints = upload.month_hints(files_as_uploads(files))
    assert upload.month_warnings(hints, "2026-10", "nb") == [
        "Filene sier september 2026 (kolonnen maaned), men valgt måned er oktober 2026. Sjekk "
        "måneden før du laster inn."
    ]
    assert upload.month_warnings(hints, "2026-09", "nb") == []


def test_many_identical_errors_are_one_row_of_the_report_and_the_full_list_downloads(page):
    rows = [dict(row, rom=0) for row in demo_dwellings()]  # rows 2, 3 and 4 of boliger
    app = upload_files(
        page, NEW_MONTH, as_uploads(snapshot_files("windows-1252", rows, households()))
    )
    report = next(frame.value for frame in app.dataframe if "Hva er galt" in frame.value.columns)
    assert report[["Rader", "Antall", "Kolonne"]].to_dict("records") == [
        {"Rader": "2–4", "Antall": 3, "Kolonne": "rom"}
    ]
    labels = [download.proto.label for download in app.get("download_button")]
    assert "Last ned hele listen (CSV)" in labels


def test_replacing_a_month_shows_the_rows_of_each_table_before_and_after(page, app_db):
    app = upload_files(page, DEMO_LAST_MONTH, valid_files())
    changes = next(frame.value for frame in app.dataframe if "Rader nå" in frame.value.columns)
    october = load_history(app_db).filter((pl.col("month") == DEMO_LAST_MONTH) & pl.col("active"))
    now = dict(zip(october["table_name"], october["row_count"], strict=True))
    # The test files hold three dwellings and three households.
    assert changes.to_dict("records") == [
        {
            "Tabell": "boliger",
            "Rader nå": format_number(now["boliger"], 0, "nb"),
            "Rader etter erstatning": "3",
        },
        {
            "Tabell": "husstander",
            "Rader nå": format_number(now["husstander"], 0, "nb"),
            "Rader etter erstatning": "3",
        },
    ]
    app = button(app, "Avbryt").click().run()
    assert len(app.warning) == 0 and not any(
        "Rader nå" in frame.value.columns for frame in app.dataframe
    )


def test_replacement_is_offered_only_for_the_month_that_asked_for_it():
    asks = IngestResult("refused", needs_replacement=True, month="2026-10")
    assert upload.asks_for_replacement(asks, "2026-10")
    assert not upload.asks_for_replacement(asks, "2026-09")
    assert not upload.asks_for_replacement(IngestResult("refused", month="2026-10"), "2026-10")


def test_the_demo_refuses_a_real_upload_and_says_how_to_start_a_real_warehouse(
    demo_db, tmp_path, monkeypatch
):
    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, db)
    monkeypatch.setenv("BOLIGMONITOR_DB", str(db))
    before = fingerprint(db)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT).run()
    app = upload_files(app.switch_page("app_pages/last_opp.py").run(), NEW_MONTH, valid_files())
    assert not app.exception
    assert [error.value for error in app.error] == [translate(DEMO_REFUSAL, "nb")]
    assert fingerprint(db) == before


def test_a_caseworker_loads_brukerplan_figures_here_and_the_load_is_audited(open_page, app_db):
    app = open_page("last_opp", role="saksbehandler")
    assert not app.exception
    entries = audit_entries(app_db)
    figures = "aar;boforhold;antall\n2027;egen_bolig;50\n2027;uten_bolig;7\n"
    uploader = next(
        widget for widget in app.get("file_uploader") if widget.key == "last_opp_brukerplan"
    )
    uploader.set_value([("brukerplan_2027.csv", figures.encode(), CSV)])
    app.run()
    app = button(app, "Last inn BrukerPlan-tallene").click().run()

    assert not app.exception
    assert [error.value for error in app.error] == []
    assert len(app.success) == 1
    # The new file's two rows of 2027 are in force, and the load is in the audit log.
    assert read_mart(app_db, "brukerplan").sort("boforhold").rows() == [
        (2027, "egen_bolig", 50),
        (2027, "uten_bolig", 7),
    ]
    assert audit_entries(app_db) == [*entries, ("lokal bruker", "app", "BrukerPlan")]


def test_the_living_conditions_uploaders_are_on_the_upload_page_not_in_settings(open_page):
    upload_page = open_page("last_opp", role="saksbehandler")
    keys = {widget.key for widget in upload_page.get("file_uploader")}
    assert {"last_opp_levekar", "last_opp_levekar_indikatorer", "last_opp_brukerplan"} <= keys
    settings_page = open_page("innstillinger", role="admin")
    assert not settings_page.exception
    assert not any("levekar" in str(widget.key) for widget in settings_page.get("file_uploader"))
    assert not any("brukerplan" in str(widget.key) for widget in settings_page.get("file_uploader"))


def test_a_month_uploaded_here_is_served_to_every_session_at_once(page, app_db):
    reader = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT)
    reader.session_state[VIEW_AS_KEY] = "leser"

    def header() -> str:
        (line,) = [text.value for text in reader.run().markdown if " · data for " in text.value]
        return line

    assert f"data for {month_name(DEMO_LAST_MONTH)}" in header()
    upload_files(page, NEW_MONTH, valid_files())
    # Not computed in the background first, as a month loaded elsewhere is: its next run has it.
    assert f"data for {month_name(NEW_MONTH)}" in header()
