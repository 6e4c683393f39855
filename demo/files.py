"""Writing the demo's data as the files staff upload: snapshot format v1, the Norwegian way.

CSV in the dialect Norwegian Excel writes (Windows-1252, `;`, decimal comma, `dd.mm.yyyy`,
`ja`/`nei`, CRLF line ends) and XLSX workbooks with both sheets and real date cells.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import polars as pl
import xlsxwriter

from core.problems import SourceFile
from demo.simulation import MonthSnapshot

CSV_ENCODING = "cp1252"
# A fixed creation time, so that the same snapshot always gives the same workbook bytes.
WORKBOOK_CREATED = datetime(2026, 11, 1)


def excel_text(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column as the text Norwegian Excel writes: ja/nei, 31.12.2015, 54,5; blank for none."""
    return frame.select(
        [_as_text(pl.col(name), dtype).alias(name) for name, dtype in frame.schema.items()]
    )


def _as_text(column: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    if dtype == pl.Boolean:
        return pl.when(column).then(pl.lit("ja")).otherwise(pl.lit("nei"))
    if dtype == pl.Date:
        return column.dt.strftime("%d.%m.%Y")
    if dtype.is_float():
        whole = column == column.round(0)
        text = pl.when(whole).then(column.cast(pl.Int64).cast(pl.String))
        return text.otherwise(column.cast(pl.String)).str.replace(".", ",", literal=True)
    return column.cast(pl.String)


def norwegian_csv(frame: pl.DataFrame) -> bytes:
    """A frame as a CSV file the way Norwegian Excel saves it."""
    text = excel_text(frame).write_csv(
        separator=";", line_terminator="\r\n", quote_style="necessary"
    )
    return text.encode(CSV_ENCODING)


def snapshot_csv(snapshot: MonthSnapshot) -> list[SourceFile]:
    """The month's two tables as two CSV files (boliger_YYYY-MM.csv, husstander_YYYY-MM.csv)."""
    return [
        SourceFile(f"boliger_{snapshot.month}.csv", norwegian_csv(snapshot.boliger)),
        SourceFile(f"husstander_{snapshot.month}.csv", norwegian_csv(snapshot.husstander)),
    ]


def snapshot_xlsx(snapshot: MonthSnapshot) -> SourceFile:
    """The month as one workbook with the sheets `boliger` and `husstander`."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "constant_memory": True})
    workbook.set_properties({"created": WORKBOOK_CREATED})
    date_format = workbook.add_format({"num_format": "dd.mm.yyyy"})
    for name, frame in (("boliger", snapshot.boliger), ("husstander", snapshot.husstander)):
        _write_sheet(workbook.add_worksheet(name), frame, date_format)
    workbook.close()
    return SourceFile(f"oyeblikksbilde_{snapshot.month}.xlsx", buffer.getvalue())


def _write_sheet(sheet, frame: pl.DataFrame, date_format) -> None:
    """Header, then rows: text, numbers, date cells, and yes/no as ja/nei."""
    frame = frame.with_columns(
        pl.col(pl.Boolean).replace_strict({True: "ja", False: "nei"}, return_dtype=pl.String)
    )
    sheet.write_row(0, 0, frame.columns)
    writers = [
        (lambda row, col, value: sheet.write_datetime(row, col, value, date_format))
        if dtype == pl.Date
        else sheet.write_string
        if dtype == pl.String
        else sheet.write_number
        for dtype in frame.dtypes
    ]
    for row, values in enumerate(frame.iter_rows(), start=1):
        for col, value in enumerate(values):
            if value is not None:
                writers[col](row, col, value)


def area_statistics_csv(statistics: pl.DataFrame) -> SourceFile:
    """omradestatistikk: grunnkrets;aar;innbyggere;boliger_totalt."""
    return SourceFile("omradestatistikk.csv", norwegian_csv(statistics))


def targets_csv(targets: pl.DataFrame) -> SourceFile:
    """mal: indikator;aar;verdi."""
    return SourceFile("mal.csv", norwegian_csv(targets))


def register_csv(register: pl.DataFrame) -> SourceFile:
    """boligprosjekter: the register of housing projects."""
    return SourceFile("boligprosjekter.csv", norwegian_csv(register))


def write_files(files: list[SourceFile], directory: Path) -> list[Path]:
    """Save files in a directory, as staff would before uploading them; returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for file in files:
        path = directory / file.name
        path.write_bytes(file.content)
        paths.append(path)
    return paths


def read_files(paths: list[Path]) -> list[SourceFile]:
    """Files from disk as uploads (name and bytes)."""
    return [SourceFile(path.name, path.read_bytes()) for path in paths]
