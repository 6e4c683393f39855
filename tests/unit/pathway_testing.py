"""Hand-made household histories for the pathway tests: months of situations per household.

`leie_til_eie_fra` (snapshot format 1.1) is not among `indicators.testing`'s columns yet, so
`caseload` adds it.
"""

from datetime import date

import polars as pl

from indicators.testing import households, month

HOME = "kommunal_bolig"
TEMPORARY = "midlertidig"


def nth_month(start: str, offset: int) -> str:
    """'2015-01' moved `offset` months on, as 'YYYY-MM'."""
    index = int(start[:4]) * 12 + int(start[5:]) - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def lives(household_id: str, start: str, *situations: str | None, **columns) -> list[dict]:
    """One row per month from `start` on, one per situation; None: absent from that month."""
    return [
        {"maaned": nth_month(start, offset), "husstand_id": household_id, "situasjon": s, **columns}
        for offset, s in enumerate(situations)
        if s is not None
    ]


def caseload(*rows: dict, track: dict[str, str] | None = None) -> pl.LazyFrame:
    """Households with `leie_til_eie_fra`: a row's own, else its id's in `track` (id -> date)."""
    frame = households(*rows)
    dates = [row.get("leie_til_eie_fra", (track or {}).get(row["husstand_id"])) for row in rows]
    entered = pl.Series(
        "leie_til_eie_fra", [date.fromisoformat(d) if d else None for d in dates], pl.Date
    )
    return frame.with_columns(entered)


def every_month(first: str, last: str) -> list[dict]:
    """A household on the waiting list in every month from `first` to `last`: months loaded."""
    count = (int(last[:4]) - int(first[:4])) * 12 + int(last[5:]) - int(first[5:]) + 1
    return lives("ALLTID", first, *["venteliste"] * count)


def value(frame: pl.LazyFrame, indikator: str, when: str, column: str = "verdi"):
    """One column of one indicator's row in one month; None when there is no row."""
    rows = frame.collect().filter(
        (pl.col("indikator") == indikator) & (pl.col("maaned") == month(when))
    )
    assert rows.height <= 1
    return rows.item(0, column) if rows.height else None
