"""The demo's household pathways leave every caseload figure as it was: only the ids of the
households that come back, and the leie-til-eie column, are new (demo/pathways.py)."""

import polars as pl
import pytest

from demo.pathways import TRACK_MONTHS, simulate_with_pathways
from demo.simulation import Scale, simulate

# A small municipality (a tenth of Sandnes) over four years: every path happens in it.
SMALL = Scale("Liten", 130, 250, 12, geography=False)
FIRST, LAST, SEED = "2014-01", "2017-12", 1108


@pytest.fixture(scope="module")
def both():
    plain = list(simulate(SMALL, FIRST, LAST, SEED))
    followed = list(simulate_with_pathways(SMALL, FIRST, LAST, SEED))
    return plain, followed


def test_every_month_comes_out_once_and_in_order(both):
    plain, followed = both
    assert [snapshot.month for snapshot in followed] == [snapshot.month for snapshot in plain]


def test_the_snapshots_are_the_simulations_but_for_the_ids_and_the_track(both):
    for plain, followed in zip(*both, strict=True):
        assert followed.boliger.equals(plain.boliger)
        assert followed.husstander.drop("husstand_id", "leie_til_eie_fra").equals(
            plain.husstander.drop("husstand_id")
        )


def test_some_households_come_back_under_an_id_seen_before(both):
    _, followed = both
    seen: set[str] = set()
    previous: set[str] = set()
    back = 0
    for snapshot in followed:
        ids = set(snapshot.husstander["husstand_id"])
        back += len((ids - previous) & seen)
        seen |= ids
        previous = ids
    # An id absent last month but seen before is a household coming back (after a gap).
    assert back > 0


def test_the_track_is_set_only_for_tenants_and_owners_and_never_after_the_snapshot(both):
    _, followed = both
    rows = pl.concat(
        snapshot.husstander.with_columns(pl.lit(snapshot.month).alias("maaned"))
        for snapshot in followed
    ).filter(pl.col("leie_til_eie_fra").is_not_null())
    assert rows.height > 0
    assert set(rows["situasjon"]) <= {"kommunal_bolig", "eid_bolig"}
    assert (rows["leie_til_eie_fra"].dt.strftime("%Y-%m") <= rows["maaned"]).all()


def test_buyers_entered_the_track_at_most_36_months_before_buying(both):
    _, followed = both
    rows = pl.concat(
        snapshot.husstander.with_columns(
            pl.lit(snapshot.month + "-01").str.to_date().alias("maaned")
        )
        for snapshot in followed
    )
    owners = rows.filter(
        pl.col("situasjon") == "eid_bolig", pl.col("leie_til_eie_fra").is_not_null()
    )
    first_owned = owners.group_by("husstand_id").agg(
        pl.col("maaned").min(), pl.col("leie_til_eie_fra").first()
    )
    months = (pl.col("maaned").dt.year() * 12 + pl.col("maaned").dt.month()) - (
        pl.col("leie_til_eie_fra").dt.year() * 12 + pl.col("leie_til_eie_fra").dt.month()
    )
    assert first_owned.height > 0
    assert first_owned.select(months.max()).item() <= TRACK_MONTHS[1]
