"""SSB statistics-bank tables: JSON-stat2 and the bank's CSV, read into one long frame by hand."""

import itertools
import json

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from core.problems import SourceFile
from demo.kostra import DEMO_REGIONS, kostra_csv, kostra_json
from indicators.kostra import kostra_variables
from warehouse.validation.limits import ReadLimits
from warehouse.validation.ssb_tables import (
    VALUES_SCHEMA,
    kostra_regions,
    parse_ssb_table,
    resolve_variable,
    split_region,
)

PER_1000 = "KOSboligSper10000000"
WHEELCHAIR = "KOSAndeltilgjeng0000"
VARIABLES = {
    PER_1000: "Kommunalt disponerte boliger per 1000 innbyggere",
    WHEELCHAIR: "Andel boliger tilgjengelige for rullestolbrukere",
}
REGIONS = {
    "1108": "Sandnes",
    "1119": "Hå",
    "EKA11": "Rogaland",
    "EKG13": "KOSTRA-gruppe 13",
    "EAK": "Landet",
}
SECRET = "01018012371"  # a made-up fødselsnummer with valid control digits (as in test_fnr)


def parse(name: str, content: bytes, limits: ReadLimits | None = None):
    extra = {"limits": limits} if limits else {}
    return parse_ssb_table(
        SourceFile(name, content), known_regions=REGIONS, known_variables=VARIABLES, **extra
    )


def values(*rows: tuple) -> pl.DataFrame:
    """Expected values from (region, name, variable, label, year, value, status) tuples."""
    return pl.DataFrame(rows, schema=VALUES_SCHEMA, orient="row")


def sorted_values(table) -> pl.DataFrame:
    return table.values.sort("region_code", "variable_code", "year")


def assert_values(table, expected: pl.DataFrame) -> None:
    """The table's values are `expected`, row order aside."""
    assert_frame_equal(sorted_values(table), expected.sort("region_code", "variable_code", "year"))


def refused(result) -> list[str]:
    """The messages of a refused file, each as a person reads it."""
    table, problems = result
    assert table is None
    assert any(problem.severity == "feil" for problem in problems)
    return [str(problem) for problem in problems]


# --- JSON-stat2 ---------------------------------------------------------------------------------

# Two regions, two variables, two years. A cell's content is its value, or SSB's symbol.
CELLS = {
    ("1108", PER_1000, "2022"): 20.5,
    ("1108", PER_1000, "2023"): 19.0,
    ("1108", WHEELCHAIR, "2022"): 12.25,
    ("1108", WHEELCHAIR, "2023"): "..",
    ("EKA11", PER_1000, "2022"): 18.0,
    ("EKA11", PER_1000, "2023"): ":",
    ("EKA11", WHEELCHAIR, "2022"): "-",
    ("EKA11", WHEELCHAIR, "2023"): 14.0,
}
CATEGORIES = {
    "KOKkommuneregion0000": {"1108": "Sandnes", "EKA11": "Rogaland"},
    "ContentsCode": {
        PER_1000: "Kommunalt disponerte boliger per 1000 innbyggere",
        WHEELCHAIR: "Andel tilgjengelige for rullestolbrukere",
    },
    "Tid": {"2022": "2022", "2023": "2023"},
}
ROLES = {"geo": ["KOKkommuneregion0000"], "metric": ["ContentsCode"], "time": ["Tid"]}
# What CELLS read as, worked out by hand: `..` and `:` leave no value and keep the symbol,
# `-` is nil, 0 without a status.
CELL_VALUES = values(
    ("1108", "Sandnes", PER_1000, CATEGORIES["ContentsCode"][PER_1000], 2022, 20.5, None),
    ("1108", "Sandnes", PER_1000, CATEGORIES["ContentsCode"][PER_1000], 2023, 19.0, None),
    ("1108", "Sandnes", WHEELCHAIR, CATEGORIES["ContentsCode"][WHEELCHAIR], 2022, 12.25, None),
    ("1108", "Sandnes", WHEELCHAIR, CATEGORIES["ContentsCode"][WHEELCHAIR], 2023, None, ".."),
    ("EKA11", "Rogaland", PER_1000, CATEGORIES["ContentsCode"][PER_1000], 2022, 18.0, None),
    ("EKA11", "Rogaland", PER_1000, CATEGORIES["ContentsCode"][PER_1000], 2023, None, ":"),
    ("EKA11", "Rogaland", WHEELCHAIR, CATEGORIES["ContentsCode"][WHEELCHAIR], 2022, 0.0, None),
    ("EKA11", "Rogaland", WHEELCHAIR, CATEGORIES["ContentsCode"][WHEELCHAIR], 2023, 14.0, None),
)


def json_stat(
    order=("KOKkommuneregion0000", "ContentsCode", "Tid"),
    *,
    cells=CELLS,
    categories=CATEGORIES,
    index_style="object",
    value_style="list",
    roles=ROLES,
    **extra,
) -> bytes:
    """A JSON-stat2 dataset of `cells` with its dimensions in `order` (the last runs fastest).

    Symbols go into `status` as a sparse object; `value` holds null there.
    """
    codes = [list(categories[name]) for name in order]
    ordered = [cells[_key(order, combination)] for combination in itertools.product(*codes)]
    numbers = [cell if not isinstance(cell, str) else None for cell in ordered]
    statuses = {str(i): cell for i, cell in enumerate(ordered) if isinstance(cell, str)}
    dataset = {
        "version": "2.0",
        "class": "dataset",
        "label": "12913: Kommunalt disponerte boliger, etter region, statistikkvariabel og år",
        "id": list(order),
        "size": [len(each) for each in codes],
        "dimension": {
            name: {"label": name, "category": _category(categories[name], index_style)}
            for name in order
        },
        "value": numbers
        if value_style == "list"
        else {str(i): number for i, number in enumerate(numbers) if number is not None},
        "status": statuses,
        **({"role": roles} if roles else {}),
        **extra,
    }
    return json.dumps(dataset, ensure_ascii=False).encode("utf-8")


def _key(order, combination) -> tuple[str, str, str]:
    named = dict(zip(order, combination, strict=True))
    return (named["KOKkommuneregion0000"], named["ContentsCode"], named["Tid"])


def _category(labels: dict, index_style: str) -> dict:
    if index_style == "object":
        return {"index": {code: i for i, code in enumerate(labels)}, "label": labels}
    if index_style == "list":
        return {"index": list(labels), "label": labels}
    return {"label": labels}  # index left out: the labels' order


def test_a_json_stat_dataset_gives_one_row_per_region_variable_and_year():
    table, problems = parse("tabell.json", json_stat())

    assert problems == []
    assert table.layout == "json-stat2"
    assert table.title.startswith("12913: Kommunalt disponerte boliger")
    assert_values(table, CELL_VALUES)


@pytest.mark.parametrize("order", list(itertools.permutations(CATEGORIES)))
def test_the_order_of_the_dimensions_does_not_change_the_values(order):
    table, problems = parse("tabell.json", json_stat(order))

    assert problems == []
    assert_values(table, CELL_VALUES)


@pytest.mark.parametrize("index_style", ["object", "list", "left out"])
@pytest.mark.parametrize("value_style", ["list", "sparse object"])
def test_category_index_and_values_in_every_form_json_stat_allows_read_the_same(
    index_style, value_style
):
    content = json_stat(index_style=index_style, value_style=value_style)

    table, problems = parse("tabell.json", content)

    assert problems == []
    assert_values(table, CELL_VALUES)


def test_an_index_object_out_of_order_puts_each_category_at_its_number():
    dataset = json.loads(json_stat())
    # 2023 listed first but numbered 1: the cells stay where the numbers say.
    dataset["dimension"]["Tid"]["category"]["index"] = {"2023": 1, "2022": 0}

    table, problems = parse("tabell.json", json.dumps(dataset).encode())

    assert problems == []
    assert_values(table, CELL_VALUES)


def test_status_as_a_list_per_cell_reads_like_the_sparse_object():
    dataset = json.loads(json_stat())
    sparse = dataset["status"]
    dataset["status"] = [sparse.get(str(i)) for i in range(8)]

    table, problems = parse("tabell.json", json.dumps(dataset).encode())

    assert problems == []
    assert_values(table, CELL_VALUES)


@pytest.mark.parametrize("symbol", [".", "..", "...", ":"])
def test_a_status_given_as_one_text_marks_every_cell_with_its_reason(symbol):
    dataset = json.loads(json_stat())
    dataset["status"] = symbol
    dataset["value"] = [None] * 8

    table, problems = parse("tabell.json", json.dumps(dataset).encode())

    assert problems == []
    assert table.values.get_column("value").null_count() == 8
    assert table.values.get_column("status").to_list() == [symbol] * 8


def test_symbols_written_in_place_of_a_value_keep_their_reason_too():
    dataset = json.loads(json_stat())
    dataset["value"] = [":" if cell is None else cell for cell in dataset["value"]]
    del dataset["status"]

    table, problems = parse("tabell.json", json.dumps(dataset).encode())

    # The three cells without a value now all say ":" (suppressed).
    assert problems == []
    assert table.values.filter(pl.col("status") == ":").height == 3


def test_an_unknown_status_mark_is_ignored_with_a_warning():
    dataset = json.loads(json_stat())
    dataset["status"] = {"0": "p"}  # cell 0: 1108, per 1000, 2022 = 20.5

    table, problems = parse("tabell.json", json.dumps(dataset).encode())

    (warning,) = problems
    assert warning.severity == "advarsel"
    assert warning.message.startswith("1 celler har et statusmerke som ikke er ett av SSBs tegn")
    marked = table.values.filter(
        pl.col("region_code") == "1108", pl.col("variable_code") == PER_1000, pl.col("year") == 2022
    )
    assert marked.select("value", "status").row(0) == (20.5, None)


def test_dimensions_are_found_by_their_ids_when_the_dataset_has_no_roles():
    table, problems = parse("tabell.json", json_stat(roles=None))

    assert problems == []
    assert_values(table, CELL_VALUES)


def test_an_extra_dimension_with_one_category_is_ignored():
    categories = {**CATEGORIES, "Eierform": {"01": "Eid av kommunen"}}
    content = json_stat(
        ("Eierform", "KOKkommuneregion0000", "ContentsCode", "Tid"), categories=categories
    )

    table, problems = parse("tabell.json", content)

    assert problems == []
    assert_values(table, CELL_VALUES)


def test_an_extra_dimension_with_several_categories_is_refused_and_named():
    dataset = json.loads(json_stat())
    dataset["id"].insert(0, "Eierform")
    dataset["size"].insert(0, 2)
    dataset["dimension"]["Eierform"] = {"category": {"index": ["01", "02"]}}
    dataset["value"] = dataset["value"] * 2
    dataset["status"] = {}

    (message,) = refused(parse("tabell.json", json.dumps(dataset).encode()))

    assert message.startswith("tabell.json, kolonne Eierform: Dimensjonen har flere verdier.")


@pytest.mark.parametrize(
    ("region_id", "label"),
    [
        ("1108", "Sandnes"),
        ("K-1108", "Sandnes"),
        ("1108", "K-1108 Sandnes"),
        ("K-1108", "K-1108 Sandnes"),
    ],
)
def test_region_ids_in_every_style_become_the_bare_code_with_the_name(region_id, label):
    categories = {**CATEGORIES, "KOKkommuneregion0000": {region_id: label, "EKA11": "Rogaland"}}
    cells = {
        (region_id if region == "1108" else region, variable, year): cell
        for (region, variable, year), cell in CELLS.items()
    }

    table, problems = parse("tabell.json", json_stat(cells=cells, categories=categories))

    assert problems == []
    assert_values(table, CELL_VALUES)


def test_unknown_region_and_variable_codes_are_listed_and_their_rows_left_out():
    categories = {
        **CATEGORIES,
        "KOKkommuneregion0000": {"1108": "Sandnes", "EKA11": "Rogaland", "1102": "Sandnes"},
        "ContentsCode": {**CATEGORIES["ContentsCode"], "KOSnyvariabel0000000": "Ny"},
    }
    cells = {
        (region, variable, year): 1.0
        for region in categories["KOKkommuneregion0000"]
        for variable in categories["ContentsCode"]
        for year in ("2022", "2023")
    }

    table, problems = parse("tabell.json", json_stat(cells=cells, categories=categories))

    # Known: 2 regions x 2 variables x 2 years = 8 of the 3 x 3 x 2 = 18 cells.
    assert table.unknown_regions == ("1102",)
    assert table.unknown_variables == ("KOSnyvariabel0000000",)
    assert table.values.height == 8
    assert [str(problem) for problem in problems] == [
        "tabell.json: Ukjente regionkoder: 1. Radene deres er ikke tatt med (se listen).",
        "tabell.json: Ukjente variabelkoder: 1. Radene deres er ikke tatt med (se listen).",
    ]
    assert all(problem.severity == "advarsel" for problem in problems)


def test_a_region_without_a_code_is_refused_and_never_guessed_from_its_name():
    categories = {**CATEGORIES, "KOKkommuneregion0000": {"Sandnes": "Sandnes", "EKA11": "R"}}
    cells = {
        ("Sandnes" if region == "1108" else region, variable, year): cell
        for (region, variable, year), cell in CELLS.items()
    }

    (message,) = refused(parse("tabell.json", json_stat(cells=cells, categories=categories)))

    assert message.startswith("tabell.json, kolonne KOKkommuneregion0000: Regionen har ingen")
    assert message.endswith("(4 celler)")


def test_a_json_file_nested_deeper_than_the_limit_is_refused_before_it_is_parsed():
    content = b"[" * 100_000 + b"]" * 100_000  # would exhaust Python's recursion limit

    (message,) = refused(parse("dyp.json", b'{"a": ' + content + b"}"))

    assert message == (
        "dyp.json: JSON-filen er nøstet dypere enn 20 nivåer; det er ikke en JSON-stat2-tabell."
    )


def test_brackets_inside_strings_do_not_count_as_nesting():
    dataset = json.loads(json_stat())
    dataset["note"] = ["[[[[[[[[[[[[[[[[[[[[[[[[[[ {{{{{{{{{{{{{{{{{{{{{{{"]

    table, problems = parse("tabell.json", json.dumps(dataset).encode())

    assert problems == []
    assert table.values.height == 8


def test_a_dataset_spanning_more_cells_than_the_limit_is_refused():
    (message,) = refused(parse("stor.json", json_stat(), ReadLimits(max_rows=7)))

    assert message == (
        "stor.json: Tabellen har 8 celler; høyst 7 leses. Velg færre regioner, variabler eller år."
    )


def test_a_file_larger_than_the_limit_is_refused_before_it_is_read():
    (message,) = refused(parse("stor.json", json_stat(), ReadLimits(max_file_bytes=100)))

    assert message == "stor.json: Filen er større enn grensen på 0 MB."


def test_json_stat_version_1_is_refused_with_a_hint():
    bundle = {"dataset": {"dimension": {}, "value": []}}

    (message,) = refused(parse("gammel.json", json.dumps(bundle).encode()))

    assert "eldre JSON-stat (versjon 1) leses ikke" in message


def test_invalid_json_is_refused():
    (message,) = refused(parse("feil.json", b'{"class": "dataset", "value": [1, 2,'))

    assert message == "feil.json: Filen er ikke gyldig JSON i UTF-8."


def test_a_value_that_is_no_number_is_refused_without_echoing_it():
    dataset = json.loads(json_stat())
    dataset["value"][0] = SECRET

    (message,) = refused(parse("tabell.json", json.dumps(dataset).encode()))

    assert message == (
        "tabell.json, kolonne value: 1 verdier er verken tall, tomme eller et av SSBs tegn."
    )


def test_a_national_id_number_in_a_category_label_is_refused_without_echoing_it():
    categories = {**CATEGORIES, "KOKkommuneregion0000": {"1108": SECRET, "EKA11": "Rogaland"}}

    messages = refused(parse("tabell.json", json_stat(categories=categories)))

    assert messages[0].startswith("tabell.json, kolonne KOKkommuneregion0000: En kategori ser ut")
    assert all(SECRET not in message for message in messages)


def test_periods_that_are_not_years_are_refused():
    categories = {**CATEGORIES, "Tid": {"2023M01": "2023M01", "2023M02": "2023M02"}}
    cells = {
        (region, variable, {"2022": "2023M01", "2023": "2023M02"}[year]): cell
        for (region, variable, year), cell in CELLS.items()
    }

    (message,) = refused(parse("maaned.json", json_stat(cells=cells, categories=categories)))

    assert message == (
        "maaned.json, kolonne Tid: Tidsdimensjonen har perioder som ikke er årstall. Velg en "
        "tabell med år."
    )


def test_a_size_that_does_not_match_the_categories_is_refused():
    dataset = json.loads(json_stat())
    dataset["size"][2] = 3

    messages = refused(parse("tabell.json", json.dumps(dataset).encode()))

    assert messages == [
        "tabell.json, kolonne Tid: Dimensjonen har ikke like mange ulike kategorier som «size» "
        "sier."
    ]


# --- The statistics bank's CSV ------------------------------------------------------------------

WIDE_ROWS = (
    '"region";"statistikkvariabel";"2022";"2023"',
    f'"K-1108 Sandnes";"{PER_1000} Kommunalt disponerte boliger per 1000 innbyggere";"20,5";"19"',
    f'"K-1119 Hå";"{WHEELCHAIR} Andel boliger tilgjengelige for rullestolbrukere";"-";".."',
    f'"EKA11 Rogaland";"{PER_1000} Kommunalt disponerte boliger per 1000 innbyggere";"1 234,5";":"',
)
# What WIDE_ROWS read as, worked out by hand (labels are the text after the code).
WIDE_VALUES = values(
    ("1108", "Sandnes", PER_1000, VARIABLES[PER_1000], 2022, 20.5, None),
    ("1108", "Sandnes", PER_1000, VARIABLES[PER_1000], 2023, 19.0, None),
    ("1119", "Hå", WHEELCHAIR, VARIABLES[WHEELCHAIR], 2022, 0.0, None),
    ("1119", "Hå", WHEELCHAIR, VARIABLES[WHEELCHAIR], 2023, None, ".."),
    ("EKA11", "Rogaland", PER_1000, VARIABLES[PER_1000], 2022, 1234.5, None),
    ("EKA11", "Rogaland", PER_1000, VARIABLES[PER_1000], 2023, None, ":"),
)
TITLE = '"12913: Kommunalt disponerte boliger (K), etter region, statistikkvariabel og år"'


def csv(*lines: str, encoding: str = "cp1252", end: str = "\r\n") -> bytes:
    return (end.join(lines) + end).encode(encoding)


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8", "utf-8-sig"])
@pytest.mark.parametrize(
    "above", [(TITLE, ""), (TITLE,), ("", ""), ()], ids=["title-blank", "title", "blank", "none"]
)
def test_a_wide_csv_reads_the_same_with_or_without_title_and_blank_lines_in_any_encoding(
    encoding, above
):
    table, problems = parse("tabell.csv", csv(*above, *WIDE_ROWS, encoding=encoding))

    assert problems == []
    assert table.layout == "csv-wide"
    assert table.title == (TITLE.strip('"') if TITLE in above else None)
    assert_values(table, WIDE_VALUES)


def test_row_numbers_in_problems_count_the_title_and_blank_lines_above_the_header():
    rows = list(WIDE_ROWS)
    rows[2] = rows[2].replace('"-"', '"mye"')

    (message,) = refused(parse("tabell.csv", csv(TITLE, "", *rows)))

    # Title line 1, blank line 2, header line 3, the Hå row is line 5; the column is its year.
    assert message == (
        "tabell.csv, rad 5, kolonne 2022: må være et tall (desimalkomma), tom eller et av SSBs "
        "tegn . .. ... : -"
    )


def test_a_long_csv_has_one_value_per_row():
    content = csv(
        "region;statistikkvariabel;år;verdi",
        f"1108 Sandnes;{PER_1000};2022;20,5",
        f"1108 Sandnes;{PER_1000};2023;..",
        f"EAK Landet;{WHEELCHAIR};2023;13,1",
        encoding="utf-8",
        end="\n",
    )

    table, problems = parse("lang.csv", content)

    # Cells with the code alone have no label.
    assert problems == []
    assert table.layout == "csv-long"
    assert_values(
        table,
        values(
            ("1108", "Sandnes", PER_1000, None, 2022, 20.5, None),
            ("1108", "Sandnes", PER_1000, None, 2023, None, ".."),
            ("EAK", "Landet", WHEELCHAIR, None, 2023, 13.1, None),
        ),
    )


# A long CSV of the same table as CELLS, one value per row, SSB's symbols and nil as SSB writes
# them; the rows' region cells hold code and name (`K-1108 Sandnes`), the variables code alone.
LONG_COLUMNS = ("region", "statistikkvariabel", "år", "verdi")
LONG_ROWS = (
    {"region": "K-1108 Sandnes", "statistikkvariabel": PER_1000, "år": "2022", "verdi": "20,5"},
    {"region": "K-1108 Sandnes", "statistikkvariabel": PER_1000, "år": "2023", "verdi": "."},
    {"region": "K-1108 Sandnes", "statistikkvariabel": WHEELCHAIR, "år": "2022", "verdi": ".."},
    {"region": "K-1108 Sandnes", "statistikkvariabel": WHEELCHAIR, "år": "2023", "verdi": "..."},
    {"region": "EKA11 Rogaland", "statistikkvariabel": PER_1000, "år": "2022", "verdi": ":"},
    {"region": "EKA11 Rogaland", "statistikkvariabel": WHEELCHAIR, "år": "2022", "verdi": "-"},
    {"region": "EKA11 Rogaland", "statistikkvariabel": WHEELCHAIR, "år": "2023", "verdi": "14"},
)
# Worked out by hand: `.`, `..`, `...` and `:` leave no value and keep the symbol as the reason
# (reference-data.md: not applicable, not available, not yet available, suppressed); `-` is
# nil, the value 0 without a status; a code alone has no label.
LONG_VALUES = values(
    ("1108", "Sandnes", PER_1000, None, 2022, 20.5, None),
    ("1108", "Sandnes", PER_1000, None, 2023, None, "."),
    ("1108", "Sandnes", WHEELCHAIR, None, 2022, None, ".."),
    ("1108", "Sandnes", WHEELCHAIR, None, 2023, None, "..."),
    ("EKA11", "Rogaland", PER_1000, None, 2022, None, ":"),
    ("EKA11", "Rogaland", WHEELCHAIR, None, 2022, 0.0, None),
    ("EKA11", "Rogaland", WHEELCHAIR, None, 2023, 14.0, None),
)


def long_csv(columns: tuple[str, ...]) -> bytes:
    """LONG_ROWS with the columns in this order, every cell quoted as the statistics bank does."""
    lines = [";".join(f'"{column}"' for column in columns)]
    lines += [";".join(f'"{row[column]}"' for column in columns) for row in LONG_ROWS]
    return csv(*lines)


def test_a_long_csv_keeps_ssbs_symbols_as_the_reason_and_reads_nil_as_zero():
    table, problems = parse("lang.csv", long_csv(LONG_COLUMNS))

    assert problems == []
    assert table.layout == "csv-long"
    assert_values(table, LONG_VALUES)


@pytest.mark.parametrize(
    "columns",
    [order for order in itertools.permutations(LONG_COLUMNS) if order != LONG_COLUMNS],
    ids="-".join,
)
def test_a_long_csv_with_its_columns_in_any_order_reads_as_in_the_original_order(columns):
    table, problems = parse("lang.csv", long_csv(columns))

    assert problems == []
    assert_values(table, LONG_VALUES)


def test_a_wide_csv_with_its_dimension_and_year_columns_shuffled_reads_the_same():
    # WIDE_ROWS with the variable before the region and 2023 before 2022: the same cells.
    content = csv(
        '"statistikkvariabel";"2023";"region";"2022"',
        f'"{PER_1000} Kommunalt disponerte boliger per 1000 innbyggere";"19";"K-1108 Sandnes";'
        '"20,5"',
        f'"{WHEELCHAIR} Andel boliger tilgjengelige for rullestolbrukere";"..";"K-1119 Hå";"-"',
        f'"{PER_1000} Kommunalt disponerte boliger per 1000 innbyggere";":";"EKA11 Rogaland";'
        '"1 234,5"',
    )

    table, problems = parse("tabell.csv", content)

    assert problems == []
    assert table.layout == "csv-wide"
    assert_values(table, WIDE_VALUES)


@pytest.mark.parametrize("symbol", [".", "..", "...", ":"])
def test_each_ssb_symbol_in_a_wide_csv_leaves_no_value_and_keeps_its_reason(symbol):
    content = csv(
        '"region";"statistikkvariabel";"2022";"2023"',
        f'"K-1108 Sandnes";"{PER_1000}";"{symbol}";"19,5"',
    )

    table, problems = parse("tabell.csv", content)

    assert problems == []
    assert sorted_values(table).select("year", "value", "status").rows() == [
        (2022, None, symbol),
        (2023, 19.5, None),
    ]


def test_a_long_csv_with_a_column_per_variable_is_named_by_the_headers():
    content = csv(
        '"region";"år";"Kommunalt disponerte boliger per 1 000 innbyggere (antall)";'
        f'"{WHEELCHAIR} Andel boliger tilgjengelige for rullestolbrukere"',
        '"EKG13 KOSTRA-gruppe 13";"2023";"18,7";"13,1"',
    )

    table, problems = parse("lang.csv", content)

    # The first header is the known label (spaces in "1 000" and the unit in brackets aside),
    # the second starts with the known code.
    assert problems == []
    assert_values(
        table,
        values(
            (
                "EKG13",
                "KOSTRA-gruppe 13",
                WHEELCHAIR,
                VARIABLES[WHEELCHAIR],
                2023,
                13.1,
                None,
            ),
            (
                "EKG13",
                "KOSTRA-gruppe 13",
                PER_1000,
                "Kommunalt disponerte boliger per 1 000 innbyggere (antall)",
                2023,
                18.7,
                None,
            ),
        ),
    )


def test_a_wide_csv_whose_headers_hold_the_variable_and_the_year():
    content = csv(
        TITLE,
        "",
        '"region";"Kommunalt disponerte boliger per 1000 innbyggere 2022";'
        '"Kommunalt disponerte boliger per 1000 innbyggere 2023"',
        '"1108 Sandnes";"20,5";"19,0"',
    )

    table, problems = parse("bred.csv", content)

    assert problems == []
    assert_values(
        table,
        values(
            ("1108", "Sandnes", PER_1000, VARIABLES[PER_1000], 2022, 20.5, None),
            ("1108", "Sandnes", PER_1000, VARIABLES[PER_1000], 2023, 19.0, None),
        ),
    )


@pytest.mark.parametrize(
    ("cell", "code", "name"),
    [
        ("1108", "1108", None),
        ("K-1108", "1108", None),
        ("K-1108 Sandnes", "1108", "Sandnes"),
        ("1108 Sandnes", "1108", "Sandnes"),
        ("EKA11 Rogaland", "EKA11", "Rogaland"),
        ("EKG13", "EKG13", None),
        ("EAK Landet", "EAK", "Landet"),
        ("EAKUO Landet uten Oslo", "EAKUO", "Landet uten Oslo"),
        ("Sandnes", None, None),
        ("11080000", None, None),
    ],
)
def test_a_region_cell_in_every_style_gives_its_code_and_name(cell, code, name):
    assert split_region(cell) == (code, name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (PER_1000, (PER_1000, None)),
        (f"{PER_1000} Kommunalt disponerte", (PER_1000, "Kommunalt disponerte")),
        (
            "kommunalt disponerte boliger per 1 000 innbyggere (per 1 000)",
            (PER_1000, "kommunalt disponerte boliger per 1 000 innbyggere (per 1 000)"),
        ),
        ("KOSukjent0000000000 Ukjent", ("KOSukjent0000000000", "Ukjent")),
        ("Kommunalt disponerte boliger i alt", (None, None)),
    ],
)
def test_a_variable_is_a_known_code_a_known_label_or_a_word_shaped_like_a_code(text, expected):
    assert resolve_variable(text, VARIABLES) == expected


def test_a_region_cell_without_a_code_is_refused_with_its_row_and_column():
    rows = list(WIDE_ROWS)
    rows[1] = rows[1].replace('"K-1108 Sandnes"', '"Sandnes"')

    (message,) = refused(parse("tabell.csv", csv(*rows)))

    assert message.startswith("tabell.csv, rad 2, kolonne region: Regionen har ingen regionkode")


def test_a_year_that_is_not_a_year_is_refused_with_its_row_and_column():
    content = csv("region;statistikkvariabel;år;verdi", f"1108;{PER_1000};2023M01;1")

    (message,) = refused(parse("lang.csv", content))

    assert message == "lang.csv, rad 2, kolonne år: må være et årstall (for eksempel 2023)"


def test_a_variable_text_that_is_neither_code_nor_known_label_is_left_out_with_a_warning():
    rows = [*WIDE_ROWS, '"1108 Sandnes";"Kommunalt disponerte boliger i alt";"1300";"1310"']

    table, problems = parse("tabell.csv", csv(*rows))

    (warning,) = problems
    assert warning.severity == "advarsel"
    assert (warning.row, warning.column) == (5, "statistikkvariabel")
    assert_values(table, WIDE_VALUES)


def test_a_table_that_does_not_say_which_variable_is_refused():
    content = csv('"region";"2022";"2023"', '"1108 Sandnes";"20,5";"19"')

    (message,) = refused(parse("tabell.csv", content))

    assert message == (
        "tabell.csv, rad 1: Tabellen sier ikke hvilken statistikkvariabel tallene gjelder. Ta "
        "med statistikkvariabelen i uttrekket."
    )


def test_a_column_that_is_neither_dimension_nor_year_is_refused_in_the_wide_layout():
    content = csv('"region";"statistikkvariabel";"eierform";"2023"', f'"1108";"{PER_1000}";"x";"1"')

    (message,) = refused(parse("tabell.csv", content))

    assert message.startswith("tabell.csv, rad 1, kolonne eierform: Kolonnen er verken region")


def test_a_table_without_a_region_column_is_refused():
    content = csv('"statistikkvariabel";"2023"', f'"{PER_1000}";"1"')

    (message,) = refused(parse("tabell.csv", content))

    assert message == (
        "tabell.csv, rad 1: Finner ikke regionkolonnen: overskriften må ha en kolonne «region»."
    )


def test_a_repeated_region_variable_and_year_is_refused():
    rows = [*WIDE_ROWS, WIDE_ROWS[1]]

    (message,) = refused(parse("tabell.csv", csv(*rows)))

    # The copy of line 2 is line 5; its first cell is the region.
    assert message.startswith("tabell.csv, rad 5, kolonne region: Samme region, statistikk")


def test_a_national_id_number_in_a_cell_is_refused_without_echoing_it():
    rows = list(WIDE_ROWS)
    rows[1] = rows[1].replace('"20,5"', f'"{SECRET}"')

    messages = refused(parse("tabell.csv", csv(*rows)))

    assert messages[0].startswith("tabell.csv, rad 2, kolonne nr. 3: ser ut til å inneholde et")
    assert all(SECRET not in message for message in messages)


def test_a_national_id_number_in_the_title_line_is_refused_without_echoing_it():
    messages = refused(parse("tabell.csv", csv(f'"Tabell for {SECRET}"', "", *WIDE_ROWS)))

    assert messages == [
        "tabell.csv: Tabellens tittel ser ut til å inneholde et fødselsnummer eller D-nummer. "
        "Personnummer skal ikke lastes opp; fjern det."
    ]


def test_a_national_id_number_in_the_file_name_is_refused_without_echoing_it():
    messages = refused(parse(f"{SECRET}.csv", csv(*WIDE_ROWS)))

    assert messages[0].startswith("den opplastede filen: Filnavnet ser ut til å inneholde")
    assert all(SECRET not in message for message in messages)


def test_mojibake_in_a_region_name_is_refused():
    content = csv(*WIDE_ROWS, encoding="utf-8").replace("Hå".encode(), "HÃ¥".encode())

    (message,) = refused(parse("tabell.csv", content))

    assert message.startswith("tabell.csv, rad 3, kolonne region: Teksten ser ut til å være lest")


def test_a_line_longer_than_the_limit_is_refused_before_parsing():
    rows = [*WIDE_ROWS, '"1108";"' + "x" * 500 + '";"1";"2"']

    (message,) = refused(parse("tabell.csv", csv(*rows), ReadLimits(max_line_bytes=200)))

    assert message.startswith("tabell.csv, rad 5: Linjen er lengre enn 200 byte")


def test_an_empty_file_and_an_excel_workbook_are_refused():
    assert refused(parse("tom.csv", b"  \r\n")) == ["tom.csv: Filen er tom."]
    assert refused(parse("tabell.xlsx", b"PK\x03\x04rest")) == [
        "tabell.xlsx: Boligmonitor leser SSB-tabeller som JSON-stat2 eller CSV, ikke som Excel."
    ]


def test_a_table_without_any_known_region_and_variable_is_refused():
    rows = [WIDE_ROWS[0], f'"K-1102 Sandnes";"{PER_1000}";"1";"2"']

    messages = refused(parse("gammel.csv", csv(*rows)))

    assert messages[-1].startswith("gammel.csv: Ingen rad har både en region og en")


# --- Known regions, and the demo --------------------------------------------------------------


def test_kostra_regions_are_municipalities_counties_groups_and_the_country():
    municipalities = pl.DataFrame(
        {
            "kommunenummer": ["0301", "1108", "1119"],
            "kommunenavn": ["Oslo", "Sandnes", "Hå"],
            "fylkesnummer": ["03", "11", "11"],
            "fylkesnavn": ["Oslo", "Rogaland", "Rogaland"],
        }
    )

    regions = kostra_regions(municipalities, {"EKG13": "KOSTRA-gruppe 13"})

    assert regions == {
        "0301": "Oslo",
        "1108": "Sandnes",
        "1119": "Hå",
        "EKA03": "Oslo",
        "EKA11": "Rogaland",
        "EKG13": "KOSTRA-gruppe 13",
        "EAK": "Landet",
        "EAKUO": "Landet uten Oslo",
    }


def test_the_demo_table_reads_the_same_in_both_formats_and_says_its_numbers_are_invented():
    known = {"known_regions": DEMO_REGIONS, "known_variables": kostra_variables()}

    from_json, json_problems = parse_ssb_table(kostra_json(), **known)
    from_csv, csv_problems = parse_ssb_table(kostra_csv(), **known)

    # 9 regions x 5 variables x 11 years; five cells missing, one for each reason and ":" twice.
    assert json_problems == csv_problems == []
    assert from_json.values.height == 9 * 5 * 11
    assert sorted(from_json.values.get_column("status").drop_nulls()) == [
        ".",
        "..",
        "...",
        ":",
        ":",
    ]
    assert "oppdiktede tall" in from_json.title and "oppdiktede tall" in from_csv.title
    assert_frame_equal(sorted_values(from_json), sorted_values(from_csv))


def test_the_demo_waiting_list_differs_from_the_own_figure_in_one_year_only():
    table, _ = parse_ssb_table(
        kostra_json(), known_regions=DEMO_REGIONS, known_variables=kostra_variables()
    )
    sandnes = table.values.filter(
        pl.col("region_code") == "1108", pl.col("variable_code") == "KOSventelistetil0000"
    )

    # demo.simulation.WAITING_DECEMBER: 2021 66, 2022 88 (+6 published), 2023 81.
    assert dict(sandnes.select("year", "value").iter_rows())[2021] == 66.0
    assert dict(sandnes.select("year", "value").iter_rows())[2022] == 94.0
    assert dict(sandnes.select("year", "value").iter_rows())[2023] == 81.0
