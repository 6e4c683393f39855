"""Household pathways of indicators.md 1.1, on hand-made months with the values worked out."""

import numpy as np
import polars as pl
from polars.testing import assert_frame_equal

from indicators.monthly import month_values
from indicators.pathways import (
    PATHWAY_IDS,
    came_into_rows,
    leaves,
    months_affected,
    observed_leave_months,
    pathway_target_group_values,
    pathway_values,
    source_keys,
)
from indicators.testing import area_statistics, dwellings, month
from tests.unit.pathway_testing import (
    HOME,
    TEMPORARY,
    caseload,
    every_month,
    lives,
    nth_month,
    value,
)


def test_leie_til_eie_counts_households_on_the_track_that_do_not_own_yet():
    husstander = caseload(
        {"maaned": "2015-01", "husstand_id": "A", "situasjon": HOME},
        {"maaned": "2015-01", "husstand_id": "B", "situasjon": "privat_leie"},
        {"maaned": "2015-01", "husstand_id": "C", "situasjon": "eid_bolig"},
        {"maaned": "2015-01", "husstand_id": "D", "situasjon": HOME},
        track={"A": "2014-06-01", "B": "2015-01-15", "C": "2013-03-01"},
    )
    # A and B are on the track; C is on it but owns already; D is not on it.
    assert value(pathway_values(husstander), "leie_til_eie", "2015-01") == 2


def test_a_month_that_records_nobody_on_the_track_has_no_leie_til_eie_values():
    husstander = caseload(
        *lives("A", "2015-01", HOME, HOME, "eid_bolig"),
        *lives("B", "2015-01", HOME, HOME, HOME),
        track={"A": "2014-06-01"},
    )
    # February's rows carry no date (a version 1.0 file, or the column left empty): unknown,
    # not zero. January and March have A on the track: January counts A, March counts A's
    # purchase (February is its month before, and it is there: a flow needs no track in m−1).
    without_february = husstander.with_columns(
        pl.when(pl.col("maaned") == month("2015-02"))
        .then(None)
        .otherwise(pl.col("leie_til_eie_fra"))
        .alias("leie_til_eie_fra")
    )
    values = pathway_values(without_february)
    assert value(values, "leie_til_eie", "2015-01") == 1
    assert value(values, "leie_til_eie", "2015-02") is None
    assert value(values, "leie_til_eie_kjopt", "2015-02") is None
    assert value(values, "leie_til_eie_kjopt", "2015-03") == 1
    # The returns do not read the track: February has its value (0).
    assert value(values, "tilbake_i_midlertidig_12_mnd", "2015-02") == 0


def test_a_target_group_without_anyone_on_the_track_counts_zero_in_a_month_that_records_it():
    husstander = caseload(
        *lives("A", "2015-01", HOME, flyktning=True),
        *lives("B", "2015-01", HOME, under_25=True),
        track={"A": "2014-06-01"},
    )
    groups = pathway_target_group_values(husstander).collect()

    def of(group: str) -> int | None:
        rows = groups.filter(pl.col("indikator") == "leie_til_eie", pl.col("gruppe") == group)
        return rows.item(0, "teller") if rows.height else None

    # A refugee is on the track; the young household B is not: 0, since January records it.
    assert (of("flyktning"), of("under_25")) == (1, 0)


def test_leie_til_eie_kjopt_counts_households_on_the_track_that_came_into_ownership():
    husstander = caseload(
        *lives("A", "2015-01", HOME, "eid_bolig"),
        *lives("B", "2015-01", None, "eid_bolig"),
        *lives("C", "2015-01", "eid_bolig", "eid_bolig"),
        *lives("D", "2015-01", HOME, "eid_bolig"),
        track={"A": "2014-06-01", "B": "2014-06-01", "C": "2014-06-01"},
    )
    values = pathway_values(husstander)
    # A moved from municipal rental into ownership, B is new to the caseload and owns; C owned
    # already; D bought but was not on the track. January has no month before: no value.
    assert value(values, "leie_til_eie_kjopt", "2015-02") == 2
    assert value(values, "leie_til_eie_kjopt", "2015-01") is None


def test_a_return_within_12_months_of_leaving_counts_and_one_after_13_does_not():
    husstander = caseload(
        *every_month("2015-01", "2016-03"),
        # A leaves in 2015-02 and is back in temporary accommodation in 2016-02: m − 12.
        *lives("A", "2015-01", TEMPORARY, *[HOME] * 12, TEMPORARY),
        # B leaves in 2015-02 and is back in 2016-03: m − 13, too long ago.
        *lives("B", "2015-01", TEMPORARY, *[HOME] * 13, TEMPORARY),
        # C comes into temporary accommodation in 2016-02 without having been there before.
        *lives("C", "2016-01", "venteliste", TEMPORARY),
    )
    values = pathway_values(husstander)
    assert value(values, "tilbake_i_midlertidig_12_mnd", "2016-02") == 1  # A
    assert value(values, "tilbake_i_midlertidig_12_mnd", "2016-03") == 0  # B too late


def test_a_household_absent_for_a_month_has_not_left_temporary_accommodation():
    husstander = caseload(
        *every_month("2015-01", "2015-04"),
        # Absent in February: temporary in January, municipal rental in March. No observed
        # pair shows it leaving, so coming into temporary accommodation in April is no return.
        *lives("A", "2015-01", TEMPORARY, None, HOME, TEMPORARY),
    )
    assert value(pathway_values(husstander), "tilbake_i_midlertidig_12_mnd", "2015-04") == 0


def test_a_household_that_returns_twice_counts_once_each_time():
    husstander = caseload(
        *every_month("2015-01", "2015-06"),
        # Leaves in Feb, returns in Mar; leaves again in Apr (to private rental), returns in
        # May. In May two leaves lie within 12 months: the household still counts once.
        *lives("A", "2015-01", TEMPORARY, HOME, TEMPORARY, "privat_leie", TEMPORARY, TEMPORARY),
    )
    values = pathway_values(husstander)
    returns = {m: value(values, "tilbake_i_midlertidig_12_mnd", m) for m in ("2015-03", "2015-05")}
    assert returns == {"2015-03": 1, "2015-05": 1}
    # June: still in temporary accommodation, it did not come into it again.
    assert value(values, "tilbake_i_midlertidig_12_mnd", "2015-06") == 0


def test_a_gap_in_the_months_shows_no_leave_and_a_flow_after_it_has_no_value():
    husstander = caseload(
        *every_month("2015-01", "2015-01"),
        *every_month("2015-03", "2015-04"),
        # February has no snapshot: A's move from temporary into a home happened in the gap,
        # unobserved, so coming back in April is no return.
        *lives("A", "2015-01", TEMPORARY, None, HOME, TEMPORARY),
    )
    values = pathway_values(husstander)
    assert value(values, "tilbake_i_midlertidig_12_mnd", "2015-04") == 0
    # March has no month before it: the flow has no value (not 0).
    assert value(values, "tilbake_i_midlertidig_12_mnd", "2015-03") is None


def test_a_gap_between_leaving_and_returning_does_not_hide_the_return():
    husstander = caseload(
        *every_month("2015-01", "2015-03"),
        *every_month("2015-05", "2015-06"),
        # Leaves in February (observed); April has no snapshot; back in June.
        *lives("A", "2015-01", TEMPORARY, HOME, HOME, None, HOME, TEMPORARY),
    )
    assert value(pathway_values(husstander), "tilbake_i_midlertidig_12_mnd", "2015-06") == 1


def test_the_share_still_housed_leaves_out_households_absent_twelve_months_later():
    husstander = caseload(
        *every_month("2015-01", "2016-02"),
        # All five leave temporary accommodation for a home in 2015-02 (m − 12 for 2016-02).
        *lives("A", "2015-01", TEMPORARY, *[HOME] * 13),
        *lives("B", "2015-01", TEMPORARY, *["privat_leie"] * 12, "venteliste"),
        *lives("C", "2015-01", TEMPORARY, *["eid_bolig"] * 13),
        *lives("D", "2015-01", TEMPORARY, *[HOME] * 6, *[TEMPORARY] * 7),
        *lives("E", "2015-01", TEMPORARY, *[HOME] * 12, None),
        # F leaves in 2015-03: a cohort of 2016-03, not of 2016-02.
        *lives("F", "2015-01", TEMPORARY, TEMPORARY, HOME),
    )
    values = pathway_values(husstander)
    # In 2016-02: A and C housed, B waiting, D back in temporary accommodation, E absent.
    # Known: A, B, C, D (4); housed A, C (2): 2 / 4 = 50 %. Unknown: E (1).
    assert value(values, "andel_bosatt_fortsatt_12_mnd", "2016-02") == 50.0
    assert value(values, "andel_bosatt_fortsatt_12_mnd", "2016-02", "nevner") == 4
    assert value(values, "bosatt_fortsatt_12_mnd_ukjent", "2016-02") == 1


def test_the_cohort_and_its_unknown_add_up_to_the_moves_out_twelve_months_before():
    husstander = caseload(
        *every_month("2015-01", "2016-02"),
        *lives("A", "2015-01", TEMPORARY, *[HOME] * 13),
        *lives("B", "2015-01", TEMPORARY, "privat_leie", *[None] * 12),
        *lives("C", "2015-01", TEMPORARY, "eid_bolig", *[None] * 11, "venteliste"),
    )
    pathways = pathway_values(husstander)
    moves = month_values(
        husstander, dwellings({"maaned": "2015-01", "bolig_id": "B0"}), area_statistics((2015, 1))
    )
    # ut_av_midlertidig of 2015-02 is A, B and C (3) = known in 2016-02 (A, C) + unknown (B).
    known = value(pathways, "andel_bosatt_fortsatt_12_mnd", "2016-02", "nevner")
    unknown = value(pathways, "bosatt_fortsatt_12_mnd_ukjent", "2016-02")
    assert (known, unknown) == (2, 1)
    assert known + unknown == value(moves, "ut_av_midlertidig", "2015-02") == 3


def test_the_share_has_no_value_without_the_months_it_follows_and_none_with_nobody_known():
    husstander = caseload(
        *every_month("2015-02", "2016-03"),
        # Leaves in 2015-03; absent in 2016-03. 2015-01 has no snapshot.
        *lives("A", "2015-02", TEMPORARY, HOME, *[None] * 12),
    )
    values = pathway_values(husstander)
    # 2016-02 would follow the leaves of 2015-02, which needs 2015-01: no row at all.
    assert value(values, "andel_bosatt_fortsatt_12_mnd", "2016-02", "indikator") is None
    # 2016-03 follows A, who is absent then: a row, nobody known, so no share; one unknown.
    assert value(values, "andel_bosatt_fortsatt_12_mnd", "2016-03", "nevner") == 0
    assert value(values, "andel_bosatt_fortsatt_12_mnd", "2016-03") is None
    assert value(values, "bosatt_fortsatt_12_mnd_ukjent", "2016-03") == 1


def group_cell(frame: pl.LazyFrame, indikator: str, gruppe: str, when: str) -> dict:
    rows = frame.collect().filter(
        (pl.col("indikator") == indikator)
        & (pl.col("gruppe") == gruppe)
        & (pl.col("maaned") == month(when))
    )
    assert rows.height == 1
    return rows.row(0, named=True)


def test_a_return_counts_in_the_target_groups_of_the_month_it_happens():
    husstander = caseload(
        *every_month("2015-01", "2015-03"),
        # A is a refugee household only when it comes back (its columns in March count).
        *lives("A", "2015-01", TEMPORARY, HOME),
        *lives("A", "2015-03", TEMPORARY, flyktning=True),
        # B has a child and comes back too.
        *lives("B", "2015-01", TEMPORARY, HOME),
        *lives("B", "2015-03", TEMPORARY, barn=1, personer=2),
    )
    values = pathway_target_group_values(husstander)
    refugees = group_cell(values, "tilbake_i_midlertidig_12_mnd", "flyktning", "2015-03")
    families = group_cell(values, "tilbake_i_midlertidig_12_mnd", "barnefamilie", "2015-03")
    young = group_cell(values, "tilbake_i_midlertidig_12_mnd", "under_25", "2015-03")
    assert (refugees["verdi"], families["verdi"], young["verdi"]) == (1.0, 1.0, 0.0)
    assert (refugees["inndeling"], refugees["gruppenavn"]) == ("malgruppe", "Flyktninger")


def test_the_share_still_housed_of_a_target_group_follows_the_group_of_the_month_it_left():
    husstander = caseload(
        *every_month("2015-01", "2016-02"),
        # Both young when they leave in 2015-02. A is 25 by 2016-02 and housed; B is absent.
        *lives("A", "2015-01", TEMPORARY, HOME, under_25=True),
        *lives("A", "2015-03", *[HOME] * 12, under_25=False),
        *lives("B", "2015-01", TEMPORARY, HOME, under_25=True),
    )
    values = pathway_target_group_values(husstander)
    # The young cohort of 2015-02 is A and B: A known and housed (1 / 1 = 100 %), B unknown.
    share = group_cell(values, "andel_bosatt_fortsatt_12_mnd", "under_25", "2016-02")
    unknown = group_cell(values, "bosatt_fortsatt_12_mnd_ukjent", "under_25", "2016-02")
    assert (share["teller"], share["nevner"], share["verdi"]) == (1, 1, 100.0)
    assert unknown["verdi"] == 1.0


def test_pathways_take_the_situation_as_an_enum_as_the_service_reads_it():
    rows = (
        *every_month("2015-01", "2015-03"),
        *lives("A", "2015-01", TEMPORARY, HOME, TEMPORARY),
    )
    codes = pl.Enum(["venteliste", TEMPORARY, HOME, "privat_leie", "eid_bolig"])
    as_text = pathway_values(caseload(*rows)).collect()
    as_enum = pathway_values(caseload(*rows).with_columns(pl.col("situasjon").cast(codes)))
    # The same values either way (one return in March).
    assert_frame_equal(as_enum.collect(), as_text, check_row_order=False)
    assert value(as_enum, "tilbake_i_midlertidig_12_mnd", "2015-03") == 1


# Keeping the values per month ----------------------------------------------------------------


def loads(*pairs: tuple[str, int]) -> pl.LazyFrame:
    return pl.LazyFrame(
        {"maaned": [month(m) for m, _ in pairs], "load_id": [load for _, load in pairs]}
    )


def test_a_months_key_lists_the_household_loads_of_it_and_the_13_months_before():
    keys = source_keys(loads(("2015-01", 7), ("2015-02", 8), ("2016-03", 9))).collect()
    # 2016-03 reads 2015-02 … 2016-03: load 8 first, twelve months without a load, then 9.
    # 2015-01 reads 2013-12 … 2015-01: thirteen empty places, then 7.
    expected = pl.DataFrame(
        {
            "maaned": [month("2015-01"), month("2015-02"), month("2016-03")],
            "husstander_loads": [",," * 6 + ",7", ",," * 6 + "7,8", "8" + ",," * 6 + ",9"],
        }
    )
    assert_frame_equal(keys.sort("maaned"), expected)


def test_a_changed_load_affects_its_month_and_the_13_after_it():
    months = loads(*[(nth_month("2015-01", offset), offset) for offset in range(20)])
    affected = months_affected(month("2015-03"), months).collect()["maaned"]
    # 2015-03 … 2016-04: fourteen months (the change, then 13).
    assert affected.to_list() == [month(nth_month("2015-03", n)) for n in range(14)]


def test_a_months_values_from_its_14_source_months_alone_equal_those_from_all_months():
    generator = np.random.default_rng(13)
    situations = ["venteliste", TEMPORARY, HOME, "privat_leie", "eid_bolig", None]
    # 40 households over 30 months, wandering between situations and absences at random.
    rows = [
        row
        for number in range(40)
        for row in lives(
            f"H{number}",
            "2015-01",
            *generator.choice(len(situations), 30, p=[0.1, 0.35, 0.2, 0.1, 0.1, 0.15]).tolist(),
        )
    ]
    rows = [{**row, "situasjon": situations[row["situasjon"]]} for row in rows]
    rows = [row for row in rows if row["situasjon"] is not None]
    # Ten of them on the leie-til-eie track, so that every month records it.
    track = {f"H{number}": "2014-06-01" for number in range(10)}
    everything = pathway_values(caseload(*rows, track=track)).collect()
    target = month("2016-06")
    window = [row for row in rows if month("2015-05") <= month(row["maaned"]) <= target]
    alone = pathway_values(caseload(*window, track=track)).collect()

    def of_target(frame: pl.DataFrame) -> pl.DataFrame:
        return frame.filter(pl.col("maaned") == target).sort("indikator")

    # Every indicator has a row in 2016-06 either way, with the same numbers: nothing before
    # 2015-05 (m − 13) counts. (Some returns and leaves happen: the test is not empty.)
    assert of_target(everything)["indikator"].to_list() == sorted(PATHWAY_IDS)
    assert of_target(everything)["teller"].sum() > 0
    assert_frame_equal(of_target(alone), of_target(everything))


def test_leaves_and_arrivals_as_joins_agree_with_the_month_pair_flows():
    generator = np.random.default_rng(7)
    situations = ["venteliste", TEMPORARY, HOME, "privat_leie", "eid_bolig", None]
    rows = [
        {**row, "situasjon": situations[row["situasjon"]]}
        for number in range(60)
        for row in lives(f"H{number}", "2015-01", *generator.choice(6, 12).tolist())
    ]
    husstander = caseload(*[row for row in rows if row["situasjon"] is not None])
    moves = month_values(
        husstander, dwellings({"maaned": "2015-01", "bolig_id": "B0"}), area_statistics((2015, 1))
    ).collect()

    def per_month(rows: pl.LazyFrame, name: str) -> pl.DataFrame:
        return rows.group_by("maaned").agg(pl.len().cast(pl.Int64).alias(name))

    found = (
        moves.filter(pl.col("indikator").is_in(["ut_av_midlertidig", "nye_i_midlertidig"]))
        .pivot("indikator", index="maaned", values="teller")
        .join(per_month(leaves(husstander), "leaves").collect(), on="maaned", how="left")
        .join(
            per_month(came_into_rows(husstander, TEMPORARY), "arrivals").collect(),
            on="maaned",
            how="left",
        )
        .fill_null(0)
    )
    # Every month with a month before (February … December): the same counts, some not zero.
    assert found.height == 11
    assert found["ut_av_midlertidig"].sum() > 0
    assert (found["ut_av_midlertidig"] == found["leaves"]).all()
    assert (found["nye_i_midlertidig"] == found["arrivals"]).all()


def test_a_month_says_how_many_of_its_12_leave_months_could_be_seen():
    months = loads(*[(nth_month("2015-01", n), n) for n in range(16) if n != 5])
    found = observed_leave_months(months).collect().sort("maaned")
    counts = dict(zip(found["maaned"].to_list(), found["maaneder"].to_list(), strict=True))
    # 2015-06 has no snapshot: a leave in 2015-06 (needs 05 and 06) and one in 2015-07 (needs
    # 06 and 07) cannot be seen. 2016-04 looks back at 2015-04 … 2016-03: 12 − 2 = 10.
    # 2016-02 looks back at 2015-02 … 2016-01: 10 as well; 2015-01 has no earlier months: 0.
    # 2015-03 looks back at 2014-03 … 2015-02: only 2015-02 can be seen (01 and 02): 1.
    assert counts[month("2016-04")] == 10
    assert counts[month("2016-02")] == 10
    assert counts[month("2015-01")] == 0
    assert counts[month("2015-03")] == 1
    # 2016-03 looks back at 2015-03 … 2016-02: 2015-06 and 2015-07 unseen: 10.
    assert counts[month("2016-03")] == 10
