"""Recognising Norwegian national ID numbers (fødselsnummer, D-number) with polars expressions.

A national ID number has 11 digits; the last two are mod-11 control digits. With the weights
below, the weighted digit sum must be divisible by 11 for both control digits (this is the
usual rule "k = 11 - sum mod 11, 11 becomes 0, 10 is impossible" written without branches).
A D-number is a fødselsnummer whose day is raised by 40; the control digits work the same way,
so it needs no rule of its own. The birth-date part is deliberately not checked: the snapshot
format defines a personal number by its control digits alone, and refusing too much is the safe
side when the alternative is storing a personal number.

People write the number with separators: "150385-10190", "15.03.85 10190", "010180 12345".
Spaces of every kind, dots and hyphens (and the dashes that stand in for one) are ignored
between the digits. About one in a hundred arbitrary 11-digit sequences passes both control
digits, so what is plainly something else is not taken for a written-out number: 11 digits
inside a longer run of digits; a decimal number (digits, one dot, digits: a coordinate such as
58.851234567); digits and separators glued to a letter ("AB12-3456-78901" is a code); and the
digits of a UUID or a hash written in hex (32 hex digits or more), the usual pseudonymous keys.

Everything here builds `pl.Expr`, so a column of 360,000 values is checked without a Python
loop; `text_contains_national_id` applies the same expression to one text (a file name).
"""

from __future__ import annotations

import functools
import re

import polars as pl

# Weights over digits 1-11; a digit with weight 0 does not take part.
_FIRST_CONTROL_WEIGHTS = (3, 7, 6, 1, 8, 9, 4, 5, 2, 1, 0)
_SECOND_CONTROL_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2, 1)

# Spaces of every kind (and the invisible ones), dots, hyphens, dashes and the minus sign.
# Never a line break: the row sieve joins a row's cells with one, and they must stay apart.
SEPARATOR = r"[\p{Zs}\t\u00ad\u200b-\u200d\u2060\ufeff.\-\u2010-\u2015\u2212]"
# A sequence with at least one separator, with the letter it is glued to if there is one.
_SEPARATED_DIGITS = rf"\p{{L}}?[0-9]+(?:{SEPARATOR}+[0-9]+)+\p{{L}}?"
_GLUED_TO_A_LETTER = r"^\p{L}|\p{L}$"
_HEX_KEY = r"\b[0-9A-Fa-f](?:-?[0-9A-Fa-f]){31,}\b"
_DECIMAL_NUMBER = r"^[0-9]+\.[0-9]+$"
# Ten digits with anything but letters and digits between them: looser than the sieve below,
# in Python, so that one short text (a file name, a header) rarely needs polars at all.
_LOOSE_SIEVE = re.compile(r"[0-9](?:[^0-9A-Za-z]*[0-9]){9}")


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


def _is_valid_number(digits: pl.Expr) -> pl.Expr:
    """True where a string of digits is exactly 11 long with both control digits valid."""
    return (digits.str.len_bytes() == 11) & has_valid_control_digits(digits).fill_null(False)


def is_national_id(values: pl.Expr) -> pl.Expr:
    """True where the whole cell is a fødselsnummer or D-number (blank cells are False).

    Separators between the digits are ignored; ten bare digits get back the leading zero that
    Excel removes from a number such as 01018012345.
    """
    cell = values.str.strip_chars()
    digits = (
        pl.when(cell.str.contains(r"^[0-9]{10}$"))
        .then("0" + cell)
        .when(~cell.str.contains(_DECIMAL_NUMBER))
        .then(cell.str.replace_all(SEPARATOR, ""))
    )
    return (digits.str.contains(r"^[0-9]{11}$") & _is_valid_number(digits)).fill_null(False)


def hides_national_id(values: pl.Expr) -> pl.Expr:
    """True where text holds a national ID number, e.g. "ring 01018012345" or "150385-10190".

    Counted are whole runs of 11 digits, and sequences of digits and separators that hold
    11 digits in all (decimal numbers and codes glued to a letter aside), outside hex keys.
    """
    element = pl.element()
    text = values.str.replace_all(_HEX_KEY, " ")
    bare = text.str.extract_all(r"[0-9]{11,}").list.eval(_is_valid_number(element))
    separated = text.str.extract_all(_SEPARATED_DIGITS).list.eval(
        ~element.str.contains(_GLUED_TO_A_LETTER)
        & ~element.str.contains(_DECIMAL_NUMBER)
        & _is_valid_number(element.str.replace_all(SEPARATOR, ""))
    )
    return (bare.list.any() | separated.list.any()).fill_null(False)


def might_contain_national_id(values: pl.Expr) -> pl.Expr:
    """A cheap first sieve: False guarantees that `contains_national_id` is False.

    Every match has at least ten digits joined only by separators, and most cells do not, so
    filtering on this first leaves the costly check only a few cells.
    """
    return values.str.contains(rf"[0-9](?:{SEPARATOR}*[0-9]){{9}}").fill_null(False)


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
    return contains_national_id(pl.col(column)).alias(column)


def text_contains_national_id(text: str) -> bool:
    """`contains_national_id` for one text, such as a file name or a header."""
    if not _LOOSE_SIEVE.search(text):
        return False
    return pl.select(contains_national_id(pl.lit(text, dtype=pl.String))).item()
