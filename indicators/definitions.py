"""The arithmetic of every municipal indicator of indicators.md, as measures over unit frames.

Each table maps an indicator id to its `Measure` over one kind of row:
`DWELLINGS` over D(m), `HOUSEHOLDS` over H(m) (stock indicators and the startlån event count),
`TENANCIES` over the kommunal_bolig households joined with their dwelling, and `FLOWS` over
H(m) paired with each household's situation in m−1 (`situasjon_forrige`, null when absent).
"""

from __future__ import annotations

import polars as pl

from indicators.measures import (
    Measure,
    came_into,
    count,
    days_since,
    every_row,
    in_month,
    in_situation,
    median,
    moved,
    share,
)

MORE_THAN_THREE_MONTHS = 90  # days, as indicators.md says
CROWDED_AREA_PER_PERSON = 25  # m² per person, SSB's definition


def crowded() -> pl.Expr:
    """SSB's overcrowding: too few rooms (or one person in one room) and < 25 m² per person."""
    too_few_rooms = (pl.col("rom") < pl.col("personer")) | (
        (pl.col("personer") == 1) & (pl.col("rom") == 1)
    )
    return too_few_rooms & (pl.col("areal_m2") / pl.col("personer") < CROWDED_AREA_PER_PERSON)


DWELLINGS: dict[str, Measure] = {
    "kommunale_boliger": count(every_row()),
    "andel_rullestol": share(pl.col("rullestol"), of=every_row()),
    "andel_ledige": share(
        pl.col("status") == "ledig", of=pl.col("status").is_in(["utleid", "ledig"])
    ),
}

HOUSEHOLDS: dict[str, Measure] = {
    "venteliste": count(in_situation("venteliste")),
    "ventetid_median_dager": median(days_since("soknadsdato"), where=in_situation("venteliste")),
    "midlertidig": count(in_situation("midlertidig")),
    "midlertidig_over_3_mnd_andel": share(
        days_since("i_situasjon_fra") > MORE_THAN_THREE_MONTHS, of=in_situation("midlertidig")
    ),
    "midlertidig_barnefamilier": count(in_situation("midlertidig") & (pl.col("barn") >= 1)),
    "housing_first": count(pl.col("housing_first")),
    "flyktninger_privat_leie": count(pl.col("flyktning") & in_situation("privat_leie")),
    "startlan": count(in_month("startlan_dato")),
}

TENANCIES: dict[str, Measure] = {
    "andel_trangbodde": share(crowded(), of=pl.col("areal_m2").is_not_null()),
}

FLOWS: dict[str, Measure] = {
    "gjennomstromming": count(moved("kommunal_bolig", ["privat_leie", "eid_bolig"])),
    "til_eid_bolig": count(came_into("eid_bolig")),
    "ut_av_midlertidig": count(
        moved("midlertidig", ["kommunal_bolig", "privat_leie", "eid_bolig"])
    ),
    "nye_i_midlertidig": count(came_into("midlertidig")),
    "nye_leietakere": count(came_into("kommunal_bolig")),
    "unge_til_privat_leie": count(pl.col("under_25") & came_into("privat_leie")),
    "flyktninger_til_privat_leie": count(pl.col("flyktning") & came_into("privat_leie")),
}

# Computed from the dwelling count and the population, not as a measure over rows.
PER_1000 = "kommunale_boliger_per_1000"
