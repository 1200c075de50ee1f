"""No traceback from a widget callback either: a message with a reference id, the detail in the log.

Streamlit runs on_click / on_change callbacks before the script, outside app.py's wrapper; each one
is decorated with ui.common.callback, which turns what it raises into a message on the page.
"""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analytics import auth
from analytics.errors import StoreUnavailableError
from analytics.store import Store
from tests.conftest import APP, ROOT, sign_in

WORDS = {"th": "แจ้งผู้ดูแลระบบพร้อมรหัสอ้างอิง", "en": "tell the administrator the reference"}
SECRET = "detail for the log only: SELECT password_hash FROM users"


def _page(name: str) -> str:
    """A page script by file name, wherever the pages live (pages/ or views/)."""
    return next(f"{folder}/{name}" for folder in ("views", "pages") if (ROOT / folder / name).exists())


def _broken(*args: object, **kwargs: object) -> None:
    raise RuntimeError(SECRET)


def _shown_reference(at: AppTest, lang: str) -> str:
    """The one error on the page: the plain message; its reference id."""
    assert not at.exception, [e.value for e in at.exception]
    shown = [e.value for e in at.error]
    assert len(shown) == 1, shown
    assert WORDS[lang] in shown[0], shown[0]
    every_text = " ".join(str(getattr(e, "value", "")) for e in at.main) + " ".join(shown)
    assert "SELECT" not in every_text and "Traceback" not in every_text and "RuntimeError" not in every_text
    found = re.search(r"([0-9A-F]{8})\.?$", shown[0])
    assert found, shown[0]
    return found[1]


def _logged_with_traceback(caplog: pytest.LogCaptureFixture, ref: str) -> None:
    logged = [r for r in caplog.records if ref in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info is not None
    assert SECRET in str(logged[0].exc_info[1])


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_failing_sign_in_callback_shows_a_reference_and_the_form_again(
        app_env: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, lang: str) -> None:
    """The sign-in form's callback raises: the sign-in page says so with a reference id, the form is
    there to try again, and the log has the traceback under that id."""
    monkeypatch.delenv("PRAMERN_DEMO")
    monkeypatch.setattr(auth, "sign_in", _broken)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    with caplog.at_level(logging.ERROR, logger="pramern.app"):
        sign_in(at, "admin")
    ref = _shown_reference(at, lang)
    _logged_with_traceback(caplog, ref)
    assert at.text_input(key="auth_email") is not None and at.text_input(key="auth_password").value == ""
    assert "auth_user" not in at.session_state


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_failing_page_callback_shows_a_reference_and_the_page_still_runs(
        app_env: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, lang: str) -> None:
    """The admin page's add-account callback raises: the page runs on with the message at its top."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    sign_in(at.run(), "admin")
    at.switch_page(_page("8_admin.py")).run()
    assert not at.exception and not at.error
    monkeypatch.setattr(Store, "add_user", _broken)
    at.text_input(key="adm_add_email").input("new.person@dpim.go.th")
    at.radio(key="adm_add_source").set_value(auth.OIDC)
    with caplog.at_level(logging.ERROR, logger="pramern.app"):
        at.button(key="adm_add_submit").click().run()
    ref = _shown_reference(at, lang)
    _logged_with_traceback(caplog, ref)
    assert at.button(key="adm_add_submit") is not None  # the rest of the page was drawn
    assert at.session_state["adm_add_password"] == ""  # the callback blanked the password before it failed


def test_a_refusal_in_a_callback_is_its_own_message(app_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure the domain explains (here the database gone) shows its own words, its password masked."""
    def down(*args: object, **kwargs: object) -> None:
        raise StoreUnavailableError("The PostgreSQL database postgresql://app:***@db/pramern cannot be reached.",
                                    "ติดต่อฐานข้อมูล PostgreSQL postgresql://app:***@db/pramern ไม่ได้")

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    sign_in(at.run(), "admin")
    at.switch_page(_page("8_admin.py")).run()
    monkeypatch.setattr(Store, "add_user", down)
    at.text_input(key="adm_add_email").input("new.person@dpim.go.th")
    at.radio(key="adm_add_source").set_value(auth.OIDC)
    at.button(key="adm_add_submit").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["The PostgreSQL database postgresql://app:***@db/pramern cannot be reached."]


def _callbacks(tree: ast.AST) -> list[tuple[str, int]]:
    """(name, line) of every function passed as on_click / on_change / on_submit in a module."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for keyword in node.keywords:
                if keyword.arg in ("on_click", "on_change", "on_submit") and isinstance(keyword.value, ast.Name):
                    found.append((keyword.value.id, node.lineno))
    return found


def test_every_widget_callback_is_decorated() -> None:
    """Each function handed to a widget as its callback, in app.py, the pages and ui/, is @callback."""
    files = [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py"))]
    files += [p for folder in ("pages", "views") for p in sorted((ROOT / folder).glob("*.py"))]
    undecorated, seen = [], 0
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defs = {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}
        for name, line in _callbacks(tree):
            seen += 1
            decorators = [d.id for d in defs[name].decorator_list if isinstance(d, ast.Name)] if name in defs else []
            if "callback" not in decorators:
                undecorated.append(f"{path.relative_to(ROOT)}:{line} {name}")
    assert seen >= 6, "the sidebar's, the sign-in's, the password change's, the admin page's and the actions'"
    assert undecorated == []
