"""Text from outside: how columns and files are named in problems, and what a plain name is."""

import polars as pl
import pytest

from core.problems import SourceFile
from warehouse.validation.text_checks import (
    MAX_FILE_NAME_CHARACTERS,
    column_label,
    file_name_problems,
    is_plain_name,
)


@pytest.mark.parametrize("header", ["kommentar", "Søkers navn", "fnr", "soker_navn", "St. Olav"])
def test_a_short_header_of_plain_words_is_shown_as_written(header):
    assert column_label(header, 4) == header


@pytest.mark.parametrize(
    "header",
    [
        "150385-10190",
        "id2",
        "<img src=x onerror=alert(1)>",
        '=HYPERLINK("http://x")',
        "a" * 31,
        ";" * 1000,
        "navn\u202e",
        "",
    ],
)
def test_any_other_header_is_named_by_its_position(header):
    # Position 4 counted from 0 is the fifth column.
    assert column_label(header, 4) == "nr. 5"


def plain(values: list[str | None]) -> list[bool | None]:
    return (
        pl.select(is_plain_name(pl.lit(pl.Series(values, dtype=pl.String)))).to_series().to_list()
    )


def test_names_of_norwegian_and_sami_places_are_plain():
    names = [
        "Sandnes sentrum",
        "Øvre Malmheim",
        "Kvål/Bogafjell",
        "St. Olavs plass (nord)",
        "Hana – Aspervika",
        "Ole’s hage & park, 2",
        "Čáhppesjávri",
        "7. Lauvåsen",
    ]
    assert plain(names) == [True] * len(names)


def test_markup_formulas_and_control_characters_are_not_plain():
    names = [
        "<img src=x onerror=alert(1)>",
        '=HYPERLINK("http://x")',
        "+47 lager",
        "-Sentrum",
        "@sum",
        " Sentrum",
        "Sentrum\tvest",
        "Sentrum\u202e",
        "Sentrum; drop",
        "a" * 101,
    ]
    assert plain(names) == [False] * len(names)


def test_a_name_of_a_hundred_characters_is_plain_and_blank_stays_blank():
    assert plain(["a" * 100, None]) == [True, None]


def test_file_names_are_named_by_their_place_when_refused():
    files = [
        SourceFile("boliger_2026-10.csv", b""),
        SourceFile("husstander 150385-10190.csv", b""),
        SourceFile("x" * (MAX_FILE_NAME_CHARACTERS + 1), b""),
        SourceFile("snapshot\u202excsl.exe", b""),
        SourceFile("ark\n.csv", b""),
    ]

    problems = file_name_problems(files)

    assert [problem.file for problem in problems] == [
        "fil 2 i opplastingen",
        "fil 3 i opplastingen",
        "fil 4 i opplastingen",
        "fil 5 i opplastingen",
    ]
    assert ["fødselsnummer" in p.message for p in problems] == [True, False, False, False]
    assert all("10190" not in str(problem) for problem in problems)


def test_one_refused_file_is_the_uploaded_file():
    (problem,) = file_name_problems([SourceFile("01018012371.xlsx", b"")])
    assert problem.file == "den opplastede filen"


def test_ordinary_file_names_pass():
    names = ["Øyeblikksbilde oktober 2026.xlsx", "boliger_2026-10.csv", "mal (2).csv"]
    assert file_name_problems([SourceFile(name, b"") for name in names]) == []
