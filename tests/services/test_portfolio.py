"""Boligmasse through services and the command line: the portfolio indicators from the
warehouse, the months whose files lacked the 1.1 columns, the lease list and its export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

import cli
from services import ingest as loading
from services.indicators import indicator_values
from services.portfolio import lease_list, portfolio_breakdowns
from tests.snapshot_files import csv_bytes, dwellings, households, snapshot_files
from tests.warehouse.conftest import TESTING

# The test month's dwellings (tests/snapshot_files.py): B1 eid ordinaer, B2 innleid omsorg
# (grunnkrets 11080102), B3 tildelingsrett smahus. Version 1.1 columns for January 2024 (d(m)
# 31.01.2024): B2's lease ends 30.04.2024 (within 3 months), B3's owner is landlord U-2.
LEASES = {
    "utleier_id": [None, "U-1", "U-2"],
    "leieavtale_til": [None, date(2024, 4, 30), None],
}


def with_columns(rows, columns):
    return [
        {**row, **{name: values[i] for name, values in columns.items()}}
        for i, row in enumerate(rows)
    ]


def load_two_months(db: Path) -> None:
    """December 2023 as a version-1.0 file, January 2024 with the 1.1 columns."""
    december = snapshot_files("utf-8", dwellings(), households())
    january = snapshot_files("utf-8", with_columns(dwellings(), LEASES), households())
    for month, files in (("2023-12", december), ("2024-01", january)):
        assert loading.ingest(db, month, files, by=TESTING).status == "loaded"


def values_of(db: Path, month: str) -> dict[str, float | None]:
    values = indicator_values(db, "month").filter(pl.col("periode") == month)
    return dict(values.select("indikator", "verdi").iter_rows())


def test_portfolio_indicators_are_counted_from_the_warehouse_where_the_file_had_the_columns(db):
    load_two_months(db)

    january, december = values_of(db, "2024-01"), values_of(db, "2023-12")

    # One innleid dwelling (B2); landlords U-1 (innleid) and U-2 (tildelingsrett); B2's lease
    # ends 30.04.2024: within 3, 6 and 12 months; no open-ended lease; one small house (B3).
    assert january["innleide_boliger"] == 1
    assert january["private_utleiere"] == 2
    assert [january[f"innleie_utloper_{k}_mnd"] for k in (3, 6, 12)] == [1, 1, 1]
    assert january["innleie_uten_sluttdato"] == 0
    assert (january["smahus"], january["boliger_med_personalbase"]) == (1, 0)
    # The same three dwellings both months: none in, none out.
    assert (january["boliger_inn"], january["boliger_ut"]) == (0, 0)
    # December's file had no 1.1 column: no value for what needs one (not zero) ...
    assert december["private_utleiere"] is None
    assert december["innleie_utloper_6_mnd"] is None
    # ... and the landlord flows need the column in both months.
    assert january.get("private_utleiere_nye") is None
    # What needs only version-1 columns has its value in December too.
    assert december["innleide_boliger"] == 1


def test_the_months_that_lack_the_new_columns_are_named(db):
    load_two_months(db)

    missing = portfolio_breakdowns(db, "month").missing

    assert missing.rows() == [
        (date(2023, 12, 1), ["utleier_id", "leieavtale_til"]),
        (date(2024, 1, 1), []),
    ]


def test_the_lease_list_names_the_dwelling_its_area_and_the_date(db):
    load_two_months(db)

    leases = lease_list(db, "2024-01")

    assert leases.rows() == [("B2", "11080102", date(2024, 4, 30), 3)]


def test_cli_portfolio_writes_the_lease_list_and_cli_projects_loads_a_register(
    db, tmp_path, capsys
):
    load_two_months(db)
    out = tmp_path / "boligmasse.csv"

    assert cli.main(["--db", str(db), "portfolio", "--month", "2024-01", "--out", str(out)]) == 0
    assert pl.read_csv(out, try_parse_dates=True).rows() == [("B2", 11080102, date(2024, 4, 30), 3)]

    register = tmp_path / "prosjekter.csv"
    register.write_bytes(
        csv_bytes(
            [
                {
                    "prosjekt_id": "P1",
                    "navn": "Småhus",
                    "grunnkrets": "11080101",
                    "boliger": "18",
                    "boligtype": "smahus",
                    "eierform": "eid",
                    "status": "planlagt",
                    "forventet_ferdig": "2027",
                }
            ]
        )
    )
    code = cli.main(["--db", str(db), "projects", str(register), "--per", "31.01.2024"])
    assert code == 0, capsys.readouterr().out
    assert values_of(db, "2024-01")["prosjektboliger_planlagt"] == 18


def test_cli_projects_refuses_a_date_that_is_not_one(db, tmp_path, capsys):
    register = tmp_path / "prosjekter.csv"
    register.write_bytes(b"prosjekt_id\r\nP1\r\n")

    assert cli.main(["--db", str(db), "projects", str(register), "--per", "i morgen"]) == 1
    assert (
        capsys.readouterr().out == "FEIL: --per: datoen må skrives dd.mm.åååå eller åååå-mm-dd.\n"
    )
