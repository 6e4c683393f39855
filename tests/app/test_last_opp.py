"""Last opp: uploading through the file uploader, the validation report, replacing and restoring."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from core.formatting import month as month_name
from core.i18n import translate
from services.access import DEMO_REFUSAL
from services.indicators import keep_month_values
from tests.app.conftest import ROOT, RUN_TIMEOUT
from tests.app.files import broken_snapshot, demo_snapshot
from tests.warehouse.conftest import fingerprint
from ui import upload
from warehouse.audit import audit_log
from warehouse.ingest import IngestResult

# The demo's snapshots run from January 2014 to October 2026; this month is not among them.
NEW_MONTH = f"{date.today():%Y-%m}"
DEMO_LAST_MONTH = "2026-10"
CSV = "text/csv"


def as_uploads(files) -> list[tuple[str, bytes, str]]:
    return [(file.name, file.content, CSV) for file in files]


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
    assert report.drop(columns="Ark").to_dict("records") == [
        {
            "Alvorlighet": "feil",
            "Fil": "boliger.csv",
            "Rad": 3,
            "Kolonne": "rom",
            "Hva er galt": "må være et heltall større enn eller lik 1",
        }
    ]
    assert report["Ark"].isna().all()  # a CSV file has no sheets
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


def test_the_default_month_is_last_month():
    assert upload.default_month(date(2026, 11, 26)) == "2026-10"
    assert upload.default_month(date(2027, 1, 3)) == "2026-12"


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
