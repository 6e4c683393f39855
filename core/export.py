"""Writing tables for people and spreadsheets: CSV or XLSX by the file's ending, formula-safe."""

from __future__ import annotations

import io
import re
from pathlib import Path

import polars as pl

SUFFIXES = (".csv", ".xlsx")  # the endings write_table writes, each as its kind of file
# A text cell that a spreadsheet would read as a formula (CSV injection).
_FORMULA_PATTERN = r"^[=+\-@\t\r]"
# ... unless it is a number as the app writes one (`-5`, `+12`, `1 234,5`, `+25,0 %`,
# `+0,4 pp`, `+0,7 %-poeng`): a spreadsheet reads that as a number or as text, never as a call,
# and a table on screen must not show `'+12`.
_SPACES = " \u00a0\u202f"  # babel groups Norwegian thousands with a no-break space
_PLAIN_NUMBER = rf"^[+\-]?\d[\d.,{_SPACES}]*(?:[{_SPACES}]?(?:%|%-poeng|pp))?$"


def safe_cell(text: str | None) -> str | None:
    """The text with a leading `'` when a spreadsheet would take it for a formula."""
    if text is None or not re.match(_FORMULA_PATTERN, text) or re.fullmatch(_PLAIN_NUMBER, text):
        return text
    return "'" + text


def original_cell(text: str) -> str:
    """The text `safe_cell` was given: a table edited on screen, read back without its `'`."""
    return text[1:] if text.startswith("'") and safe_cell(text[1:]) == text else text


def neutralise_formulas(frame: pl.DataFrame) -> pl.DataFrame:
    """Every text column with formula-like cells prefixed by `'` (`safe_cell` on every cell)."""
    text_columns = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    return frame.with_columns(
        pl.when(
            pl.col(name).str.contains(_FORMULA_PATTERN).fill_null(False)
            & ~pl.col(name).str.contains(_PLAIN_NUMBER).fill_null(False)
        )
        .then(pl.lit("'") + pl.col(name))
        .otherwise(pl.col(name))
        .alias(name)
        for name in text_columns
    )


def table_bytes(
    frame: pl.DataFrame,
    suffix: str,
    *,
    sheet: str = "data",
    extra_sheets: dict[str, pl.DataFrame] | None = None,
) -> bytes:
    """`frame` as the bytes of a `.csv` (comma, UTF-8, dot decimals) or `.xlsx` file.

    Booleans are written `true`/`false` in CSV. XLSX gets `extra_sheets` (e.g. definitions)
    after the main sheet. Any other ending is refused.
    """
    suffix = suffix.lower()
    safe = neutralise_formulas(frame)
    buffer = io.BytesIO()
    if suffix == ".csv":
        safe.with_columns(pl.col(pl.Boolean).cast(pl.String)).write_csv(buffer)
    elif suffix == ".xlsx":
        import xlsxwriter

        with xlsxwriter.Workbook(buffer) as workbook:
            safe.write_excel(workbook, worksheet=sheet, autofit=True)
            for name, extra in (extra_sheets or {}).items():
                neutralise_formulas(extra).write_excel(workbook, worksheet=name, autofit=True)
    else:
        raise ValueError(f"Ukjent filtype «{suffix}»: bruk {' eller '.join(SUFFIXES)}.")
    return buffer.getvalue()


def write_table(
    frame: pl.DataFrame,
    out: Path,
    *,
    sheet: str = "data",
    extra_sheets: dict[str, pl.DataFrame] | None = None,
) -> Path:
    """Write `frame` as `.csv` or `.xlsx`, chosen by `out`'s ending (see `table_bytes`)."""
    out = Path(out)
    out.write_bytes(table_bytes(frame, out.suffix, sheet=sheet, extra_sheets=extra_sheets))
    return out
