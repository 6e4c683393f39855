"""The one rule for spreadsheet formulas: text a spreadsheet would run gets a leading `'`."""

from __future__ import annotations

import polars as pl
import pytest

from core.export import neutralise_formulas, original_cell, safe_cell

NBSP = "\xa0"
# (cell, what any table or file holds instead)
CELLS = [
    ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
    ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
    ("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"),  # starts like a number, is not one
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"),
    ("-", "'-"),
    # Numbers as the app writes them stay as they are: on screen `'+12` would be wrong.
    ("-5", "-5"),
    ("+12", "+12"),
    (f"+25,0{NBSP}%", f"+25,0{NBSP}%"),
    ("+0,4 pp", "+0,4 pp"),
    ("+0,7 %-poeng", "+0,7 %-poeng"),
    (f"-1{NBSP}234,5", f"-1{NBSP}234,5"),
    ("-5\n=1", "'-5\n=1"),  # a number only up to the line break
    ("−5", "−5"),  # a true minus is not a formula sign
    ("Sandnes", "Sandnes"),
    ("'=x", "'=x"),
]


@pytest.mark.parametrize(("cell", "safe"), CELLS)
def test_a_cell_a_spreadsheet_would_run_gets_a_quote_and_a_number_does_not(cell, safe):
    assert safe_cell(cell) == safe


def test_a_frame_follows_the_same_rule_in_every_text_column_and_leaves_numbers_alone():
    frame = pl.DataFrame(
        {"tekst": [cell for cell, _ in CELLS], "tall": list(range(len(CELLS)))},
    )
    safe = neutralise_formulas(frame)
    assert safe["tekst"].to_list() == [safe for _, safe in CELLS]
    assert safe["tall"].to_list() == frame["tall"].to_list()
    assert (
        neutralise_formulas(pl.DataFrame({"tekst": [None]}, schema={"tekst": pl.String})).item()
        is None
    )


@pytest.mark.parametrize(("cell", "safe"), [case for case in CELLS if case[0] != "'=x"])
def test_a_cell_edited_on_screen_reads_back_as_it_was_before_the_quote(cell, safe):
    assert original_cell(safe) == cell


def test_a_quote_the_rule_did_not_put_there_stays_unless_a_formula_sign_follows():
    assert original_cell("'Sandnes") == "'Sandnes"
    assert original_cell("'-5") == "'-5"  # -5 would not have got one
    # The one text that cannot make the round trip: it reads back as the formula it guards.
    assert original_cell("'=x") == "=x"


def test_a_shown_table_is_made_safe_once_for_as_long_as_its_frame_lives(monkeypatch):
    from ui import widgets

    made_safe = []
    monkeypatch.setattr(
        widgets,
        "neutralise_formulas",
        lambda frame: made_safe.append(1) or neutralise_formulas(frame),
    )
    frame = pl.DataFrame({"bygning_id": ['=HYPERLINK("http://x")'], "boliger": [23]})
    first, again = widgets._shown(frame), widgets._shown(frame)
    assert first is again and made_safe == [1]
    assert first.to_pylist() == [{"bygning_id": '\'=HYPERLINK("http://x")', "boliger": 23}]
    # A frame that is gone takes its table with it: a new frame in its place is made safe anew.
    key = id(frame)
    del frame
    assert key not in widgets._SHOWN
    other = pl.DataFrame({"bygning_id": ["@SUM(A1)"], "boliger": [1]})
    assert widgets._shown(other).to_pylist() == [{"bygning_id": "'@SUM(A1)", "boliger": 1}]
    assert made_safe == [1, 1]
