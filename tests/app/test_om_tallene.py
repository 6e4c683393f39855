"""Om tallene on the demo: every definition from the registry, suppression, sources, format."""

from __future__ import annotations

from core.i18n import translate
from core.snapshot_format import TABLES
from indicators.registry import INDICATORS
from tests.app.read_only import app_db  # noqa: F401  (one warm copy for the module)


def format_table(app, first_column):
    return next(
        frame.value
        for frame in app.dataframe
        if "Kolonne" in frame.value.columns and frame.value.iloc[0]["Kolonne"] == first_column
    )


def test_every_indicator_of_the_registry_is_defined_on_the_page(open_page):
    app = open_page("om_tallene", role="leser")
    assert not app.exception
    texts = {markdown.value for markdown in app.markdown}
    for entry in INDICATORS:
        assert f"**{entry.navn}** · `{entry.id}`" in texts
        assert entry.definisjon in texts


def test_the_suppression_rule_names_the_thresholds_in_force(open_page):
    app = open_page("om_tallene", role="leser")
    rule = next(markdown.value for markdown in app.markdown if "Som i SSBs" in markdown.value)
    # The default thresholds: k = 3, and 5 for districts and sensitive groups.
    assert "et antall under 3" in rule
    assert "er grensen 5" in rule
    assert [info.value for info in app.info][-1] == "Rollen din ser prikkede tall."


def test_the_page_says_how_hidden_figures_are_kept_from_being_worked_out(open_page):
    rule = next(
        markdown.value
        for markdown in open_page("om_tallene", role="leser").markdown
        if "sekundær prikking" in markdown.value
    )
    assert "kvartalet summen av månedene" in rule
    assert "delområdene summerer seg til kommunen" in rule
    assert "som ett likningssystem" in rule


def test_a_caseworker_is_told_the_figures_are_unsuppressed(open_page):
    app = open_page("om_tallene", role="saksbehandler")
    assert [info.value for info in app.info][-1] == "Rollen din ser tallene uprikket."


def test_the_snapshot_format_lists_every_column_of_both_tables(open_page):
    app = open_page("om_tallene")
    dwellings = format_table(app, "bolig_id")
    households = format_table(app, "husstand_id")
    assert list(dwellings["Kolonne"]) == TABLES["boliger"].column_names
    assert list(households["Kolonne"]) == TABLES["husstander"].column_names
    assert "Øyeblikksbildeformatet (versjon 1.1)" in [header.value for header in app.header]


def test_in_english_the_definitions_are_english(open_page):
    app = open_page("om_tallene", language="en")
    assert app.title[0].value == "About the figures"
    texts = {markdown.value for markdown in app.markdown}
    assert translate(INDICATORS[0].definisjon, "en") in texts


def test_the_page_explains_kostra_its_symbols_and_the_tolerance(open_page):
    app = open_page("om_tallene", role="leser")
    (kostra,) = [
        markdown.value for markdown in app.markdown if "KOSTRA publiserte" in markdown.value
    ]
    # indicators.kostra.TOLERANCES: 2, 1 point and 0,5 absolute, and 5 % of SSB's figure.
    assert ": vises ikke av personvernhensyn" in kostra
    assert (
        "større enn både 2 for antall, 1 prosentpoeng for andeler, 0,5 per 1000 innbyggere og "
        "5\u00a0% av SSBs tall" in kostra
    )
