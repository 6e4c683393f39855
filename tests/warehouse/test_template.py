"""The blank upload template: the two snapshot sheets with headers, and what each column means."""

import io

import polars as pl

from core.problems import SourceFile
from core.snapshot_format import BOLIGER, HUSSTANDER, TABLES
from core.template import DESCRIPTION_SHEET, blank_template
from warehouse.validation.snapshot import parse_snapshot


def sheet(name: str) -> pl.DataFrame:
    return pl.read_excel(io.BytesIO(blank_template()), sheet_name=name)


def test_the_snapshot_sheets_have_every_column_of_the_format_in_order_and_no_rows():
    for table in (BOLIGER, HUSSTANDER):
        rows = sheet(table.name)
        assert rows.columns == table.column_names
        assert rows.height == 0


def test_the_description_sheet_has_one_row_per_column_of_both_tables():
    described = sheet(DESCRIPTION_SHEET)
    # 14 + 4 (version 1.1) boliger columns, 13 + 1 (version 1.1) husstander columns.
    assert described.height == len(BOLIGER.columns) + len(HUSSTANDER.columns) == 32
    assert described.columns == [
        "tabell",
        "kolonne",
        "type",
        "påkrevd",
        "beskrivelse",
        "gyldige verdier",
    ]
    pairs = list(zip(described["tabell"], described["kolonne"], strict=True))
    assert pairs == [
        (table.name, column) for table in TABLES.values() for column in table.column_names
    ]


def test_each_column_is_described_with_its_type_requirement_and_allowed_values():
    rows = sheet(DESCRIPTION_SHEET).iter_rows(named=True)
    described = {(row["tabell"], row["kolonne"]): row for row in rows}
    boliger = {column: described[("boliger", column)] for column in BOLIGER.column_names}
    husstander = {column: described[("husstander", column)] for column in HUSSTANDER.column_names}
    assert boliger["grunnkrets"]["type"] == "8 sifre (tekst)"
    assert boliger["rom"]["type"] == "heltall"
    assert boliger["rom"]["påkrevd"] == "ja"
    assert boliger["rom"]["gyldige verdier"] == "minst 1"
    assert boliger["areal_m2"]["gyldige verdier"] == "større enn 0"
    assert boliger["lat"]["gyldige verdier"] == "fra −90 til 90"
    assert boliger["bolig_id"]["påkrevd"] == "ja"
    assert boliger["adresse"]["påkrevd"] == "nei"
    assert boliger["eierform"]["gyldige verdier"].startswith("eid: eid av kommunen; innleid: ")
    assert husstander["bolig_id"]["påkrevd"] == "når situasjon er kommunal_bolig"
    assert husstander["soknadsdato"]["påkrevd"] == "når situasjon er venteliste"
    assert husstander["flyktning"]["type"] == "ja/nei"
    assert boliger["utleier_id"]["påkrevd"] == "nei (fra versjon 1.1)"
    assert boliger["leieavtale_til"]["type"] == "dato (dd.mm.åååå)"
    assert husstander["leie_til_eie_fra"]["påkrevd"] == "nei (fra versjon 1.1)"


def test_the_blank_template_is_read_as_both_tables_and_refused_only_for_having_no_rows():
    parse = parse_snapshot([SourceFile("mal.xlsx", blank_template())], "2026-10")
    assert sorted(parse.tables) == ["boliger", "husstander"]
    assert [(p.sheet, p.message) for p in parse.errors] == [
        ("boliger", "Tabellen har ingen rader under overskriften."),
        ("husstander", "Tabellen har ingen rader under overskriften."),
    ]
