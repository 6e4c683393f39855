"""Forløp as shown: the Sankey's links (hidden pairs drawn nowhere, a shown total's hidden rest
in grey), and the tables with `:` for what a reader may not see."""

import polars as pl

from ui.pathway_view import HIDDEN_COLOUR, LINK_COLOUR, cohort_table, sankey, transition_table

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
