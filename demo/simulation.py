"""A seeded, vectorised simulation of a municipality's housing caseload, month by month (where
the dwellings are and what they are like is demo/places.py).

The story is Sandnes's: from 2014 the municipality cuts temporary accommodation and its waiting
list, settles refugees and young people in the private market, runs Housing First and helps
20–30 tenants a year from municipal rental into ownership with startlån. At SANDNES scale the
published 2014 and 2015 figures come out exactly; the bigger scales are the same story scaled up.

Every month is computed on whole numpy arrays (no Python loop over households); the stocks that
the story publishes are steered exactly by choosing how many households enter each month.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import polars as pl

from core.snapshot_format import HUSSTANDER, SITUASJON, STATUS
from demo.places import BOLIGER_SCHEMA, TEMPORARY_UNIT, Places, identifier


@dataclass(frozen=True)
class Scale:
    """How big a municipality to simulate. Only the demo scale has real geography."""

    name: str
    dwellings: int
    households: int
    areas: int  # grunnkretser without geography; ignored when `geography`
    geography: bool

    @property
    def factor(self) -> float:
        """Size relative to Sandnes: every flow and stock of the story is multiplied by it."""
        return self.households / SANDNES_HOUSEHOLDS


SANDNES_HOUSEHOLDS = 2500
SANDNES = Scale("Sandnes", 1300, SANDNES_HOUSEHOLDS, 119, geography=True)
OSLO = Scale("Oslo", 12000, 25000, 560, geography=False)
NORWAY = Scale("Norge", 110000, 250000, 14000, geography=False)


@dataclass(frozen=True)
class MonthSnapshot:
    """One month's two tables, with exactly the columns of raw.boliger and raw.husstander."""

    month: str
    boliger: pl.DataFrame
    husstander: pl.DataFrame


HUSSTANDER_SCHEMA = HUSSTANDER.schema_of_version("1.0")

SITUATIONS = tuple(SITUASJON)
WAITING, TEMPORARY, MUNICIPAL, PRIVATE, OWNED = range(5)
GONE = len(SITUATIONS)  # no longer (or not yet) on the caseload
STATUSES = tuple(STATUS)
LET, VACANT, REPAIR = range(3)

# The story at Sandnes scale. Stocks are year-end (December) anchors, reached exactly.
TEMPORARY_DECEMBER = {
    2013: 238, 2014: 230, 2015: 186, 2016: 169, 2017: 157, 2018: 148, 2019: 141,
    2020: 137, 2021: 132, 2022: 139, 2023: 130, 2024: 125, 2025: 121, 2026: 118,
}  # fmt: skip
WAITING_DECEMBER = {
    2013: 150, 2014: 141, 2015: 84, 2016: 79, 2017: 73, 2018: 76, 2019: 68,
    2020: 71, 2021: 66, 2022: 88, 2023: 81, 2024: 75, 2025: 71, 2026: 68,
}  # fmt: skip
HOUSING_FIRST_DECEMBER = {
    2013: 4, 2014: 7, 2015: 11, 2016: 15, 2017: 18, 2018: 20, 2019: 22,
    2020: 22, 2021: 24, 2022: 25, 2023: 26, 2024: 26, 2025: 27, 2026: 27,
}  # fmt: skip
# Flows per calendar year: refugee and young households into private leases.
REFUGEES_TO_PRIVATE = {
    2014: 50, 2015: 73, 2016: 96, 2017: 84, 2018: 52, 2019: 38, 2020: 22,
    2021: 30, 2022: 118, 2023: 104, 2024: 66, 2025: 48, 2026: 40,
}  # fmt: skip
YOUNG_TO_PRIVATE = {
    2014: 36, 2015: 49, 2016: 52, 2017: 50, 2018: 47, 2019: 45, 2020: 40,
    2021: 44, 2022: 46, 2023: 45, 2024: 43, 2025: 44, 2026: 42,
}  # fmt: skip
# Households from municipal rental into ownership: drawn per year in this range (inclusive).
RENTAL_TO_OWNERSHIP = (21, 29)
PURCHASE_LAG_SHARES = (0.3, 0.4, 0.3)  # startlån granted 1, 2 or 3 months before moving in
STARTLAN_SHARE = 0.8  # the rest buy without a startlån

# Monthly rates (share of the group) and counts (per month at Sandnes scale).
TEMPORARY_EXIT_RATE = 0.16  # in 2014, rising as stays are shortened ...
TEMPORARY_EXIT_RATE_GAIN = 0.01  # ... by this much a year, until 2022
WAITING_EXIT_RATE = 0.03
MUNICIPAL_EXIT_RATE = 0.006
PRIVATE_EXIT_RATE = 0.027
OWNED_EXIT_RATE = 0.035
TEMPORARY_TO_PRIVATE = 7.0
WAITING_TO_PRIVATE = 2.0
MUNICIPAL_TO_PRIVATE = 3.0
PRIVATE_TO_OWNED = 1.2
NEW_PRIVATE = 5.0
# Who gets a dwelling that is let: waiting list, temporary accommodation, newcomers.
ALLOCATION_SHARES = (0.5, 0.35, 0.15)
NEWCOMER_REFUGEES = 0.6  # of the newcomers given a dwelling directly
LETTING_CHANCE = 0.75  # a lettable dwelling is let this month
REPAIR_CHANCE = 0.2  # a vacated dwelling needs repair first
# Households taken from the existing caseload for the refugee and young flows (rest are new).
REFUGEES_FROM_CASELOAD = 0.3
YOUNG_FROM_CASELOAD = 0.4

# Dwelling stock: yearly growth and disposal (leases ended, sold), as shares of the stock.
DWELLING_ADDITIONS = 0.012
DWELLING_DISPOSALS = 0.008
INITIAL_VACANT = 0.04
INITIAL_REPAIR = 0.02
INITIAL_OWNED = 100

# Households: sizes (1, 2, ... persons), heads under 25 among ordinary newcomers, services.
HOUSEHOLD_SIZES = (0.55, 0.18, 0.11, 0.09, 0.05, 0.02)
REFUGEE_SIZES = (0.35, 0.15, 0.15, 0.15, 0.12, 0.08)
YOUNG_SIZES = (0.8, 0.15, 0.05)
YOUNG_SHARE = 0.08
SUBSTANCE_SHARES = {TEMPORARY: 0.35, WAITING: 0.2, MUNICIPAL: 0.22}  # else 0.12
DISABILITY_SHARE = 0.15
YOUNG_MONTHS = 25 * 12


def month_index(month: str) -> int:
    """'2014-01' -> a running month number (year × 12 + month − 1)."""
    year, number = month.split("-")
    return int(year) * 12 + int(number) - 1


def month_text(index: int) -> str:
    """A running month number as 'YYYY-MM'."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def first_day(index: int | np.ndarray) -> np.ndarray:
    """The first day of a month as days since 1970-01-01."""
    months = np.asarray(index, dtype=np.int64) - 1970 * 12
    return months.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def _year_end_path(anchors: dict[int, int], months: np.ndarray, factor: float, rng) -> np.ndarray:
    """A monthly stock: straight between December anchors, with some wobble in between."""
    years = months // 12
    fraction = (months % 12 + 1) / 12
    before = np.array([_anchor(anchors, year - 1) for year in years], dtype=float)
    after = np.array([_anchor(anchors, year) for year in years], dtype=float)
    path = (before + (after - before) * fraction) * factor
    wobble = rng.normal(0.0, 0.015, len(months)) * path
    wobble[months % 12 == 11] = 0.0
    return np.maximum(np.round(path + wobble), 0).astype(np.int64)


def _temporary_exit_rate(month: int) -> float:
    """Share of households leaving temporary accommodation for good in a month of that year."""
    years = min(max(month // 12 - 2014, 0), 8)
    return TEMPORARY_EXIT_RATE + TEMPORARY_EXIT_RATE_GAIN * years


def _anchor(anchors: dict[int, int], year: int) -> int:
    """The anchor of a year, the nearest year's beyond the story's range."""
    return anchors[min(max(year, min(anchors)), max(anchors))]


def _yearly_flow(
    totals: dict[int, int] | None, months: np.ndarray, factor: float, rng
) -> np.ndarray:
    """A yearly flow spread over the year's simulated months (the first month has no flow).

    Without `totals`, every year draws its total from RENTAL_TO_OWNERSHIP.
    """
    flow = np.zeros(len(months), dtype=np.int64)
    flowing = np.arange(len(months)) > 0
    for year in np.unique(months // 12):
        in_year = flowing & (months // 12 == year)
        if not in_year.any():
            continue
        if totals is None:
            total = rng.integers(RENTAL_TO_OWNERSHIP[0], RENTAL_TO_OWNERSHIP[1] + 1)
        else:
            total = _anchor(totals, int(year)) * in_year.sum() / 12
        count = round(total * factor)
        flow[in_year] = rng.multinomial(count, np.full(in_year.sum(), 1 / in_year.sum()))
    return flow


class _Columns:
    """Growable struct-of-arrays: the pool of households or dwellings ever created."""

    def __init__(self, dtypes: dict[str, np.dtype], fill: dict[str, object], capacity: int):
        self.size = 0
        self._fill = fill
        self.arrays = {
            name: np.full(capacity, fill.get(name, 0), dtype=dtype)
            for name, dtype in dtypes.items()
        }

    def __getattr__(self, name: str) -> np.ndarray:
        arrays = self.__dict__.get("arrays", {})
        if name in arrays:
            return arrays[name][: self.size]
        raise AttributeError(name)

    def __setattr__(self, name: str, value) -> None:
        """`pool.column op= values` writes into the column (never shadows it)."""
        arrays = self.__dict__.get("arrays", {})
        if name in arrays:
            arrays[name][: self.size] = value
        else:
            super().__setattr__(name, value)

    def add(self, count: int, **values) -> np.ndarray:
        """Append `count` rows with the given column values; returns their indices."""
        needed = self.size + count
        capacity = len(next(iter(self.arrays.values())))
        if needed > capacity:
            grown = max(needed, capacity * 2)
            for name, array in self.arrays.items():
                extra = np.full(grown - capacity, self._fill.get(name, 0), dtype=array.dtype)
                self.arrays[name] = np.concatenate([array, extra])
        index = np.arange(self.size, needed)
        self.size = needed
        for name, value in values.items():
            self.arrays[name][index] = value
        return index


_HOUSEHOLD_COLUMNS = {
    "situation": np.int8,
    "entered": np.int64,  # month index of entering the current situation
    "since": np.int64,  # i_situasjon_fra, days
    "applied": np.int64,  # soknadsdato, days (-1: none)
    "persons": np.int32,
    "children": np.int32,
    "refugee": np.bool_,
    "substance": np.bool_,
    "disability": np.bool_,
    "housing_first": np.bool_,
    "born": np.int64,  # month index of the head's birth
    "startlan": np.int64,  # startlan_dato, days (-1: none)
    "purchase": np.int64,  # month index of a planned move into ownership (-1: none)
    "dwelling": np.int64,  # index of the dwelling lived in (-1: none)
}
_HOUSEHOLD_FILL = {"applied": -1, "startlan": -1, "purchase": -1, "dwelling": -1, "situation": GONE}
_DWELLING_COLUMNS = {
    "added": np.int64,  # month index the dwelling came into the stock
    "removed": np.int64,  # month index it left the stock (a large number: never)
    "kind": np.int8,
    "rooms": np.int32,
    "occupant": np.int64,  # household index (-1: none)
    "repaired": np.int64,  # month index from which it is no longer under repair
    "ready": np.int64,  # month index from which it can be let again
}
_NEVER = 10**6
_DWELLING_FILL = {"removed": _NEVER, "occupant": -1}


class _Municipality:
    """The state of the simulated municipality and the rules that move it one month on."""

    def __init__(self, scale: Scale, months: np.ndarray, seed: int):
        self.scale = scale
        self.months = months
        self.first = int(months[0])
        self.rng = np.random.default_rng(seed)
        factor = scale.factor
        self.temporary_path = _year_end_path(TEMPORARY_DECEMBER, months, factor, self.rng)
        self.waiting_path = _year_end_path(WAITING_DECEMBER, months, factor, self.rng)
        self.housing_first_path = _year_end_path(HOUSING_FIRST_DECEMBER, months, factor, self.rng)
        self.refugees = _yearly_flow(REFUGEES_TO_PRIVATE, months, factor, self.rng)
        self.young = _yearly_flow(YOUNG_TO_PRIVATE, months, factor, self.rng)
        self.young_owed = 0
        purchases = _yearly_flow(None, months, factor, self.rng)
        self.purchase_plan = {
            int(month): self.rng.multinomial(count, PURCHASE_LAG_SHARES)
            for month, count in zip(months, purchases, strict=True)
        }
        self.households = _Columns(_HOUSEHOLD_COLUMNS, _HOUSEHOLD_FILL, scale.households * 2)
        self.dwellings = _Columns(_DWELLING_COLUMNS, _DWELLING_FILL, scale.dwellings)
        self.places = Places(scale, self.rng)
        self._populate()

    # ---- helpers -------------------------------------------------------------------------

    def days(self, month: int, count: int) -> np.ndarray:
        """Random days within a month (as days since 1970)."""
        start, end = first_day(month), first_day(month + 1)
        return start + (self.rng.random(count) * (end - start)).astype(np.int64)

    def pick(self, mask: np.ndarray, count: int, priority: np.ndarray | None = None) -> np.ndarray:
        """Up to `count` indices where `mask` holds: at random, or the lowest `priority`."""
        candidates = np.flatnonzero(mask)
        count = int(min(max(count, 0), len(candidates)))
        if count == 0:
            return candidates[:0]
        if priority is None:
            return self.rng.choice(candidates, count, replace=False)
        chosen = np.argpartition(priority[candidates], count - 1)[:count]
        return candidates[chosen]

    def flow(self, mean: float) -> int:
        """A Poisson count with a Sandnes-scale mean, scaled."""
        return int(self.rng.poisson(mean * self.scale.factor))

    def in_situation(self, situation: int) -> np.ndarray:
        return self.households.situation == situation

    def settled(self, month: int) -> np.ndarray:
        """Households that did not change situation this month (only they may leave it now)."""
        return self.households.entered < month

    def young_at(self, month: int) -> np.ndarray:
        return (month - self.households.born) < YOUNG_MONTHS

    # ---- households ------------------------------------------------------------------------

    def new_households(
        self,
        count: int,
        situation: int,
        month: int,
        kind: str = "ordinary",
        refugee_share: float = 0.0,
    ) -> np.ndarray:
        """Create households entering `situation` in `month`.

        kind: ordinary (head of any age; `refugee_share` of them refugees), refugee, young
        (head under 25) or adult (head 25 or older).
        """
        rng = self.rng
        refugee = (kind == "refugee") | (rng.random(count) < refugee_share)
        young = ~refugee & (
            (kind == "young") | ((kind == "ordinary") & (rng.random(count) < YOUNG_SHARE))
        )
        persons = np.select(
            [refugee, young],
            [
                rng.choice(np.arange(1, 7), count, p=REFUGEE_SIZES),
                rng.choice(np.arange(1, 4), count, p=YOUNG_SIZES),
            ],
            rng.choice(np.arange(1, 7), count, p=HOUSEHOLD_SIZES),
        )
        age = np.select(
            [refugee, young],
            [rng.integers(20 * 12, 55 * 12, count), rng.integers(18 * 12, YOUNG_MONTHS, count)],
            YOUNG_MONTHS + (rng.gamma(2.0, 10.0, count) * 12).astype(np.int64),
        )
        adults = np.where((persons > 1) & ~young & (rng.random(count) < 0.55), 2, 1)
        substance = np.where(refugee, 0.05, SUBSTANCE_SHARES.get(situation, 0.12))
        return self.households.add(
            count,
            situation=situation,
            entered=month,
            since=self.days(month, count),
            persons=persons,
            children=persons - np.minimum(adults, persons),
            refugee=refugee,
            substance=rng.random(count) < substance,
            disability=rng.random(count) < DISABILITY_SHARE,
            born=month - age,
        )

    def move(self, who: np.ndarray, situation: int, month: int) -> None:
        """Households change situation this month, leaving any dwelling they lived in."""
        if len(who) == 0:
            return
        households = self.households
        self.vacate(households.dwelling[who], month)
        households.dwelling[who] = -1
        households.situation[who] = situation
        households.entered[who] = month
        households.since[who] = self.days(month, len(who))
        households.purchase[who] = -1

    # ---- dwellings -------------------------------------------------------------------------

    def build_stock(self) -> np.ndarray:
        """Every dwelling the simulation will know: today's stock, then monthly additions.

        Returns the indices of today's stock. Its fixed columns are made once, in one go.
        """
        scale, first = self.scale, self.first
        additions = self.rng.poisson(scale.dwellings * DWELLING_ADDITIONS / 12, len(self.months))
        additions[0] = 0
        added = np.concatenate([np.full(scale.dwellings, first), np.repeat(self.months, additions)])
        self.dwelling_rows, kinds = self.places.dwellings(len(added))
        self.dwellings.add(
            len(kinds),
            added=added,
            kind=kinds,
            rooms=self.dwelling_rows["rom"].to_numpy(),
            repaired=added,
            ready=added,
        )
        return np.arange(scale.dwellings)

    def vacate(self, dwellings: np.ndarray, month: int) -> None:
        """Dwellings left by their occupants: vacant for a month or two, some need repair."""
        dwellings = dwellings[dwellings >= 0]
        if len(dwellings) == 0:
            return
        rng = self.rng
        self.dwellings.occupant[dwellings] = -1
        repair = rng.random(len(dwellings)) < REPAIR_CHANCE
        self.dwellings.repaired[dwellings] = np.where(
            repair, month + rng.integers(2, 7, len(dwellings)), month
        )
        self.dwellings.ready[dwellings] = self.dwellings.repaired[dwellings] + 1

    def in_stock(self, month: int) -> np.ndarray:
        return (self.dwellings.added <= month) & (self.dwellings.removed > month)

    def free(self, month: int) -> np.ndarray:
        """Dwellings in stock, unoccupied and lettable this month."""
        dwellings = self.dwellings
        return (
            self.in_stock(month)
            & (dwellings.occupant < 0)
            & (dwellings.repaired <= month)
            & (dwellings.ready <= month)
        )

    def house(self, who: np.ndarray, where: np.ndarray) -> None:
        """Households move into dwellings, paired by size (bigger households, more rooms)."""
        rooms = self.dwellings.rooms[where] + self.rng.random(len(where)) * 1.5
        persons = self.households.persons[who] + self.rng.random(len(who)) * 1.5
        who, where = who[np.argsort(persons)], where[np.argsort(rooms)]
        self.households.dwelling[who] = where
        self.dwellings.occupant[where] = who

    # ---- the first month -------------------------------------------------------------------

    def _populate(self) -> None:
        """The caseload and dwelling stock as they stand in the first month."""
        rng, scale, month = self.rng, self.scale, self.first
        dwellings = self.build_stock()
        kinds = self.dwellings.kind[dwellings]
        state = rng.random(len(dwellings))
        repair = state < INITIAL_REPAIR
        self.dwellings.repaired[dwellings[repair]] = month + rng.integers(1, 5, repair.sum())
        self.dwellings.ready[dwellings[repair]] = self.dwellings.repaired[dwellings[repair]] + 1
        vacant = (state >= INITIAL_REPAIR) & (state < INITIAL_REPAIR + INITIAL_VACANT)
        let = ~repair & ~vacant & (kinds != TEMPORARY_UNIT)

        tenants = self._initial(int(let.sum()), MUNICIPAL, mean_months=70)
        self.house(tenants, dwellings[let])
        self._initial(int(self.temporary_path[0]), TEMPORARY, mean_months=4)
        waiting = self._initial(int(self.waiting_path[0]), WAITING, mean_months=8)
        self.households.applied[waiting] = self.households.since[waiting] - rng.integers(
            0, 45, len(waiting)
        )
        owned = self._initial(round(INITIAL_OWNED * scale.factor), OWNED, mean_months=14)
        with_loan = owned[rng.random(len(owned)) < STARTLAN_SHARE]
        self.households.startlan[with_loan] = self.households.since[with_loan] - rng.integers(
            30, 120, len(with_loan)
        )
        rest = scale.households - self.households.size
        self._initial(max(rest, 0), PRIVATE, mean_months=22)
        for target in range(month + 1, month + len(PURCHASE_LAG_SHARES) + 1):
            for lag in range(target - month, len(PURCHASE_LAG_SHARES) + 1):
                self._grant_purchases(target - lag, target, lag)
        self._steer_housing_first(0)
        self._fill_temporary_units(month)

    def _initial(self, count: int, situation: int, mean_months: float) -> np.ndarray:
        """Households already in `situation` when the simulation starts, for some time."""
        rng, month = self.rng, self.first
        refugee_share = 0.2 if situation in (MUNICIPAL, PRIVATE) else 0.08
        who = self.new_households(count, situation, month, refugee_share=refugee_share)
        back = np.minimum(rng.exponential(mean_months, count).astype(np.int64), 240)
        self.households.entered[who] = month - back
        self.households.born[who] -= back
        self.households.since[who] = np.minimum(
            self.households.since[who] - back * 30, first_day(month + 1) - 1
        )
        return who

    # ---- one month -------------------------------------------------------------------------

    def step(self, position: int) -> None:
        """Move the municipality on to month `months[position]`."""
        month = int(self.months[position])
        self._change_stock(month)
        self._move_into_ownership(month)
        self._leave_municipal(month)
        for lag in range(1, len(PURCHASE_LAG_SHARES) + 1):
            self._grant_purchases(month, month + lag, lag)
        self._into_private(position, month)
        self._leave_temporary_and_waiting(month)
        self._let_dwellings(month)
        self._steer(position, month)
        self._leave_private_and_owned(month)
        self._steer_housing_first(position)
        self._fill_temporary_units(month)

    def _change_stock(self, month: int) -> None:
        """Some vacant dwellings leave the stock (sold, lease ended); new ones come on their own."""
        stock = int(self.in_stock(month).sum())
        leaving = self.pick(
            self.free(month) & (self.dwellings.kind != TEMPORARY_UNIT),
            int(self.rng.poisson(stock * DWELLING_DISPOSALS / 12)),
        )
        self.dwellings.removed[leaving] = month

    def _grant_purchases(self, granted: int, target: int, lag: int) -> None:
        """Tenants granted a startlån (or buying without one) in `granted`, moving at `target`."""
        if target not in self.purchase_plan:
            return
        count = int(self.purchase_plan[target][lag - 1])
        households = self.households
        buyers = self.pick(
            self.in_situation(MUNICIPAL) & (households.purchase < 0) & ~households.housing_first,
            count,
        )
        households.purchase[buyers] = target
        with_loan = buyers[self.rng.random(len(buyers)) < STARTLAN_SHARE]
        households.startlan[with_loan] = self.days(granted, len(with_loan))

    def _move_into_ownership(self, month: int) -> None:
        """Planned purchases by tenants, and some private renters buying with a startlån."""
        households = self.households
        buyers = np.flatnonzero(households.purchase == month)
        renters = self.pick(
            self.in_situation(PRIVATE) & self.settled(month), self.flow(PRIVATE_TO_OWNED)
        )
        households.startlan[renters] = self.days(month - 1, len(renters))
        self.move(np.concatenate([buyers, renters]), OWNED, month)

    def _leave_municipal(self, month: int) -> None:
        """Tenants move out of the caseload, or on to private rental (gjennomstrømming)."""
        households = self.households
        staying = self.in_situation(MUNICIPAL) & (households.purchase < 0) & self.settled(month)
        leaving = np.flatnonzero(staying & (self.rng.random(households.size) < MUNICIPAL_EXIT_RATE))
        self.move(leaving, GONE, month)
        ordinary = staying & (households.situation == MUNICIPAL) & ~households.refugee
        to_private = self.pick(ordinary & ~self.young_at(month), self.flow(MUNICIPAL_TO_PRIVATE))
        self.move(to_private, PRIVATE, month)

    def _into_private(self, position: int, month: int) -> None:
        """Refugees and young people settled in private leases: some from the caseload, most new."""
        refugees = int(self.refugees[position])
        settled = self.pick(
            self._waiting_or_temporary(month) & self.households.refugee,
            round(refugees * REFUGEES_FROM_CASELOAD),
        )
        self.move(settled, PRIVATE, month)
        newcomers = self.new_households(refugees - len(settled), PRIVATE, month, "refugee")
        movers = np.concatenate([settled, newcomers])
        # Young refugees count as young too; a month with more of them than the month's young
        # flow leaves less for the months after.
        self.young_owed += int(self.young[position]) - int(self.young_at(month)[movers].sum())
        young = max(self.young_owed, 0)
        self.young_owed -= young
        candidates = (
            self._waiting_or_temporary(month) & ~self.households.refugee & self.young_at(month)
        )
        settled = self.pick(candidates, round(young * YOUNG_FROM_CASELOAD))
        self.move(settled, PRIVATE, month)
        self.new_households(young - len(settled), PRIVATE, month, "young")
        self.new_households(self.flow(NEW_PRIVATE), PRIVATE, month, "adult")

    def _waiting_or_temporary(self, month: int) -> np.ndarray:
        """Settled households on the waiting list or in temporary accommodation."""
        return (self.in_situation(WAITING) | self.in_situation(TEMPORARY)) & self.settled(month)

    def _ordinary(self, situation: int, month: int) -> np.ndarray:
        """Settled households in `situation` that are neither refugees nor young."""
        return (
            self.in_situation(situation)
            & self.settled(month)
            & ~self.households.refugee
            & ~self.young_at(month)
        )

    def _leave_temporary_and_waiting(self, month: int) -> None:
        """Out of temporary accommodation and off the waiting list: to private rental or away."""
        for situation, rate, to_private in (
            (TEMPORARY, _temporary_exit_rate(month), TEMPORARY_TO_PRIVATE),
            (WAITING, WAITING_EXIT_RATE, WAITING_TO_PRIVATE),
        ):
            movers = self.pick(self._ordinary(situation, month), self.flow(to_private))
            self.move(movers, PRIVATE, month)
            group = self.in_situation(situation) & self.settled(month)
            leaving = np.flatnonzero(group & (self.rng.random(self.households.size) < rate))
            self.move(leaving, GONE, month)

    def _let_dwellings(self, month: int) -> None:
        """Lettable dwellings go to the waiting list (longest first), temporary and newcomers."""
        rng, households = self.rng, self.households
        free = np.flatnonzero(self.free(month) & (self.dwellings.kind != TEMPORARY_UNIT))
        free = free[rng.random(len(free)) < LETTING_CHANCE]
        rng.shuffle(free)
        shares = rng.multinomial(len(free), ALLOCATION_SHARES)
        waiting = self.in_situation(WAITING) & self.settled(month)
        queue = households.applied + rng.normal(0, 60, households.size)
        from_waiting = self.pick(waiting, shares[0], priority=queue)
        temporary = self.in_situation(TEMPORARY) & self.settled(month)
        # Families with children and those who have stayed longest come first.
        stay = (
            households.since - 90 * (households.children > 0) + rng.normal(0, 45, households.size)
        )
        from_temporary = self.pick(temporary, shares[1], priority=stay)
        chosen = np.concatenate([from_waiting, from_temporary])
        self.move(chosen, MUNICIPAL, month)
        newcomers = self.new_households(
            len(free) - len(chosen), MUNICIPAL, month, refugee_share=NEWCOMER_REFUGEES
        )
        self.house(np.concatenate([chosen, newcomers]), free)

    def _steer(self, position: int, month: int) -> None:
        """New households into temporary accommodation and the waiting list, hitting the path."""
        for situation, path in (
            (TEMPORARY, self.temporary_path),
            (WAITING, self.waiting_path),
        ):
            missing = int(path[position]) - int(self.in_situation(situation).sum())
            if missing < 0:
                surplus = self.pick(self.in_situation(situation) & self.settled(month), -missing)
                self.move(surplus, GONE, month)
                continue
            newcomers = self.new_households(missing, situation, month)
            if situation == WAITING:
                self.households.applied[newcomers] = self.households.since[
                    newcomers
                ] - self.rng.integers(0, 45, len(newcomers))

    def _leave_private_and_owned(self, month: int) -> None:
        """Follow-up ends for private renters and new owners."""
        households = self.households
        for situation, rate in ((PRIVATE, PRIVATE_EXIT_RATE), (OWNED, OWNED_EXIT_RATE)):
            group = self.in_situation(situation) & self.settled(month) & (households.purchase < 0)
            leaving = np.flatnonzero(group & (self.rng.random(households.size) < rate))
            self.move(leaving, GONE, month)

    def _steer_housing_first(self, position: int) -> None:
        """Enrol or discharge Housing First participants to follow the programme's path."""
        households = self.households
        housed = self.in_situation(MUNICIPAL) | self.in_situation(PRIVATE)
        households.housing_first &= households.situation < GONE
        missing = int(self.housing_first_path[position]) - int(households.housing_first.sum())
        if missing > 0:
            eligible = housed & households.substance & ~households.housing_first
            eligible &= households.purchase < 0
            households.housing_first[self.pick(eligible, missing)] = True
        elif missing < 0:
            households.housing_first[self.pick(households.housing_first, -missing)] = False

    def _fill_temporary_units(self, month: int) -> None:
        """Households in temporary accommodation without a unit take the free municipal ones."""
        units = np.flatnonzero(self.free(month) & (self.dwellings.kind == TEMPORARY_UNIT))
        homeless = self.in_situation(TEMPORARY) & (self.households.dwelling < 0)
        who = self.pick(homeless, len(units))
        units = units[: len(who)]
        self.households.dwelling[who] = units
        self.dwellings.occupant[units] = who

    # ---- the month's tables ----------------------------------------------------------------

    def snapshot(self, position: int) -> MonthSnapshot:
        """The two tables as the case systems would export them at the end of the month."""
        month = int(self.months[position])
        return MonthSnapshot(month_text(month), self._boliger(month), self._husstander(month))

    def _boliger(self, month: int) -> pl.DataFrame:
        dwellings = self.dwellings
        present = np.flatnonzero(self.in_stock(month))
        status = np.where(
            dwellings.occupant[present] >= 0,
            LET,
            np.where(dwellings.repaired[present] > month, REPAIR, VACANT),
        )
        return (
            self.dwelling_rows[present]
            .with_columns(
                status=pl.Series(status, dtype=pl.Int8).replace_strict(
                    dict(enumerate(STATUSES)), return_dtype=pl.String
                )
            )
            .select(BOLIGER_SCHEMA.names())
        )

    def present(self) -> np.ndarray:
        """The households on the caseload now, in the order the snapshot lists them."""
        return np.flatnonzero(self.households.situation < GONE)

    def _husstander(self, month: int) -> pl.DataFrame:
        households = self.households
        present = self.present()
        dwelling = households.dwelling[present]
        applied = households.applied[present]
        startlan = households.startlan[present]
        frame = pl.DataFrame(
            {
                "index": present,
                "situasjon": households.situation[present],
                "dwelling": np.where(dwelling >= 0, dwelling, 0),
                "has_dwelling": dwelling >= 0,
                "personer": households.persons[present],
                "barn": households.children[present],
                "i_situasjon_fra": households.since[present],
                "soknadsdato": np.where(applied >= 0, applied, 0),
                "has_applied": applied >= 0,
                "flyktning": households.refugee[present],
                "under_25": self.young_at(month)[present],
                "rus_psykisk": households.substance[present],
                "funksjonsnedsettelse": households.disability[present],
                "housing_first": households.housing_first[present],
                "startlan_dato": np.where(startlan >= 0, startlan, 0),
                "has_startlan": startlan >= 0,
            }
        )
        return frame.select(
            husstand_id=identifier("H-", pl.col("index")),
            situasjon=pl.col("situasjon").replace_strict(
                dict(enumerate(SITUATIONS)), return_dtype=pl.String
            ),
            bolig_id=pl.when("has_dwelling").then(identifier("B-", pl.col("dwelling"))),
            personer=pl.col("personer").cast(pl.Int32),
            barn=pl.col("barn").cast(pl.Int32),
            i_situasjon_fra=pl.col("i_situasjon_fra").cast(pl.Int32).cast(pl.Date),
            soknadsdato=pl.when("has_applied").then(
                pl.col("soknadsdato").cast(pl.Int32).cast(pl.Date)
            ),
            flyktning="flyktning",
            under_25="under_25",
            rus_psykisk="rus_psykisk",
            funksjonsnedsettelse="funksjonsnedsettelse",
            housing_first="housing_first",
            startlan_dato=pl.when("has_startlan").then(
                pl.col("startlan_dato").cast(pl.Int32).cast(pl.Date)
            ),
        )


# Fixed columns of the dwellings. Street names and postcodes of the demo (not real addresses).
def simulate(scale: Scale, first_month: str, last_month: str, seed: int) -> Iterator[MonthSnapshot]:
    """Every month's snapshot from `first_month` to `last_month` (inclusive), reproducibly."""
    months = np.arange(month_index(first_month), month_index(last_month) + 1)
    municipality = _Municipality(scale, months, seed)
    yield municipality.snapshot(0)
    for position in range(1, len(months)):
        municipality.step(position)
        yield municipality.snapshot(position)
