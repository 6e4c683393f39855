"""Cell parsing: decimals, whole numbers, dates and digit codes as Norwegian files write them."""

from __future__ import annotations

import polars as pl

from core.snapshot_format import (
    Column,
)


def parse_digits(text: pl.Expr, column: Column) -> pl.Expr:
    """A code of `column.digits` digits, spaces removed; null otherwise."""
    compact = text.str.replace_all(r"\s", "")
    return pl.when(compact.str.contains(f"^\\d{{{column.digits}}}$")).then(compact)


def number_text(text: pl.Expr) -> pl.Expr:
    """A number with thousands separators (spaces of any kind) removed and a dot for decimals."""
    return text.str.replace_all(r"\s", "").str.replace("\u2212", "-", literal=True)


def parse_decimal(text: pl.Expr) -> pl.Expr:
    """Decimal numbers with a comma or a dot, thousands separators allowed; null otherwise."""
    number = number_text(text)
    return (
        pl.when(number.str.contains(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$"))
        .then(number.str.replace(",", ".", literal=True))
        .cast(pl.Float64, strict=False)
    )


def parse_integer(text: pl.Expr) -> pl.Expr:
    """Whole numbers; "3,0" and "3.0" count as 3 (some systems write every number so)."""
    number = number_text(text)
    digits = number.str.replace(r"[.,]0+$", "")
    return (
        pl.when(number.str.contains(r"^[+-]?\d{1,12}([.,]0+)?$"))
        .then(digits)
        .cast(pl.Int64, strict=False)
    )


def parse_date(text: pl.Expr) -> pl.Expr:
    """`dd.mm.yyyy` or `yyyy-mm-dd` (an Excel date cell arrives as the latter) as a Date."""
    return (
        pl.when(text.str.contains(r"^\d{1,2}\.\d{1,2}\.\d{4}$"))
        .then(text.str.to_date("%d.%m.%Y", strict=False))
        .when(text.str.contains(r"^\d{4}-\d{1,2}-\d{1,2}$"))
        .then(text.str.to_date("%Y-%m-%d", strict=False))
    )
