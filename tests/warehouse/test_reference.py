"""Reference data: areas, area statistics and targets, with the same discipline as snapshots."""

from __future__ import annotations

import json

import pytest

from core.problems import SourceFile
from services.reference import load_area_stats, load_areas, load_targets
from tests.warehouse.conftest import TESTING, areas_file_bytes, fingerprint
from warehouse.history import load_history
from warehouse.queries import read_mart

AREA_STATS = (
    "grunnkrets;aar;innbyggere;boliger_totalt\n11080101;2024;1 234;500\n11080102;2024;800;300\n"
)


def test_area_statistics_load_from_the_norwegian_excel_dialect(db):
    result = load_area_stats(
        db, SourceFile("statistikk.csv", AREA_STATS.encode("cp1252")), by=TESTING
    )

    assert result.status == "loaded"
    # "1 234" with a thousands separator is 1234.
    assert read_mart(db, "omradestatistikk").rows() == [
        ("11080101", 2024, 1234, 500),
        ("11080102", 2024, 800, 300),
    ]


def test_the_same_area_statistics_again_change_nothing(db):
    file = SourceFile("statistikk.csv", AREA_STATS.encode())
    load_area_stats(db, file, by=TESTING)
    before = fingerprint(db)

    assert load_area_stats(db, file, by=TESTING).status == "unchanged"
    assert fingerprint(db) == before


def test_new_area_statistics_supersede_the_old_which_are_kept(db):
    load_area_stats(db, SourceFile("2024.csv", AREA_STATS.encode()), by=TESTING)
    newer = AREA_STATS + "11080101;2025;1 300;520\n"

    load_area_stats(db, SourceFile("2025.csv", newer.encode()), by=TESTING)

    assert len(read_mart(db, "omradestatistikk")) == 3
    assert load_history(db).select("file_name", "active").rows() == [
        ("2025.csv", True),
        ("2024.csv", False),
    ]


def test_bad_area_statistics_are_refused_with_row_and_column_and_nothing_is_stored(db):
    before = fingerprint(db)
    bad = (
        "Grunnkrets,År,innbyggere,boliger_totalt\n"
        "1108010,2024,12,5\n"  # row 2: seven digits
        "11080102,2024,-3,mange\n"  # row 3: negative, and not a number
        "11080102,2024,3,3\n"  # row 4: the same grunnkrets and year as row 3
    )

    result = load_area_stats(db, SourceFile("statistikk.csv", bad.encode()), by=TESTING)

    assert result.status == "refused"
    assert [(p.row, p.column) for p in result.errors] == [
        (2, "grunnkrets"),
        (3, "innbyggere"),
        (3, "boliger_totalt"),
        (4, "grunnkrets"),
    ]
    assert all("mange" not in str(p) and "1108010" not in str(p) for p in result.errors)
    assert fingerprint(db) == before


def test_targets_must_name_indicators_of_the_registry(db):
    before = fingerprint(db)
    targets = "indikator;aar;verdi\nmidlertidig;2016;150\nventelista;2016;60,5\n"

    result = load_targets(db, SourceFile("mal.csv", targets.encode()), by=TESTING)

    assert [(p.row, p.column) for p in result.errors] == [(3, "indikator")]
    assert "ventelista" not in str(result.errors[0])
    assert fingerprint(db) == before


def test_targets_load_with_decimal_commas(db):
    targets = "indikator;aar;verdi\nmidlertidig;2016;150\nandel_ledige;2016;2,5\n"

    assert load_targets(db, SourceFile("mal.csv", targets.encode()), by=TESTING).status == "loaded"
    assert read_mart(db, "mal").rows() == [
        ("midlertidig", 2016, 150.0),
        ("andel_ledige", 2016, 2.5),
    ]


def test_areas_load_with_their_geometry_and_crs(db):
    result = load_areas(db, SourceFile("omrader.geojson", areas_file_bytes()), by=TESTING)

    assert result.status == "loaded"
    areas = read_mart(db, "omrader")
    assert areas.select("grunnkrets", "navn", "delomrade", "crs").rows() == [
        ("11080101", "Vest", "110801", "EPSG:4326"),
        ("11080102", "Øst", "110801", "EPSG:4326"),
    ]


def test_an_area_file_without_grunnkrets_is_refused_and_nothing_is_stored(db):
    before = fingerprint(db)
    broken = areas_file_bytes().replace(b'"grunnkrets"', b'"kode"')

    result = load_areas(db, SourceFile("omrader.geojson", broken), by=TESTING)

    assert result.status == "refused"
    assert any("grunnkrets" in str(p) for p in result.errors)
    assert fingerprint(db) == before


def test_a_personal_number_in_any_column_of_area_statistics_is_refused(db):
    before = fingerprint(db)
    # 15038510190 has valid control digits (worked out in tests/unit/test_fnr.py).
    stats = (
        "grunnkrets;aar;innbyggere;boliger_totalt;merknad\n"
        "11080101;2024;1 234;500;\n"
        "11080102;2024;800;300;kontakt 150385-10190\n"
    )

    result = load_area_stats(db, SourceFile("statistikk.csv", stats.encode()), by=TESTING)

    assert [(p.row, p.column) for p in result.errors] == [(3, "merknad")]
    assert "fødselsnummer" in result.errors[0].message
    assert "10190" not in str(result.errors[0])
    assert fingerprint(db) == before


def test_a_column_that_announces_personal_data_is_named_in_targets(db):
    targets = "indikator;aar;verdi;fnr\nmidlertidig;2016;150;\n"

    result = load_targets(db, SourceFile("mal.csv", targets.encode()), by=TESTING)

    assert [(p.row, p.column) for p in result.errors] == [(1, "fnr")]


def test_a_reference_file_whose_name_holds_a_personal_number_is_refused_unnamed(db):
    before = fingerprint(db)
    name = "statistikk 15.03.85 10190.csv"

    result = load_area_stats(db, SourceFile(name, AREA_STATS.encode()), by=TESTING)

    assert result.status == "refused"
    assert [p.file for p in result.errors] == ["den opplastede filen"]
    assert "10190" not in " ".join([result.summary, *map(str, result.problems)])
    assert fingerprint(db) == before


def areas_with(**changes) -> bytes:
    """The two test areas, the second (feature 2) with its properties changed."""
    collection = json.loads(areas_file_bytes())
    collection["features"][1]["properties"].update(changes)
    return json.dumps(collection).encode()


@pytest.mark.parametrize(
    ("column", "name"),
    [
        ("navn", "<img src=x onerror=alert(1)>"),
        ("navn", '=HYPERLINK("http://x")'),
        ("navn", "Sentrum\u202e"),
        ("navn", "x" * 101),
        ("delomradenavn", "@Sentrum"),
        ("delomradenavn", "<b>Sentrum</b>"),
    ],
)
def test_an_area_name_that_is_not_plain_text_is_refused_without_repeating_it(db, column, name):
    before = fingerprint(db)

    result = load_areas(db, SourceFile("omrader.geojson", areas_with(**{column: name})), by=TESTING)

    assert [(p.row, p.column) for p in result.errors] == [(2, column)]
    assert "bokstaver, sifre" in result.errors[0].message
    assert name[:6] not in str(result.errors[0])
    assert fingerprint(db) == before


def test_names_of_places_with_norwegian_and_sami_letters_and_punctuation_load(db):
    content = areas_with(navn="Kvål/Bogafjell (nord) – St. Olavs", delomradenavn="Čáhppesjávri")
    assert load_areas(db, SourceFile("omrader.geojson", content), by=TESTING).status == "loaded"


@pytest.mark.parametrize("column", ["navn", "delomradenavn", "merknad"])
def test_a_personal_number_in_any_property_of_an_area_is_refused(db, column):
    # 15038510190 has valid control digits (worked out in tests/unit/test_fnr.py).
    before = fingerprint(db)

    result = load_areas(
        db, SourceFile("omrader.geojson", areas_with(**{column: "150385 10190"})), by=TESTING
    )

    assert [(p.row, p.column) for p in result.errors] == [(2, column)]
    assert "fødselsnummer" in result.errors[0].message
    assert "10190" not in str(result.errors[0])
    assert fingerprint(db) == before


def test_an_area_file_whose_name_holds_a_personal_number_is_refused_unnamed(db):
    before = fingerprint(db)

    result = load_areas(
        db, SourceFile("omrader 01018012371.geojson", areas_file_bytes()), by=TESTING
    )

    assert [p.file for p in result.errors] == ["den opplastede filen"]
    assert "01018012371" not in " ".join([result.summary, *map(str, result.problems)])
    assert fingerprint(db) == before
