"""One gettext catalogue per language: every message the code says has an English translation
that is not fuzzy and keeps its placeholders, the catalogue holds nothing the code no longer
says, and words defined in one place and shown in another are marked for it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from core.i18n import DOMAIN, KEYWORDS, LOCALE_DIR, catalogue, translate
from core.roles import PAGES, ROLES, WRITES
from core.settings import SETTINGS
from ui.access import REFUSAL_TITLES
from ui.settings_view import ACTION_WORDS, DOOR_WORDS
from ui.tables import CODE_WORDS, QUALITY_MEASURES
from warehouse.audit import AUDIT_ACTIONS, DOORS

ROOT = Path(__file__).resolve().parents[2]
ENGLISH = LOCALE_DIR / "en" / "LC_MESSAGES" / f"{DOMAIN}.po"
PYBABEL = Path(sys.executable).with_name("pybabel")
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def extracted(tmp_path: Path) -> Catalog:
    """What `pybabel extract` finds in the code (babel.cfg, the keywords of core.i18n)."""
    template = tmp_path / "messages.pot"
    keywords = [argument for keyword in KEYWORDS for argument in ("-k", keyword)]
    subprocess.run(
        [str(PYBABEL), "extract", "-F", "babel.cfg", *keywords, "-o", str(template), "."],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with template.open("rb") as file:
        return read_po(file)


def english() -> Catalog:
    with ENGLISH.open("rb") as file:
        return read_po(file)


def catalogue_problems(messages: Catalog, translations: Catalog) -> list[str]:
    """What keeps `translations` from saying every message of `messages`: a message without a
    translation, a fuzzy one, one whose placeholders differ, one the code no longer has."""
    problems = []
    for message in messages:
        if not message.id:
            continue
        translated = translations.get(message.id)
        if translated is None or not translated.string:
            problems.append(f"no translation: {message.id!r}")
        elif translated.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif set(PLACEHOLDER.findall(message.id)) != set(PLACEHOLDER.findall(translated.string)):
            problems.append(f"placeholders differ: {message.id!r}")
    said = {message.id for message in messages}
    problems += [
        f"not in the code: {message.id!r}"
        for message in translations
        if message.id and message.id not in said
    ]
    return problems


def test_every_message_in_the_code_has_an_english_translation_and_nothing_else_is_there(
    tmp_path,
):
    messages = extracted(tmp_path)
    assert messages.get("Last opp") is not None  # the extraction finds the calls at all
    assert messages.get("Kommunalt disponerte boliger") is not None  # and the registry's names
    assert catalogue_problems(messages, english()) == []


@pytest.mark.parametrize(
    ("translated", "problem"),
    [
        ({}, "no translation: 'Last opp'"),
        ({"Last opp": ""}, "no translation: 'Last opp'"),
        ({"Last opp": ("Upload", True)}, "fuzzy: 'Last opp'"),
        ({"Last opp": "Upload", "Borte": "Gone"}, "not in the code: 'Borte'"),
    ],
)
def test_a_missing_empty_fuzzy_or_left_over_translation_is_found(translated, problem):
    messages = Catalog()
    messages.add("Last opp")
    translations = Catalog(locale="en")
    for message, string in translated.items():
        text, fuzzy = string if isinstance(string, tuple) else (string, False)
        translations.add(message, text, flags=["fuzzy"] if fuzzy else [])
    assert catalogue_problems(messages, translations) == [problem]


def test_a_translation_that_loses_a_placeholder_is_found():
    messages = Catalog()
    messages.add("Innlogget som {name}")
    translations = Catalog(locale="en")
    translations.add("Innlogget som {name}", "Signed in")
    assert catalogue_problems(messages, translations) == [
        "placeholders differ: 'Innlogget som {name}'"
    ]


def test_titles_sections_roles_refusals_changes_settings_and_codes_have_english_words():
    words = {page.title for page in PAGES} | {page.section for page in PAGES} | set(ROLES)
    words |= set(QUALITY_MEASURES.values()) | set(CODE_WORDS) | set(REFUSAL_TITLES.values())
    words |= {change for _, change in WRITES.values()} | {setting.label for setting in SETTINGS}
    translations = english()
    assert sorted(word for word in words if not translations.get(word)) == []


def test_every_kind_of_audit_entry_and_every_door_has_words_in_both_languages():
    assert set(DOOR_WORDS) == set(DOORS)
    assert set(ACTION_WORDS) == set(AUDIT_ACTIONS)
    translations = english()
    words = {*ACTION_WORDS.values(), *DOOR_WORDS.values()}
    assert sorted(word for word in words if not translations.get(word)) == []


def test_a_text_is_said_in_the_chosen_language_with_its_placeholders_filled():
    text = "Innlogget som {name} ({role})"
    assert translate(text, "nb", name="Kari", role="leser") == "Innlogget som Kari (leser)"
    assert translate(text, "en", name="Kari", role="reader") == "Signed in as Kari (reader)"


def test_each_language_has_its_own_catalogue_and_bokmal_needs_none():
    assert catalogue("en").gettext("Last opp") == "Upload"
    assert catalogue("nb").gettext("Last opp") == "Last opp"
    assert translate("Kommunalt disponerte boliger", "en") == "Municipally disposed dwellings"
