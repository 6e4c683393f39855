"""The demo's KOSTRA table: a small SSB statistics-bank table whose numbers are invented.

Sandnes, five more Rogaland municipalities (numbers and names as in kommuner_2024.csv), the
county (EKA11), KOSTRA group 13 (EKG13) and the country (EAK), 2015–2025, for the variables of
`indicators.kostra.COUNTERPARTS`. It is written as SSB writes its exports (JSON-stat2, or the
statistics bank's semicolon CSV in Windows-1252 with a title line) so that it parses like one,
with a few cells missing for each of SSB's reasons; its title and label say that the numbers are
invented. Sandnes's waiting list is the demo municipality's own December figure, except in 2022,
where the "published" figure differs on purpose, so the comparison has a difference to show.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping

from core.problems import SourceFile
from demo.simulation import WAITING_DECEMBER
from indicators.kostra import COUNTERPARTS, measure_of

OWN_REGION = "1108"
DEMO_REGIONS: dict[str, str] = {
    "1108": "Sandnes",
    "1103": "Stavanger",
    "1124": "Sola",
    "1127": "Randaberg",
    "1122": "Gjesdal",
    "1121": "Time",
    "EKA11": "Rogaland",
    "EKG13": "KOSTRA-gruppe 13",
    "EAK": "Landet",
}
DEMO_YEARS = tuple(range(2015, 2026))
TITLE = (
    "DEMO, oppdiktede tall: Kommunalt disponerte boliger (K), etter region, statistikkvariabel "
    "og år"
)
NOTE = (
    "Tallene er oppdiktet for demoen av Boligmonitor og er ikke SSBs tall. Tabellen har samme "
    "form som en eksport fra SSBs statistikkbank."
)
# The variables whose figures for Sandnes are the demo's own year values (the build passes them).
AGREEING_VARIABLES = ("KOSboligSper10000000", "KOSAndeltilgjeng0000", "KOSboligAntall000000")
WAITING_LIST_DIFFERENCE = (2022, 6)  # the year Sandnes's published waiting list differs, by
DEMO_SEED = 1108

# Level in 2015 and change per year for each region, per variable (invented).
_LEVELS: dict[str, dict[str, tuple[float, float]]] = {
    "KOSboligSper10000000": {
        "1108": (16.4, -0.1), "1103": (21.3, -0.2), "1124": (12.1, 0.1), "1127": (14.6, 0.0),
        "1122": (11.2, 0.1), "1121": (13.4, -0.1), "EKA11": (16.0, -0.1),
        "EKG13": (18.7, -0.1), "EAK": (20.1, -0.2),
    },
    "KOSAndeltilgjeng0000": {
        "1108": (12.0, 0.3), "1103": (14.5, 0.2), "1124": (9.8, 0.4), "1127": (11.0, 0.2),
        "1122": (8.5, 0.3), "1121": (10.2, 0.2), "EKA11": (12.4, 0.3),
        "EKG13": (13.1, 0.2), "EAK": (13.6, 0.2),
    },
    "KOSventelistetil0000": {
        "1103": (160, -4), "1124": (42, -1), "1127": (14, 0), "1122": (21, 0), "1121": (26, -1),
        "EKA11": (610, -12), "EKG13": (2900, -60), "EAK": (9800, -150),
    },
    "KOSandbarn3m00000000": {
        "1108": (48.0, -2.0), "1103": (52.0, -1.5), "1124": (35.0, -1.0), "1127": (30.0, 0.0),
        "1122": (33.0, -1.0), "1121": (38.0, -1.5), "EKA11": (45.0, -1.5),
        "EKG13": (44.0, -1.2), "EAK": (41.0, -1.0),
    },
    "KOSboligAntall000000": {
        "1108": (1320, -5), "1103": (3050, -20), "1124": (330, 4), "1127": (165, 0),
        "1122": (135, 2), "1121": (255, 0), "EKA11": (7800, -40),
        "EKG13": (35500, -150), "EAK": (111500, -300),
    },
}  # fmt: skip
# Cells left without a number, with SSB's reason.
_MISSING: dict[tuple[str, str, int], str] = {
    ("1127", "KOSandbarn3m00000000", 2019): ":",
    ("1127", "KOSandbarn3m00000000", 2020): ":",
    ("1122", "KOSAndeltilgjeng0000", 2015): "..",
    ("1121", "KOSandbarn3m00000000", 2016): ".",
    ("EKG13", "KOSandbarn3m00000000", 2025): "...",
}


def demo_kostra_values(
    own: Mapping[str, Mapping[int, float]] | None = None,
) -> dict[tuple[str, str, int], float | str]:
    """(region, variable, year) -> invented value, or SSB's symbol for a missing cell.

    `own` may give Sandnes's values per variable code and year (the demo's own year values),
    so that what KOSTRA "published" for Sandnes agrees with the warehouse.
    """
    rng = random.Random(DEMO_SEED)
    values: dict[tuple[str, str, int], float | str] = {}
    for counterpart in COUNTERPARTS:
        code = counterpart.variable_code
        whole = measure_of(counterpart) == "antall"  # counts are whole numbers
        for region in DEMO_REGIONS:
            for offset, year in enumerate(DEMO_YEARS):
                key = (region, code, year)
                wobble = rng.uniform(-0.03, 0.03)
                if key in _MISSING:
                    values[key] = _MISSING[key]
                elif region == OWN_REGION and year in (own or {}).get(code, {}):
                    values[key] = own[code][year]
                elif region == OWN_REGION and code == "KOSventelistetil0000":
                    values[key] = float(WAITING_DECEMBER[year])
                else:
                    level, step = _LEVELS[code][region]
                    value = (level + step * offset) * (1 + wobble)
                    values[key] = float(round(value)) if whole else round(value, 1)
    year, difference = WAITING_LIST_DIFFERENCE
    values[(OWN_REGION, "KOSventelistetil0000", year)] += difference
    return values


def kostra_json(own: Mapping[str, Mapping[int, float]] | None = None) -> SourceFile:
    """The demo table as JSON-stat2, dimensions in the order SSB's KOSTRA tables use."""
    values = demo_kostra_values(own)
    regions, years = list(DEMO_REGIONS), [str(year) for year in DEMO_YEARS]
    cells = [
        values[(region, counterpart.variable_code, int(year))]
        for region in regions
        for counterpart in COUNTERPARTS
        for year in years
    ]
    dataset = {
        "version": "2.0",
        "class": "dataset",
        "label": TITLE,
        "source": "Boligmonitor (demo), i formatet til SSBs statistikkbank",
        "updated": "2026-06-15T06:00:00Z",
        "note": [NOTE],
        "role": {"geo": ["KOKkommuneregion0000"], "metric": ["ContentsCode"], "time": ["Tid"]},
        "id": ["KOKkommuneregion0000", "ContentsCode", "Tid"],
        "size": [len(regions), len(COUNTERPARTS), len(years)],
        "dimension": {
            "KOKkommuneregion0000": _dimension("region", DEMO_REGIONS),
            "ContentsCode": _dimension(
                "statistikkvariabel",
                {each.variable_code: each.variable_label for each in COUNTERPARTS},
            ),
            "Tid": _dimension("år", {year: year for year in years}),
        },
        "value": [cell if isinstance(cell, float) else None for cell in cells],
        "status": {
            str(position): cell for position, cell in enumerate(cells) if isinstance(cell, str)
        },
    }
    text = json.dumps(dataset, ensure_ascii=False, indent=1)
    return SourceFile("kostra_demo.json", text.encode("utf-8"))


def _dimension(label: str, categories: Mapping[str, str]) -> dict:
    return {
        "label": label,
        "category": {
            "index": {code: position for position, code in enumerate(categories)},
            "label": dict(categories),
        },
    }


def kostra_csv(own: Mapping[str, Mapping[int, float]] | None = None) -> SourceFile:
    """The demo table as the statistics bank's CSV: Windows-1252, `;`, title line, wide layout,
    regions and variables written with code and text (`K-1108 Sandnes`)."""
    values = demo_kostra_values(own)
    lines = [
        _quoted(TITLE),
        "",
        ";".join(_quoted(text) for text in ("region", "statistikkvariabel", *map(str, DEMO_YEARS))),
    ]
    for region, name in DEMO_REGIONS.items():
        shown = f"K-{region} {name}" if region.isdigit() else f"{region} {name}"
        for counterpart in COUNTERPARTS:
            variable = f"{counterpart.variable_code} {counterpart.variable_label}"
            cells = [_csv_value(values[(region, counterpart.variable_code, y)]) for y in DEMO_YEARS]
            lines.append(";".join([_quoted(shown), _quoted(variable), *cells]))
    text = "\r\n".join(lines) + "\r\n"
    return SourceFile("kostra_demo.csv", text.encode("cp1252"))


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _csv_value(value: float | str) -> str:
    """A number with a decimal comma (whole numbers without decimals), or SSB's symbol."""
    if isinstance(value, str):
        return value
    text = str(int(value)) if value == int(value) else str(value)
    return text.replace(".", ",")
