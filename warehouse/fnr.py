"""Recognising Norwegian national ID numbers (fødselsnummer, D-number) with polars expressions.

A national ID number has 11 digits; the last two are mod-11 control digits. With the weights
below, the weighted digit sum must be divisible by 11 for both control digits (this is the
usual rule "k = 11 - sum mod 11, 11 becomes 0, 10 is impossible" written without branches).
A D-number is a fødselsnummer whose day is raised by 40; the control digits work the same way,
so it needs no rule of its own. The birth-date part is deliberately not checked: the snapshot
format defines a personal number by its control digits alone, and refusing too much is the safe
side when the alternative is storing a personal number.

Everything here builds `pl.Expr`, so a column of 360,000 values is checked without a Python loop.
"""

from __future__ import annotations

import functools

import polars as pl

# Weights over digits 1-11; a digit with weight 0 does not take part.
_FIRST_CONTROL_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1, 0)
_SECOND_CONTROL_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)

# "010180 12345": the common way of writing a number with a space after the birth date.
_SPACED_NUMBER = r"(\d{6})[ \u00a0\u202f](\d{5})"


def _weighted_digit_sum(number: pl.Expr, weights: tuple[int, ...]) -> pl.Expr:
    """Sum of digit i of an 11-digit integer times weights[i], digit 0 the leftmost."""
    return pl.sum_horizontal(
        (number // 10 ** (10 - position) % 10) * weight
        for position, weight in enumerate(weights)
        if weight
    )


def has_valid_control_digits(digits: pl.Expr) -> pl.Expr:
    """True where an 11-digit string has two valid mod-11 control digits; null stays null."""
    number = digits.cast(pl.Int64, strict=False)
    # sum_horizontal treats null as 0, so a missing number must be kept out explicitly.
    return pl.when(number.is_not_null()).then(
        (_weighted_digit_sum(number, _FIRST_CONTROL_WEIGHTS) % 11 == 0)
        & (_weighted_digit_sum(number, _SECOND_CONTROL_WEIGHTS) % 11 == 0)
    )


def national_id_digits(values: pl.Expr) -> pl.Expr:
    """A whole cell as the 11 digits of a would-be national ID number, else null.

    "010180 12345" counts as 11 digits; 10 digits get back the leading zero that Excel removes
    from a number such as 01018012345.
    """
    compact = values.str.strip_chars().str.replace(_SPACED_NUMBER, "${1}${2}")
    return pl.when(compact.str.contains(r"^[0-9]{10,11}$")).then(compact.str.pad_start(11, "0"))


def is_national_id(values: pl.Expr) -> pl.Expr:
    """True where the whole cell is a fødselsnummer or D-number (blank cells are False)."""
    return has_valid_control_digits(national_id_digits(values)).fill_null(False)


def hides_national_id(values: pl.Expr) -> pl.Expr:
    """True where free text holds an 11-digit national ID number, e.g. "ring 01018012345".

    Only whole runs of digits count: 11 digits inside a longer number are not a match.
    """
    runs = values.str.replace_all(_SPACED_NUMBER, "${1}${2}").str.extract_all(r"\d{11,}")
    element = pl.element()
    return (
        runs.list.eval((element.str.len_bytes() == 11) & has_valid_control_digits(element))
        .list.any()
        .fill_null(False)
    )


def might_contain_national_id(values: pl.Expr) -> pl.Expr:
    """A cheap first sieve: False guarantees that `contains_national_id` is False.

    Every match has ten digits in a row or the form "010180 12345", and most cells do not, so
    filtering on this first leaves the costly check only a few cells.
    """
    return values.str.contains(r"[0-9]{10}|[0-9]{6}[ \u00a0\u202f][0-9]{5}").fill_null(False)


def contains_national_id(values: pl.Expr) -> pl.Expr:
    """True where the cell is, or hides, a fødselsnummer or D-number."""
    return is_national_id(values) | hides_national_id(values)


@functools.cache
def might_contain_national_id_in(column: str) -> pl.Expr:
    """`might_contain_national_id` over a column, named as the column (built once per name)."""
    return might_contain_national_id(pl.col(column))


@functools.cache
def contains_national_id_in(column: str) -> pl.Expr:
    """`contains_national_id` over a column, named as the column (built once per name)."""
    return contains_national_id(pl.col(column))
