"""Accounts: roles, organisation limits, passwords, lockout bookkeeping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd

from analytics import auth
from analytics.auth import Account, User
from analytics.errors import (
    InvalidUserError,
    LastAdminError,
    PasswordRejected,
    SignInFailed,
    UserExistsError,
    UserNotFoundError,
)
from analytics.store.connection import Cursor
from analytics.store.reads.orgs import OrgReads
from analytics.store.settings import SettingsStore


class AccountStore(SettingsStore, OrgReads):
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
        codes = auth.parse_orgs(orgs)  # trimmed and upper-case: "dpim" and "DPIM" name one organisation
        known = {str(c).strip().upper() for c in self.orgs()["org_code"]}
        unknown = [c for c in codes if known and c not in known]
        if unknown:
            raise InvalidUserError(f"Unknown organisation codes: {', '.join(unknown)}.",
                                   f"ไม่รู้จักรหัสหน่วยงาน: {', '.join(unknown)}")
        return codes

    @staticmethod
    def _check_admin_left(cur: Cursor, account: Account) -> None:
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

    # Sign-in bookkeeping for auth.sign_in and auth.sign_in_oidc. Each decision is one statement
    # on the account's (or the address's) row, so concurrent attempts cannot both pass a check that
    # only one of them should: PostgreSQL takes the row lock for the UPDATE, DuckDB serialises
    # writers (and this store's writes go through one lock).
    def claim_sign_in(self, login: str, at: dt.datetime, refused_email: str | None = None) -> auth.SignInClaim | None:
        """Admit one password check against a local account, counted as a failure until it proves right.

        None when there is no such enabled local account with a password, or it is locked now.
        The MAX_FAILED-th admitted attempt locks the account (and restarts the count); the lock
        refuses every later attempt until it ends.
        """
        with self.transaction() as cur:
            found = cur.execute("""
                UPDATE users SET
                    failed_count = CASE WHEN failed_count + 1 >= ? THEN 0 ELSE failed_count + 1 END,
                    locked_until = CASE WHEN failed_count + 1 >= ? THEN CAST(? AS TIMESTAMP) ELSE NULL END
                WHERE email = ? AND NOT disabled AND source = 'local' AND password_hash IS NOT NULL
                  AND email <> coalesce(?, '') AND (locked_until IS NULL OR locked_until <= ?)
                RETURNING failed_count, locked_until, password_hash""",
                [auth.MAX_FAILED, auth.MAX_FAILED, at + auth.LOCKOUT, login, refused_email, at]).fetchone()
        if not found:
            return None
        failed, locked_until, password_hash = found
        return auth.SignInClaim(login, auth.MAX_FAILED if locked_until is not None else int(failed), locked_until,
                                str(password_hash))

    def sign_in_succeeded(self, email: str, at: dt.datetime, source: str, new_hash: str | None = None,
                          claim: auth.SignInClaim | None = None, detail: dict[str, Any] | None = None) -> bool:
        """Record a sign-in; with a claim (local accounts), only if no other attempt locked the account meanwhile.

        The failures counted up to and including this attempt are taken back; those admitted after
        it stay. Returns False (and audits the refusal) when the account was locked in between.
        """
        with self.transaction() as cur:
            if claim is not None:
                done = cur.execute("""
                    UPDATE users SET failed_count = greatest(failed_count - ?, 0), locked_until = NULL,
                                     password_hash = coalesce(?, password_hash)
                    WHERE email = ? AND (locked_until IS NULL OR locked_until <= ? OR locked_until = ?)
                    RETURNING email""", [claim.attempt, new_hash, email, at, claim.locked_until]).fetchone()
                if not done:
                    self._append_audit(cur, email, "sign_in_failed", email,
                                       {"reason": "locked", "source": source, "during_check": True, **(detail or {})},
                                       at=at)
                    return False
            else:
                cur.execute("UPDATE users SET failed_count = 0, locked_until = NULL WHERE email = ?", [email])
            self._append_audit(cur, email, "sign_in", email, {"source": source, **(detail or {})}, at=at)
        return True

    def sign_in_failed(self, login: str, at: dt.datetime, reason: str, source: str = auth.LOCAL,
                       detail: dict[str, Any] | None = None) -> None:
        """Record a refused sign-in with its reason (the failure count, if any, was kept by claim_sign_in)."""
        self.append_audit(login, "sign_in_failed", login, {"reason": reason, "source": source, **(detail or {})}, at=at)

    def claim_client_attempt(self, address: str, at: dt.datetime) -> dt.timedelta | None:
        """Admit one sign-in attempt from a client address: None when admitted, else how long it must wait.

        Like claim_sign_in, the attempt counts as a failure until it succeeds.
        """
        cutoff = at - auth.CLIENT_WINDOW
        (first, short), (second, medium), (third, long) = auth.CLIENT_STEPS
        with self.transaction() as cur:
            cur.execute("INSERT INTO sign_in_clients (address, failures, window_start) VALUES (?, 0, ?) "
                        "ON CONFLICT (address) DO NOTHING", [address, at])
            found = cur.execute("""
                UPDATE sign_in_clients SET
                    failures = CASE WHEN window_start <= ? THEN 1 ELSE failures + 1 END,
                    window_start = CASE WHEN window_start <= ? THEN CAST(? AS TIMESTAMP) ELSE window_start END,
                    next_allowed = CASE WHEN window_start <= ? OR failures + 1 < ? THEN NULL
                                        WHEN failures + 1 < ? THEN CAST(? AS TIMESTAMP)
                                        WHEN failures + 1 < ? THEN CAST(? AS TIMESTAMP)
                                        ELSE CAST(? AS TIMESTAMP) END
                WHERE address = ? AND (next_allowed IS NULL OR next_allowed <= ?)
                RETURNING failures""",
                [cutoff, cutoff, at, cutoff, first, second, at + short, third, at + medium, at + long,
                 address, at]).fetchone()
            if found:
                return None
            wait = cur.execute("SELECT next_allowed FROM sign_in_clients WHERE address = ?", [address]).fetchone()
        return max(wait[0] - at, dt.timedelta(seconds=1)) if wait and wait[0] else dt.timedelta(seconds=1)

    def client_attempt_succeeded(self, address: str) -> None:
        """Take back the failure an admitted attempt from this address was counted as."""
        with self.transaction() as cur:
            cur.execute("UPDATE sign_in_clients SET failures = greatest(failures - 1, 0) WHERE address = ?",
                        [address])
