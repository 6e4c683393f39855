"""The command line: exit codes, every error printed without values, the warehouse path."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

import cli
from services.indicators import keep_month_values
from tests.snapshot_files import SNAPSHOT_MONTH, csv_bytes, dwellings, households
from tests.warehouse.conftest import areas_file_bytes, fingerprint, restored_fingerprint
from warehouse.audit import Actor, audit_log
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
    assert restored_fingerprint(tmp_path / "copy.duckdb") == fingerprint(db)
    assert again.returncode == 1 and "finnes allerede" in again.stdout
    assert keep_month_values(tmp_path / "copy.duckdb") == []  # computed again on restoring


def test_backup_and_restore_backup_work_through_a_folder_whose_name_has_a_quote(
    tmp_path, snapshot_csvs
):
    db = tmp_path / "w.duckdb"
    folder = tmp_path / "backup" / "kari's kopi"
    run_cli("--db", str(db), "ingest", "--month", SNAPSHOT_MONTH, *map(str, snapshot_csvs))

    saved = run_cli("--db", str(db), "backup", "--out", str(folder))
    restored = run_cli("--db", str(tmp_path / "o'hara.duckdb"), "restore-backup", str(folder))

    assert saved.returncode == 0, saved.stdout + saved.stderr
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert restored_fingerprint(tmp_path / "o'hara.duckdb") == fingerprint(db)


def test_every_change_through_the_command_line_has_one_audit_entry_with_door_cli(
    tmp_path, snapshot_csvs
):
    db = tmp_path / "w.duckdb"
    boliger, husstander = snapshot_csvs
    areas = tmp_path / "omrader.geojson"
    areas.write_bytes(areas_file_bytes())
    stats = tmp_path / "statistikk.csv"
    stats.write_text("grunnkrets;aar;innbyggere;boliger_totalt\n11080101;2024;1234;500\n")
    targets = tmp_path / "mal.csv"
    targets.write_text("indikator;aar;verdi\nmidlertidig;2016;150\n")
    changed = households()
    changed[1]["personer"] = 2
    replacement = tmp_path / "ny" / "husstander.csv"
    replacement.parent.mkdir()
    replacement.write_bytes(csv_bytes(changed))
    commands = [
        ("areas", str(areas)),
        ("area-stats", str(stats)),
        ("targets", str(targets)),
        ("ingest", "--month", SNAPSHOT_MONTH, str(boliger), str(husstander)),
        ("ingest", "--month", SNAPSHOT_MONTH, "--replace", str(replacement)),
        ("restore", "--load", "5"),
        ("backup", "--out", str(tmp_path / "backup")),
    ]
    for command in commands:
        done = run_cli("--db", str(db), *command)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    copy = tmp_path / "copy.duckdb"
    assert run_cli("--db", str(copy), "restore-backup", str(tmp_path / "backup")).returncode == 0

    who = f"cli ({getpass.getuser()})"
    log = audit_log(db).reverse()
    assert set(log["hvem"]) == {who} and set(log["kanal"]) == {"cli"}
    # Loads 1-3 are the reference tables, 4-5 the month, 6 the replacing husstander.
    assert log["handling"].to_list() == [
        "områder",
        "områdestatistikk",
        "mål",
        "opplasting",
        "erstatning",
        "gjenoppretting",
        "sikkerhetskopi",
    ]
    assert audit_log(copy).select("hvem", "kanal", "handling").row(0) == (
        who,
        "cli",
        "gjenoppretting fra sikkerhetskopi",
    )


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


BAD_QUARTER = "FEIL: --quarter: kvartalet må skrives ÅÅÅÅ-QN, for eksempel 2026-Q3."


@pytest.mark.parametrize(
    ("quarter", "out", "message"),
    [
        (
            "2026-Q5",
            "rapport.pdf",
            "FEIL: --quarter: kvartalet må skrives ÅÅÅÅ-QN, for eksempel 2026-Q3.",
        ),
        (
            "2026-3",
            "rapport.pdf",
            "FEIL: --quarter: kvartalet må skrives ÅÅÅÅ-QN, for eksempel 2026-Q3.",
        ),
        ("2026-Q3", "rapport.docx", "FEIL: --out: filen må slutte på .pdf eller .xlsx."),
    ],
)
def test_a_report_for_a_quarter_or_file_that_cannot_be_used_is_a_norwegian_error(
    tmp_path, quarter, out, message
):
    target = tmp_path / out

    result = run_cli(
        "--db", str(tmp_path / "w.duckdb"), "report", "--quarter", quarter, "--out", str(target)
    )

    assert (result.returncode, result.stdout.strip()) == (1, message)
    assert "Traceback" not in result.stderr
    assert not target.exists()


def test_the_council_report_is_written_by_the_command_line(demo_db, tmp_path):
    out = tmp_path / "kvartalsrapport.xlsx"

    result = run_cli("--db", str(demo_db), "report", "--quarter", "2026-Q3", "--out", str(out))

    assert (result.returncode, result.stdout.strip()) == (0, f"Skrev {out}.")
    assert out.read_bytes()[:2] == b"PK"  # an XLSX workbook is a zip file


def test_concentration_for_month_13_is_a_norwegian_error_with_exit_1_and_no_traceback(tmp_path):
    out = tmp_path / "opphopning.csv"

    result = run_cli(
        "--db", str(tmp_path / "w.duckdb"), "concentration", "--month", "2026-13", "--out", str(out)
    )

    assert result.returncode == 1
    assert (
        result.stdout.strip() == "FEIL: --month: Måneden må skrives ÅÅÅÅ-MM, for eksempel 2024-01."
    )
    assert "Traceback" not in result.stderr
    assert not out.exists()


def run_main(capsys, *args: str) -> tuple[int, str]:
    """cli.main in this process: the exit code and what it printed (stdout and stderr)."""
    code = cli.main(list(args))
    printed = capsys.readouterr()
    return code, printed.out + printed.err


@pytest.mark.parametrize("month", ["2026-13", "2026-00", "26-10", "2026-1", "oktober", ""])
def test_every_month_that_is_not_yyyy_mm_is_refused_before_anything_is_read(
    db, tmp_path, capsys, month
):
    out = tmp_path / "opphopning.csv"
    before = fingerprint(db)

    code, printed = run_main(
        capsys, "--db", str(db), "concentration", "--month", month, "--out", str(out)
    )

    assert (code, printed) == (
        1,
        "FEIL: --month: Måneden må skrives ÅÅÅÅ-MM, for eksempel 2024-01.\n",
    )
    assert not out.exists()
    assert fingerprint(db) == before


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("opphopning.txt", "FEIL: --out: filen må slutte på .csv eller .xlsx.\n"),
        ("finnes-ikke/opphopning.csv", "FEIL: --out: mappen {tmp}/finnes-ikke finnes ikke.\n"),
        (".", "FEIL: --out: {tmp} er en mappe; oppgi en fil.\n"),
    ],
)
def test_an_export_file_that_cannot_be_written_is_refused_before_anything_is_computed(
    db, tmp_path, capsys, out, message
):
    code, printed = run_main(
        capsys, "--db", str(db), "concentration", "--month", "2024-01", "--out", str(tmp_path / out)
    )
    assert (code, printed) == (1, message.format(tmp=tmp_path))


@pytest.mark.parametrize("command", ["ingest", "areas", "area-stats", "targets"])
def test_an_input_file_that_is_missing_or_a_folder_is_refused_and_nothing_is_stored(
    db, tmp_path, capsys, command
):
    before = fingerprint(db)
    month = ["--month", SNAPSHOT_MONTH] if command == "ingest" else []
    missing = tmp_path / "finnes-ikke.csv"

    gone = run_main(capsys, "--db", str(db), command, *month, str(missing))
    folder = run_main(capsys, "--db", str(db), command, *month, str(tmp_path))

    assert gone == (1, f"FEIL: Finner ikke filen {missing}.\n")
    assert folder == (1, f"FEIL: {tmp_path} er en mappe, ikke en fil.\n")
    assert fingerprint(db) == before


def test_an_input_file_that_cannot_be_read_is_refused_and_nothing_is_stored(
    db, tmp_path, capsys, snapshot_csvs, monkeypatch
):
    # Tests run as root, who reads every file: the refusal is played by the file system.
    def refuse(path: Path) -> bytes:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "read_bytes", refuse)
    before = fingerprint(db)
    boliger, husstander = snapshot_csvs

    result = run_main(
        capsys, "--db", str(db), "ingest", "--month", SNAPSHOT_MONTH, str(boliger), str(husstander)
    )

    assert result == (1, f"FEIL: Har ikke lov til å lese filen {boliger}.\n")
    assert fingerprint(db) == before


@pytest.mark.parametrize("load", ["to", "-1", "1.5", "", "99999999999", "2147483648"])
def test_a_load_number_that_is_not_a_whole_number_of_a_load_is_refused(db, capsys, load):
    before = fingerprint(db)
    result = run_main(capsys, "--db", str(db), "restore", "--load", load)
    assert result == (
        1,
        "FEIL: --load må være nummeret på en last, et helt tall (se «cli.py loads»).\n",
    )
    assert fingerprint(db) == before


def test_a_load_number_no_load_has_is_refused_by_name(db, capsys):
    code, printed = run_main(capsys, "--db", str(db), "restore", "--load", "2147483647")
    assert code == 1
    assert "FEIL: gjenoppretting: Det finnes ingen last med nummer 2147483647." in printed


def test_a_backup_folder_that_is_a_file_or_cannot_be_made_is_refused(db, tmp_path, capsys):
    a_file = tmp_path / "notat.txt"
    a_file.write_text("ikke en mappe")
    before = fingerprint(db)

    over_a_file = run_main(capsys, "--db", str(db), "backup", "--out", str(a_file))
    inside_a_file = run_main(capsys, "--db", str(db), "backup", "--out", str(a_file / "kopi"))

    assert over_a_file == (1, f"FEIL: --out: {a_file} finnes og er ikke en mappe.\n")
    assert inside_a_file[0] == 1
    assert inside_a_file[1].startswith(f"FEIL: Kan ikke lese eller skrive {a_file / 'kopi'} (")
    assert fingerprint(db) == before  # not even the backup's audit entry


@pytest.mark.parametrize("folder", ["finnes-ikke", "notat.txt"])
def test_restore_backup_from_a_folder_that_is_not_a_backup_is_refused(tmp_path, capsys, folder):
    (tmp_path / "notat.txt").write_text("ikke en mappe")
    target = tmp_path / "ny.duckdb"

    code, printed = run_main(capsys, "--db", str(target), "restore-backup", str(tmp_path / folder))

    assert code == 1
    assert printed == (
        f"FEIL: {tmp_path / folder} er ikke en sikkerhetskopi fra Boligmonitor "
        "(mangler manifest.json).\n"
    )
    assert not target.exists()


def test_a_warehouse_path_that_is_a_folder_or_not_a_warehouse_is_refused(tmp_path, capsys):
    not_a_warehouse = tmp_path / "notat.duckdb"
    not_a_warehouse.write_text("ikke et datavarehus")

    folder = run_main(capsys, "--db", str(tmp_path), "loads")
    text = run_main(capsys, "--db", str(not_a_warehouse), "loads")

    assert folder == (1, f"FEIL: --db: {tmp_path} er en mappe; oppgi datavarehusets fil.\n")
    assert text == (
        1,
        f"FEIL: Datavarehuset {not_a_warehouse} kan ikke åpnes: filen er ikke et datavarehus "
        "fra Boligmonitor, eller den kan ikke leses.\n",
    )
    assert not_a_warehouse.read_text() == "ikke et datavarehus"


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
    change_settings(db, {"prikking_k": 4}, actor=Actor("ada@kommune.no", "app"))
    assert waiting_list() == "venteliste,2024-01,,true"


def test_a_survey_with_its_descriptions_and_brukerplan_load_from_the_command_line(
    db, tmp_path, capsys
):
    areas = tmp_path / "omrader.geojson"
    areas.write_bytes(areas_file_bytes())
    assert run_main(capsys, "--db", str(db), "areas", str(areas))[0] == 0
    survey = tmp_path / "levekar.csv"
    survey.write_text("omrade;aar;lavinntekt_andel\n11080101;2025;12,5\n11080102;2025;8\n")
    described = tmp_path / "levekar_indikatorer.csv"
    described.write_text("kolonne;navn;hoy_er_darlig\nlavinntekt_andel;Lavinntekt;ja\n")
    plan = tmp_path / "brukerplan.csv"
    plan.write_text("aar;boforhold;antall\n2024;uten_bolig;3\n")

    code, printed = run_main(
        capsys, "--db", str(db), "levekar", str(survey), "--indikatorer", str(described)
    )
    # Two areas with one value each; one description.
    assert (code, printed.splitlines()[0]) == (
        0,
        "Lastet levekår: 2 verdier, 1 indikatorbeskrivelser.",
    )
    code, printed = run_main(capsys, "--db", str(db), "brukerplan", str(plan))
    # Only one of the six situations in 2024: loaded, with a warning.
    assert code == 0 and printed.splitlines()[1].startswith("ADVARSEL: brukerplan.csv")
    doors = audit_log(db).select("kanal", "handling").rows()[:3]
    assert doors == [("cli", "BrukerPlan"), ("cli", "levekårsindikatorer"), ("cli", "levekår")]


def test_a_refused_survey_exits_1_and_stores_nothing(db, tmp_path, capsys):
    survey = tmp_path / "levekar.csv"
    survey.write_text("omrade;aar;x\n11080101;2025;1\n")
    before = fingerprint(db)

    # No areas are loaded, so no area of the file is known.
    code, printed = run_main(capsys, "--db", str(db), "levekar", str(survey))

    assert code == 1
    assert "Ingen av områdene i filen finnes blant områdene som er lastet opp." in printed
    assert fingerprint(db) == before


def test_publish_writes_the_current_version_and_then_says_it_is_unchanged(tmp_path, snapshot_csvs):
    db, out = tmp_path / "w.duckdb", tmp_path / "published"
    run_cli("--db", str(db), "ingest", "--month", SNAPSHOT_MONTH, *map(str, snapshot_csvs))
    first = run_cli("--db", str(db), "publish", "--out", str(out))
    again = run_cli("--db", str(db), "publish", "--out", str(out), "--keep", "1")
    # One load event per table (boliger, husstander), no setting changed: version 2 + 0.
    folder = "v000002"
    assert [entry.name for entry in out.iterdir() if entry.name.startswith("v")] == [folder]
    assert (first.returncode, first.stdout) == (0, f"Publisert {folder} til {out}.\n")
    assert (again.returncode, again.stdout) == (
        0,
        f"Uendret: {folder} er allerede publisert i {out}.\n",
    )


def test_publishing_a_warehouse_that_does_not_exist_exits_1_and_publishes_nothing(tmp_path):
    out = tmp_path / "published"
    result = run_cli("--db", str(tmp_path / "none.duckdb"), "publish", "--out", str(out))
    assert result.returncode == 1
    assert result.stderr == "FEIL: Datavarehuset none.duckdb finnes ikke; ingenting å publisere.\n"
    assert not out.exists() or not [
        entry for entry in out.iterdir() if entry.name != ".publish.lock"
    ]


@pytest.mark.parametrize("option", [("--keep", "0"), ("--keep-days", "-1"), ("--keep", "x")])
def test_publish_refuses_a_retention_that_is_not_a_count(tmp_path, option, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--db", str(tmp_path / "w.duckdb"), "publish", "--out", str(tmp_path), *option])
    assert exit_.value.code == 2
    assert "et " in capsys.readouterr().err


def test_an_ingest_with_a_publish_folder_publishes_before_the_command_ends(tmp_path, snapshot_csvs):
    db, out = tmp_path / "w.duckdb", tmp_path / "published"
    result = run_cli(
        "--db",
        str(db),
        "ingest",
        "--month",
        SNAPSHOT_MONTH,
        *map(str, snapshot_csvs),
        env={"BOLIGMONITOR_PUBLISH": str(out)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # One load event per table, no setting: the snapshot of version 2 is there when it ends.
    assert sorted(entry.name for entry in out.iterdir() if entry.name.startswith("v")) == [
        "v000002"
    ]


@pytest.mark.parametrize("period", ["2026-Q5", "2026-10", "26", "K3 2026", ""])
def test_transitions_for_a_period_that_is_no_quarter_or_year_are_refused(
    db, tmp_path, capsys, period
):
    out = tmp_path / "overganger.csv"
    before = fingerprint(db)

    code, printed = run_main(
        capsys, "--db", str(db), "transitions", "--period", period, "--out", str(out)
    )

    assert (code, printed) == (
        1,
        "FEIL: --period: perioden må skrives ÅÅÅÅ-QN eller ÅÅÅÅ, for eksempel 2026-Q3.\n",
    )
    assert not out.exists()
    assert fingerprint(db) == before


def test_transitions_of_a_period_without_its_snapshots_are_refused(db, tmp_path, capsys):
    out = tmp_path / "overganger.csv"

    code, printed = run_main(
        capsys, "--db", str(db), "transitions", "--period", "2026-Q3", "--out", str(out)
    )

    assert (code, printed) == (
        1,
        "FEIL: 2026-Q3 mangler uttrekk for måneden før perioden eller for siste måned.\n",
    )
    assert not out.exists()


def test_suppressed_transitions_have_no_count_below_the_threshold(demo_db, tmp_path):
    out = tmp_path / "overganger.csv"

    result = run_cli(
        "--db", str(demo_db), "transitions", "--period", "2026-Q3", "--out", str(out), "--suppress"
    )

    assert (result.returncode, result.stdout.strip()) == (0, f"Skrev {out}.")
    table = pl.read_csv(out)
    assert table.columns == ["source", "target", "count", "prikket"]
    shown = table.filter(~pl.col("prikket"))["count"]
    # The demo's default threshold is 3: every shown count is 3 or more, some are hidden.
    assert shown.min() >= 3
    assert table["prikket"].any()
    # The grand total (both ends empty) is every household followed in the quarter.
    assert (
        table.filter(pl.col("source").is_null() & pl.col("target").is_null())["count"].item() > 2000
    )
