"""Innstillinger: an admin changes the municipality, thresholds, targets and roles, audited."""

from __future__ import annotations

import io
import json
import zipfile

import polars as pl

from core.problems import SourceFile
from core.roles import Identity
from services.access import Writer
from services.reference import load_targets
from tests.warehouse.conftest import AREAS_GEOJSON
from ui import settings_view
from ui.settings_view import backup_zip, roles_table, roles_value, targets_csv
from warehouse.audit import Actor, audit_log
from warehouse.queries import read_mart
from warehouse.settings import change_settings, read_settings


def test_the_settings_page_opens_for_an_admin_with_its_sections(open_page):
    app = open_page("innstillinger")
    assert not app.exception
    assert app.title[0].value == "Innstillinger"
    assert [tab.label for tab in app.tabs] == [
        "Kommune",
        "Områder",
        "Levekår og BrukerPlan",
        "Mål",
        "Terskler",
        "Sammenligning",
        "Roller",
        "Sikkerhetskopi",
        "Revisjonslogg",
    ]
    assert app.number_input(key="innst_prikking_k").value == 3  # the default of indicators.md


def test_a_new_suppression_threshold_is_saved_with_an_audit_entry(open_page, app_db):
    app = open_page("innstillinger")
    app.number_input(key="innst_prikking_k").set_value(4)
    app.button(key="innst_lagre_terskler").click().run()
    assert not app.exception
    assert app.success[0].value == "Lagret: Prikkegrense (k)."
    assert read_settings(app_db)["prikking_k"] == 4
    log = audit_log(app_db)
    assert log.select("hvem", "kanal", "handling", "hva").row(0) == (
        "lokal bruker",
        "app",
        "innstilling",
        "Prikkegrense (k): 3 → 4",
    )


def test_the_municipality_set_here_is_shown_in_the_header(open_page, app_db):
    app = open_page("innstillinger")
    app.text_input(key="innst_kommunenavn").input("Stavanger")
    app.text_input(key="innst_kommunenummer").input("1103")
    app.button(key="innst_lagre_kommune").click().run()
    assert read_settings(app_db)["kommunenavn"] == "Stavanger"
    app.run()
    assert "Stavanger kommune · data for oktober 2026" in app.markdown[0].value


def test_a_name_that_is_not_the_numbers_municipality_is_refused_and_nothing_is_stored(
    open_page, app_db
):
    entries = len(audit_log(app_db))
    app = open_page("innstillinger")
    app.text_input(key="innst_kommunenavn").input("Testby")
    app.text_input(key="innst_kommunenummer").input("1108")
    app.button(key="innst_lagre_kommune").click().run()
    # data/geodata/kommuner_2024.csv: 1108 is Sandnes, in Rogaland.
    assert [error.value for error in app.error] == [
        "Kommunenavn: kommune 1108 heter Sandnes (Rogaland). Rett navnet eller nummeret."
    ]
    assert read_settings(app_db)["kommunenavn"] == ""
    assert len(audit_log(app_db)) == entries


def test_a_wrong_municipality_number_is_refused_and_nothing_is_stored(open_page, app_db):
    entries = len(audit_log(app_db))  # the demo build's uploads
    app = open_page("innstillinger")
    app.text_input(key="innst_kommunenummer").input("11x8")
    app.button(key="innst_lagre_kommune").click().run()
    assert [error.value for error in app.error] == [
        "Kommunenummer må ha fire sifre (for eksempel 1108)."
    ]
    assert read_settings(app_db)["kommunenummer"] == ""
    assert len(audit_log(app_db)) == entries


def test_the_audit_log_tab_lists_the_changes_newest_first_with_their_door(open_page):
    app = open_page("innstillinger")
    # The demo was built through its own door: its uploads are the first entries.
    assert app.dataframe[-1].value.iloc[0][["Hvem", "Kanal"]].tolist() == ["demo", "Demo"]
    app.number_input(key="innst_flagg_bygning").set_value(5)
    app.button(key="innst_lagre_terskler").click().run()
    shown = app.dataframe[-1].value
    assert list(shown.columns) == ["Tidspunkt", "Hvem", "Kanal", "Handling", "Hva"]
    assert shown.iloc[0][["Hvem", "Kanal", "Handling", "Hva"]].tolist() == [
        "lokal bruker",
        "App",
        "innstilling",
        "Bygning flagges fra så mange kommunale boliger: 4 → 5",
    ]


def test_the_audit_log_tab_speaks_english_too(open_page):
    app = open_page("innstillinger", language="en")
    shown = app.dataframe[-1].value
    assert list(shown.columns) == ["Time", "Who", "Channel", "Action", "What"]
    # The demo build's last change is its KOSTRA table.
    assert shown.iloc[0][["Channel", "Action"]].tolist() == ["Demo", "KOSTRA table"]


def test_a_role_mapping_saved_here_is_audited_as_roles_through_the_app(app_db):
    entries = len(audit_log(app_db))
    roles = settings_view.roles_table({"brukere": {"siri@kommune.no": "leser"}, "grupper": {}})

    settings_view.save_settings({"roller": settings_view.roles_value(roles)})

    log = audit_log(app_db)
    assert len(log) == entries + 1
    assert log.select("hvem", "kanal", "handling").row(0) == ("lokal bruker", "app", "roller")


def test_edited_targets_become_a_targets_load(app_db):
    targets = read_mart(app_db, "mal", ["indikator", "aar", "verdi"]).sort("indikator", "aar")
    edited = targets.with_columns(
        pl.when(pl.int_range(pl.len()) == 0).then(99.0).otherwise(pl.col("verdi")).alias("verdi")
    )
    blank = pl.DataFrame(
        {"indikator": [None], "aar": [None], "verdi": [None]}, schema=edited.schema
    )
    result = load_targets(
        app_db,
        SourceFile("mål.csv", targets_csv(pl.concat([edited, blank]))),
        by=Writer("cli", name="ada"),
    )
    assert result.status == "loaded"
    stored = read_mart(app_db, "mal", ["indikator", "aar", "verdi"]).sort("indikator", "aar")
    # The first row's target is now 99; the blank row the editor leaves is not stored.
    assert stored.height == targets.height
    assert stored["verdi"][0] == 99.0


def test_the_role_table_and_the_stored_role_mapping_are_one_and_the_same():
    roles = {"brukere": {"kari@kommune.no": "leser"}, "grupper": {"boligkontoret": "admin"}}
    table = roles_table(roles)
    assert table.rows() == [
        ("brukere", "kari@kommune.no", "leser"),
        ("grupper", "boligkontoret", "admin"),
    ]
    assert roles_value(table) == roles


def test_a_name_a_spreadsheet_would_run_is_quoted_in_the_editor_and_stored_as_it_was():
    # The editor has Streamlit's own "Download as CSV": =HYPERLINK must not reach Excel as is.
    roles = {
        "brukere": {'=hyperlink("http://x")': "leser"},
        "grupper": {"-plan": "planlegger", "+1": "leser"},
    }
    table = roles_table(roles)
    assert table["navn"].to_list() == ['\'=hyperlink("http://x")', "+1", "'-plan"]
    assert roles_value(table) == roles


def test_role_rows_without_a_name_are_left_out_and_names_are_folded():
    table = pl.DataFrame(
        {
            "type": ["brukere", "brukere"],
            "navn": [" Kari@Kommune.no ", None],
            "rolle": ["admin"] * 2,
        }
    )
    assert roles_value(table) == {"brukere": {"kari@kommune.no": "admin"}, "grupper": {}}


def test_a_backup_is_a_zip_of_every_raw_table_and_is_recorded(app_db):
    admin = {"brukere": {"ada@kommune.no": "admin"}, "grupper": {}}
    change_settings(app_db, {"roller": admin}, actor=Actor("ada@kommune.no", "app"))
    ada = Identity(claims={"is_logged_in": True, "email": "ada@kommune.no"})
    archive = zipfile.ZipFile(io.BytesIO(backup_zip(ada)))
    names = sorted(archive.namelist())
    assert "manifest.json" in names
    assert "raw.boliger.parquet" in names
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["rows"]["boliger"] > 0
    log = audit_log(app_db)
    # The demo's mark and its 162 uploads (test_demo: its KOSTRA table, its register of housing
    # projects, its living-conditions survey with descriptions and BrukerPlan among them), the
    # role mapping saved above, and the backup itself, which is in the backup too.
    assert len(log) == manifest["rows"]["audit_log"] == 165
    assert log.select("hvem", "kanal", "handling").row(0) == (
        "ada@kommune.no",
        "app",
        "sikkerhetskopi",
    )


def upload_area_stats(app, content: bytes):
    app.get("file_uploader")[1].set_value([("omr.csv", content, "text/csv")])
    app.run()
    button = next(b for b in app.button if b.label == "Last inn områdestatistikken")
    return button.click().run()


def test_area_statistics_uploaded_here_become_a_load_and_an_audit_entry(open_page, app_db):
    app = open_page("innstillinger")
    csv = b"grunnkrets;aar;innbyggere;boliger_totalt\n11080101;2027;1300;600\n"
    app = upload_area_stats(app, csv)
    assert not app.exception
    assert app.success[0].value == "Lastet områdestatistikk: 1 rader."
    assert read_mart(app_db, "omradestatistikk").rows() == [("11080101", 2027, 1300, 600)]
    log = audit_log(app_db)
    assert log.select("hvem", "kanal", "handling", "hva").row(0) == (
        "lokal bruker",
        "app",
        "områdestatistikk",
        "omr.csv: Lastet områdestatistikk: 1 rader.",
    )


def test_refused_area_statistics_change_nothing_and_are_not_audited(open_page, app_db):
    before = read_mart(app_db, "omradestatistikk").height
    entries = len(audit_log(app_db))
    app = upload_area_stats(open_page("innstillinger"), b"grunnkrets;aar\n123;x\n")
    assert not app.exception
    assert app.error[0].value == "Filen ble avvist. Ingenting er lagret."
    report = app.dataframe[0].value  # the validation report names the missing columns
    assert report["Kolonne"].tolist() == ["innbyggere", "boliger_totalt"]
    assert read_mart(app_db, "omradestatistikk").height == before
    assert len(audit_log(app_db)) == entries


def test_targets_and_areas_saved_here_are_audited_through_the_app(app_db):
    entries = len(audit_log(app_db))
    targets = pl.DataFrame({"indikator": ["venteliste"], "aar": [2030], "verdi": [50.0]})
    areas = json.dumps(AREAS_GEOJSON).encode()

    saved = settings_view.save_targets(targets)  # as the local user
    uploaded = settings_view.upload_reference("områder", "omr.geojson", areas)

    assert (saved.status, uploaded.status) == ("loaded", "loaded")
    log = audit_log(app_db)
    assert len(log) == entries + 2
    # One targets row, two areas (tests/warehouse/conftest.py).
    assert log.head(2).select("hvem", "kanal", "handling", "hva").rows() == [
        ("lokal bruker", "app", "områder", "omr.geojson: Lastet områder: 2 rader."),
        ("lokal bruker", "app", "mål", "mål fra Innstillinger.csv: Lastet mål: 1 rader."),
    ]
