"""Every text the UI shows exists in English too, so switching language leaves no bokmål behind."""

import ast
from pathlib import Path

from ui.access import PAGES, REFUSAL_TITLES, ROLES, WRITES
from ui.labels import ENGLISH, translate
from ui.settings_view import DOOR_WORDS
from ui.tables import QUALITY_MEASURES
from warehouse.audit import AUDIT_ACTIONS, DOORS

ROOT = Path(__file__).resolve().parents[2]
SOURCES = [
    ROOT / "app.py",
    *sorted((ROOT / "ui").glob("*.py")),
    *sorted((ROOT / "pages").glob("*.py")),
]


def texts_passed_to_t(path: Path) -> set[str]:
    """The literal first arguments of t(...) and translate(...) calls in a source file."""
    calls = (
        node
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("t", "translate")
    )
    return {
        call.args[0].value
        for call in calls
        if call.args
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
    }


def test_every_literal_text_of_the_ui_has_an_english_translation():
    used = set().union(*(texts_passed_to_t(path) for path in SOURCES))
    assert "Last opp" in used  # the scan finds the calls at all
    assert sorted(used - ENGLISH.keys()) == []


def test_titles_sections_roles_refusals_changes_and_quality_measures_have_english_translations():
    words = {page.title for page in PAGES} | {page.section for page in PAGES} | set(ROLES)
    words |= set(QUALITY_MEASURES.values()) | {"feil", "advarsel", "boliger", "husstander"}
    words |= set(REFUSAL_TITLES.values()) | {change for _, change in WRITES.values()}
    assert sorted(words - ENGLISH.keys()) == []


def test_every_kind_of_audit_entry_and_every_door_has_words_in_both_languages():
    assert set(DOOR_WORDS) == set(DOORS)
    words = set(AUDIT_ACTIONS) | set(DOOR_WORDS.values())
    assert sorted(words - ENGLISH.keys()) == []


def test_a_text_is_said_in_the_chosen_language_with_its_placeholders_filled():
    text = "Innlogget som {name} ({role})"
    assert translate(text, "nb", name="Kari", role="leser") == "Innlogget som Kari (leser)"
    assert translate(text, "en", name="Kari", role="reader") == "Signed in as Kari (reader)"


def test_a_text_without_a_translation_stays_in_bokmal():
    assert translate("Ukjent tekst", "en") == "Ukjent tekst"
