"""`cli.py kostra FILE` and `cli.py kostra-utkast --year YYYY --out FILE`."""

from __future__ import annotations

import polars as pl
import pytest

from demo.kostra import kostra_csv
from tests.services.test_kostra import SANDNES_AND_MORE, table
from tests.warehouse.conftest import fingerprint
from tests.warehouse.test_cli import run_main
from warehouse.audit import audit_log
from warehouse.db import connect


def test_kostra_loads_a_table_prints_the_unknown_codes_and_exits_0(db, tmp_path, capsys):
    path = tmp_path / SANDNES_AND_MORE.name
    path.write_bytes(SANDNES_AND_MORE.content)

    code, printed = run_main(capsys, "--db", str(db), "kostra", str(path))

    assert code == 0
    assert printed.splitlines() == [
        "Lastet KOSTRA-tabell: 6 rader. 2 ukjente regionkoder, 1 ukjente variabelkoder.",
        "ADVARSEL: kostra.csv: Ukjente regionkoder: 2. Radene deres er ikke tatt med (se listen).",
        "ADVARSEL: kostra.csv: Ukjente variabelkoder: 1. Radene deres er ikke tatt med (se "
        "listen).",
        "Ukjente regionkoder: 1102, 9999",
        "Ukjente variabelkoder: KOSukjentvariabel000",
    ]
    assert audit_log(db).select("handling", "kanal").rows() == [("kostra", "cli")]


def test_the_demo_csv_loads_from_the_command_line(db, tmp_path, capsys):
    path = tmp_path / "kostra_demo.csv"
    path.write_bytes(kostra_csv().content)

    code, printed = run_main(capsys, "--db", str(db), "kostra", str(path))

    # 9 regions × 5 variables × 11 years, Sandnes's waiting list included.
    assert (code, printed.splitlines()[0]) == (
        0,
        "Lastet KOSTRA-tabell: 495 rader. 0 ukjente regionkoder, 0 ukjente variabelkoder.",
    )


def test_a_refused_table_exits_1_prints_the_error_and_stores_nothing(db, tmp_path, capsys):
    path = tmp_path / "gammel.csv"
    path.write_bytes(table('"K-1102 Sandnes";"KOSventelistetil0000";"1";"2"').content)
    before = fingerprint(db)

    code, printed = run_main(capsys, "--db", str(db), "kostra", str(path))

    assert code == 1
    assert printed.splitlines()[0] == "Filen ble avvist. Ingenting er lagret."
    assert "FEIL: gammel.csv: Ingen rad har både en region" in printed
    assert fingerprint(db) == before


def test_the_draft_is_written_with_every_figure_and_its_rule(demo_db, tmp_path, capsys):
    out = tmp_path / "utkast.csv"

    code, printed = run_main(
        capsys, "--db", str(demo_db), "kostra-utkast", "--year", "2025", "--out", str(out)
    )

    assert (code, printed.strip()) == (0, f"Skrev {out}.")
    draft = pl.read_csv(out)
    assert draft.columns == [
        "figur",
        "navn",
        "aar",
        "verdi",
        "i_fjor",
        "endring_prosent",
        "stort_sprang",
        "til_og_med",
        "maaneder",
        "regel",
    ]
    assert draft.height == 17
    # The stock in all is December 2025's dwellings, counted here straight from the mart.
    with connect(demo_db) as con:
        (december,) = con.execute(
            "select count(*) from marts.boliger where maaned = date '2025-12-01'"
        ).fetchone()
    first = draft.row(0, named=True)
    assert (first["figur"], first["verdi"], first["til_og_med"]) == (
        "boliger_i_alt",
        december,
        "2025-12-01",
    )


@pytest.mark.parametrize("year", ["25", "2025-12", "tjuefem", ""])
def test_a_year_that_is_not_yyyy_is_refused_before_anything_is_read(db, tmp_path, capsys, year):
    out = tmp_path / "utkast.xlsx"

    code, printed = run_main(
        capsys, "--db", str(db), "kostra-utkast", "--year", year, "--out", str(out)
    )

    assert (code, printed.strip()) == (1, "FEIL: --year: året må skrives ÅÅÅÅ, for eksempel 2025.")
    assert not out.exists()


def test_a_year_without_snapshots_is_a_norwegian_error_and_exit_1(db, tmp_path, capsys):
    out = tmp_path / "utkast.xlsx"

    code, printed = run_main(
        capsys, "--db", str(db), "kostra-utkast", "--year", "2031", "--out", str(out)
    )

    assert (code, printed.strip()) == (1, "FEIL: Året 2031 har ingen øyeblikksbilder.")
    assert not out.exists()
