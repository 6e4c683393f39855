"""Typing: a table's text cells as the warehouse's typed columns (null where a cell breaks its
type), and the typed columns as the warehouse stores them."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from core.snapshot_format import (
    Column,
    code_lookup,
    fold_expr,
    yes_no_lookup,
)
from warehouse.validation.cells import parse_date, parse_decimal, parse_digits, parse_integer

NO_TEXT = pl.lit(None, dtype=pl.String)


# The type of a typed cell, per kind of column.
DTYPES = {
    "text": pl.String,
    "digits": pl.String,
    "decimal": pl.Float64,
    "integer": pl.Int64,
    "code": pl.String,
    "yesno": pl.Boolean,
    "date": pl.Date,
}


# Columns of these kinds repeat their values (codes, yes/no, small numbers, dates), and columns
# typed the same way share most of them: typing each distinct text once per group and looking
# the cells up is several times faster than typing every cell, in large tables and small ones
# alike. Decimals (coordinates, areas) are mostly distinct and are typed cell by cell.
FEW_DISTINCT_KINDS = ("digits", "integer", "code", "yesno", "date")


TEXT, VALUE = "tekst", "verdi"


def per_cell(column: Column, text: pl.Expr) -> pl.Expr:
    """A column typed cell by cell: text as it is, decimals parsed; typed null when absent."""
    if text is NO_TEXT:
        return pl.lit(None, dtype=DTYPES[column.kind]).alias(column.name)
    return typed(column, text).alias(column.name)


@dataclass(frozen=True)
class Typing:
    """Columns typed the same way: the distinct texts of them all, typed together."""

    columns: tuple[Column, ...]
    sources: tuple[str, ...]  # their frame columns
    texts: pl.Expr  # the distinct texts of all the columns, named TEXT
    values: pl.Expr  # the text's value, named VALUE: for codes and yes/no its folded spelling
    lookups: tuple[dict[str, str] | dict[str, bool] | None, ...]  # per column: folded -> value


def typing_key(column: Column) -> tuple[str, int | None]:
    """Columns with the same key type a text the same way (codes and yes/no: up to the lookup)."""
    if column.kind in ("code", "yesno"):
        return "fold", None
    return column.kind, column.digits


def typing_of(group: list[Column], columns: dict[str, str]) -> Typing:
    """The typing of columns with the same `typing_key`, found in the file as `columns`."""
    sources = tuple(columns[column.name] for column in group)
    texts = functools.reduce(pl.Expr.append, (pl.col(source) for source in sources))
    return Typing(
        columns=tuple(group),
        sources=sources,
        texts=texts.drop_nulls().unique().alias(TEXT),
        values=typed(group[0], pl.col(TEXT)).alias(VALUE),
        lookups=tuple(lookup(column) for column in group),
    )


def lookup(column: Column) -> dict[str, str] | dict[str, bool] | None:
    """Folded spelling -> value for a code or yes/no column, None for the other kinds."""
    match column.kind:
        case "code":
            return code_lookup(column)
        case "yesno":
            return yes_no_lookup()
        case _:
            return None


def typed_columns(frame: pl.DataFrame, typings: tuple[Typing, ...]) -> list[pl.Expr]:
    """The file's columns that need typing, typed per distinct text and looked up per cell."""
    typed_texts = pl.collect_all(
        frame.lazy().select(typing.texts).with_columns(typing.values) for typing in typings
    )
    typed = []
    for typing, distinct in zip(typings, typed_texts, strict=True):
        # The categories are turned into polars' own type once for the group, not per column.
        categories = pl.Enum(distinct.get_column(TEXT)).to_dtype_expr()
        values = distinct.get_column(VALUE)
        for column, source, lookup in zip(
            typing.columns, typing.sources, typing.lookups, strict=True
        ):
            positions = pl.col(source).cast(categories).to_physical()
            column_values = looked_up(values, lookup, DTYPES[column.kind])
            typed.append(pl.lit(column_values).gather(positions).alias(column.name))
    return typed


def looked_up(values: pl.Series, lookup: Mapping | None, dtype: pl.DataType) -> pl.Series:
    """A group's values for one column: as they are, or folded spellings looked up."""
    if lookup is None:
        return values
    return pl.Series([lookup.get(folded) for folded in values.to_list()], dtype=dtype)


def typed(column: Column, text: pl.Expr) -> pl.Expr:
    """What a cell's text is typed to in a column of its kind, null where it breaks the type.

    For codes and yes/no that is the folded spelling, which the column's lookup turns into
    the value.
    """
    match column.kind:
        case "digits":
            return parse_digits(text, column)
        case "decimal":
            return parse_decimal(text)
        case "integer":
            return parse_integer(text)
        case "code" | "yesno":
            return fold_expr(text)
        case "date":
            return parse_date(text)
        case _:
            return text


def stored(column: Column, text: pl.Expr) -> pl.Expr:
    """A typed column as the warehouse stores it: a blank yes/no is no, blank `barn` is 0."""
    value = pl.col(column.name)
    match column.kind:
        case "yesno":
            stored = pl.when(text.is_null()).then(False).otherwise(value)
        case "integer":
            stored = value.cast(pl.Int32, strict=False)
            if column.blank_value is not None:
                stored = pl.when(text.is_null()).then(column.blank_value).otherwise(stored)
            stored = stored.cast(pl.Int32)
        case "decimal":
            stored = value.cast(pl.Float64)
        case "date":
            stored = value.cast(pl.Date)
        case _:
            stored = value.cast(pl.String)
    return stored.alias(column.name)
