"""Sign-in in the app: the menu each role gets, refusals, lockout, idle expiry, demo mode, admin and audit pages.

Local accounts sign in through the form; OIDC users are simulated with AppTest.user and an [auth]
section in AppTest.secrets (st.login itself, the redirect to the identity provider, is not run).
The menu is read from the pages app.py hands to st.navigation.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from analytics import auth
from analytics.auth import User
from analytics.importing import import_file
from analytics.store import Store
from tests.conftest import ACCOUNTS, APP, DATA, ROOT, TEST_PASSWORD, account_user, sign_in

DASHBOARDS = {"overview", "kpi", "ita", "compare", "actions", "cycle"}
MENUS = {
    "viewer": DASHBOARDS,
    "analyst": DASHBOARDS | {"upload"},
    "admin": DASHBOARDS | {"upload", "admin", "audit"},
}
FORBIDDEN = {"viewer": ["pages/7_upload.py", "pages/8_admin.py", "pages/9_audit.py"],
             "analyst": ["pages/8_admin.py", "pages/9_audit.py"], "admin": []}
OIDC_SECRETS = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "cookie-secret-never-shown-4d1f",
    "client_id": "pramern",
    "client_secret": "client-secret-never-shown-9c2e",
    "server_metadata_url": "https://sso.example.go.th/realms/dept/.well-known/openid-configuration",
}


@pytest.fixture(autouse=True)
def every_run_runs_app_py(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make AppTest run app.py on every rerun, as `streamlit run` does.

    With a pages/ folder beside app.py, AppTest otherwise reruns the current page on its own
    (Streamlit's old multipage mode), skipping app.py and with it the sign-in gate and the menu.
    """
    opened = PagesManager.__init__

    def open_without_pages_folder(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        opened(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", open_without_pages_folder)


@pytest.fixture
def signed_out_env(app_env: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app outside demo mode: nothing but the sign-in before signing in."""
    monkeypatch.delenv("PRAMERN_DEMO")
    return app_env


@pytest.fixture
def menus(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The url paths of the pages app.py gives st.navigation, one set per run ('overview' is the default '')."""
    seen: list[set[str]] = []
    original = st.navigation

    def recording(pages: Any, *args: Any, **kwargs: Any) -> Any:
        sections = pages.values() if isinstance(pages, dict) else [pages]
        seen.append({p.url_path or "overview" for section in sections for p in section})
        return original(pages, *args, **kwargs)

    monkeypatch.setattr(st, "navigation", recording)
    return seen


def new_app(lang: str = "th", oidc_user: dict[str, Any] | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    if oidc_user is not None:
        at.secrets["auth"] = dict(OIDC_SECRETS)
        at.user = oidc_user
    return at


def oidc_claims(name: str) -> dict[str, Any]:
    return {"is_logged_in": True, "email": ACCOUNTS[name][0], "name": name, "sub": f"sub-{name}"}


def open_directly(page: str, user: User | None, lang: str = "en") -> AppTest:
    """A page's script run on its own in a session signed in as user: what a URL outside the menu would reach."""
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    at.query_params["lang"] = lang
    at.session_state["sel_lang"] = lang
    if user is not None:
        at.session_state["auth_user"] = user
        at.session_state["auth_last_seen"] = auth.now()
    return at.run()


def audit(db: Path, **filters: Any) -> pd.DataFrame:
    s = Store(db)
    try:
        return s.audit_events(**filters)
    finally:
        s.close()


def texts(at: AppTest) -> str:
    """Everything an AppTest run shows as text, for checking that nothing secret is on the page."""
    found = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "success", "warning", "error",
                 "text"):
        found += [str(e.value) for e in getattr(at, kind)]
    found += [str(e.value) for e in at.exception]
    return "\n".join(found)


# -- before sign-in --------------------------------------------------------------------------------------
def test_nothing_but_the_sign_in_form_before_sign_in(signed_out_env: Path, menus: list[set[str]]) -> None:
    """Outside demo mode the first screen has the sign-in form and nothing else: no menu, sidebar or data."""
    at = new_app().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["เข้าสู่ระบบ Pramern"]
    assert menus == [{"overview"}]  # one hidden page, the sign-in, at the address asked for (the root)
    assert not at.sidebar.selectbox and not at.metric and not at.dataframe
    assert [w.key for w in at.text_input] == ["auth_email", "auth_password"]
    assert at.text_input(key="auth_password").proto.type == at.text_input(key="auth_password").proto.PASSWORD


@pytest.mark.parametrize("page", ["pages/1_overview.py", "pages/7_upload.py", "pages/8_admin.py", "pages/9_audit.py"])
def test_a_page_reached_without_signing_in_refuses(signed_out_env: Path, page: str) -> None:
    at = open_directly(page, None)
    assert [e.value for e in at.error] == ["Sign in to use this page."]
    assert not at.title and not at.metric and not at.dataframe


# -- each role through the local accounts and through OIDC --------------------------------------------------
@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_local_sign_in_lists_the_roles_pages(signed_out_env: Path, menus: list[set[str]], role: str) -> None:
    """Signed in with the form, each role's menu has exactly its pages; the rest cannot even be switched to."""
    name = "local_analyst" if role == "analyst" else role
    at = sign_in(new_app().run(), name)
    assert not at.exception
    assert at.session_state["auth_user"] == account_user(name)
    assert menus[-1] == MENUS[role]
    for page in FORBIDDEN[role]:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)
    if role == "admin":
        at.switch_page("pages/9_audit.py").run()
        assert not at.exception and at.title[0].value == "บันทึกการใช้งาน (Audit trail)"


@pytest.mark.parametrize("role", ["viewer", "analyst", "admin"])
def test_oidc_sign_in_lists_the_roles_pages(signed_out_env: Path, menus: list[set[str]], role: str) -> None:
    """A user the identity provider signed in gets the role the users table gives their e-mail."""
    name = f"oidc_{role}"
    at = new_app(oidc_user=oidc_claims(name)).run()
    assert not at.exception
    assert at.session_state["auth_user"] == account_user(name)
    assert menus[-1] == MENUS[role]
    assert audit(signed_out_env, actions=["sign_in"])["actor"].iloc[0] == ACCOUNTS[name][0]
    for page in FORBIDDEN[role]:
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


def test_oidc_before_sign_in_offers_the_providers_button(signed_out_env: Path, menus: list[set[str]]) -> None:
    at = new_app(oidc_user={"is_logged_in": False}).run()
    assert [b.key for b in at.button] == ["auth_oidc"]
    assert not at.text_input and menus == [{"overview"}]


def test_an_oidc_email_without_an_account_is_told_and_sees_nothing(signed_out_env: Path,
                                                                   menus: list[set[str]]) -> None:
    at = new_app("en", oidc_user={"is_logged_in": True, "email": "stranger@example.go.th"}).run()
    assert not at.exception
    assert [e.value for e in at.error] == [
        "You are signed in as stranger@example.go.th, but this e-mail has no access to Pramern. "
        "Ask an administrator to add it."]
    assert menus == [{"overview"}] and not at.sidebar.selectbox and not at.metric
    assert [b.key for b in at.button] == ["auth_refused_sign_out"]
    at.run()  # the refusal is audited once per session, not on every rerun
    events = audit(signed_out_env, actions=["sign_in_failed"])
    assert list(events["actor"]) == ["stranger@example.go.th"]
    assert json.loads(events["detail"].iloc[0]) == {"reason": "not_registered", "source": "oidc"}


@pytest.mark.parametrize(("role", "page"), [("viewer", "pages/7_upload.py"), ("viewer", "pages/8_admin.py"),
                                            ("viewer", "pages/9_audit.py"), ("local_analyst", "pages/8_admin.py"),
                                            ("local_analyst", "pages/9_audit.py"), ("oidc_analyst", "pages/9_audit.py")])
def test_a_forbidden_page_reached_directly_refuses(signed_out_env: Path, role: str, page: str) -> None:
    """Each restricted page refuses to render for a role that may not use it, and the refusal is audited."""
    at = open_directly(page, account_user(role))
    assert not at.exception
    role_name = {"viewer": "Viewer", "analyst": "Analyst"}[ACCOUNTS[role][1]]
    assert [e.value for e in at.error] == [
        f"You may not use this page (role: {role_name}). Ask an administrator if you need access."]
    assert not at.title and not at.dataframe and not at.button and not at.file_uploader
    assert audit(signed_out_env, actions=["denied"])["actor"].tolist() == [ACCOUNTS[role][0]]


def test_in_demo_mode_a_forbidden_page_refuses_the_guest(app_env: Path) -> None:
    at = open_directly("pages/7_upload.py", None)
    assert [e.value for e in at.error] == [
        "You may not use this page (role: Viewer). Ask an administrator if you need access."]
    assert not at.file_uploader


# -- lockout, expiry, sign-out ---------------------------------------------------------------------------------
def test_lockout_after_max_failed_sign_ins_in_the_app(signed_out_env: Path) -> None:
    """After MAX_FAILED wrong passwords even the right password is refused, with the answer an unknown e-mail gets."""
    at = new_app("en").run()
    for _ in range(auth.MAX_FAILED):
        sign_in(at, "viewer", "wrong-password-123")
        assert [e.value for e in at.error] == [auth._WRONG[0]]
    sign_in(at, "viewer")
    assert [e.value for e in at.error] == [auth._WRONG[0]]
    assert "auth_user" not in at.session_state
    failed = audit(signed_out_env, actions=["sign_in_failed"])["detail"]
    assert [json.loads(d)["reason"] for d in failed] == ["locked"] + ["wrong_password"] * auth.MAX_FAILED
    assert {json.loads(d)["client"] for d in failed} == {auth.LOCALHOST}  # the app passes the client address


def test_the_session_expires_after_the_idle_time(signed_out_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Idle longer than PRAMERN_IDLE_MINUTES, the next interaction meets the sign-in form and a warning."""
    monkeypatch.setenv("PRAMERN_IDLE_MINUTES", "10")
    at = sign_in(new_app("en").run(), "local_analyst")
    at.session_state["auth_last_seen"] = auth.now() - dt.timedelta(minutes=9)
    at.run()
    assert "auth_user" in at.session_state
    at.session_state["auth_last_seen"] = auth.now() - dt.timedelta(minutes=11)
    at.run()
    assert "auth_user" not in at.session_state
    assert [w.value for w in at.warning] == [
        "You were signed out after 10 minutes without activity. Please sign in again."]
    assert [t.value for t in at.title] == ["Sign in to Pramern"] and not at.sidebar.selectbox
    event = audit(signed_out_env, actions=["session_expired"]).iloc[0]
    assert event["actor"] == ACCOUNTS["local_analyst"][0] and json.loads(event["detail"])["idle_minutes"] == 10


def test_an_oidc_session_expires_too(signed_out_env: Path) -> None:
    at = new_app("en", oidc_user=oidc_claims("oidc_viewer")).run()
    at.session_state["auth_last_seen"] = auth.now() - auth.DEFAULT_IDLE - dt.timedelta(minutes=1)
    at.run()
    assert "auth_user" not in at.session_state
    assert at.user == {"is_logged_in": False}  # st.logout() dropped the identity
    assert [b.key for b in at.button] == ["auth_oidc"]


def test_sign_out(signed_out_env: Path) -> None:
    at = sign_in(new_app("en").run(), "viewer")
    at.button(key="auth_sign_out").click().run()
    assert "auth_user" not in at.session_state
    assert [t.value for t in at.title] == ["Sign in to Pramern"]
    assert audit(signed_out_env, actions=["sign_out"])["actor"].tolist() == [ACCOUNTS["viewer"][0]]


def test_a_disabled_account_is_signed_out_on_its_next_run(signed_out_env: Path) -> None:
    at = sign_in(new_app("en").run(), "local_analyst")
    s = Store(signed_out_env)
    s.disable_user(account_user("admin"), ACCOUNTS["local_analyst"][0])
    s.close()
    at.run()
    assert "auth_user" not in at.session_state
    assert [w.value for w in at.warning] == ["This account was disabled or removed, so you have been signed out."]


def test_a_role_change_applies_on_the_next_run(signed_out_env: Path, menus: list[set[str]]) -> None:
    at = sign_in(new_app().run(), "viewer")
    s = Store(signed_out_env)
    s.set_role(account_user("admin"), ACCOUNTS["viewer"][0], auth.ANALYST)
    s.close()
    at.run()
    assert menus[-1] == MENUS["analyst"]


# -- demo mode ----------------------------------------------------------------------------------------------------
def test_demo_mode_shows_the_dashboards_a_banner_and_how_to_sign_in(app_env: Path, menus: list[set[str]]) -> None:
    at = new_app("en").run()
    assert not at.exception
    assert menus[-1] == MENUS["viewer"]
    banner = at.info[0].value
    assert banner.startswith("Demo mode: anyone may view the dashboards without signing in.")
    assert auth.DEMO_ANALYST_EMAIL in banner and auth.DEMO_ANALYST_PASSWORD in banner
    assert at.metric  # the overview itself
    sign_in(at, "analyst")
    at.run()
    assert menus[-1] == MENUS["analyst"]
    assert not at.info or not at.info[0].value.startswith("Demo mode")


# -- the action-plan editor ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("user", "params", "editable"), [
    (None, {"org": "DPIM", "year": "2568"}, False),
    ("viewer", {"org": "DPIM", "year": "2568"}, False),
    ("analyst", {"org": "DPIM", "year": "2568"}, True),
    ("dlpw_analyst", {"org": "DPIM", "year": "2568"}, False),
    ("dlpw_analyst", {"org": "DLPW", "year": "2563"}, True),
    ("admin", {"org": "DPIM", "year": "2568"}, True),
])
def test_the_plan_editor_only_for_analysts_covering_the_org(app_env: Path, user: str | None,
                                                            params: dict[str, str], editable: bool) -> None:
    """Analysts and admins who cover the organisation get the editor; everyone else the read-only table."""
    from tests.conftest import run_app
    at = run_app("pages/5_actions.py", "en", params, user=user)
    assert not at.exception
    assert bool(at.data_editor) == editable
    assert bool([b for b in at.button if b.key == "act_save"]) == editable
    if not editable:
        assert any("Note" in d.value.columns and len(d.value) for d in at.dataframe)
        assert "Only analysts and administrators who cover this organisation" in texts(at)


# -- the audit page ---------------------------------------------------------------------------------------------------
def test_the_audit_page_shows_a_runs_import_undo_and_edit(signed_out_env: Path) -> None:
    """An analyst's import, undo and plan edit appear on the audit page with their batches; filters narrow it."""
    analyst = account_user("local_analyst")
    s = Store(signed_out_env)
    try:
        good = DATA / "good" / "kpi_dpim_2569.csv"
        imported = import_file(s, good.read_bytes(), good.name, analyst, org="DPIM", year=2570).batch_id
        s.undo(imported, analyst)
        ids = s.actions("DPIM", 2568)["action_id"].head(1).tolist()
        edited = s.record_action_edits(pd.DataFrame({"action_id": ids, "status": ["done"], "progress": [100.0],
                                                     "note": ["checked"]}), analyst, "action-edits", "sha-x")
    finally:
        s.close()
    at = sign_in(new_app("en").run(), "admin")
    at.switch_page("pages/9_audit.py").run()
    assert not at.exception
    shown = at.dataframe[0].value  # columns by name; the page shows them under their headers
    mine = shown[shown["actor"] == analyst.email]
    assert list(mine["action"]) == ["Plan edit", "Undo", "Import"]
    assert list(mine["batch_id"]) == [edited, imported, imported]
    assert list(mine["object"])[1:] == [good.name, good.name]
    assert "Sign-in" in set(shown["action"])  # the admin's own sign-in
    assert at.download_button(key="aud_table_xlsx").label == "Download Excel"
    at.multiselect(key="aud_actions").set_value(["undo"]).run()
    assert list(at.dataframe[0].value["batch_id"]) == [imported]
    at.multiselect(key="aud_actions").set_value([]).run()
    at.selectbox(key="aud_actor").set_value(analyst.email).run()
    assert set(at.dataframe[0].value["actor"]) == {analyst.email}


# -- the admin page ------------------------------------------------------------------------------------------------
def test_an_admin_adds_an_account_and_the_password_leaves_the_session(signed_out_env: Path) -> None:
    at = sign_in(new_app("en").run(), "admin")
    at.switch_page("pages/8_admin.py").run()
    assert not at.exception
    at.text_input(key="adm_add_email").input("New.Analyst@dpim.go.th")
    at.selectbox(key="adm_add_role").set_value(auth.ANALYST)
    at.multiselect(key="adm_add_orgs").set_value(["DPIM"])
    at.text_input(key="adm_add_password").input("a-fresh-passphrase-1")
    at.text_input(key="adm_add_repeat").input("a-fresh-passphrase-1")
    at.button(key="adm_add_submit").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Added new.analyst@dpim.go.th."]
    assert at.session_state["adm_add_password"] == "" and at.session_state["adm_add_repeat"] == ""
    s = Store(signed_out_env)
    try:
        assert auth.sign_in(s, "new.analyst@dpim.go.th", "a-fresh-passphrase-1") == User(
            "new.analyst@dpim.go.th", auth.ANALYST, ("DPIM",))
        assert s.audit_events(actions=["user_add"])["actor"].iloc[0] == ACCOUNTS["admin"][0]
    finally:
        s.close()


def test_an_admin_changes_the_idle_time_and_scoring_points(signed_out_env: Path) -> None:
    at = sign_in(new_app("en").run(), "admin")
    at.switch_page("pages/8_admin.py").run()
    at.number_input(key="adm_idle").set_value(15)
    at.number_input(key="adm_below3").set_value(10.0)
    at.button(key="adm_save_settings").click().run()
    assert not at.exception
    assert "Settings saved; every page now scores with them." in texts(at)
    s = Store(signed_out_env)
    try:
        assert auth.idle_limit(s) == dt.timedelta(minutes=15)
        assert s.setting("schemes")["3-level"]["below_first"] == 10.0
        assert set(s.audit_events(actions=["setting_change"])["object"]) == {"idle_minutes", "schemes"}
    finally:
        s.close()


# -- secrets -----------------------------------------------------------------------------------------------------------
def test_no_password_or_secret_reaches_logs_pages_or_the_trail(signed_out_env: Path, caplog: pytest.LogCaptureFixture,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    """Sign-ins through the form and through OIDC, and an import, leave no password, hash or secret anywhere."""
    caplog.set_level(logging.DEBUG)
    at = new_app("en").run()
    sign_in(at, "local_analyst", "wrong-password-123")
    sign_in(at, "local_analyst")
    assert at.session_state["auth_password"] == ""
    at.switch_page("pages/7_upload.py").run()
    good = DATA / "good" / "kpi_dpim_2569.csv"
    at.file_uploader(key="up_file").upload(good.name, good.read_bytes(), "text/csv")
    at.run()
    at.selectbox(key="up_org").set_value("DPIM").run()
    at.number_input(key="up_year").set_value(2570).run()
    at.button(key="up_import").click().run()
    assert not at.exception
    oidc = new_app("en", oidc_user=oidc_claims("oidc_admin")).run()
    oidc.switch_page("pages/9_audit.py").run()
    assert not oidc.exception
    s = Store(signed_out_env)
    try:
        hashes = [a.password_hash for a in (s.account(e) for e, *_ in ACCOUNTS.values()) if a and a.password_hash]
        trail = s.audit_events()
    finally:
        s.close()
    assert {"sign_in", "sign_in_failed", "import"} <= set(trail["action"])
    out = capsys.readouterr()
    everything = "\n".join([caplog.text, out.out, out.err, trail.to_csv(), texts(at), texts(oidc),
                            repr(at.session_state.to_dict()), repr(oidc.session_state.to_dict())])
    for secret in [auth.DEMO_ANALYST_PASSWORD, TEST_PASSWORD, "wrong-password-123", OIDC_SECRETS["cookie_secret"],
                   OIDC_SECRETS["client_secret"], "$argon2", *hashes]:
        assert secret not in everything, secret


# -- every page as each role, run as `streamlit run` runs it ------------------------------------------------------
@pytest.mark.parametrize("user", [None, "viewer", "analyst", "admin"])
@pytest.mark.parametrize("params", [{"org": "DPIM", "year": "2568"}, {"org": "DLPW", "year": "2563"},
                                    {"org": "OPS", "year": "2547"}])
def test_every_listed_page_runs_for_each_role(app_env: Path, menus: list[set[str]], user: str | None,
                                              params: dict[str, str]) -> None:
    """Each page in a role's menu runs without an exception, empty states included (their upload link
    appears only for those whose menu has the upload page)."""
    at = new_app("en")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if user is not None:
        sign_in(at, user)
    listed = menus[-1]
    for page in sorted((ROOT / "pages").glob("*.py")):
        url = page.stem.split("_", 1)[1]
        if url not in listed:
            continue
        at.switch_page(f"pages/{page.name}").run()
        assert not at.exception, (page.name, [e.value for e in at.exception])
        assert not at.error or page.name != "9_audit.py"


def _export_page() -> None:
    import streamlit as st

    from ui.auth import audited
    data = audited(lambda: b"the workbook", "DPIM_2568_kpis.xlsx")()  # what a click on the button runs
    st.write(len(data))


def test_an_export_is_audited_when_its_button_runs(signed_out_env: Path) -> None:
    """A download's data callable writes an 'export' event naming the file and the signed-in person."""
    at = AppTest.from_function(_export_page, default_timeout=60)
    at.session_state["auth_user"] = account_user("viewer")
    at.run()
    assert not at.exception
    event = audit(signed_out_env, actions=["export"]).iloc[0]
    assert (event["actor"], event["object"]) == (ACCOUNTS["viewer"][0], "DPIM_2568_kpis.xlsx")
    assert json.loads(event["detail"]) == {"bytes": len(b"the workbook")}
