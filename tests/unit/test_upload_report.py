"""The upload page's report and hints: empty cells for what a problem lacks, identical problems
grouped by their rows, what replacing a month changes, and the months files say they are."""

from __future__ import annotations

from core.problems import Problem, SourceFile
from tests.snapshot_files import dwellings, households, snapshot_files
from ui import tables
from warehouse.validation.month_hints import month_hints, month_of_cell, months_in_name

OUTSIDE = "koordinatene ligger utenfor kommunens områder; sjekk lat og lon (WGS84)"


def test_a_file_level_problem_has_empty_cells_for_sheet_row_and_column():
    table = tables.problem_table([Problem("husstander.csv", "Filen er tom.")], "nb")
    assert table.row(0, named=True) == {
        "Alvorlighet": "feil",
        "Fil": "husstander.csv",
        "Ark": "",
        "Rad": "",
        "Kolonne": "",
        "Hva er galt": "Filen er tom.",
    }


def test_rows_are_written_as_runs():
    assert tables.row_ranges([2, 3, 4, 7, 9, 10]) == "2–4, 7, 9–10"
    assert tables.row_ranges([5]) == "5"
    assert tables.row_ranges([]) == ""


def test_309_identical_problems_are_one_row_that_says_rows_2_to_310():
    problems = [Problem("boliger.csv", OUTSIDE, row=row, column="lat") for row in range(2, 311)]
    problems.append(Problem("boliger.csv", "må være et heltall", row=12, column="rom"))
    grouped = tables.grouped_problem_table(problems, "nb")
    # Rows 2 to 310 are 309 rows; the other problem keeps a row of its own.
    assert grouped.select("Rader", "Antall", "Kolonne", "Hva er galt").rows() == [
        ("2–310", 309, "lat", OUTSIDE),
        ("12", 1, "rom", "må være et heltall"),
    ]


def test_the_replacement_table_says_rows_now_and_after_per_table():
    table = tables.replacement_table({"boliger": (1234, 3), "husstander": (2500, 3)}, "nb")
    assert table.rows() == [
        ("boliger", "1\u00a0234", "3"),
        ("husstander", "2\u00a0500", "3"),
    ]


def test_a_file_name_says_its_month_in_several_spellings():
    assert months_in_name("boliger_2026-09.csv") == {"2026-09"}
    assert months_in_name("202609 husstander.csv") == {"2026-09"}
    assert months_in_name("husstander 09.2026.xlsx") == {"2026-09"}
    assert months_in_name("Boliger september 2026.xlsx") == {"2026-09"}
    assert months_in_name("boliger_okt2026.csv") == {"2026-10"}
    assert months_in_name("boliger.csv") == set()


def test_a_maaned_cell_says_its_month_as_a_month_or_a_date():
    assert month_of_cell("2026-09") == "2026-09"
    assert month_of_cell("30.09.2026") == "2026-09"
    assert month_of_cell("2026-09-30") == "2026-09"
    assert month_of_cell("9.2026") == "2026-09"
    assert month_of_cell("neste måned") is None


def test_the_hints_of_an_upload_name_the_month_and_where_it_is_said():
    rows = [dict(row, maaned="31.08.2026") for row in dwellings()]
    files = snapshot_files("windows-1252", rows, households())
    named = [SourceFile("boliger_2026-09.csv", files[0].content), files[1]]
    assert [(hint.month, hint.file, hint.source) for hint in month_hints(named)] == [
        ("2026-09", "boliger_2026-09.csv", "filnavn"),
        ("2026-08", "boliger_2026-09.csv", "kolonne"),
    ]
