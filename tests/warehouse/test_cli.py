"""The command line: exit codes, every error printed without values, the warehouse path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from indicators.service import keep_month_values
from tests.snapshot_files import SNAPSHOT_MONTH, csv_bytes, dwellings, households
from tests.warehouse.conftest import fingerprint
from warehouse.settings import change_settings

ROOT = Path(__file__).resolve().parents[2]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


@pytest.fixture
def snapshot_csvs(tmp_path: Path) -> tuple[Path, Path]:
    """The test month as two CSV files in the Norwegian Excel dialect."""
    boliger = tmp_path / "boliger.csv"
    husstander = tmp_path / "husstander.csv"
    boliger.write_bytes(csv_bytes(dwellings(), encoding="cp1252"))
    husstander.write_bytes(csv_bytes(households(), encoding="cp1252"))
    return boliger, husstander


def test_ingest_exits_0_when_loaded_and_again_when_unchanged(tmp_path, snapshot_csvs):
    db = tmp_path / "w.duckdb"
    first = run_cli("--db", str(db), "ingest", "--month", SNAPSHOT_MONTH, *map(str, snapshot_csvs))
    again = run_cli("--db", str(db), "ingest", "--month", SNAPSHOT_MONTH, *map(str, snapshot_csvs))

    assert first.returncode == 0, first.stdout + first.stderr
    assert "Lastet 2024-01: boliger (3 rader), husstander (3 rader)." in first.stdout
    assert again.returncode == 0
    assert "allerede lastet" in again.stdout
    assert keep_month_values(db) == []  # the month's indicator values were stored by ingest


def test_a_refused_ingest_exits_1_prints_every_error_and_stores_nothing(tmp_path):
    db = tmp_path / "w.duckdb"
    run_cli("--db", str(db), "init")
    before = fingerprint(db)
    bad = dwellings()
    bad[0]["rom"] = "tre"  # row 2: not a number
    bad[2]["status"] = "solgt"  # row 4: not a code
    path = tmp_path / "boliger.csv"
    path.write_bytes(csv_bytes(bad))

    result = run_cli("--db", str(db), "ingest", "--month", SNAPSHOT_MONTH, str(path))

    assert result.returncode == 1
    errors = [line for line in result.stdout.splitlines() if line.startswith("FEIL:")]
    assert len(errors) == 2
    assert "boliger.csv, rad 2, kolonne rom" in errors[0]
    assert "boliger.csv, rad 4, kolonne status" in errors[1]
    assert "tre" not in result.stdout and "solgt" not in result.stdout
    assert fingerprint(db) == before


def test_the_warehouse_path_comes_from_the_environment_when_db_is_not_given(tmp_path):
    db = tmp_path / "from-env.duckdb"
    result = run_cli("init", env={"BOLIGMONITOR_DB": str(db)})
    assert result.returncode == 0
    assert db.exists()


def test_loads_and_restore_from_the_command_line(tmp_path, snapshot_csvs):
    db = tmp_path / "w.duckdb"
    boliger, husstander = snapshot_csvs
    run_cli("--db", str(db), "ingest", "--month", SNAPSHOT_MONTH, str(boliger), str(husstander))
    changed = households()
    changed[1]["personer"] = 2
    husstander.write_bytes(csv_bytes(changed))

    refused = run_cli("--db", str(db), "ingest", "--month", SNAPSHOT_MONTH, str(husstander))
    replaced = run_cli(
        "--db", str(db), "ingest", "--month", SNAPSHOT_MONTH, "--replace", str(husstander)
    )
    restored = run_cli("--db", str(db), "restore", "--load", "2")
    listing = run_cli("--db", str(db), "loads")

    assert refused.returncode == 1 and "Bekreft erstatning" in refused.stdout
    assert replaced.returncode == 0
    assert restored.returncode == 0 and "Last 2 er aktiv igjen" in restored.stdout
    assert listing.returncode == 0
    # Newest first: load 3 (the replacement, now inactive again), 2 (restored), 1 (boliger).
    table = [line.split() for line in listing.stdout.splitlines()[1:]]
    assert [(row[0], row[2], row[-1]) for row in table] == [
        ("3", "husstander", "nei"),
        ("2", "husstander", "ja"),
        ("1", "boliger", "ja"),
    ]
    assert keep_month_values(db) == []  # stored for the restored load too


def test_backup_and_restore_backup_round_trip(tmp_path, snapshot_csvs):
    db = tmp_path / "w.duckdb"
    run_cli("--db", str(db), "ingest", "--month", SNAPSHOT_MONTH, *map(str, snapshot_csvs))

    saved = run_cli("--db", str(db), "backup", "--out", str(tmp_path / "backup"))
    restored = run_cli(
        "--db", str(tmp_path / "copy.duckdb"), "restore-backup", str(tmp_path / "backup")
    )
    again = run_cli(
        "--db", str(tmp_path / "copy.duckdb"), "restore-backup", str(tmp_path / "backup")
    )

    assert saved.returncode == 0 and restored.returncode == 0
    assert fingerprint(tmp_path / "copy.duckdb") == fingerprint(db)
    assert again.returncode == 1 and "finnes allerede" in again.stdout
    assert keep_month_values(tmp_path / "copy.duckdb") == []  # computed again on restoring


def test_two_ingests_at_once_both_land_one_after_the_other(tmp_path, snapshot_csvs):
    db = tmp_path / "w.duckdb"
    run_cli("--db", str(db), "init")
    boliger, husstander = snapshot_csvs
    command = [sys.executable, str(ROOT / "cli.py"), "--db", str(db), "ingest"]
    # The same files for two different months, started together: one waits for the other.
    processes = [
        subprocess.Popen(
            [*command, "--month", month, str(boliger), str(husstander)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for month in ("2024-01", "2024-02")
    ]
    outputs = [process.communicate(timeout=300)[0] for process in processes]

    assert [process.returncode for process in processes] == [0, 0], outputs
    listing = run_cli("--db", str(db), "loads")
    months = sorted(line.split()[1] for line in listing.stdout.splitlines()[1:])
    assert months == ["2024-01", "2024-01", "2024-02", "2024-02"]


def test_suppressed_indicators_use_the_k_an_admin_set_not_the_default(tmp_path):
    db = tmp_path / "w.duckdb"
    waiting = [dict(row, situasjon="venteliste", bolig_id=None) for row in households()]
    waiting = [
        dict(row, soknadsdato=row["soknadsdato"] or row["i_situasjon_fra"]) for row in waiting
    ]
    husstander = tmp_path / "husstander.csv"
    boliger = tmp_path / "boliger.csv"
    husstander.write_bytes(csv_bytes(waiting))
    boliger.write_bytes(csv_bytes(dwellings()))
    loaded = run_cli(
        "--db", str(db), "ingest", "--month", SNAPSHOT_MONTH, str(boliger), str(husstander)
    )
    assert loaded.returncode == 0, loaded.stdout
    out = tmp_path / "indikatorer.csv"

    def waiting_list() -> str:
        result = run_cli("--db", str(db), "indicators", "--out", str(out), "--suppress")
        assert result.returncode == 0, result.stdout + result.stderr
        lines = out.read_text(encoding="utf-8").splitlines()
        return next(line for line in lines if line.startswith("venteliste,"))

    # Three households wait: 3 is not below the default k = 3, so it shows.
    assert waiting_list() == "venteliste,2024-01,3,false"
    # An admin raises k to 4 in Innstillinger: 3 is below it, so the export hides it too.
    change_settings(db, {"prikking_k": 4}, changed_by="ada@kommune.no")
    assert waiting_list() == "venteliste,2024-01,,true"
