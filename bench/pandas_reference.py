"""A straightforward pandas implementation of indicators.md, for the benchmark's comparison only.

Written the way one would without polars: a loop over the months, each month's frames filtered
with boolean masks, the previous month merged on `husstand_id`. It must give the same numbers as
`indicators.monthly.month_values`, or the timing comparison means nothing.
"""

from __future__ import annotations

import pandas as pd

CROWDED_AREA_PER_PERSON = 25
MORE_THAN_THREE_MONTHS = 90


def _share(numerator: int, denominator: int, per: float = 100.0) -> float | None:
    return numerator * per / denominator if denominator > 0 else None


def _days_to_snapshot(month: pd.Timestamp, dates: pd.Series) -> pd.Series:
    snapshot = month + pd.offsets.MonthEnd(0)
    return (snapshot - dates).dt.days


def _dwelling_values(month: pd.Timestamp, dwellings: pd.DataFrame, population: int | None) -> dict:
    count = len(dwellings)
    lettable = dwellings["status"].isin(["utleid", "ledig"])
    per_1000 = _share(count, population, per=1000.0) if population else None
    return {
        "kommunale_boliger": count,
        "kommunale_boliger_per_1000": per_1000,
        "andel_rullestol": _share(int(dwellings["rullestol"].sum()), count),
        "andel_ledige": _share(int((dwellings["status"] == "ledig").sum()), int(lettable.sum())),
    }


def _household_values(month: pd.Timestamp, households: pd.DataFrame) -> dict:
    situation = households["situasjon"]
    waiting = households[situation == "venteliste"]
    temporary = households[situation == "midlertidig"]
    waited = _days_to_snapshot(month, waiting["soknadsdato"])
    stayed = _days_to_snapshot(month, temporary["i_situasjon_fra"])
    loans = households["startlan_dato"].dt.to_period("M") == month.to_period("M")
    return {
        "venteliste": len(waiting),
        "ventetid_median_dager": float(waited.median()) if len(waiting) else None,
        "midlertidig": len(temporary),
        "midlertidig_over_3_mnd_andel": _share(
            int((stayed > MORE_THAN_THREE_MONTHS).sum()), len(temporary)
        ),
        "midlertidig_barnefamilier": int((temporary["barn"] >= 1).sum()),
        "housing_first": int(households["housing_first"].sum()),
        "flyktninger_privat_leie": int(
            (households["flyktning"] & (situation == "privat_leie")).sum()
        ),
        "startlan": int(loans.sum()),
    }


def _crowding(households: pd.DataFrame, dwellings: pd.DataFrame) -> dict:
    tenants = households[households["situasjon"] == "kommunal_bolig"].merge(
        dwellings[["bolig_id", "rom", "areal_m2"]], on="bolig_id", how="inner"
    )
    known = tenants[tenants["areal_m2"].notna()]
    few_rooms = (known["rom"] < known["personer"]) | (
        (known["personer"] == 1) & (known["rom"] == 1)
    )
    small = known["areal_m2"] / known["personer"] < CROWDED_AREA_PER_PERSON
    return {"andel_trangbodde": _share(int((few_rooms & small).sum()), len(known))}


def _flow_values(households: pd.DataFrame, previous: pd.DataFrame) -> dict:
    pairs = households.merge(
        previous[["husstand_id", "situasjon"]].rename(columns={"situasjon": "forrige"}),
        on="husstand_id",
        how="left",
    )
    now, before = pairs["situasjon"], pairs["forrige"]

    def came_into(situation: str) -> pd.Series:
        return (now == situation) & (before != situation)

    def moved(start: str, ends: list[str]) -> pd.Series:
        return (before == start) & now.isin(ends)

    return {
        "gjennomstromming": int(moved("kommunal_bolig", ["privat_leie", "eid_bolig"]).sum()),
        "til_eid_bolig": int(came_into("eid_bolig").sum()),
        "ut_av_midlertidig": int(
            moved("midlertidig", ["kommunal_bolig", "privat_leie", "eid_bolig"]).sum()
        ),
        "nye_i_midlertidig": int(came_into("midlertidig").sum()),
        "nye_leietakere": int(came_into("kommunal_bolig").sum()),
        "unge_til_privat_leie": int((pairs["under_25"] & came_into("privat_leie")).sum()),
        "flyktninger_til_privat_leie": int((pairs["flyktning"] & came_into("privat_leie")).sum()),
    }


def _population(statistics: pd.DataFrame, year: int) -> int | None:
    years = statistics[statistics["aar"] <= year]
    if years.empty:
        return None
    latest = years["aar"].max()
    return int(years.loc[years["aar"] == latest, "innbyggere"].sum())


def month_values(
    husstander: pd.DataFrame, boliger: pd.DataFrame, omradestatistikk: pd.DataFrame
) -> pd.DataFrame:
    """Every municipal indicator for every month: `indikator, maaned, verdi`."""
    households_by_month = dict(tuple(husstander.groupby("maaned")))
    dwellings_by_month = dict(tuple(boliger.groupby("maaned")))
    values = []
    for month in sorted(set(households_by_month) | set(dwellings_by_month)):
        found: dict = {}
        households = households_by_month.get(month)
        dwellings = dwellings_by_month.get(month)
        if dwellings is not None:
            population = _population(omradestatistikk, month.year)
            found |= _dwelling_values(month, dwellings, population)
        if households is not None:
            found |= _household_values(month, households)
            previous = households_by_month.get(month - pd.DateOffset(months=1))
            if previous is not None:
                found |= _flow_values(households, previous)
        if households is not None and dwellings is not None:
            found |= _crowding(households, dwellings)
        values.extend(
            {"indikator": name, "maaned": month, "verdi": value} for name, value in found.items()
        )
    return pd.DataFrame(values)
