"""The DuckDB store: the only module that speaks SQL.

One connection per process (DuckDB allows one writing process per file); each use takes its
own cursor, so Streamlit sessions on their own threads can share it. Writes are serialised
by a lock and run in one transaction each, so an import lands whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from analytics import auth
from analytics.auth import Account, User
from analytics.errors import (
    BatchNotFoundError,
    DuplicateFileError,
    InvalidUserError,
    LastAdminError,
    PasswordRejected,
    PermissionDenied,
    ReplaceRequiredError,
    SignInFailed,
    StoreBusyError,
    UserExistsError,
    UserNotFoundError,
)
from analytics.schema import DATA_TABLES, KIND_SCOPE, KIND_TABLES, MIGRATIONS, SCHEMA_VERSION

DEFAULT_DB = Path(__file__).resolve().parent.parent / "data" / "pramern.duckdb"


def default_db_path() -> Path:
    """PRAMERN_DB when set, else data/pramern.duckdb."""
    return Path(os.environ.get("PRAMERN_DB") or DEFAULT_DB)


def _fault_point(name: str) -> None:
    """Where the kill test stops an import: PRAMERN_FAULT names the point, the process then waits.

    The test kills the process here, mid-transaction, and checks that nothing of the batch remains.
    """
    if os.environ.get("PRAMERN_FAULT") == name:
        import sys
        import time
        print(f"FAULT POINT {name}", file=sys.stderr, flush=True)
        time.sleep(600)


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class ImportPlan:
    """Rows ready to store, by table, with what they replace; built by the importers."""

    kind: str
    file_name: str
    sha256: str
    frames: dict[str, pd.DataFrame]
    scopes: list[tuple[Any, ...]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return int(sum(len(f) for f in self.frames.values()))


def plan_orgs(plan: ImportPlan) -> list[str]:
    """The organisations a plan's rows belong to."""
    found: set[str] = set()
    for frame in plan.frames.values():
        if "org_code" in frame.columns:
            found.update(str(v) for v in frame["org_code"].dropna().unique())
    return sorted(found)


def _ids_text(ids: Sequence[int], shown: int = 20) -> str:
    text = ", ".join(str(i) for i in ids[:shown])
    return text + (f" (+{len(ids) - shown})" if len(ids) > shown else "")


# Keys an audit detail may never carry: the trail records what happened, never a credential.
_SECRET_KEYS = ("password", "secret", "hash", "token", "cookie")


def _audit_detail(detail: dict[str, Any] | None) -> str | None:
    if not detail:
        return None
    bad = [k for k in detail if any(word in k.lower() for word in _SECRET_KEYS) and k != "sha256"]
    if bad:
        raise ValueError(f"an audit detail may not carry {', '.join(bad)}")
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)


@dataclass(frozen=True)
class Batch:
    batch_id: int
    kind: str
    file_name: str
    sha256: str
    rows: int
    actor: str
    created_at: dt.datetime
    status: str
    scope: str | None
    stored_file: str | None


class Store:
    """A Pramern database file, migrated to the current schema on opening."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else default_db_path()
        if str(self.path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(str(self.path))
        except duckdb.IOException as exc:
            raise StoreBusyError(
                f"The database {self.path} is in use by another Pramern process (the dashboard or "
                f"an import). Try again when it has finished, or import from the app's upload page. ({exc})",
                f"ฐานข้อมูล {self.path} กำลังถูกใช้งานโดยโปรแกรม Pramern อื่น (แดชบอร์ดหรือการนำเข้า) "
                "โปรดลองใหม่เมื่อเสร็จแล้ว หรือนำเข้าผ่านหน้าอัปโหลดในแอป") from exc
        self._lock = threading.RLock()
        self.migrate()

    # -- plumbing -----------------------------------------------------------------------------
    def close(self) -> None:
        self._con.close()

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    def df(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> pd.DataFrame:
        with self.cursor() as cur:
            return cur.execute(sql, params).df()

    def rows(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> list[tuple[Any, ...]]:
        with self.cursor() as cur:
            return cur.execute(sql, params).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] | dict[str, Any] = ()) -> Any:
        found = self.rows(sql, params)
        return found[0][0] if found else None

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One serialised write: committed whole, or rolled back whole."""
        with self._lock, self.cursor() as cur:
            cur.execute("BEGIN TRANSACTION")
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")

    # -- schema -------------------------------------------------------------------------------
    def schema_version(self) -> int:
        with self.cursor() as cur:
            has_meta = cur.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'meta'").fetchone()
            if not has_meta or not has_meta[0]:
                return 0
            found = cur.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            return int(found[0]) if found else 0

    def migrate(self, target: int = SCHEMA_VERSION) -> None:
        current = self.schema_version()
        for version, ddl in MIGRATIONS:
            if current < version <= target:
                with self.transaction() as cur:
                    cur.execute(ddl)
                    cur.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(version)])

    def is_empty(self) -> bool:
        return not self.scalar("SELECT count(*) FROM batches")

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every table's content, sorted: what tests compare before and after a failure."""
        tables = [r[0] for r in self.rows(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1")]
        out = {}
        for t in tables:
            out[t] = sorted(self.rows(f"SELECT * FROM {quote_ident(t)}"), key=repr)
        return out

    # -- settings -----------------------------------------------------------------------------
    def setting(self, key: str) -> Any:
        found = self.scalar("SELECT value FROM settings WHERE key = ?", [key])
        return json.loads(found) if found is not None else None

    def set_setting(self, key: str, value: Any) -> None:
        with self.transaction() as cur:
            cur.execute("INSERT OR REPLACE INTO settings VALUES (?, ?, now())", [key, json.dumps(value)])

    def change_setting(self, user: User, key: str, value: Any) -> None:
        """An administrator's change of a setting, audited with the old and the new value."""
        self.require(user, "settings", (), "setting_change", key)
        with self.transaction() as cur:
            old = cur.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
            cur.execute("INSERT OR REPLACE INTO settings VALUES (?, ?, now())", [key, json.dumps(value)])
            self._append_audit(cur, user.email, "setting_change", key,
                               {"old": json.loads(old[0]) if old else None, "new": value})

    # -- the audit trail -----------------------------------------------------------------------
    # Append-only: the only write is _append_audit (triggers in the schema refuse UPDATE and DELETE).
    _AUDIT_INSERT = ('INSERT INTO audit_log (id, "at", actor, action, object, detail, batch_id) '
                     "VALUES (nextval('audit_ids'), ?, ?, ?, ?, ?, ?)")

    @classmethod
    def _append_audit(cls, cur: duckdb.DuckDBPyConnection, actor: str, action: str, obj: str | None = None,
                      detail: dict[str, Any] | None = None, batch_id: int | None = None,
                      at: dt.datetime | None = None) -> None:
        cur.execute(cls._AUDIT_INSERT, [at or auth.now(), actor, action, obj, _audit_detail(detail), batch_id])

    def append_audit(self, actor: str, action: str, obj: str | None = None, detail: dict[str, Any] | None = None,
                     batch_id: int | None = None, at: dt.datetime | None = None) -> None:
        """Add one event to the audit trail (sign-outs, exports, refusals): who, when, what, on what."""
        with self.transaction() as cur:
            self._append_audit(cur, actor, action, obj, detail, batch_id, at)

    _AUDIT_FILTER = """
        FROM audit_log
        WHERE ($actor IS NULL OR actor = $actor) AND ($actions IS NULL OR list_contains($actions, action))
          AND ($since IS NULL OR "at" >= $since) AND ($until IS NULL OR "at" < $until)
          AND ($object IS NULL OR contains(lower(coalesce(object, '')), lower($object)))
          AND ($batch IS NULL OR batch_id = $batch)"""

    def audit_events(self, actor: str | None = None, actions: Sequence[str] | None = None,
                     since: dt.datetime | None = None, until: dt.datetime | None = None,
                     object_contains: str | None = None, batch_id: int | None = None,
                     limit: int = 10_000) -> pd.DataFrame:
        """Audit events, newest first, filtered by actor, actions, [since, until), object text and batch."""
        return self.df('SELECT id, "at", actor, action, object, detail, batch_id' + self._AUDIT_FILTER
                       + " ORDER BY id DESC LIMIT $limit",
                       {"actor": actor or None, "actions": list(actions) if actions else None, "since": since,
                        "until": until, "object": object_contains or None, "batch": batch_id, "limit": limit})

    def audit_count(self, actor: str | None = None, actions: Sequence[str] | None = None,
                    since: dt.datetime | None = None, until: dt.datetime | None = None,
                    object_contains: str | None = None, batch_id: int | None = None) -> int:
        return int(self.scalar("SELECT count(*)" + self._AUDIT_FILTER,
                               {"actor": actor or None, "actions": list(actions) if actions else None,
                                "since": since, "until": until, "object": object_contains or None,
                                "batch": batch_id}) or 0)

    def audit_vocabulary(self) -> tuple[list[str], list[str]]:
        """The actors and the actions the trail holds, for the audit page's filters."""
        actors = [r[0] for r in self.rows("SELECT DISTINCT actor FROM audit_log ORDER BY 1")]
        actions = [r[0] for r in self.rows("SELECT DISTINCT action FROM audit_log ORDER BY 1")]
        return actors, actions

    def audit_guarded(self) -> bool:
        """Whether the triggers that refuse changes to audit rows are in place."""
        return bool(self.scalar("SELECT count(*) FROM duckdb_triggers() WHERE table_name = 'audit_log'"))

    def require(self, user: User | None, permission: str, orgs: Sequence[str] = (), attempted: str = "",
                 obj: str | None = None) -> None:
        """auth.require, with a refusal written to the audit trail before it is raised."""
        try:
            auth.require(user, permission, orgs)
        except PermissionDenied:
            self.append_audit(user.email if user else "(nobody)", "denied", obj,
                              {"permission": permission, "attempted": attempted, "orgs": sorted(orgs),
                               "role": user.role if user else None})
            raise

    # -- accounts ------------------------------------------------------------------------------
    _ACCOUNT_COLUMNS = ("email, role, orgs, source, failed_count, locked_until, disabled, created_at, created_by, "
                        "password_hash")

    @staticmethod
    def _account(row: Sequence[Any]) -> Account:
        email, role, orgs, source, failed, locked, disabled, created_at, created_by, password_hash = row
        return Account(email, role, auth.parse_orgs(orgs), source, int(failed), locked, bool(disabled),
                       created_at, created_by, password_hash)

    def account(self, email: str) -> Account | None:
        found = self.rows(f"SELECT {self._ACCOUNT_COLUMNS} FROM users WHERE email = ?", [email.strip().lower()])
        return self._account(found[0]) if found else None

    def accounts(self) -> pd.DataFrame:
        """Every account without its hash: whether it has a password, and whether it is locked now."""
        return self.df("""
            SELECT email, role, orgs, source, password_hash IS NOT NULL AS has_password, failed_count,
                   locked_until, coalesce(locked_until > ?, false) AS locked, disabled, created_at, created_by
            FROM users ORDER BY email""", [auth.now()])

    def _target(self, actor: User, email: str, attempted: str) -> Account:
        """The account an administrator acts on; they must cover every org it covers."""
        email = auth.normal_email(email)
        account = self.account(email)
        covered = (list(account.orgs) or [auth.ALL_ORGS]) if account else []
        self.require(actor, "manage_users", covered, attempted, email)
        if account is None:
            raise UserNotFoundError(f"No account has the e-mail {email}.", f"ไม่พบบัญชีของอีเมล {email}")
        return account

    def _check_orgs(self, orgs: Sequence[str]) -> tuple[str, ...]:
        codes = auth.parse_orgs(orgs)
        known = set(self.orgs()["org_code"])
        unknown = [c for c in codes if known and c not in known]
        if unknown:
            raise InvalidUserError(f"Unknown organisation codes: {', '.join(unknown)}.",
                                   f"ไม่รู้จักรหัสหน่วยงาน: {', '.join(unknown)}")
        return codes

    @staticmethod
    def _check_admin_left(cur: duckdb.DuckDBPyConnection, account: Account) -> None:
        if account.role != auth.ADMIN or account.disabled:
            return
        others = cur.execute("SELECT count(*) FROM users WHERE role = 'admin' AND NOT disabled AND email <> ?",
                             [account.email]).fetchone()
        if not others or not others[0]:
            raise LastAdminError(
                f"{account.email} is the only enabled administrator; add another administrator first.",
                f"{account.email} เป็นผู้ดูแลระบบคนเดียวที่ใช้งานได้ โปรดเพิ่มผู้ดูแลระบบคนอื่นก่อน")

    def add_user(self, actor: User, email: str, role: str, orgs: Sequence[str] = (), password: str | None = None,
                 source: str = auth.LOCAL) -> Account:
        """Create an account: local (with a password) or OIDC (signs in through the identity provider)."""
        email = auth.normal_email(email)
        auth.check_role(role)
        codes = self._check_orgs(orgs)
        if source not in auth.SOURCES:
            raise InvalidUserError(f"The source must be local or oidc, not {source!r}.",
                                   "แหล่งยืนยันตัวตนต้องเป็น local หรือ oidc")
        self.require(actor, "manage_users", list(codes) or [auth.ALL_ORGS], "user_add", email)
        if source == auth.LOCAL and not password:
            raise PasswordRejected("A local account needs a password.", "บัญชีในระบบต้องมีรหัสผ่าน")
        hashed = auth.hash_password(password, email) if source == auth.LOCAL and password else None
        with self.transaction() as cur:
            if cur.execute("SELECT 1 FROM users WHERE email = ?", [email]).fetchone():
                raise UserExistsError(f"An account with the e-mail {email} already exists.",
                                      f"มีบัญชีของอีเมล {email} อยู่แล้ว")
            cur.execute("INSERT INTO users (email, role, orgs, password_hash, source, created_at, created_by) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)", [email, role, ",".join(codes), hashed, source, auth.now(),
                                                         actor.email])
            self._append_audit(cur, actor.email, "user_add", email,
                               {"role": role, "orgs": list(codes), "source": source})
        added = self.account(email)
        if added is None:
            raise UserNotFoundError(f"No account has the e-mail {email}.", f"ไม่พบบัญชีของอีเมล {email}")
        return added

    def set_role(self, actor: User, email: str, role: str) -> None:
        auth.check_role(role)
        account = self._target(actor, email, "user_role")
        with self.transaction() as cur:
            if role != auth.ADMIN:
                self._check_admin_left(cur, account)
            cur.execute("UPDATE users SET role = ? WHERE email = ?", [role, account.email])
            self._append_audit(cur, actor.email, "user_role", account.email, {"old": account.role, "new": role})

    def set_orgs(self, actor: User, email: str, orgs: Sequence[str]) -> None:
        """Limit an account to some organisations (none: every organisation)."""
        codes = self._check_orgs(orgs)
        account = self._target(actor, email, "user_orgs")
        self.require(actor, "manage_users", list(codes) or [auth.ALL_ORGS], "user_orgs", account.email)
        with self.transaction() as cur:
            cur.execute("UPDATE users SET orgs = ? WHERE email = ?", [",".join(codes), account.email])
            self._append_audit(cur, actor.email, "user_orgs", account.email,
                               {"old": list(account.orgs), "new": list(codes)})

    def disable_user(self, actor: User, email: str) -> None:
        account = self._target(actor, email, "user_disable")
        with self.transaction() as cur:
            self._check_admin_left(cur, account)
            cur.execute("UPDATE users SET disabled = true WHERE email = ?", [account.email])
            self._append_audit(cur, actor.email, "user_disable", account.email)

    def enable_user(self, actor: User, email: str) -> None:
        account = self._target(actor, email, "user_enable")
        with self.transaction() as cur:
            cur.execute("UPDATE users SET disabled = false WHERE email = ?", [account.email])
            self._append_audit(cur, actor.email, "user_enable", account.email)

    def unlock_user(self, actor: User, email: str) -> None:
        account = self._target(actor, email, "user_unlock")
        with self.transaction() as cur:
            cur.execute("UPDATE users SET failed_count = 0, locked_until = NULL WHERE email = ?", [account.email])
            self._append_audit(cur, actor.email, "user_unlock", account.email,
                               {"was_locked_until": account.locked_until})

    def reset_password(self, actor: User, email: str, password: str) -> None:
        """Set a local account's password (and unlock it); the password is neither stored nor audited."""
        account = self._target(actor, email, "user_password_reset")
        if account.source != auth.LOCAL:
            raise InvalidUserError(
                f"{account.email} signs in through the identity provider and has no password here.",
                f"{account.email} เข้าสู่ระบบผ่านผู้ให้บริการยืนยันตัวตน จึงไม่มีรหัสผ่านในระบบนี้")
        hashed = auth.hash_password(password, account.email)
        with self.transaction() as cur:
            cur.execute("UPDATE users SET password_hash = ?, failed_count = 0, locked_until = NULL WHERE email = ?",
                        [hashed, account.email])
            self._append_audit(cur, actor.email, "user_password_reset", account.email)

    def change_own_password(self, user: User, current: str, new: str) -> None:
        """A signed-in person's change of their own password, which needs the current one."""
        account = self.account(user.email)
        if account is None or account.source != auth.LOCAL or account.disabled:
            raise InvalidUserError("This account has no password to change here.",
                                   "บัญชีนี้ไม่มีรหัสผ่านที่เปลี่ยนได้ในระบบนี้")
        if not auth.verify_password(account.password_hash, current):
            self.append_audit(user.email, "password_change_failed", user.email, {"reason": "wrong_password"})
            raise SignInFailed("The current password is not correct.", "รหัสผ่านปัจจุบันไม่ถูกต้อง")
        hashed = auth.hash_password(new, user.email)
        with self.transaction() as cur:
            cur.execute("UPDATE users SET password_hash = ? WHERE email = ?", [hashed, user.email])
            self._append_audit(cur, user.email, "password_change", user.email)

    # Sign-in bookkeeping for auth.sign_in and auth.sign_in_oidc: the account's failure count and
    # the audit event land together.
    def sign_in_succeeded(self, email: str, at: dt.datetime, source: str, new_hash: str | None = None) -> None:
        with self.transaction() as cur:
            cur.execute("UPDATE users SET failed_count = 0, locked_until = NULL, "
                        "password_hash = coalesce(?, password_hash) WHERE email = ?", [new_hash, email])
            self._append_audit(cur, email, "sign_in", email, {"source": source}, at=at)

    def sign_in_failed(self, login: str, at: dt.datetime, reason: str, count: bool = False,
                       source: str = auth.LOCAL) -> dt.datetime | None:
        """Record a refused sign-in; with count, add it to the account's failures. Returns the lock's end."""
        locked_until = None
        with self.transaction() as cur:
            detail: dict[str, Any] = {"reason": reason, "source": source}
            if count:
                found = cur.execute("SELECT failed_count FROM users WHERE email = ?", [login]).fetchone()
                if found:
                    failures, locked_until = auth.after_failure(int(found[0]), at)
                    cur.execute("UPDATE users SET failed_count = ?, locked_until = ? WHERE email = ?",
                                [failures, locked_until, login])
                    detail.update(failed_count=failures if locked_until is None else auth.MAX_FAILED,
                                  locked_until=locked_until)
            self._append_audit(cur, login, "sign_in_failed", login, detail, at=at)
        return locked_until

    # -- batches ------------------------------------------------------------------------------
    _BATCH_COLUMNS = "batch_id, kind, file_name, sha256, rows, actor, created_at, status, scope, stored_file"

    def batches(self, limit: int = 500) -> list[Batch]:
        found = self.rows(f"SELECT {self._BATCH_COLUMNS} FROM batches ORDER BY batch_id DESC LIMIT ?", [limit])
        return [Batch(*r) for r in found]

    def batch(self, batch_id: int) -> Batch:
        found = self.rows(f"SELECT {self._BATCH_COLUMNS} FROM batches WHERE batch_id = ?", [batch_id])
        if not found:
            raise BatchNotFoundError(f"No import batch has the id {batch_id}.",
                                     f"ไม่พบชุดการนำเข้าหมายเลข {batch_id}")
        return Batch(*found[0])

    def existing_scopes(self, kind: str, scopes: Sequence[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Which of these scopes already hold current data of this kind."""
        if not scopes:
            return []
        cols = KIND_SCOPE[kind]
        table = KIND_TABLES[kind][0]
        keys = pd.DataFrame(list(scopes), columns=list(cols))
        col_list = ", ".join(quote_ident(c) for c in cols)
        with self.cursor() as cur:
            cur.register("scope_keys", keys)
            found = cur.execute(
                f"SELECT DISTINCT {col_list} FROM {quote_ident(table)} JOIN scope_keys USING ({col_list}) "
                f"WHERE replaced_by IS NULL ORDER BY {col_list}").fetchall()
            cur.unregister("scope_keys")
        return [tuple(r) for r in found]

    def apply_import(self, plan: ImportPlan, user: User, replace: bool = False,
                     stored_file: str | None = None) -> int:
        """Store a validated plan as one batch; returns its id. All or nothing.

        The user needs "import" for every organisation the plan's rows belong to.
        """
        self.require(user, "import", plan_orgs(plan), "import", plan.file_name)
        with self.transaction() as cur:
            dup = cur.execute("SELECT batch_id FROM batches WHERE sha256 = ? AND kind = ? AND status = 'active'",
                              [plan.sha256, plan.kind]).fetchone()
            if dup:
                raise DuplicateFileError(
                    f"This file was already imported as batch {dup[0]} (same SHA-256); nothing was added.",
                    f"ไฟล์นี้เคยนำเข้าแล้วในชุดที่ {dup[0]} (SHA-256 เดียวกัน) จึงไม่ได้เพิ่มข้อมูลซ้ำ")
            cols = KIND_SCOPE[plan.kind]
            col_list = ", ".join(quote_ident(c) for c in cols)
            keys = pd.DataFrame(list(plan.scopes), columns=list(cols))
            cur.register("scope_keys", keys)
            clashes = cur.execute(
                f"SELECT DISTINCT {col_list} FROM {quote_ident(KIND_TABLES[plan.kind][0])} "
                f"JOIN scope_keys USING ({col_list}) WHERE replaced_by IS NULL ORDER BY {col_list}").fetchall()
            if clashes and not replace:
                cur.unregister("scope_keys")
                shown = ", ".join("/".join(str(v) for v in c) for c in clashes[:10])
                raise ReplaceRequiredError(
                    f"Data of kind {plan.kind} already exists for {shown}; import with replace to replace it.",
                    f"มีข้อมูลประเภท {plan.kind} ของ {shown} อยู่แล้ว หากต้องการแทนที่ให้เลือกนำเข้าแบบแทนที่ (--replace)")
            batch_id = cur.execute("SELECT nextval('batch_ids')").fetchone()[0]  # type: ignore[index]
            scope_text = "; ".join("/".join(str(v) for v in s) for s in plan.scopes[:50])
            cur.execute(
                "INSERT INTO batches (batch_id, kind, file_name, sha256, rows, actor, created_at, status, scope, "
                "stored_file) VALUES (?, ?, ?, ?, ?, ?, now(), 'active', ?, ?)",
                [batch_id, plan.kind, plan.file_name, plan.sha256, plan.rows, user.email, scope_text, stored_file])
            for table in KIND_TABLES[plan.kind]:
                cur.execute(f"UPDATE {quote_ident(table)} SET replaced_by = ? WHERE replaced_by IS NULL "
                            f"AND ({col_list}) IN (SELECT {col_list} FROM scope_keys)", [batch_id])
            cur.unregister("scope_keys")
            for table, frame in plan.frames.items():
                self._insert_frame(cur, table, frame, batch_id)
            _fault_point("import_before_commit")
            self._append_audit(cur, user.email, "import", plan.file_name, {
                "kind": plan.kind, "rows": {t: len(f) for t, f in plan.frames.items()}, "sha256": plan.sha256,
                "scope": scope_text, "replaced": ["/".join(str(v) for v in c) for c in clashes[:50]]},
                batch_id=int(batch_id))
            return int(batch_id)

    @staticmethod
    def _insert_frame(cur: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, batch_id: int) -> None:
        if frame.empty:
            return
        if table == "actions" and "action_id" not in frame.columns:
            frame = frame.assign(action_id=cur.execute(
                "SELECT nextval('action_ids') FROM range(?)", [len(frame)]).df().iloc[:, 0].to_numpy())
        frame = frame.assign(batch_id=batch_id)
        cols = ", ".join(quote_ident(c) for c in frame.columns)
        cur.register("incoming", frame)
        cur.execute(f"INSERT INTO {quote_ident(table)} ({cols}) SELECT {cols} FROM incoming")
        cur.unregister("incoming")

    def undo(self, batch_id: int, user: User) -> Batch:
        """Remove a batch's rows and bring back what it replaced.

        Undoing one's own batch needs "undo_own", anyone else's "undo_any"; either for the batch's orgs.
        """
        batch = self.batch(batch_id)
        permission = "undo_own" if batch.actor == user.email else "undo_any"
        self.require(user, permission, self.batch_orgs(batch_id), "undo", f"batch {batch_id}")
        if batch.status != "active":
            raise BatchNotFoundError(f"Batch {batch_id} was already undone.",
                                     f"ชุดการนำเข้าที่ {batch_id} ถูกยกเลิกไปแล้ว")
        with self.transaction() as cur:
            for table in DATA_TABLES:
                cur.execute(f"DELETE FROM {quote_ident(table)} WHERE batch_id = ?", [batch_id])
                cur.execute(f"UPDATE {quote_ident(table)} SET replaced_by = NULL WHERE replaced_by = ?", [batch_id])
            cur.execute("UPDATE batches SET status = 'undone', undone_at = now(), undone_by = ? WHERE batch_id = ?",
                        [user.email, batch_id])
            self._append_audit(cur, user.email, "undo", batch.file_name,
                               {"kind": batch.kind, "imported_by": batch.actor, "rows": batch.rows},
                               batch_id=batch_id)
        return self.batch(batch_id)

    def batch_orgs(self, batch_id: int) -> list[str]:
        """The organisations whose rows a batch added or replaced."""
        parts = " UNION ".join(f"SELECT org_code FROM {quote_ident(t)} WHERE batch_id = $b OR replaced_by = $b"
                               for t in DATA_TABLES)
        return [r[0] for r in self.rows(f"SELECT DISTINCT org_code FROM ({parts}) ORDER BY 1", {"b": batch_id})]

    def record_action_edits(self, edits: pd.DataFrame, user: User, file_name: str, sha256: str) -> int:
        """Store edited action rows (status, progress, note) as a batch of their own, so it can be undone.

        The user needs "edit_actions" for the organisations of the edited actions.
        """
        ids = [int(a) for a in edits["action_id"].tolist()]
        orgs = [r[0] for r in self.rows("SELECT DISTINCT org_code FROM actions WHERE replaced_by IS NULL "
                                        "AND action_id IN (SELECT unnest(?))", [ids])]
        self.require(user, "edit_actions", orgs, "action_edit", f"actions {_ids_text(ids)}")
        with self.transaction() as cur:
            batch_id = cur.execute("SELECT nextval('batch_ids')").fetchone()[0]  # type: ignore[index]
            cur.execute(
                "INSERT INTO batches (batch_id, kind, file_name, sha256, rows, actor, created_at, status, scope) "
                "VALUES (?, 'action_edit', ?, ?, ?, ?, now(), 'active', ?)",
                [batch_id, file_name, sha256, len(edits), user.email,
                 ", ".join(str(a) for a in edits["action_id"].tolist()[:50])])
            cur.register("edits", edits[["action_id", "status", "progress", "note"]])
            cur.execute("""
                CREATE TEMP TABLE edited AS
                SELECT a.* REPLACE (e.status AS status, e.progress AS progress, e.note AS note,
                                    CAST(? AS INTEGER) AS batch_id)
                FROM actions a JOIN edits e USING (action_id) WHERE a.replaced_by IS NULL""", [batch_id])
            cur.execute("UPDATE actions SET replaced_by = ? WHERE replaced_by IS NULL "
                        "AND action_id IN (SELECT action_id FROM edits)", [batch_id])
            cur.execute("INSERT INTO actions SELECT * FROM edited")
            cur.execute("DROP TABLE edited")
            cur.unregister("edits")
            changes = [{"action_id": int(r["action_id"]), "status": r["status"],
                        "progress": None if pd.isna(r["progress"]) else float(r["progress"]),
                        "note": None if r["note"] is None or (not isinstance(r["note"], str) and pd.isna(r["note"]))
                        else str(r["note"])[:200]}
                       for r in edits[["action_id", "status", "progress", "note"]].head(200).to_dict("records")]
            self._append_audit(cur, user.email, "action_edit", f"actions {_ids_text(ids)}",
                               {"orgs": orgs, "rows": len(edits), "changes": changes}, batch_id=int(batch_id))
            return int(batch_id)

    # -- reads: organisations -----------------------------------------------------------------
    def orgs(self) -> pd.DataFrame:
        return self.df("SELECT org_code, abbr_th, name_th, name_en, ministry, org_group FROM orgs "
                       "WHERE replaced_by IS NULL ORDER BY org_code")

    def org(self, org_code: str) -> dict[str, Any] | None:
        found = self.df("SELECT org_code, abbr_th, name_th, name_en, ministry, org_group FROM orgs "
                        "WHERE replaced_by IS NULL AND org_code = ?", [org_code])
        return found.iloc[0].to_dict() if len(found) else None

    def org_lookup(self) -> dict[str, str]:
        """Code, Thai abbreviation (with and without dots) and names -> org code."""
        out: dict[str, str] = {}
        for code, abbr, name_th, name_en in self.rows(
                "SELECT org_code, abbr_th, name_th, name_en FROM orgs WHERE replaced_by IS NULL"):
            for key in (code, abbr, name_th, name_en):
                if key:
                    out[str(key).strip().lower()] = code
                    out[str(key).replace(".", "").strip().lower()] = code
        return out

    def years(self, org_code: str | None = None) -> list[int]:
        """Fiscal years with any data, newest first (for one org when given)."""
        parts = []
        params: list[Any] = []
        for table in ("kpis", "ita_summaries", "ita_indicators", "actions", "cycle_steps"):
            clause = "WHERE replaced_by IS NULL" + (" AND org_code = ?" if org_code else "")
            parts.append(f"SELECT DISTINCT fiscal_year FROM {table} {clause}")
            if org_code:
                params.append(org_code)
        return [r[0] for r in self.rows(" UNION ".join(parts) + " ORDER BY 1 DESC", params)]

    def default_year(self, org_code: str) -> int | None:
        """The newest year with a KPI agreement or an ITA result for an org."""
        found = self.scalar("""
            SELECT max(fiscal_year) FROM (
                SELECT fiscal_year FROM kpis WHERE replaced_by IS NULL AND org_code = $org
                UNION ALL SELECT fiscal_year FROM ita_summaries WHERE replaced_by IS NULL AND org_code = $org)""",
                            {"org": org_code})
        return int(found) if found is not None else None

    # -- reads: KPI -----------------------------------------------------------------------------
    _KPI_SELECT = """
        SELECT k.org_code, k.fiscal_year, k.dimension, k.dimension_name, k.dimension_weight, k.kpi_code,
               k.kpi_name, k.kpi_type, k.weight, k.unit, k.direction, k.scheme, k.c1, k.c2, k.c3, k.c4, k.c5,
               k.prev_result_1, k.prev_result_2, k.status, k.owner, k.seq,
               r6.result AS result_6m, r9.result AS result_9m, r12.result AS result_12m
        FROM kpis k
        LEFT JOIN kpi_results r6 ON r6.replaced_by IS NULL AND r6.org_code = k.org_code
             AND r6.fiscal_year = k.fiscal_year AND r6.kpi_code = k.kpi_code AND r6.round = 6
        LEFT JOIN kpi_results r9 ON r9.replaced_by IS NULL AND r9.org_code = k.org_code
             AND r9.fiscal_year = k.fiscal_year AND r9.kpi_code = k.kpi_code AND r9.round = 9
        LEFT JOIN kpi_results r12 ON r12.replaced_by IS NULL AND r12.org_code = k.org_code
             AND r12.fiscal_year = k.fiscal_year AND r12.kpi_code = k.kpi_code AND r12.round = 12
        WHERE k.replaced_by IS NULL"""

    def kpis(self, org_code: str, fiscal_year: int) -> pd.DataFrame:
        """One org's agreement for one year, with its results for every round."""
        return self.df(self._KPI_SELECT + " AND k.org_code = ? AND k.fiscal_year = ? ORDER BY k.seq",
                       [org_code, fiscal_year])

    def kpis_for_orgs(self, org_codes: Sequence[str], fiscal_years: Sequence[int]) -> pd.DataFrame:
        """The agreements of several orgs and years (comparison, trends)."""
        if not org_codes or not fiscal_years:
            return self.df(self._KPI_SELECT + " AND false")
        return self.df(self._KPI_SELECT + " AND k.org_code IN (SELECT unnest(?)) "
                       "AND k.fiscal_year IN (SELECT unnest(?)) ORDER BY k.org_code, k.fiscal_year, k.seq",
                       [list(org_codes), list(fiscal_years)])

    def kpi_history(self, org_code: str, kpi_code: str) -> pd.DataFrame:
        """One KPI's results across rounds and years."""
        return self.df("""
            SELECT r.fiscal_year, r.round, r.result FROM kpi_results r
            WHERE r.replaced_by IS NULL AND r.org_code = ? AND r.kpi_code = ?
            ORDER BY r.fiscal_year, r.round""", [org_code, kpi_code])

    def kpi_agreements(self, org_code: str, kpi_code: str) -> pd.DataFrame:
        """One KPI's agreed scheme, direction and criteria in every year it was agreed (its targets over time)."""
        return self.df("""
            SELECT fiscal_year, scheme, direction, c1, c2, c3, c4, c5, unit, status FROM kpis
            WHERE replaced_by IS NULL AND org_code = ? AND kpi_code = ?
            ORDER BY fiscal_year""", [org_code, kpi_code])

    # -- reads: ITA ------------------------------------------------------------------------------
    def ita_summary(self, org_code: str, fiscal_year: int) -> dict[str, Any] | None:
        found = self.df("SELECT org_code, fiscal_year, overall, rank_ministry, ministry_size, rank_group, "
                        "group_size FROM ita_summaries WHERE replaced_by IS NULL AND org_code = ? "
                        "AND fiscal_year = ?", [org_code, fiscal_year])
        return found.iloc[0].to_dict() if len(found) else None

    def ita_history(self, org_code: str) -> pd.DataFrame:
        return self.df("SELECT fiscal_year, overall, rank_ministry, ministry_size, rank_group, group_size "
                       "FROM ita_summaries WHERE replaced_by IS NULL AND org_code = ? ORDER BY fiscal_year",
                       [org_code])

    def ita_indicators(self, org_code: str, fiscal_year: int) -> pd.DataFrame:
        """Indicator scores as published, or the mean of their questions where none was published."""
        return self.df("""
            WITH q AS (
                SELECT indicator_no, any_value(tool) AS tool, avg(score) AS score FROM ita_questions
                WHERE replaced_by IS NULL AND org_code = $org AND fiscal_year = $year GROUP BY indicator_no),
            i AS (
                SELECT indicator_no, tool, score FROM ita_indicators
                WHERE replaced_by IS NULL AND org_code = $org AND fiscal_year = $year)
            SELECT coalesce(i.indicator_no, q.indicator_no) AS indicator_no, coalesce(i.tool, q.tool) AS tool,
                   coalesce(i.score, q.score) AS score, i.score IS NULL AS derived
            FROM i FULL OUTER JOIN q ON i.indicator_no = q.indicator_no
            ORDER BY indicator_no""", {"org": org_code, "year": fiscal_year})

    def ita_questions(self, org_code: str, fiscal_year: int) -> pd.DataFrame:
        return self.df("SELECT indicator_no, tool, question_code, question_text, score, recommendation, "
                       "analysis_label FROM ita_questions WHERE replaced_by IS NULL AND org_code = ? "
                       "AND fiscal_year = ? ORDER BY seq", [org_code, fiscal_year])

    def ita_group(self, fiscal_year: int, ministry: str | None = None,
                  org_group: str | None = None) -> pd.DataFrame:
        """Overall ITA of every org of a ministry (or group) for a year, best first."""
        return self.df("""
            SELECT s.org_code, o.abbr_th, o.name_th, o.name_en, s.overall, s.rank_ministry, s.ministry_size,
                   s.rank_group, s.group_size
            FROM ita_summaries s JOIN orgs o ON o.org_code = s.org_code AND o.replaced_by IS NULL
            WHERE s.replaced_by IS NULL AND s.fiscal_year = $year
              AND ($ministry IS NULL OR o.ministry = $ministry) AND ($grp IS NULL OR o.org_group = $grp)
            ORDER BY s.overall DESC, s.org_code""",
                       {"year": fiscal_year, "ministry": ministry, "grp": org_group})

    def ita_indicator_grid(self, fiscal_year: int, org_codes: Sequence[str]) -> pd.DataFrame:
        """Indicator scores of several orgs as ita_indicators gives them: published, else their questions' mean."""
        return self.df("""
            WITH q AS (
                SELECT org_code, indicator_no, avg(score) AS score FROM ita_questions
                WHERE replaced_by IS NULL AND fiscal_year = $year AND org_code IN (SELECT unnest($orgs))
                GROUP BY org_code, indicator_no),
            i AS (
                SELECT org_code, indicator_no, score FROM ita_indicators
                WHERE replaced_by IS NULL AND fiscal_year = $year AND org_code IN (SELECT unnest($orgs)))
            SELECT coalesce(i.org_code, q.org_code) AS org_code, coalesce(i.indicator_no, q.indicator_no) AS indicator_no,
                   coalesce(i.score, q.score) AS score, i.score IS NULL AS derived
            FROM i FULL OUTER JOIN q ON i.org_code = q.org_code AND i.indicator_no = q.indicator_no
            ORDER BY org_code, indicator_no""", {"year": fiscal_year, "orgs": list(org_codes)})

    def ita_measures(self, org_code: str, fiscal_years: Sequence[int]) -> pd.DataFrame:
        """ITA improvement measures (actions with source 'ita', ref = indicator number) of some plan years."""
        return self.df(f"SELECT {self._ACTION_COLUMNS}, TRY_CAST(ref AS INTEGER) AS indicator_no FROM actions "
                       "WHERE replaced_by IS NULL AND org_code = ? AND source = 'ita' "
                       "AND fiscal_year IN (SELECT unnest(?)) ORDER BY indicator_no, fiscal_year, seq",
                       [org_code, list(fiscal_years)])

    def units(self, ministry: str | None = None, org_group: str | None = None) -> pd.DataFrame:
        """The organisations of a ministry (or group), for side-by-side comparison."""
        return self.df("SELECT org_code, abbr_th, name_th, name_en, ministry, org_group FROM orgs "
                       "WHERE replaced_by IS NULL AND ($ministry IS NULL OR ministry = $ministry) "
                       "AND ($grp IS NULL OR org_group = $grp) ORDER BY org_code",
                       {"ministry": ministry, "grp": org_group})

    def ita_movement(self, fiscal_year: int, org_codes: Sequence[str]) -> pd.DataFrame:
        """Each org's overall ITA in a year and the year before (NULL where it has none)."""
        return self.df("""
            SELECT u.org_code, cur.overall, prev.overall AS prev_overall, cur.overall - prev.overall AS delta
            FROM (SELECT unnest($orgs) AS org_code) u
            LEFT JOIN ita_summaries cur ON cur.replaced_by IS NULL AND cur.org_code = u.org_code
                 AND cur.fiscal_year = $year
            LEFT JOIN ita_summaries prev ON prev.replaced_by IS NULL AND prev.org_code = u.org_code
                 AND prev.fiscal_year = $year - 1
            ORDER BY u.org_code""", {"year": fiscal_year, "orgs": list(org_codes)})

    def kpi_type_counts(self, fiscal_year: int, org_codes: Sequence[str]) -> pd.DataFrame:
        """How many active KPIs each org agreed per type (strategic, monitor, joint ...) in a year."""
        return self.df("""
            SELECT org_code, coalesce(nullif(trim(kpi_type), ''), 'other') AS kpi_type, count(*) AS kpis
            FROM kpis WHERE replaced_by IS NULL AND status = 'active' AND fiscal_year = ?
              AND org_code IN (SELECT unnest(?))
            GROUP BY ALL ORDER BY org_code, kpi_type""", [fiscal_year, list(org_codes)])

    def kpi_schemes(self, fiscal_years: Sequence[int], org_codes: Sequence[str]) -> pd.DataFrame:
        """The scoring scheme of each org's agreement per year ('mixed' when one agreement uses several)."""
        return self.df("""
            SELECT org_code, fiscal_year, CASE WHEN count(DISTINCT scheme) = 1 THEN any_value(scheme)
                                               ELSE 'mixed' END AS scheme
            FROM kpis WHERE replaced_by IS NULL AND fiscal_year IN (SELECT unnest(?))
              AND org_code IN (SELECT unnest(?))
            GROUP BY org_code, fiscal_year ORDER BY org_code, fiscal_year""", [list(fiscal_years), list(org_codes)])

    # -- reads: actions and cycle ---------------------------------------------------------------
    _ACTION_COLUMNS = ("action_id, org_code, fiscal_year, source, ref, level, assessor_result, assessor_reason, "
                       "action_no, action, owner_main, owner_support, start_date, due_date, quarters, status, "
                       "progress, note")

    def actions(self, org_code: str, fiscal_year: int | None = None) -> pd.DataFrame:
        return self.df(f"SELECT {self._ACTION_COLUMNS} FROM actions WHERE replaced_by IS NULL AND org_code = ? "
                       "AND (? IS NULL OR fiscal_year = ?) ORDER BY fiscal_year, seq",
                       [org_code, fiscal_year, fiscal_year])

    def action_counts(self, org_code: str, fiscal_year: int | None, today: dt.date) -> dict[str, int]:
        found = self.df("""
            SELECT count(*) AS total,
                   count(*) FILTER (WHERE status = 'not_started') AS not_started,
                   count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
                   count(*) FILTER (WHERE status = 'done') AS done,
                   count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
                   count(*) FILTER (WHERE due_date < $today AND status NOT IN ('done', 'cancelled')) AS overdue
            FROM actions WHERE replaced_by IS NULL AND org_code = $org
              AND ($year IS NULL OR fiscal_year = $year)""",
                        {"org": org_code, "year": fiscal_year, "today": today})
        return {k: int(v) for k, v in found.iloc[0].items()}

    def overdue_actions(self, org_code: str, fiscal_year: int | None, today: dt.date,
                        limit: int = 200) -> pd.DataFrame:
        """Actions past their due date and neither done nor cancelled, oldest first."""
        return self.df(f"SELECT {self._ACTION_COLUMNS} FROM actions WHERE replaced_by IS NULL AND org_code = $org "
                       "AND ($year IS NULL OR fiscal_year = $year) AND due_date < $today "
                       "AND status NOT IN ('done', 'cancelled') ORDER BY due_date, seq LIMIT $limit",
                       {"org": org_code, "year": fiscal_year, "today": today, "limit": limit})

    def cycle_steps(self, org_code: str, fiscal_year: int) -> pd.DataFrame:
        return self.df("SELECT step_no, step_name, standard_days, started, finished FROM cycle_steps "
                       "WHERE replaced_by IS NULL AND org_code = ? AND fiscal_year = ? ORDER BY step_no",
                       [org_code, fiscal_year])

    # -- reads: the action-plan page ---------------------------------------------------------------
    # owner_main can name several main units ("กจ., กค., กพร.", "กพร. และทุกหน่วยงาน"); the owner filter
    # and the per-unit counts treat each of them as an owner. A space before และ keeps unit names such
    # as "กองยุทธศาสตร์และแผนงาน" whole.
    _OWNER_UNITS = r"regexp_split_to_array(trim(coalesce(owner_main, '')), '\s*,\s*|\s+และ\s*')"
    _SHOWN_ACTIONS = f"""
        WITH shown AS (
            SELECT *,
                   CASE WHEN source = 'pmqa' THEN split_part(ref, '.', 1) ELSE ref END AS category,
                   coalesce(level, '') AS level_key,
                   coalesce(due_date < $today AND status NOT IN ('done', 'cancelled'), false) AS overdue,
                   {_OWNER_UNITS} AS owner_units
            FROM actions
            WHERE replaced_by IS NULL AND org_code = $org AND ($year IS NULL OR fiscal_year = $year)
              AND ($source IS NULL OR source = $source)
              AND ($owner IS NULL OR list_contains({_OWNER_UNITS}, $owner)))"""
    _ACTION_COUNTS = """
        count(*) AS total,
        count(*) FILTER (WHERE status = 'not_started') AS not_started,
        count(*) FILTER (WHERE status = 'in_progress') AS in_progress,
        count(*) FILTER (WHERE status = 'done') AS done,
        count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
        count(*) FILTER (WHERE overdue) AS overdue,
        count(*) FILTER (WHERE status = 'not_started' AND NOT overdue) AS not_started_on_time,
        count(*) FILTER (WHERE status = 'in_progress' AND NOT overdue) AS in_progress_on_time"""
    # Grouping -> (select list, GROUP BY, FROM, ORDER BY); callers pick a key, never a fragment.
    _ACTION_GROUPINGS: dict[str, tuple[str, str, str, str]] = {
        "source": ("source", "source", "shown", "source"),
        "category": ("source, category", "source, category", "shown",
                     "source, try_cast(category AS DOUBLE) NULLS LAST, category"),
        "level": ("level_key AS level", "level_key", "shown",
                  "list_position(['basic', 'advance', 'significance', ''], level_key), level_key"),
        "unit": ("unit", "unit", "(SELECT *, unnest(owner_units) AS unit FROM shown)", "total DESC, unit"),
        "fiscal_year": ("fiscal_year", "fiscal_year", "shown", "fiscal_year"),
    }

    @staticmethod
    def _shown_params(org_code: str, fiscal_year: int | None, today: dt.date, source: str | None,
                      owner: str | None) -> dict[str, Any]:
        return {"org": org_code, "year": fiscal_year, "today": today, "source": source or None,
                "owner": owner or None}

    def action_status_counts(self, org_code: str, fiscal_year: int | None, today: dt.date,
                             source: str | None = None, owner: str | None = None) -> dict[str, int]:
        """action_counts for the shown actions, plus the open ones not yet overdue, by status."""
        found = self.df(self._SHOWN_ACTIONS + f" SELECT {self._ACTION_COUNTS} FROM shown",
                        self._shown_params(org_code, fiscal_year, today, source, owner))
        return {k: int(v) for k, v in found.iloc[0].items()}

    def action_breakdown(self, org_code: str, fiscal_year: int | None, today: dt.date, by: str,
                         source: str | None = None, owner: str | None = None) -> pd.DataFrame:
        """Counts by status (and overdue) per source, category, level, owner unit or fiscal year.

        The category of a PMQA item is its หมวด (the first number of ref), of anything else its ref.
        """
        if by not in self._ACTION_GROUPINGS:
            raise ValueError(f"by must be one of {', '.join(self._ACTION_GROUPINGS)}, not {by!r}")
        select, group, relation, order = self._ACTION_GROUPINGS[by]
        return self.df(self._SHOWN_ACTIONS + f" SELECT {select}, {self._ACTION_COUNTS} FROM {relation} "
                       f"GROUP BY {group} ORDER BY {order}",
                       self._shown_params(org_code, fiscal_year, today, source, owner))

    def action_rows(self, org_code: str, fiscal_year: int | None, today: dt.date,
                    source: str | None = None, owner: str | None = None) -> pd.DataFrame:
        """The shown actions with their category and whether each is overdue, in plan order."""
        return self.df(self._SHOWN_ACTIONS + f" SELECT {self._ACTION_COLUMNS}, category, overdue FROM shown "
                       "ORDER BY fiscal_year, seq",
                       self._shown_params(org_code, fiscal_year, today, source, owner))

    def action_units(self, org_code: str, fiscal_year: int | None = None) -> list[str]:
        """The main owner units named in an org's actions, the busiest first."""
        found = self.rows(f"""
            SELECT unit FROM (SELECT unnest({self._OWNER_UNITS}) AS unit FROM actions
                              WHERE replaced_by IS NULL AND org_code = $org
                                AND ($year IS NULL OR fiscal_year = $year))
            WHERE unit <> '' GROUP BY unit ORDER BY count(*) DESC, unit""",
                          {"org": org_code, "year": fiscal_year})
        return [r[0] for r in found]

    def action_sources(self, org_code: str, fiscal_year: int | None = None) -> list[str]:
        return [r[0] for r in self.rows(
            "SELECT DISTINCT source FROM actions WHERE replaced_by IS NULL AND org_code = $org "
            "AND ($year IS NULL OR fiscal_year = $year) ORDER BY source", {"org": org_code, "year": fiscal_year})]

    def assessed_levels(self, org_code: str, fiscal_year: int | None, today: dt.date,
                        source: str | None = None, owner: str | None = None) -> pd.DataFrame:
        """Each assessed item and level with the assessor's verdict and reason, and how its actions stand."""
        return self.df(self._SHOWN_ACTIONS + """
            SELECT fiscal_year, ref, level_key AS level, assessor_result, min(assessor_reason) AS assessor_reason,
                   count(*) AS actions, count(*) FILTER (WHERE status = 'done') AS done,
                   count(*) FILTER (WHERE overdue) AS overdue
            FROM shown WHERE assessor_result IS NOT NULL
            GROUP BY fiscal_year, ref, level_key, assessor_result ORDER BY fiscal_year, min(seq)""",
                       self._shown_params(org_code, fiscal_year, today, source, owner))
