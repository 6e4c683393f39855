"""The register of housing projects (`boligprosjekter`, shared/reference-data.md), as data.

The one home of the register's columns and code lists: validation reads the columns, the
pipeline indicators and the "if everything planned is built" map read the codes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import polars as pl

from core.i18n import N_

# Code -> its name in bokmål (a message id: shown translated on screen and on the map).
STATUS = {
    "planlagt": N_("planlagt"),
    "regulert": N_("regulert"),
    "under_bygging": N_("under bygging"),
    "ferdig": N_("ferdig"),
    "avlyst": N_("avlyst"),
}
# Projects still to come: their units are added when "everything planned is built".
IN_PIPELINE = ("planlagt", "regulert", "under_bygging")
# forventet_ferdig is required unless the project is done with one way or another.
CLOSED = ("ferdig", "avlyst")
GJENNOMFORING = {
    "nybygg": "nybygg",
    "kjop": "kjøp av eksisterende boliger",
    "innleie": "langvarig innleie",
    "forkjopsrett": "kjøp med forkjøpsrett",
    "tomteselskap": "bygget på tomt fra kommunens tomteselskap",
}
# Ways of carrying out a project that take over dwellings that exist already.
EXISTING_DWELLINGS = ("kjop", "innleie", "forkjopsrett")

RegisterKind = Literal[
    "text", "name", "digits", "decimal", "integer", "code", "date", "year_quarter"
]


@dataclass(frozen=True)
class RegisterColumn:
    """One column of the register."""

    name: str
    kind: RegisterKind
    description: str  # Norwegian
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None


# In warehouse order (raw.boligprosjekter, without load_id).
COLUMNS = (
    RegisterColumn("prosjekt_id", "text", "Prosjektets id, unik i registeret.", required=True),
    RegisterColumn("navn", "name", "Prosjektets navn (vanlig tekst).", required=True),
    RegisterColumn("grunnkrets", "digits", "SSB-grunnkrets, 8 sifre, når lat og lon mangler."),
    RegisterColumn("lat", "decimal", "Breddegrad (WGS84).", minimum=-90, maximum=90),
    RegisterColumn("lon", "decimal", "Lengdegrad (WGS84).", minimum=-180, maximum=180),
    RegisterColumn("boliger", "integer", "Boliger prosjektet gir.", required=True, minimum=1),
    RegisterColumn("boligtype", "code", "Type bolig, som i boliger.", required=True),
    RegisterColumn("eierform", "code", "Eierform, som i boliger.", required=True),
    RegisterColumn("status", "code", "Prosjektets status.", required=True),
    RegisterColumn(
        "forventet_ferdig",
        "year_quarter",
        "Forventet ferdig, ÅÅÅÅ eller ÅÅÅÅ-Qn; påkrevd når status ikke er ferdig eller avlyst.",
    ),
    RegisterColumn("ferdig_dato", "date", "Dato prosjektet ble ferdig; påkrevd når ferdig."),
    RegisterColumn("gjennomforing", "code", "Hvordan prosjektet gjennomføres."),
    RegisterColumn(
        "salg_til_beboere", "integer", "Boliger som skal selges til beboerne.", minimum=0
    ),
)
COLUMN_NAMES = tuple(column.name for column in COLUMNS)

STORED_TYPES: dict[RegisterKind, type[pl.DataType]] = {
    "text": pl.String,
    "name": pl.String,
    "digits": pl.String,
    "decimal": pl.Float64,
    "integer": pl.Int32,
    "code": pl.String,
    "date": pl.Date,
    "year_quarter": pl.String,
}
STORED_SCHEMA = pl.Schema({column.name: STORED_TYPES[column.kind] for column in COLUMNS})
