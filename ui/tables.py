"""Tables as people read them: headers in their language, values formatted the Norwegian way.

Pure: each function takes the warehouse's frame (or problems) and the language, and returns a
frame whose columns are the headers shown, in order. Widgets render them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import polars as pl

from core import formatting as fmt
from core.formatting import Language
from core.i18n import N_, translate
from core.problems import Problem
from core.template import description_rows

Formatter = Callable[[Any, Language], Any]

# The counts of the data-quality page (warehouse/quality.py) and what they are called.
QUALITY_MEASURES = {
    "boliger": N_("Boliger"),
    "husstander": N_("Husstander"),
    "venteliste": N_("På venteliste"),
    "midlertidig": N_("I midlertidig botilbud"),
    "kommunal_bolig": N_("I kommunal bolig"),
    "privat_leie": N_("Leier privat"),
    "eid_bolig": N_("Eier bolig"),
    "boliger_uten_koordinater": N_("Boliger uten koordinater"),
    "boliger_uten_omrade": N_("Boliger uten område"),
    "boliger_utenfor": N_("Boliger utenfor områdene"),
    "boliger_uenig": N_("Koordinater uenige med grunnkrets"),
    "husstander_ukjent_bolig": N_("Husstander med ukjent bolig"),
}


def count(value: int | None, language: Language) -> str:
    return fmt.number(value, 0, language)


# The codes of the data that tables show in words: a problem's severity, a snapshot table,
# what a month lacks (marked here for the catalogue; `words` translates them).
CODE_WORDS = (
    N_("feil"),
    N_("advarsel"),
    N_("boliger"),
    N_("husstander"),
    N_("boliger og husstander"),
    N_("boligprosjekter"),
)


def words(value: str | None, language: Language) -> str | None:
    """A code the UI has words for (CODE_WORDS), in the language."""
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


def _problem_rows(problems: Iterable[Problem]) -> pl.DataFrame:
    """One row per problem: severity, file, sheet, row, column, message (nulls where unknown)."""
    return pl.DataFrame(
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


def blank(value: object, language: Language) -> str:
    """A cell that may be unknown (a file-level problem has no sheet, row or column): empty."""
    return "" if value is None else str(value)


def row_ranges(rows: Iterable[int]) -> str:
    """Row numbers as runs: [2, 3, 4, 7, 9, 10] -> '2–4, 7, 9–10' (none: '')."""
    runs: list[list[int]] = []
    for row in sorted(set(rows)):
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return ", ".join(str(first) if first == last else f"{first}–{last}" for first, last in runs)


PROBLEM_COLUMNS = {
    "severity": (N_("Alvorlighet"), words),
    "file": (N_("Fil"), blank),
    "sheet": (N_("Ark"), blank),
    "row": (N_("Rad"), blank),
    "column": (N_("Kolonne"), blank),
    "message": (N_("Hva er galt"), None),
}


def problem_table(problems: Iterable[Problem], language: Language) -> pl.DataFrame:
    """The validation report, one row per problem: severity, file, sheet, row, column and what
    is wrong; what a problem does not have is an empty cell."""
    return display(_problem_rows(problems), PROBLEM_COLUMNS, language)


def grouped_problem_table(problems: Iterable[Problem], language: Language) -> pl.DataFrame:
    """The validation report with identical problems together: one row per severity, file,
    sheet, column and message, its rows as runs ('2–310'), in the order first met."""
    keys = ["severity", "file", "sheet", "column", "message"]
    grouped = (
        _problem_rows(problems)
        .group_by(keys, maintain_order=True)
        .agg(pl.col("row").drop_nulls(), pl.len().alias("count"))
        .with_columns(pl.col("row").map_elements(row_ranges, return_dtype=pl.String).alias("rows"))
    )
    columns = {
        "severity": PROBLEM_COLUMNS["severity"],
        "file": PROBLEM_COLUMNS["file"],
        "sheet": PROBLEM_COLUMNS["sheet"],
        "rows": (N_("Rader"), blank),
        "count": (N_("Antall"), None),
        "column": PROBLEM_COLUMNS["column"],
        "message": PROBLEM_COLUMNS["message"],
    }
    return display(grouped, columns, language)


def replacement_table(replacing: dict[str, tuple[int, int]], language: Language) -> pl.DataFrame:
    """What replacing a month changes: per table, its rows now and after the replacement."""
    rows = pl.DataFrame(
        [
            {"table": table, "before": before, "after": after}
            for table, (before, after) in replacing.items()
        ],
        schema={"table": pl.String, "before": pl.Int64, "after": pl.Int64},
    )
    return display(
        rows,
        {
            "table": (N_("Tabell"), words),
            "before": (N_("Rader nå"), count),
            "after": (N_("Rader etter erstatning"), count),
        },
        language,
    )


def history_table(history: pl.DataFrame, language: Language) -> pl.DataFrame:
    """The load history (marts.loads), newest first as given."""
    return display(
        history,
        {
            "load_id": (N_("Last"), None),
            "month": (N_("Måned"), lambda month, lang: fmt.month(month, lang) if month else None),
            "table_name": (N_("Tabell"), words),
            "file_name": (N_("Fil"), None),
            "row_count": (N_("Rader"), count),
            "loaded_at": (N_("Lastet"), fmt.moment),
            "loaded_by": (N_("Lastet av"), None),
            "active": (N_("Aktiv"), None),
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
    columns = {"maaned": (N_("Måned"), fmt.month)} | {
        name: (label, count) for name, label in QUALITY_MEASURES.items()
    }
    return display(months.sort("maaned", descending=True), columns, language)


def swing_table(swings: pl.DataFrame, language: Language) -> pl.DataFrame:
    """The counts worth a second look: month, what, previous month, this month, change."""
    return display(
        swings.sort("maaned", descending=True),
        {
            "maaned": (N_("Måned"), fmt.month),
            "maal": (N_("Tall"), lambda name, lang: translate(QUALITY_MEASURES[name], lang)),
            "forrige": (N_("Forrige måned"), count),
            "verdi": (N_("Denne måneden"), count),
            "endring_andel": (
                N_("Endring"),
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
        lacking, {"maaned": (N_("Måned"), fmt.month), "mangler": (N_("Mangler"), words)}, language
    )


def snapshot_format_table(table_name: str, language: Language) -> pl.DataFrame:
    """The columns of one snapshot table as the upload template explains them."""
    rows = [row[1:] for row in description_rows() if row[0] == table_name]
    headers = (
        N_("Kolonne"),
        N_("Type"),
        N_("Påkrevd"),
        N_("Beskrivelse"),
        N_("Gyldige verdier"),
    )
    return pl.DataFrame(
        rows, schema=[translate(header, language) for header in headers], orient="row"
    )


def swing_threshold(threshold: float, language: Language) -> str:
    """A swing threshold (a share, 0–1) as people read it: `20 %`."""
    return fmt.percent(threshold * 100, 0, language)
