"""Reading uploads: guards, encodings, delimiters, sheets and Excel row numbers."""

import hashlib
import zipfile
from io import BytesIO

import fastexcel
import pytest
import xlsxwriter

from core.problems import SourceFile
from tests.snapshot_files import (
    CSV_DIALECTS,
    csv_bytes,
    dwellings,
    households,
    xlsx_bytes,
    zip_bomb_xlsx,
)
from warehouse.validation.limits import ReadLimits
from warehouse.validation.reading import ROW, cell_column, read_source


def read(name: str, content: bytes, limits: ReadLimits | None = None):
    file = SourceFile(name, content)
    return read_source(file, limits) if limits else read_source(file)


def only_message(result) -> str:
    """The message of the one problem a refused file gives."""
    assert result.tables == []
    assert len(result.problems) == 1
    return result.problems[0].message


def column(table, name: str) -> list:
    """The text cells under the header `name`."""
    return table.frame[cell_column(table.headers.index(name))].to_list()


@pytest.mark.parametrize("dialect", ["utf-8", "utf-8-bom", "windows-1252"])
def test_every_encoding_gives_the_same_text(dialect):
    result = read("boliger.csv", csv_bytes(dwellings(), **CSV_DIALECTS[dialect]))

    (table,) = result.tables
    assert result.problems == []
    assert table.headers[0] == "bolig_id"  # no BOM left in the first header
    assert column(table, "adresse") == ["Østre Kvartal 1", "Ålgårdveien 12", "Kvernevik 3"]
    assert column(table, "lat") == ["58,8512", None, "58,87"]


def test_a_comma_delimited_file_is_split_on_commas():
    result = read("boliger.csv", csv_bytes(dwellings(), **CSV_DIALECTS["comma"]))

    (table,) = result.tables
    assert len(table.headers) == 14
    assert column(table, "lat") == ["58.8512", None, "58.87"]


def test_a_quoted_address_with_the_delimiter_stays_one_cell():
    rows = [{**dwellings()[0], "adresse": "Storgata 1, 4306 Sandnes"}]
    (table,) = read("boliger.csv", csv_bytes(rows, delimiter=",", decimal=".")).tables
    assert column(table, "adresse") == ["Storgata 1, 4306 Sandnes"]


def test_utf16_text_as_excel_saves_unicode_text_is_read_too():
    content = csv_bytes(dwellings(), delimiter="\t").decode("utf-8").encode("utf-16")
    (table,) = read("boliger.txt", content).tables
    assert column(table, "adresse")[0] == "Østre Kvartal 1"


def test_a_csv_header_with_husstand_id_is_the_household_table():
    (table,) = read("hus.csv", csv_bytes(households())).tables
    # husstander also has a bolig_id column; husstand_id decides.
    assert table.table == "husstander"


def test_a_csv_header_with_bolig_id_and_no_husstand_id_is_the_dwelling_table():
    (table,) = read("b.csv", csv_bytes(dwellings())).tables
    assert table.table == "boliger"


def test_a_csv_header_with_neither_id_is_refused_naming_the_header_row():
    result = read("x.csv", b"adresse;rom\r\nStorgata 1;3\r\n")
    problem = result.problems[0]
    assert result.tables == []
    assert (problem.file, problem.row) == ("x.csv", 1)
    assert "bolig_id" in problem.message and "husstand_id" in problem.message


def test_rows_are_numbered_as_excel_shows_them_across_blank_lines():
    content = b"\r\nbolig_id;rom\r\nB1;3\r\n\r\n;\r\nB2;2\r\n"
    # Row 1 is blank, the header is row 2, B1 row 3, rows 4-5 are blank, B2 is row 6.
    (table,) = read("b.csv", content).tables
    assert table.header_row == 2
    assert table.frame[ROW].to_list() == [3, 6]
    assert column(table, "bolig_id") == ["B1", "B2"]


def test_cells_lose_surrounding_spaces_and_blank_cells_become_null():
    (table,) = read("b.csv", b"bolig_id;status\r\n  B1 ;   \r\n").tables
    assert table.frame.row(0) == ("B1", None, 2)


def test_a_row_with_more_fields_than_the_header_is_refused_with_its_row():
    result = read("b.csv", b"bolig_id;rom\r\nB1;3\r\nB2;2;9\r\n")
    (problem,) = result.problems
    assert (problem.file, problem.row) == ("b.csv", 3)
    assert "9" not in problem.message


def test_the_sha256_is_of_the_whole_file():
    content = csv_bytes(dwellings())
    (table,) = read("b.csv", content).tables
    assert table.sha256 == hashlib.sha256(content).hexdigest()


def test_a_file_over_the_size_limit_is_refused():
    message = only_message(read("b.csv", csv_bytes(dwellings()), ReadLimits(max_file_bytes=100)))
    assert "større enn grensen" in message


def test_an_empty_file_is_refused():
    assert "tom" in only_message(read("b.csv", b"  \r\n"))


def test_binary_junk_with_nul_bytes_is_refused():
    message = only_message(read("b.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert "verken en tekstfil" in message


def test_text_in_no_known_encoding_is_refused():
    # 0x81 is undefined in Windows-1252 and not valid UTF-8 on its own.
    assert "Tegnkodingen" in only_message(read("b.csv", b"bolig_id;adresse\r\nB1;\x81\r\n"))


def test_an_old_xls_workbook_is_refused_with_advice():
    message = only_message(read("b.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)))
    assert ".xls" in message


def test_a_file_named_xlsx_that_is_no_zip_is_refused():
    assert "ikke en gyldig XLSX" in only_message(read("b.xlsx", b"bolig_id;rom\r\n"))


@pytest.fixture
def no_excel_parsing(monkeypatch):
    """Fails the test if the workbook reaches the Excel parser."""

    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(fastexcel, "read_excel", refuse)


def test_a_zip_bomb_is_refused_by_its_compression_ratio_before_parsing(no_excel_parsing):
    # 20 MB of zeros pack to about 20 kB: a ratio near 1 000, far over 100.
    message = only_message(read("bomb.xlsx", zip_bomb_xlsx(20)))
    assert "komprimert mer enn" in message


def test_a_workbook_that_unzips_beyond_the_limit_is_refused_before_parsing(no_excel_parsing):
    limits = ReadLimits(max_unzipped_bytes=5 * 1024 * 1024, max_compression_ratio=10_000)
    message = only_message(read("big.xlsx", zip_bomb_xlsx(6), limits))
    assert "større enn 5 MB" in message


def test_a_zip_that_is_no_workbook_is_refused():
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "hei")
    assert "Excel-arbeidsbok" in only_message(read("notes.xlsx", out.getvalue()))


def test_a_workbook_gives_its_snapshot_sheets_and_ignores_the_others():
    content = xlsx_bytes(
        {
            "Forside": [{"tekst": "Månedsrapport"}],
            "Boliger": dwellings(),
            "husstander": households(),
        }
    )
    result = read("snapshot.xlsx", content)

    assert result.problems == []
    assert [(t.table, t.sheet) for t in result.tables] == [
        ("boliger", "Boliger"),
        ("husstander", "husstander"),
    ]


def test_a_workbook_without_snapshot_sheets_is_refused():
    message = only_message(read("s.xlsx", xlsx_bytes({"Ark1": dwellings()})))
    assert "boliger eller husstander" in message


def test_real_excel_date_and_number_cells_arrive_as_plain_text():
    (table,) = read("s.xlsx", xlsx_bytes({"husstander": households()})).tables
    # Date cells as yyyy-mm-dd without a time; whole numbers without ".0".
    assert column(table, "i_situasjon_fra") == ["2023-05-01", "2023-12-01", "2021-06-30"]
    assert column(table, "personer") == ["3", "1", "4"]


def test_an_empty_sheet_is_reported_and_the_other_sheet_still_read():
    result = read("s.xlsx", xlsx_bytes({"boliger": [], "husstander": households()}))
    assert [t.table for t in result.tables] == ["husstander"]
    (problem,) = result.problems
    assert (problem.sheet, problem.message) == ("boliger", "Arket er tomt.")


def test_excel_rows_count_blank_rows_above_the_header():
    out = BytesIO()
    with xlsxwriter.Workbook(out, {"in_memory": True}) as workbook:
        sheet = workbook.add_worksheet("boliger")
        sheet.write_row(2, 0, ["bolig_id", "rom"])  # Excel row 3
        sheet.write_row(4, 0, ["B1", 3])  # Excel row 5, after a blank row 4
    (table,) = read("s.xlsx", out.getvalue()).tables
    assert table.header_row == 3
    assert table.frame[ROW].to_list() == [5]


def test_a_million_delimiters_in_the_header_are_refused_before_parsing(monkeypatch):
    monkeypatch.setattr("polars.read_csv", None)  # never reached
    result = read("b.csv", b"bolig_id" + b";" * 1_000_000 + b"\r\nB1\r\n")
    (problem,) = result.problems
    assert (problem.row, result.tables) == (1, [])
    assert "lengre enn 100\u00a0000 byte" in problem.message
    assert ";;" not in problem.message


def test_a_header_of_more_columns_than_the_limit_is_refused():
    # 301 columns in a header of 1 500 characters: within the line limits, over 200 columns.
    header = ";".join(["bolig_id", *(f"k{i}" for i in range(300))]).encode()
    message = only_message(read("b.csv", header + b"\r\nB1\r\n"))
    assert "301 kolonner; høyst 200" in message


def test_a_header_longer_than_the_limit_is_refused_naming_its_row():
    limits = ReadLimits(max_header_characters=50)
    result = read("b.csv", b"\r\nbolig_id;" + b"adresse_" * 10 + b"\r\nB1;x\r\n", limits)
    (problem,) = result.problems
    assert (problem.row, "Overskriften er lengre enn 50 tegn" in problem.message) == (2, True)


def test_a_data_line_longer_than_the_limit_is_refused_naming_its_row():
    limits = ReadLimits(max_line_bytes=1_000)
    content = b"bolig_id;adresse\r\nB1;kort\r\nB2;" + b"x" * 2_000 + b"\r\n"
    (problem,) = read("b.csv", content, limits).problems
    # Row 3 holds 2 003 bytes before its line break (and the carriage return).
    assert problem.row == 3
    assert "xxx" not in problem.message


def test_more_lines_than_the_limit_are_refused():
    limits = ReadLimits(max_rows=10)
    message = only_message(read("b.csv", b"bolig_id\r\n" + b"B\r\n" * 10, limits))
    assert "mer enn 10 linjer" in message


def test_more_cells_than_the_limit_are_refused():
    # 12 lines (header, 10 rows and the empty last line) of 5 columns: 60 cells, over 50.
    limits = ReadLimits(max_cells=50)
    message = only_message(read("b.csv", b"bolig_id;a;b;c;d\r\n" + b"B;1;2;3;4\r\n" * 10, limits))
    assert "12 linjer og 5 kolonner, mer enn 50 celler" in message
