"""The demo's household pathways on top of the caseload simulation: returns to temporary
accommodation and the leie-til-eie track (indicators.md, household pathways).

The caseload simulation (demo/simulation.py) decides every month's situations; this module only
watches it, with a random generator of its own, so the figures the story publishes stay exactly
as they were:
- returns: a household that left temporary accommodation for a dwelling and then dropped out of
  the follow-up may come back. When the simulation brings a new household into temporary
  accommodation, it may be such a household, within 12 months of leaving: it takes that
  household's `husstand_id`. A month's situations, and every pair of months, are unchanged; the
  history of the id is what changes.
- the track: the tenants who buy their home (the simulation's 21–29 a year at Sandnes scale)
  entered the leie-til-eie track 6–36 months before buying (not before renting), and keep the
  date while they own. Besides, about 2 % of the other tenants a year enter the track and do not
  buy; some of them leave it after 12–24 months, and anyone who moves out leaves it.
The track's start is known only when the purchase happens, so the snapshots come out
`TRACK_MONTHS[1]` months after they are simulated (`simulate_with_pathways`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import polars as pl

from demo.places import identifier
from demo.simulation import (
    GONE,
    MUNICIPAL,
    OWNED,
    PRIVATE,
    TEMPORARY,
    MonthSnapshot,
    Scale,
    _Municipality,
    first_day,
    month_index,
)

PATHWAY_SEED = 13  # mixed with the simulation's seed: the pathways' own random stream
RETURN_CHANCE = 0.5  # per month, of a gone household that left temporary accommodation lately
RETURN_WINDOW = 12  # months after leaving in which a household may come back
TRACK_MONTHS = (6, 36)  # a buyer entered the track this many months before buying (inclusive)
TRACK_ENTRY_RATE = 0.02 / 12  # of the other tenants, entering the track in a month
TRACK_LEAVE_SHARE = 0.5  # of those, the share who leave the track again ...
TRACK_LEAVE_MONTHS = (12, 24)  # ... after this many months
_NONE = -1
_NEVER = 10**6


class Pathways:
    """What the pathways add to the simulated households, indexed like them."""

    def __init__(self, municipality: _Municipality, seed: int):
        self.town = municipality
        self.rng = np.random.default_rng([seed, PATHWAY_SEED])
        self.alias = np.zeros(0, dtype=np.int64)  # the household whose id each one carries
        self.taken = np.zeros(0, dtype=np.bool_)  # a returning household carries this id now
        self.left_temporary = np.zeros(0, dtype=np.int64)  # month of the latest leave
        self.track_start = np.zeros(0, dtype=np.int64)  # month entered the track
        self.track_day = np.zeros(0, dtype=np.int64)  # leie_til_eie_fra, days since 1970
        self.track_end = np.zeros(0, dtype=np.int64)  # last month on the track as a tenant
        self.bought = np.zeros(0, dtype=np.bool_)  # bought on the track: keeps the date
        self._grow()

    def _grow(self) -> None:
        """Room for the households the simulation has made since the last look."""
        size = self.town.households.size
        extra = size - len(self.alias)
        if extra <= 0:
            return
        start = len(self.alias)
        self.alias = np.concatenate([self.alias, np.arange(start, size)])
        self.taken = np.concatenate([self.taken, np.zeros(extra, dtype=np.bool_)])
        for name, fill in (
            ("left_temporary", _NONE),
            ("track_start", _NEVER),
            ("track_day", _NONE),
            ("track_end", _NONE),
        ):
            setattr(self, name, np.concatenate([getattr(self, name), np.full(extra, fill)]))
        self.bought = np.concatenate([self.bought, np.zeros(extra, dtype=np.bool_)])

    def watch(self, month: int, situation: np.ndarray, entered: np.ndarray) -> None:
        """After the simulation's step into `month`, given the situations and entry months of
        its households before the step (the households that existed then)."""
        households = self.town.households
        before = len(situation)
        self._grow()
        now = households.situation
        old = now[:before]
        housed = (old == MUNICIPAL) | (old == PRIVATE) | (old == OWNED)
        self.left_temporary[np.flatnonzero((situation == TEMPORARY) & housed)] = month
        self._returns(month, situation, now, before)
        buyers = np.flatnonzero((situation == MUNICIPAL) & (old == OWNED))
        self._buyers_on_track(month, buyers, entered[buyers])
        self._others_on_track(month, now == MUNICIPAL)

    def _returns(self, month: int, situation: np.ndarray, now: np.ndarray, before: int) -> None:
        """New households in temporary accommodation that are gone ones coming back."""
        newcomers = before + np.flatnonzero(now[before:] == TEMPORARY)
        recent = (self.left_temporary[:before] >= month - RETURN_WINDOW) & (
            self.left_temporary[:before] < month
        )
        gone_then = np.flatnonzero((situation == GONE) & recent & ~self.taken[:before])
        coming = gone_then[self.rng.random(len(gone_then)) < RETURN_CHANCE]
        coming = coming[: len(newcomers)]
        returning = self.rng.permutation(newcomers)[: len(coming)]
        self.alias[returning] = self.alias[coming]
        self.taken[coming] = True

    def _buyers_on_track(self, month: int, buyers: np.ndarray, rented_from: np.ndarray) -> None:
        """Tenants who bought this month: on the track since 6–36 months before (not before
        they rented), unless they were on it already."""
        on_track = (self.track_start[buyers] <= month) & (self.track_end[buyers] >= month - 1)
        fresh = buyers[~on_track]
        lead = self.rng.integers(TRACK_MONTHS[0], TRACK_MONTHS[1] + 1, len(fresh))
        start = np.minimum(np.maximum(month - lead, rented_from[~on_track]), month)
        self.track_start[fresh] = start
        self.track_day[fresh] = self.days(start)
        self.track_end[buyers] = month - 1
        self.bought[buyers] = True

    def _others_on_track(self, month: int, tenants: np.ndarray) -> None:
        """Some tenants not on the track enter it; some of them will leave it again."""
        off = tenants & (self.track_start > month) & ~self.town.households.housing_first
        entering = np.flatnonzero(off & (self.rng.random(len(off)) < TRACK_ENTRY_RATE))
        leaving = self.rng.random(len(entering)) < TRACK_LEAVE_SHARE
        stay = self.rng.integers(TRACK_LEAVE_MONTHS[0], TRACK_LEAVE_MONTHS[1] + 1, len(entering))
        self.track_start[entering] = month
        self.track_day[entering] = self.days(np.full(len(entering), month))
        self.track_end[entering] = np.where(leaving, month + stay, _NEVER)

    def days(self, months: np.ndarray) -> np.ndarray:
        """A random day within each month (days since 1970), from the pathways' own stream."""
        start, end = first_day(months), first_day(np.asarray(months) + 1)
        return start + (self.rng.random(len(start)) * (end - start)).astype(np.int64)

    def columns(
        self, month: int, present: np.ndarray, situation: np.ndarray
    ) -> tuple[pl.Series, pl.Series]:
        """`husstand_id` and `leie_til_eie_fra` of the month's households (`present`, in the
        snapshot's order, with their situations then). Ask only once the month is
        TRACK_MONTHS[1] months old: the track's start is known when the purchase happens."""
        started = self.track_start[present] <= month
        renting = (situation == MUNICIPAL) & (self.track_end[present] >= month)
        owning = (situation == OWNED) & self.bought[present]
        on_track = started & (renting | owning)
        days = np.where(on_track, self.track_day[present], 0)
        ids = pl.select(identifier("H-", pl.Series(self.alias[present]))).to_series()
        entered = pl.Series("leie_til_eie_fra", days, pl.Int32).cast(pl.Date)
        return ids.alias("husstand_id"), pl.select(
            pl.when(pl.Series(on_track)).then(entered)
        ).to_series().alias("leie_til_eie_fra")


def _finished(
    pathways: Pathways,
    month: int,
    snapshot: MonthSnapshot,
    present: np.ndarray,
    situation: np.ndarray,
) -> MonthSnapshot:
    """The month's snapshot with the pathways' ids and its `leie_til_eie_fra` column."""
    ids, entered = pathways.columns(month, present, situation)
    husstander = snapshot.husstander.with_columns(ids, entered)
    return replace(snapshot, husstander=husstander)


def simulate_with_pathways(
    scale: Scale, first_month: str, last_month: str, seed: int
) -> Iterator[MonthSnapshot]:
    """`demo.simulation.simulate`'s months, unchanged but for the household ids of returns and
    the `leie_til_eie_fra` column (see the module)."""
    months = np.arange(month_index(first_month), month_index(last_month) + 1)
    town = _Municipality(scale, months, seed)
    pathways = Pathways(town, seed)
    waiting: deque[tuple[int, MonthSnapshot, np.ndarray, np.ndarray]] = deque()
    for position, month in enumerate(months.tolist()):
        if position:
            situation = town.households.situation.copy()
            entered = town.households.entered.copy()
            town.step(position)
            pathways.watch(month, situation, entered)
        present = town.present()
        waiting.append(
            (month, town.snapshot(position), present, town.households.situation[present])
        )
        if len(waiting) > TRACK_MONTHS[1]:
            yield _finished(pathways, *waiting.popleft())
    while waiting:
        yield _finished(pathways, *waiting.popleft())
