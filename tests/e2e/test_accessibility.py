"""WCAG 2.1 A/AA in the browser: axe-core over every page, for every role, in both languages.

One served app and one browser for the whole module. Each role × language is one tab: the local
user picks the role ("Se appen som") and the language in the sidebar, then walks the role's
pages (core.roles.pages_for, so a new page is checked as soon as it is in PAGES) through the
sidebar's links, which keep the session, and runs axe-core (shipped inside
axe-playwright-python; nothing is downloaded) on each page once it has drawn.

A serious or critical violation fails the test, except those listed in STREAMLIT_OWN: each comes
from Streamlit's own components, cannot be fixed from the app, and names its upstream issue.
Such an exception covers only the rule on Streamlit's own element (matched by selector), so the
same rule broken by our content still fails.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from core.i18n import LANGUAGE_NAMES, translate
from core.roles import ROLES, pages_for
from tests.e2e.conftest import browser_tab, choose_in_sidebar, open_page
from tests.e2e.test_pages import charts_drawn, tables_drawn
from tests.e2e.test_report import wait_for_report

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
FAILING_IMPACTS = ("serious", "critical")


@dataclass(frozen=True)
class KnownViolation:
    """A violation in Streamlit's own markup: the rule, where (a CSS selector's start), why, and
    the upstream issue that tracks it."""

    rule: str
    selector: str
    reason: str
    upstream: str


# None today: what axe found in Streamlit's markup could be avoided from the app (the section
# headings inside the navigation's list: the navigation is flat; st.metric's sparkline without a
# text alternative: the cards have none; captions faded below 4.5:1: a darker theme text colour).
STREAMLIT_OWN: tuple[KnownViolation, ...] = ()


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def serious_violations(axe: Axe, page) -> list[str]:
    """'rule (impact): help at selector' for each serious or critical node axe finds, minus
    Streamlit's own known ones."""
    results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in FAILING_IMPACTS:
            continue
        for node in violation["nodes"]:
            selector = " ".join(str(part) for part in node["target"])
            if any(
                known.rule == violation["id"] and selector.startswith(known.selector)
                for known in STREAMLIT_OWN
            ):
                continue
            found.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} at {selector}"
            )
    return found


@pytest.mark.parametrize("language", ["nb", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_the_role_has_no_serious_wcag_violation(
    browser, app_url, axe, role, language
):
    with browser_tab(browser) as page:
        open_page(page, app_url)
        # Role names are said in bokmål until English is on.
        choose_in_sidebar(page, "Se appen som", role)
        choose_in_sidebar(page, "Språk", LANGUAGE_NAMES[language])
        sidebar = page.get_by_test_id("stSidebar")
        found = {}
        for spec in pages_for(role):
            title = translate(spec.title, language)
            sidebar.get_by_role("link", name=title, exact=True).click()
            wait_for_report(page)  # a first map or report in the process takes a while
            # Until a rerun's elements are all drawn anew, Streamlit shows the old ones faded.
            page.wait_for_function("!document.querySelector('[data-stale=\"true\"]')")
            expect(page.get_by_role("heading", name=title, exact=True)).to_be_visible()
            tables_drawn(page)
            charts_drawn(page)
            violations = serious_violations(axe, page)
            if violations:
                found[spec.id] = violations
        assert not found, "\n".join(
            f"{page_id}: {violation}" for page_id, shown in found.items() for violation in shown
        )
