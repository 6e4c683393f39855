"""A straightforward pandas implementation of the household pathways, for the benchmark only.

Written the way one would without polars: a loop over the months, each month's households
merged with the month before on `husstand_id`, the leaves of every month kept in a dict and
looked up for the 12 months before. It must give the numbers of
`indicators.pathways.pathway_values`, or the timing comparison means nothing.
"""

from __future__ import annotations

import pandas as pd

DWELLING_SITUATIONS = ["kommunal_bolig", "privat_leie", "eid_bolig"]
RETURN_MONTHS = 12


def _share(numerator: int, denominator: int) -> float | None:
    return numerator * 100.0 / denominator if denominator > 0 else None


def _count(name: str, month: pd.Timestamp, value: int) -> tuple:
    return (name, month, value, None, float(value))


def _flows(households: pd.DataFrame, previous: pd.DataFrame) -> tuple[dict, pd.Series, set]:
    """The month's purchases on the track, the ids that came into temporary accommodation and
    the ids that left it for a dwelling."""
    pairs = households.merge(
        previous[["husstand_id", "situasjon"]].rename(columns={"situasjon": "forrige"}),
        on="husstand_id",
        how="left",
    )
    now, before = pairs["situasjon"], pairs["forrige"]
    bought = (now == "eid_bolig") & (before != "eid_bolig") & pairs["leie_til_eie_fra"].notna()
    came = pairs.loc[(now == "midlertidig") & (before != "midlertidig"), "husstand_id"]
    left = pairs.loc[(before == "midlertidig") & now.isin(DWELLING_SITUATIONS), "husstand_id"]
    return {"leie_til_eie_kjopt": int(bought.sum())}, came, set(left)


def pathway_values(husstander: pd.DataFrame) -> pd.DataFrame:
    """Every pathway indicator for every month: `indikator, maaned, teller, nevner, verdi`."""
    husstander = husstander.assign(
        maaned=pd.to_datetime(husstander["maaned"]), situasjon=husstander["situasjon"].astype(str)
    )
    by_month = dict(tuple(husstander.groupby("maaned")))
    leaves: dict[pd.Timestamp, set] = {}
    rows = []
    for month in sorted(by_month):
        households = by_month[month]
        # A month where nobody has the date does not record the track: no value there.
        recorded = households["leie_til_eie_fra"].notna().any()
        on_track = households["leie_til_eie_fra"].notna() & (households["situasjon"] != "eid_bolig")
        if recorded:
            rows.append(_count("leie_til_eie", month, int(on_track.sum())))
        previous = by_month.get(month - pd.DateOffset(months=1))
        if previous is not None:
            purchases, came, leaves[month] = _flows(households, previous)
            if recorded:
                rows.extend(_count(name, month, value) for name, value in purchases.items())
            recent = set().union(
                *(
                    leaves.get(month - pd.DateOffset(months=back), set())
                    for back in range(1, RETURN_MONTHS + 1)
                )
            )
            returned = int(came.isin(recent).sum())
            rows.append(_count("tilbake_i_midlertidig_12_mnd", month, returned))
        cohort_month = month - pd.DateOffset(months=RETURN_MONTHS)
        if cohort_month in leaves:
            cohort = pd.Series(sorted(leaves[cohort_month]), dtype=households["husstand_id"].dtype)
            later = households.set_index("husstand_id")["situasjon"].reindex(cohort)
            known = int(later.notna().sum())
            housed = int(later.isin(DWELLING_SITUATIONS).sum())
            share = _share(housed, known)
            rows.append(("andel_bosatt_fortsatt_12_mnd", month, housed, known, share))
            rows.append(_count("bosatt_fortsatt_12_mnd_ukjent", month, len(cohort) - known))
    return pd.DataFrame(rows, columns=["indikator", "maaned", "teller", "nevner", "verdi"])
