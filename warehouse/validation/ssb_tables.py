"""SSB statistics-bank tables (KOSTRA figures for many regions and years) -> one long frame.

Two formats, told apart by their content: JSON-stat2 (what SSB's PxWebApi v2 returns and the
statistics bank offers for download) and the statistics bank's semicolon CSV, in the long layout
(one value per row) or the wide one (one column per year), with or without the table's title
line and a blank line above the header. Either becomes one row per region, variable and year:
`region_code, region_name, variable_code, variable_label, year, value, status`.

SSB's symbols keep their reason in `status` and leave `value` empty: `.` not applicable, `..`
not available, `...` not yet available, `:` suppressed. `-` is nil: the value 0, no status.

Like every upload, a table is bounded before it is parsed (bytes; for CSV the lines, line length,
columns and rows as `warehouse.reading` checks them; for JSON its nesting depth and the number of
cells its dimensions span), and problems name the file, row and column but never a cell's value.
Region and variable codes the caller does not know are listed, not guessed: their rows are left
out and the codes returned for the screen to show. A region is recognised by its code only
(`1108`, `K-1108 Sandnes`, `EKA11`, `EKG13`, `EAK`), never by its name.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import polars as pl

from core.problems import Problem, Severity, SourceFile
from core.snapshot_format import fold, is_forbidden_header
from warehouse.validation.cells import parse_decimal
from warehouse.validation.fnr import contains_national_id, text_contains_national_id
from warehouse.validation.limits import DEFAULT_LIMITS, ReadLimits, format_count, megabytes
from warehouse.validation.reading import (
    MOJIBAKE_PATTERN,
    ROW,
    cell_column,
    read_csv_cells,
    row_problems,
)
from warehouse.validation.text_checks import (
    CONTROL_CHARACTERS,
    NATIONAL_ID_MESSAGE,
    column_label,
    file_name_problems,
    header_national_id_problems,
    national_id_problems,
)

Layout = Literal["json-stat2", "csv-long", "csv-wide"]

# SSB's symbols for a cell without a number, and what each means (nb, en).
MISSING_SYMBOLS: dict[str, tuple[str, str]] = {
    ".": ("Tall kan ikke forekomme", "Not applicable"),
    "..": ("Tallgrunnlag mangler", "Not available"),
    "...": ("Tall er ikke tilgjengelige ennå", "Not yet available"),
    ":": ("Vises ikke av personvernhensyn", "Suppressed"),
}
NIL = "-"  # SSB's "null": the value is 0

VALUES_SCHEMA: dict[str, pl.DataType] = {
    "region_code": pl.String(),
    "region_name": pl.String(),
    "variable_code": pl.String(),
    "variable_label": pl.String(),
    "year": pl.Int32(),
    "value": pl.Float64(),
    "status": pl.String(),
}

MAX_JSON_DEPTH = 20  # a JSON-stat2 dataset nests five levels deep; far deeper is not one
MAX_LABEL_CHARACTERS = 200  # a region name, a variable label or a table title
FIRST_YEAR, LAST_YEAR = 1900, 2100

NO_REGION_CODE = (
    "Regionen har ingen regionkode (som 1108, K-1108 Sandnes, EKA11, EKG13 eller EAK). Last ned "
    "tabellen fra statistikkbanken med koder (kode og tekst)."
)
UNKNOWN_VARIABLE_TEXT = (
    "Statistikkvariabelen er verken en kode eller en tekst Boligmonitor kjenner; raden er ikke "
    "tatt med. Last ned tabellen fra statistikkbanken med koder (kode og tekst)."
)
NO_VARIABLE = (
    "Tabellen sier ikke hvilken statistikkvariabel tallene gjelder. Ta med statistikkvariabelen "
    "i uttrekket."
)
NOT_A_YEAR = "må være et årstall (for eksempel 2023)"
NOT_A_VALUE = "må være et tall (desimalkomma), tom eller et av SSBs tegn . .. ... : -"

_UTF8_BOM = b"\xef\xbb\xbf"
_ZIP_MAGIC = b"PK\x03\x04"
_TITLE_SCAN_BYTES = 65_536  # a title line and a header fit in this
_DELIMITERS = (b";", b",", b"\t")
_QUOTED_BYTES = re.compile(rb'"[^"]*"')
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')

# `1108`, `K-1108`, `K-1108 Sandnes`, `1108 Sandnes`, `EKA11 Rogaland`, `EKG13`, `EAK Landet`.
_REGION_CELL = re.compile(r"(?:[Kk]-)?(?P<code>\d{4}|[A-Z]{2,5}\d{0,3})(?:\s+(?P<name>\S.*))?")
# A variable code such as `KOSboligSper10000000`: one word of letters, digits and `_` starting
# with a letter, with a digit or a capital after the first letter (`Kommunalt` is a word).
_VARIABLE_CODE = re.compile(r"[A-Za-z](?=[A-Za-z0-9_]*[0-9A-Z])[A-Za-z0-9_]{2,39}")
_SHOWN_ID = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")
_YEAR_AT_END = re.compile(r"(?P<prefix>.*?)\s*(?P<year>\d{4})")
_UNIT_AT_END = re.compile(r"\s*\([^()]*\)\s*$")

# Folded headers (`warehouse.snapshot_format.fold`) of the CSV's dimension columns, and the
# folded ids of JSON-stat dimensions when the dataset gives no `role`.
_REGION_NAMES = frozenset({"region", "kommune", "kommuner", "fylke", "geo"})
_VARIABLE_NAMES = frozenset(
    {"statistikkvariabel", "statistikkvariabler", "contents", "contentscode", "statistic"}
)
_YEAR_NAMES = frozenset({"ar", "tid", "year", "time"})
_VALUE_ONLY_HEADERS = frozenset({"", "value", "values", "verdi", "verdier"})


@dataclass(frozen=True)
class SsbTable:
    """The published values of an SSB table whose region and variable codes are known."""

    values: pl.DataFrame  # VALUES_SCHEMA, one row per region, variable and year
    layout: Layout
    title: str | None  # the table's title line or JSON-stat label, if it has one
    unknown_regions: tuple[str, ...]  # codes in the file not among the known: rows left out
    unknown_variables: tuple[str, ...]


def parse_ssb_table(
    file: SourceFile,
    *,
    known_regions: Mapping[str, str],
    known_variables: Mapping[str, str],
    limits: ReadLimits = DEFAULT_LIMITS,
) -> tuple[SsbTable | None, list[Problem]]:
    """The values of an SSB table export, or None with every problem that refuses it.

    `known_regions` and `known_variables` map codes to names (see `kostra_regions`); a variable
    may also be recognised by its name. Warnings (rows left out) come with the table.
    """
    if name_problems := file_name_problems([file]):
        return None, name_problems
    content = file.content
    if not content.strip():
        return None, [Problem(file.name, "Filen er tom.")]
    if len(content) > limits.max_file_bytes:
        message = f"Filen er større enn grensen på {megabytes(limits.max_file_bytes)}."
        return None, [Problem(file.name, message)]
    if content.startswith(_ZIP_MAGIC):
        message = "Boligmonitor leser SSB-tabeller som JSON-stat2 eller CSV, ikke som Excel."
        return None, [Problem(file.name, message)]
    if content.removeprefix(_UTF8_BOM).lstrip().startswith(b"{"):
        layout: Layout = "json-stat2"
        cells, title, problems = _json_stat_cells(file, limits)
    else:
        layout, cells, title, problems = _csv_cells(file, known_variables, limits)
    if cells is not None:
        problems += _table_problems(file, cells, known_regions, known_variables)
    if cells is None or _refused(problems):
        return None, problems
    known = cells.filter(
        pl.col("region_code").is_in(list(known_regions))
        & pl.col("variable_code").is_in(list(known_variables))
    ).select(*VALUES_SCHEMA)
    return SsbTable(
        known,
        layout,
        title,
        _unknown(cells, "region_code", known_regions),
        _unknown(cells, "variable_code", known_variables),
    ), problems


def kostra_regions(
    municipalities: pl.DataFrame, kostra_groups: Mapping[str, str]
) -> dict[str, str]:
    """Region code -> name: the municipalities, their counties (`EKA` + county number), the
    KOSTRA groups given (`EKG13`: SSB's classification 112) and the country (`EAK`, and `EAKUO`
    without Oslo).

    `municipalities` has the columns of `kommuner_2024.csv`: kommunenummer, kommunenavn,
    fylkesnummer, fylkesnavn (numbers as text with their leading zeros).
    """
    regions = dict(municipalities.select("kommunenummer", "kommunenavn").iter_rows())
    counties = municipalities.select(pl.lit("EKA") + pl.col("fylkesnummer"), "fylkesnavn")
    return {
        **regions,
        **dict(counties.unique().iter_rows()),
        **kostra_groups,
        "EAK": "Landet",
        "EAKUO": "Landet uten Oslo",
    }


def split_region(text: str) -> tuple[str | None, str | None]:
    """`K-1108 Sandnes` -> (`1108`, `Sandnes`); (None, None) where the text starts with no code."""
    match = _REGION_CELL.fullmatch(text.strip())
    if match is None:
        return None, None
    return match["code"], match["name"]


def resolve_variable(
    text: str, known_variables: Mapping[str, str]
) -> tuple[str | None, str | None]:
    """The variable code and label a cell or header names: a known code (with its label after
    it, if any), else a known label, else a word shaped like a code. (None, None) otherwise."""
    text = text.strip()
    first, _, rest = text.partition(" ")
    label = rest.strip() or None
    if first in known_variables:
        return first, label
    by_label = {_folded_label(name): code for code, name in known_variables.items()}
    code = by_label.get(_folded_label(text))
    if code is not None:
        return code, text
    if _VARIABLE_CODE.fullmatch(first):
        return first, label
    return None, None


def _folded_label(text: str) -> str:
    """A variable label for comparing: case, spaces and a unit in brackets at the end ignored."""
    return re.sub(r"\s+", "", _UNIT_AT_END.sub("", text)).lower()


def _refused(problems: Sequence[Problem]) -> bool:
    return any(problem.severity == "feil" for problem in problems)


def _unknown(cells: pl.DataFrame, column: str, known: Mapping[str, str]) -> tuple[str, ...]:
    """The codes in `column` that are not keys of `known`, sorted."""
    codes = cells.get_column(column).unique().drop_nulls().to_list()
    return tuple(sorted(set(codes) - set(known)))


def _table_problems(
    file: SourceFile,
    cells: pl.DataFrame,
    known_regions: Mapping[str, str],
    known_variables: Mapping[str, str],
) -> list[Problem]:
    """What is wrong with the cells of either format: text, repeated keys, nothing known."""
    problems = _text_problems(file, cells)
    repeated = cells.filter(pl.int_range(pl.len()).over("region_code", "variable_code", "year") > 0)
    problems += _located(
        repeated,
        "Samme region, statistikkvariabel og år står også tidligere i tabellen; hver kombinasjon "
        "skal stå bare én gang.",
        file=file.name,
        column="region",
    )
    for column, known, what in (
        ("region_code", known_regions, "regionkoder"),
        ("variable_code", known_variables, "variabelkoder"),
    ):
        if unknown := _unknown(cells, column, known):
            message = (
                f"Ukjente {what}: {format_count(len(unknown))}. Radene deres er ikke tatt med "
                "(se listen)."
            )
            problems.append(Problem(file.name, message, severity="advarsel"))
    is_known = pl.col("region_code").is_in(list(known_regions)) & pl.col("variable_code").is_in(
        list(known_variables)
    )
    if cells.is_empty() or not cells.select(is_known.any()).item():
        message = (
            "Ingen rad har både en region og en statistikkvariabel som Boligmonitor kjenner. "
            "Sjekk at tabellen er KOSTRA-tabellen for kommunalt disponerte boliger."
        )
        problems.append(Problem(file.name, message))
    return problems


_TEXT_RULES: dict[str, Callable[[pl.Expr], pl.Expr]] = {
    "Teksten inneholder kontrolltegn; bruk bare vanlig tekst.": lambda text: text.str.contains(
        CONTROL_CHARACTERS
    ),
    "Teksten ser ut til å være lest med feil tegnkoding (for eksempel Ã¸ for ø). Lagre filen "
    "som UTF-8 eller Windows-1252 og last den opp igjen.": lambda text: text.str.contains(
        MOJIBAKE_PATTERN
    ),
    f"Teksten er lengre enn {MAX_LABEL_CHARACTERS} tegn.": lambda text: (
        text.str.len_chars() > MAX_LABEL_CHARACTERS
    ),
}


def _text_problems(file: SourceFile, cells: pl.DataFrame) -> list[Problem]:
    """Region names and variable labels: no control characters, mojibake or very long text."""
    problems = []
    for column, shown in (("region_name", "region"), ("variable_label", "statistikkvariabel")):
        # The texts repeat on every year's row: check each once, then find the rows of any.
        texts = cells.get_column(column).unique().drop_nulls().to_frame()
        for message, broken in _TEXT_RULES.items():
            wrong = texts.filter(broken(pl.col(column))).get_column(column)
            if wrong.len():
                flagged = cells.filter(pl.col(column).is_in(wrong.implode()))
                problems += _located(flagged, message, file=file.name, column=shown)
    return problems


def _located(
    rows: pl.DataFrame, message: str, *, file: str, column: str, severity: Severity = "feil"
) -> list[Problem]:
    """Problems for flagged cells: one per CSV row (as `row_problems`), one in all for JSON."""
    if rows.is_empty():
        return []
    numbers = rows.get_column(ROW).drop_nulls().unique(maintain_order=True)
    if numbers.is_empty():
        counted = f"{message} ({format_count(rows.height)} celler)"
        return [Problem(file, counted, column=column, severity=severity)]
    return row_problems(numbers, message, file=file, column=column, severity=severity)


def _title(text: object) -> str | None:
    """A table's title as it may be shown: control characters as spaces, quotes and length cut."""
    if not isinstance(text, str):
        return None
    cleaned = pl.select(
        pl.lit(text[: 4 * MAX_LABEL_CHARACTERS]).str.replace_all(CONTROL_CHARACTERS, " ")
    ).item()
    cleaned = cleaned.strip().strip('"').strip()
    if len(cleaned) > MAX_LABEL_CHARACTERS:
        return cleaned[: MAX_LABEL_CHARACTERS - 1] + "…"
    return cleaned or None


def _title_problems(file: SourceFile, title: str | None) -> list[Problem]:
    if title is None or not text_contains_national_id(title):
        return []
    return [Problem(file.name, f"Tabellens tittel {NATIONAL_ID_MESSAGE}")]


# --- JSON-stat2 -----------------------------------------------------------------------------


class _Unreadable(Exception):
    """A JSON-stat2 file that cannot be read, with the message that says why and where."""

    def __init__(self, message: str, column: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


@dataclass(frozen=True)
class _Dimension:
    """One dimension of a JSON-stat2 dataset: its category ids in order and their labels."""

    id: str
    shown: str  # how problems name it
    codes: tuple[str, ...]
    labels: tuple[str | None, ...]


def _json_stat_cells(
    file: SourceFile, limits: ReadLimits
) -> tuple[pl.DataFrame | None, str | None, list[Problem]]:
    """Every cell of a JSON-stat2 dataset, with the dataset's label, or the problems."""
    try:
        dataset = _json_stat_dataset(file.content)
        dimensions, count = _dimensions(dataset, limits)
        region, variable, year = _dimension_roles(dataset, dimensions)
        values, symbols = _cell_values(dataset.get("value"), count)
        statuses = _cell_statuses(dataset.get("status"), count)
        years = _years(year)
    except _Unreadable as unreadable:
        return None, None, [Problem(file.name, unreadable.message, column=unreadable.column)]
    title = _title(dataset.get("label"))
    problems = _label_problems(file, dimensions) + _title_problems(file, title)
    value, status, unknown_marks = _with_statuses(values, symbols, statuses)
    if unknown_marks:
        message = (
            f"{format_count(unknown_marks)} celler har et statusmerke som ikke er ett av SSBs "
            "tegn . .. ... : -; merket er ikke tatt med."
        )
        problems.append(Problem(file.name, message, column="status", severity="advarsel"))
    region_codes, region_names = zip(*map(_region_of, region.codes, region.labels), strict=True)
    at = {dimension.id: _positions(dimensions, dimension, count) for dimension in dimensions}
    cells = pl.DataFrame(
        {
            "region_code": pl.Series(region_codes, dtype=pl.String).gather(at[region.id]),
            "region_name": pl.Series(region_names, dtype=pl.String).gather(at[region.id]),
            "variable_code": pl.Series(variable.codes, dtype=pl.String).gather(at[variable.id]),
            "variable_label": pl.Series(variable.labels, dtype=pl.String).gather(at[variable.id]),
            "year": pl.Series(years, dtype=pl.Int32).gather(at[year.id]),
            "value": pl.Series(value, dtype=pl.Float64),
            "status": pl.Series(status, dtype=pl.String),
            ROW: pl.Series([None] * count, dtype=pl.Int32),
        }
    )
    without_code = cells.filter(pl.col("region_code").is_null())
    problems += _located(without_code, NO_REGION_CODE, file=file.name, column=region.shown)
    return cells, title, problems


def _json_stat_dataset(content: bytes) -> dict:
    """The dataset object of a JSON-stat2 file, parsed once its depth is known to be sane."""
    content = content.removeprefix(_UTF8_BOM)
    if _json_depth(content) > MAX_JSON_DEPTH:
        raise _Unreadable(
            f"JSON-filen er nøstet dypere enn {MAX_JSON_DEPTH} nivåer; det er ikke en "
            "JSON-stat2-tabell."
        )
    try:
        document = json.loads(content.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _Unreadable("Filen er ikke gyldig JSON i UTF-8.") from None
    if not isinstance(document, dict) or document.get("class") != "dataset":
        raise _Unreadable(
            "Filen er ikke et JSON-stat2-datasett (class «dataset»). Velg formatet JSON-stat2 i "
            "statistikkbanken; eldre JSON-stat (versjon 1) leses ikke."
        )
    return document


def _refuse_constant(name: str) -> None:
    """NaN and Infinity are neither JSON nor an SSB value."""
    raise ValueError(name)


def _json_depth(content: bytes) -> int:
    """How deep arrays and objects nest, found without parsing (brackets in strings skipped)."""
    codes = np.frombuffer(_JSON_STRING.sub(b'""', content), dtype=np.uint8)
    opens = (codes == ord("[")) | (codes == ord("{"))
    closes = (codes == ord("]")) | (codes == ord("}"))
    steps = opens[opens | closes].astype(np.int32) * 2 - 1
    return int(np.cumsum(steps).max(initial=0))


def _dimensions(dataset: dict, limits: ReadLimits) -> tuple[list[_Dimension], int]:
    """The dataset's dimensions in `id` order, and how many cells they span."""
    ids, sizes = dataset.get("id"), dataset.get("size")
    if not (
        isinstance(ids, list)
        and isinstance(sizes, list)
        and len(ids) == len(sizes)
        and all(isinstance(name, str) for name in ids)
        and len(set(ids)) == len(ids)
        and all(type(size) is int and size >= 1 for size in sizes)
    ):
        raise _Unreadable(
            "Datasettet mangler «id» og «size» med én positiv størrelse per dimensjon."
        )
    count = math.prod(sizes)
    if count > limits.max_rows:
        raise _Unreadable(
            f"Tabellen har {format_count(count)} celler; høyst {format_count(limits.max_rows)} "
            "leses. Velg færre regioner, variabler eller år."
        )
    described = dataset.get("dimension")
    if not isinstance(described, dict):
        raise _Unreadable("Datasettet mangler «dimension».")
    dimensions = [
        _dimension(name, position, size, described.get(name))
        for position, (name, size) in enumerate(zip(ids, sizes, strict=True))
    ]
    return dimensions, count


def _dimension(name: str, position: int, size: int, described: object) -> _Dimension:
    """One dimension from its `dimension` entry: `category.index` as list, dict or left out."""
    shown = name
    if not _SHOWN_ID.fullmatch(name) or text_contains_national_id(name):
        shown = f"dimensjon nr. {position + 1}"
    category = described.get("category") if isinstance(described, dict) else None
    if not isinstance(category, dict):
        raise _Unreadable("Dimensjonen mangler «category».", column=shown)
    index, labels = category.get("index"), category.get("label", {})
    if not isinstance(labels, dict) or not all(isinstance(text, str) for text in labels.values()):
        raise _Unreadable("Kategorienes «label» må være tekst.", column=shown)
    if index is None:
        codes = list(labels)
    elif isinstance(index, list):
        codes = index
    elif isinstance(index, dict) and _is_numbering(list(index.values())):
        codes = sorted(index, key=index.__getitem__)
    else:
        raise _Unreadable("Kategorienes «index» må være en liste eller numre 0, 1, 2, …", shown)
    if not (
        len(codes) == size
        and all(isinstance(code, str) for code in codes)
        and len(set(codes)) == size
    ):
        raise _Unreadable(
            "Dimensjonen har ikke like mange ulike kategorier som «size» sier.", column=shown
        )
    return _Dimension(name, shown, tuple(codes), tuple(labels.get(code) for code in codes))


def _is_numbering(positions: list[object]) -> bool:
    """True for the whole numbers 0, 1, 2, … in any order, each once."""
    numbers = [each for each in positions if type(each) is int]
    return len(numbers) == len(positions) and sorted(numbers) == list(range(len(numbers)))


def _dimension_roles(
    dataset: dict, dimensions: list[_Dimension]
) -> tuple[_Dimension, _Dimension, _Dimension]:
    """The region, variable and year dimensions: by `role` (geo, metric, time), else by id.

    Every other dimension must have one category (the table was cut to one value of it).
    """
    roles = dataset.get("role") if isinstance(dataset.get("role"), dict) else {}
    by_id = {dimension.id: dimension for dimension in dimensions}

    def pick(role: str, names: frozenset[str], what: str) -> _Dimension:
        listed = roles.get(role)
        for name in listed if isinstance(listed, list) else []:
            if name in by_id:
                return by_id[name]
        for dimension in dimensions:
            folded = fold(dimension.id)
            if folded in names or (role == "geo" and "region" in folded):
                return dimension
        raise _Unreadable(f"Finner ikke dimensjonen for {what} (rollen «{role}» i «role»).")

    region = pick("geo", _REGION_NAMES, "region")
    variable = pick("metric", _VARIABLE_NAMES, "statistikkvariabel")
    year = pick("time", _YEAR_NAMES, "år")
    if len({region.id, variable.id, year.id}) < 3:
        raise _Unreadable("Region, statistikkvariabel og år må være tre ulike dimensjoner.")
    for dimension in dimensions:
        if dimension.id not in (region.id, variable.id, year.id) and len(dimension.codes) > 1:
            raise _Unreadable(
                "Dimensjonen har flere verdier. Velg bare én verdi for den i uttrekket; "
                "Boligmonitor leser region, statistikkvariabel og år.",
                column=dimension.shown,
            )
    return region, variable, year


def _positions(dimensions: list[_Dimension], dimension: _Dimension, count: int) -> np.ndarray:
    """For every cell, the position of its category in `dimension` (the last id runs fastest)."""
    sizes = [len(each.codes) for each in dimensions]
    at = dimensions.index(dimension)
    stride = math.prod(sizes[at + 1 :])
    return (np.arange(count, dtype=np.int64) // stride) % sizes[at]


def _years(dimension: _Dimension) -> list[int]:
    """The time dimension's categories as years; anything else (months, quarters) is refused."""
    if not all(
        re.fullmatch(r"\d{4}", code) and FIRST_YEAR <= int(code) <= LAST_YEAR
        for code in dimension.codes
    ):
        raise _Unreadable(
            "Tidsdimensjonen har perioder som ikke er årstall. Velg en tabell med år.",
            column=dimension.shown,
        )
    return [int(code) for code in dimension.codes]


def _region_of(code: str, label: str | None) -> tuple[str | None, str | None]:
    """A region category's code and name: the id's code, and its label without a code in front."""
    region_code, name = split_region(code)
    if label is None:
        return region_code, name
    labelled_code, labelled_name = split_region(label)
    return region_code, labelled_name if labelled_code == region_code else label.strip()


def _sparse(raw: dict, count: int, what: str) -> list[tuple[int, object]]:
    """The (position, entry) pairs of a sparse `value` or `status` object."""
    pairs = []
    for key, entry in raw.items():
        if not (key.isdecimal() and int(key) < count):
            raise _Unreadable(
                f"Nøklene i «{what}» må være cellenumre fra 0 til {format_count(count - 1)}.",
                column=what,
            )
        pairs.append((int(key), entry))
    return pairs


def _cell_values(raw: object, count: int) -> tuple[list[float | None], list[str | None]]:
    """Each cell's number, and the SSB symbol written in place of one (some tables do)."""
    if isinstance(raw, list) and len(raw) == count:
        entries = list(enumerate(raw))
    elif isinstance(raw, dict):
        entries = _sparse(raw, count, "value")
    else:
        raise _Unreadable(
            "«value» må være en liste med én verdi per celle eller et objekt med cellenumre.",
            column="value",
        )
    values: list[float | None] = [None] * count
    symbols: list[str | None] = [None] * count
    wrong = 0
    for position, entry in entries:
        if isinstance(entry, str) and (entry in MISSING_SYMBOLS or entry == NIL):
            symbols[position] = entry
        elif isinstance(entry, int | float) and not isinstance(entry, bool):
            number = float(entry) if abs(entry) < 1e300 else math.inf
            wrong += not math.isfinite(number)
            values[position] = number
        elif entry is not None:
            wrong += 1
    if wrong:
        raise _Unreadable(
            f"{format_count(wrong)} verdier er verken tall, tomme eller et av SSBs tegn.",
            column="value",
        )
    return values, symbols


def _cell_statuses(raw: object, count: int) -> list[str | None]:
    """Each cell's status: one text for all, a list (one per cell, or one for all), or sparse."""
    if raw is None:
        return [None] * count
    if isinstance(raw, str):
        entries = [(position, raw) for position in range(count)]
    elif isinstance(raw, list) and len(raw) in (1, count):
        entries = list(enumerate(raw * count if len(raw) == 1 else raw))
    elif isinstance(raw, dict):
        entries = _sparse(raw, count, "status")
    else:
        raise _Unreadable(
            "«status» må være en tekst, en liste med én per celle eller et objekt med cellenumre.",
            column="status",
        )
    statuses: list[str | None] = [None] * count
    for position, entry in entries:
        if entry is not None and not isinstance(entry, str):
            raise _Unreadable("Statusmerkene i «status» må være tekst.", column="status")
        statuses[position] = entry
    return statuses


def _with_statuses(
    values: list[float | None], symbols: list[str | None], statuses: list[str | None]
) -> tuple[list[float | None], list[str | None], int]:
    """Values and statuses as stored: a missing-symbol empties the value, nil makes it 0.

    Returns the values, the statuses and how many cells had a mark that is none of SSB's.
    """
    value: list[float | None] = []
    status: list[str | None] = []
    unknown = 0
    for number, symbol, mark in zip(values, symbols, statuses, strict=True):
        mark = symbol or mark
        if mark in MISSING_SYMBOLS:
            value.append(None)
            status.append(mark)
            continue
        unknown += mark is not None and mark != NIL
        value.append(0.0 if mark == NIL else number)
        status.append(None)
    return value, status, unknown


def _label_problems(file: SourceFile, dimensions: list[_Dimension]) -> list[Problem]:
    """A national ID number in any category id or label (one problem per dimension)."""
    return [
        Problem(file.name, f"En kategori {NATIONAL_ID_MESSAGE}", column=dimension.shown)
        for dimension in dimensions
        if _holds_national_id([*dimension.codes, *dimension.labels])
    ]


def _holds_national_id(texts: Sequence[str | None]) -> bool:
    """True when any of the texts is or holds a national ID number (checked in one pass)."""
    column = pl.Series("text", texts, dtype=pl.String)
    return pl.select(contains_national_id(pl.lit(column)).any()).item()


# --- The statistics bank's CSV --------------------------------------------------------------


@dataclass(frozen=True)
class _ValueColumn:
    """A CSV column of numbers: its position, the year and variable text its header gives."""

    position: int
    label: str  # how problems name it
    year: int | None  # wide layout: the year at the end of the header
    variable: str | None  # the header's variable text, when no column names the variable


@dataclass(frozen=True)
class _CsvColumns:
    """Which CSV column holds what."""

    region: int
    variable: int | None
    year: int | None
    values: tuple[_ValueColumn, ...]

    @property
    def layout(self) -> Layout:
        return "csv-long" if self.year is not None else "csv-wide"


def _csv_cells(
    file: SourceFile, known_variables: Mapping[str, str], limits: ReadLimits
) -> tuple[Layout, pl.DataFrame | None, str | None, list[Problem]]:
    """Every value cell of a statistics-bank CSV, with the title line if there is one."""
    content, title_line = _without_title_line(file.content)
    table, problems = read_csv_cells(SourceFile(file.name, content), limits)
    if table is None:
        return "csv-long", None, None, problems
    header_row, headers, frame = table
    title = _title(title_line)
    labels = {cell_column(i): column_label(header, i) for i, header in enumerate(headers)}
    problems += _title_problems(file, title)
    problems += header_national_id_problems(headers, file=file.name, sheet=None, row=header_row)
    problems += [
        Problem(
            file.name,
            "Kolonnen ser ut til å inneholde personopplysninger.",
            row=header_row,
            column=column_label(header, i),
        )
        for i, header in enumerate(headers)
        if is_forbidden_header(header)
    ]
    problems += national_id_problems(frame, labels, file=file.name)
    columns, column_problems = _csv_columns(headers, header_row, file.name, known_variables)
    problems += column_problems
    if frame.height == 0:
        message = "Tabellen har ingen rader under overskriften."
        problems.append(Problem(file.name, message, row=header_row + 1))
    if columns is None or _refused(problems):
        return "csv-long", None, title, problems
    cells, cell_problems = _typed_cells(
        _unpivoted(frame, columns), columns, labels, header_row, file.name, known_variables
    )
    return columns.layout, cells, title, problems + cell_problems


def _without_title_line(content: bytes) -> tuple[bytes, str | None]:
    """The CSV with a title line above the header made blank (row numbers stay), and the title.

    A title line is the first line that is not blank, when it has a single field and the next
    line that is not blank (the header) has several.
    """
    start = len(_UTF8_BOM) if content.startswith(_UTF8_BOM) else 0
    lines = content[start : start + _TITLE_SCAN_BYTES].split(b"\n")[:-1]  # the last may be cut
    filled = [number for number, line in enumerate(lines) if line.strip()]
    if len(filled) < 2:
        return content, None
    first, header = lines[filled[0]], lines[filled[1]]
    delimiter = max(_DELIMITERS, key=lambda each: _field_count(header, each))
    if _field_count(header, delimiter) < 2 or _field_count(first, delimiter) > 1:
        return content, None
    offset = start + sum(len(line) + 1 for line in lines[: filled[0]])
    try:
        title = first.decode("utf-8")
    except UnicodeDecodeError:
        title = first.decode("cp1252", errors="replace")
    return content[:offset] + content[offset + len(first) :], title


def _field_count(line: bytes, delimiter: bytes) -> int:
    """Fields in a line of CSV, delimiters inside quotes not counted."""
    return _QUOTED_BYTES.sub(b"", line).count(delimiter) + 1


def _csv_columns(
    headers: tuple[str, ...], header_row: int, file: str, known_variables: Mapping[str, str]
) -> tuple[_CsvColumns | None, list[Problem]]:
    """Region, variable and year columns by their headers; the others hold numbers.

    With a year column the layout is long; without, every other header ends with a year. A
    column of numbers is named in problems by its year, or its variable code and year.
    """
    found: dict[str, int] = {}
    rest = []
    for position, header in enumerate(headers):
        folded = fold(header)
        kind = next(
            (
                kind
                for kind, names in (
                    ("region", _REGION_NAMES),
                    ("variable", _VARIABLE_NAMES),
                    ("year", _YEAR_NAMES),
                )
                if folded in names or (kind == "region" and "region" in folded)
            ),
            None,
        )
        if kind is None or kind in found:
            rest.append(position)
        else:
            found[kind] = position
    problems = []
    if "region" not in found:
        message = "Finner ikke regionkolonnen: overskriften må ha en kolonne «region»."
        problems.append(Problem(file, message, row=header_row))
    values = []
    for position in rest:
        header = headers[position]
        label = column_label(header, position)
        if "year" in found:
            code = resolve_variable(header, known_variables)[0]
            values.append(_ValueColumn(position, _shown_code(code) or label, None, header))
            continue
        match = _YEAR_AT_END.fullmatch(header)
        if match is None or not FIRST_YEAR <= int(match["year"]) <= LAST_YEAR:
            message = (
                "Kolonnen er verken region, statistikkvariabel, år eller et år med tall. Ta med "
                "bare region, statistikkvariabel og år i uttrekket."
            )
            problems.append(Problem(file, message, row=header_row, column=label))
            continue
        code = _shown_code(resolve_variable(match["prefix"], known_variables)[0])
        shown = f"{code} {match['year']}" if code else label
        if not match["prefix"]:
            shown = match["year"]
        values.append(_ValueColumn(position, shown, int(match["year"]), match["prefix"]))
    if "variable" in found:
        values = [_ValueColumn(each.position, each.label, each.year, None) for each in values]
        if "year" in found and len(values) > 1:
            message = (
                "Med en kolonne for statistikkvariabel og en for år skal tabellen ha bare én "
                "kolonne med tall."
            )
            problems.append(Problem(file, message, row=header_row))
    elif any(fold(each.variable or "") in _VALUE_ONLY_HEADERS for each in values):
        problems.append(Problem(file, NO_VARIABLE, row=header_row))
    if not values and not problems:
        problems.append(Problem(file, "Tabellen har ingen kolonne med tall.", row=header_row))
    if problems:
        return None, problems
    return _CsvColumns(found["region"], found.get("variable"), found.get("year"), tuple(values)), []


def _shown_code(code: str | None) -> str | None:
    """A variable code as problems may name a column: only a plain code without an ID number."""
    if code is None or not _SHOWN_ID.fullmatch(code) or text_contains_national_id(code):
        return None
    return code


def _unpivoted(frame: pl.DataFrame, columns: _CsvColumns) -> pl.DataFrame:
    """One row per value cell: its row, region, variable, year and value as text."""

    def column_or(position: int | None, text: str | None) -> pl.Expr:
        return pl.col(cell_column(position)) if position is not None else pl.lit(text, pl.String)

    return pl.concat(
        frame.select(
            pl.col(ROW),
            pl.col(cell_column(columns.region)).alias("region_text"),
            column_or(columns.variable, value.variable).alias("variable_text"),
            column_or(columns.year, str(value.year)).alias("year_text"),
            pl.col(cell_column(value.position)).alias("value_text"),
            pl.lit(value.label).alias("value_column"),
        )
        for value in columns.values
    )


def _typed_cells(
    cells: pl.DataFrame,
    columns: _CsvColumns,
    labels: Mapping[str, str],
    header_row: int,
    file: str,
    known_variables: Mapping[str, str],
) -> tuple[pl.DataFrame, list[Problem]]:
    """The unpivoted text cells typed, with a problem for every cell that cannot be."""
    regions = _lookup(cells, "region_text", split_region, ("region_code", "region_name"))
    variables = _lookup(
        cells,
        "variable_text",
        lambda text: resolve_variable(text, known_variables),
        ("variable_code", "variable_label"),
    )
    text = pl.col("value_text")
    missing = text.is_in(list(MISSING_SYMBOLS))
    number = parse_decimal(text)
    year = pl.col("year_text").str.strip_chars()
    typed = (
        cells.join(regions, on="region_text", how="left", nulls_equal=True)
        .join(variables, on="variable_text", how="left", nulls_equal=True)
        .with_columns(
            pl.when(year.str.contains(r"^\d{4}$"))
            .then(year.cast(pl.Int32, strict=False))
            .alias("year"),
            pl.when(text == NIL).then(0.0).when(~missing).then(number).alias("value"),
            pl.when(missing).then(text).alias("status"),
            (text.is_not_null() & ~missing & (text != NIL) & number.is_null()).alias("bad_value"),
        )
        .with_columns(
            pl.when(pl.col("year").is_between(FIRST_YEAR, LAST_YEAR)).then(pl.col("year"))
        )
    )
    rows = typed.unique(ROW, keep="first", maintain_order=True)
    problems = _rows_where(
        rows, pl.col("region_code").is_null(), NO_REGION_CODE, file, labels, columns.region
    )
    if columns.year is not None:
        problems += _rows_where(
            rows, pl.col("year").is_null(), NOT_A_YEAR, file, labels, columns.year
        )
    for value in columns.values:
        wrong = typed.filter(pl.col("bad_value") & (pl.col("value_column") == value.label))
        problems += row_problems(wrong.get_column(ROW), NOT_A_VALUE, file=file, column=value.label)
    unresolved = pl.col("variable_code").is_null()
    if columns.variable is not None:
        problems += _rows_where(
            rows, unresolved, UNKNOWN_VARIABLE_TEXT, file, labels, columns.variable, "advarsel"
        )
    else:
        problems += [
            Problem(
                file, UNKNOWN_VARIABLE_TEXT, row=header_row, column=value.label, severity="advarsel"
            )
            for value in columns.values
            if resolve_variable(value.variable or "", known_variables)[0] is None
        ]
    return typed.filter(~unresolved).select(*VALUES_SCHEMA, ROW), problems


def _lookup(
    cells: pl.DataFrame,
    column: str,
    split: Callable[[str], tuple[str | None, str | None]],
    names: tuple[str, str],
) -> pl.DataFrame:
    """The distinct texts of `column` (few: regions, variables) with the two parts `split` finds."""
    texts = cells.get_column(column).unique().to_list()
    parts = [split(text) if text is not None else (None, None) for text in texts]
    return pl.DataFrame(
        {
            column: texts,
            names[0]: [first for first, _ in parts],
            names[1]: [second for _, second in parts],
        },
        schema={column: pl.String, names[0]: pl.String, names[1]: pl.String},
    )


def _rows_where(
    rows: pl.DataFrame,
    broken: pl.Expr,
    message: str,
    file: str,
    labels: Mapping[str, str],
    position: int,
    severity: Severity = "feil",
) -> list[Problem]:
    """`row_problems` for the rows where `broken` holds, in the column at `position`."""
    flagged = rows.filter(broken).get_column(ROW)
    return row_problems(
        flagged, message, file=file, column=labels[cell_column(position)], severity=severity
    )
