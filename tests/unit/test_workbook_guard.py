"""The XLSX guard: zip bombs that lie or not, and sheets calamine would lay out as huge grids.

Small limits stand in for the real ones where a test would otherwise build hundreds of MB.
"""

from __future__ import annotations

import io
import random
import re
import zipfile

import fastexcel
import pytest

from core.problems import SourceFile
from tests import hostile_files as hostile
from tests.snapshot_files import dwellings, xlsx_bytes
from warehouse.validation.limits import DEFAULT_LIMITS, ReadLimits
from warehouse.validation.reading import read_source
from warehouse.validation.workbook_guard import greater_than, workbook_problem


@pytest.fixture
def no_excel_parsing(monkeypatch):
    """Fails the test if the workbook reaches the Excel parser."""

    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(fastexcel, "read_excel", refuse)


def rows_of(cells_per_row: list[list[bytes]]) -> list[bytes]:
    return [
        f'<row r="{number}">'.encode() + b"".join(cells) + b"</row>"
        for number, cells in enumerate(cells_per_row, start=1)
    ]


def sheet(cells_per_row: list[list[bytes]]) -> bytes:
    return hostile.workbook_bytes(hostile.sheet_xml(rows_of(cells_per_row)))


def grid(columns: int, rows: int) -> bytes:
    """A sheet with a cell in the first and in the last column of each of `rows` rows."""
    last = _letters(columns)
    return sheet(
        [
            [hostile.text_cell(f"A{r}", "x"), hostile.text_cell(f"{last}{r}", "y")]
            for r in range(1, rows + 1)
        ]
    )


def _letters(column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def test_a_sheet_that_inflates_beyond_what_it_declares_is_refused(no_excel_parsing):
    # The sheet declares 1,000 bytes and holds 50 MB: refused after its first megabyte.
    message = read_source(SourceFile("bombe.xlsx", hostile.lying_zip_bomb_xlsx(50))).problems[0]
    assert "en annen størrelse" in message.message
    assert "AAAA" not in str(message)


def test_a_member_smaller_than_it_declares_is_refused():
    content = hostile.workbook_bytes(hostile.sheet_xml([]), declared_sheet_size=10_000_000)
    limits = ReadLimits(max_compression_ratio=100_000)
    assert "en annen størrelse" in workbook_problem(content, limits)


def test_more_members_than_a_workbook_has_are_refused_before_zipfile_reads_them(monkeypatch):
    content = hostile.many_members_xlsx(600)
    monkeypatch.setattr(zipfile, "ZipFile", None)  # never reached: the count comes first
    assert "flere enn 500 deler" in workbook_problem(content, DEFAULT_LIMITS)


def test_a_member_packed_another_way_than_deflate_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_BZIP2) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>")
    assert "pakket på en måte" in workbook_problem(out.getvalue(), DEFAULT_LIMITS)


def test_a_part_in_utf16_is_refused():
    content = hostile.workbook_bytes("<worksheet/>".encode("utf-16"))
    assert "tegnkoding" in workbook_problem(content, DEFAULT_LIMITS)


def test_a_sheet_spanning_a1_to_xfd1048576_is_refused_by_its_columns(no_excel_parsing):
    (problem,) = read_source(SourceFile("s.xlsx", hostile.far_corners_xlsx())).problems
    assert "16\u00a0384 kolonner" in problem.message


def test_the_last_of_two_addresses_counts_as_calamine_takes_it():
    assert "kolonner" in workbook_problem(
        hostile.far_corners_xlsx(twice_addressed=True), DEFAULT_LIMITS
    )


def test_an_address_in_lower_case_or_single_quotes_counts_too():
    content = sheet([[b"<c r='a1' t='inlineStr'><is><t>x</t></is></c>", b"<c r='xfd1'/>"]])
    assert "16\u00a0384 kolonner" in workbook_problem(content, DEFAULT_LIMITS)


def test_rows_times_columns_beyond_the_cell_limit_are_refused():
    # 10 columns times 150 rows is 1 500 cells, over a limit of 1 000; 10 times 90 is not.
    limits = ReadLimits(max_cells=1_000)
    assert "1\u00a0000 celler" in workbook_problem(grid(10, 150), limits)
    assert workbook_problem(grid(10, 90), limits) is None


def test_a_sheet_wider_than_26_columns_is_read_address_by_address_and_accepted():
    rows = [{f"kolonne{i}": i for i in range(40)} for _ in range(3)]
    assert workbook_problem(xlsx_bytes({"boliger": rows}), DEFAULT_LIMITS) is None


def test_more_rows_than_the_limit_are_refused():
    limits = ReadLimits(max_rows=100)
    assert "mer enn 100 rader" in workbook_problem(grid(2, 101), limits)


def test_many_cells_without_addresses_are_refused(no_excel_parsing):
    content = hostile.wide_sheet_xlsx(columns=1_000, rows=2_000)
    (problem,) = read_source(SourceFile("bred.xlsx", content)).problems
    assert "uten celleadresse" in problem.message


def test_a_few_cells_without_addresses_are_read_in_their_order():
    cells = [hostile.text_cell(None, text) for text in ("bolig_id", "rom")]
    content = sheet([cells, [hostile.text_cell(None, "B1"), hostile.text_cell(None, "3")]])
    (table,) = read_source(SourceFile("s.xlsx", content)).tables
    assert table.headers == ("bolig_id", "rom")


def test_more_shared_strings_than_cells_allowed_are_refused():
    content = hostile.shared_strings_xlsx(200_000, 0)
    limits = ReadLimits(max_cells=100_000, max_compression_ratio=100_000)
    assert "tekster" in workbook_problem(content, limits)


def test_text_between_tags_longer_than_any_cell_is_refused():
    # 40 MB without a tag: more than a batch of the look holds.
    content = sheet([[b'<c r="A1" t="inlineStr"><is><t>' + b"x" * 40_000_000 + b"</t></is></c>"]])
    limits = ReadLimits(max_compression_ratio=100_000)
    assert "mer tekst enn Excel tillater" in workbook_problem(content, limits)


def test_pictures_in_a_workbook_are_no_reason_to_refuse_it():
    # Random bytes hold "<c>" and 'r="' now and then; a picture is no sheet all the same.
    noise = random.Random(7).randbytes(1024 * 1024)
    picture = noise + b"<c>" + noise + b' r="B7"' + noise + b"<c/>" + noise
    content = hostile.workbook_bytes(
        hostile.sheet_xml([]), extra_members=[("xl/media/image1.png", picture)]
    )
    assert workbook_problem(content, DEFAULT_LIMITS) is None


def test_an_ordinary_workbook_passes():
    assert workbook_problem(xlsx_bytes({"boliger": dwellings()}), DEFAULT_LIMITS) is None


@pytest.mark.parametrize("number", [0, 9, 10, 99, 307_692, 1_000_000])
def test_greater_than_matches_exactly_the_bigger_numbers(number):
    pattern = re.compile(f"(?:{greater_than(number)})$")
    candidates = [
        *range(0, 20_000),
        *range(max(number - 2_000, 0), number + 2_000),
        10 * number + 7,
        12_345_678,
    ]
    assert [v for v in candidates if pattern.match(str(v))] == [v for v in candidates if v > number]
