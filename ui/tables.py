"""Tables as people read them: headers in their language, values formatted the Norwegian way.

Pure: each function takes the warehouse's frame (or problems) and the language, and returns a
frame whose columns are the headers shown, in order. Widgets render them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import polars as pl

from ui import format as fmt
from ui.format import Language
from ui.labels import translate
from warehouse.problems import Problem
from warehouse.quality import SWING_THRESHOLD
from warehouse.template import description_rows

Formatter = Callable[[Any, Language], Any]

# The counts of the data-quality page (warehouse/quality.py) and what they are called.
QUALITY_MEASURES = {
    "boliger": "Boliger",
    "husstander": "Husstander",
    "venteliste": "På venteliste",
    "midlertidig": "I midlertidig botilbud",
    "kommunal_bolig": "I kommunal bolig",
    "privat_leie": "Leier privat",
    "eid_bolig": "Eier bolig",
    "boliger_uten_koordinater": "Boliger uten koordinater",
    "boliger_uten_omrade": "Boliger uten område",
    "boliger_utenfor": "Boliger utenfor områdene",
    "boliger_uenig": "Koordinater uenige med grunnkrets",
    "husstander_ukjent_bolig": "Husstander med ukjent bolig",
}


def count(value: int | None, language: Language) -> str:
    return fmt.number(value, 0, language)


def words(value: str | None, language: Language) -> str | None:
    """A code the UI has words for (`feil`, `boliger`), in the language."""
    return None if value is None else translate(value, language)


def display(
    frame: pl.DataFrame, columns: dict[str, tuple[str, Formatter | None]], language: Language
) -> pl.DataFrame:
    """`frame`'s `columns` (name -> (bokmål header, formatter)) as a table to show."""
    return pl.DataFrame(
        {
            translate(header, language): (
                [formatter(value, language) for value in frame[name]] if formatter else frame[name]
            )
            for name, (header, formatter) in columns.items()
        },
        strict=False,
    )


def problem_table(problems: Iterable[Problem], language: Language) -> pl.DataFrame:
    """The validation report: severity, file, sheet, row, column and what is wrong."""
    rows = pl.DataFrame(
        [
            {
                "severity": problem.severity,
                "file": problem.file,
                "sheet": problem.sheet,
                "row": problem.row,
                "column": problem.column,
                "message": problem.message,
            }
            for problem in problems
        ],
        schema={
            "severity": pl.String,
            "file": pl.String,
            "sheet": pl.String,
            "row": pl.Int64,
            "column": pl.String,
            "message": pl.String,
        },
    )
    return display(
        rows,
        {
            "severity": ("Alvorlighet", words),
            "file": ("Fil", None),
            "sheet": ("Ark", None),
            "row": ("Rad", None),
            "column": ("Kolonne", None),
            "message": ("Hva er galt", None),
        },
        language,
    )


def history_table(history: pl.DataFrame, language: Language) -> pl.DataFrame:
    """The load history (marts.loads), newest first as given."""
    return display(
        history,
        {
            "load_id": ("Last", None),
            "month": ("Måned", lambda month, lang: fmt.month(month, lang) if month else None),
            "table_name": ("Tabell", words),
            "file_name": ("Fil", None),
            "row_count": ("Rader", count),
            "loaded_at": ("Lastet", fmt.moment),
            "loaded_by": ("Lastet av", None),
            "active": ("Aktiv", None),
        },
        language,
    )


def restore_choices(history: pl.DataFrame, language: Language) -> dict[int, str]:
    """The loads that can be restored (the inactive ones), load id -> how the list shows it."""
    inactive = history.filter(~pl.col("active"))
    return {
        row["load_id"]: translate(
            "Last {load_id} · {table} · {month} · {file}",
            language,
            load_id=row["load_id"],
            table=translate(row["table_name"], language),
            month=fmt.month(row["month"], language) if row["month"] else "",
            file=row["file_name"],
        )
        for row in inactive.iter_rows(named=True)
    }


def quality_table(months: pl.DataFrame, language: Language) -> pl.DataFrame:
    """The data-quality counts per month, newest month first."""
    columns = {"maaned": ("Måned", fmt.month)} | {
        name: (label, count) for name, label in QUALITY_MEASURES.items()
    }
    return display(months.sort("maaned", descending=True), columns, language)


def swing_table(swings: pl.DataFrame, language: Language) -> pl.DataFrame:
    """The counts worth a second look: month, what, previous month, this month, change."""
    return display(
        swings.sort("maaned", descending=True),
        {
            "maaned": ("Måned", fmt.month),
            "maal": ("Tall", lambda name, lang: translate(QUALITY_MEASURES[name], lang)),
            "forrige": ("Forrige måned", count),
            "verdi": ("Denne måneden", count),
            "endring_andel": (
                "Endring",
                lambda share, lang: fmt.percent(
                    None if share is None else share * 100, 1, lang, sign=True
                ),
            ),
        },
        language,
    )


def missing_table(missing: pl.DataFrame, language: Language) -> pl.DataFrame:
    """The months that lack one or both tables, and which."""
    lacking = missing.with_columns(
        mangler=pl.when(pl.col("mangler_boliger") & pl.col("mangler_husstander"))
        .then(pl.lit("boliger og husstander"))
        .when(pl.col("mangler_boliger"))
        .then(pl.lit("boliger"))
        .otherwise(pl.lit("husstander"))
    )
    return display(
        lacking, {"maaned": ("Måned", fmt.month), "mangler": ("Mangler", words)}, language
    )


def snapshot_format_table(table_name: str, language: Language) -> pl.DataFrame:
    """The columns of one snapshot table as the upload template explains them."""
    rows = [row[1:] for row in description_rows() if row[0] == table_name]
    headers = ("Kolonne", "Type", "Påkrevd", "Beskrivelse", "Gyldige verdier")
    return pl.DataFrame(
        rows, schema=[translate(header, language) for header in headers], orient="row"
    )


def swing_threshold(language: Language) -> str:
    """The swing threshold as people read it: `20 %`."""
    return fmt.percent(SWING_THRESHOLD * 100, 0, language)
