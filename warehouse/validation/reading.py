"""Uploaded bytes -> tables of text cells, each row tagged with the row number Excel shows.

Guards come first (size, binary junk, zip bombs, and what a table may span: columns, rows, line
length), so nothing absurd reaches a parser. XLSX is read with fastexcel (calamine) once
`warehouse.validation.workbook_guard` has passed it, CSV with polars after the encoding and
delimiter are detected.
Cells are kept as text with surrounding spaces removed and blanks as null; types are the job of
`warehouse.validation`. Problems here name the file and what to do, never a cell's value.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import fastexcel
import numpy as np
import polars as pl

from core.problems import Problem, Severity, SourceFile
from core.snapshot_format import TABLES, recognise_sheet, recognise_table
from warehouse.validation.limits import DEFAULT_LIMITS, ReadLimits, format_count, megabytes
from warehouse.validation.workbook_guard import INVALID, workbook_problem

ROW = "_rad"  # the Excel row number of each row: the header is row 1, the first data row 2
SINGLE_PROBLEMS_PER_RULE = 20

_ZIP_MAGIC = b"PK\x03\x04"
_OLD_EXCEL_MAGIC = b"\xd0\xcf\x11\xe0"
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Bytes never in text (tab, CR, LF and the like are fine), and all the others: deleting the
# others leaves the control bytes, far faster than searching for them with a pattern.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), *range(0x0E, 0x20)])
_OTHER_BYTES = bytes(byte for byte in range(256) if byte not in _CONTROL_BYTES)
_DELIMITERS = (";", ",", "\t")
_EXCEL_DATETIME = r"^(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}:\d{2}(?:\.\d+)?$"

# UTF-8 text read as Windows-1252 and saved again: "ø" becomes "Ã¸", "Å" becomes "Ã…", a
# non-breaking space becomes "Â ". A lead byte (Ã or Â) followed by a continuation byte's
# Windows-1252 or Latin-1 character never occurs in Norwegian text.
_CONTINUATION_CHARACTERS = bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore")
MOJIBAKE_MESSAGE = (
    "Teksten har feil tegnkoding (for eksempel «Ã¸» i stedet for «ø»). "
    "Lagre filen som CSV UTF-8 fra Excel og prøv igjen."
)
MOJIBAKE_PATTERN = "[ÃÂ][" + re.escape(_CONTINUATION_CHARACTERS) + "\u0080-\u00bf]"


@dataclass(frozen=True)
class RawTable:
    """One table as found in a file: header texts and text cells, one frame row per data row."""

    table: str  # "boliger" | "husstander"
    file_name: str
    sheet: str | None  # XLSX sheet name as written, None for CSV
    sha256: str  # of the whole source file
    header_row: int  # Excel row number of the header (1 unless rows above it are blank)
    headers: tuple[str, ...]  # header cells as written (stripped), "" where empty
    frame: pl.DataFrame  # String columns named by `cell_column(i)`, plus ROW (Int32)


@dataclass(frozen=True)
class ReadResult:
    """What one file held: its tables, or what kept it from being read."""

    tables: list[RawTable]
    problems: list[Problem]


def cell_column(position: int) -> str:
    """Frame column name of the header at `position` (0-based) in `RawTable.headers`."""
    return f"col_{position + 1}"


def row_problems(
    rows: pl.Series,
    message: str,
    *,
    file: str,
    sheet: str | None = None,
    column: str | None = None,
    severity: Severity = "feil",
) -> list[Problem]:
    """One problem per row (the first 20), then one that counts the rest.

    `rows` holds Excel row numbers of the rows with the same problem in the same column.
    """
    shown = rows.head(SINGLE_PROBLEMS_PER_RULE).to_list()
    problems = [
        Problem(file, message, sheet=sheet, row=row, column=column, severity=severity)
        for row in shown
    ]
    more = rows.len() - len(shown)
    if more > 0:
        rest = f"{message} (… og {format_count(more)} rader til med samme feil)"
        problems.append(Problem(file, rest, sheet=sheet, column=column, severity=severity))
    return problems


def read_source(file: SourceFile, limits: ReadLimits = DEFAULT_LIMITS) -> ReadResult:
    """The snapshot tables in one uploaded XLSX or CSV file."""
    content = file.content
    if not content.strip():
        return _refused(file, "Filen er tom.")
    if len(content) > limits.max_file_bytes:
        return _refused(
            file,
            f"Filen er større enn grensen på {megabytes(limits.max_file_bytes)}. "
            "Del den opp eller fjern kolonner som ikke hører til formatet.",
        )
    if content.startswith(_OLD_EXCEL_MAGIC):
        return _refused(
            file,
            "Filen er i det gamle Excel-formatet (.xls). Lagre den som .xlsx eller CSV.",
        )
    if content.startswith(_ZIP_MAGIC):
        zip_problem = workbook_problem(content, limits)
        if zip_problem:
            return _refused(file, zip_problem)
        return _read_workbook(file)
    if file.name.lower().endswith((".xlsx", ".xlsm")):
        return _refused(file, INVALID)
    return _read_csv(file, limits)


def _refused(file: SourceFile, message: str) -> ReadResult:
    return ReadResult([], [Problem(file.name, message)])


def _read_workbook(file: SourceFile) -> ReadResult:
    """The `boliger` and `husstander` sheets of an XLSX workbook; other sheets are ignored."""
    try:
        workbook = fastexcel.read_excel(file.content)
        wanted = [name for name in workbook.sheet_names if recognise_sheet(name)]
        sheets = {
            name: workbook.load_sheet_by_name(
                name, header_row=None, skip_rows=0, dtypes="string"
            ).to_polars()
            for name in wanted
        }
    except Exception:  # calamine reports broken workbooks with many exception types
        return _refused(file, "Filen kunne ikke leses som Excel-arbeidsbok (XLSX).")
    if not wanted:
        names = " eller ".join(TABLES)
        return _refused(file, f"Arbeidsboken har ikke noe ark som heter {names}.")
    tables, problems = [], []
    for name, cells in sheets.items():
        # A real date cell arrives as "2024-01-31 00:00:00"; the date is what counts.
        cells = cells.with_columns(pl.all().str.replace(_EXCEL_DATETIME, "${1}"))
        table = _table_from_cells(cells, first_row=1)
        if table is None:
            problems.append(Problem(file.name, "Arket er tomt.", sheet=name))
            continue
        header_row, headers, frame = table
        tables.append(
            RawTable(
                recognise_sheet(name), file.name, name, file.sha256, header_row, headers, frame
            )
        )
    return ReadResult(tables, problems)


def _read_csv(file: SourceFile, limits: ReadLimits) -> ReadResult:
    """The one table in a CSV file, recognised by its header."""
    table, problems = read_csv_cells(file, limits)
    if table is None:
        return ReadResult([], problems)
    header_row, headers, frame = table
    name = recognise_table(list(headers))
    if name is None:
        message = (
            "Gjenkjenner ikke tabellen: overskriften må ha kolonnen bolig_id (boliger) "
            "eller husstand_id (husstander)."
        )
        return ReadResult([], [Problem(file.name, message, row=header_row)])
    table = RawTable(name, file.name, None, file.sha256, header_row, headers, frame)
    return ReadResult([table], [])


def read_csv_cells(
    file: SourceFile, limits: ReadLimits = DEFAULT_LIMITS
) -> tuple[tuple[int, tuple[str, ...], pl.DataFrame] | None, list[Problem]]:
    """Header row, header texts and text cells of any CSV file (encoding and delimiter detected).

    Also used for the reference tables (area statistics, targets). None with the problems when
    the file cannot be read as CSV.
    """
    content = file.content
    if len(content) > limits.max_file_bytes:
        return None, _refused(
            file, f"Filen er større enn grensen på {megabytes(limits.max_file_bytes)}."
        ).problems
    if _looks_binary(content):
        return None, _refused(
            file,
            "Filen er verken en tekstfil (CSV) eller en XLSX-arbeidsbok. "
            "Lagre tabellen som CSV (UTF-8) eller XLSX.",
        ).problems
    line_ends = _line_ends(content)
    if line_problem := _long_line_problem(file, line_ends, limits):
        return None, [line_problem]
    text = _decode(content)
    if text is None:
        return None, _refused(
            file,
            "Tegnkodingen i filen er ukjent. Lagre den som CSV UTF-8 (eller Windows-1252).",
        ).problems
    blank_lines = re.match(r"(?:[^\S\n]*\n)*", text).group()
    leading_blank = blank_lines.count("\n")
    header_line = text[len(blank_lines) : len(blank_lines) + limits.max_header_characters + 1]
    header_line = header_line.split("\n", 1)[0]
    if len(header_line) > limits.max_header_characters:
        return None, [_too_long_header(file, leading_blank + 1, limits)]
    delimiter = _detect_delimiter(header_line)
    if shape_problem := _shape_problem(file, header_line, delimiter, len(line_ends) + 1, limits):
        return None, [shape_problem]
    try:
        cells = pl.read_csv(
            io.BytesIO(text.encode("utf-8")),
            has_header=False,
            separator=delimiter,
            infer_schema=False,
            skip_rows=leading_blank,
            raise_if_empty=False,
        )
    except pl.exceptions.PolarsError:
        rows = _rows_with_extra_fields(text.split("\n"), delimiter, leading_blank)
        if rows.is_empty():
            return None, _refused(
                file, "Filen kunne ikke leses som CSV. Sjekk skilletegn og anførselstegn."
            ).problems
        message = "Raden har flere felt enn overskriften. Sjekk skilletegn og anførselstegn."
        return None, row_problems(rows, message, file=file.name)
    table = _table_from_cells(cells, first_row=leading_blank + 1)
    if table is None:
        return None, _refused(file, "Filen er tom.").problems
    return table, []


CellTable = tuple[int, tuple[str, ...], pl.DataFrame]  # header row, headers, text cells


def read_reference_cells(
    file: SourceFile, limits: ReadLimits = DEFAULT_LIMITS
) -> tuple[dict[str | None, CellTable] | None, list[Problem]]:
    """Every table of a reference file: a CSV's one table (keyed None), or each sheet of an
    XLSX workbook by its name as written (empty sheets left out). None with the problems when
    the file cannot be read; a workbook is guarded (workbook_guard) before calamine reads it."""
    content = file.content
    if not content.strip():
        return None, _refused(file, "Filen er tom.").problems
    if len(content) > limits.max_file_bytes:
        return None, _refused(
            file, f"Filen er større enn grensen på {megabytes(limits.max_file_bytes)}."
        ).problems
    if content.startswith(_OLD_EXCEL_MAGIC):
        return None, _refused(
            file, "Filen er i det gamle Excel-formatet (.xls). Lagre den som .xlsx eller CSV."
        ).problems
    if not content.startswith(_ZIP_MAGIC):
        if file.name.lower().endswith((".xlsx", ".xlsm")):
            return None, _refused(file, INVALID).problems
        table, problems = read_csv_cells(file, limits)
        return (None, problems) if table is None else ({None: table}, [])
    if zip_problem := workbook_problem(content, limits):
        return None, _refused(file, zip_problem).problems
    try:
        workbook = fastexcel.read_excel(content)
        sheets = {
            name: workbook.load_sheet_by_name(
                name, header_row=None, skip_rows=0, dtypes="string"
            ).to_polars()
            for name in workbook.sheet_names
        }
    except Exception:  # calamine reports broken workbooks with many exception types
        return None, _refused(file, "Filen kunne ikke leses som Excel-arbeidsbok (XLSX).").problems
    tables = {}
    for name, cells in sheets.items():
        table = _table_from_cells(cells, first_row=1)
        if table is not None:
            tables[name] = table
    if not tables:
        return None, _refused(file, "Arbeidsboken har ingen ark med tall.").problems
    return tables, []


def _line_ends(content: bytes) -> np.ndarray:
    """Byte offsets of the line breaks in a file, found without decoding or splitting it."""
    return np.flatnonzero(np.frombuffer(content, dtype=np.uint8) == ord("\n"))


def _long_line_problem(
    file: SourceFile, line_ends: np.ndarray, limits: ReadLimits
) -> Problem | None:
    """The first line longer than any row of a table can be (a million delimiters, say)."""
    bounds = np.concatenate(([-1], line_ends, [len(file.content)]))
    too_long = np.flatnonzero(np.diff(bounds) - 1 > limits.max_line_bytes)
    if not too_long.size:
        return None
    return Problem(
        file.name,
        f"Linjen er lengre enn {format_count(limits.max_line_bytes)} byte, mer enn en rad i "
        "tabellen kan være. Sjekk at filen er tabellen som CSV.",
        row=int(too_long[0]) + 1,
    )


def _too_long_header(file: SourceFile, row: int, limits: ReadLimits) -> Problem:
    return Problem(
        file.name,
        f"Overskriften er lengre enn {format_count(limits.max_header_characters)} tegn. Fjern "
        "kolonner som ikke hører til formatet.",
        row=row,
    )


def _shape_problem(
    file: SourceFile, header_line: str, delimiter: str, lines: int, limits: ReadLimits
) -> Problem | None:
    """Too many columns in the header, too many lines, or both together too many cells."""
    columns = _field_count(header_line, delimiter)
    if columns > limits.max_columns:
        return Problem(
            file.name,
            f"Overskriften har {format_count(columns)} kolonner; høyst {limits.max_columns} "
            "leses. Fjern kolonner som ikke hører til formatet, og sjekk skilletegnet.",
        )
    if lines > limits.max_rows:
        return Problem(
            file.name,
            f"Filen har mer enn {format_count(limits.max_rows)} linjer. Del den opp i mindre "
            "filer.",
        )
    if lines * columns > limits.max_cells:
        return Problem(
            file.name,
            f"Filen har {format_count(lines)} linjer og {columns} kolonner, mer enn "
            f"{format_count(limits.max_cells)} celler. Fjern kolonner som ikke hører til "
            "formatet, eller del filen opp.",
        )
    return None


def _field_count(line: str, delimiter: str) -> int:
    """Fields in a line of CSV, delimiters inside quotes not counted."""
    return re.sub(r'"[^"]*"', "", line).count(delimiter) + 1


def _looks_binary(content: bytes) -> bool:
    """True for content that is no text file: NUL bytes or control characters (UTF-16 aside)."""
    if content.startswith(_UTF16_BOMS):
        return False
    return b"\x00" in content or bool(content[:65536].translate(None, _OTHER_BYTES))


def _decode(content: bytes) -> str | None:
    """The text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252."""
    if content.startswith(_UTF16_BOMS):
        encodings = ("utf-16",)
    elif content.startswith(_UTF8_BOM):
        content, encodings = content[len(_UTF8_BOM) :], ("utf-8",)
    else:
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _detect_delimiter(header_line: str) -> str:
    """`;`, `,` or tab: whichever occurs most in the header line outside quotes (`;` on a tie)."""
    return max(_DELIMITERS, key=lambda delimiter: _field_count(header_line, delimiter))


def _rows_with_extra_fields(lines: list[str], delimiter: str, leading_blank: int) -> pl.Series:
    """Row numbers of lines with more fields than the header line (quoted text ignored)."""
    fields = (
        pl.Series(lines).str.replace_all(r'"[^"]*"', "").str.count_matches(delimiter, literal=True)
        + 1
    )
    rows = pl.int_range(1, len(lines) + 1, eager=True)
    return rows.filter(fields > fields[leading_blank])


def _table_from_cells(
    cells: pl.DataFrame, first_row: int
) -> tuple[int, tuple[str, ...], pl.DataFrame] | None:
    """Header row number, header texts and data rows of a grid of text cells.

    The grid's first row is row `first_row` of the file or sheet.

    The header is the first row that is not blank; rows that are entirely blank are dropped
    (their numbers are kept by the others), and so are columns without header and without data.
    None when there is no header.
    """
    names = cells.columns
    if not names:
        return None
    stripped = cells.select(pl.col(names).str.strip_chars())
    # Cells of only spaces (or quoted empty ones) are blank too, and rows of blank cells are
    # dropped; most files have neither, and finding that out is cheaper than the work.
    *has_empty, no_blank_row = stripped.select(
        (pl.col(names) == "").any(),
        pl.any_horizontal(pl.col(names).is_not_null()).all().alias(ROW),
    ).row(0)
    numbered = stripped.lazy().with_columns(
        *(
            pl.when(pl.col(name) != "").then(pl.col(name)).alias(name)
            for name, empty in zip(names, has_empty, strict=True)
            if empty
        ),
        pl.int_range(first_row, first_row + pl.len(), dtype=pl.Int32).alias(ROW),
    )
    if any(has_empty) or not no_blank_row:
        numbered = numbered.filter(pl.any_horizontal(pl.col(names).is_not_null()))
    filled = numbered.collect()
    if filled.height == 0:
        return None
    header_cells = filled.row(0)[: len(names)]
    header_row = filled.get_column(ROW)[0]
    data = filled.slice(1)
    kept = [
        position
        for position, header in enumerate(header_cells)
        if header is not None or data.get_column(names[position]).null_count() < data.height
    ]
    headers = tuple(header_cells[position] or "" for position in kept)
    frame = pl.DataFrame(
        [
            *(
                data.get_column(names[position]).alias(cell_column(i))
                for i, position in enumerate(kept)
            ),
            data.get_column(ROW),
        ]
    )
    return header_row, headers, frame
