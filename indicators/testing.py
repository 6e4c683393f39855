"""Small hand-made frames with the marts' columns, for tests and examples (as `polars.testing`).

Rows are dicts with only the columns that matter; the rest take harmless defaults. Months are
written `"2015-02"` and dates `"2015-02-28"`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import polars as pl

from core.snapshot_format import BOLIGER, HUSSTANDER
from indicators.registry import indicator

HOUSEHOLD_SCHEMA = {"maaned": pl.Date, **HUSSTANDER.stored_schema}
HOUSEHOLD_DEFAULTS = {
    "bolig_id": None,
    "personer": 1,
    "barn": 0,
    "i_situasjon_fra": "2000-01-01",
    "soknadsdato": None,
    "flyktning": False,
    "under_25": False,
    "rus_psykisk": False,
    "funksjonsnedsettelse": False,
    "housing_first": False,
    "startlan_dato": None,
}
DWELLING_SCHEMA = {
    "maaned": pl.Date,
    **{
        name: dtype
        for name, dtype in BOLIGER.stored_schema.items()
        if name in ("bolig_id", "rom", "areal_m2", "rullestol", "status")
    },
}
DWELLING_DEFAULTS = {"rom": 2, "areal_m2": 50.0, "rullestol": False, "status": "utleid"}


def month(text: str) -> date:
    """`"2015-02"` as the first day of that month, as `maaned` holds it."""
    year, number = text.split("-")
    return date(int(year), int(number), 1)


def _typed(value: Any, dtype: pl.DataType) -> Any:
    if isinstance(value, str) and dtype == pl.Date:
        return month(value) if len(value) == 7 else date.fromisoformat(value)
    return value


def _frame(rows: tuple[Mapping[str, Any], ...], schema: dict, defaults: dict) -> pl.LazyFrame:
    filled = [{**defaults, **row} for row in rows]
    columns = {
        name: [_typed(row.get(name), dtype) for row in filled] for name, dtype in schema.items()
    }
    return pl.LazyFrame(columns, schema=schema)


def households(*rows: Mapping[str, Any]) -> pl.LazyFrame:
    """Households: each row needs `maaned`, `husstand_id` and `situasjon`."""
    return _frame(rows, HOUSEHOLD_SCHEMA, HOUSEHOLD_DEFAULTS)


def dwellings(*rows: Mapping[str, Any]) -> pl.LazyFrame:
    """Dwellings: each row needs `maaned` and `bolig_id`."""
    return _frame(rows, DWELLING_SCHEMA, DWELLING_DEFAULTS)


def area_statistics(*rows: tuple[int, int]) -> pl.LazyFrame:
    """Area statistics from `(aar, innbyggere)` pairs, one grunnkrets per pair."""
    return pl.LazyFrame(
        {
            "grunnkrets": [f"1108{number:04d}" for number in range(len(rows))],
            "aar": [year for year, _ in rows],
            "innbyggere": [people for _, people in rows],
            "boliger_totalt": [0 for _ in rows],
        },
        schema={
            "grunnkrets": pl.String,
            "aar": pl.Int32,
            "innbyggere": pl.Int32,
            "boliger_totalt": pl.Int32,
        },
    )


def value_of(frame: pl.LazyFrame | pl.DataFrame, indikator: str, when: str) -> float | None:
    """The `verdi` of one indicator in one month (`maaned`) or period (`periode`); None if none."""
    indicator(indikator)  # an unknown id is a mistake in the test, not "no value"
    data = frame.lazy().collect()
    column = "periode" if "periode" in data.columns else "maaned"
    key = pl.lit(when) if column == "periode" else pl.lit(month(when))
    rows = data.filter((pl.col("indikator") == indikator) & (pl.col(column) == key))
    if rows.height > 1:
        raise LookupError(f"{rows.height} rows for {indikator} in {when}")
    return rows.item(0, "verdi") if rows.height else None
