"""Indicator values shaped for export: CSV rows for machines, sheet rows for people.

CSV: `indikator, periode, verdi` (+ `prikket` when suppressed; a hidden value is empty).
XLSX: the same with Norwegian headers, names and units (services.indicators writes the files,
formula-safe, with the definitions on a second sheet).
"""

from __future__ import annotations

import polars as pl

from indicators.registry import INDICATORS, ids
from indicators.suppression import SUPPRESSED

DECIMALS = 1


def rounded_value() -> pl.Expr:
    """`verdi` as written: counts whole, everything else to one decimal."""
    is_count = pl.col("indikator").is_in(ids(unit="count"))
    return (
        pl.when(is_count).then(pl.col("verdi").round(0)).otherwise(pl.col("verdi").round(DECIMALS))
    )


def value_text() -> pl.Expr:
    """`verdi` as CSV text with a dot decimal: `230`, `12.5`; empty when there is none."""
    is_count = pl.col("indikator").is_in(ids(unit="count"))
    return (
        pl.when(is_count)
        .then(rounded_value().cast(pl.Int64).cast(pl.String))
        .otherwise(rounded_value().cast(pl.String))
    )


def csv_rows(frame: pl.DataFrame, *, suppress: bool) -> pl.DataFrame:
    """The CSV columns: `indikator, periode, verdi` and, when suppressed, `prikket`."""
    columns = [pl.col("indikator"), pl.col("periode"), value_text().alias("verdi")]
    if suppress:
        columns.append(pl.col("prikket").fill_null(False))
    return frame.select(columns)


def sheet_rows(frame: pl.DataFrame, *, suppress: bool) -> pl.DataFrame:
    """The XLSX sheet: Norwegian headers, the indicator's name and unit next to its value."""
    names = pl.DataFrame(
        {
            "indikator": [entry.id for entry in INDICATORS],
            "Navn": [entry.navn for entry in INDICATORS],
            "Enhet": [entry.enhet for entry in INDICATORS],
        }
    )
    columns = [
        pl.col("indikator").alias("Indikator"),
        "Navn",
        pl.col("periode").alias("Periode"),
        rounded_value().alias("Verdi"),
        "Enhet",
    ]
    if suppress:
        marker = pl.when(pl.col("prikket")).then(pl.lit(SUPPRESSED)).otherwise(pl.lit(""))
        columns.append(marker.alias("Prikket"))
    return frame.join(names, on="indikator", how="left", maintain_order="left").select(columns)
