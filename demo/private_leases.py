"""The demo's leased private portfolio: Sandnes' story of issue 12, the fordelspakke of 2015.

For each refugee household it settles in the private market in 2015 (73, as
`flyktninger_til_privat_leie` counts them), the municipality leases a private dwelling: it signs
a three-year lease with the owner, who gets the rent guaranteed, and sublets the dwelling to the
household, which rents it with municipal help and follow-up (`situasjon` = `privat_leie`, no
`bolig_id`: it is not a tenant of the municipality's own housing). So the leased portfolio grows
through 2015 by one dwelling per household. When the lease ends, the household takes it over and
the dwelling leaves the portfolio. A household that moves on before that leaves the dwelling
vacant, and the municipality gives notice: the lease then ends three months after the end of
that month (the rent guarantee covers the vacancy until then).

The households come from the simulated snapshots as they are; the dwellings are placed from a
random stream of their own, so every figure the demo had before 2015 and after the last of these
leases (2018) stays exactly as it was.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import polars as pl

from demo.places import Places
from demo.portfolio import LANDLORDS
from demo.simulation import MonthSnapshot, Scale
from indicators.measures import came_into

LEASE_YEAR = 2015
LEASE_MONTHS = 36  # the owner's lease; then the household takes it over
NOTICE_MONTHS = 3  # after the end of the month the household moved on
NEW_OWNERS = 20  # owners new to the municipality (U141…); the rest already lease to it
ID_PREFIX = "BL-"  # the leased dwellings' ids, apart from the simulation's B-…
STREAM = 2015  # the placement's random stream, apart from the simulation's


def settled_in_private_market(snapshots: list[MonthSnapshot]) -> pl.DataFrame:
    """The refugee households that came into `privat_leie` in a month of LEASE_YEAR (absent or in
    another situation the month before), as `flyktninger_til_privat_leie` counts them: position
    (the month's place in `snapshots`) and husstand_id, in that order."""
    situations = pl.concat(
        snapshot.husstander.select("husstand_id", "situasjon", "flyktning").with_columns(
            position=pl.lit(position, pl.Int32)
        )
        for position, snapshot in enumerate(snapshots)
    )
    before = situations.select(
        "husstand_id", position=pl.col("position") + 1, situasjon_forrige="situasjon"
    )
    in_lease_year = [
        position
        for position, snapshot in enumerate(snapshots)
        if snapshot.month.startswith(f"{LEASE_YEAR}-")
    ]
    return (
        situations.join(before, on=["husstand_id", "position"], how="left")
        .filter(
            pl.col("position").is_in(in_lease_year) & pl.col("flyktning") & came_into("privat_leie")
        )
        .select("position", "husstand_id")
        .sort("position", "husstand_id")
    )


def _first_day(month: str) -> date:
    return date(int(month[:4]), int(month[5:]), 1)


def _last_day(start: date, months: int) -> date:
    """The last day of `months` whole months from `start`, a first of the month (36 months from
    1 February 2015 end on 31 January 2018)."""
    index = start.year * 12 + start.month - 1 + months
    return date.fromordinal(date(index // 12, index % 12 + 1, 1).toordinal() - 1)


def with_private_leases(
    snapshots: list[MonthSnapshot], scale: Scale, seed: int
) -> list[MonthSnapshot]:
    """The snapshots with a leased private dwelling for each household settled in LEASE_YEAR, in
    `boliger` (with the 1.1 columns) for the months its lease runs."""
    settled = settled_in_private_market(snapshots)
    renting = [
        set(s.husstander.filter(pl.col("situasjon") == "privat_leie")["husstand_id"])
        for s in snapshots
    ]
    rng = np.random.default_rng([seed, STREAM])
    dwellings = Places(scale, rng).scattered(settled.height, ID_PREFIX)
    numbers = rng.integers(0, LANDLORDS + NEW_OWNERS, settled.height)
    owners = [f"U{number + 1:03d}" for number in numbers]
    leased: list[list[dict]] = [[] for _ in snapshots]
    for dwelling, owner, (first, household) in zip(
        dwellings.iter_rows(named=True), owners, settled.iter_rows(), strict=True
    ):
        start = _first_day(snapshots[first].month)
        end, vacant = _last_day(start, LEASE_MONTHS), False
        # The snapshots are consecutive months: one position per month of the lease.
        for position in range(first, min(first + LEASE_MONTHS, len(snapshots))):
            month = _first_day(snapshots[position].month)
            if not vacant and household not in renting[position]:
                vacant = True
                end = min(end, _last_day(month, NOTICE_MONTHS + 1))
            if month > end:
                break
            leased[position].append(
                dwelling
                | {
                    "status": "ledig" if vacant else "utleid",
                    "utleier_id": owner,
                    "leieavtale_fra": start,
                    "leieavtale_til": end,
                    "prosjekt_id": None,
                }
            )
    return [
        MonthSnapshot(snapshot.month, _with_leased(snapshot.boliger, rows), snapshot.husstander)
        for snapshot, rows in zip(snapshots, leased, strict=True)
    ]


def _with_leased(boliger: pl.DataFrame, leased: list[dict]) -> pl.DataFrame:
    """The month's dwellings and the leased ones in it."""
    if not leased:
        return boliger
    return pl.concat([boliger, pl.DataFrame(leased, schema=boliger.schema)])
