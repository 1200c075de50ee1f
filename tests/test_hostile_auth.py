"""Sign-in under attack: racing attempts, enumeration by words or time, guessing from one address."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from analytics import auth
from analytics.auth import ADMIN, ANALYST, SYSTEM
from analytics.errors import SignInFailed, SignInThrottled
from analytics.store import Store
from tests.conftest import BOTH_ENGINES

PASSWORD = "a-long-and-secret-passphrase-2568"
WRONG = "wrong-password-123"
EMAIL = "analyst@dpim.go.th"
T0 = dt.datetime(2026, 11, 20, 9, 0, 0)


class Verifications:
    """Counts the password checks against real account hashes (not the throw-away one)."""

    def __init__(self) -> None:
        self.real = 0
        self.dummy = 0
        self.lock = threading.Lock()


@pytest.fixture
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> Iterator[Verifications]:
    """A fast argon2 (the loops run hundreds of sign-ins) with a pause inside each check, which widens
    the window between admitting an attempt and recording its outcome, where the old code raced."""
    monkeypatch.setattr(auth, "_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    counts = Verifications()
    real_verify = auth.verify_password

    def slow_verify(stored_hash: str | None, password: str) -> bool:
        with counts.lock:
            if stored_hash == auth._dummy():
                counts.dummy += 1
            else:
                counts.real += 1
        time.sleep(0.002)
        return real_verify(stored_hash, password)

    monkeypatch.setattr(auth, "verify_password", slow_verify)
    yield counts


ENGINES = BOTH_ENGINES  # every test using `accounts` runs on DuckDB and on PostgreSQL


@pytest.fixture
def accounts(engine: str, request: pytest.FixtureRequest) -> Iterator[Store]:
    """One store: DuckDB in memory (the loops commit thousands of times; a file's fsync would be all
    they measure), or a fresh PostgreSQL database, where concurrent attempts run on pooled connections."""
    s = Store(request.getfixturevalue("pg_database") if engine == "postgres" else ":memory:")
    s.add_user(SYSTEM, "admin@dpim.go.th", ADMIN, password=PASSWORD)
    s.add_user(SYSTEM, EMAIL, ANALYST, password=PASSWORD)
    s.add_user(SYSTEM, "exec@dpim.go.th", auth.VIEWER, source=auth.OIDC)
    yield s
    s.close()


def all_at_once(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls on threads released together by a barrier; each result or the exception raised."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = calls[i]()
        except Exception as exc:  # collected, then checked by the test
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return results


def failed_reasons(store: Store, since_id: int) -> list[str]:
    """The reasons of the failed sign-ins after an event id, oldest first."""
    events = store.audit_events(actions=["sign_in_failed"]).sort_values("id")
    return [json.loads(d)["reason"] for d in events[events["id"] > since_id]["detail"]]


def last_event_id(store: Store) -> int:
    return int(store.scalar("SELECT coalesce(max(id), 0) FROM audit_log"))


# -- races ---------------------------------------------------------------------------------------------
def test_forty_threads_check_at_most_max_failed_wrong_passwords_fifty_times(accounts: Store,
                                                                            cheap_hashing: Verifications) -> None:
    """Forty wrong passwords at once: exactly MAX_FAILED are checked, the rest meet the lock; 50 rounds in a row."""
    accounts.reset_password(SYSTEM, EMAIL, PASSWORD)  # hashed with the cheap hasher
    for round_no in range(50):
        accounts.unlock_user(SYSTEM, EMAIL)
        start, cheap_hashing.real = last_event_id(accounts), 0
        at = T0 + dt.timedelta(hours=round_no)
        results = all_at_once([lambda at=at: auth.sign_in(accounts, EMAIL, WRONG, at=at)] * 40)
        assert all(isinstance(r, SignInFailed) for r in results), round_no
        assert cheap_hashing.real == auth.MAX_FAILED, round_no
        reasons = failed_reasons(accounts, start)
        assert sorted(reasons) == sorted(["wrong_password"] * auth.MAX_FAILED + ["locked"] * (40 - auth.MAX_FAILED))
        account = accounts.account(EMAIL)
        assert account is not None and account.locked_until == at + auth.LOCKOUT, round_no


def test_sixteen_at_once_with_the_right_password_never_sign_in_past_a_lock(accounts: Store,
                                                                           cheap_hashing: Verifications) -> None:
    """Fifteen wrong and one right submitted together, 50 rounds: no sign-in past a lock the wrong ones made.

    Each attempt is admitted (and counted as a failure) before its check. The right password signs
    in only when it was admitted before the wrong ones locked the account; then it takes back only
    the failures admitted before it (and a lock its own admission made, as the MAX_FAILED-th).
    """
    accounts.reset_password(SYSTEM, EMAIL, PASSWORD)
    outcomes = set()
    for round_no in range(50):
        accounts.unlock_user(SYSTEM, EMAIL)
        start, cheap_hashing.real = last_event_id(accounts), 0
        at = T0 + dt.timedelta(hours=round_no)
        calls: list[Callable[[], object]] = [lambda at=at: auth.sign_in(accounts, EMAIL, WRONG, at=at)] * 15
        calls.insert(round_no % 16, lambda at=at: auth.sign_in(accounts, EMAIL, PASSWORD, at=at))
        results = all_at_once(calls)
        signed_in = [r for r in results if isinstance(r, auth.User)]
        assert len(signed_in) <= 1
        assert all(isinstance(r, (auth.User, SignInFailed)) for r in results)
        outcomes.add(bool(signed_in))
        wrong_checked = failed_reasons(accounts, start).count("wrong_password")
        assert cheap_hashing.real - wrong_checked in (0, 1)  # plus the right one, if it was admitted
        account = accounts.account(EMAIL)
        assert account is not None
        if not signed_in:  # the wrong ones locked it, and nothing took the lock back
            assert wrong_checked <= auth.MAX_FAILED and account.locked_until == at + auth.LOCKOUT, round_no
        else:  # at most MAX_FAILED - 1 wrong ones before the success and MAX_FAILED after it
            assert wrong_checked <= 2 * auth.MAX_FAILED - 1, round_no
            assert account.locked_until is not None or account.failed_count < auth.MAX_FAILED
            events = accounts.audit_events(actions=["sign_in"])
            assert (events["id"] > start).sum() == 1
        if account.locked_until is not None:  # and while it holds, the right password is refused
            with pytest.raises(SignInFailed):
                auth.sign_in(accounts, EMAIL, PASSWORD, at=at + dt.timedelta(minutes=1))
    assert outcomes  # (either outcome is legitimate; which one depends on the scheduler)


def test_a_right_password_that_loses_the_race_to_the_lock_is_refused(accounts: Store) -> None:
    """Deterministically: admitted while open, checked while others lock the account: refused, lock kept."""
    claim = accounts.claim_sign_in(EMAIL, T0)
    assert claim is not None and claim.attempt == 1
    for _ in range(auth.MAX_FAILED - 1):
        assert accounts.claim_sign_in(EMAIL, T0) is not None
    assert accounts.claim_sign_in(EMAIL, T0) is None  # locked now
    assert not accounts.sign_in_succeeded(EMAIL, T0, auth.LOCAL, claim=claim)
    account = accounts.account(EMAIL)
    assert account is not None and account.locked_until == T0 + auth.LOCKOUT
    assert failed_reasons(accounts, 0)[-1] == "locked"


def test_the_fifth_attempt_locks_but_a_right_fifth_password_signs_in(accounts: Store) -> None:
    """Four wrong, then the right one: it is the fifth attempt (it set the lock) and it clears its own lock."""
    for _ in range(auth.MAX_FAILED - 1):
        with pytest.raises(SignInFailed):
            auth.sign_in(accounts, EMAIL, WRONG, at=T0)
    assert auth.sign_in(accounts, EMAIL, PASSWORD, at=T0).email == EMAIL
    account = accounts.account(EMAIL)
    assert account is not None and (account.failed_count, account.locked_until) == (0, None)


# -- enumeration ---------------------------------------------------------------------------------------
def lock(store: Store, email: str = EMAIL) -> None:
    for _ in range(auth.MAX_FAILED):
        with pytest.raises(SignInFailed):
            auth.sign_in(store, email, WRONG, at=T0)


def test_unknown_locked_disabled_and_wrong_give_one_answer_after_one_verification(
        accounts: Store, cheap_hashing: Verifications) -> None:
    """The words, the exception type and the work (one password check each) are the same on every path."""
    accounts.add_user(SYSTEM, "gone@dpim.go.th", ANALYST, password=PASSWORD)
    accounts.disable_user(SYSTEM, "gone@dpim.go.th")
    accounts.add_user(SYSTEM, "locked@dpim.go.th", ANALYST, password=PASSWORD)
    lock(accounts, "locked@dpim.go.th")
    answers = []
    for email, password in (("nobody@dpim.go.th", PASSWORD), ("locked@dpim.go.th", PASSWORD),
                            ("gone@dpim.go.th", PASSWORD), ("exec@dpim.go.th", PASSWORD), (EMAIL, WRONG),
                            ("not an e-mail", PASSWORD)):
        before = cheap_hashing.real + cheap_hashing.dummy
        with pytest.raises(SignInFailed) as err:
            auth.sign_in(accounts, email, password, at=T0 + dt.timedelta(minutes=1))
        assert cheap_hashing.real + cheap_hashing.dummy - before == 1, email
        answers.append((type(err.value), err.value.message_en, err.value.message_th))
    assert len(set(answers)) == 1
    assert "locked" in answers[0][1]  # the one answer says that a lock may be the cause, for whoever is locked
    assert failed_reasons(accounts, 0)[-6:] == ["unknown", "locked", "disabled", "no_password", "wrong_password",
                                                "unknown"]


def test_unknown_and_locked_take_the_same_time(accounts: Store) -> None:
    """With the real argon2 parameters, interleaved: the fastest of unknown, locked and wrong agree within 60%.

    A path that skipped the verification would answer in a hundredth of the time; the margin is for a
    machine shared with other work (2 cores), where one attempt takes 0.4 to 0.8 s.
    """
    lock(accounts, "admin@dpim.go.th")
    cases = {"unknown": ("nobody@dpim.go.th", PASSWORD), "locked": ("admin@dpim.go.th", PASSWORD),
             "wrong": (EMAIL, WRONG)}
    times: dict[str, list[float]] = {k: [] for k in cases}
    auth.verify_password(auth._dummy(), "warm-up")
    for i in range(5):
        for name, (email, password) in cases.items():
            if name == "wrong" and i % 2 == 0:
                accounts.unlock_user(SYSTEM, EMAIL)  # never lock the wrong-password account
            started = time.perf_counter()
            with pytest.raises(SignInFailed):
                auth.sign_in(accounts, email, password, at=T0 + dt.timedelta(minutes=1))
            times[name].append(time.perf_counter() - started)
    # The fastest of each: what the work costs, without the waits a busy machine adds to some runs.
    fastest = {k: min(v) for k, v in times.items()}
    assert max(fastest.values()) / min(fastest.values()) < 1.6, (fastest, times)


# -- slowing per client address --------------------------------------------------------------------------
def test_an_address_is_slowed_after_its_free_failures(accounts: Store, cheap_hashing: Verifications) -> None:
    """CLIENT_FREE failures from one address go through; then it waits, without a check or a count on any account."""
    address = "203.0.113.9"
    for i in range(auth.CLIENT_FREE):
        with pytest.raises(SignInFailed) as err:
            auth.sign_in(accounts, f"user{i}@dpim.go.th", WRONG, at=T0, client=address)
        assert not isinstance(err.value, SignInThrottled)
    checks = cheap_hashing.real + cheap_hashing.dummy
    with pytest.raises(SignInThrottled) as slowed:
        auth.sign_in(accounts, EMAIL, PASSWORD, at=T0 + dt.timedelta(seconds=1), client=address)
    assert slowed.value.message_en == "Too many sign-in attempts from this computer. Wait 1 seconds and try again."
    assert "โปรดรอ 1 วินาที" in slowed.value.message_th
    assert cheap_hashing.real + cheap_hashing.dummy == checks  # not even checked
    account = accounts.account(EMAIL)
    assert account is not None and account.failed_count == 0
    # another address is not slowed, and this one may try again once its step has passed
    assert auth.sign_in(accounts, EMAIL, PASSWORD, at=T0 + dt.timedelta(seconds=1), client="198.51.100.7").email == EMAIL
    assert auth.sign_in(accounts, EMAIL, PASSWORD, at=T0 + dt.timedelta(seconds=2), client=address).email == EMAIL
    event = accounts.audit_events(actions=["sign_in_failed"]).iloc[0]
    assert json.loads(event["detail"]) == {"reason": "throttled", "source": "local", "client": address}


def test_ipv6_addresses_of_one_64_network_are_slowed_together(accounts: Store, cheap_hashing: Verifications) -> None:
    """A device may take any address of its /64 at will: its failures count against the network, while
    the audit trail records each address itself; another /64 is not slowed."""
    for i in range(auth.CLIENT_FREE):
        with pytest.raises(SignInFailed) as err:
            auth.sign_in(accounts, f"user{i}@dpim.go.th", WRONG, at=T0, client=f"2001:db8:1:2::{i + 1:x}")
        assert not isinstance(err.value, SignInThrottled)
    with pytest.raises(SignInThrottled):
        auth.sign_in(accounts, EMAIL, PASSWORD, at=T0, client="2001:db8:1:2:ffff:ffff:ffff:fffe")
    assert auth.sign_in(accounts, EMAIL, PASSWORD, at=T0, client="2001:db8:1:3::1").email == EMAIL
    clients = [json.loads(d)["client"] for d in accounts.audit_events(actions=["sign_in_failed"])["detail"]]
    assert sorted(clients) == sorted([f"2001:db8:1:2::{i + 1:x}" for i in range(auth.CLIENT_FREE)]
                                     + ["2001:db8:1:2:ffff:ffff:ffff:fffe"])


def test_the_steps_grow_and_the_window_forgets(accounts: Store) -> None:
    address = "203.0.113.10"
    waits = []
    at = T0
    for _ in range(60):
        wait = accounts.claim_client_attempt(address, at)
        if wait is not None:
            waits.append(wait)
            at += wait
            assert accounts.claim_client_attempt(address, at) is None
        at += dt.timedelta(milliseconds=1)
    assert {w.total_seconds() for w in waits} >= {2.0 - 0.001, 10.0 - 0.001}
    assert accounts.claim_client_attempt(address, at + auth.CLIENT_WINDOW + dt.timedelta(minutes=2)) is None


def test_forty_threads_from_one_address_get_only_the_free_attempts(accounts: Store,
                                                                  cheap_hashing: Verifications) -> None:
    """The address count is admitted atomically too: a burst from one address gets CLIENT_FREE checks."""
    emails = [f"user{i}@dpim.go.th" for i in range(40)]
    results = all_at_once([lambda e=e: auth.sign_in(accounts, e, WRONG, at=T0, client="203.0.113.11")
                           for e in emails])
    assert sum(isinstance(r, SignInThrottled) for r in results) == 40 - auth.CLIENT_FREE
    assert cheap_hashing.real + cheap_hashing.dummy == auth.CLIENT_FREE


# -- organisation codes -----------------------------------------------------------------------------------
def test_lower_case_organisation_codes_are_normalised(tmp_path: Path) -> None:
    """Codes are matched and stored without regard to case, even for a code the orgs file wrote in lower case."""
    from analytics.importing import import_file
    s = Store(tmp_path / "orgs.duckdb")
    try:
        csv = ("org_code,abbr_th,name_th,name_en,ministry,org_group\n"
               "abc,ก.,กรมทดสอบ,Test,กระทรวง,department\nDPIM,กพร.,กรมอุตสาหกรรมพื้นฐาน,DPIM,กระทรวง,department\n")
        import_file(s, csv.encode(), "orgs.csv", SYSTEM)
        added = s.add_user(SYSTEM, "a@dpim.go.th", ANALYST, [" dpim", "abc"], password=PASSWORD)
        assert added.orgs == ("ABC", "DPIM")
        s.set_orgs(SYSTEM, "a@dpim.go.th", ["Dpim"])
        user = s.account("a@dpim.go.th").user()  # type: ignore[union-attr]
        assert user.orgs == ("DPIM",) and user.covers("dpim") and user.covers("DPIM") and not user.covers("abc")
        s.set_orgs(SYSTEM, "a@dpim.go.th", ["abc"])
        assert s.account("a@dpim.go.th").user().covers("abc")  # type: ignore[union-attr]
    finally:
        s.close()
