"""What the Sammenligning and KOSTRA-utkast pages show, and the KOSTRA writers.

The shaping is pure (frames in, frames out, in the session's language); the readers are one
cached call into services.kostra each, keyed on the data version; the writers go through
services with this session's writer (ui.access.app_writer), so the role is read again then.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import plotly.graph_objects as go
import polars as pl

from core import formatting as fmt
from core.escaping import html_text
from core.formatting import Language
from core.i18n import N_, translate
from core.problems import IngestResult, SourceFile
from core.settings import COUNTY_PREFIX, ComparisonGroup
from indicators.kostra import (
    COUNTERPARTS,
    DRAFT_FIGURES,
    TOLERANCES,
    ComparedFigure,
    KostraCounterpart,
    Measure,
    compared_figures,
    measure_of,
)
from indicators.registry import Indicator, indicator
from services import kostra
from ui import access, cache
from ui.charts import BLUE, GREY, VERMILLION, lines_layout
from ui.indicator_view import value_text
from ui.tables import display

# Husbanken's count/share toggle (indicators.kostra.MEASURE_UNITS: which units each shows).
MEASURES: dict[Measure, str] = {"andel": N_("Andel og per 1000"), "antall": N_("Antall")}
ROLE_STYLES = {
    "egen": {"color": BLUE, "width": 4},
    "sammenligning": {"color": VERMILLION, "width": 2.5},
    "landet": {"color": GREY, "width": 2.5, "dash": "dash"},
}
GROUP_KINDS = {
    "fylke": N_("Fylket"),
    "kostragruppe": N_("KOSTRA-gruppen"),
    "naboer": N_("Nabokommuner"),
    "landet": N_("Bare landet"),
}
SWING_MARK = "⚠"
CHECK = N_("Sjekk")  # a swing over 20 %
ABOVE_TOLERANCE = N_("Større enn toleransen")
# The draft's figures counted over the year's months: a note when fewer than twelve.
DURING_YEAR = frozenset(figure.id for figure in DRAFT_FIGURES if figure.kind == "during_year")


@cache.versioned
def comparison(db: str, version: int) -> pl.DataFrame:
    """The published values of us, the comparison group and the country (services.kostra)."""
    return kostra.comparison(Path(db))


@cache.versioned
def kostra_load(db: str, version: int) -> dict | None:
    """The KOSTRA table in force: its file name and when it was loaded, or None."""
    return kostra.kostra_load(Path(db))


@cache.versioned
def own_vs_published(db: str, version: int, year_values: pl.DataFrame) -> pl.DataFrame:
    """Our year values beside what KOSTRA published for us (services.kostra)."""
    return kostra.own_vs_published(Path(db), year_values)


@cache.versioned
def group_in_force(db: str, version: int) -> ComparisonGroup:
    """The comparison group chosen in Innstillinger."""
    return kostra.group_in_force(Path(db))


@cache.versioned
def draft_years(db: str, version: int) -> list[int]:
    """The years a skjema 13 draft can be made for, newest first."""
    return kostra.draft_years(Path(db))


@cache.versioned
def draft(db: str, version: int, year: int) -> pl.DataFrame:
    """The year's skjema 13 draft (services.kostra)."""
    return kostra.kostra_draft(Path(db), year)


def municipality_names() -> dict[str, str]:
    """Kommunenummer -> name of every municipality of 2024, for the neighbour list."""
    return dict(kostra.municipalities().select("kommunenummer", "kommunenavn").iter_rows())


def region_names() -> dict[str, str]:
    """Every known region code -> name."""
    return kostra.known_regions()


def import_table(name: str, content: bytes) -> IngestResult:
    """Load an uploaded SSB table (services.kostra.import_kostra), audited, if the user's role,
    read again now, still allows it."""
    result = kostra.import_kostra(
        cache.db_path(), SourceFile(name, content), by=access.app_writer()
    )
    cache.changed_here()
    return result


def save_group(group: ComparisonGroup) -> list[str]:
    """Store the comparison group (audited); SettingsError or WriteRefused, writing nothing."""
    changed = kostra.save_comparison_group(cache.db_path(), group, by=access.app_writer())
    cache.forget_settings()
    cache.changed_here()
    return changed


def figures(measure: Measure) -> list[tuple[ComparedFigure, Indicator]]:
    """Every compared figure in the count/share choice, with the indicator of the form shown."""
    return [(each, indicator(each.counterpart.indicator_id)) for each in compared_figures(measure)]


def only_form_text(shown: ComparedFigure, language: Language) -> str:
    """What a figure without a form in the chosen measure says: the one form it has."""
    form = translate(MEASURES[measure_of(shown.counterpart)], language)
    return translate(
        "Dette tallet sammenlignes bare som «{form}»: verken våre indikatorer eller "
        "KOSTRA-tabellen har det i den andre formen. Velg «{form}» for å se det.",
        language,
        form=form,
    )


def ssb_source(counterpart: KostraCounterpart, table: str | None, language: Language) -> str:
    """Where a published figure comes from: `SSB, tabell 12913: KOSboligSper10000000`, or
    without the table number when the uploaded file does not say it."""
    if table is None:
        return translate("SSB: {variable}", language, variable=counterpart.variable_code)
    return translate(
        "SSB, tabell {table}: {variable}",
        language,
        table=table,
        variable=counterpart.variable_code,
    )


def own_source(counterpart: KostraCounterpart, language: Language) -> str:
    """Where our own figure comes from: `Boligmonitor: kommunale_boliger`."""
    return translate("Boligmonitor: {indicator}", language, indicator=counterpart.indicator_id)


def source_pair(counterpart: KostraCounterpart, table: str | None, language: Language) -> str:
    """Where both sides of a comparison come from: ours, then SSB's."""
    return f"{own_source(counterpart, language)} · {ssb_source(counterpart, table, language)}"


def series_of(series: pl.DataFrame, counterpart: KostraCounterpart) -> pl.DataFrame:
    """The comparison's rows of one counterpart's SSB variable."""
    return series.filter(pl.col("variable_code") == counterpart.variable_code)


def swing_count(figures: pl.DataFrame) -> int:
    """How many of the draft's figures swung more than 20 % from last year."""
    return int(figures["stort_sprang"].fill_null(False).sum())


def symbol_reason(symbol: str, language: Language) -> str:
    """What SSB's symbol for a missing number means, in the language."""
    nb, en = kostra.MISSING_SYMBOLS[symbol]
    return nb if language == "nb" else en


def cell_text(value: float | None, status: str | None, unit: str, language: Language) -> str:
    """A published figure as a table shows it: the value, or SSB's symbol."""
    if status is not None:
        return status
    return value_text(value, unit, language)


def symbols_text(language: Language) -> str:
    """Every SSB symbol with its reason: `. Tall kan ikke forekomme, .. Tallgrunnlag mangler, …`."""
    return ", ".join(
        f"{symbol} {symbol_reason(symbol, language).lower()}" for symbol in kostra.MISSING_SYMBOLS
    )


# The units whose tolerance Om tallene names, and how it says them.
TOLERANCE_UNITS = {
    "count": N_("{value} for antall"),
    "percent": N_("{value} prosentpoeng for andeler"),
    "per_1000": N_("{value} per 1000 innbyggere"),
}


def absolute_tolerances_text(language: Language) -> str:
    """The absolute tolerances: `2 for antall, 1 prosentpoeng for andeler, 0,5 per 1000 …`."""
    return ", ".join(
        translate(text, language, value=fmt.plain_number(TOLERANCES[unit].absolute, language))
        for unit, text in TOLERANCE_UNITS.items()
    )


def relative_tolerance_text(language: Language) -> str:
    """The relative tolerance, the same for every unit: `5 %`."""
    (relative,) = {tolerance.relative for tolerance in TOLERANCES.values()}
    return fmt.percent(relative * 100, 0, language)


def comparison_figure(series: pl.DataFrame, unit: str, language: Language) -> go.Figure:
    """One line per region (`comparison` rows of one variable), ours the thickest; a missing
    figure is a gap. Region names come from the uploaded table and are escaped."""
    traces = []
    for (region_code, rolle), rows in series.group_by("region_code", "rolle", maintain_order=True):
        rows = rows.sort("year")
        name = html_text(f"{rows['region_name'].drop_nulls().first() or region_code}")
        traces.append(
            {
                "type": "scatter",
                "x": rows["year"].to_list(),
                "y": rows["value"].to_list(),
                "name": name,
                "mode": "lines+markers",
                "line": ROLE_STYLES[rolle],
                "marker": {"size": 7},
                "customdata": [
                    [str(year), cell_text(value, status, unit, language)]
                    for year, value, status in rows.select("year", "value", "status").iter_rows()
                ],
                "hovertemplate": f"{name} %{{customdata[0]}}: <b>%{{customdata[1]}}</b>"
                "<extra></extra>",
            }
        )
    return go.Figure({"data": traces, "layout": lines_layout(language, unit, {"dtick": 1})})


def comparison_table(
    series: pl.DataFrame, unit: str, language: Language, source: str
) -> pl.DataFrame:
    """One row per region (ours first), one column per year: the value or SSB's symbol; last,
    where the figures come from (`ssb_source`)."""
    regions = series.select("region_code", "region_name").unique("region_code", keep="first")
    order = {
        code: position
        for position, code in enumerate(series["region_code"].unique(maintain_order=True))
    }
    texts = series.with_columns(
        pl.struct("value", "status")
        .map_elements(
            lambda cell: cell_text(cell["value"], cell["status"], unit, language),
            return_dtype=pl.String,
        )
        .alias("tekst"),
        pl.col("year").cast(pl.String),
    )
    wide = texts.pivot("year", index="region_code", values="tekst", sort_columns=True)
    named = wide.join(regions, on="region_code", how="left").with_columns(
        pl.coalesce("region_name", "region_code").alias("navn"),
        pl.col("region_code").replace_strict(order, return_dtype=pl.Int32).alias("rekkefolge"),
    )
    years = [column for column in wide.columns if column != "region_code"]
    return named.sort("rekkefolge").select(
        pl.col("navn").alias(translate("Region", language)),
        *years,
        pl.lit(source).alias(translate("Kilde", language)),
    )


def symbols_shown(series: pl.DataFrame, language: Language) -> str | None:
    """What the symbols in a table mean (`: Vises ikke av personvernhensyn · …`), or None."""
    found = [symbol for symbol in kostra.MISSING_SYMBOLS if symbol in series["status"].to_list()]
    if not found:
        return None
    return " · ".join(f"{symbol} {symbol_reason(symbol, language)}" for symbol in found)


def difference_table(
    compared: pl.DataFrame, language: Language, table: str | None = None
) -> pl.DataFrame:
    """Our year values beside KOSTRA's for us in the years KOSTRA published (a figure or a
    symbol), newest year first, differences above the tolerance marked, and where each side
    comes from (`table`: the SSB table number, when known)."""
    rows = compared.filter(pl.col("publisert").is_not_null() | pl.col("status").is_not_null())
    units = {each.indicator_id: indicator(each.indicator_id).unit for each in COUNTERPARTS}
    pairs = {(each.indicator_id, each.variable_code): each for each in COUNTERPARTS}
    records = rows.sort("aar", descending=True, maintain_order=True).to_dicts()

    def shown(row: dict, column: str) -> str:
        return value_text(row[column], units[row["indikator"]], language)

    return pl.DataFrame(
        {
            translate("Indikator", language): [
                translate(indicator(row["indikator"]).navn, language) for row in records
            ],
            translate("År", language): [str(row["aar"]) for row in records],
            translate("Våre tall", language): [shown(row, "egen") for row in records],
            translate("KOSTRA", language): [
                row["status"] or shown(row, "publisert") for row in records
            ],
            translate("Differanse", language): [
                fmt.change_by_unit(row["differanse"], units[row["indikator"]], language)
                for row in records
            ],
            translate("Avvik", language): [
                f"{SWING_MARK} {translate(ABOVE_TOLERANCE, language)}" if row["avvik"] else ""
                for row in records
            ],
            translate("Kilde", language): [
                source_pair(pairs[(row["indikator"], row["variable_code"])], table, language)
                for row in records
            ],
        },
        schema={
            translate(header, language): pl.String
            for header in (
                "Indikator",
                "År",
                "Våre tall",
                "KOSTRA",
                "Differanse",
                "Avvik",
                "Kilde",
            )
        },
    )


def chosen_group(
    kind: str, county: str, kostra_group: str, neighbours: list[str]
) -> ComparisonGroup:
    """The comparison group the Innstillinger widgets describe (checked when it is saved)."""
    regions = {
        "fylke": [county] if county else [],
        "kostragruppe": [kostra_group.strip().upper()],
        "naboer": list(neighbours),
        "landet": [],
    }[kind]
    return ComparisonGroup(kind, tuple(regions))


def first_or_empty(chosen: dict, kind: str) -> str:
    """The setting's first region when it is of `kind`, else `""`."""
    return chosen["regions"][0] if chosen["kind"] == kind and chosen["regions"] else ""


def county_choices() -> dict[str, str]:
    """`""` (the municipality's own county) and every county code -> its name."""
    counties = kostra.municipalities().select(
        pl.lit(COUNTY_PREFIX) + pl.col("fylkesnummer"), "fylkesnavn"
    )
    return {"": "", **dict(sorted(counties.unique().iter_rows()))}


def group_text(group: ComparisonGroup, language: Language) -> str:
    """The comparison group in words: `Fylket: Rogaland (EKA11)`, names from the region list."""
    names = region_names()
    regions = ", ".join(f"{names.get(code, code)} ({code})" for code in group.regions)
    kind = translate(GROUP_KINDS[group.kind], language)
    return f"{kind}: {regions}" if regions else kind


def default_draft_year(years: list[int], today: date) -> int:
    """The year a draft is usually made for: the newest year before this one, else the newest."""
    return next((year for year in years if year < today.year), years[0])


def draft_table(figures: pl.DataFrame, language: Language) -> pl.DataFrame:
    """The draft as the page shows it: figure, value, last year, change, the swing warning and
    a note where a figure covers less than a full year."""
    name = "navn" if language == "nb" else "name"

    def note(row: dict) -> str:
        if row["til_og_med"] is None:
            return translate("Ingen øyeblikksbilder i året", language)
        partial = row["figur"] in DURING_YEAR and row["maaneder"] < 12
        if row["til_og_med"].month != 12 or partial:
            return translate(
                "Til og med {month} ({months} måneder)",
                language,
                month=fmt.month(row["til_og_med"], language),
                months=row["maaneder"],
            )
        return ""

    return display(
        figures.with_columns(
            pl.struct(pl.all()).map_elements(note, return_dtype=pl.String).alias("merknad")
        ),
        {
            name: (N_("Tall"), None),
            "verdi": (N_("Verdi"), lambda value, lang: fmt.number(value, 0, lang)),
            "i_fjor": (N_("I fjor"), lambda value, lang: fmt.number(value, 0, lang)),
            "endring_prosent": (
                N_("Endring"),
                lambda value, lang: (
                    fmt.percent(value, 1, lang, sign=True) if value is not None else ""
                ),
            ),
            "stort_sprang": (
                N_("Sprang over 20 %"),
                lambda swing, lang: f"{SWING_MARK} {translate(CHECK, lang)}" if swing else "",
            ),
            "merknad": (N_("Merknad"), None),
        },
        language,
    )


def draft_rules(figures: pl.DataFrame, language: Language) -> list[tuple[str, str]]:
    """(figure name, the rule that computed it) in the language."""
    name, rule = ("navn", "regel") if language == "nb" else ("name", "rule")
    return list(figures.select(name, rule).iter_rows())


def draft_xlsx(figures: pl.DataFrame) -> bytes:
    """The draft as an XLSX workbook (services.kostra.draft_xlsx)."""
    return kostra.draft_xlsx(figures)
