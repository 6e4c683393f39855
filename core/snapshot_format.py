"""The monthly snapshot format, version 1.1 (shared/snapshot-format.md), as data.

The one home of the format: per table its columns (name, type, whether required, a Norwegian
description for templates and help text), the code lists, the yes/no spellings and the header
spellings that are accepted. Reading and validation look everything up here.

Headers, codes and yes/no values are compared in a *folded* form: lower case, surrounding
spaces removed, inner spaces and hyphens as `_`, and `æ/ø/å` made equal to `ae/oe/aa` and to
the plain `a/o/a` that the canonical names use (`søknadsdato`, `soeknadsdato` and `soknadsdato`
all fold to `soknadsdato`).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

import polars as pl

FORMAT_VERSION = "1.1"
# Columns added by a version after 1.0 are optional: files of version 1.0 stay valid.
FIRST_VERSION = "1.0"

Kind = Literal["text", "digits", "decimal", "integer", "code", "yesno", "date"]

EIERFORM = {
    "eid": "eid av kommunen",
    "innleid": "leid inn fra privat eier og framleid",
    "tildelingsrett": "privat eid, kommunen velger leietaker",
}
BOLIGTYPE = {
    "ordinaer": "ordinær bolig",
    "omsorg": "omsorgsbolig",
    "bofellesskap": "bofellesskap med personalbase",
    "midlertidig": "midlertidig bolig eller akuttbolig",
    "smahus": "småhus for personer med rus- eller psykiske helseutfordringer",
}
STATUS = {
    "utleid": "utleid",
    "ledig": "ledig og klar til utleie",
    "utbedring": "kan ikke leies ut (reparasjon, oppussing)",
}
SITUASJON = {
    "venteliste": "venter på kommunal bolig",
    "midlertidig": "i midlertidig botilbud",
    "kommunal_bolig": "leier kommunal bolig",
    "privat_leie": "leier privat med hjelp fra kommunen (garanti, oppfølging)",
    "eid_bolig": "eier boligen (for eksempel kjøpt med startlån)",
}

YES_SPELLINGS = ("ja", "j", "1", "true", "x")
NO_SPELLINGS = ("nei", "n", "0", "false")  # and a blank cell
YES_NO_HELP = "ja eller nei (ja/nei, j/n, 1/0, true/false, x eller tom)"


@dataclass(frozen=True)
class Column:
    """One column of a snapshot table."""

    name: str
    kind: Kind
    description: str  # Norwegian, for the upload template and help text
    required: bool = False
    required_when: tuple[str, str] | None = None  # (column, code): required in those rows
    codes: dict[str, str] | None = None  # kind "code": code -> Norwegian meaning
    digits: int | None = None  # kind "digits": exact number of digits
    minimum: float | None = None
    maximum: float | None = None
    above_minimum: bool = False  # the value must be strictly greater than `minimum`
    blank_value: int | None = None  # stored for a blank cell (yes/no columns: always no)
    aliases: tuple[str, ...] = ()  # further header spellings, beyond case and æøå
    version: str = FIRST_VERSION  # the format version that added the column
    future_allowed: bool = False  # kind "date": may lie after the snapshot date
    key: bool = False  # kind "text": an identifier, plain text only (no markup)


@dataclass(frozen=True)
class TableFormat:
    """One snapshot table: its columns in the order of the raw warehouse table."""

    name: str
    description: str
    id_column: str
    columns: tuple[Column, ...]

    @property
    def column_names(self) -> list[str]:
        """The stored columns, in warehouse order."""
        return [column.name for column in self.columns]

    @property
    def stored_schema(self) -> pl.Schema:
        """The polars type of each column as the warehouse stores it, in warehouse order."""
        return pl.Schema({column.name: STORED_TYPES[column.kind] for column in self.columns})

    def schema_of_version(self, version: str) -> pl.Schema:
        """`stored_schema` of the columns a file of `version` (`"1.0"`, `"1.1"`) can have."""
        return pl.Schema(
            {
                column.name: STORED_TYPES[column.kind]
                for column in self.columns
                if _version_key(column.version) <= _version_key(version)
            }
        )


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


STORED_TYPES: dict[Kind, type[pl.DataType]] = {
    "text": pl.String,
    "digits": pl.String,
    "code": pl.String,
    "decimal": pl.Float64,
    "integer": pl.Int32,
    "yesno": pl.Boolean,
    "date": pl.Date,
}


BOLIGER = TableFormat(
    name="boliger",
    description="Boligene kommunen disponerer, én rad per bolig på månedens siste dag.",
    id_column="bolig_id",
    columns=(
        Column("bolig_id", "text", "Kommunens egen id for boligen, unik i filen.", required=True),
        Column("adresse", "text", "Gateadresse."),
        Column(
            "postnummer",
            "digits",
            "Postnummer, 4 sifre (behold ledende null).",
            digits=4,
            aliases=("postnr",),
        ),
        Column(
            "grunnkrets",
            "digits",
            "SSB-grunnkrets, 8 sifre: kommunenummer (4) + grunnkrets (4). "
            "Påkrevd når lat og lon mangler.",
            digits=8,
        ),
        Column(
            "lat",
            "decimal",
            "Breddegrad (WGS84), for eksempel 58,85. Påkrevd med lon når grunnkrets mangler.",
            minimum=-90,
            maximum=90,
            aliases=("breddegrad", "latitude"),
        ),
        Column(
            "lon",
            "decimal",
            "Lengdegrad (WGS84), for eksempel 5,74. Påkrevd med lat når grunnkrets mangler.",
            minimum=-180,
            maximum=180,
            aliases=("lengdegrad", "longitude", "lng"),
        ),
        Column(
            "bygning_id",
            "text",
            "Bygning eller borettslag (bygningsnummer i matrikkelen, borettslagets org.nr.).",
        ),
        Column(
            "bygning_enheter",
            "integer",
            "Antall boenheter i hele bygningen eller borettslaget, når det er kjent.",
            minimum=1,
        ),
        Column(
            "eierform",
            "code",
            "Hvordan kommunen disponerer boligen.",
            required=True,
            codes=EIERFORM,
        ),
        Column("boligtype", "code", "Type bolig.", required=True, codes=BOLIGTYPE),
        Column(
            "rom",
            "integer",
            "Antall rom (kjøkken og bad telles ikke).",
            required=True,
            minimum=1,
            aliases=("antall_rom",),
        ),
        Column(
            "areal_m2",
            "decimal",
            "Bruksareal i kvadratmeter.",
            minimum=0,
            above_minimum=True,
            aliases=("areal", "areal_m²", "bruksareal"),
        ),
        Column("rullestol", "yesno", "Tilgjengelig for rullestolbrukere."),
        Column("status", "code", "Boligens status.", required=True, codes=STATUS),
        Column(
            "utleier_id",
            "text",
            "For innleid og tildelingsrett: stabil pseudonym nøkkel for den private eieren "
            "(organisasjonsnummer er lov; aldri fødselsnummer eller D-nummer).",
            version="1.1",
            key=True,
        ),
        Column(
            "leieavtale_fra",
            "date",
            "For innleid: dato leieavtalen med den private eieren begynte.",
            version="1.1",
            future_allowed=True,
        ),
        Column(
            "leieavtale_til",
            "date",
            "For innleid: dato leieavtalen med den private eieren slutter; tom = uten sluttdato. "
            "Ikke før leieavtale_fra.",
            version="1.1",
            future_allowed=True,
        ),
        Column(
            "prosjekt_id",
            "text",
            "Boligprosjektet boligen kom fra (prosjekt_id i prosjektregisteret).",
            version="1.1",
            key=True,
        ),
    ),
)

HUSSTANDER = TableFormat(
    name="husstander",
    description="Husstandene boligtjenesten følger opp, én rad per husstand på månedens siste dag.",
    id_column="husstand_id",
    columns=(
        Column(
            "husstand_id",
            "text",
            "Stabil pseudonym nøkkel: samme husstand har samme id hver måned. "
            "Aldri fødselsnummer eller D-nummer.",
            required=True,
        ),
        Column("situasjon", "code", "Husstandens boligsituasjon.", required=True, codes=SITUASJON),
        Column(
            "bolig_id",
            "text",
            "Boligen husstanden leier; må finnes i samme måneds boliger. "
            "Påkrevd når situasjon er kommunal_bolig.",
            required_when=("situasjon", "kommunal_bolig"),
        ),
        Column(
            "personer",
            "integer",
            "Antall personer i husstanden.",
            required=True,
            minimum=1,
            aliases=("antall_personer",),
        ),
        Column(
            "barn",
            "integer",
            "Antall barn under 18 år (tom = 0); færre enn personer.",
            minimum=0,
            blank_value=0,
            aliases=("antall_barn",),
        ),
        Column(
            "i_situasjon_fra",
            "date",
            "Dato husstanden kom i nåværende situasjon; ikke etter månedens siste dag.",
            required=True,
        ),
        Column(
            "soknadsdato",
            "date",
            "Dato for søknad om kommunal bolig; ikke etter månedens siste dag. "
            "Påkrevd når situasjon er venteliste.",
            required_when=("situasjon", "venteliste"),
        ),
        Column("flyktning", "yesno", "Bosatt flyktning."),
        Column("under_25", "yesno", "Hovedperson yngre enn 25 år."),
        Column("rus_psykisk", "yesno", "Mottar tjenester innen rus eller psykisk helse."),
        Column("funksjonsnedsettelse", "yesno", "Noen i husstanden har funksjonsnedsettelse."),
        Column("housing_first", "yesno", "Deltar i Housing First."),
        Column(
            "startlan_dato",
            "date",
            "Dato startlån ble innvilget, om noe; ikke etter månedens siste dag.",
        ),
        Column(
            "leie_til_eie_fra",
            "date",
            "Dato husstanden kom inn i «leie til eie» (vurdert i stand til å kjøpe med startlån "
            "og fulgt opp mot kjøp); ikke etter månedens siste dag.",
            version="1.1",
        ),
    ),
)

TABLES = {table.name: table for table in (BOLIGER, HUSSTANDER)}

# Optional in both tables; checked against the month given at upload, not stored.
MONTH_COLUMN = "maaned"
# An areas file's known properties, and the text columns raw.omrader keeps (reference-data.md).
AREA_COLUMNS = ("grunnkrets", "navn", "delomrade", "delomradenavn")
MONTH_COLUMN_ALIASES = ("mnd", "periode")

# Headers that mean personal data. Matched against folded headers as whole words
# (`soker_navn`, `fnr_hovedperson`) or, for the long words, anywhere (`sokers_fodselsnummer`).
_FORBIDDEN_WORDS = frozenset(
    {
        "fnr",
        "fnummer",
        "dnr",
        "dnummer",
        "pnr",
        "personnr",
        "fodselsnr",
        "navn",
        "fornavn",
        "etternavn",
        "mellomnavn",
        "fulltnavn",
        "name",
        "firstname",
        "lastname",
        "surname",
        "ssn",
    }
)
_FORBIDDEN_PARTS = ("fodselsnummer", "personnummer", "fodselsnr", "personnr", "dnummer")

# Spellings made equal, replaced in one left-to-right pass (the first listed wins at a position).
_LETTER_FOLDS = {"æ": "a", "ø": "o", "å": "a", "aa": "a", "oe": "o", "ae": "a"}
_LETTER_PATTERN = re.compile("|".join(_LETTER_FOLDS))
_SEPARATORS = r"[\s\-.]+"


def fold(text: str) -> str:
    """The folded spelling of a header or code, used only for comparing."""
    folded = re.sub(_SEPARATORS, "_", text.strip().lower())
    return _LETTER_PATTERN.sub(lambda match: _LETTER_FOLDS[match.group()], folded)


def fold_expr(values: pl.Expr) -> pl.Expr:
    """`fold` as a polars expression, for whole columns of codes and yes/no values."""
    return (
        values.str.strip_chars()
        .str.to_lowercase()
        .str.replace_all(_SEPARATORS, "_")
        .str.replace_many(list(_LETTER_FOLDS), list(_LETTER_FOLDS.values()))
    )


def _header_lookup() -> dict[str, str]:
    """Folded header spelling -> canonical column name, over both tables and `maaned`."""
    lookup = {fold(alias): MONTH_COLUMN for alias in (MONTH_COLUMN, *MONTH_COLUMN_ALIASES)}
    for table in TABLES.values():
        for column in table.columns:
            for spelling in (column.name, *column.aliases):
                lookup[fold(spelling)] = column.name
    return lookup


_HEADERS = _header_lookup()


def canonical_header(header: str) -> str | None:
    """The column a header names (`" Søknadsdato "` -> `soknadsdato`), None when unknown."""
    return _HEADERS.get(fold(header))


def is_forbidden_header(header: str) -> bool:
    """True for headers that announce personal data: `fnr`, `Fødselsnummer`, `navn`, ..."""
    folded = fold(header)
    words = set(re.split(r"[^a-z0-9]+", folded))
    joined = re.sub(r"[^a-z0-9]", "", folded)
    return (
        bool(words & _FORBIDDEN_WORDS)
        or joined in _FORBIDDEN_WORDS
        or any(part in joined for part in _FORBIDDEN_PARTS)
    )


def recognise_table(headers: list[str]) -> str | None:
    """The table a CSV header names: `husstand_id` -> husstander, else `bolig_id` -> boliger."""
    named = {canonical_header(header) for header in headers}
    if HUSSTANDER.id_column in named:
        return HUSSTANDER.name
    if BOLIGER.id_column in named:
        return BOLIGER.name
    return None


def recognise_sheet(sheet_name: str) -> str | None:
    """The table an XLSX sheet holds, by its name (`Boliger` -> boliger), None for other sheets."""
    folded = fold(sheet_name)
    return next((name for name in TABLES if fold(name) == folded), None)


def code_lookup(column: Column) -> dict[str, str]:
    """Folded spelling -> canonical code, for a code column."""
    return {fold(code): code for code in column.codes or {}}


def yes_no_lookup() -> dict[str, bool]:
    """Folded yes/no spelling -> its truth value (a blank cell, not listed here, is no)."""
    return {fold(s): True for s in YES_SPELLINGS} | {fold(s): False for s in NO_SPELLINGS}


def snapshot_date(month: str) -> date:
    """The last day of a month written `YYYY-MM`: the date the snapshot describes."""
    match = re.fullmatch(r"(\d{4})-(\d{2})", month)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise ValueError("Måneden må skrives ÅÅÅÅ-MM, for eksempel 2024-01.")
    year, number = int(match.group(1)), int(match.group(2))
    return date(year, number, calendar.monthrange(year, number)[1])
