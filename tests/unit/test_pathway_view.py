"""Forløp as shown: the Sankey's links (hidden pairs drawn nowhere, a shown total's hidden rest
in grey), and the tables with `:` for what a reader may not see."""

from datetime import date

import polars as pl

from indicators.registry import AREA, TARGET_GROUP, TARGET_GROUPS
from indicators.suppression import Thresholds, hidden_cells
from indicators.tables import breakdown_table
from indicators.testing import month
from ui.pathway_view import (
    HIDDEN_COLOUR,
    LINK_COLOUR,
    cohort_table,
    return_quarters,
    returns_by_group,
    returns_table,
    sankey,
    transition_table,
)

SCHEMA = {"source": pl.String, "target": pl.String, "count": pl.Int64, "prikket": pl.Boolean}


def suppressed_transitions() -> pl.DataFrame:
    """As table_suppression gives it: 5 from temporary accommodation to municipal rental shown,
    2 to private rental hidden, 1 from the waiting list to private rental hidden; the waiting
    list's total hidden, temporary accommodation's (7) and private rental's (3) shown."""
    rows = [
        ("midlertidig", "kommunal_bolig", 5, False),
        ("midlertidig", "privat_leie", None, True),
        ("venteliste", "privat_leie", None, True),
        ("midlertidig", None, 7, False),
        ("venteliste", None, None, True),
        (None, "kommunal_bolig", 5, False),
        (None, "privat_leie", 3, False),
        (None, None, 8, False),
    ]
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")


def test_the_sankey_draws_shown_pairs_and_the_hidden_rest_of_a_shown_total_in_grey():
    diagram = sankey(suppressed_transitions(), "nb")
    links = list(
        zip(diagram.sources, diagram.targets, diagram.values, diagram.colours, strict=True)
    )
    # Left nodes: the five situations (midlertidig is 1), "utenfor" (5), hidden (6). Right
    # nodes from 7: the five situations (kommunal_bolig 9, privat_leie 10), ute, ukjent, hidden
    # (14). The waiting list's total is hidden: nothing is drawn from it.
    assert links == [
        (1, 9, 5, LINK_COLOUR),
        (1, 14, 7 - 5, HIDDEN_COLOUR),
        (6, 10, 3, HIDDEN_COLOUR),
    ]
    assert diagram.labels[1] == "Midlertidig botilbud"
    assert diagram.labels[14] == "Skjult (:)"


def test_the_transition_table_shows_hidden_counts_as_a_colon_and_totals_in_english():
    table = transition_table(suppressed_transitions(), "en")
    assert table.columns == ["From", "To", "Households"]
    assert table.row(1) == ("Temporary accommodation", "Private rental", ":")
    assert table.row(7) == ("Total", "Total", "8")


def test_the_cohort_table_has_a_row_per_quarter_newest_first_and_the_totals():
    cells = pl.DataFrame(
        {
            "kvartal": ["2015-Q1", "2015-Q2", "2015-Q1", None, None, "2015-Q2", None],
            "status": ["kjopt", "paa_sporet", None, "kjopt", "paa_sporet", None, None],
            "antall": [4, None, 4, 4, None, None, 9],
            "prikket": [False, True, False, False, True, True, False],
        }
    )
    table = cohort_table(cells, "nb")
    assert table.columns == [
        "Kvartal",
        "Fortsatt på sporet",
        "Kjøpt",
        "Gikk ut uten kjøp",
        "Ukjent",
        "I alt",
    ]
    # 2015-Q2 first; a status without households is 0; hidden cells are ":".
    assert table.rows() == [
        ("2015 K2", ":", "0", "0", "0", ":"),
        ("2015 K1", "0", "4", "0", "0", "4"),
        ("I alt", ":", "4", "0", "0", "9"),
    ]


RETURNS = "tilbake_i_midlertidig_12_mnd"
STILL_HOUSED = "andel_bosatt_fortsatt_12_mnd"
UNKNOWN = "bosatt_fortsatt_12_mnd_ukjent"
QUARTER_SCHEMA = {
    "indikator": pl.String,
    "periode": pl.String,
    "periode_start": pl.Date,
    "verdi": pl.Float64,
    "prikket": pl.Boolean,
}


def quarter_start(quarter: str) -> date:
    """`2016-Q2` as its first day, as `periode_start` holds it."""
    year, number = quarter.split("-Q")
    return date(int(year), 3 * int(number) - 2, 1)


def quarter_values(*rows: tuple[str, str, float | None, bool]) -> pl.DataFrame:
    """Municipal quarter values as services.indicators gives them: (indikator, periode, verdi,
    prikket); a hidden value is removed."""
    return pl.DataFrame(
        [
            (indikator, periode, quarter_start(periode), verdi, prikket)
            for indikator, periode, verdi, prikket in rows
        ],
        schema=QUARTER_SCHEMA,
        orient="row",
    )


def test_the_returns_table_has_the_newest_quarter_first_and_leaves_out_quarters_without_figures():
    values = quarter_values(
        # The first year: returns counted, nobody left 12 months ago yet (no share, no unknown).
        (RETURNS, "2015-Q1", 0.0, False),
        (STILL_HOUSED, "2015-Q1", None, False),
        (UNKNOWN, "2015-Q1", None, False),
        # 6 returns; 7 of 8 known households still housed (87,5 %); 2 unknown.
        (RETURNS, "2016-Q1", 6.0, False),
        (STILL_HOUSED, "2016-Q1", 87.5, False),
        (UNKNOWN, "2016-Q1", 2.0, False),
        # A reader's quarter: the returns and the unknown hidden, the share shown.
        (RETURNS, "2016-Q2", None, True),
        (STILL_HOUSED, "2016-Q2", 100.0, False),
        (UNKNOWN, "2016-Q2", None, True),
        # No figure at all (not hidden, just missing): no row.
        (RETURNS, "2016-Q3", None, False),
        (STILL_HOUSED, "2016-Q3", None, False),
        # Another indicator's quarter is no returns quarter.
        ("venteliste", "2016-Q4", 40.0, False),
    )
    table = returns_table(values, "nb")
    assert table.columns == [
        "Kvartal",
        "Tilbake i midlertidig",
        "Fortsatt bosatt etter 12 mnd.",
        "Ukjent etter 12 mnd.",
    ]
    # Missing is "..", hidden ":"; the share with one decimal and a no-break space before the %.
    assert table.rows() == [
        ("2016 K2", ":", "100,0\u00a0%", ":"),
        ("2016 K1", "6", "87,5\u00a0%", "2"),
        ("2015 K1", "0", "..", ".."),
    ]


def test_the_returns_table_shows_the_newest_twelve_quarters_in_english():
    # Thirteen quarters, 2014-Q1 … 2017-Q1, with 1 … 13 returns: the oldest falls out.
    quarters = [f"{year}-Q{number}" for year in (2014, 2015, 2016) for number in (1, 2, 3, 4)]
    quarters.append("2017-Q1")
    values = quarter_values(
        *((RETURNS, quarter, float(count), False) for count, quarter in enumerate(quarters, 1))
    )
    table = returns_table(values, "en")
    assert table.columns == [
        "Quarter",
        "Back in temporary",
        "Still housed after 12 months",
        "Unknown after 12 months",
    ]
    assert table.height == 12
    assert table.row(0) == ("2017 Q1", "13", "..", "..")
    assert table.row(11) == ("2014 Q2", "2", "..", "..")


def group_cells(*rows: tuple[str, str, str, str, float | None, bool]) -> pl.DataFrame:
    """Breakdown quarter cells as services.indicators gives them: (indikator, inndeling, gruppe,
    periode, verdi, prikket), each target group with its name from the registry."""
    return pl.DataFrame(
        [
            {
                "indikator": indikator,
                "inndeling": inndeling,
                "gruppe": gruppe,
                "gruppenavn": TARGET_GROUPS.get(gruppe, gruppe),
                "periode": periode,
                "periode_start": quarter_start(periode),
                "verdi": verdi,
                "prikket": prikket,
            }
            for indikator, inndeling, gruppe, periode, verdi, prikket in rows
        ]
    )


def returns_by_groups() -> pl.DataFrame:
    """Two quarters of returns by target group (2016-Q1 sorted after 2016-Q2, as a breakdown
    table may come), and an area cell of another indicator in a later quarter."""
    return group_cells(
        (RETURNS, TARGET_GROUP, "barnefamilie", "2016-Q2", 4.0, False),
        (STILL_HOUSED, TARGET_GROUP, "barnefamilie", "2016-Q2", 75.0, False),
        (RETURNS, TARGET_GROUP, "rus_psykisk", "2016-Q2", None, True),
        (STILL_HOUSED, TARGET_GROUP, "rus_psykisk", "2016-Q2", None, True),
        (RETURNS, TARGET_GROUP, "flyktning", "2016-Q2", 0.0, False),
        (STILL_HOUSED, TARGET_GROUP, "flyktning", "2016-Q2", None, False),
        (UNKNOWN, TARGET_GROUP, "flyktning", "2016-Q2", 3.0, False),
        (RETURNS, TARGET_GROUP, "barnefamilie", "2016-Q1", 9.0, False),
        (RETURNS, TARGET_GROUP, "rus_psykisk", "2016-Q1", 6.0, False),
        ("kommunale_boliger", AREA, "A", "2016-Q3", 40.0, False),
    )


def test_the_quarters_with_returns_by_target_group_are_offered_newest_first_once_each():
    # 2016-Q2 and 2016-Q1 have returns by target group (several groups each); 2016-Q3 only an
    # area's dwellings.
    assert return_quarters(returns_by_groups()) == ["2016-Q2", "2016-Q1"]


def test_returns_by_group_shows_the_quarters_groups_with_hidden_cells_as_a_colon():
    table = returns_by_group(returns_by_groups(), "2016-Q2", "nb")
    assert table.columns == ["Målgruppe", "Tilbake i midlertidig", "Fortsatt bosatt etter 12 mnd."]
    # Only 2016-Q2's groups, in the cells' order; the unknown count is not in this table;
    # refugees: 0 returns and no share (nobody left 12 months ago, "..").
    assert table.rows() == [
        ("Barnefamilier", "4", "75,0\u00a0%"),
        ("Rus og psykisk helse", ":", ":"),
        ("Flyktninger", "0", ".."),
    ]
    english = returns_by_group(returns_by_groups(), "2016-Q1", "en")
    assert english.rows() == [
        ("Families with children", "9", ".."),
        ("Substance use and mental health", "6", ".."),
    ]


MONTH_SCHEMA = {
    "indikator": pl.String,
    "maaned": pl.Date,
    "inndeling": pl.String,
    "gruppe": pl.String,
    "gruppenavn": pl.String,
    "teller": pl.Int64,
    "nevner": pl.Int64,
    "verdi": pl.Float64,
}


def returns_in_december(*rows: tuple[str, str, int, int | None]) -> pl.LazyFrame:
    """Target-group cells of December 2015 (the only month, so 2015-Q4 is December):
    (indikator, gruppe, teller, nevner); a count's value is its teller, a share's in percent."""
    return pl.LazyFrame(
        [
            {
                "indikator": indikator,
                "maaned": month("2015-12"),
                "inndeling": TARGET_GROUP,
                "gruppe": gruppe,
                "gruppenavn": TARGET_GROUPS[gruppe],
                "teller": teller,
                "nevner": nevner,
                "verdi": float(teller) if nevner is None else 100 * teller / nevner,
            }
            for indikator, gruppe, teller, nevner in rows
        ],
        schema=MONTH_SCHEMA,
    )


def test_a_reader_sees_a_sensitive_groups_four_returns_as_a_colon_and_the_same_four_of_families():
    months = returns_in_december(
        (RETURNS, "barnefamilie", 4, None),
        (RETURNS, "rus_psykisk", 4, None),
        (RETURNS, "flyktning", 5, None),
        (STILL_HOUSED, "barnefamilie", 4, 6),
        (STILL_HOUSED, "rus_psykisk", 6, 8),
        (STILL_HOUSED, "flyktning", 4, 6),
    )
    cells = breakdown_table(
        months, "quarter", hidden=hidden_cells(months, Thresholds(k=3, strict=5))
    ).collect()
    table = returns_by_group(cells, "2015-Q4", "nb")
    # k = 3 for families with children, 5 for refugees and substance use/mental health: 4
    # returns are shown for families (4 ≥ 3) and hidden for substance use (4 < 5); refugees'
    # 5 are shown (5 ≥ 5). Shares: 4 of 6 (66,7 %) shown for families; 6 of 8 (75,0 %) shown
    # for substance use (6 and 8 ≥ 5); refugees' 4 of 6 hidden (4 < 5). Target groups overlap
    # and add up to nothing, so nothing more is hidden.
    assert table.rows() == [
        ("Barnefamilier", "4", "66,7\u00a0%"),
        ("Flyktninger", "5", ":"),
        ("Rus og psykisk helse", ":", "75,0\u00a0%"),
    ]
    # Staff (no suppression) see every figure: 4, 5 and 4 returns; 4 of 6 refugees is 66,7 %.
    staff = returns_by_group(breakdown_table(months, "quarter").collect(), "2015-Q4", "nb")
    assert staff["Tilbake i midlertidig"].to_list() == ["4", "5", "4"]
    assert staff["Fortsatt bosatt etter 12 mnd."].to_list()[1] == "66,7\u00a0%"
