"""Norway's municipalities of 2024 (data/geodata/kommuner_2024.csv, © Kartverket, CC BY 4.0),
and the check of a municipality's number and name against them."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

MUNICIPALITIES_FILE = (
    Path(__file__).resolve().parent.parent / "data" / "geodata" / "kommuner_2024.csv"
)


@dataclass(frozen=True)
class Municipality:
    """One of Norway's municipalities of 2024, with its county."""

    number: str
    name: str
    county: str

    def label(self) -> str:
        """'1108 Sandnes (Rogaland)'."""
        return f"{self.number} {self.name} ({self.county})"


@cache
def municipalities() -> dict[str, Municipality]:
    """Kommunenummer -> the municipality, from data/geodata/kommuner_2024.csv (357 of them)."""
    with MUNICIPALITIES_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            row["kommunenummer"]: Municipality(
                row["kommunenummer"], row["kommunenavn"], row["fylkesnavn"]
            )
            for row in csv.DictReader(handle)
        }


def municipality_problem(number: str, name: str) -> str | None:
    """What is wrong with a municipality's number and name (bokmål), or None.

    The number must be one of 2024's; the name, when given, that number's (case aside). A
    number that is not four digits is left to the settings' own check (core.settings).
    """
    if not number:
        return None if not name else "Kommunenummer mangler: oppgi nummeret til kommunen."
    if not (len(number) == 4 and number.isdigit()):
        return None
    known = municipalities().get(number)
    if known is None:
        return (
            "Kommunenummer: ingen kommune hadde dette nummeret i 2024. Bruk det firesifrede "
            "nummeret fra SSB (for eksempel 1108 for Sandnes)."
        )
    if name and name.casefold() != known.name.casefold():
        return (
            f"Kommunenavn: kommune {number} heter {known.name} ({known.county}). "
            "Rett navnet eller nummeret."
        )
    return None
