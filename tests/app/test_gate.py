"""The gate: every page file, run on its own (as Streamlit would run a file of a pages/ folder),
refuses under every condition app.py refuses under; and app.py, refused, still ends in
st.navigation, so no URL reaches a page file.

The pages come from the access policy (ui.roles.PAGES), so a new page is covered by itself.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from core.roles import PAGES, ROLES, ROLES_FILE_ENV, PageSpec, Request, may_see
from tests.app.conftest import LOCAL_REQUEST, ROOT, RUN_TIMEOUT
from tests.app.read_only import app_db  # noqa: F401  (the refusals write nothing)
from tests.app.test_roles import AUTH, EMAIL_BY_ROLE, ROLES_FILE
from ui import access

OPEN_LOCAL_MODE = "Boligmonitor starter ikke"
UNKNOWN_HOST = "Boligmonitor svarer ikke på denne adressen."
NO_PAGE = "Du har ikke tilgang til denne siden."


@dataclass(frozen=True)
class Condition:
    """One reason to refuse: the connection, the server's address, sign-in, and who is signed
    in; `says` is the start of what the refusal shows (an error, or the title)."""

    name: str
    says: str
    request: Request = LOCAL_REQUEST
    address: str = "localhost"
    auth: bool = False
    user: dict = field(default_factory=dict)


def signed_in_as(email: str) -> dict:
    return {"is_logged_in": True, "email": email, "sub": f"sub-{email}"}


CONDITIONS = [
    Condition("local mode on a public address", OPEN_LOCAL_MODE, address="0.0.0.0"),
    Condition(
        "local mode for a browser on another machine",
        OPEN_LOCAL_MODE,
        request=Request("localhost:8501", "http://localhost:8501", peer="192.168.1.20"),
    ),
    Condition(
        "local mode under another host name (DNS rebinding)",
        UNKNOWN_HOST,
        request=Request("rebind.test:8501", "http://rebind.test:8501"),
    ),
    Condition("no Host header", UNKNOWN_HOST, request=Request(None)),
    Condition(
        "a page on another site opens the connection",
        UNKNOWN_HOST,
        request=Request("localhost:8501", "https://evil.example"),
    ),
    Condition(
        "sign-in, a host that is not the redirect_uri's",
        UNKNOWN_HOST,
        request=Request("boligmonitor.evil.example", "https://boligmonitor.evil.example"),
        auth=True,
        user=signed_in_as(EMAIL_BY_ROLE["admin"]),
    ),
    Condition("sign-in, nobody signed in", "Logg inn", auth=True, user={"is_logged_in": False}),
    Condition(
        "sign-in, signed in without a role",
        "Ingen tilgang ennå",
        auth=True,
        user=signed_in_as("ukjent@kommune.no"),
    ),
]
# Every page, under every condition, and under every role that may not see it.
REFUSALS = [(page, condition) for page in PAGES for condition in CONDITIONS] + [
    (
        page,
        Condition(
            f"sign-in, signed in as {role}",
            NO_PAGE,
            auth=True,
            user=signed_in_as(EMAIL_BY_ROLE[role]),
        ),
    )
    for page in PAGES
    for role in ROLES
    if not may_see(role, page.id)
]


@pytest.fixture
def under(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator:
    """`under(app, condition)`: the app about to run under `condition`."""
    roles = tmp_path / "roller.toml"
    roles.write_text(ROLES_FILE, encoding="utf-8")
    monkeypatch.setenv(ROLES_FILE_ENV, str(roles))
    address = config.get_option("server.address")

    def prepare(app: AppTest, condition: Condition) -> AppTest:
        monkeypatch.setattr(access, "this_request", lambda: condition.request)
        config.set_option("server.address", condition.address)
        if condition.auth:
            app.secrets = AUTH
            app.user = condition.user
        return app

    yield prepare
    config.set_option("server.address", address)


def shows_only_the_refusal(app: AppTest, condition: Condition, page: PageSpec) -> None:
    assert not app.exception
    shown = [element.value for element in (*app.error, *app.title)]
    assert any(text.startswith(condition.says) for text in shown), shown
    assert page.title not in [title.value for title in app.title]
    assert len(app.dataframe) == 0
    assert len(app.get("file_uploader")) == 0
    assert len(app.get("download_button")) == 0


@pytest.mark.parametrize(
    ("page", "condition"),
    REFUSALS,
    ids=[f"{page.id}: {condition.name}" for page, condition in REFUSALS],
)
def test_a_page_file_run_on_its_own_refuses(under, page, condition):
    app = AppTest.from_file(str(page.path), default_timeout=RUN_TIMEOUT)
    under(app, condition).run()
    shows_only_the_refusal(app, condition, page)


@pytest.mark.parametrize("condition", CONDITIONS, ids=lambda condition: condition.name)
def test_the_entry_script_refuses_and_still_ends_in_navigation_to_no_page(under, condition):
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=RUN_TIMEOUT)
    under(app, condition).run()
    shows_only_the_refusal(app, condition, PAGES[0])
    # st.navigation ran (with the refusal as its only page): no page file is reachable.
    for page in PAGES:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            app.switch_page(f"app_pages/{page.id}.py")


def first_call(path: Path) -> ast.Call:
    """The first call a page file makes once its imports are done."""
    module = ast.parse(path.read_text(encoding="utf-8"))
    for statement in module.body:
        if isinstance(statement, ast.Import | ast.ImportFrom | ast.FunctionDef):
            continue
        calls = [node for node in ast.walk(statement) if isinstance(node, ast.Call)]
        if calls:
            return calls[0]
    raise AssertionError(f"{path.name} makes no call")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.id)
def test_every_page_files_first_call_is_the_gate_for_that_page(page):
    call = first_call(page.path)
    assert ast.unparse(call) == f"require_page_access('{page.id}')"
