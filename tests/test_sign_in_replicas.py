"""Local-password sign-in on several servers over one PostgreSQL: each server is a Store of its own (its own
connection pool, as each replica behind nginx has), and the failed attempts, the lock and an unlock are the
database's, so they hold on every server however the attempts were spread. (With the identity provider the
multi-server browser test covers signing in across replicas.)"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest

from analytics import auth
from analytics.auth import ANALYST, SYSTEM
from analytics.errors import SignInFailed
from analytics.store import Store

PASSWORD = "a-long-and-secret-passphrase-2568"
WRONG = "wrong-password-123"
EMAIL = "analyst@dpim.go.th"
T0 = dt.datetime(2026, 11, 20, 9, 0, 0)


@pytest.fixture
def replicas(pg_database: str) -> Iterator[tuple[Store, Store]]:
    a, b = Store(pg_database), Store(pg_database)
    a.add_user(SYSTEM, EMAIL, ANALYST, password=PASSWORD)
    yield a, b
    a.close()
    b.close()


def _reasons(s: Store) -> list[str]:
    events = s.audit_events(actions=["sign_in_failed"]).sort_values("id")
    return [json.loads(d)["reason"] for d in events["detail"]]


def test_wrong_passwords_spread_over_two_servers_lock_the_account_on_both(replicas: tuple[Store, Store]) -> None:
    a, b = replicas
    for n in range(auth.MAX_FAILED):
        with pytest.raises(SignInFailed):
            auth.sign_in(a if n % 2 == 0 else b, EMAIL, WRONG, at=T0 + dt.timedelta(seconds=n))
    soon = T0 + dt.timedelta(minutes=1)
    for server in (a, b):  # the right password is refused on both while the lock holds
        with pytest.raises(SignInFailed):
            auth.sign_in(server, EMAIL, PASSWORD, at=soon)
        account = server.account(EMAIL)
        assert account is not None and account.locked_until == T0 + dt.timedelta(seconds=auth.MAX_FAILED - 1) \
            + auth.LOCKOUT
    assert _reasons(b) == ["wrong_password"] * auth.MAX_FAILED + ["locked", "locked"]
    # An administrator unlocks it on one server; the other signs the person in at once.
    a.unlock_user(SYSTEM, EMAIL)
    assert auth.sign_in(b, EMAIL, PASSWORD, at=soon) == auth.User(EMAIL, ANALYST, ())


def test_a_right_password_on_one_server_clears_the_failures_counted_on_the_other(
        replicas: tuple[Store, Store]) -> None:
    a, b = replicas
    for n in range(auth.MAX_FAILED - 1):
        with pytest.raises(SignInFailed):
            auth.sign_in(a, EMAIL, WRONG, at=T0 + dt.timedelta(seconds=n))
    auth.sign_in(b, EMAIL, PASSWORD, at=T0 + dt.timedelta(seconds=10))
    account = a.account(EMAIL)
    assert account is not None and account.failed_count == 0 and account.locked_until is None
    with pytest.raises(SignInFailed):  # the count starts again: one more wrong one does not lock
        auth.sign_in(a, EMAIL, WRONG, at=T0 + dt.timedelta(seconds=11))
    account = b.account(EMAIL)
    assert account is not None and account.locked_until is None and account.failed_count == 1
