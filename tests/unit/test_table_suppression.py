"""Suppression of a two-way table with its totals (transitions, leie-til-eie cohorts)."""

import polars as pl
from polars.testing import assert_frame_equal

from indicators.table_suppression import suppressed_table, with_totals


def table(*cells: tuple[str, str, int]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "source": [source for source, _, _ in cells],
            "target": [target for _, target, _ in cells],
            "count": [count for _, _, count in cells],
        }
    )


def hidden(frame: pl.DataFrame) -> set[tuple[str | None, str | None]]:
    return set(frame.filter("prikket").select("source", "target").rows())


def test_the_totals_are_each_row_s_each_column_s_and_the_grand_total():
    cells = table(("a", "x", 10), ("a", "y", 1), ("b", "x", 20))
    expected = pl.DataFrame(
        {
            "source": ["a", "a", "b", "a", "b", None, None, None],
            "target": ["x", "y", "x", None, None, "x", "y", None],
            # Rows: a 10 + 1 = 11, b 20. Columns: x 10 + 20 = 30, y 1. All: 31.
            "count": [10, 1, 20, 11, 20, 30, 1, 31],
        }
    )
    assert_frame_equal(with_totals(cells, "source", "target", "count"), expected)


def test_a_small_cell_in_a_two_by_two_table_hides_all_four_cells_but_no_total():
    cells = table(("a", "x", 10), ("a", "y", 1), ("b", "x", 20), ("b", "y", 30))
    found = suppressed_table(cells, row="source", column="target", value="count", k=3)
    # a→y (1) is below 3. Row a's total (11) would give it back from a→x: a→x goes; column
    # y's total (31) from b→y: b→y goes; then column x from b→x: b→x goes. With every cell
    # hidden, the four totals leave one unknown free, so every total stays shown.
    assert hidden(found) == {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}
    assert found.filter(pl.col("source").is_null() | pl.col("target").is_null())[
        "count"
    ].to_list() == [11, 50, 30, 31, 61]
    assert found.filter("prikket")["count"].null_count() == 4


def test_the_complementary_cells_are_the_smallest_and_other_rows_stay_shown():
    cells = table(
        ("a", "x", 10), ("a", "y", 1),
        ("b", "x", 20), ("b", "y", 30),
        ("c", "x", 40), ("c", "y", 50),
    )  # fmt: skip
    found = suppressed_table(cells, row="source", column="target", value="count", k=3)
    # a→y hidden; row a: a→x. Column y: the smallest other, b→y (30 < 50). Column x: then
    # b→x (20 < 40). Row c is shown whole: a→x + b→x = 30 and a→y + b→y = 31 leave one free.
    assert hidden(found) == {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}
    assert found.filter(pl.col("source") == "c", pl.col("target").is_not_null())[
        "count"
    ].to_list() == [40, 50]


def test_a_table_without_small_counts_hides_nothing():
    cells = table(("a", "x", 10), ("a", "y", 3), ("b", "x", 20))
    found = suppressed_table(cells, row="source", column="target", value="count", k=3)
    assert hidden(found) == set()


def test_a_zero_passed_in_is_hidden_like_a_small_count():
    cells = table(("a", "x", 10), ("a", "y", 0), ("b", "x", 20), ("b", "y", 30))
    found = suppressed_table(cells, row="source", column="target", value="count", k=3)
    # As the 2 × 2 table above: the zero and the three cells that would give it back.
    assert hidden(found) == {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}
