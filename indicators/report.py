"""The quarterly report to the council: a pure model built from the quarter's indicator values.

Built from `services.indicators.indicator_values(db, "quarter", hidden=...)`, always with
suppression: the report is public by nature, whoever downloads it. It holds what the council
reads, in order: a summary of the quarter, one section per indicator (value, changes, target,
status, a generated sentence and the quarters before it for a chart), and data notes (months
missing, flows covering fewer months, suppressed figures). The sentences compare with the same
quarter last year (housing figures swing with the seasons), else with the quarter before.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import polars as pl
from babel.lists import format_list

from core.formatting import LOCALES, Language, by_unit, change_by_unit, month, quarter
from core.i18n import N_, Say, translate
from indicators.registry import Indicator, indicator, municipal_indicators
from indicators.suppression import Thresholds
from indicators.targets import CLOSE, NOT_REACHED, REACHED

# Quarters shown in each indicator's chart, the reported one included (three years).
HISTORY_QUARTERS = 12
# The indicators the summary opens with: the action plan's headline figures.
HEADLINES = ("midlertidig", "venteliste", "housing_first")

# How each sentence compares, in words (translated where the sentence is made).
SINCE = {
    "since_last_year": N_("siden samme kvartal i fjor"),
    "since_previous": N_("siden forrige kvartal"),
}


# What the report's texts for screen readers are built from: the figures table's columns, and
# what a chart's sentence says about the reported quarter's target, by its status (bokmål ids).
FIGURES_COLUMNS = (
    N_("Indikator"),
    N_("Verdi"),
    N_("Endring fra i fjor"),
    N_("Endring fra forrige kvartal"),
    N_("Mål"),
    N_("Status"),
)
TARGET_PHRASES = {
    REACHED: N_("målet {target} er nådd"),
    CLOSE: N_("nær målet {target}"),
    NOT_REACHED: N_("målet {target} er ikke nådd"),
}


@dataclass(frozen=True)
class IndicatorGroup:
    """Indicators the report shows together, in a section of their own with a short text and one
    table, rather than one section each (bokmål ids, translated where the report is made)."""

    title: str
    text: str  # what the section shows, with {period}
    missing: str  # said when none of its indicators has a value for the quarter, with {period}
    ids: tuple[str, ...]  # registry ids, in the table's order; the first leads the text


# The portfolio and the pipeline (indicators.md 1.1, issue 12), in the order the report shows them.
PORTFOLIO = IndicatorGroup(
    title=N_("Boligmasse"),
    text=N_(
        "Boliger kommunen leier av private utleiere og leier ut videre, utleierne, "
        "leieavtalene som snart utløper, og boliger med personalbase og småhus, ved utgangen av "
        "{period}. Utleiere som har kommet til og gått ut, og boliger inn og ut av boligmassen, "
        "er summen over kvartalets måneder."
    ),
    missing=N_(
        "Ingen av tallene har verdi for {period}: øyeblikksbildene mangler kolonnene for "
        "boligmassen (eierform, utleier og leieavtale)."
    ),
    ids=(
        "innleide_boliger",
        "private_utleiere",
        "private_utleiere_nye",
        "private_utleiere_tapt",
        "innleie_utloper_3_mnd",
        "innleie_utloper_6_mnd",
        "innleie_utloper_12_mnd",
        "innleie_uten_sluttdato",
        "boliger_med_personalbase",
        "smahus",
        "boliger_inn",
        "boliger_ut",
    ),
)
PIPELINE = IndicatorGroup(
    title=N_("Boligprosjekter"),
    text=N_(
        "Boliger i kommunens boligprosjekter etter status i prosjektregisteret ved utgangen av "
        "{period}, og boliger i prosjekter som er ferdigstilt hittil i året."
    ),
    missing=N_(
        "Ingen av tallene har verdi for {period}: det er ikke lastet inn et prosjektregister."
    ),
    ids=(
        "prosjektboliger_planlagt",
        "prosjektboliger_regulert",
        "prosjektboliger_under_bygging",
        "prosjektboliger_ferdig_i_aar",
    ),
)
GROUPS = (PORTFOLIO, PIPELINE)
GROUPED_IDS = frozenset(indicator_id for group in GROUPS for indicator_id in group.ids)


@dataclass(frozen=True)
class IndicatorSection:
    """One indicator in the report: its figures for the quarter, the sentence, its history."""

    indicator: Indicator
    value: float | None
    suppressed: bool
    previous: float | None
    change_previous: float | None
    last_year: float | None
    change_last_year: float | None
    target: float | None
    status: str | None
    months: int
    months_in_period: int
    fewer_months: bool
    sentence: str
    # (quarter 'YYYY-Qn', value, target) for the chart, oldest first, the reported one last.
    history: tuple[tuple[str, float | None, float | None], ...]

    def name(self, language: Language) -> str:
        """The indicator's name in the language."""
        return translate(self.indicator.navn, language)


@dataclass(frozen=True)
class GroupSection:
    """A group of indicators in the report for the quarter: its title and text, translated,
    and its indicators' sections (shown as one table, without charts)."""

    group: IndicatorGroup
    title: str
    paragraphs: tuple[str, ...]
    sections: tuple[IndicatorSection, ...]


@dataclass(frozen=True)
class QuarterlyReport:
    """The report for one quarter, in the order the council reads it."""

    quarter: str  # 'YYYY-Qn'
    language: Language
    last_month: str | None  # 'YYYY-MM': the month the stock figures (and the map) stand at
    summary: tuple[str, ...]
    sections: tuple[IndicatorSection, ...]  # one per indicator not in a group, each with a chart
    notes: tuple[str, ...]
    groups: tuple[GroupSection, ...] = ()  # the portfolio and the pipeline, where they have rows


def quarter_of(month_key: str) -> str:
    """'2015-11' -> '2015-Q4'."""
    year, number = month_key[:4], int(month_key[5:7])
    return f"{year}-Q{(number - 1) // 3 + 1}"


def quarter_months(quarter_key: str) -> list[str]:
    """'2015-Q4' -> ['2015-10', '2015-11', '2015-12']."""
    year, number = quarter_key[:4], int(quarter_key[-1])
    return [f"{year}-{3 * (number - 1) + offset:02d}" for offset in (1, 2, 3)]


def report_quarters(loaded_months: Sequence[str]) -> list[str]:
    """Every quarter with at least one loaded month, newest first."""
    return sorted({quarter_of(key) for key in loaded_months}, reverse=True)


def default_quarter(loaded_months: Sequence[str]) -> str | None:
    """The newest quarter that has ended by the latest loaded month, else the newest there is."""
    quarters = report_quarters(loaded_months)
    if not quarters:
        return None
    latest = max(loaded_months)
    ended = [key for key in quarters if quarter_months(key)[-1] <= latest]
    return ended[0] if ended else quarters[0]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def subject(entry: Indicator, language: Language) -> str:
    """What a sentence is about: 'Antall husstander i midlertidig botilbud' for a stock count,
    else the name ('Andel ledige boliger', 'Nye i midlertidig botilbud')."""
    name = translate(entry.navn, language)
    if entry.unit == "count" and entry.kind == "stock":
        return translate("Antall {name}", language, name=_lower_first(name))
    return name


def change_sentence(
    entry: Indicator,
    value: float | None,
    earlier: float | None,
    *,
    since: str,
    period: str,
    language: Language,
) -> str:
    """'Antall … gikk ned fra 230 til 186 siden samme kvartal i fjor, en forbedring.'

    `since` is 'since_last_year' or 'since_previous'; without an earlier value the sentence
    only gives the quarter's value.
    """
    about = subject(entry, language)
    new = by_unit(value, entry.unit, language)
    if earlier is None:
        said = translate(
            "{subject} var {new} i {period}", language, subject=about, new=new, period=period
        )
        return said + "."
    old = by_unit(earlier, entry.unit, language)
    words = {"subject": about, "old": old, "new": new, "since": translate(SINCE[since], language)}
    if old == new:
        return translate("{subject} var uendret på {new} {since}", language, **words) + "."
    if value < earlier:
        sentence = translate("{subject} gikk ned fra {old} til {new} {since}", language, **words)
    else:
        sentence = translate("{subject} økte fra {old} til {new} {since}", language, **words)
    if entry.lower_is_better is not None:
        if (value < earlier) == entry.lower_is_better:
            sentence += translate(", en forbedring", language)
        else:
            sentence += translate(", en forverring", language)
    return sentence + "."


def indicator_sentence(row: dict, entry: Indicator, period: str, language: Language) -> str:
    """The section's text: the change, then the target and how many months a flow covers."""
    about = subject(entry, language)
    if row["prikket"]:
        return translate(
            "{subject} i {period} er prikket: tallet er lite, eller kunne sammen med andre tall "
            "avslørt et lite tall.",
            language,
            subject=about,
            period=period,
        )
    if row["verdi"] is None:
        return translate(
            "{subject} har ingen verdi for {period}.", language, subject=about, period=period
        )
    if row["faerre_maaneder"]:
        # A flow over part of the quarter is not comparable with a whole quarter.
        earlier, since = None, "since_last_year"
    elif row["i_fjor"] is not None:
        earlier, since = row["i_fjor"], "since_last_year"
    else:
        earlier, since = row["forrige"], "since_previous"
    sentence = change_sentence(
        entry, row["verdi"], earlier, since=since, period=period, language=language
    )
    if row["mal"] is not None and row["status"] is not None:
        sentence += translate(
            " Målet for kvartalet er {target}: {status}.",
            language,
            target=by_unit(row["mal"], entry.unit, language),
            status=translate(row["status"], language),
        )
    if row["faerre_maaneder"]:
        sentence += translate(
            " Tallet bygger på {months} av {in_period} måneder.",
            language,
            months=row["maaneder"],
            in_period=row["maaneder_i_perioden"],
        )
    return sentence


def _history(values: pl.DataFrame, indicator_id: str, start: date) -> tuple:
    rows = (
        values.filter((pl.col("indikator") == indicator_id) & (pl.col("periode_start") <= start))
        .sort("periode_start")
        .tail(HISTORY_QUARTERS)
    )
    return tuple(rows.select("periode", "verdi", "mal").iter_rows())


def _section(row: dict, history: tuple, period: str, language: Language) -> IndicatorSection:
    entry = indicator(row["indikator"])
    return IndicatorSection(
        indicator=entry,
        value=row["verdi"],
        suppressed=bool(row["prikket"]),
        previous=row["forrige"],
        change_previous=row["endring_forrige"],
        last_year=row["i_fjor"],
        change_last_year=row["endring_i_fjor"],
        target=row["mal"],
        status=row["status"],
        months=row["maaneder"] or 0,
        months_in_period=row["maaneder_i_perioden"] or 3,
        fewer_months=bool(row["faerre_maaneder"]),
        sentence=indicator_sentence(row, entry, period, language),
        history=history,
    )


def _improved(section: IndicatorSection) -> bool | None:
    """Better than the same quarter last year (None: no direction, no comparison or no change)."""
    direction = section.indicator.lower_is_better
    change = section.change_last_year
    if direction is None or change is None or change == 0 or section.fewer_months:
        return None
    return (change < 0) == direction


def summary(
    sections: Sequence[IndicatorSection], period: str, last_month: str | None, language: Language
) -> tuple[str, ...]:
    """What the quarter came to: coverage, the headline figures, targets and the trend."""
    if last_month is None:
        return (translate("Det finnes ingen data for {period}.", language, period=period),)
    by_id = {section.indicator.id: section for section in sections}
    statuses = [section.status for section in sections if section.status is not None]
    improved = [_improved(section) for section in sections]
    return (
        translate(
            "Rapporten gjelder {period}. Beholdningstallene står per utgangen av {month}.",
            language,
            period=period,
            month=month(last_month, language),
        ),
        *(by_id[key].sentence for key in HEADLINES if key in by_id),
        translate(
            "Av {total} indikatorer med mål er {reached} nådd, {close} nær målet og {missed} "
            "ikke nådd.",
            language,
            total=len(statuses),
            reached=statuses.count(REACHED),
            close=statuses.count(CLOSE),
            missed=statuses.count(NOT_REACHED),
        ),
        translate(
            "Sammenlignet med samme kvartal i fjor ble {better} indikatorer bedre og {worse} "
            "dårligere.",
            language,
            better=improved.count(True),
            worse=improved.count(False),
        ),
    )


def _listing(names: Sequence[str], language: Language) -> str:
    """'a, b og c' (nb), 'a, b and c' (en)."""
    return format_list(list(names), locale=LOCALES[language])


def pathway_notes(sections: Sequence[IndicatorSection], language: Language) -> list[str]:
    """Under the share still housed: how many of its households it leaves out as unknown."""
    unknown = [s for s in sections if s.indicator.id == "bosatt_fortsatt_12_mnd_ukjent"]
    if not unknown or unknown[0].value is None:
        return []
    count = by_unit(unknown[0].value, "count", language, suppressed=unknown[0].suppressed)
    return [
        translate(
            "Andelen fortsatt bosatt 12 måneder etter midlertidig botilbud holder utenfor {count} "
            "husstander som ikke er med i kvartalets siste uttrekk (ukjent situasjon).",
            language,
            count=count,
        )
    ]


def data_notes(
    sections: Sequence[IndicatorSection],
    quarter_key: str,
    loaded_months: Sequence[str],
    thresholds: Thresholds,
    language: Language,
) -> tuple[str, ...]:
    """Months missing in the quarter, flows covering fewer months, suppressed figures."""
    loaded = set(loaded_months)
    missing = [month(key, language) for key in quarter_months(quarter_key) if key not in loaded]
    if missing:
        months = _listing(missing, language)
        notes = [
            translate("Kvartalet mangler øyeblikksbilder for {months}.", language, months=months)
        ]
    else:
        notes = [translate("Alle tre månedene i kvartalet har øyeblikksbilder.", language)]
    short = [section for section in sections if section.fewer_months]
    if short:
        names = [
            translate(
                "{name} ({months} av {in_period})",
                language,
                name=section.name(language),
                months=section.months,
                in_period=section.months_in_period,
            )
            for section in short
        ]
        notes.append(
            translate(
                "Strømtall som bygger på færre enn {in_period} måneder: {names}.",
                language,
                in_period=3,
                names=_listing(names, language),
            )
        )
    hidden = [section.name(language) for section in sections if section.suppressed]
    limits = {"k": thresholds.k, "strict": thresholds.strict}
    if hidden:
        notes.append(
            translate(
                "Prikket (vises som «:») fordi tallet er under {k} ({strict} for sårbare "
                "grupper), eller fordi det sammen med andre tall kunne avslørt et slikt tall: "
                "{names}.",
                language,
                names=_listing(hidden, language),
                **limits,
            )
        )
    else:
        notes.append(
            translate(
                "Ingen tall er prikket. Tall under {k} ({strict} for sårbare grupper) ville "
                "vist «:».",
                language,
                **limits,
            )
        )
    notes.extend(pathway_notes(sections, language))
    notes.append(
        translate(
            "Endringer er regnet mot samme kvartal i fjor og forrige kvartal; andeler endres i "
            "prosentpoeng. Strømtall er summen over kvartalets måneder, beholdningstall verdien "
            "i kvartalets siste måned.",
            language,
        )
    )
    return tuple(notes)


def group_section(
    group: IndicatorGroup, sections: Sequence[IndicatorSection], period: str, language: Language
) -> GroupSection | None:
    """The group's part of the report from the quarter's sections (None when none of its
    indicators has a row): what it shows, then the leading indicator's sentence, or that
    nothing has a value."""
    by_id = {section.indicator.id: section for section in sections}
    own = tuple(by_id[indicator_id] for indicator_id in group.ids if indicator_id in by_id)
    if not own:
        return None
    paragraphs = [translate(group.text, language, period=period)]
    if any(section.value is not None or section.suppressed for section in own):
        paragraphs.append(own[0].sentence)
    else:
        paragraphs.append(translate(group.missing, language, period=period))
    return GroupSection(
        group=group,
        title=translate(group.title, language),
        paragraphs=tuple(paragraphs),
        sections=own,
    )


def quarterly_report(
    values: pl.DataFrame,
    quarter_key: str,
    *,
    loaded_months: Sequence[str],
    thresholds: Thresholds,
    language: Language = "nb",
) -> QuarterlyReport:
    """The report for `quarter_key` ('2015-Q4') from `indicator_values(db, "quarter", ...)`.

    `values` must be suppressed with `thresholds` (the notes name them); `loaded_months`
    ('YYYY-MM') tell which of the quarter's months have snapshots. The indicators of GROUPS
    are reported in their group's section, not one by one; the summary and the notes count
    every indicator.
    """
    period = quarter(quarter_key, language)
    rows = values.filter(pl.col("periode") == quarter_key)
    by_id = {row["indikator"]: row for row in rows.iter_rows(named=True)}
    every = tuple(
        _section(
            by_id[entry.id],
            _history(values, entry.id, by_id[entry.id]["periode_start"]),
            period,
            language,
        )
        for entry in municipal_indicators()
        if entry.id in by_id
    )
    groups = (group_section(group, every, period, language) for group in GROUPS)
    in_quarter = [key for key in loaded_months if quarter_of(key) == quarter_key]
    last_month = max(in_quarter) if in_quarter else None
    return QuarterlyReport(
        quarter=quarter_key,
        language=language,
        last_month=last_month,
        summary=summary(every, period, last_month, language),
        sections=tuple(section for section in every if section.indicator.id not in GROUPED_IDS),
        notes=data_notes(every, quarter_key, loaded_months, thresholds, language),
        groups=tuple(group for group in groups if group is not None),
    )


def _shown(value: float | None) -> bool:
    return value is not None and not math.isnan(value)


def section_quarter(section: IndicatorSection) -> str:
    """The quarter the section reports ('YYYY-Qn'): its history ends with it."""
    return section.history[-1][0]


def _period(first: str, last: str, language: Language, say: Say) -> str:
    """'2023 K4 til 2026 K3', or one quarter."""
    if first == last:
        return quarter(first, language)
    return say("{first} til {last}", first=quarter(first, language), last=quarter(last, language))


def _target_phrase(section: IndicatorSection, language: Language, say: Say) -> str | None:
    if section.target is None:
        return None
    target = by_unit(section.target, section.indicator.unit, language)
    if section.status in TARGET_PHRASES:
        return say(TARGET_PHRASES[section.status], target=target)
    return say("målet er {target}", target=target)


def chart_summary(section: IndicatorSection, language: Language, say: Say) -> str:
    """What the section's chart shows, in one sentence: 'Husstander i midlertidig botilbud,
    2023 K4 til 2026 K3: fra 230 til 186; målet 190 er nådd.'

    The span runs from the first to the last quarter with a value; a reported quarter without
    one (suppressed or missing) is named, and the reported quarter's target closes the sentence.
    """
    name = section.name(language)
    unit = section.indicator.unit
    known = [(key, value) for key, value, _ in section.history if _shown(value)]
    if not known:
        period = _period(section.history[0][0], section_quarter(section), language, say)
        head = say("{name}, {period}: ingen tall å vise", name=name, period=period)
    elif len(known) == 1:
        key, value = known[0]
        head = say(
            "{name}, {period}: {value}",
            name=name,
            period=quarter(key, language),
            value=by_unit(value, unit, language),
        )
    else:
        (first, old), (last, new) = known[0], known[-1]
        head = say(
            "{name}, {period}: fra {old} til {new}",
            name=name,
            period=_period(first, last, language, say),
            old=by_unit(old, unit, language),
            new=by_unit(new, unit, language),
        )
    parts = [head]
    reported = section_quarter(section)
    if known and known[-1][0] != reported:
        shown_quarter = quarter(reported, language)
        if section.suppressed:
            parts.append(say("{quarter} er prikket", quarter=shown_quarter))
        else:
            parts.append(say("{quarter} mangler", quarter=shown_quarter))
    target = _target_phrase(section, language, say)
    if target is not None:
        parts.append(target)
    return "; ".join(parts) + "."


def _figures(sections: Sequence[IndicatorSection], language: Language, say: Say) -> pl.DataFrame:
    """Indicators' figures as people read them: value, changes, target, status."""

    def row(section: IndicatorSection) -> tuple[str, ...]:
        unit = section.indicator.unit
        return (
            section.name(language),
            by_unit(section.value, unit, language, suppressed=section.suppressed),
            change_by_unit(section.change_last_year, unit, language),
            change_by_unit(section.change_previous, unit, language),
            "" if section.target is None else by_unit(section.target, unit, language),
            "" if section.status is None else say(section.status),
        )

    return pl.DataFrame(
        [row(section) for section in sections],
        schema={say(name): pl.String for name in FIGURES_COLUMNS},
        orient="row",
    )


def figures_table(report: QuarterlyReport, say: Say) -> pl.DataFrame:
    """The quarter's figures of the indicators reported one by one: value, changes, target,
    status (a group's figures are in its own table)."""
    return _figures(report.sections, report.language, say)


def group_table(group: GroupSection, language: Language, say: Say) -> pl.DataFrame:
    """A group's figures for the quarter, as the figures table shows them."""
    return _figures(group.sections, language, say)


def history_table(section: IndicatorSection, language: Language, say: Say) -> pl.DataFrame:
    """The chart's figures: one row per quarter with its value, and its target when the chart
    draws one. The reported quarter shows `:` when suppressed; other quarters without a value
    show `..` (the history does not say which of them were suppressed)."""
    unit = section.indicator.unit
    reported = section_quarter(section)
    columns: dict[str, list[str]] = {
        say("Kvartal"): [quarter(key, language) for key, _, _ in section.history],
        say("Verdi"): [
            by_unit(value, unit, language, suppressed=section.suppressed and key == reported)
            for key, value, _ in section.history
        ],
    }
    if any(target is not None for _, _, target in section.history):
        columns[say("Mål")] = [by_unit(target, unit, language) for _, _, target in section.history]
    return pl.DataFrame(columns, schema={name: pl.String for name in columns})
