"""Boligmonitor from the command line: the same operations as the pages, for scheduled jobs.

Every command goes through services, as the pages do. The command line acts as the local
operator (services.access: role `admin`, recorded as `cli (<user>)` through the door `cli`):
whoever can run it holds the warehouse file itself.
The warehouse is `--db`, else $BOLIGMONITOR_DB, else data/warehouse.duckdb.
Exit codes: 0 done (or nothing to do), 1 refused (every problem is printed, and so is an input
that cannot be used: a month, a load number, a file or a folder), 2 usage.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import duckdb

from core.problems import SourceFile
from core.roles import WriteRefused
from core.settings import SettingsError
from core.warehouse_file import WarehouseBusy, resolve_db_path
from services.access import COMMAND_LINE

REFUSED = 1
_LARGEST_LOAD_ID = 2**31 - 1  # raw.loads.load_id is an INTEGER


class InputError(Exception):
    """A command-line input that cannot be used; the message says which one and why."""


def _read(path: Path) -> bytes:
    """An input file's bytes; InputError when it is missing, a folder or cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"Finner ikke filen {path}.") from None
    except IsADirectoryError:
        raise InputError(f"{path} er en mappe, ikke en fil.") from None
    except PermissionError:
        raise InputError(f"Har ikke lov til å lese filen {path}.") from None
    except OSError as error:
        raise InputError(f"Kan ikke lese filen {path} ({error.strerror}).") from None


def _source(path: Path) -> SourceFile:
    return SourceFile(path.name, _read(path))


def _month(text: str) -> str:
    """`--month` when it is a month written YYYY-MM (01–12), else InputError."""
    from core.snapshot_format import snapshot_date

    try:
        snapshot_date(text)
    except ValueError as error:
        raise InputError(f"--month: {error}") from None
    return text


def _load_ids(texts: list[str]) -> list[int]:
    """`--load` as load numbers, else InputError."""
    is_load_id = re.compile(r"[0-9]{1,10}").fullmatch
    if not all(is_load_id(text) and int(text) <= _LARGEST_LOAD_ID for text in texts):
        raise InputError("--load må være nummeret på en last, et helt tall (se «cli.py loads»).")
    return [int(text) for text in texts]


def _export_file(path: Path) -> Path:
    """`--out` when it names a .csv or .xlsx file in a folder that exists, else InputError."""
    from core.export import SUFFIXES

    if path.is_dir():
        raise InputError(f"--out: {path} er en mappe; oppgi en fil.")
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"--out: filen må slutte på {' eller '.join(SUFFIXES)}.")
    if not path.parent.is_dir():
        raise InputError(f"--out: mappen {path.parent} finnes ikke.")
    return path


def _quarter(text: str) -> str:
    """`--quarter` when it is a quarter written YYYY-QN (N 1–4), else InputError."""
    if not re.fullmatch(r"[0-9]{4}-Q[1-4]", text):
        raise InputError("--quarter: kvartalet må skrives ÅÅÅÅ-QN, for eksempel 2026-Q3.")
    return text


def _period(text: str) -> str:
    """`--period` when it is a quarter (YYYY-QN) or a year (YYYY), else InputError."""
    if not re.fullmatch(r"[0-9]{4}(-Q[1-4])?", text):
        raise InputError("--period: perioden må skrives ÅÅÅÅ-QN eller ÅÅÅÅ, for eksempel 2026-Q3.")
    return text


def _report_file(path: Path) -> Path:
    """`report --out` when it names a .pdf or .xlsx file in a folder that exists, else
    InputError."""
    from services.report import SUFFIXES

    if path.is_dir():
        raise InputError(f"--out: {path} er en mappe; oppgi en fil.")
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"--out: filen må slutte på {' eller '.join(SUFFIXES)}.")
    if not path.parent.is_dir():
        raise InputError(f"--out: mappen {path.parent} finnes ikke.")
    return path


def _backup_folder(path: Path) -> Path:
    """`backup --out` when it is a folder or nothing yet, else InputError."""
    if path.exists() and not path.is_dir():
        raise InputError(f"--out: {path} finnes og er ikke en mappe.")
    return path


def _database(path: Path) -> Path:
    """The warehouse path when it is a file or nothing yet (created), else InputError."""
    if path.is_dir():
        raise InputError(f"--db: {path} er en mappe; oppgi datavarehusets fil.")
    return path


def _report(result) -> int:
    """Print what happened to a load and return the exit code."""
    print(result.summary)
    for problem in result.problems:
        print(f"{problem.severity.upper()}: {problem}")
    return REFUSED if result.status == "refused" else 0


def cmd_init(args: argparse.Namespace) -> int:
    from services.ingest import init

    applied = init(args.db)
    print(f"Datavarehuset {args.db} er klart" + (f" (migrering {applied})." if applied else "."))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from demo.build import DemoBuildError, build_demo

    def show(fraction: float, text: str) -> None:
        print(f"[{fraction:4.0%}] {text}", flush=True)

    try:
        build_demo(args.db, progress=show)
    except DemoBuildError as refusal:
        print(f"FEIL: {refusal}")
        return REFUSED
    print(f"Demokommunen er bygd i {args.db}. Tallene i den er oppdiktet.")
    return 0


def cmd_ingest(args: argparse.Namespace) -> int:
    from services.ingest import ingest

    files = [_source(path) for path in args.files]
    return _report(ingest(args.db, args.month, files, replace=args.replace, by=COMMAND_LINE))


def cmd_loads(args: argparse.Namespace) -> int:
    from services.ingest import init, load_history

    init(args.db)
    history = load_history(args.db)
    if history.is_empty():
        print("Ingen laster ennå.")
        return 0
    header = ("last", "måned", "tabell", "fil", "rader", "lastet (UTC)", "av", "aktiv")
    rows = [
        (
            str(load["load_id"]),
            load["month"] or "-",
            load["table_name"],
            load["file_name"],
            str(load["row_count"]),
            load["loaded_at"].strftime("%d.%m.%Y %H:%M"),
            load["loaded_by"],
            "ja" if load["active"] else "nei",
        )
        for load in history.iter_rows(named=True)
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from services.ingest import restore

    return _report(restore(args.db, _load_ids(args.load), by=COMMAND_LINE))


def _reference_command(loader_name: str) -> Callable[[argparse.Namespace], int]:
    def command(args: argparse.Namespace) -> int:
        from services import reference

        loader = getattr(reference, loader_name)
        return _report(loader(args.db, _source(args.file), by=COMMAND_LINE))

    return command


def cmd_levekar(args: argparse.Namespace) -> int:
    from services.reference import load_levekar

    descriptions = _source(args.indikatorer) if args.indikatorer else None
    return _report(load_levekar(args.db, _source(args.file), descriptions, by=COMMAND_LINE))


def cmd_indicators(args: argparse.Namespace) -> int:
    from services.indicators import export_indicators, readers_hidden_cells
    from services.settings import suppression_thresholds

    hidden = None
    if args.suppress:
        hidden = readers_hidden_cells(args.db, suppression_thresholds(args.db))
    export_indicators(args.db, args.out, period=args.period, hidden=hidden)
    print(f"Skrev {args.out}.")
    return 0


def cmd_concentration(args: argparse.Namespace) -> int:
    from services.geo import export_concentration

    month, out = _month(args.month), _export_file(args.out)
    try:
        export_concentration(args.db, month, out)
    except ValueError as error:  # no areas, or no dwellings that month
        print(f"FEIL: {error}")
        return REFUSED
    print(f"Skrev {args.out}.")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from services.report import write_report

    quarter, out = _quarter(args.quarter), _report_file(args.out)
    write_report(args.db, quarter, out, language=args.language)
    print(f"Skrev {args.out}.")
    return 0


def cmd_transitions(args: argparse.Namespace) -> int:
    from services.pathways import export_transitions
    from services.settings import suppression_thresholds

    period, out = _period(args.period), _export_file(args.out)
    k = suppression_thresholds(args.db).k if args.suppress else None
    if not export_transitions(args.db, period, out, k=k):
        print(f"FEIL: {period} mangler uttrekk for måneden før perioden eller for siste måned.")
        return REFUSED
    print(f"Skrev {args.out}.")
    return 0


def cmd_backup(args: argparse.Namespace) -> int:
    from services.backup import backup

    manifest = backup(args.db, _backup_folder(args.out), by=COMMAND_LINE)
    print(f"Sikkerhetskopi skrevet til {args.out} ({sum(manifest['rows'].values())} rader).")
    return 0


def cmd_restore_backup(args: argparse.Namespace) -> int:
    from services.backup import BackupError, restore_backup

    try:
        restore_backup(args.dir, args.db, by=COMMAND_LINE)
    except BackupError as error:
        print(f"FEIL: {error}")
        return REFUSED
    print(f"Datavarehuset {args.db} er gjenopprettet fra {args.dir}.")
    return 0


def _day(text: str) -> date:
    """`--per` when it is a date written dd.mm.åååå or åååå-mm-dd, else InputError."""
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise InputError("--per: datoen må skrives dd.mm.åååå eller åååå-mm-dd.")


def cmd_projects(args: argparse.Namespace) -> int:
    from services.reference import load_register

    as_of = None if args.per is None else _day(args.per)
    return _report(load_register(args.db, _source(args.file), by=COMMAND_LINE, as_of=as_of))


def cmd_portfolio(args: argparse.Namespace) -> int:
    from services.portfolio import export_portfolio

    month, out = _month(args.month), _export_file(args.out)
    export_portfolio(args.db, month, out)
    print(f"Skrev {args.out}.")
    return 0


def _year(text: str) -> int:
    """`--year` when it is a year written YYYY, else InputError."""
    if not re.fullmatch(r"[0-9]{4}", text):
        raise InputError("--year: året må skrives ÅÅÅÅ, for eksempel 2025.")
    return int(text)


def cmd_kostra(args: argparse.Namespace) -> int:
    from services.kostra import import_kostra

    result = import_kostra(args.db, _source(args.file), by=COMMAND_LINE)
    code = _report(result)
    for what, codes in (
        ("Ukjente regionkoder", result.unknown_regions),
        ("Ukjente variabelkoder", result.unknown_variables),
    ):
        if codes:
            print(f"{what}: {', '.join(codes)}")
    return code


def cmd_kostra_draft(args: argparse.Namespace) -> int:
    from services.kostra import write_draft

    year, out = _year(args.year), _export_file(args.out)
    if write_draft(args.db, year, out) is None:
        print(f"FEIL: Året {year} har ingen øyeblikksbilder.")
        return REFUSED
    print(f"Skrev {args.out}.")
    return 0


def cmd_publish(args: argparse.Namespace) -> int:
    from services.publication import PublishError, publish_now, published_as, retention

    keep = retention(args.keep, args.keep_days, args.grace_minutes)
    try:
        publication = publish_now(args.db, _backup_folder(args.out), keep)
    except PublishError as error:
        print(f"FEIL: {error}", file=sys.stderr)
        return REFUSED
    print(published_as(publication))
    return 0


def _count(text: str) -> int:
    """A whole number of at least 1 (`publish --keep`)."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError("et helt tall, minst 1")
    return int(text)


def _amount(text: str) -> float:
    """A number of at least 0 (`publish --keep-days`, `--grace-minutes`)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("et tall, minst 0") from None
    if not 0 <= value < float("inf"):
        raise argparse.ArgumentTypeError("et tall, minst 0")
    return value


def cmd_municipality(args: argparse.Namespace) -> int:
    from services.municipalities import municipalities, municipality_problem
    from services.settings import change_settings

    if problem := municipality_problem(args.number, ""):
        raise InputError(problem)
    known = municipalities()[args.number]
    change_settings(
        args.db, {"kommunenummer": known.number, "kommunenavn": known.name}, by=COMMAND_LINE
    )
    print(f"Kommunen er {known.label()}.")
    return 0


def cmd_setup(args: argparse.Namespace) -> int:
    from services.ingest import init
    from services.setup import STEPS, is_demo, setup_status

    init(args.db)
    if is_demo(args.db):
        print(f"{args.db} er demokommunen: tallene er oppdiktet, og den tar ingen ekte data.")
        return 0
    status = setup_status(args.db)
    for step in STEPS:
        mark = "x" if status.done[step.id] else " "
        state = "ferdig" if status.done[step.id] else ("valgfritt" if step.optional else "mangler")
        print(f"[{mark}] {step.title}: {state} ({step.command})")
    return 0


def parser() -> argparse.ArgumentParser:
    """The command line, as design.md describes it."""
    top = argparse.ArgumentParser(prog="cli.py", description=__doc__.splitlines()[0])
    top.add_argument("--db", type=Path, help="datavarehusets fil (ellers $BOLIGMONITOR_DB)")
    sub = top.add_subparsers(dest="command", required=True)

    def command(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        sub_parser = sub.add_parser(name, help=help_text)
        sub_parser.add_argument(
            "--db", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS
        )
        sub_parser.set_defaults(handler=handler)
        return sub_parser

    command("init", cmd_init, "opprett eller oppgrader datavarehuset")
    command("demo", cmd_demo, "bygg demokommunen")
    ingest = command("ingest", cmd_ingest, "last inn månedens øyeblikksbilde")
    ingest.add_argument("--month", required=True, help="måneden, ÅÅÅÅ-MM")
    ingest.add_argument("--replace", action="store_true", help="erstatt en måned som er lastet")
    ingest.add_argument("files", nargs="+", type=Path, metavar="FILE")
    command("loads", cmd_loads, "vis lastehistorikken")
    restore = command("restore", cmd_restore, "gjør tidligere laster aktive igjen")
    restore.add_argument("--load", action="append", required=True, metavar="ID")
    for name, loader, help_text in (
        ("areas", "load_areas", "last inn områder (GeoJSON / GeoPackage)"),
        ("area-stats", "load_area_stats", "last inn områdestatistikk (CSV)"),
        ("targets", "load_targets", "last inn mål (CSV)"),
        ("brukerplan", "load_brukerplan", "last inn BrukerPlan-tall (CSV)"),
    ):
        command(name, _reference_command(loader), help_text).add_argument("file", type=Path)
    levekar = command("levekar", cmd_levekar, "last inn levekårsundersøkelsen (CSV eller XLSX)")
    levekar.add_argument("file", type=Path)
    levekar.add_argument(
        "--indikatorer", type=Path, help="indikatorbeskrivelsene (kolonne, navn, hoy_er_darlig)"
    )
    indicators = command("indicators", cmd_indicators, "eksporter indikatorene")
    indicators.add_argument("--out", required=True, type=Path)
    indicators.add_argument("--period", choices=("month", "quarter", "year"), default="month")
    indicators.add_argument(
        "--suppress",
        action="store_true",
        help="prikk små tall som for lesere, med prikkegrensene fra Innstillinger",
    )
    concentration = command("concentration", cmd_concentration, "eksporter opphopning per område")
    concentration.add_argument("--month", required=True)
    concentration.add_argument("--out", required=True, type=Path)
    report = command("report", cmd_report, "skriv kvartalsrapporten til kommunestyret")
    report.add_argument("--quarter", required=True, help="kvartalet, ÅÅÅÅ-QN")
    report.add_argument("--out", required=True, type=Path, help="rapporten, .pdf eller .xlsx")
    report.add_argument("--language", choices=("nb", "en"), default="nb")
    transitions = command("transitions", cmd_transitions, "eksporter overganger i en periode")
    transitions.add_argument("--period", required=True, help="kvartalet eller året, ÅÅÅÅ-QN/ÅÅÅÅ")
    transitions.add_argument("--out", required=True, type=Path)
    transitions.add_argument(
        "--suppress",
        action="store_true",
        help="prikk små tall som for lesere, med prikkegrensen fra Innstillinger",
    )
    backup = command("backup", cmd_backup, "sikkerhetskopi som Parquet")
    backup.add_argument("--out", required=True, type=Path)
    restore_backup = command("restore-backup", cmd_restore_backup, "gjenopprett en sikkerhetskopi")
    restore_backup.add_argument("dir", type=Path)
    projects = command("projects", cmd_projects, "last inn prosjektregisteret (CSV)")
    projects.add_argument("file", type=Path)
    projects.add_argument(
        "--per", help="datoen registeret beskriver (ellers siste dag i forrige måned)"
    )
    portfolio = command("portfolio", cmd_portfolio, "eksporter boligmassen og innleie som utløper")
    portfolio.add_argument("--month", required=True, help="måneden, ÅÅÅÅ-MM")
    portfolio.add_argument("--out", required=True, type=Path, help=".csv (listen) eller .xlsx")
    kostra = command("kostra", cmd_kostra, "last inn en KOSTRA-tabell fra SSB (JSON-stat2 / CSV)")
    kostra.add_argument("file", type=Path)
    kostra_draft = command("kostra-utkast", cmd_kostra_draft, "skriv årets utkast til skjema 13")
    kostra_draft.add_argument("--year", required=True, help="året, ÅÅÅÅ")
    kostra_draft.add_argument("--out", required=True, type=Path, help=".xlsx eller .csv")
    publish = command("publish", cmd_publish, "publiser en Parquet-kopi for replikaer")
    publish.add_argument("--out", required=True, type=Path, help="mappa replikaene leser")
    publish.add_argument("--keep", type=_count, default=3, help="behold de nyeste (3)")
    publish.add_argument("--keep-days", type=_amount, default=1, help="behold dager (1)")
    publish.add_argument(
        "--grace-minutes", type=_amount, default=10, help="minutter for trege lesere (10)"
    )
    municipality = command("municipality", cmd_municipality, "sett kommunen (kommunenummer)")
    municipality.add_argument("number", help="kommunenummeret fra 2024, for eksempel 1108")
    command("setup", cmd_setup, "vis hva som er gjort av oppsettet, og hva som mangler")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.db = resolve_db_path(args.db)
    try:
        args.db = _database(args.db)
        return args.handler(args)
    except InputError as error:
        print(f"FEIL: {error}")
    except WriteRefused as refusal:
        print(f"FEIL: {refusal}")
    except SettingsError as refused:
        for problem in refused.problems:
            print(f"FEIL: {problem}")
    except WarehouseBusy as busy:
        print(f"FEIL: {busy}", file=sys.stderr)
    except duckdb.IOException:
        print(
            f"FEIL: Datavarehuset {args.db} kan ikke åpnes: filen er ikke et datavarehus fra "
            "Boligmonitor, eller den kan ikke leses."
        )
    except OSError as error:  # a file or folder that vanished or cannot be written meanwhile
        print(f"FEIL: Kan ikke lese eller skrive {error.filename} ({error.strerror}).")
    finally:
        _finish_publishing()
    return REFUSED


def _finish_publishing() -> None:
    """A change is published ($BOLIGMONITOR_PUBLISH) before the command ends. Publishing runs
    in the background (services.publication), imported only by a command that changed
    something."""
    publication = sys.modules.get("services.publication")
    if publication is not None:
        publication.finish_publishing()


if __name__ == "__main__":
    sys.exit(main())
