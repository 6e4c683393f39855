"""The demo's fordelspakke (demo/private_leases.py) on a hand-made series of months: which
households get a leased dwelling, and the months, status and lease dates that dwelling has."""

from __future__ import annotations

from datetime import date

import polars as pl

from core.snapshot_format import BOLIGER
from demo.private_leases import settled_in_private_market, with_private_leases
from demo.simulation import MonthSnapshot, Scale

SMALL = Scale("Liten", 10, 10, 4, geography=False)
MONTHS = [
    "2014-12", "2015-01", "2015-02", "2015-03", "2015-04", "2015-05", "2015-06",
    "2015-07", "2015-08", "2015-09", "2015-10", "2015-11", "2015-12", "2016-01",
]  # fmt: skip
# Each household's situation per month (None: not in that month's snapshot), and refugee or not.
HISTORIES = {
    # Came into privat_leie in 2015-02; moved to a municipal dwelling in 2015-05.
    "H-MOVES": (True, ["venteliste"] * 2 + ["privat_leie"] * 3 + ["kommunal_bolig"] * 9),
    # Absent in 2015-01 (no snapshot row), privat_leie from 2015-02: that came into it too.
    "H-ABSENT": (True, ["midlertidig", None] + ["privat_leie"] * 12),
    # Already renting privately before 2015: settled before the lease year.
    "H-BEFORE": (True, ["privat_leie"] * 14),
    # Not a refugee.
    "H-OTHER": (False, ["venteliste"] * 3 + ["privat_leie"] * 11),
    # Came into privat_leie in 2016: after the lease year.
    "H-LATE": (True, ["midlertidig"] * 13 + ["privat_leie"]),
}


def series() -> list[MonthSnapshot]:
    boliger = pl.DataFrame(schema=BOLIGER.schema_of_version("1.1"))
    snapshots = []
    for position, month in enumerate(MONTHS):
        rows = [
            {"husstand_id": household, "situasjon": situations[position], "flyktning": refugee}
            for household, (refugee, situations) in HISTORIES.items()
            if situations[position] is not None
        ]
        snapshots.append(MonthSnapshot(month, boliger, pl.DataFrame(rows)))
    return snapshots


def leased(snapshots: list[MonthSnapshot]) -> dict[str, list[tuple]]:
    """Per month: (status, leieavtale_fra, leieavtale_til, utleier_id present) of each
    leased dwelling, in id order."""
    return {
        snapshot.month: snapshot.boliger.sort("bolig_id")
        .select("status", "leieavtale_fra", "leieavtale_til", pl.col("utleier_id").is_not_null())
        .rows()
        for snapshot in snapshots
    }


def test_refugee_households_that_came_into_private_rental_in_2015_are_the_ones_settled():
    settled = settled_in_private_market(series())
    # H-MOVES in 2015-02 (position 2); H-ABSENT in 2015-02, absent the month before.
    assert settled.rows() == [(2, "H-ABSENT"), (2, "H-MOVES")]


def test_each_gets_a_leased_dwelling_for_three_years_or_until_three_months_after_it_moves_on():
    months = leased(with_private_leases(series(), SMALL, seed=1))
    three_years = ("utleid", date(2015, 2, 1), date(2018, 1, 31), True)
    # Before the leases: none.
    assert months["2014-12"] == months["2015-01"] == []
    # H-ABSENT's (BL-000001) still rents: let, three years from 1 February 2015. H-MOVES's
    # (BL-000002) is let while it rents (February to April).
    assert months["2015-02"] == months["2015-04"] == [three_years, three_years]
    # H-MOVES left private rental in May: vacant, notice to the end of May + 3 months = August.
    vacated = ("ledig", date(2015, 2, 1), date(2015, 8, 31), True)
    assert months["2015-05"] == months["2015-08"] == [three_years, vacated]
    # From September only H-ABSENT's remains.
    assert months["2015-09"] == months["2016-01"] == [three_years]


def test_the_leased_dwellings_are_ordinary_and_leased_on_the_private_market():
    june = with_private_leases(series(), SMALL, seed=1)[MONTHS.index("2015-06")].boliger
    assert june["bolig_id"].to_list() == ["BL-000001", "BL-000002"]
    assert set(june["eierform"]) == {"innleid"}
    assert set(june["boligtype"]) == {"ordinaer"}


def test_months_without_a_lease_are_left_exactly_as_they_were():
    before = series()
    after = with_private_leases(before, SMALL, seed=1)
    assert after[0].boliger.equals(before[0].boliger)
    assert all(a.husstander.equals(b.husstander) for a, b in zip(after, before, strict=True))
