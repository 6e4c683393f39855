"""KOSTRA: SSB tables imported through the write check, the comparison with other regions, our
year values beside what KOSTRA published for us, and the yearly skjema 13 draft.

An SSB table is reference data: read and checked by `warehouse.validation.ssb_tables` (region
and variable codes it does not know are listed, never guessed), stored as a new load of
`kostra` that supersedes the previous one (kept, restorable on Last opp), audited in the same
transaction. Nothing is fetched from SSB: users download the table and upload it.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from core.export import table_bytes, write_table
from core.problems import IngestResult, SourceFile, refused
from core.roles import WriteRefused
from core.settings import ComparisonGroup, SettingsError, comparison_group
from indicators.kostra import (
    COUNTERPARTS,
    KostraCounterpart,
    compare_with_published,
    comparison_regions,
    comparison_series,
    kostra_variables,
    skjema13_draft,
)
from indicators.registry import indicator
from services.access import Writer, authorise
from services.indicators import indicator_values
from services.ingest import refused_write
from services.reference import kommunenummer
from services.settings import change_settings, read_settings
from warehouse import reference
from warehouse.db import connect
from warehouse.queries import mart, read_mart
from warehouse.validation import ssb_tables
from warehouse.validation.ssb_tables import VALUES_SCHEMA, kostra_regions, parse_ssb_table

MISSING_SYMBOLS = ssb_tables.MISSING_SYMBOLS  # SSB's symbols and their reasons (nb, en)
# A file downloaded from the statistics bank is named by its five-digit table number first.
TABLE_NUMBER = re.compile(r"(?P<number>\d{5})(?!\d)")
MUNICIPALITIES = Path(__file__).resolve().parent.parent / "data" / "geodata" / "kommuner_2024.csv"
# KOSTRA groups are known by their code's shape (EKG01 … EKG99): SSB renumbers them with each
# revision of its classification (KLASS 112), and the table names its own groups.
KOSTRA_GROUPS = {f"EKG{number:02d}": f"KOSTRA-gruppe {number}" for number in range(1, 100)}
DRAFT_COLUMNS = (
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
)
DRAFT_DWELLING_COLUMNS = ("maaned", "eierform", "boligtype", "rullestol")
DRAFT_HOUSEHOLD_COLUMNS = (
    "maaned",
    "husstand_id",
    "situasjon",
    "bolig_id",
    "barn",
    "i_situasjon_fra",
)


@cache
def municipalities() -> pl.DataFrame:
    """Norway's municipalities (2024): kommunenummer, kommunenavn, fylkesnummer, fylkesnavn."""
    return pl.read_csv(MUNICIPALITIES, infer_schema=False)


def known_regions() -> dict[str, str]:
    """Region code -> name: every municipality and county of 2024, the KOSTRA groups and the
    country."""
    return kostra_regions(municipalities(), KOSTRA_GROUPS)


def import_kostra(db_path: Path, file: SourceFile, *, by: Writer) -> IngestResult:
    """Load an SSB table (JSON-stat2 or the statistics bank's CSV) as the KOSTRA figures in
    force, audited, if the writer's role, read again now, allows it. Rows with unknown region
    or variable codes are left out and the codes returned; a table without a known row is
    refused and nothing is stored."""
    try:
        actor = authorise(db_path, "kostra", by)
    except WriteRefused as refusal:
        return refused_write(refusal)
    table, problems = parse_ssb_table(
        file, known_regions=known_regions(), known_variables=kostra_variables()
    )
    if table is None:
        return refused(problems)
    note = (
        f" {len(table.unknown_regions)} ukjente regionkoder, "
        f"{len(table.unknown_variables)} ukjente variabelkoder."
    )
    result = reference.load_kostra(db_path, file, table.values, actor=actor, note=note)
    result.problems = problems
    result.unknown_regions = table.unknown_regions
    result.unknown_variables = table.unknown_variables
    return result


def kostra_values(db_path: Path) -> pl.DataFrame:
    """The KOSTRA figures in force (warehouse.validation.ssb_tables.VALUES_SCHEMA)."""
    return read_mart(db_path, "kostra", list(VALUES_SCHEMA)).cast(VALUES_SCHEMA)


def kostra_load(db_path: Path) -> dict | None:
    """The KOSTRA load in force: load_id, file_name, loaded_at and the SSB table number its file
    name gives (`table`, or None); None when no table is loaded."""
    loads = read_mart(
        db_path, "loads", ["load_id", "table_name", "file_name", "loaded_at", "active"]
    )
    active = loads.filter((pl.col("table_name") == "kostra") & pl.col("active"))
    if not active.height:
        return None
    load = active.select("load_id", "file_name", "loaded_at").row(0, named=True)
    return {**load, "table": table_number(load["file_name"])}


def table_number(file_name: str) -> str | None:
    """The statistics bank's table number a downloaded file is named by (`12913_2025…csv`,
    `12913.json`), or None when the name does not start with one."""
    match = TABLE_NUMBER.match(file_name)
    return match["number"] if match else None


def own_region(db_path: Path) -> str | None:
    """The municipality's number: from Innstillinger, else the one its grunnkretser share
    (services.reference.kommunenummer); None with neither."""
    number = read_settings(db_path)["kommunenummer"]
    if number:
        return number
    return kommunenummer(read_mart(db_path, "omrader", ["grunnkrets"])["grunnkrets"].to_list())


def group_in_force(db_path: Path) -> ComparisonGroup:
    """The comparison group the admin chose (a county left empty: our own county)."""
    values = read_settings(db_path)
    return comparison_group({**values, "kommunenummer": own_region(db_path) or ""})


def comparison(db_path: Path) -> pl.DataFrame:
    """The published values of our municipality, the comparison group and the country, per
    variable and year, each tagged with its role (`egen`, `sammenligning`, `landet`)."""
    own = own_region(db_path)
    shown = comparison_regions(own or "", group_in_force(db_path))
    regions = {code: role for code, role in shown.items() if code}  # no own region: the rest
    return comparison_series(kostra_values(db_path).lazy(), regions).collect()


def own_vs_published(db_path: Path, year_values: pl.DataFrame) -> pl.DataFrame:
    """Our year values (`indikator, periode, verdi`, from services.indicators at period year,
    suppressed for readers) beside what KOSTRA published for our municipality, with the
    difference and whether it is larger than the tolerance (`avvik`). A counterpart whose
    published label says "per 1000" is not compared with a count of ours."""
    own = own_region(db_path)
    published = kostra_values(db_path)
    if own is None or published.is_empty():
        return pl.DataFrame()
    compared = [each for each in COUNTERPARTS if _same_unit(published, each)]
    return compare_with_published(
        year_values.lazy().select("indikator", "periode", "verdi"),
        published.lazy(),
        region=own,
        counterparts=compared,
    ).collect()


def _same_unit(published: pl.DataFrame, counterpart: KostraCounterpart) -> bool:
    """False when the table's label says its figures are per 1000 inhabitants and our
    indicator is not (SSB's waiting list may be applications per 1000)."""
    labels = published.filter(pl.col("variable_code") == counterpart.variable_code)
    folded = " ".join(labels["variable_label"].drop_nulls().unique().to_list())
    says_per_1000 = "per1000" in folded.replace(" ", "").lower()
    return not says_per_1000 or indicator(counterpart.indicator_id).unit == "per_1000"


def save_comparison_group(db_path: Path, group: ComparisonGroup, *, by: Writer) -> list[str]:
    """Store the comparison group (a setting, audited) if the writer's role allows it; raises
    SettingsError when a neighbour is no municipality of 2024, or the group is not valid."""
    known = set(municipalities()["kommunenummer"])
    if group.kind == "naboer" and (unknown := sorted(set(group.regions) - known)):
        raise SettingsError([f"Ukjente kommunenumre: {', '.join(unknown)}."])
    value = {"kind": group.kind, "regions": list(group.regions)}
    return change_settings(db_path, {"kostra_sammenligning": value}, by=by)


def own_year_values(db_path: Path) -> dict[str, dict[int, float]]:
    """SSB variable code -> year -> our year value of its counterpart, to one decimal as SSB
    publishes (unsuppressed)."""
    years = indicator_values(db_path, "year").filter(pl.col("verdi").is_not_null())
    return {
        counterpart.variable_code: {
            int(period): round(value, 1)
            for period, value in years.filter(pl.col("indikator") == counterpart.indicator_id)
            .select("periode", "verdi")
            .iter_rows()
        }
        for counterpart in COUNTERPARTS
    }


def draft_years(db_path: Path) -> list[int]:
    """The years with a household snapshot, newest first: the years a draft can be made for."""
    months = read_mart(db_path, "maaneder", ["maaned"])["maaned"]
    return sorted({month.year for month in months}, reverse=True)


def kostra_draft(db_path: Path, year: int) -> pl.DataFrame:
    """The year's skjema 13 draft (indicators.kostra.skjema13_draft) from the snapshots of the
    year and the year before: unsuppressed counts, for staff and admins only."""
    # From December two years back: last year's new tenants need the month before January.
    since = duckdb.ColumnExpression("maaned") >= duckdb.ConstantExpression(date(year - 2, 12, 1))
    with connect(db_path) as con:
        boliger = mart(con, "boliger", DRAFT_DWELLING_COLUMNS, since).pl()
        husstander = mart(con, "husstander", DRAFT_HOUSEHOLD_COLUMNS, since).pl()
    return skjema13_draft(boliger.lazy(), husstander.lazy(), year).collect()


def draft_table(draft: pl.DataFrame) -> pl.DataFrame:
    """The draft as the export writes it: DRAFT_COLUMNS."""
    return draft.select(DRAFT_COLUMNS)


def draft_rules(draft: pl.DataFrame) -> pl.DataFrame:
    """Each figure's rule, the export's second sheet."""
    return draft.select("figur", "navn", "regel")


def draft_xlsx(draft: pl.DataFrame) -> bytes:
    """The draft as an XLSX workbook (sheets Utkast and Regler), formula-safe."""
    return table_bytes(
        draft_table(draft), ".xlsx", sheet="Utkast", extra_sheets={"Regler": draft_rules(draft)}
    )


def write_draft(db_path: Path, year: int, out: Path) -> Path | None:
    """`cli.py kostra-utkast`: the year's draft to `out` (`.xlsx` or `.csv`, formula-safe);
    None when the year has no household snapshot."""
    if year not in draft_years(db_path):
        return None
    draft = kostra_draft(db_path, year)
    return write_table(
        draft_table(draft), out, sheet="Utkast", extra_sheets={"Regler": draft_rules(draft)}
    )
