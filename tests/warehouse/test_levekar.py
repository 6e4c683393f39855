"""The living-conditions survey and BrukerPlan as reference data: validation (every bad file
refused with its message, nothing stored), warnings per row, history, restore and audit."""

from __future__ import annotations

import io
from datetime import date

import polars as pl
import pytest
import xlsxwriter

from core.problems import SourceFile
from core.roles import ROLES_FILE_ENV, Identity
from services.access import Writer
from services.ingest import restore
from services.reference import load_areas, load_brukerplan, load_levekar
from tests.warehouse.conftest import TESTING, areas_file_bytes, fingerprint
from warehouse.audit import Actor, audit_log
from warehouse.history import load_history
from warehouse.queries import read_mart
from warehouse.settings import change_settings

# The two test areas are grunnkretser 11080101 (Vest) and 11080102 (Øst) of delområde 110801.
SURVEY = "omrade;aar;lavinntekt_andel;Levekarsindeks\n11080101;2025;12,5;0,3\n11080102;2025;;1,2\n"
DESCRIPTIONS = (
    "kolonne;navn;hoy_er_darlig\nlavinntekt_andel;Lavinntekt;ja\nlevekarsindeks;Indeks;ja\n"
)


@pytest.fixture
def areas_db(db):
    """The warehouse with the two test areas loaded."""
    loaded = load_areas(db, SourceFile("omrader.geojson", areas_file_bytes()), by=TESTING)
    assert loaded.status == "loaded"
    return db


def survey(text: str = SURVEY, name: str = "levekar.csv") -> SourceFile:
    return SourceFile(name, text.encode("utf-8"))


def descriptions(text: str = DESCRIPTIONS) -> SourceFile:
    return SourceFile("levekar_indikatorer.csv", text.encode("utf-8"))


def test_a_survey_is_stored_long_with_one_row_per_value_and_its_descriptions(areas_db):
    result = load_levekar(areas_db, survey(), descriptions(), by=TESTING)

    assert result.status == "loaded" and result.errors == []
    # Two areas × two indicators = 4 cells, one blank (Øst's lavinntekt): 3 values; the
    # header Levekarsindeks is folded to lower case.
    assert read_mart(areas_db, "levekar").sort("omrade", "indikator").rows() == [
        ("11080101", 2025, "lavinntekt_andel", 12.5),
        ("11080101", 2025, "levekarsindeks", 0.3),
        ("11080102", 2025, "levekarsindeks", 1.2),
    ]
    assert read_mart(areas_db, "levekar_indikatorer").sort("indikator").rows() == [
        ("lavinntekt_andel", "Lavinntekt", True),
        ("levekarsindeks", "Indeks", True),
    ]


def test_a_workbook_carries_the_descriptions_in_its_own_sheet(areas_db):
    buffer = io.BytesIO()
    values = pl.DataFrame({"omrade": ["110801"], "aar": [2021], "uforetrygd_andel": [9.5]})
    sheet = pl.DataFrame(
        {"kolonne": ["uforetrygd_andel"], "navn": ["Uføretrygdede"], "hoy_er_darlig": ["nei"]}
    )
    with xlsxwriter.Workbook(buffer) as workbook:
        values.write_excel(workbook, worksheet="levekar")
        sheet.write_excel(workbook, worksheet="levekar_indikatorer")

    result = load_levekar(areas_db, SourceFile("levekar.xlsx", buffer.getvalue()), by=TESTING)

    assert result.status == "loaded", result.problems
    assert read_mart(areas_db, "levekar").rows() == [("110801", 2021, "uforetrygd_andel", 9.5)]
    assert read_mart(areas_db, "levekar_indikatorer").rows() == [
        ("uforetrygd_andel", "Uføretrygdede", False)
    ]


def test_an_area_the_areas_file_lacks_is_warned_on_its_row_and_kept(areas_db):
    text = SURVEY + "11089999;2025;5;1\n"

    result = load_levekar(areas_db, survey(text), by=TESTING)

    assert result.status == "loaded"
    assert [(p.row, p.column, p.severity) for p in result.warnings] == [(4, "omrade", "advarsel")]
    assert "11089999" in read_mart(areas_db, "levekar")["omrade"].to_list()


def test_a_share_outside_0_to_100_is_warned_not_refused(areas_db):
    text = SURVEY.replace("12,5", "120")

    result = load_levekar(areas_db, survey(text), by=TESTING)

    assert result.status == "loaded"
    assert [(p.row, p.column) for p in result.warnings] == [(2, "lavinntekt_andel")]


def test_loaded_areas_without_a_row_are_one_line_of_information(areas_db):
    # Only Vest: one of the two loaded grunnkretser has no row.
    result = load_levekar(areas_db, survey("omrade;aar;x\n11080101;2025;1\n"), by=TESTING)

    assert result.status == "loaded"
    assert [p.message for p in result.warnings] == [
        "1 grunnkretser i områdefilen har ingen rad i levekårsfilen."
    ]


BAD_SURVEYS = {
    "mixed levels": (
        "omrade;aar;x\n11080101;2025;1\n110801;2025;2\n",
        [(None, "omrade", "Levekårsfilen må ha enten bare grunnkretser eller bare delområder.")],
    ),
    "the same area and year twice": (
        "omrade;aar;x\n11080101;2025;1\n11080101;2025;2\n",
        [
            (
                3,
                "omrade",
                "Samme omrade og aar står også på en tidligere rad; hver kombinasjon skal "
                "stå bare én gang.",
            )
        ],
    ),
    "a word where a number belongs": (
        "omrade;aar;x\n11080101;2025;mye\n",
        [(2, "x", "må være et tall (desimalkomma eller -punktum) eller tom")],
    ),
    "a code of seven digits": (
        "omrade;aar;x\n1108010;2025;1\n",
        [
            (
                2,
                "omrade",
                "må være et grunnkretsnummer med 8 sifre eller et delområdenummer med 6 sifre",
            )
        ],
    ),
    "a year before 1990": (
        "omrade;aar;x\n11080101;1989;1\n",
        # The latest year allowed is next year.
        [(2, "aar", f"må være et årstall fra 1990 til {date.today().year + 1}")],
    ),
    "no area of the areas file": (
        "omrade;aar;x\n11089999;2025;1\n",
        [(None, "omrade", "Ingen av områdene i filen finnes blant områdene som er lastet opp.")],
    ),
    "no indicator column": (
        "omrade;aar\n11080101;2025\n",
        [(1, None, "Filen har ingen indikatorkolonner ved siden av omrade og aar.")],
    ),
    "an indicator name with signs": (
        "omrade;aar;Lav inntekt %\n11080101;2025;1\n",
        [
            (
                1,
                "nr. 3",
                "Navnet på en indikatorkolonne kan bare ha små bokstaver a–z, sifre og _ "
                "(høyst 40 tegn).",
            )
        ],
    ),
    "a column that announces personal data": (
        "omrade;aar;fnr\n11080101;2025;1\n",
        [(1, "fnr", "Kolonnen ser ut til å inneholde personopplysninger.")],
    ),
}


@pytest.mark.parametrize("case", BAD_SURVEYS)
def test_a_bad_survey_is_refused_with_where_and_what_and_nothing_is_stored(areas_db, case):
    text, expected = BAD_SURVEYS[case]
    before = fingerprint(areas_db)

    result = load_levekar(areas_db, survey(text), by=TESTING)

    assert result.status == "refused"
    assert [(p.row, p.column, p.message) for p in result.errors] == expected
    assert fingerprint(areas_db) == before


def test_a_personal_number_in_a_cell_is_refused_without_repeating_it(areas_db):
    before = fingerprint(areas_db)
    # 15038510190 has valid control digits (worked out in tests/unit/test_fnr.py).
    text = "omrade;aar;x;merknad\n11080101;2025;1;150385-10190\n"

    result = load_levekar(areas_db, survey(text), by=TESTING)

    assert [(p.row, p.column) for p in result.errors] == [(2, "merknad")]
    assert "fødselsnummer" in result.errors[0].message
    assert "10190" not in " ".join(map(str, result.problems))
    assert fingerprint(areas_db) == before


def test_a_survey_whose_file_name_holds_a_personal_number_is_refused_unnamed(areas_db):
    before = fingerprint(areas_db)

    result = load_levekar(areas_db, survey(name="levekar 15.03.85 10190.csv"), by=TESTING)

    assert result.status == "refused"
    assert [p.file for p in result.errors] == ["den opplastede filen"]
    assert "10190" not in " ".join([result.summary, *map(str, result.problems)])
    assert fingerprint(areas_db) == before


@pytest.mark.parametrize(
    "name", ["<b>Lavinntekt</b>", "[Lavinntekt](https://example.org)", "=HYPERLINK(1)"]
)
def test_a_description_name_with_markup_is_refused_without_repeating_it(areas_db, name):
    before = fingerprint(areas_db)
    text = f"kolonne;navn;hoy_er_darlig\nlavinntekt_andel;{name};ja\n"

    result = load_levekar(areas_db, survey(), descriptions(text), by=TESTING)

    assert [(p.file, p.row, p.column) for p in result.errors] == [
        ("levekar_indikatorer.csv", 2, "navn")
    ]
    assert name not in " ".join(map(str, result.problems))
    assert fingerprint(areas_db) == before


def test_a_description_of_a_column_the_survey_lacks_or_a_wrong_direction_is_refused(areas_db):
    before = fingerprint(areas_db)
    text = "kolonne;navn;hoy_er_darlig\nukjent;Ukjent;ja\nlevekarsindeks;Indeks;kanskje\n"

    result = load_levekar(areas_db, survey(), descriptions(text), by=TESTING)

    assert [(p.row, p.column) for p in result.errors] == [(2, "kolonne"), (3, "hoy_er_darlig")]
    assert fingerprint(areas_db) == before


def test_a_new_survey_supersedes_the_old_which_can_be_restored_with_its_audit(areas_db):
    load_levekar(areas_db, survey(), descriptions(), by=TESTING)
    newer = SURVEY.replace("2025", "2026")
    load_levekar(areas_db, survey(newer, "levekar_2026.csv"), by=TESTING)
    assert read_mart(areas_db, "levekar")["aar"].unique().to_list() == [2026]
    # The newer survey came without descriptions: its descriptions load is empty, so none of
    # the old descriptions describe it.
    assert read_mart(areas_db, "levekar_indikatorer").is_empty()

    first = (
        load_history(areas_db)
        .filter(pl.col("file_name") == "levekar.csv", pl.col("table_name") == "levekar")["load_id"]
        .to_list()
    )
    assert restore(areas_db, first, by=TESTING).status == "loaded"

    assert read_mart(areas_db, "levekar")["aar"].unique().to_list() == [2025]
    actions = audit_log(areas_db)["handling"].to_list()
    # Newest first: the restore, then two loads of survey and descriptions each, and the areas.
    assert actions == [
        "gjenoppretting",
        "levekårsindikatorer",
        "levekår",
        "levekårsindikatorer",
        "levekår",
        "områder",
    ]


def test_the_same_survey_again_changes_nothing(areas_db):
    load_levekar(areas_db, survey(), descriptions(), by=TESTING)
    before = fingerprint(areas_db)

    assert load_levekar(areas_db, survey(), descriptions(), by=TESTING).status == "unchanged"
    assert fingerprint(areas_db) == before


def test_a_reader_may_not_load_a_survey_and_nothing_is_stored(areas_db, tmp_path, monkeypatch):
    monkeypatch.setenv(ROLES_FILE_ENV, str(tmp_path / "ingen_rollefil.toml"))
    roles = {"brukere": {"lise@kommune.no": "leser"}, "grupper": {}}
    change_settings(areas_db, {"roller": roles}, actor=Actor("kari@kommune.no", "app"))
    before = fingerprint(areas_db)
    reader = Writer("app", Identity(claims={"email": "lise@kommune.no"}), sign_in=True)

    result = load_levekar(areas_db, survey(), descriptions(), by=reader)

    assert result.status == "refused"
    assert result.summary.startswith("Ingenting er lagret: rollen din (leser)")
    assert fingerprint(areas_db) == before


@pytest.mark.parametrize("role", ["leser", "planlegger"])
def test_below_caseworker_no_role_may_load_brukerplan_and_nothing_is_stored(
    db, tmp_path, monkeypatch, role
):
    monkeypatch.setenv(ROLES_FILE_ENV, str(tmp_path / "ingen_rollefil.toml"))
    roles = {"brukere": {"lise@kommune.no": role}, "grupper": {}}
    change_settings(db, {"roller": roles}, actor=Actor("kari@kommune.no", "app"))
    before = fingerprint(db)
    writer = Writer("app", Identity(claims={"email": "lise@kommune.no"}), sign_in=True)

    result = load_brukerplan(db, SourceFile("brukerplan.csv", BRUKERPLAN.encode()), by=writer)

    assert result.status == "refused"
    assert result.summary == (
        f"Ingenting er lagret: rollen din ({role}) gir ikke lov til å laste inn levekår og "
        "BrukerPlan-tall."
    )
    assert fingerprint(db) == before


def test_a_caseworker_may_load_a_survey(areas_db, tmp_path, monkeypatch):
    monkeypatch.setenv(ROLES_FILE_ENV, str(tmp_path / "ingen_rollefil.toml"))
    roles = {"brukere": {"ola@kommune.no": "saksbehandler"}, "grupper": {}}
    change_settings(areas_db, {"roller": roles}, actor=Actor("kari@kommune.no", "app"))
    caseworker = Writer("app", Identity(claims={"email": "ola@kommune.no"}), sign_in=True)

    result = load_levekar(areas_db, survey(), descriptions(), by=caseworker)

    assert result.status == "loaded"
    assert audit_log(areas_db)["hvem"][0] == "ola@kommune.no"


BRUKERPLAN = "aar;boforhold;antall\n" + "".join(
    f"2024;{situation};{count}\n"
    for situation, count in (
        ("egen_bolig", 300),
        ("kommunal_bolig", 120),
        ("midlertidig", 14),
        ("institusjon", 30),
        ("uten_bolig", 4),
        ("annet", 40),
    )
)


def test_brukerplan_loads_with_codes_in_any_case_and_is_audited(db):
    text = BRUKERPLAN.replace("uten_bolig", "Uten_Bolig")

    result = load_brukerplan(db, SourceFile("brukerplan.csv", text.encode()), by=TESTING)

    assert result.status == "loaded" and result.problems == []
    assert read_mart(db, "brukerplan").filter(pl.col("boforhold") == "uten_bolig").rows() == [
        (2024, "uten_bolig", 4)
    ]
    assert audit_log(db)["handling"].to_list() == ["BrukerPlan"]


def test_a_brukerplan_year_without_every_situation_is_loaded_with_a_warning(db):
    text = "aar;boforhold;antall\n2024;uten_bolig;3\n2024;egen_bolig;40\n"

    result = load_brukerplan(db, SourceFile("brukerplan.csv", text.encode()), by=TESTING)

    assert result.status == "loaded"
    assert [(p.column, p.severity) for p in result.warnings] == [("boforhold", "advarsel")]
    assert "2024" in result.warnings[0].message


def test_a_bad_brukerplan_file_is_refused_per_row_and_nothing_is_stored(db):
    before = fingerprint(db)
    text = (
        "aar;boforhold;antall\n"
        "2024;hjemløs;3\n"  # row 2: not a code
        "2024;annet;-1\n"  # row 3: negative
        "2024;annet;2\n"  # row 4: same year and situation as row 3
    )

    result = load_brukerplan(db, SourceFile("brukerplan.csv", text.encode()), by=TESTING)

    assert [(p.row, p.column) for p in result.errors] == [
        (2, "boforhold"),
        (3, "antall"),
        (4, "aar"),
    ]
    assert fingerprint(db) == before


def test_an_earlier_brukerplan_load_can_be_restored_with_its_audit(db):
    load_brukerplan(db, SourceFile("brukerplan.csv", BRUKERPLAN.encode()), by=TESTING)
    newer = "aar;boforhold;antall\n2025;egen_bolig;310\n2025;uten_bolig;6\n"
    load_brukerplan(db, SourceFile("brukerplan_2025.csv", newer.encode()), by=TESTING)
    # The newer file supersedes the first: only its two rows of 2025 are in force.
    assert read_mart(db, "brukerplan").sort("boforhold").rows() == [
        (2025, "egen_bolig", 310),
        (2025, "uten_bolig", 6),
    ]

    first = load_history(db).filter(pl.col("file_name") == "brukerplan.csv")["load_id"].to_list()
    assert restore(db, first, by=TESTING).status == "loaded"

    # The first file's six situations of 2024 again, its 4 without a home among them.
    restored = read_mart(db, "brukerplan")
    assert restored["aar"].unique().to_list() == [2024]
    assert restored.height == 6
    assert restored.filter(pl.col("boforhold") == "uten_bolig")["antall"].to_list() == [4]
    assert audit_log(db)["handling"].to_list() == ["gjenoppretting", "BrukerPlan", "BrukerPlan"]
