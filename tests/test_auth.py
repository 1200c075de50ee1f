"""Roles, permissions, local accounts, lockout, idle expiry, the audit trail and the guarded write functions."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics import auth, cli, demo, settings
from analytics.auth import ADMIN, ANALYST, SYSTEM, VIEWER, User
from analytics.errors import (
    InvalidUserError,
    LastAdminError,
    PasswordRejected,
    PermissionDenied,
    SignInFailed,
    UserExistsError,
)
from analytics.exports.excel import table_to_xlsx
from analytics.importing import files_dir, import_file, parse_file
from analytics.store import Store
from tests.conftest import BOTH_ENGINES, ROOT

ENGINES = BOTH_ENGINES

DEMO = ROOT / "data" / "demo"
PASSWORD = "a-long-and-secret-passphrase-2568"
T0 = dt.datetime(2026, 11, 20, 9, 0, 0)
WRONG_EN = auth._WRONG[0]

VIEWER_U = User("exec@dpim.go.th", VIEWER)
ANALYST_U = User("analyst@dpim.go.th", ANALYST)
OTHER_ANALYST = User("other.analyst@dpim.go.th", ANALYST)
DLPW_ANALYST = User("analyst@dlpw.go.th", ANALYST, ("DLPW",))
ADMIN_U = User("admin@dpim.go.th", ADMIN)

KPI_CSV = """org_code,fiscal_year,dimension,kpi_code,kpi_name,weight,c1,c2,c3,result_12m
{org},2568,1,1.1,ร้อยละของคำขอที่พิจารณาเสร็จ,60,80,85,90,87.5
{org},2568,2,2.1,ระดับความสำเร็จของแผน,40,3,4,5,4
"""


def kpi_bytes(org: str = "DPIM") -> bytes:
    return KPI_CSV.format(org=org).encode()


def plan_for(store: Store, data: bytes, name: str = "kpi.csv"):  # type: ignore[no-untyped-def]
    parsed = parse_file(data, name, store)
    assert parsed.ok, [p.message("en") for p in parsed.problems]
    return parsed.plan


def actions_of(store: Store, action: str) -> pd.DataFrame:
    return store.audit_events(actions=[action])


# -- roles and permissions -------------------------------------------------------------------------
PERMISSION_TABLE = [
    # permission, viewer, analyst, admin
    ("view", True, True, True),
    ("export", True, True, True),
    ("import", False, True, True),
    ("undo_own", False, True, True),
    ("edit_actions", False, True, True),
    ("undo_any", False, False, True),
    ("manage_users", False, False, True),
    ("settings", False, False, True),
    ("audit", False, False, True),
]


@pytest.mark.parametrize(("permission", "viewer", "analyst", "admin"), PERMISSION_TABLE)
def test_each_role_holds_exactly_its_permissions(permission: str, viewer: bool, analyst: bool, admin: bool) -> None:
    """Viewers view and export; analysts also import, undo their own and edit plans; admins do everything."""
    assert (VIEWER_U.may(permission), ANALYST_U.may(permission), ADMIN_U.may(permission)) == (viewer, analyst, admin)


def test_require_names_the_role_and_the_organisations() -> None:
    """require refuses nobody, a role without the permission, and orgs the user does not cover."""
    with pytest.raises(PermissionDenied, match="Sign in first"):
        auth.require(None, "view")
    with pytest.raises(PermissionDenied, match="The role viewer may not import"):
        auth.require(VIEWER_U, "import")
    with pytest.raises(PermissionDenied, match="analyst@dlpw.go.th may not act for DPIM"):
        auth.require(DLPW_ANALYST, "import", ["DLPW", "DPIM"])
    with pytest.raises(PermissionDenied, match="may not act for every organisation"):
        auth.require(DLPW_ANALYST, "import", [auth.ALL_ORGS])
    auth.require(DLPW_ANALYST, "import", ["DLPW"])
    auth.require(ANALYST_U, "import", ["DLPW", "DPIM", auth.ALL_ORGS])


@pytest.mark.parametrize(("page", "permission"), [
    ("pages/1_overview.py", "view"), ("pages/5_actions.py", "view"), ("pages/7_upload.py", "import"),
    ("pages/8_admin.py", "manage_users"), ("pages/9_audit.py", "audit")])
def test_page_permissions(page: str, permission: str) -> None:
    assert auth.page_permission(page) == permission


@pytest.mark.parametrize("page", ["pages/7_upload.py", "pages/8_admin.py", "pages/9_audit.py"])
def test_each_restricted_page_guards_itself_with_its_permission(page: str) -> None:
    """A restricted page calls guard() with the permission the menu uses, before it shows anything."""
    text = (ROOT / page).read_text(encoding="utf-8")
    call = f'guard("{auth.page_permission(page)}")'
    assert call in text
    assert text.index(call) < text.index("st.", text.index("\n\n", text.index("from ui")))


# -- e-mails and passwords ---------------------------------------------------------------------------
@pytest.mark.parametrize(("typed", "stored"), [(" Analyst@DPIM.go.th ", "analyst@dpim.go.th"),
                                               ("a.b-c@x.co.th", "a.b-c@x.co.th")])
def test_emails_are_trimmed_and_lower_case(typed: str, stored: str) -> None:
    assert auth.normal_email(typed) == stored


@pytest.mark.parametrize("typed", ["", "no-at-sign", "two@@x.th", "spaces in@x.th", "a@b", "x" * 250 + "@x.th"])
def test_what_is_not_an_email_is_refused(typed: str) -> None:
    with pytest.raises(InvalidUserError, match="Enter an e-mail address"):
        auth.normal_email(typed)
    assert auth.login_name(typed) == "(not an e-mail)"


@pytest.mark.parametrize(("password", "message"), [
    ("short", "at least 10 characters"), ("x" * 300, "at most 256 characters"),
    ("analyst@dpim.go.th", "must not be the e-mail"), ("ANALYST", None)])
def test_password_rules(password: str, message: str | None) -> None:
    """A password needs 10 to 256 characters and must not be the e-mail or its name part."""
    email = "analyst@dpim.go.th"
    if message is None:
        password = "analyst-but-longer"
        assert auth.verify_password(auth.hash_password(password, email), password)
        return
    with pytest.raises(PasswordRejected, match=message):
        auth.hash_password(password, email)


def test_hashes_are_argon2id_salted_and_verify_only_the_password() -> None:
    first, second = auth.hash_password(PASSWORD), auth.hash_password(PASSWORD)
    assert first.startswith("$argon2id$") and first != second
    assert auth.verify_password(first, PASSWORD)
    assert not auth.verify_password(first, PASSWORD + "x")
    assert not auth.verify_password(None, PASSWORD)
    assert not auth.verify_password("not a hash", PASSWORD)


def test_account_repr_hides_the_hash(store: Store) -> None:
    """An Account printed in a log or a traceback shows no hash."""
    store.add_user(SYSTEM, "analyst@dpim.go.th", ANALYST, password=PASSWORD)
    account = store.account("analyst@dpim.go.th")
    assert account is not None and account.password_hash
    assert account.password_hash not in repr(account) and "password_hash" not in repr(account)


# -- signing in, lockout and idle expiry ----------------------------------------------------------------
@pytest.fixture
def accounts(store: Store) -> Store:
    store.add_user(SYSTEM, "admin@dpim.go.th", ADMIN, password=PASSWORD)
    store.add_user(SYSTEM, "analyst@dpim.go.th", ANALYST, password=PASSWORD)
    store.add_user(SYSTEM, "exec@dpim.go.th", VIEWER, source=auth.OIDC)
    return store


def test_sign_in_gives_the_accounts_role_and_is_audited(accounts: Store) -> None:
    user = auth.sign_in(accounts, " Analyst@DPIM.go.th", PASSWORD, at=T0)
    assert user == User("analyst@dpim.go.th", ANALYST, (), auth.LOCAL)
    event = actions_of(accounts, "sign_in").iloc[0]
    assert (event["actor"], event["at"]) == ("analyst@dpim.go.th", pd.Timestamp(T0))
    assert json.loads(event["detail"]) == {"source": "local"}


@pytest.mark.parametrize(("email", "password", "reason"), [
    ("analyst@dpim.go.th", "wrong-password-123", "wrong_password"),
    ("nobody@dpim.go.th", PASSWORD, "unknown"),
    ("exec@dpim.go.th", PASSWORD, "no_password"),
])
def test_every_refusal_says_the_same_and_the_audit_says_why(accounts: Store, email: str, password: str,
                                                           reason: str) -> None:
    """Wrong password, unknown e-mail and OIDC-only account get one message; the trail records which it was."""
    with pytest.raises(SignInFailed) as err:
        auth.sign_in(accounts, email, password, at=T0)
    assert err.value.message_en == WRONG_EN
    event = actions_of(accounts, "sign_in_failed").iloc[0]
    assert event["actor"] == email and json.loads(event["detail"])["reason"] == reason


def test_a_disabled_account_cannot_sign_in(accounts: Store) -> None:
    accounts.disable_user(SYSTEM, "analyst@dpim.go.th")
    with pytest.raises(SignInFailed):
        auth.sign_in(accounts, "analyst@dpim.go.th", PASSWORD, at=T0)
    assert json.loads(actions_of(accounts, "sign_in_failed").iloc[0]["detail"])["reason"] == "disabled"


def test_lockout_after_max_failed_and_unlock_after_the_lockout_time(accounts: Store) -> None:
    """MAX_FAILED wrong passwords lock the account for LOCKOUT, even against the right password; then it opens.

    A locked account gets the very answer an unknown e-mail gets: "locked" never tells that an account exists.
    """
    email = "analyst@dpim.go.th"
    for i in range(auth.MAX_FAILED - 1):
        with pytest.raises(SignInFailed):
            auth.sign_in(accounts, email, "wrong-password-123", at=T0 + dt.timedelta(seconds=i))
    with pytest.raises(SignInFailed) as err:
        auth.sign_in(accounts, email, "wrong-password-123", at=T0 + dt.timedelta(seconds=10))
    assert err.value.message_en == WRONG_EN
    account = accounts.account(email)
    assert account is not None and account.locked_until == T0 + dt.timedelta(seconds=10) + auth.LOCKOUT
    with pytest.raises(SignInFailed) as locked:
        auth.sign_in(accounts, email, PASSWORD, at=T0 + dt.timedelta(minutes=14))
    with pytest.raises(SignInFailed) as unknown:
        auth.sign_in(accounts, "nobody@dpim.go.th", PASSWORD, at=T0 + dt.timedelta(minutes=14))
    assert (type(locked.value), locked.value.message_en, locked.value.message_th) == (
        type(unknown.value), unknown.value.message_en, unknown.value.message_th)
    assert auth.sign_in(accounts, email, PASSWORD, at=T0 + dt.timedelta(minutes=16)).role == ANALYST
    account = accounts.account(email)
    assert account is not None and (account.failed_count, account.locked_until) == (0, None)
    reasons = [json.loads(d)["reason"] for d in actions_of(accounts, "sign_in_failed")["detail"]]
    assert reasons == ["unknown", "locked"] + ["wrong_password"] * auth.MAX_FAILED


def test_a_success_resets_the_failure_count(accounts: Store) -> None:
    email = "analyst@dpim.go.th"
    for _ in range(auth.MAX_FAILED - 1):
        with pytest.raises(SignInFailed):
            auth.sign_in(accounts, email, "wrong-password-123", at=T0)
    auth.sign_in(accounts, email, PASSWORD, at=T0)
    for _ in range(auth.MAX_FAILED - 1):
        with pytest.raises(SignInFailed):
            auth.sign_in(accounts, email, "wrong-password-123", at=T0)
    account = accounts.account(email)
    assert account is not None and account.locked_until is None


def test_an_admin_unlocks_and_reset_password_unlocks(accounts: Store) -> None:
    email = "analyst@dpim.go.th"
    for _ in range(auth.MAX_FAILED):
        with pytest.raises(SignInFailed):
            auth.sign_in(accounts, email, "wrong-password-123")
    with pytest.raises(SignInFailed):
        auth.sign_in(accounts, email, PASSWORD)
    accounts.unlock_user(ADMIN_U, email)
    assert auth.sign_in(accounts, email, PASSWORD).email == email
    for _ in range(auth.MAX_FAILED):
        with pytest.raises(SignInFailed):
            auth.sign_in(accounts, email, "wrong-password-123")
    accounts.reset_password(ADMIN_U, email, "a-brand-new-passphrase")
    assert auth.sign_in(accounts, email, "a-brand-new-passphrase").email == email
    with pytest.raises(SignInFailed):
        auth.sign_in(accounts, email, PASSWORD)


def test_idle_expiry() -> None:
    idle = dt.timedelta(minutes=30)
    assert auth.expired(None, T0, idle)
    assert not auth.expired(T0, T0 + idle, idle)
    assert auth.expired(T0, T0 + idle + dt.timedelta(seconds=1), idle)


def test_idle_limit_from_setting_then_env_then_default(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRAMERN_IDLE_MINUTES", raising=False)
    assert auth.idle_limit(store) == auth.DEFAULT_IDLE
    for bad in ("abc", "0", "100000"):
        monkeypatch.setenv("PRAMERN_IDLE_MINUTES", bad)
        assert auth.idle_limit(store) == auth.DEFAULT_IDLE
    monkeypatch.setenv("PRAMERN_IDLE_MINUTES", "20")
    assert auth.idle_limit(store) == dt.timedelta(minutes=20)
    store.change_setting(SYSTEM, settings.IDLE_MINUTES, 45)
    assert auth.idle_limit(store) == dt.timedelta(minutes=45)


def test_oidc_sign_in_takes_the_role_from_the_users_table(accounts: Store) -> None:
    user = auth.sign_in_oidc(accounts, {"email": "Exec@DPIM.go.th", "name": "Executive", "sub": "x"}, at=T0)
    assert user == User("exec@dpim.go.th", VIEWER, (), auth.OIDC)
    with pytest.raises(SignInFailed, match="has no access to Pramern"):
        auth.sign_in_oidc(accounts, {"email": "stranger@dpim.go.th"}, at=T0)
    with pytest.raises(SignInFailed):
        auth.sign_in_oidc(accounts, {"email": "exec@dpim.go.th", "email_verified": False}, at=T0)
    reasons = [json.loads(d)["reason"] for d in actions_of(accounts, "sign_in_failed")["detail"]]
    assert reasons == ["email_not_verified", "not_registered"]


# -- the guarded write functions -----------------------------------------------------------------------
@pytest.fixture
def team(orgs_store: Store) -> Store:
    for user in (ANALYST_U, OTHER_ANALYST, DLPW_ANALYST, VIEWER_U, ADMIN_U):
        orgs_store.add_user(SYSTEM, user.email, user.role, user.orgs, PASSWORD)
    return orgs_store


def test_a_viewer_may_not_import(team: Store) -> None:
    """Store.apply_import refuses a viewer, writes nothing but the refusal, and import_file keeps no file."""
    before = team.snapshot()
    kept = sorted(files_dir(team).glob("*"))  # on PostgreSQL none: originals are in the database (snapshot)
    with pytest.raises(PermissionDenied, match="The role viewer may not import"):
        team.apply_import(plan_for(team, kpi_bytes()), VIEWER_U)
    with pytest.raises(PermissionDenied):
        import_file(team, kpi_bytes(), "kpi.csv", VIEWER_U)
    after = team.snapshot()
    assert {t: rows for t, rows in after.items() if t != "audit_log"} == \
        {t: rows for t, rows in before.items() if t != "audit_log"}
    denied = actions_of(team, "denied")
    assert list(denied["actor"]) == [VIEWER_U.email] * 2
    assert json.loads(denied["detail"].iloc[0])["permission"] == "import"
    assert sorted(files_dir(team).glob("*")) == kept


def test_an_org_limited_analyst_imports_only_for_their_org(team: Store) -> None:
    with pytest.raises(PermissionDenied, match="analyst@dlpw.go.th may not act for DPIM"):
        import_file(team, kpi_bytes("DPIM"), "kpi.csv", DLPW_ANALYST)
    outcome = import_file(team, kpi_bytes("DLPW"), "kpi.csv", DLPW_ANALYST)
    assert team.batch(outcome.batch_id).actor == DLPW_ANALYST.email


def test_undo_own_batch_yes_anothers_no_admin_any(team: Store) -> None:
    """An analyst undoes their own batch but not another's; an administrator undoes anyone's."""
    mine = team.apply_import(plan_for(team, kpi_bytes("DPIM")), ANALYST_U)
    theirs = team.apply_import(plan_for(team, kpi_bytes("DIW")), OTHER_ANALYST)
    with pytest.raises(PermissionDenied, match="The role analyst may not undo any"):
        team.undo(theirs, ANALYST_U)
    assert team.batch(theirs).status == "active"
    assert team.undo(mine, ANALYST_U).status == "undone"
    assert team.undo(theirs, ADMIN_U).status == "undone"
    with pytest.raises(PermissionDenied):
        team.undo(mine, VIEWER_U)


def test_action_edits_need_the_role_and_the_org(team: Store) -> None:
    import_file(team, (DEMO / "30_actions_dlpw_2563.csv").read_bytes(), "30_actions_dlpw_2563.csv", SYSTEM)
    ids = team.actions("DLPW", 2563)["action_id"].head(2).tolist()
    edits = pd.DataFrame({"action_id": ids, "status": ["done", "done"], "progress": [100.0, 100.0], "note": [None, "ok"]})
    with pytest.raises(PermissionDenied):
        team.record_action_edits(edits, VIEWER_U, "edit", "sha-1")
    limited = User("analyst@diw.go.th", ANALYST, ("DIW",))
    with pytest.raises(PermissionDenied, match="may not act for DLPW"):
        team.record_action_edits(edits, limited, "edit", "sha-1")
    batch_id = team.record_action_edits(edits, DLPW_ANALYST, "edit", "sha-1")
    event = actions_of(team, "action_edit").iloc[0]
    assert (event["actor"], event["batch_id"]) == (DLPW_ANALYST.email, batch_id)
    detail = json.loads(event["detail"])
    assert detail["orgs"] == ["DLPW"] and [c["action_id"] for c in detail["changes"]] == ids


def test_each_write_is_audited_with_its_batch(team: Store) -> None:
    """Import, undo and an action edit each add one event naming the batch, in the same transaction."""
    batch_id = team.apply_import(plan_for(team, kpi_bytes()), ANALYST_U)
    team.undo(batch_id, ANALYST_U)
    events = team.audit_events(batch_id=batch_id)
    assert list(events["action"]) == ["undo", "import"]
    assert set(events["actor"]) == {ANALYST_U.email}
    imported = json.loads(events["detail"].iloc[1])
    assert imported["kind"] == "kpi" and imported["rows"] == {"kpis": 2, "kpi_results": 2}


def test_a_failed_write_leaves_no_audit_event(team: Store) -> None:
    """The event is part of the write's transaction: a refused replace records no import."""
    team.apply_import(plan_for(team, kpi_bytes()), ANALYST_U)
    count = team.audit_count(actions=["import"])
    with pytest.raises(Exception, match="already exists"):
        team.apply_import(plan_for(team, kpi_bytes().replace(b"87.5", b"88")), ANALYST_U)
    assert team.audit_count(actions=["import"]) == count


def test_user_management_needs_an_admin(team: Store) -> None:
    with pytest.raises(PermissionDenied, match="The role analyst may not manage users"):
        team.add_user(ANALYST_U, "new@dpim.go.th", VIEWER, password=PASSWORD)
    for change in (lambda: team.set_role(ANALYST_U, VIEWER_U.email, ADMIN),
                   lambda: team.disable_user(ANALYST_U, VIEWER_U.email),
                   lambda: team.reset_password(ANALYST_U, VIEWER_U.email, "another-passphrase"),
                   lambda: team.unlock_user(ANALYST_U, VIEWER_U.email),
                   lambda: team.change_setting(ANALYST_U, settings.IDLE_MINUTES, 10)):
        with pytest.raises(PermissionDenied):
            change()
    assert team.account("new@dpim.go.th") is None
    assert team.account(VIEWER_U.email).role == VIEWER  # type: ignore[union-attr]


def test_user_changes_are_audited_without_passwords(team: Store) -> None:
    team.add_user(ADMIN_U, "new@dpim.go.th", ANALYST, ["dpim", "DIW"], PASSWORD)
    team.set_role(ADMIN_U, "new@dpim.go.th", VIEWER)
    team.set_orgs(ADMIN_U, "new@dpim.go.th", [])
    team.reset_password(ADMIN_U, "new@dpim.go.th", "another-passphrase")
    team.disable_user(ADMIN_U, "new@dpim.go.th")
    team.enable_user(ADMIN_U, "new@dpim.go.th")
    events = team.audit_events(object_contains="new@dpim.go.th").iloc[::-1]
    assert list(events["action"]) == ["user_add", "user_role", "user_orgs", "user_password_reset", "user_disable",
                                      "user_enable"]
    assert set(events["actor"]) == {ADMIN_U.email}
    assert json.loads(events["detail"].iloc[0]) == {"orgs": ["DIW", "DPIM"], "role": "analyst", "source": "local"}
    assert not events["detail"].fillna("").str.contains("argon2|passphrase|secret").any()


def test_account_checks(team: Store) -> None:
    """Duplicates, unknown roles and org codes are refused; an org-limited admin cannot grant every org."""
    with pytest.raises(UserExistsError):
        team.add_user(ADMIN_U, ANALYST_U.email, ANALYST, password=PASSWORD)
    with pytest.raises(InvalidUserError, match="The role must be one of"):
        team.add_user(ADMIN_U, "x@dpim.go.th", "superuser", password=PASSWORD)
    with pytest.raises(InvalidUserError, match="Unknown organisation codes: NOPE"):
        team.add_user(ADMIN_U, "x@dpim.go.th", ANALYST, ["NOPE"], PASSWORD)
    with pytest.raises(PasswordRejected, match="needs a password"):
        team.add_user(ADMIN_U, "x@dpim.go.th", ANALYST)
    limited_admin = User("admin@dlpw.go.th", ADMIN, ("DLPW",))
    with pytest.raises(PermissionDenied, match="every organisation"):
        team.add_user(limited_admin, "x@dpim.go.th", ANALYST, password=PASSWORD)
    with pytest.raises(PermissionDenied):
        team.set_role(limited_admin, ANALYST_U.email, VIEWER)
    team.add_user(limited_admin, "x@dlpw.go.th", ANALYST, ["DLPW"], PASSWORD)
    team.add_user(ADMIN_U, "sso@dpim.go.th", VIEWER, source=auth.OIDC)
    with pytest.raises(InvalidUserError, match="no password here"):
        team.reset_password(ADMIN_U, "sso@dpim.go.th", "another-passphrase")


def test_the_last_admin_cannot_be_demoted_or_disabled(store: Store) -> None:
    store.add_user(SYSTEM, "admin@dpim.go.th", ADMIN, password=PASSWORD)
    with pytest.raises(LastAdminError):
        store.disable_user(SYSTEM, "admin@dpim.go.th")
    with pytest.raises(LastAdminError):
        store.set_role(SYSTEM, "admin@dpim.go.th", ANALYST)
    store.add_user(SYSTEM, "admin2@dpim.go.th", ADMIN, password=PASSWORD)
    store.set_role(SYSTEM, "admin@dpim.go.th", ANALYST)


def test_own_password_change_needs_the_current_one(accounts: Store) -> None:
    user = auth.sign_in(accounts, "analyst@dpim.go.th", PASSWORD)
    with pytest.raises(SignInFailed, match="current password is not correct"):
        accounts.change_own_password(user, "not-the-password", "a-brand-new-passphrase")
    accounts.change_own_password(user, PASSWORD, "a-brand-new-passphrase")
    assert auth.sign_in(accounts, "analyst@dpim.go.th", "a-brand-new-passphrase") == user
    assert list(accounts.audit_events(actions=["password_change", "password_change_failed"])["action"]) == [
        "password_change", "password_change_failed"]


# -- the audit trail -----------------------------------------------------------------------------------
def test_the_trail_can_only_be_appended_to(team: Store) -> None:
    """Triggers refuse UPDATE, DELETE and TRUNCATE of audit rows, also by SQL beside the app."""
    team.append_audit("someone@dpim.go.th", "export", "x.xlsx")
    assert team.audit_guarded()
    before = team.snapshot()["audit_log"]
    for sql in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log", "DELETE FROM audit_log WHERE id < 0",
                "TRUNCATE audit_log"):
        with pytest.raises(Exception, match="can only be appended to"), team.transaction() as cur:
            cur.execute(sql)
    assert team.snapshot()["audit_log"] == before


def test_the_trail_stays_guarded_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "a.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    try:
        con.execute("INSERT INTO audit_log VALUES (1, now(), 'a', 'b', NULL, NULL, NULL, NULL, NULL)")
        with pytest.raises(duckdb.Error, match="cannot be deleted"):
            con.execute("DELETE FROM audit_log")
    finally:
        con.close()


def test_audit_filters(team: Store) -> None:
    team.append_audit("a@dpim.go.th", "export", "kpi.xlsx", at=T0)
    team.append_audit("b@dpim.go.th", "export", "ita.pptx", at=T0 + dt.timedelta(days=1))
    team.append_audit("a@dpim.go.th", "sign_out", "a@dpim.go.th", at=T0 + dt.timedelta(days=2))
    assert list(team.audit_events(actor="a@dpim.go.th")["action"]) == ["sign_out", "export"]
    assert list(team.audit_events(actions=["export"])["object"]) == ["ita.pptx", "kpi.xlsx"]
    day2 = team.audit_events(since=T0 + dt.timedelta(days=1), until=T0 + dt.timedelta(days=2))
    assert list(day2["object"]) == ["ita.pptx"]
    assert list(team.audit_events(object_contains="KPI")["object"]) == ["kpi.xlsx"]
    assert team.audit_count(actions=["export"]) == 2
    actors, actions = team.audit_vocabulary()
    assert {"a@dpim.go.th", "b@dpim.go.th", "system@localhost"} <= set(actors)
    assert {"export", "sign_out"} <= set(actions)


def test_an_audit_detail_may_not_carry_a_credential(store: Store) -> None:
    with pytest.raises(ValueError, match="may not carry password"):
        store.append_audit("a@dpim.go.th", "oops", None, {"password": "x"})


# -- no secret in logs, output, the trail or its export ---------------------------------------------------
def test_passwords_and_hashes_appear_nowhere(team: Store, caplog: pytest.LogCaptureFixture,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Sign-ins (good, bad, locked), imports and a password reset leave no password or hash in logs or the trail."""
    caplog.set_level(logging.DEBUG)
    secret = "Tr0ub4dor&3-never-log-me"
    team.add_user(ADMIN_U, "secretive@dpim.go.th", ANALYST, password=secret)
    stored_hash = team.account("secretive@dpim.go.th").password_hash  # type: ignore[union-attr]
    user = auth.sign_in(team, "secretive@dpim.go.th", secret)
    for _ in range(auth.MAX_FAILED):
        with pytest.raises(SignInFailed) as err:
            auth.sign_in(team, "secretive@dpim.go.th", secret + "-wrong")
        assert secret not in str(err.value) and secret not in err.value.message_th
    with pytest.raises(SignInFailed):
        auth.sign_in(team, "secretive@dpim.go.th", secret)
    with pytest.raises(SignInFailed):
        auth.sign_in(team, secret, secret)  # a password typed into the e-mail box
    team.unlock_user(ADMIN_U, user.email)
    import_file(team, kpi_bytes(), "kpi.csv", user)
    with pytest.raises(PasswordRejected) as short:
        team.reset_password(ADMIN_U, user.email, "short")
    assert "short" not in short.value.message_en
    out = capsys.readouterr()
    trail = team.audit_events()
    exported = table_to_xlsx(trail, "audit")
    with zipfile.ZipFile(io.BytesIO(exported)) as book:
        workbook_text = "".join(book.read(n).decode("utf-8", "replace") for n in book.namelist())
    everything = "\n".join([caplog.text, out.out, out.err, trail.to_csv(), workbook_text,
                            repr(team.snapshot()["audit_log"])])
    assert "(not an e-mail)" in trail["actor"].tolist()
    for needle in (secret, stored_hash, "$argon2"):
        assert needle not in everything


# -- demo mode -----------------------------------------------------------------------------------------------
def test_the_demo_analyst_exists_only_in_demo_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PRAMERN_DEMO", raising=False)
    s = Store(tmp_path / "plain.duckdb")
    try:
        demo.load_demo(s)
        assert s.account(auth.DEMO_ANALYST_EMAIL) is None
        assert s.accounts().empty
        assert set(b.actor for b in s.batches()) == {SYSTEM.email}
        monkeypatch.setenv("PRAMERN_DEMO", "1")
        demo.load_demo(s)
        assert s.account(auth.DEMO_ANALYST_EMAIL).role == ANALYST  # type: ignore[union-attr]
        assert auth.sign_in(s, auth.DEMO_ANALYST_EMAIL, auth.DEMO_ANALYST_PASSWORD).role == ANALYST
        monkeypatch.delenv("PRAMERN_DEMO")
        with pytest.raises(SignInFailed):
            auth.sign_in(s, auth.DEMO_ANALYST_EMAIL, auth.DEMO_ANALYST_PASSWORD)
        assert json.loads(s.audit_events(actions=["sign_in_failed"])["detail"].iloc[0])["reason"] == "demo_only"
    finally:
        s.close()


# -- settings --------------------------------------------------------------------------------------------------
def test_scheme_settings_are_checked() -> None:
    wanted = settings.scheme_settings((60, 80, 100), 1.0, 20)
    assert wanted["3-level"] == {"scores": [60.0, 80.0, 100.0], "below_first": 20.0, "target_level": 2}
    assert wanted["5-level"]["below_first"] == 1.0
    for scores, b5, b3, message in [((80, 60, 100), 1, 0, "must be positive and rise"),
                                    ((50, 75, 100), 2, 0, "5-level score below the first criterion must be from 0 to 1"),
                                    ((50, 75, 100), 1, 60, "must be from 0 to 50")]:
        with pytest.raises(settings.InvalidSetting, match=message):
            settings.scheme_settings(scores, b5, b3)
    assert settings.check_idle_minutes(15) == 15
    for bad in (4, 481, 12.5, "x"):
        with pytest.raises(settings.InvalidSetting):
            settings.check_idle_minutes(bad)


def test_a_setting_change_is_audited_with_old_and_new(store: Store) -> None:
    store.change_setting(ADMIN_U, settings.IDLE_MINUTES, 15)
    store.change_setting(ADMIN_U, settings.IDLE_MINUTES, 20)
    details = [json.loads(d) for d in store.audit_events(actions=["setting_change"])["detail"]]
    assert details == [{"new": 20, "old": 15}, {"new": 15, "old": None}]
    assert store.setting(settings.IDLE_MINUTES) == 20


# -- the command line ------------------------------------------------------------------------------------------
class _Stdin(io.StringIO):
    def __init__(self, text: str, tty: bool = False):
        super().__init__(text)
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def test_cli_user_add_reads_the_password_from_stdin_never_argv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.duckdb")
    monkeypatch.setattr("sys.stdin", _Stdin(PASSWORD + "\n"))
    assert cli.main(["user", "add", "Admin@DPIM.go.th", "--role", "admin", "--db", db]) == 0
    monkeypatch.setattr("sys.stdin", _Stdin("short\n"))
    assert cli.main(["user", "add", "a@dpim.go.th", "--role", "analyst", "--db", db]) == 2
    prompts = iter([PASSWORD, PASSWORD])
    monkeypatch.setattr("sys.stdin", _Stdin("", tty=True))
    monkeypatch.setattr("getpass.getpass", lambda _prompt="": next(prompts))
    assert cli.main(["user", "add", "a@dpim.go.th", "--role", "analyst", "--orgs", "dpim,diw", "--db", db]) == 0
    prompts = iter([PASSWORD, PASSWORD + "x"])
    assert cli.main(["user", "reset-password", "a@dpim.go.th", "--db", db]) == 2
    assert cli.main(["user", "role", "a@dpim.go.th", "viewer", "--db", db]) == 0
    assert cli.main(["user", "disable", "admin@dpim.go.th", "--db", db]) == 2  # the only administrator
    assert cli.main(["user", "list", "--db", db]) == 0
    out = capsys.readouterr()
    assert "The two passwords differ." in out.err and "at least 10 characters" in out.err
    assert "a@dpim.go.th" in out.out and "DIW,DPIM" in out.out
    assert PASSWORD not in out.out + out.err and "$argon2" not in out.out + out.err
    with pytest.raises(SystemExit):
        cli.main(["user", "add", "b@dpim.go.th", "--role", "viewer", "--password", PASSWORD, "--db", db])
    s = Store(db)
    try:
        assert s.account("a@dpim.go.th").role == VIEWER  # type: ignore[union-attr]
        assert set(s.audit_events()["actor"]) == {SYSTEM.email}
    finally:
        s.close()


def test_cli_import_and_undo_as_a_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    """--user acts as that account with its role; without it the operator acts with full rights."""
    db = str(tmp_path / "cli.duckdb")
    orgs = str(DEMO / "01_orgs.csv")
    kpi = tmp_path / "kpi.csv"
    kpi.write_bytes(kpi_bytes())
    assert cli.main(["import", orgs, "--db", db]) == 0
    for email, role in (("exec@dpim.go.th", "viewer"), ("analyst@dpim.go.th", "analyst")):
        monkeypatch.setattr("sys.stdin", _Stdin(PASSWORD + "\n"))
        assert cli.main(["user", "add", email, "--role", role, "--db", db]) == 0
    capsys.readouterr()
    assert cli.main(["import", str(kpi), "--user", "exec@dpim.go.th", "--db", db]) == 2
    assert "The role viewer may not import" in capsys.readouterr().err
    assert cli.main(["import", str(kpi), "--user", "nobody@dpim.go.th", "--db", db]) == 2
    assert cli.main(["import", str(kpi), "--user", "analyst@dpim.go.th", "--db", db]) == 0
    assert cli.main(["undo", "1", "--user", "analyst@dpim.go.th", "--db", db]) == 2  # the operator's orgs batch
    assert cli.main(["undo", "2", "--user", "analyst@dpim.go.th", "--db", db]) == 0
    capsys.readouterr()
    assert cli.main(["audit", "--db", db, "--json"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert [(e["actor"], e["action"]) for e in events if e["action"] in ("import", "undo", "denied")] == [
        ("analyst@dpim.go.th", "undo"), ("analyst@dpim.go.th", "denied"), ("analyst@dpim.go.th", "import"),
        ("exec@dpim.go.th", "denied"), ("system@localhost", "import")]
