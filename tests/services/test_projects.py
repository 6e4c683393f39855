"""The register of housing projects through services: loaded with the date it describes,
audited, restorable like every reference file, refused for a role that may not upload; and the
pipeline indicators counted from it, from the month of that date on."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from core.problems import SourceFile
from core.roles import ROLES_FILE_ENV, Identity
from services import ingest as loading
from services import projects
from services.access import Writer
from services.indicators import indicator_values
from services.reference import load_register, register_date_default
from tests.snapshot_files import dwellings, households, snapshot_files
from tests.warehouse.conftest import TESTING, fingerprint
from warehouse.audit import Actor, audit_log
from warehouse.settings import change_settings

HEADER = (
    "prosjekt_id;navn;grunnkrets;lat;lon;boliger;boligtype;eierform;status;forventet_ferdig;"
    "ferdig_dato;gjennomforing;salg_til_beboere\r\n"
)


def register_file(*rows: str, name: str = "prosjekter.csv") -> SourceFile:
    """A register CSV with the given data lines (`;`-separated, in HEADER's order)."""
    return SourceFile(name, (HEADER + "".join(row + "\r\n" for row in rows)).encode())


# 18 small houses planned; 7 homes for young people finished on 15.01.2024, all sold to their
# residents; 4 dwellings bought, under construction; a cancelled project.
REGISTER = register_file(
    "P1;Småhus Sørbø;11080101;;;18;smahus;eid;planlagt;2017-Q4;;nybygg;",
    "P2;Boliger for unge;;58,86;5,76;7;omsorg;eid;ferdig;;15.01.2024;nybygg;7",
    "P3;Kjøp Hana;11080102;;;4;ordinaer;eid;under_bygging;2016;;kjop;",
    "P4;Avlyst tomt;11080102;;;30;ordinaer;eid;avlyst;;;tomteselskap;",
)


def load(db: Path, file: SourceFile = REGISTER, as_of: date = date(2024, 1, 31)):
    return load_register(db, file, by=TESTING, as_of=as_of)


def test_a_register_is_stored_with_the_date_it_describes_and_one_audit_row(db):
    result = load(db)

    assert result.status == "loaded", [str(p) for p in result.problems]
    register = projects.register(db)
    assert register["prosjekt_id"].to_list() == ["P1", "P2", "P3", "P4"]
    assert register["boliger"].to_list() == [18, 7, 4, 30]
    assert set(register["gjelder_per"]) == {date(2024, 1, 31)}
    assert register["forventet_ferdig"].to_list() == ["2017-Q4", None, "2016", None]
    (entry,) = audit_log(db).select("handling", "hva").rows()
    assert entry == ("boligprosjekter", "prosjekter.csv: Lastet prosjektregisteret: 4 rader.")


def test_the_same_register_again_changes_nothing(db):
    load(db)
    before = fingerprint(db)

    assert load(db).status == "unchanged"
    assert fingerprint(db) == before


def test_the_same_register_file_with_a_new_date_is_a_new_load_of_that_date(db):
    load(db)

    result = load(db, as_of=date(2024, 6, 30))

    # The projects have not moved, but the register now says how they stood on 30.06.2024.
    assert result.status == "loaded"
    assert set(projects.register(db)["gjelder_per"]) == {date(2024, 6, 30)}
    assert len(audit_log(db)) == 2


def test_an_earlier_register_can_be_restored_and_its_own_date_applies_again(db):
    first = load(db).load_ids[0]
    newer = register_file("P9;Nytt prosjekt;11080101;;;3;ordinaer;eid;regulert;2027;;nybygg;")
    assert load(db, newer, as_of=date(2024, 6, 30)).status == "loaded"
    assert projects.register(db)["prosjekt_id"].to_list() == ["P9"]

    assert loading.restore(db, [first], by=TESTING).status == "loaded"

    register = projects.register(db)
    assert register["prosjekt_id"].to_list() == ["P1", "P2", "P3", "P4"]
    assert projects.register_date(register) == date(2024, 1, 31)


def test_a_role_that_may_not_upload_stores_no_register(db, tmp_path, monkeypatch):
    monkeypatch.setenv(ROLES_FILE_ENV, str(tmp_path / "ingen_rollefil.toml"))
    roles = {"brukere": {"per@kommune.no": "planlegger"}, "grupper": {}}
    change_settings(db, {"roller": roles}, actor=Actor("kari@kommune.no", "app"))
    before = fingerprint(db)
    per = Writer("app", Identity(claims={"email": "per@kommune.no"}), sign_in=True)

    result = load_register(db, REGISTER, by=per)

    assert result.status == "refused"
    assert "prosjektregisteret" in result.summary
    assert fingerprint(db) == before


def test_a_register_uploaded_without_a_date_describes_the_end_of_the_month_before():
    assert register_date_default(date(2026, 10, 3)) == date(2026, 9, 30)
    assert register_date_default(date(2026, 1, 1)) == date(2025, 12, 31)


@pytest.mark.parametrize(
    ("month", "expected"),
    [
        # Before the register's month: no value (its statuses say nothing about then).
        ("2023-12", {"planlagt": None, "regulert": None, "under_bygging": None, "ferdig": None}),
        # January 2024: 18 planned, 4 under construction, 7 finished in 2024 (P2, 15 January);
        # the cancelled 30 count nowhere.
        ("2024-01", {"planlagt": 18, "regulert": 0, "under_bygging": 4, "ferdig": 7}),
    ],
)
def test_pipeline_values_count_the_registers_units_from_its_month_on(db, month, expected):
    for snapshot_month in ("2023-12", "2024-01"):
        files = snapshot_files("utf-8", dwellings(), households())
        assert loading.ingest(db, snapshot_month, files, by=TESTING).status == "loaded"
    load(db)

    values = indicator_values(db, "month").filter(pl.col("periode") == month)

    by_id = dict(values.select("indikator", "verdi").iter_rows())
    assert {
        "planlagt": by_id["prosjektboliger_planlagt"],
        "regulert": by_id["prosjektboliger_regulert"],
        "under_bygging": by_id["prosjektboliger_under_bygging"],
        "ferdig": by_id["prosjektboliger_ferdig_i_aar"],
    } == expected


def test_without_a_register_there_are_no_pipeline_values(db):
    files = snapshot_files("utf-8", dwellings(), households())
    loading.ingest(db, "2024-01", files, by=TESTING)

    values = indicator_values(db, "month")

    pipeline = values.filter(pl.col("indikator").str.starts_with("prosjektboliger_"))
    assert pipeline["verdi"].is_null().all()
