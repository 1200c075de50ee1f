"""Who may do what: roles, organisation limits, local accounts, lockout and idle expiry.

Every write function of the domain (import, undo, action edits, user management, settings) calls
`require` with the acting user, so the CLI and any future API are held to the same rules as the app.
Passwords are hashed with argon2id; neither a password nor a hash is ever logged, audited or shown.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from analytics.errors import InvalidUserError, PasswordRejected, PermissionDenied, SignInFailed, SignInThrottled
from analytics.proxies import slowing_key

if TYPE_CHECKING:
    from analytics.store import Store

log = logging.getLogger("pramern.auth")

VIEWER, ANALYST, ADMIN = "viewer", "analyst", "admin"
ROLES = (VIEWER, ANALYST, ADMIN)
_RANK = {VIEWER: 0, ANALYST: 1, ADMIN: 2}
LOCAL, OIDC = "local", "oidc"
SOURCES = (LOCAL, OIDC)

# permission -> the lowest role that holds it
PERMISSIONS: dict[str, str] = {
    "view": VIEWER,
    "export": VIEWER,
    "import": ANALYST,
    "undo_own": ANALYST,
    "edit_actions": ANALYST,
    "undo_any": ADMIN,
    "manage_users": ADMIN,
    "settings": ADMIN,
    "audit": ADMIN,
}

# Pages that need more than "view": app.py leaves them out of a role's menu and each guards itself.
PAGE_PERMISSIONS: dict[str, str] = {
    "pages/7_upload.py": "import",
    "pages/8_admin.py": "manage_users",
    "pages/9_audit.py": "audit",
}

# Stands for "every organisation" where an org list is checked: only an unlimited user covers it.
ALL_ORGS = "*"

MAX_FAILED = 5
LOCKOUT = dt.timedelta(minutes=15)
DEFAULT_IDLE = dt.timedelta(minutes=30)
IDLE_RANGE = (5, 480)  # minutes an administrator may choose
MIN_PASSWORD = 10
MAX_PASSWORD = 256  # argon2 takes any length; a cap keeps a hostile form post cheap
MAX_EMAIL = 254

# Demo mode (PRAMERN_DEMO=1, `make run`): anyone views as DEMO_VIEWER; the demo loader creates this
# analyst, whose password is public, and it may sign in only while demo mode is on.
DEMO_ANALYST_EMAIL = "analyst@demo.pramern"
DEMO_ANALYST_PASSWORD = "pramern-demo-2568"

_hasher = PasswordHasher()
_EMAIL = re.compile(r"[^@\s,;<>\"']+@[^@\s,;<>\"']+\.[^@\s,;<>\"']+")


@dataclass(frozen=True)
class User:
    """An acting person: e-mail, role and, when limited, the organisations they may act for."""

    email: str
    role: str
    orgs: tuple[str, ...] = field(default_factory=tuple)  # empty: every organisation
    source: str = LOCAL  # local | oidc | system | demo

    def may(self, permission: str) -> bool:
        needed = PERMISSIONS[permission]
        return _RANK.get(self.role, -1) >= _RANK[needed]

    def covers(self, org_code: str) -> bool:
        """Whether the user may act for an organisation; codes compare without regard to case."""
        return not self.orgs or str(org_code).strip().upper() in self.orgs


# The operator at the server's shell (the CLI, the demo loader) acts with full rights.
SYSTEM = User("system@localhost", ADMIN, source="system")
DEMO_VIEWER = User("demo-viewer@localhost", VIEWER, source="demo")


@dataclass(frozen=True)
class Account:
    """A row of the users table. The hash stays out of repr, so no traceback or log line shows it."""

    email: str
    role: str
    orgs: tuple[str, ...]
    source: str
    failed_count: int
    locked_until: dt.datetime | None
    disabled: bool
    created_at: dt.datetime
    created_by: str
    password_hash: str | None = field(default=None, repr=False)

    def user(self, source: str | None = None) -> User:
        return User(self.email, self.role, self.orgs, source or self.source)


def now() -> dt.datetime:
    """The clock of sign-ins, lockouts and the audit trail (local time, as DuckDB's now() stores it)."""
    return dt.datetime.now()


def demo_mode() -> bool:
    return os.environ.get("PRAMERN_DEMO", "").strip().lower() in ("1", "true", "yes", "on")


# -- permissions ----------------------------------------------------------------------------------
def _org_names(orgs: Iterable[str], lang: str) -> str:
    names = ["ทุกหน่วยงาน" if o == ALL_ORGS and lang == "th" else "every organisation" if o == ALL_ORGS else o
             for o in orgs]
    return ", ".join(names)


def require(user: User | None, permission: str, orgs: Iterable[str | None] = ()) -> None:
    """Raise PermissionDenied unless the user's role holds the permission for every org given."""
    if user is None:
        raise PermissionDenied("Sign in first.", "โปรดเข้าสู่ระบบก่อน")
    if not user.may(permission):
        raise PermissionDenied(
            f"The role {user.role} may not {permission.replace('_', ' ')}.",
            f"บทบาท {user.role} ไม่มีสิทธิ์ {permission}")
    outside = sorted({str(o) for o in orgs if o is not None and not user.covers(str(o))})
    if outside:
        raise PermissionDenied(
            f"{user.email} may not act for {_org_names(outside, 'en')}.",
            f"{user.email} ไม่มีสิทธิ์ดำเนินการแทน {_org_names(outside, 'th')}")


def page_permission(page: str) -> str:
    """The permission a page needs ("view" for the dashboards)."""
    return PAGE_PERMISSIONS.get(page, "view")


# -- account fields -------------------------------------------------------------------------------
def normal_email(text: str) -> str:
    """An e-mail as stored: trimmed and lower-case; anything that is not one is refused."""
    email = str(text or "").strip().lower()
    if len(email) > MAX_EMAIL or not _EMAIL.fullmatch(email):
        raise InvalidUserError("Enter an e-mail address such as name@example.go.th.",
                               "โปรดระบุอีเมล เช่น name@example.go.th")
    return email


def login_name(text: str) -> str:
    """What the audit records of a typed e-mail: the e-mail, or a placeholder.

    People sometimes type their password into the e-mail box; only something shaped like an
    e-mail is ever written down.
    """
    try:
        return normal_email(text)
    except InvalidUserError:
        return "(not an e-mail)"


def check_role(role: str) -> str:
    if role not in ROLES:
        raise InvalidUserError(f"The role must be one of {', '.join(ROLES)}, not {role!r}.",
                               f"บทบาทต้องเป็น {', '.join(ROLES)} เท่านั้น (ได้รับ {role!r})")
    return role


def parse_orgs(value: str | Iterable[str] | None) -> tuple[str, ...]:
    """Org codes from "DPIM,DIW" or a list: trimmed, upper-case, sorted, without repeats."""
    parts = value.split(",") if isinstance(value, str) else list(value or ())
    return tuple(sorted({p.strip().upper() for p in parts if p and p.strip()}))


def check_password(password: str, email: str | None = None) -> None:
    """Raise PasswordRejected when a new password is too short, too long or is the e-mail."""
    if len(password) < MIN_PASSWORD:
        raise PasswordRejected(f"A password needs at least {MIN_PASSWORD} characters.",
                               f"รหัสผ่านต้องมีอย่างน้อย {MIN_PASSWORD} ตัวอักษร")
    if len(password) > MAX_PASSWORD:
        raise PasswordRejected(f"A password may have at most {MAX_PASSWORD} characters.",
                               f"รหัสผ่านต้องมีไม่เกิน {MAX_PASSWORD} ตัวอักษร")
    if email and password.strip().lower() in {email.lower(), email.split("@")[0].lower()}:
        raise PasswordRejected("A password must not be the e-mail address.", "รหัสผ่านต้องไม่ซ้ำกับอีเมล")


def hash_password(password: str, email: str | None = None) -> str:
    check_password(password, email)
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    if not stored_hash or len(password) > MAX_PASSWORD:
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    try:
        return _hasher.check_needs_rehash(stored_hash)
    except InvalidHashError:
        return False


_dummy_hash: dict[str, str] = {}


def _dummy() -> str:
    """A throw-away hash with the hasher's parameters, so an unknown e-mail costs what a wrong password does."""
    params = repr(_hasher)
    if params not in _dummy_hash:
        _dummy_hash[params] = _hasher.hash("pramern: no such account")
    return _dummy_hash[params]


# -- lockout and idle expiry ------------------------------------------------------------------------
def is_locked(locked_until: dt.datetime | None, at: dt.datetime) -> bool:
    return locked_until is not None and at < locked_until


def expired(last_seen: dt.datetime | None, at: dt.datetime, idle: dt.timedelta = DEFAULT_IDLE) -> bool:
    return last_seen is None or at - last_seen > idle


def idle_minutes(value: Any) -> int | None:
    """A number of idle minutes within IDLE_RANGE, or None."""
    try:
        minutes = int(float(value))
    except (TypeError, ValueError):
        return None
    return minutes if IDLE_RANGE[0] <= minutes <= IDLE_RANGE[1] else None


def idle_limit(store: Store | None = None) -> dt.timedelta:
    """The idle time after which a session ends: the admin's setting, else PRAMERN_IDLE_MINUTES, else 30."""
    for value in (store.setting("idle_minutes") if store is not None else None,
                  os.environ.get("PRAMERN_IDLE_MINUTES")):
        minutes = idle_minutes(value)
        if minutes is not None:
            return dt.timedelta(minutes=minutes)
    return DEFAULT_IDLE


# -- signing in ---------------------------------------------------------------------------------------
# One answer for every refusal (wrong password, unknown e-mail, disabled, OIDC-only or locked
# account), so the form never tells which e-mails have accounts; the audit trail says which it was.
_WRONG = ("The e-mail or the password is not correct, or the account may not sign in now. After "
          f"{MAX_FAILED} wrong passwords in a row an account is locked for {int(LOCKOUT.total_seconds() // 60)} "
          "minutes; an administrator can unlock it sooner.",
          "อีเมลหรือรหัสผ่านไม่ถูกต้อง หรือบัญชีนี้เข้าสู่ระบบไม่ได้ในขณะนี้ เมื่อใส่รหัสผ่านผิดติดต่อกัน "
          f"{MAX_FAILED} ครั้ง บัญชีจะถูกล็อก {int(LOCKOUT.total_seconds() // 60)} นาที "
          "ผู้ดูแลระบบปลดล็อกให้ก่อนได้")

# Per client address (what the app sees of the browser's connection): the first CLIENT_FREE failed
# sign-ins in CLIENT_WINDOW go unhindered; after that each address gets one attempt per step, the
# step growing with its failures. This slows guessing across many accounts from one place, which
# the per-account lock alone does not.
CLIENT_WINDOW = dt.timedelta(minutes=15)
CLIENT_FREE = 10
CLIENT_STEPS: tuple[tuple[int, dt.timedelta], ...] = (
    (CLIENT_FREE, dt.timedelta(seconds=2)), (20, dt.timedelta(seconds=10)), (50, dt.timedelta(seconds=60)))
LOCALHOST = "localhost"


@dataclass(frozen=True)
class SignInClaim:
    """An attempt admitted against an account: counted as a failure until the password proves right.

    attempt is which failure in a row it would be (1..MAX_FAILED); locked_until is set when this
    attempt itself reached the limit and locked the account.
    """

    email: str
    attempt: int
    locked_until: dt.datetime | None
    password_hash: str = field(repr=False)


def client_address(address: object) -> str:
    """The key the per-address slowing uses: the connection's address, or "localhost" when it has none."""
    text = address.strip()[:64] if isinstance(address, str) else ""
    return text or LOCALHOST


def _throttled(wait: dt.timedelta) -> SignInThrottled:
    seconds = max(1, int(wait.total_seconds() + 0.999))
    return SignInThrottled(
        f"Too many sign-in attempts from this computer. Wait {seconds} seconds and try again.",
        f"มีการพยายามเข้าสู่ระบบจากเครื่องนี้หลายครั้งเกินไป โปรดรอ {seconds} วินาทีแล้วลองใหม่")


def sign_in(store: Store, email: str, password: str, at: dt.datetime | None = None,
            client: str | None = None) -> User:
    """Check a local account's password; every attempt is audited, the password never is.

    The attempt is admitted in the database before the password is checked: one UPDATE counts it
    as a failure and locks the account when it is the MAX_FAILED-th, and refuses it when the
    account is locked already. However many attempts arrive at once, at most MAX_FAILED wrong
    passwords are checked before the lock, and a right password that loses the race to the lock
    does not sign in. Unknown, disabled, OIDC-only and locked accounts get the same answer after
    the same work (one password verification), so neither the words nor the time tell them apart.
    With client (the browser's address), attempts are also slowed per address (per /64 for IPv6);
    the audit trail records the address itself.
    """
    at = at or now()
    login = login_name(email)
    address = client_address(client) if client is not None else None
    detail: dict[str, Any] = {"client": address} if address is not None else {}
    if address is not None:
        wait = store.claim_client_attempt(slowing_key(address), at)
        if wait is not None:
            store.sign_in_failed(login, at, "throttled", detail=detail)
            log.warning("sign-in refused for %s from %s: too many attempts from the address", login, address)
            raise _throttled(wait)
    valid = login != "(not an e-mail)"
    account = store.account(login) if valid else None
    reason = None
    if account is None:
        reason = "unknown"
    elif account.disabled:
        reason = "disabled"
    elif account.source != LOCAL or not account.password_hash:
        reason = "no_password"
    elif account.email == DEMO_ANALYST_EMAIL and not demo_mode():
        reason = "demo_only"
    refused_email = None if demo_mode() else DEMO_ANALYST_EMAIL
    claim = store.claim_sign_in(login, at, refused_email) if valid else None
    if claim is None and reason is None:
        reason = "locked"
    elif claim is not None and reason is not None:  # created or enabled between the read and the claim
        reason = None
    # Exactly one verification on every path, against the account's hash or a throw-away one.
    right = verify_password(claim.password_hash if claim else _dummy(), password)
    if claim is None:
        store.sign_in_failed(login, at, reason or "unknown", detail=detail)
        log.warning("sign-in refused for %s: %s", login, reason)
        raise SignInFailed(*_WRONG)
    if not right:
        store.sign_in_failed(login, at, "wrong_password", detail={
            **detail, "failed_count": claim.attempt, "locked_until": claim.locked_until})
        log.warning("sign-in refused for %s: wrong password%s", login, " (now locked)" if claim.locked_until else "")
        raise SignInFailed(*_WRONG)
    new_hash = _hasher.hash(password) if needs_rehash(claim.password_hash) else None
    if not store.sign_in_succeeded(login, at, LOCAL, new_hash=new_hash, claim=claim, detail=detail):
        log.warning("sign-in refused for %s: locked while the password was checked", login)
        raise SignInFailed(*_WRONG)
    if address is not None:
        store.client_attempt_succeeded(slowing_key(address))
    signed = store.account(login)  # as it is now: a role changed during the check applies
    if signed is None:
        raise SignInFailed(*_WRONG)
    log.info("signed in: %s (%s)", login, signed.role)
    return signed.user(LOCAL)


def sign_in_oidc(store: Store, claims: Mapping[str, Any], at: dt.datetime | None = None) -> User:
    """The user behind an identity provider's sign-in: their role comes from the users table by e-mail."""
    at = at or now()
    login = login_name(str(claims.get("email") or ""))
    account = store.account(login) if login != "(not an e-mail)" else None
    reason = None
    if claims.get("email_verified") is False:
        reason = "email_not_verified"
    elif account is None:
        reason = "not_registered"
    elif account.disabled:
        reason = "disabled"
    if reason is not None or account is None:
        store.sign_in_failed(login, at, reason or "not_registered", source=OIDC)
        log.warning("OIDC sign-in refused for %s: %s", login, reason)
        raise SignInFailed(
            f"You are signed in as {login}, but this e-mail has no access to Pramern. "
            "Ask an administrator to add it.",
            f"คุณเข้าสู่ระบบในชื่อ {login} แต่อีเมลนี้ยังไม่มีสิทธิ์ใช้งาน Pramern โปรดติดต่อผู้ดูแลระบบ")
    store.sign_in_succeeded(login, at, OIDC)
    log.info("signed in through OIDC: %s (%s)", login, account.role)
    return account.user(OIDC)
