"""The tamper-evident audit trail: each event chained to the one before it, whatever SQL changed the table."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from analytics import cli
from analytics.auth import SYSTEM
from analytics.store import Store
from analytics.store.schema import MIGRATIONS
from tests.conftest import BOTH_ENGINES

ENGINES = BOTH_ENGINES  # the tests that use `store` run on DuckDB and on PostgreSQL

DROP_TRIGGERS = ("DROP TRIGGER audit_log_no_update ON audit_log; DROP TRIGGER audit_log_no_delete ON audit_log;")


def trail(path: Path, n: int = 6) -> list[int]:
    """A database whose trail holds n events (ids returned, oldest first)."""
    s = Store(path)
    try:
        for i in range(n):
            s.append_audit(f"user{i}@dpim.go.th", "export", f"file{i}.xlsx", {"bytes": i}, batch_id=i or None)
        return [int(r[0]) for r in s.rows("SELECT id FROM audit_log ORDER BY id")]
    finally:
        s.close()


def tamper(path: Path, sql: str) -> None:
    """Change the file with plain SQL, as anyone who can open it could."""
    con = duckdb.connect(str(path))
    try:
        con.execute(sql)
    finally:
        con.close()


def verify(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """`python -m analytics audit --verify`: its exit code and everything it printed."""
    code = cli.main(["audit", "--verify", "--db", str(path)])
    out = capsys.readouterr()
    return code, out.out + out.err


def file_bytes(path: Path) -> bytes:
    return path.read_bytes()


def test_an_untouched_trail_verifies(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "a.duckdb"
    trail(path)
    code, text = verify(path, capsys)
    assert code == 0
    assert "The audit trail is intact: 6 events" in text and "บันทึกการใช้งานครบถ้วน" in text


def test_every_write_of_the_app_keeps_the_chain(store: Store) -> None:
    """Accounts, settings and refusals append through the same chained insert."""
    s = store
    s.add_user(SYSTEM, "a@dpim.go.th", "viewer", source="oidc")
    s.set_role(SYSTEM, "a@dpim.go.th", "analyst")
    s.disable_user(SYSTEM, "a@dpim.go.th")
    check = s.verify_audit()
    assert check.intact and check.events == 3
    assert [r[0] for r in s.rows("SELECT seq FROM audit_log ORDER BY id")] == [1, 2, 3]


Case = tuple[str, Callable[[list[int]], str], str, Callable[[list[int]], str]]
CASES: list[Case] = [
    # (name, SQL from the ids, the problem found, the words that name the event)
    ("update with the triggers dropped", lambda ids: DROP_TRIGGERS + f"UPDATE audit_log SET actor = 'mallory' "
     f"WHERE id = {ids[2]}", "changed", lambda ids: f"event {ids[2]} (place 3 in the chain)"),
    ("delete with the triggers dropped", lambda ids: DROP_TRIGGERS + f"DELETE FROM audit_log WHERE id = {ids[2]}",
     "removed", lambda ids: f"the event at place 3 in the chain (after event {ids[1]}) was removed; the next "
     f"event left is event {ids[3]}"),
    ("the last event deleted", lambda ids: DROP_TRIGGERS + f"DELETE FROM audit_log WHERE id = {ids[-1]}",
     "removed", lambda ids: f"its last events were removed (after event {ids[-2]}; there should be 6 events, "
                            "5 are left)"),
    ("the first event deleted", lambda ids: DROP_TRIGGERS + f"DELETE FROM audit_log WHERE id = {ids[0]}",
     "removed", lambda ids: f"the first event of the chain was removed; the first event left is event {ids[1]}"),
    ("ALTER TABLE ... USING", lambda ids: "ALTER TABLE audit_log ALTER COLUMN detail TYPE VARCHAR USING "
     f"CASE WHEN id = {ids[3]} THEN '{{}}' ELSE detail END", "changed", lambda ids: f"event {ids[3]} (place 4"),
    ("ALTER TABLE ... USING on the time", lambda ids: 'ALTER TABLE audit_log ALTER COLUMN "at" TYPE TIMESTAMP '
     f'USING CASE WHEN id >= {ids[4]} THEN "at" + INTERVAL 1 HOUR ELSE "at" END', "changed",
     lambda ids: f"event {ids[4]} (place 5"),
    ("DROP COLUMN", lambda ids: "ALTER TABLE audit_log DROP COLUMN detail", "table",
     lambda ids: f"its table was altered and lacks detail; no event from event {ids[0]} on can be checked"),
    ("CREATE OR REPLACE TABLE without an event", lambda ids: "CREATE OR REPLACE TABLE audit_log AS "
     f"SELECT * FROM audit_log WHERE id <> {ids[1]}", "removed", lambda ids: f"(after event {ids[0]})"),
    ("CREATE OR REPLACE TABLE with a changed event", lambda ids: "CREATE OR REPLACE TABLE audit_log AS "
     f"SELECT * REPLACE (CASE WHEN id = {ids[5]} THEN 'undo' ELSE action END AS action) FROM audit_log",
     "changed", lambda ids: f"event {ids[5]} (place 6"),
    ("events reordered by their ids", lambda ids: "CREATE OR REPLACE TABLE audit_log AS SELECT * REPLACE "
     f"(CASE id WHEN {ids[1]} THEN {ids[2]} WHEN {ids[2]} THEN {ids[1]} ELSE id END AS id) FROM audit_log",
     "reordered", lambda ids: f"event {ids[1]} is out of its place (place 2 in the chain expected)"),
    ("events reordered by their places", lambda ids: DROP_TRIGGERS + "UPDATE audit_log SET seq = CASE seq "
     "WHEN 4 THEN 5 WHEN 5 THEN 4 ELSE seq END", "reordered", lambda ids: f"event {ids[3]} is out of its place"),
    ("a forged event inserted", lambda ids: "INSERT INTO audit_log VALUES "
     f"({ids[2]} + 1000, TIMESTAMP '2026-01-01', 'mallory', 'sign_in', NULL, NULL, NULL, 7, 'x')", "changed",
     lambda ids: f"event {ids[2] + 1000} (place 7"),
    ("the chain's head moved back", lambda ids: "UPDATE audit_chain SET seq = seq - 1", "changed",
     lambda ids: f"event {ids[-1]}"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_any_sql_change_is_found_and_named(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: Case) -> None:
    """Whatever SQL was used, --verify exits 2 naming the first event changed, removed or reordered,
    in Thai and English, and the check itself changes nothing."""
    _, sql, problem, words = case
    path = tmp_path / "a.duckdb"
    ids = trail(path)
    tamper(path, sql(ids))
    s = Store(path)
    try:
        before = s.snapshot()
        check = s.verify_audit()
        assert check.problem == problem, check
        assert s.snapshot() == before
    finally:
        s.close()
    before_bytes = file_bytes(path)
    code, text = verify(path, capsys)
    assert code == 2
    assert words(ids) in text, text
    assert "บันทึกการใช้งานถูกแก้ไข" in text and "Traceback" not in text
    assert file_bytes(path) == before_bytes


def test_concurrent_appends_stay_in_order(store: Store) -> None:
    """Eight threads appending 25 events each on one store (PostgreSQL: on pooled connections, queued by the
    head's row lock): one unbroken chain, places 1..200 in id order."""
    s = store
    def append(worker: int) -> None:
        for i in range(25):
            s.append_audit(f"w{worker}@dpim.go.th", "export", f"{worker}-{i}")

        threads = [threading.Thread(target=append, args=(w,)) for w in range(8)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert s.verify_audit().intact
        assert [r[0] for r in s.rows("SELECT seq FROM audit_log ORDER BY id")] == list(range(1, 201))


def test_a_database_from_before_the_chain_is_chained_on_opening(tmp_path: Path) -> None:
    """Events written by schema 5 get their places and hashes when the migration runs; the triggers stay."""
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    for step in MIGRATIONS:
        if step.version < 6 and step.statements("duckdb").strip():
            con.execute(step.statements("duckdb"))
    con.execute("INSERT INTO meta VALUES ('schema_version', '5')")
    for i in range(4):
        con.execute("INSERT INTO audit_log VALUES (nextval('audit_ids'), now(), ?, 'export', NULL, NULL, NULL)",
                    [f"old{i}@dpim.go.th"])
    con.close()
    s = Store(path)
    try:
        check = s.verify_audit()
        assert check.intact and check.events == 4
        s.append_audit("new@dpim.go.th", "export")
        assert s.verify_audit().intact and s.verify_audit().events == 5
        assert s.audit_guarded()
        with pytest.raises(duckdb.Error, match="can only be appended to"), s.transaction() as cur:
            cur.execute("UPDATE audit_log SET actor = 'x'")
    finally:
        s.close()


def test_a_change_past_the_triggers_is_found_on_either_engine(store: Store) -> None:
    """The owner steps past the triggers (PostgreSQL: disables them; DuckDB: drops them) and rewrites an
    event, then puts the triggers back: the chain still names the event."""
    for i in range(4):
        store.append_audit(f"user{i}@dpim.go.th", "export", f"file{i}.xlsx")
    target = int(store.scalar("SELECT id FROM audit_log WHERE seq = 3"))
    with store.transaction() as cur:
        if store.engine == "postgresql":
            cur.execute("ALTER TABLE audit_log DISABLE TRIGGER USER")
        else:
            cur.execute(DROP_TRIGGERS)
        cur.execute("UPDATE audit_log SET actor = 'mallory@dpim.go.th' WHERE id = ?", [target])
        if store.engine == "postgresql":
            cur.execute("ALTER TABLE audit_log ENABLE TRIGGER USER")
    check = store.verify_audit()
    assert (check.problem, check.event_id, check.position) == ("changed", target, 3)
    assert f"event {target} (place 3 in the chain)" in check.message("en")
