"""KOSTRA through services: an SSB table imported (validated, stored, audited, restorable),
the comparison group, our figures beside KOSTRA's and the draft's file."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
import pytest

from core.problems import SourceFile
from core.roles import Identity
from core.settings import ComparisonGroup, SettingsError
from services import kostra
from services.access import Writer
from services.ingest import restore
from services.settings import change_settings
from tests.warehouse.conftest import TESTING, fingerprint
from warehouse.audit import audit_log
from warehouse.history import load_history

WAITING = "KOSventelistetil0000 Husstander på venteliste til kommunalt disponerte boliger"
HEADER = '"Kommunalt disponerte boliger (K)"\n\n"region";"statistikkvariabel";"2023";"2024"\n'


def table(*rows: str, name: str = "kostra.csv") -> SourceFile:
    """A statistics-bank CSV (wide layout, title line) with these rows under the header."""
    return SourceFile(name, (HEADER + "\n".join(rows) + "\n").encode("cp1252"))


# Eleven Rogaland municipalities of 2024 other than Sandnes.
ROGALAND_ELEVEN = (
    "1101",
    "1103",
    "1106",
    "1111",
    "1112",
    "1114",
    "1119",
    "1120",
    "1121",
    "1122",
    "1124",
)
SANDNES_AND_MORE = table(
    f'"K-1108 Sandnes";"{WAITING}";"81";"75"',
    f'"EKA11 Rogaland";"{WAITING}";"506";":"',
    f'"EAK Landet";"{WAITING}";"8 436";"8 419"',
    f'"K-1102 Sandnes (-2019)";"{WAITING}";"..";".."',  # the old number: not a 2024 region
    f'"K-9999 Ukjent";"{WAITING}";"1";"2"',
    '"K-1108 Sandnes";"KOSukjentvariabel000 Noe annet";"1";"2"',
)


def test_a_table_is_stored_with_unknown_codes_listed_and_their_rows_left_out(db):
    result = kostra.import_kostra(db, SANDNES_AND_MORE, by=TESTING)

    assert result.status == "loaded"
    assert result.unknown_regions == ("1102", "9999")
    assert result.unknown_variables == ("KOSukjentvariabel000",)
    # Three known regions × two years; Rogaland 2024 is SSB's `:` (no value, the symbol kept).
    stored = kostra.kostra_values(db).sort("region_code", "year")
    assert stored.select("region_code", "year", "value", "status").rows() == [
        ("1108", 2023, 81.0, None),
        ("1108", 2024, 75.0, None),
        ("EAK", 2023, 8436.0, None),
        ("EAK", 2024, 8419.0, None),
        ("EKA11", 2023, 506.0, None),
        ("EKA11", 2024, None, ":"),
    ]
    ((action, detail, door),) = audit_log(db).select("handling", "hva", "kanal").rows()
    assert (action, door) == ("kostra", "cli")
    assert detail == (
        "kostra.csv: Lastet KOSTRA-tabell: 6 rader. 2 ukjente regionkoder, 1 ukjente variabelkoder."
    )


def test_a_table_without_a_known_row_is_refused_and_nothing_is_stored(db):
    before = fingerprint(db)

    result = kostra.import_kostra(db, table(f'"K-1102 Sandnes";"{WAITING}";"1";"2"'), by=TESTING)

    assert result.status == "refused"
    assert any("Ingen rad har både en region" in problem.message for problem in result.errors)
    assert fingerprint(db) == before


def test_a_cell_that_is_not_a_number_is_refused_without_echoing_it_and_nothing_is_stored(db):
    before = fingerprint(db)

    result = kostra.import_kostra(db, table(f'"K-1108 Sandnes";"{WAITING}";"81";"7x5"'), by=TESTING)

    assert result.status == "refused"
    ((problem,),) = [result.errors]
    # Row 4: the title line, a blank line, the header, then Sandnes.
    assert (problem.row, problem.column) == (4, "2024")
    assert "7x5" not in str(problem)
    assert fingerprint(db) == before


def test_the_same_table_again_changes_nothing(db):
    kostra.import_kostra(db, SANDNES_AND_MORE, by=TESTING)
    before = fingerprint(db)

    assert kostra.import_kostra(db, SANDNES_AND_MORE, by=TESTING).status == "unchanged"
    assert fingerprint(db) == before


def test_a_new_table_replaces_the_old_which_can_be_restored_with_an_audit_entry(db):
    first = kostra.import_kostra(db, SANDNES_AND_MORE, by=TESTING)
    kostra.import_kostra(
        db, table(f'"K-1108 Sandnes";"{WAITING}";"80";"70"', name="ny.csv"), by=TESTING
    )
    assert kostra.kostra_values(db)["value"].to_list() == [80.0, 70.0]
    assert kostra.kostra_load(db)["file_name"] == "ny.csv"

    restored = restore(db, first.load_ids, by=TESTING)

    assert restored.status == "loaded"
    assert kostra.kostra_load(db)["file_name"] == "kostra.csv"
    assert kostra.kostra_values(db).height == 6
    assert load_history(db).select("table_name", "file_name", "active").rows() == [
        ("kostra", "ny.csv", False),
        ("kostra", "kostra.csv", True),
    ]
    assert audit_log(db)["handling"].to_list() == ["gjenoppretting", "kostra", "kostra"]


def test_the_load_in_force_gives_the_table_number_its_downloaded_file_is_named_by(db):
    kostra.import_kostra(
        db, table(f'"K-1108 Sandnes";"{WAITING}";"81";"75"', name="12913_20250615.csv"), by=TESTING
    )

    assert kostra.kostra_load(db)["table"] == "12913"


@pytest.mark.parametrize(
    ("file_name", "number"),
    [
        ("12913_20250615-060000.csv", "12913"),
        ("12913.json", "12913"),
        ("kostra.csv", None),
        ("129131.csv", None),  # six digits: no table number
        ("tabell 12913.csv", None),  # not at the start
    ],
)
def test_a_table_number_is_read_only_from_five_digits_that_start_the_file_name(file_name, number):
    assert kostra.table_number(file_name) == number


@pytest.mark.parametrize("role", ["leser", "planlegger"])
def test_a_council_member_or_planner_may_not_load_a_table_and_nothing_is_stored(db, role):
    before = fingerprint(db)
    writer = Writer("app", Identity(view_as=role))

    result = kostra.import_kostra(db, SANDNES_AND_MORE, by=writer)

    assert result.status == "refused"
    assert result.summary == (
        f"Ingenting er lagret: rollen din ({role}) gir ikke lov til å laste inn KOSTRA-tabeller."
    )
    assert fingerprint(db) == before


def test_a_caseworker_may_load_a_table(db):
    writer = Writer("app", Identity(view_as="saksbehandler"))

    assert kostra.import_kostra(db, SANDNES_AND_MORE, by=writer).status == "loaded"


def test_the_comparison_shows_us_the_county_by_default_and_the_country(db):
    change_settings(db, {"kommunenummer": "1108"}, by=TESTING)
    kostra.import_kostra(db, SANDNES_AND_MORE, by=TESTING)

    shown = kostra.comparison(db)

    # No group chosen: the county of 1108 is EKA11 (its first two digits).
    assert shown.select("rolle", "region_code").unique(maintain_order=True).rows() == [
        ("egen", "1108"),
        ("sammenligning", "EKA11"),
        ("landet", "EAK"),
    ]


def test_the_comparison_group_can_be_neighbours_and_is_audited(db):
    change_settings(db, {"kommunenummer": "1108"}, by=TESTING)
    neighbours = ComparisonGroup("naboer", ("1103", "1124"))

    assert kostra.save_comparison_group(db, neighbours, by=TESTING) == ["kostra_sammenligning"]

    assert kostra.group_in_force(db) == neighbours
    (detail,) = audit_log(db).filter(pl.col("hva").str.contains("Sammenligning"))["hva"]
    assert detail.endswith('→ {"kind": "naboer", "regions": ["1103", "1124"]}')


@pytest.mark.parametrize(
    ("group", "message"),
    [
        (ComparisonGroup("naboer", ("1103", "1102")), "Ukjente kommunenumre: 1102."),
        (
            ComparisonGroup("naboer", ("1103", "1108")),
            "Kommunen kan ikke være sin egen nabokommune i sammenligningsgruppen.",
        ),
        (
            ComparisonGroup("kostragruppe", ("EKA11",)),
            "Sammenligningsgruppe (KOSTRA) må være fylket (EKA og to sifre, eller tomt for "
            "kommunens eget), én KOSTRA-gruppe (EKG og to sifre), 1 til 10 nabokommuner (fire "
            "sifre) eller landet.",
        ),
        (
            ComparisonGroup("naboer", ROGALAND_ELEVEN),  # one more than ten neighbours
            "Sammenligningsgruppe (KOSTRA) må være fylket",
        ),
    ],
)
def test_a_comparison_group_that_is_not_valid_is_refused_and_nothing_is_stored(db, group, message):
    change_settings(db, {"kommunenummer": "1108"}, by=TESTING)
    before = fingerprint(db)

    with pytest.raises(SettingsError) as refused:
        kostra.save_comparison_group(db, group, by=TESTING)

    assert refused.value.problems[0].startswith(message)
    assert fingerprint(db) == before


def test_our_year_values_beside_kostras_flag_a_difference_above_the_tolerance(db):
    change_settings(db, {"kommunenummer": "1108"}, by=TESTING)
    kostra.import_kostra(db, SANDNES_AND_MORE, by=TESTING)
    ours = pl.DataFrame(
        {"indikator": ["venteliste", "venteliste"], "periode": ["2023", "2024"], "verdi": [84, 76]}
    )

    compared = kostra.own_vs_published(db, ours)

    # Waiting list (a count): tolerance max(2, 5 % of SSB's). 2023: 84 − 81 = 3 > max(2, 4,05)?
    # no; 2024: 76 − 75 = 1, within.
    assert compared.select("aar", "egen", "publisert", "differanse", "avvik").rows() == [
        (2023, 84.0, 81.0, 3.0, False),
        (2024, 76.0, 75.0, 1.0, False),
    ]
    far = ours.with_columns(pl.Series("verdi", [90, 76]))
    # 90 − 81 = 9 > max(2, 4,05): flagged.
    assert kostra.own_vs_published(db, far)["avvik"].to_list() == [True, False]


def test_a_waiting_list_kostra_gives_per_1000_inhabitants_is_not_compared_with_our_count(db):
    change_settings(db, {"kommunenummer": "1108"}, by=TESTING)
    per_1000 = "KOSventelistetil0000 Søknader på venteliste per 1 000 innbyggere"
    kostra.import_kostra(db, table(f'"K-1108 Sandnes";"{per_1000}";"1,2";"1,1"'), by=TESTING)
    ours = pl.DataFrame({"indikator": ["venteliste"], "periode": ["2024"], "verdi": [75]})

    assert kostra.own_vs_published(db, ours).is_empty()


def test_a_draft_for_a_year_without_snapshots_writes_no_file(db, tmp_path):
    out = tmp_path / "utkast.xlsx"

    assert kostra.write_draft(db, 2025, out) is None
    assert not out.exists()


def test_the_draft_workbook_has_the_draft_and_its_rules_with_formulas_neutralised():
    # A figure whose name a spreadsheet would run: the workbook keeps it as text with a `'`.
    draft = pl.DataFrame(
        {
            "figur": ["venteliste"],
            "navn": ["=HYPERLINK(1)"],
            "name": ["Waiting list"],
            "regel": ["Antall husstander."],
            "rule": ["Number of households."],
            "aar": [2025],
            "verdi": [71],
            "i_fjor": [75],
            "endring_prosent": [-5.3],
            "stort_sprang": [False],
            "til_og_med": [date(2025, 12, 1)],
            "maaneder": [1],
        }
    )

    sheets = pl.read_excel(io.BytesIO(kostra.draft_xlsx(draft)), sheet_id=0)

    assert list(sheets) == ["Utkast", "Regler"]
    assert sheets["Utkast"].columns == list(kostra.DRAFT_COLUMNS)
    assert sheets["Regler"].rows() == [("venteliste", "'=HYPERLINK(1)", "Antall husstander.")]
