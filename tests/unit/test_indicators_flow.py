"""Flow indicators of indicators.md: H(m−1) against H(m) by husstand_id, worked out by hand."""

from indicators.monthly import month_values
from indicators.testing import area_statistics, dwellings, households, value_of

JAN, FEB, MAR = "2015-01", "2015-02", "2015-03"


def moves(*changes):
    """Households from `(id, situasjon in JAN or None, situasjon in FEB or None, extra)` tuples."""
    rows = []
    for household_id, before, after, *extra in changes:
        columns = extra[0] if extra else {}
        if before:
            rows.append({"maaned": JAN, "husstand_id": household_id, "situasjon": before})
        if after:
            rows.append({"maaned": FEB, "husstand_id": household_id, "situasjon": after, **columns})
    return households(*rows)


def values(husstander):
    return month_values(
        husstander, dwellings({"maaned": JAN, "bolig_id": "B0"}), area_statistics((2015, 1))
    ).collect()


def test_gjennomstromming_counts_municipal_tenants_who_rent_privately_or_own_next_month():
    flows = values(
        moves(
            ("A", "kommunal_bolig", "privat_leie"),
            ("B", "kommunal_bolig", "eid_bolig"),
            ("C", "kommunal_bolig", "kommunal_bolig"),
            ("D", "kommunal_bolig", "midlertidig"),
            ("E", None, "privat_leie"),
            ("F", "kommunal_bolig", None),
        )
    )
    # A and B; C stays, D goes to temporary, E was not a tenant, F left the caseload.
    assert value_of(flows, "gjennomstromming", FEB) == 2


def test_til_eid_bolig_counts_households_that_came_into_ownership():
    flows = values(
        moves(
            ("A", "kommunal_bolig", "eid_bolig"),
            ("B", None, "eid_bolig"),
            ("C", "eid_bolig", "eid_bolig"),
        )
    )
    # A came from another situation, B is new to the caseload; C already owned.
    assert value_of(flows, "til_eid_bolig", FEB) == 2


def test_ut_av_midlertidig_counts_moves_from_temporary_into_a_home():
    flows = values(
        moves(
            ("A", "midlertidig", "kommunal_bolig"),
            ("B", "midlertidig", "privat_leie"),
            ("C", "midlertidig", "eid_bolig"),
            ("D", "midlertidig", "venteliste"),
            ("E", "midlertidig", "midlertidig"),
            ("F", "midlertidig", None),
        )
    )
    # A, B and C; D waits, E stays, F left the caseload (not known to have a home).
    assert value_of(flows, "ut_av_midlertidig", FEB) == 3


def test_nye_i_midlertidig_counts_new_households_and_those_from_another_situation():
    flows = values(
        moves(
            ("A", None, "midlertidig"),
            ("B", "venteliste", "midlertidig"),
            ("C", "midlertidig", "midlertidig"),
        )
    )
    # A is new, B came from the waiting list; C was already there.
    assert value_of(flows, "nye_i_midlertidig", FEB) == 2


def test_nye_leietakere_counts_households_that_came_into_municipal_rental():
    flows = values(
        moves(
            ("A", "venteliste", "kommunal_bolig"),
            ("B", "midlertidig", "kommunal_bolig"),
            ("C", None, "kommunal_bolig"),
            ("D", "kommunal_bolig", "kommunal_bolig"),
        )
    )
    # A, B and C; D was a tenant already.
    assert value_of(flows, "nye_leietakere", FEB) == 3


def test_unge_til_privat_leie_uses_the_under_25_flag_of_the_month_itself():
    young = {"under_25": True}
    flows = values(
        moves(
            ("A", "venteliste", "privat_leie", young),
            ("B", None, "privat_leie", young),
            ("C", "privat_leie", "privat_leie", young),
            ("D", "venteliste", "privat_leie"),
            ("E", "kommunal_bolig", "eid_bolig", young),
        )
    )
    # A and B are young and came into private rental; C was there already, D is not young,
    # E went into ownership.
    assert value_of(flows, "unge_til_privat_leie", FEB) == 2


def test_flyktninger_til_privat_leie_counts_refugees_who_came_into_private_rental():
    refugee = {"flyktning": True}
    flows = values(
        moves(
            ("A", "midlertidig", "privat_leie", refugee),
            ("B", None, "privat_leie", refugee),
            ("C", "privat_leie", "privat_leie", refugee),
            ("D", "midlertidig", "privat_leie"),
        )
    )
    # A and B; C was there already, D is not a refugee.
    assert value_of(flows, "flyktninger_til_privat_leie", FEB) == 2


def test_startlan_counts_loans_granted_in_the_month_and_needs_no_previous_month():
    flows = values(
        households(
            {
                "maaned": JAN,
                "husstand_id": "A",
                "situasjon": "eid_bolig",
                "startlan_dato": "2015-01-01",
            },
            {
                "maaned": JAN,
                "husstand_id": "B",
                "situasjon": "eid_bolig",
                "startlan_dato": "2015-01-31",
            },
            {
                "maaned": JAN,
                "husstand_id": "C",
                "situasjon": "eid_bolig",
                "startlan_dato": "2014-12-31",
            },
            {
                "maaned": JAN,
                "husstand_id": "D",
                "situasjon": "eid_bolig",
                "startlan_dato": "2014-01-15",
            },
            {"maaned": JAN, "husstand_id": "E", "situasjon": "eid_bolig"},
        )
    )
    # A and B (first and last day of January); C is December, D January a year earlier, E none.
    # January is the first month, yet startlån has a value: it is an event count.
    assert value_of(flows, "startlan", JAN) == 2


def test_flows_have_no_value_in_the_first_month():
    flows = values(moves(("A", None, "kommunal_bolig"), ("B", "venteliste", "venteliste")))
    # January has no month before it, so every flow but startlån is empty there.
    assert value_of(flows, "nye_leietakere", JAN) is None
    assert value_of(flows, "gjennomstromming", JAN) is None
    assert value_of(flows, "nye_leietakere", FEB) == 1


def test_flows_have_no_value_after_a_gap_month():
    husstander = households(
        {"maaned": JAN, "husstand_id": "A", "situasjon": "venteliste"},
        {"maaned": MAR, "husstand_id": "A", "situasjon": "kommunal_bolig"},
        {
            "maaned": MAR,
            "husstand_id": "B",
            "situasjon": "eid_bolig",
            "startlan_dato": "2015-03-02",
        },
    )
    flows = values(husstander)
    # February is missing: March has no previous calendar month, so no flow value there
    # (not zero, and not compared with January), but startlån still counts March's loan.
    assert value_of(flows, "nye_leietakere", MAR) is None
    assert value_of(flows, "til_eid_bolig", MAR) is None
    assert value_of(flows, "startlan", MAR) == 1


def test_a_household_that_left_counts_in_no_flow_and_a_new_one_came_into_its_situation():
    flows = values(
        moves(
            ("LEFT", "midlertidig", None),
            ("NEW", None, "privat_leie", {"flyktning": True, "under_25": True}),
        )
    )
    # LEFT vanished from the caseload: not "out of temporary", nothing else either.
    # NEW counts as having come into private rental, as a young refugee household.
    assert value_of(flows, "ut_av_midlertidig", FEB) == 0
    assert value_of(flows, "gjennomstromming", FEB) == 0
    assert value_of(flows, "unge_til_privat_leie", FEB) == 1
    assert value_of(flows, "flyktninger_til_privat_leie", FEB) == 1
