"""The corpus of bad uploads: each is refused through `ingest`, with where and what is wrong,
never the offending value, and with the warehouse exactly as it was.

Row numbers are as Excel shows them: the header is row 1, so dwellings()[0] is row 2.
The fødselsnummer 01018012371 has valid control digits (worked out in tests/unit/test_fnr.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest

from core.problems import SourceFile
from services.reference import load_area_stats, load_areas, load_register, load_targets
from tests import hostile_files as hostile
from tests.snapshot_files import (
    SNAPSHOT_MONTH,
    csv_bytes,
    dwellings,
    households,
    snapshot_files,
    xlsx_bytes,
    zip_bomb_xlsx,
)
from tests.warehouse.conftest import AREAS_GEOJSON, TESTER, TESTING, fingerprint
from warehouse.ingest import ingest

FNR = "01018012371"
# 15038510190 with a hyphen after the birth date (control digits worked out in test_fnr.py).
WRITTEN_FNR = "150385-10190"


@dataclass(frozen=True)
class BadUpload:
    files: list[SourceFile]
    where: tuple[str, str | None, int | None, str | None]  # file, sheet, row, column of a problem
    says: str  # a piece of its message
    secret: str | None = None  # a value that must not appear in any message


def changed(rows, index: int, **values):
    rows = [dict(row) for row in rows]
    rows[index].update(values)
    return rows


def dwellings_csv(rows, **options) -> list[SourceFile]:
    return [SourceFile("boliger.csv", csv_bytes(rows, **options))]


def households_with(rows, name: str = "husstander.csv") -> list[SourceFile]:
    return [*dwellings_csv(dwellings()), SourceFile(name, csv_bytes(rows))]


def with_column(rows, name: str, values):
    return [{**row, name: value} for row, value in zip(rows, values, strict=True)]


REGISTER_ROWS = [
    {
        "prosjekt_id": "P1",
        "navn": "Småhus Sørbø",
        "grunnkrets": "11080101",
        "lat": "",
        "lon": "",
        "boliger": "18",
        "boligtype": "smahus",
        "eierform": "eid",
        "status": "planlagt",
        "forventet_ferdig": "2017-Q4",
        "ferdig_dato": "",
        "gjennomforing": "nybygg",
        "salg_til_beboere": "",
    },
    {
        "prosjekt_id": "P2",
        "navn": "Boliger for unge med funksjonsnedsettelse",
        "grunnkrets": "",
        "lat": "58,86",
        "lon": "5,76",
        "boliger": "7",
        "boligtype": "omsorg",
        "eierform": "eid",
        "status": "ferdig",
        "forventet_ferdig": "",
        "ferdig_dato": "15.06.2015",
        "gjennomforing": "nybygg",
        "salg_til_beboere": "7",
    },
]


def register_csv(index: int, **values: str) -> SourceFile:
    """The two-project register with row `index` changed (a new key adds a column)."""
    rows = [dict(row) for row in REGISTER_ROWS]
    for row in rows:
        row.update(dict.fromkeys(values, ""))
    rows[index].update(values)
    return SourceFile("prosjekter.csv", csv_bytes(rows))


def mojibake_csv() -> SourceFile:
    # UTF-8 text that was read as Windows-1252 and saved again as UTF-8: "Østre" -> "Ã˜stre".
    text = csv_bytes(dwellings()).decode("utf-8").encode("utf-8").decode("cp1252", "replace")
    return SourceFile("boliger.csv", text.encode("utf-8"))


CASES = {
    "missing required column": BadUpload(
        dwellings_csv([{k: v for k, v in row.items() if k != "status"} for row in dwellings()]),
        ("boliger.csv", None, 1, "status"),
        "mangler",
    ),
    "unknown code": BadUpload(
        dwellings_csv(changed(dwellings(), 1, eierform="leaset")),
        ("boliger.csv", None, 3, "eierform"),
        "eid",
        secret="leaset",
    ),
    "wrong type": BadUpload(
        dwellings_csv(changed(dwellings(), 0, rom="tre")),
        ("boliger.csv", None, 2, "rom"),
        "heltall",
        secret="tre",
    ),
    "required value missing": BadUpload(
        households_with(changed(households(), 2, personer=None)),
        ("husstander.csv", None, 4, "personer"),
        "mangler",
    ),
    "duplicate bolig_id": BadUpload(
        dwellings_csv(changed(dwellings(), 2, bolig_id="B1")),
        ("boliger.csv", None, 4, "bolig_id"),
        "unik",
    ),
    "duplicate husstand_id": BadUpload(
        households_with(changed(households(), 1, husstand_id="H-001")),
        ("husstander.csv", None, 3, "husstand_id"),
        "unik",
    ),
    "household renting an unknown dwelling": BadUpload(
        households_with(changed(households(), 0, bolig_id="B77")),
        ("husstander.csv", None, 2, "bolig_id"),
        "finnes ikke",
        secret="B77",
    ),
    "as many children as persons": BadUpload(
        households_with(changed(households(), 0, personer=2, barn=2)),
        ("husstander.csv", None, 2, "barn"),
        "mindre enn",
    ),
    "date after the snapshot date": BadUpload(
        households_with(changed(households(), 1, i_situasjon_fra=date(2024, 2, 1))),
        ("husstander.csv", None, 3, "i_situasjon_fra"),
        "31.01.2024",
        secret="01.02.2024",
    ),
    "application date after the snapshot date": BadUpload(
        households_with(changed(households(), 1, soknadsdato=date(2024, 3, 5))),
        ("husstander.csv", None, 3, "soknadsdato"),
        "31.01.2024",
        secret="05.03.2024",
    ),
    "zero rooms": BadUpload(
        dwellings_csv(changed(dwellings(), 2, rom=0)),
        ("boliger.csv", None, 4, "rom"),
        "1",
    ),
    "zero persons": BadUpload(
        households_with(changed(households(), 1, personer=0, barn=None)),
        ("husstander.csv", None, 3, "personer"),
        "1",
    ),
    "header only": BadUpload(
        [SourceFile("boliger.csv", csv_bytes([], header=list(dwellings()[0])))],
        ("boliger.csv", None, 2, None),
        "ingen rader",
    ),
    "personal number as household key": BadUpload(
        households_with(changed(households(), 1, husstand_id=FNR)),
        ("husstander.csv", None, 3, "husstand_id"),
        "fødselsnummer",
        secret=FNR,
    ),
    "column named fnr": BadUpload(
        households_with(with_column(households(), "fnr", ["", "", ""])),
        ("husstander.csv", None, 1, "fnr"),
        "personopplysning",
    ),
    "personal number hidden in free text": BadUpload(
        dwellings_csv(changed(dwellings(), 1, adresse=f"Ålgårdveien 12, ring {FNR}")),
        ("boliger.csv", None, 3, "adresse"),
        "fødselsnummer",
        secret=FNR,
    ),
    "personal number with separators in free text": BadUpload(
        dwellings_csv(changed(dwellings(), 2, adresse="Kvernevik 3, søker 15.03.85 10190")),
        ("boliger.csv", None, 4, "adresse"),
        "fødselsnummer",
        secret="10190",
    ),
    "personal number with separators in an unknown column": BadUpload(
        households_with(with_column(households(), "merknad", ["", WRITTEN_FNR, ""])),
        ("husstander.csv", None, 3, "merknad"),
        "fødselsnummer",
        secret="10190",
    ),
    "personal number as household key with a hyphen": BadUpload(
        households_with(changed(households(), 0, husstand_id=WRITTEN_FNR)),
        ("husstander.csv", None, 2, "husstand_id"),
        "pseudonym",
        secret="10190",
    ),
    "personal number in a header": BadUpload(
        households_with(with_column(households(), f"søker {WRITTEN_FNR}", ["", "", ""])),
        ("husstander.csv", None, 1, "nr. 14"),
        "Overskriften",
        secret="10190",
    ),
    "personal number in a file name": BadUpload(
        households_with(households(), name=f"husstander {WRITTEN_FNR}.csv"),
        ("fil 2 i opplastingen", None, None, None),
        "Filnavnet",
        secret="10190",
    ),
    "file name too long": BadUpload(
        [SourceFile("boliger " + "x" * 150 + ".csv", csv_bytes(dwellings()))],
        ("den opplastede filen", None, None, None),
        "150 tegn",
        secret="xxxxx",
    ),
    "control character in a file name": BadUpload(
        [SourceFile("boliger\u202evsc.exe", csv_bytes(dwellings()))],
        ("den opplastede filen", None, None, None),
        "kontrolltegn",
        secret="boliger",
    ),
    "line break in an address": BadUpload(
        dwellings_csv(changed(dwellings(), 1, adresse="Ålgårdveien 12\r\nc/o Hansen")),
        ("boliger.csv", None, 3, "adresse"),
        "kontrolltegn",
        secret="Hansen",
    ),
    "unknown header echoed only as a position": BadUpload(
        dwellings_csv(
            with_column(
                [{k: v for k, v in row.items() if k != "status"} for row in dwellings()],
                "<script>alert(1)</script>",
                ["", "", ""],
            )
        ),
        ("boliger.csv", None, 1, "status"),
        "mangler",
        secret="script",
    ),
    "binary junk": BadUpload(
        [SourceFile("boliger.csv", bytes(range(256)) * 40)],
        ("boliger.csv", None, None, None),
        "verken en tekstfil",
    ),
    "mojibake": BadUpload(
        [mojibake_csv()],
        ("boliger.csv", None, 2, "adresse"),
        "tegnkoding",
    ),
    "xlsx zip bomb": BadUpload(
        [SourceFile("snapshot.xlsx", zip_bomb_xlsx(400))],
        ("snapshot.xlsx", None, None, None),
        "pakkes ut",
    ),
    "xlsx zip bomb that lies about its size": BadUpload(
        [SourceFile("snapshot.xlsx", hostile.lying_zip_bomb_xlsx(50))],
        ("snapshot.xlsx", None, None, None),
        "en annen størrelse",
        secret="AAAAAAAA",
    ),
    "xlsx with more parts than a workbook has": BadUpload(
        [SourceFile("snapshot.xlsx", hostile.many_members_xlsx(600))],
        ("snapshot.xlsx", None, None, None),
        "deler inni seg",
    ),
    "xlsx sheet of 20 000 columns": BadUpload(
        [SourceFile("snapshot.xlsx", hostile.wide_sheet_xlsx(20_000, 2_000))],
        ("snapshot.xlsx", None, None, None),
        "celleadresse",
    ),
    "xlsx sheet from A1 to XFD1048576": BadUpload(
        [SourceFile("snapshot.xlsx", hostile.far_corners_xlsx())],
        ("snapshot.xlsx", None, None, None),
        "kolonner",
    ),
    "xlsx cell with two addresses": BadUpload(
        [SourceFile("snapshot.xlsx", hostile.far_corners_xlsx(twice_addressed=True))],
        ("snapshot.xlsx", None, None, None),
        "kolonner",
    ),
    "xlsx sheet over eight million cells": BadUpload(
        [SourceFile("snapshot.xlsx", hostile.far_corners_xlsx("Z400000"))],
        ("snapshot.xlsx", None, None, None),
        "celler",
    ),
    "a million delimiters in the header": BadUpload(
        [SourceFile("boliger.csv", hostile.million_delimiters_csv())],
        ("boliger.csv", None, 1, None),
        "lengre enn",
        secret=";;;;",
    ),
    "one 45 MB line": BadUpload(
        [SourceFile("boliger.csv", hostile.one_long_line_csv(45))],
        ("boliger.csv", None, 2, None),
        "lengre enn",
        secret="xxxx",
    ),
    "more lines than a table has": BadUpload(
        [SourceFile("boliger.csv", hostile.too_many_lines_csv())],
        ("boliger.csv", None, None, None),
        "linjer",
    ),
    "more cells than a table has": BadUpload(
        [SourceFile("boliger.csv", hostile.too_many_cells_csv())],
        ("boliger.csv", None, None, None),
        "celler",
    ),
    "month column that disagrees": BadUpload(
        dwellings_csv(with_column(dwellings(), "maaned", ["2024-01", "2023-12", "2024-01"])),
        ("boliger.csv", None, 3, "maaned"),
        "2024-01",
        secret="2023-12",
    ),
    "no location": BadUpload(
        dwellings_csv(changed(dwellings(), 2, lat=None, lon=None, grunnkrets=None)),
        ("boliger.csv", None, 4, "grunnkrets"),
        "lat og lon",
    ),
    "unknown code in a workbook": BadUpload(
        [
            SourceFile(
                "snapshot.xlsx", xlsx_bytes({"boliger": changed(dwellings(), 0, status="solgt")})
            )
        ],
        ("snapshot.xlsx", "boliger", 2, "status"),
        "utleid",
        secret="solgt",
    ),
    # Version 1.1 columns (B2, row 3, is innleid).
    "a lease ending before it starts": BadUpload(
        dwellings_csv(
            changed(
                with_column(dwellings(), "leieavtale_fra", [None, date(2023, 6, 1), None]),
                1,
                leieavtale_til=date(2023, 5, 31),
            )
        ),
        ("boliger.csv", None, 3, "leieavtale_til"),
        "før leieavtale_fra",
        secret="31.05.2023",
    ),
    "a lease date that is not a date": BadUpload(
        dwellings_csv(with_column(dwellings(), "leieavtale_til", [None, "snart", None])),
        ("boliger.csv", None, 3, "leieavtale_til"),
        "dd.mm.åååå",
        secret="snart",
    ),
    "a personal number as a landlord's key": BadUpload(
        dwellings_csv(with_column(dwellings(), "utleier_id", [None, FNR, None])),
        ("boliger.csv", None, 3, "utleier_id"),
        "utleier_id må være en pseudonym nøkkel",
        secret=FNR,
    ),
    "markup in a landlord's key": BadUpload(
        dwellings_csv(with_column(dwellings(), "utleier_id", [None, "[U1](javascript:x)", None])),
        ("boliger.csv", None, 3, "utleier_id"),
        "bare ha bokstaver",
        secret="javascript",
    ),
    "markup in a project id": BadUpload(
        dwellings_csv(with_column(dwellings(), "prosjekt_id", ["<b>P1</b>", None, None])),
        ("boliger.csv", None, 2, "prosjekt_id"),
        "bare ha bokstaver",
        secret="<b>",
    ),
    "entering leie til eie after the snapshot date": BadUpload(
        households_with(
            with_column(households(), "leie_til_eie_fra", [None, None, date(2024, 2, 1)])
        ),
        ("husstander.csv", None, 4, "leie_til_eie_fra"),
        "etter månedens siste dag",
        secret="01.02.2024",
    ),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_a_bad_upload_is_refused_with_where_and_what_and_nothing_is_stored(db, case):
    bad = CASES[case]
    before = fingerprint(db)

    result = ingest(db, SNAPSHOT_MONTH, bad.files, actor=TESTER)

    assert result.status == "refused"
    places = [(p.file, p.sheet, p.row, p.column) for p in result.errors]
    assert bad.where in places, [str(p) for p in result.errors]
    problem = result.errors[places.index(bad.where)]
    assert bad.says.lower() in problem.message.lower(), str(problem)
    if bad.secret:
        assert all(bad.secret not in str(p) for p in result.problems)
    assert fingerprint(db) == before


def test_a_bad_upload_never_half_replaces_a_loaded_month(db):
    good = snapshot_files("utf-8", dwellings(), households())
    assert ingest(db, SNAPSHOT_MONTH, good, actor=TESTER).status == "loaded"
    before = fingerprint(db)
    # Valid new dwellings together with broken households: neither table may change.
    new_dwellings = changed(dwellings(), 1, rom=5)
    broken_households = changed(households(), 0, personer="mange")
    files = snapshot_files("utf-8", new_dwellings, broken_households)

    result = ingest(db, SNAPSHOT_MONTH, files, replace=True, actor=TESTER)

    assert result.status == "refused"
    assert fingerprint(db) == before


def test_thousands_of_errors_are_listed_twenty_per_rule_and_the_rest_counted(db):
    rows = [dict(dwellings()[0], bolig_id=f"B{i}", rom="mange") for i in range(3000)]
    before = fingerprint(db)

    result = ingest(db, SNAPSHOT_MONTH, dwellings_csv(rows), actor=TESTER)

    room_errors = [p for p in result.errors if p.column == "rom"]
    # 20 rows shown one by one (rows 2..21), then one line for the other 2 980.
    assert [p.row for p in room_errors[:20]] == list(range(2, 22))
    assert len(room_errors) == 21
    assert "2\u00a0980 rader til" in room_errors[20].message
    assert fingerprint(db) == before


def test_a_file_name_with_a_personal_number_is_refused_even_for_a_file_already_loaded(db):
    # The same bytes under a clean name are loaded; under a name with a personal number they
    # would be "unchanged", but the name must refuse them before it can reach anything.
    files = snapshot_files("utf-8", dwellings(), households())
    assert ingest(db, SNAPSHOT_MONTH, files, actor=TESTER).status == "loaded"
    before = fingerprint(db)
    renamed = [files[0], SourceFile(f"{WRITTEN_FNR} husstander.csv", files[1].content)]

    result = ingest(db, SNAPSHOT_MONTH, renamed, actor=TESTER)

    assert result.status == "refused"
    assert [(p.file, p.message[:9]) for p in result.problems] == [
        ("fil 2 i opplastingen", "Filnavnet")
    ]
    shown = " ".join([result.summary, *map(str, result.problems)])
    assert "10190" not in shown and "150385" not in shown
    assert fingerprint(db) == before  # raw.loads and raw.audit_log included


def areas_with(**changes) -> bytes:
    """The two test areas, the second (feature 2) with its properties changed."""
    collection = json.loads(json.dumps(AREAS_GEOJSON))
    collection["features"][1]["properties"].update(changes)
    return json.dumps(collection).encode()


@dataclass(frozen=True)
class BadReference:
    load: Callable
    file: SourceFile
    where: tuple[str, int | None, str | None]  # file, row, column of a problem
    says: str
    secret: str | None = None


REFERENCE_CASES = {
    "markup in an area name": BadReference(
        load_areas,
        SourceFile("omrader.geojson", areas_with(navn="<img src=x onerror=alert(1)>")),
        ("omrader.geojson", 2, "navn"),
        "bokstaver",
        secret="onerror",
    ),
    "a formula as a part's name": BadReference(
        load_areas,
        SourceFile("omrader.geojson", areas_with(delomradenavn='=HYPERLINK("x")')),
        ("omrader.geojson", 2, "delomradenavn"),
        "bokstaver",
        secret="HYPERLINK",
    ),
    "a personal number in an area name": BadReference(
        load_areas,
        SourceFile("omrader.geojson", areas_with(navn=f"Vest {WRITTEN_FNR}")),
        ("omrader.geojson", 2, "navn"),
        "fødselsnummer",
        secret="10190",
    ),
    "a personal number in another property of an area": BadReference(
        load_areas,
        SourceFile("omrader.geojson", areas_with(kontakt="15.03.85 10190")),
        ("omrader.geojson", 2, "kontakt"),
        "fødselsnummer",
        secret="10190",
    ),
    "a personal number in an area file's name": BadReference(
        load_areas,
        SourceFile(f"omrader {WRITTEN_FNR}.geojson", areas_with()),
        ("den opplastede filen", None, None),
        "Filnavnet",
        secret="10190",
    ),
    "more areas than Norway has": BadReference(
        load_areas,
        SourceFile("omrader.geojson", hostile.many_features_geojson(25_000)),
        ("omrader.geojson", None, None),
        "områder",
    ),
    "a personal number in area statistics": BadReference(
        load_area_stats,
        SourceFile(
            "statistikk.csv",
            f"grunnkrets;aar;innbyggere;boliger_totalt;merknad\n11080101;2024;1;1;{WRITTEN_FNR}\n".encode(),
        ),
        ("statistikk.csv", 2, "merknad"),
        "fødselsnummer",
        secret="10190",
    ),
    "a million delimiters in area statistics": BadReference(
        load_area_stats,
        SourceFile("statistikk.csv", hostile.million_delimiters_csv()),
        ("statistikk.csv", 1, None),
        "lengre enn",
    ),
    "a personal number in targets": BadReference(
        load_targets,
        SourceFile("mal.csv", f"indikator;aar;verdi;kilde\nmidlertidig;2016;150;{FNR}\n".encode()),
        ("mal.csv", 2, "kilde"),
        "fødselsnummer",
        secret=FNR,
    ),
    # The register of housing projects; its row 2 is the first project, row 3 the second.
    "a project without a place": BadReference(
        load_register,
        register_csv(1, grunnkrets="", lat="", lon=""),
        ("prosjekter.csv", 3, "grunnkrets"),
        "grunnkrets, eller lat og lon",
    ),
    "an unknown project status": BadReference(
        load_register,
        register_csv(0, status="drøftet"),
        ("prosjekter.csv", 2, "status"),
        "planlagt, regulert, under_bygging, ferdig, avlyst",
        secret="drøftet",
    ),
    "markup in a project's name": BadReference(
        load_register,
        register_csv(1, navn="<img src=x onerror=alert(1)>"),
        ("prosjekter.csv", 3, "navn"),
        "bokstaver",
        secret="onerror",
    ),
    "a personal number in a project's name": BadReference(
        load_register,
        register_csv(0, navn=f"Småhus {WRITTEN_FNR}"),
        ("prosjekter.csv", 2, "navn"),
        "fødselsnummer",
        secret="10190",
    ),
    "a personal number in an extra column of the register": BadReference(
        load_register,
        register_csv(1, kontakt=FNR),
        ("prosjekter.csv", 3, "kontakt"),
        "fødselsnummer",
        secret=FNR,
    ),
    "a finished project without its date": BadReference(
        load_register,
        register_csv(1, ferdig_dato=""),
        ("prosjekter.csv", 3, "ferdig_dato"),
        "påkrevd når status er ferdig",
    ),
    "a completion date on a project still planned": BadReference(
        load_register,
        register_csv(0, ferdig_dato="01.06.2015"),
        ("prosjekter.csv", 2, "ferdig_dato"),
        "bare fylles ut når status er ferdig",
        secret="01.06.2015",
    ),
    "a planned project without an expected year": BadReference(
        load_register,
        register_csv(0, forventet_ferdig=""),
        ("prosjekter.csv", 2, "forventet_ferdig"),
        "påkrevd når status ikke er ferdig",
    ),
    "an expected completion that is not a year or quarter": BadReference(
        load_register,
        register_csv(0, forventet_ferdig="neste vinter"),
        ("prosjekter.csv", 2, "forventet_ferdig"),
        "ÅÅÅÅ-Qn",
        secret="vinter",
    ),
    "more units for sale than the project has": BadReference(
        load_register,
        register_csv(1, salg_til_beboere="8"),
        ("prosjekter.csv", 3, "salg_til_beboere"),
        "flere enn boliger",
    ),
}


@pytest.mark.parametrize("case", list(REFERENCE_CASES), ids=list(REFERENCE_CASES))
def test_a_bad_reference_upload_is_refused_with_where_and_what_and_nothing_is_stored(db, case):
    bad = REFERENCE_CASES[case]
    before = fingerprint(db)

    result = bad.load(db, bad.file, by=TESTING)

    assert result.status == "refused"
    places = [(p.file, p.row, p.column) for p in result.errors]
    assert bad.where in places, [str(p) for p in result.errors]
    problem = result.errors[places.index(bad.where)]
    assert bad.says.lower() in problem.message.lower(), str(problem)
    if bad.secret:
        assert all(bad.secret not in str(p) for p in result.problems)
    assert fingerprint(db) == before
