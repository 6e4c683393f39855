"""The demo's version-1.1 columns and register of housing projects: Sandnes' story of issue 12.

At the end of 2015 the portfolio holds 12 small houses (smahus) and 9 dwellings with a staff
base (bofellesskap); 18 more small houses are planned; 7 homes for young people with
disabilities were completed in 2015 and sold to their residents. Leased dwellings get a
private landlord and a lease.

Everything here is worked out from each dwelling's own id (a hash), never from the
simulation's random streams, so the figures the demo had before stay exactly as they were:
dwelling types are only relabelled (no indicator of version 1 reads them), and nothing is added
or removed.
"""

from __future__ import annotations

import hashlib
from datetime import date

import polars as pl

from demo.simulation import MonthSnapshot

STORY_MONTH = "2015-12"
SMALL_HOUSES = 12  # smahus in the portfolio at the end of 2015
STAFF_BASES = 9  # bofellesskap at the end of 2015
LANDLORDS = 140  # private owners the leased dwellings without a building share
OPEN_ENDED = 5  # one lease in OPEN_ENDED has no end date
REGISTER_DATE = date(2015, 12, 31)  # the date the demo's register describes


def _hash(text: str, salt: str) -> int:
    """A stable number from a text: the same dwelling gets the same value in every month."""
    return int.from_bytes(hashlib.sha256(f"{salt}:{text}".encode()).digest()[:8], "big")


def _kept(story: pl.DataFrame, kind: str, count: int) -> set[str]:
    """The `count` dwellings of `kind` in the story month that keep their type."""
    ids = story.filter(pl.col("boligtype") == kind)["bolig_id"].to_list()
    return set(sorted(ids, key=lambda bolig_id: _hash(bolig_id, kind))[:count])


def _lease_start(bolig_id: str, first_seen: date) -> date:
    """A lease that began up to four years before the dwelling was first in the portfolio."""
    months_before = _hash(bolig_id, "fra") % 48
    index = first_seen.year * 12 + first_seen.month - 1 - months_before
    return date(index // 12, index % 12 + 1, 1)


def _lease_end(bolig_id: str, start: date, snapshot: date) -> date | None:
    """The current lease's end: three- or five-year leases renewed until they pass `snapshot`;
    none for an open-ended lease."""
    if _hash(bolig_id, "til") % OPEN_ENDED == 0:
        return None
    years = 3 if _hash(bolig_id, "lengde") % 2 else 5
    end = start
    while end <= snapshot:
        end = date(end.year + years, end.month, 1)
    return date.fromordinal(end.toordinal() - 1)


def with_portfolio_columns(snapshots: list[MonthSnapshot]) -> list[MonthSnapshot]:
    """The snapshots with the story's dwelling types and the 1.1 columns of `boliger`."""
    story = next(s.boliger for s in snapshots if s.month == STORY_MONTH)
    small_houses = _kept(story, "smahus", SMALL_HOUSES)
    staff_bases = _kept(story, "bofellesskap", STAFF_BASES)
    first_seen: dict[str, date] = {}
    for snapshot in snapshots:
        month = date(int(snapshot.month[:4]), int(snapshot.month[5:]), 1)
        for bolig_id in snapshot.boliger["bolig_id"]:
            first_seen.setdefault(bolig_id, month)
    return [
        MonthSnapshot(
            snapshot.month,
            _month_columns(snapshot, small_houses, staff_bases, first_seen),
            snapshot.husstander,
        )
        for snapshot in snapshots
    ]


def relabelled(kind: str, kept: set[str]) -> pl.Expr:
    """A dwelling of `kind` that the story does not keep as one."""
    return (pl.col("boligtype") == kind) & ~pl.col("bolig_id").is_in(list(kept))


def _month_columns(
    snapshot: MonthSnapshot,
    small_houses: set[str],
    staff_bases: set[str],
    first_seen: dict[str, date],
) -> pl.DataFrame:
    year, number = int(snapshot.month[:4]), int(snapshot.month[5:])
    last_day = date.fromordinal(date(year + number // 12, number % 12 + 1, 1).toordinal() - 1)
    rows = snapshot.boliger
    ids = rows["bolig_id"].to_list()
    private = rows["eierform"].is_in(["innleid", "tildelingsrett"]).to_list()
    leased = (rows["eierform"] == "innleid").to_list()
    buildings = rows["bygning_id"].to_list()
    starts = [
        _lease_start(b, first_seen[b]) if lease else None
        for b, lease in zip(ids, leased, strict=True)
    ]
    return rows.with_columns(
        boligtype=pl.when(
            pl.col("boligtype").eq("smahus") & ~pl.col("bolig_id").is_in(small_houses)
        )
        .then(pl.lit("ordinaer"))
        .when(pl.col("boligtype").eq("bofellesskap") & ~pl.col("bolig_id").is_in(staff_bases))
        .then(pl.lit("omsorg"))
        .otherwise(pl.col("boligtype")),
        utleier_id=pl.Series(
            [
                (f"U{_hash(building or b, 'utleier') % LANDLORDS + 1:03d}" if owner else None)
                for b, building, owner in zip(ids, buildings, private, strict=True)
            ],
            dtype=pl.String,
        ),
        leieavtale_fra=pl.Series(starts, dtype=pl.Date),
        leieavtale_til=pl.Series(
            [
                _lease_end(b, start, last_day) if start else None
                for b, start in zip(ids, starts, strict=True)
            ],
            dtype=pl.Date,
        ),
        prosjekt_id=pl.when(pl.col("bolig_id").is_in(small_houses))
        .then(pl.lit("P-01"))
        .when(pl.col("bolig_id").is_in(staff_bases))
        .then(pl.lit("P-04"))
        .otherwise(pl.lit(None, pl.String)),
    )


def project_register(area_codes: list[str], centre: tuple[float, float]) -> pl.DataFrame:
    """The demo's register as it stood on REGISTER_DATE (reference-data.md's columns, as text
    the way a municipality's spreadsheet holds them). `area_codes`: grunnkretser to place the
    projects in; `centre`: (lat, lon) of a point in the town for the project with coordinates."""
    first, second, third, fourth, fifth = (
        area_codes[i % len(area_codes)] for i in (3, 11, 19, 27, 35)
    )
    lat, lon = centre
    rows = [
        # id, name, grunnkrets, lat, lon, units, type, ownership, status, expected, done,
        # how, sold
        ("P-01", "Småhus, første trinn", first, None, None, 12, "smahus", "eid", "ferdig",
         None, date(2013, 6, 15), "nybygg", None),
        ("P-02", "Småhus, andre trinn", None, lat, lon, 18, "smahus", "eid", "planlagt",
         "2017", None, "nybygg", None),
        ("P-03", "Boliger for unge med funksjonsnedsettelse", fifth, None, None, 7, "omsorg", "eid",
         "ferdig", None, date(2015, 9, 1), "nybygg", 7),
        ("P-04", "Bofellesskap med personalbase", third, None, None, 9, "bofellesskap", "eid",
         "ferdig", None, date(2014, 3, 1), "nybygg", None),
        ("P-05", "Tomt fra tomteselskapet", fourth, None, None, 24, "ordinaer", "eid",
         "regulert", "2018-Q2", None, "tomteselskap", None),
        ("P-06", "Kjøp med forkjøpsrett", second, None, None, 6, "ordinaer", "eid",
         "under_bygging", "2016-Q3", None, "forkjopsrett", None),
    ]  # fmt: skip
    columns = (
        "prosjekt_id", "navn", "grunnkrets", "lat", "lon", "boliger", "boligtype", "eierform",
        "status", "forventet_ferdig", "ferdig_dato", "gjennomforing", "salg_til_beboere",
    )  # fmt: skip
    return pl.DataFrame(rows, schema=columns, orient="row")
