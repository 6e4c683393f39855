"""Monthly snapshot files for tests, built in memory in every accepted dialect (and broken ones).

Rows are lists of dicts, column name -> value. A value may be text, int, float, bool, a
`datetime.date` or None (blank); each writer spells it the way its dialect does: decimal
comma or dot, `dd.mm.yyyy` or `yyyy-mm-dd`, real Excel number and date cells in XLSX. Text
is written as it is, so a test controls exact spellings ("J", "1 234,5") by passing strings.

    files = snapshot_files("windows-1252", dwellings(), households())
    parse = parse_snapshot(files, SNAPSHOT_MONTH)

`dwellings()` and `households()` are a small valid month (they refer to each other); change a
copy of a row to build an invalid file.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Sequence
from datetime import date
from typing import Any

import xlsxwriter

from core.problems import SourceFile

Row = dict[str, Any]

SNAPSHOT_MONTH = "2024-01"  # snapshot date 31.01.2024

# Dialect name -> how its CSV files are written (XLSX is the dialect "xlsx").
CSV_DIALECTS = {
    "utf-8": {"encoding": "utf-8", "delimiter": ";", "decimal": ","},
    "utf-8-bom": {"encoding": "utf-8-sig", "delimiter": ";", "decimal": ","},
    "windows-1252": {"encoding": "cp1252", "delimiter": ";", "decimal": ","},
    "comma": {"encoding": "utf-8", "delimiter": ",", "decimal": ".", "date_format": "%Y-%m-%d"},
}
DIALECTS = (*CSV_DIALECTS, "xlsx")


def dwellings() -> list[Row]:
    """Three valid boliger: placed by both, by grunnkrets only, and by coordinates only."""
    return [
        {
            "bolig_id": "B1",
            "adresse": "Østre Kvartal 1",
            "postnummer": "0150",
            "grunnkrets": "11080101",
            "lat": 58.8512,
            "lon": 5.7365,
            "bygning_id": "BYG-7",
            "bygning_enheter": 12,
            "eierform": "eid",
            "boligtype": "ordinaer",
            "rom": 3,
            "areal_m2": 64.5,
            "rullestol": "ja",
            "status": "utleid",
        },
        {
            "bolig_id": "B2",
            "adresse": "Ålgårdveien 12",
            "postnummer": "4306",
            "grunnkrets": "11080102",
            "lat": None,
            "lon": None,
            "bygning_id": None,
            "bygning_enheter": None,
            "eierform": "innleid",
            "boligtype": "omsorg",
            "rom": 2,
            "areal_m2": None,
            "rullestol": None,
            "status": "ledig",
        },
        {
            "bolig_id": "B3",
            "adresse": "Kvernevik 3",
            "postnummer": "4307",
            "grunnkrets": None,
            "lat": 58.87,
            "lon": 5.75,
            "bygning_id": None,
            "bygning_enheter": None,
            "eierform": "tildelingsrett",
            "boligtype": "smahus",
            "rom": 1,
            "areal_m2": 28.0,
            "rullestol": "nei",
            "status": "utbedring",
        },
    ]


def households() -> list[Row]:
    """Three valid husstander: in dwelling B1, on the waiting list, and owners with startlån."""
    return [
        {
            "husstand_id": "H-001",
            "situasjon": "kommunal_bolig",
            "bolig_id": "B1",
            "personer": 3,
            "barn": 1,
            "i_situasjon_fra": date(2023, 5, 1),
            "soknadsdato": date(2022, 11, 15),
            "flyktning": "ja",
            "under_25": None,
            "rus_psykisk": None,
            "funksjonsnedsettelse": None,
            "housing_first": None,
            "startlan_dato": None,
        },
        {
            "husstand_id": "H-002",
            "situasjon": "venteliste",
            "bolig_id": None,
            "personer": 1,
            "barn": None,
            "i_situasjon_fra": date(2023, 12, 1),
            "soknadsdato": date(2023, 12, 1),
            "flyktning": None,
            "under_25": "ja",
            "rus_psykisk": "ja",
            "funksjonsnedsettelse": None,
            "housing_first": None,
            "startlan_dato": None,
        },
        {
            "husstand_id": "H-003",
            "situasjon": "eid_bolig",
            "bolig_id": None,
            "personer": 4,
            "barn": 2,
            "i_situasjon_fra": date(2021, 6, 30),
            "soknadsdato": None,
            "flyktning": None,
            "under_25": None,
            "rus_psykisk": None,
            "funksjonsnedsettelse": "x",
            "housing_first": "nei",
            "startlan_dato": date(2021, 6, 15),
        },
    ]


def header_of(rows: Sequence[Row]) -> list[str]:
    """Every key of every row, in first-seen order."""
    return list(dict.fromkeys(key for row in rows for key in row))


def csv_bytes(
    rows: Sequence[Row],
    *,
    encoding: str = "utf-8",
    delimiter: str = ";",
    decimal: str = ",",
    date_format: str = "%d.%m.%Y",
    header: Sequence[str] | None = None,
) -> bytes:
    """One table as CSV. `header` overrides the column names written (same order as the rows)."""
    columns = header_of(rows)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header or columns)
    for row in rows:
        writer.writerow(_csv_cell(row.get(column), decimal, date_format) for column in columns)
    return out.getvalue().encode(encoding)


def _csv_cell(value: Any, decimal: str, date_format: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, float):
        return repr(value).replace(".", decimal)
    if isinstance(value, date):
        return value.strftime(date_format)
    return str(value)


def xlsx_bytes(sheets: dict[str, Sequence[Row]], *, real_dates: bool = True) -> bytes:
    """A workbook with one sheet per entry: numbers as number cells, dates as date cells.

    With `real_dates=False` dates are written as text `dd.mm.yyyy`, as some exports do.
    """
    out = io.BytesIO()
    with xlsxwriter.Workbook(out, {"in_memory": True}) as workbook:
        date_cell = workbook.add_format({"num_format": "dd.mm.yyyy"})
        for name, rows in sheets.items():
            sheet = workbook.add_worksheet(name)
            columns = header_of(rows)
            sheet.write_row(0, 0, columns)
            for r, row in enumerate(rows, start=1):
                for c, column in enumerate(columns):
                    value = row.get(column)
                    if value is None:
                        continue
                    if isinstance(value, date) and real_dates:
                        sheet.write_datetime(r, c, value, date_cell)
                    elif isinstance(value, date):
                        sheet.write_string(r, c, value.strftime("%d.%m.%Y"))
                    elif isinstance(value, bool):
                        sheet.write_boolean(r, c, value)
                    elif isinstance(value, int | float):
                        sheet.write_number(r, c, value)
                    else:
                        sheet.write_string(r, c, str(value))
    return out.getvalue()


def snapshot_files(
    dialect: str, dwelling_rows: Sequence[Row], household_rows: Sequence[Row]
) -> list[SourceFile]:
    """The two tables in one dialect: two CSV files, or one workbook with two sheets.

    A table without rows is left out (write a header-only file with `csv_bytes(header=...)`).
    """
    tables = {
        name: rows
        for name, rows in (("boliger", dwelling_rows), ("husstander", household_rows))
        if rows
    }
    if dialect == "xlsx":
        return [SourceFile("snapshot.xlsx", xlsx_bytes(tables))]
    options = CSV_DIALECTS[dialect]
    return [SourceFile(f"{name}.csv", csv_bytes(rows, **options)) for name, rows in tables.items()]


def zip_bomb_xlsx(unzipped_megabytes: int) -> bytes:
    """A file that looks like a workbook but inflates to `unzipped_megabytes` of zeros.

    Built with `zipfile` from a long run of zeros (about 1 MB packed per 1 000 MB unpacked).
    """
    out = io.BytesIO()
    zeros = bytes(1024 * 1024)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            for _ in range(unzipped_megabytes):
                sheet.write(zeros)
    return out.getvalue()
