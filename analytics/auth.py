"""Who may do what: roles, organisation limits, local accounts, lockout and idle expiry.

Every write function of the domain (import, undo, action edits, user management) calls `require`
with the acting user, so the CLI and any future API are held to the same rules as the app.
Passwords are hashed with argon2id; neither a password nor a hash is ever logged or shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from analytics.errors import PermissionDenied

VIEWER, ANALYST, ADMIN = "viewer", "analyst", "admin"
ROLES = (VIEWER, ANALYST, ADMIN)
_RANK = {VIEWER: 0, ANALYST: 1, ADMIN: 2}

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

MAX_FAILED = 5
LOCKOUT = dt.timedelta(minutes=15)
DEFAULT_IDLE = dt.timedelta(minutes=30)
MIN_PASSWORD = 10

_hasher = PasswordHasher()


@dataclass(frozen=True)
class User:
    """An acting person: e-mail, role and, when limited, the organisations they may act for."""

    email: str
    role: str
    orgs: tuple[str, ...] = field(default_factory=tuple)  # empty: every organisation
    source: str = "local"  # local | oidc | system | demo

    def may(self, permission: str) -> bool:
        needed = PERMISSIONS[permission]
        return _RANK.get(self.role, -1) >= _RANK[needed]

    def covers(self, org_code: str) -> bool:
        return not self.orgs or org_code in self.orgs


# The operator at the server's shell (the CLI) acts with full rights.
SYSTEM = User("system@localhost", ADMIN, source="system")
DEMO_VIEWER = User("demo-viewer@localhost", VIEWER, source="demo")


def require(user: User | None, permission: str, orgs: Iterable[str] = ()) -> None:
    """Raise PermissionDenied unless the user's role holds the permission for every org given."""
    if user is None:
        raise PermissionDenied("Sign in first.", "โปรดเข้าสู่ระบบก่อน")
    if not user.may(permission):
        raise PermissionDenied(
            f"The role {user.role} may not {permission.replace('_', ' ')}.",
            f"บทบาท {user.role} ไม่มีสิทธิ์ {permission}")
    outside = sorted({o for o in orgs if o is not None and not user.covers(str(o))})
    if outside:
        raise PermissionDenied(
            f"{user.email} may not act for {', '.join(outside)}.",
            f"{user.email} ไม่มีสิทธิ์ดำเนินการแทนหน่วยงาน {', '.join(outside)}")


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise PermissionDenied(f"A password needs at least {MIN_PASSWORD} characters.",
                               f"รหัสผ่านต้องมีอย่างน้อย {MIN_PASSWORD} ตัวอักษร")
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    if not stored_hash:
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def is_locked(locked_until: dt.datetime | None, now: dt.datetime) -> bool:
    return locked_until is not None and now < locked_until


def after_failure(failed_count: int, now: dt.datetime) -> tuple[int, dt.datetime | None]:
    """The new failure count and, once it reaches the limit, when the lock ends."""
    count = failed_count + 1
    return (0, now + LOCKOUT) if count >= MAX_FAILED else (count, None)


def expired(last_seen: dt.datetime | None, now: dt.datetime, idle: dt.timedelta = DEFAULT_IDLE) -> bool:
    return last_seen is None or now - last_seen > idle
