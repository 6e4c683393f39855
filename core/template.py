"""The blank upload template: an XLSX with the two snapshot sheets and a sheet explaining them.

Generated from core/snapshot_format.py, so the template always matches what is accepted.
"""

from __future__ import annotations

import io

import xlsxwriter

from core.snapshot_format import FIRST_VERSION, FORMAT_VERSION, TABLES, YES_NO_HELP, Column

DESCRIPTION_SHEET = "kolonner"
DESCRIPTION_HEADERS = ("tabell", "kolonne", "type", "påkrevd", "beskrivelse", "gyldige verdier")
# Rows of the data sheets that get drop-down lists and cell formats.
_PREPARED_ROWS = 10_000
_KIND_NAMES = {
    "text": "tekst",
    "decimal": "desimaltall",
    "integer": "heltall",
    "code": "kode",
    "yesno": "ja/nei",
    "date": "dato (dd.mm.åååå)",
}


def kind_name(column: Column) -> str:
    """The column's type in words: `tekst`, `8 sifre (tekst)`, `heltall` ..."""
    if column.kind == "digits":
        return f"{column.digits} sifre (tekst)"
    return _KIND_NAMES[column.kind]


def requirement(column: Column) -> str:
    """`ja`, `nei` (with the version that added the column), or when the column is required."""
    if column.required:
        return "ja"
    if column.required_when:
        other, code = column.required_when
        return f"når {other} er {code}"
    if column.version != FIRST_VERSION:
        return f"nei (fra versjon {column.version})"
    return "nei"


def allowed_values(column: Column) -> str:
    """The codes with their meaning, the yes/no spellings, or the range of a number."""
    if column.codes:
        return "; ".join(f"{code}: {meaning}" for code, meaning in column.codes.items())
    if column.kind == "yesno":
        return YES_NO_HELP
    if column.minimum is None:
        return ""
    lowest = f"{column.minimum:g}".replace("-", "−")
    if column.maximum is not None:
        return f"fra {lowest} til {column.maximum:g}"
    return f"større enn {lowest}" if column.above_minimum else f"minst {lowest}"


def description_rows() -> list[tuple[str, ...]]:
    """One row per column of every table, for the description sheet."""
    return [
        (
            table.name,
            col.name,
            kind_name(col),
            requirement(col),
            col.description,
            allowed_values(col),
        )
        for table in TABLES.values()
        for col in table.columns
    ]


def blank_template() -> bytes:
    """The template workbook as bytes: sheets `boliger`, `husstander` (headers only), `kolonner`."""
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, {"in_memory": True}) as workbook:
        workbook.set_properties(
            {
                "title": "Boligmonitor: mal for månedens øyeblikksbilde",
                "subject": f"Øyeblikksbildeformat versjon {FORMAT_VERSION}",
                "comments": "Måneden velges ved opplasting. Arket kolonner forklarer kolonnene.",
            }
        )
        header = workbook.add_format({"bold": True, "bg_color": "#E8EEF4", "border": 1})
        formats = {
            "digits": workbook.add_format({"num_format": "@"}),
            "date": workbook.add_format({"num_format": "dd.mm.yyyy"}),
        }
        for table in TABLES.values():
            sheet = workbook.add_worksheet(table.name)
            sheet.freeze_panes(1, 0)
            for index, column in enumerate(table.columns):
                sheet.write(0, index, column.name, header)
                sheet.write_comment(0, index, column.description)
                sheet.set_column(
                    index, index, max(12, len(column.name) + 4), formats.get(column.kind)
                )
                if column.codes:
                    codes = {"validate": "list", "source": list(column.codes)}
                    sheet.data_validation(1, index, _PREPARED_ROWS, index, codes)
        sheet = workbook.add_worksheet(DESCRIPTION_SHEET)
        sheet.write_row(0, 0, DESCRIPTION_HEADERS, header)
        rows = description_rows()
        for row, values in enumerate(rows, start=1):
            sheet.write_row(row, 0, values)
        sheet.set_column(0, 3, 18)
        sheet.set_column(4, 5, 70)
        sheet.freeze_panes(1, 0)
    return buffer.getvalue()
