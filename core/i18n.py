"""Every text people read, in bokmål and English: one gettext catalogue per language.

The message ids are the bokmål texts themselves, so code reads in the language its users speak:
`translate("Last opp", "en")` says "Upload". English is `core/locale/en/LC_MESSAGES/
boligmonitor.po` (under version control), extracted with `pybabel extract` (babel.cfg, the
keywords below) and compiled to `.mo` by `make` or the test run (`pybabel compile`); bokmål
needs no catalogue. A text that is defined in one place and shown in another (a label in a
table of settings, a page's title) is marked where it is defined with `N_`. The language is an
argument, never global: each session has its own (ui.labels.t binds it).
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Callable
from pathlib import Path

from core.formatting import Language

DOMAIN = "boligmonitor"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
# The functions whose first argument is a message: what `pybabel extract -k` looks for.
KEYWORDS = ("t", "translate", "N_", "say")
LANGUAGE_NAMES: dict[Language, str] = {"nb": "Norsk (bokmål)", "en": "English"}
Say = Callable[..., str]  # (bokmål text, **placeholders) -> the text in the reader's language


class CatalogueMissing(RuntimeError):
    """A language's catalogue has not been compiled (`make catalogues`)."""


@functools.cache
def catalogue(language: Language) -> gettext.NullTranslations:
    """The compiled catalogue of `language`; bokmål, the language of the ids, needs none."""
    if language == "nb":
        return gettext.NullTranslations()
    try:
        return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language])
    except FileNotFoundError:
        raise CatalogueMissing(
            f"The {language} catalogue is not compiled: run `make catalogues` "
            f"(pybabel compile -d {LOCALE_DIR} -D {DOMAIN})."
        ) from None


def N_(text: str) -> str:
    """`text` as it is: marks a message for the catalogue where it is defined, to be
    translated where it is shown."""
    return text


def translate(text: str, language: Language, **values: object) -> str:
    """`text` (bokmål) in `language`, with its placeholders filled in."""
    said = catalogue(language).gettext(text) if text else text
    return said.format(**values) if values else said


Say = Callable[..., str]  # (bokmål text, **placeholders) -> the text in the reader's language


def in_bokmal(text: str, **values: object) -> str:
    """Bokmål text with its placeholders filled: what `say` is without a translation."""
    return text.format(**values) if values else text


def translator(language: Language) -> Callable[..., str]:
    """`translate` bound to `language`: the `say` that geo's maps speak through."""
    return functools.partial(translate, language=language)
