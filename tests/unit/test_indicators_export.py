"""Exporting indicator values: CSV for machines, XLSX for people with the definitions."""

import polars as pl

from indicators.registry import INDICATORS, ids
from indicators.relations import MUNICIPAL
from indicators.suppression import Thresholds, hidden_cells
from indicators.tables import indicator_table
from indicators.testing import month
from services.indicators import write_indicators

NO_TARGETS = pl.LazyFrame(schema={"indikator": pl.String, "aar": pl.Int32, "verdi": pl.Float64})


def table(*, suppressed: bool) -> pl.DataFrame:
    months = pl.LazyFrame(
        {
            "indikator": ["midlertidig", "midlertidig", "andel_ledige", "startlan"],
            "maaned": [month("2015-11"), month("2015-12"), month("2015-12"), month("2015-12")],
            "teller": [190, 186, 14, 2],
            "nevner": [None, None, 112, None],
            "verdi": [190.0, 186.0, 100 * 14 / 112, 2.0],
        }
    )
    cells = months.with_columns(
        pl.lit(MUNICIPAL).alias("inndeling"), pl.lit(None, pl.String).alias("gruppe")
    )
    hidden = hidden_cells(cells, Thresholds()) if suppressed else None
    return indicator_table(months, NO_TARGETS, "quarter", hidden=hidden).collect()


def test_the_csv_has_exactly_indikator_periode_verdi_with_dot_decimals(tmp_path):
    out = write_indicators(table(suppressed=False), tmp_path / "ind.csv", suppress=False)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "indikator,periode,verdi"
    # 14 / 112 = 12.5 %; the quarter's stock is December's 186; counts are whole numbers.
    assert "midlertidig,2015-Q4,186" in lines
    assert "andel_ledige,2015-Q4,12.5" in lines
    assert "startlan,2015-Q4,2" in lines
    # Every municipal indicator has a row; one without a value in the period is empty.
    assert "venteliste,2015-Q4," in lines
    assert len(lines) == 1 + len(ids())


def test_the_suppressed_csv_marks_hidden_values_and_leaves_them_empty(tmp_path):
    out = write_indicators(table(suppressed=True), tmp_path / "ind.csv", suppress=True)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "indikator,periode,verdi,prikket"
    # startlån 2 < 3 is hidden; 186 is not.
    assert "startlan,2015-Q4,,true" in lines
    assert "midlertidig,2015-Q4,186,false" in lines


def test_the_xlsx_has_norwegian_headers_and_the_definitions_on_a_second_sheet(tmp_path):
    out = write_indicators(table(suppressed=True), tmp_path / "ind.xlsx", suppress=True)
    values = pl.read_excel(out, sheet_name="Indikatorer")
    definitions = pl.read_excel(out, sheet_name="Definisjoner")
    assert values.columns == ["Indikator", "Navn", "Periode", "Verdi", "Enhet", "Prikket"]
    startlan = values.filter(pl.col("Indikator") == "startlan").row(0, named=True)
    assert (startlan["Navn"], startlan["Verdi"], startlan["Prikket"]) == (
        "Innvilgede startlån",
        None,
        ":",
    )
    assert definitions.height == len(INDICATORS)
    assert "Definisjon" in definitions.columns
