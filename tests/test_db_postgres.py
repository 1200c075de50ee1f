"""PostgreSQL databases that cannot be used: each told apart, in Thai and English, exit 2, nothing changed.

The PostgreSQL counterparts of tests/test_db_files.py: a database of a newer schema is refused; no
server answering, a wrong password and a missing database are each said as such, the URL's password
masked; a role that may only read is told so when it tries to write. Never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql
from streamlit.testing.v1 import AppTest

from analytics import cli
from analytics.devservers import PostgresServer, free_port
from analytics.i18n import t
from analytics.store import Store
from tests.conftest import APP, ROOT, every_run_runs_app_py

ORGS = ROOT / "data" / "demo" / "01_orgs.csv"
SECRET = "pw-Secret-2568"  # the password in the URLs of these cases: it must never be shown
COMMANDS = (["batches"], ["audit", "--verify"], ["import", str(ORGS)])


@pytest.fixture
def good_db(pg_database: str) -> str:
    """A Pramern database with a few events and the organisations, made by the tests: its superuser URL."""
    s = Store(pg_database)
    try:
        cli.main(["import", str(ORGS), "--db", pg_database])
        for i in range(20):
            s.append_audit(f"user{i}@dpim.go.th", "export", f"file-{i}")
    finally:
        s.close()
    return pg_database


def state(url: str) -> dict[str, object]:
    """What 'nothing changed' compares: every table's rows (counted, and the meta and newest audit rows),
    and the originals of imported files the database keeps."""
    with psycopg.connect(url) as con:
        tables = [r[0] for r in con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                                            "ORDER BY tablename").fetchall()]
        counts = {name: con.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name))).fetchone()
                  for name in tables}
        meta = con.execute("SELECT * FROM meta ORDER BY key").fetchall()
        last = con.execute("SELECT max(id) FROM audit_log").fetchone()
        # PostgreSQL keeps the originals of imported files in the database (any replica serves them).
        kept = [r[0] for r in con.execute("SELECT stored_file || ' ' || sha256 FROM originals ORDER BY 1").fetchall()]
    return {"counts": counts, "meta": meta, "last": last, "kept": kept}


def _run(argv: list[str], url: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli.main([*argv, "--db", url])
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err and "unexpected" not in out.err, out.err
    return code, out.err


def test_a_newer_schema_is_refused(good_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Written by a newer Pramern: every command refuses it with the same words as a DuckDB file, exit 2."""
    with psycopg.connect(good_db) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    before = state(good_db)
    for argv in (*COMMANDS, ["migrate"]):
        code, err = _run(argv, good_db, capsys)
        assert code == 2, (argv, err)
        assert "has schema version 99, newer than this Pramern knows" in err, err
        assert "ใหม่กว่าที่ Pramern รุ่นนี้รู้จัก" in err and "nothing was changed" in err
    assert state(good_db) == before


def test_another_programs_database_is_not_added_to(pg_database: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A database holding another program's tables and no Pramern schema version: refused, exit 2, untouched."""
    with psycopg.connect(pg_database) as con:
        con.execute("CREATE TABLE customers (id integer, name text); INSERT INTO customers VALUES (1, 'a')")
    def tables() -> list[tuple[object, ...]]:
        with psycopg.connect(pg_database) as con:
            return con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").fetchall()
    for argv in (*COMMANDS, ["migrate"]):
        code, err = _run(argv, pg_database, capsys)
        assert code == 2, (argv, err)
        assert "is another program's database, not Pramern's (it holds the tables customers" in err, err
        assert "เป็นฐานข้อมูลของโปรแกรมอื่น" in err and "Nothing was changed" in err
    assert tables() == [("customers",)]


def _unreachable(pg: PostgresServer, name: str) -> str:
    return f"postgresql://{pg.user}:{SECRET}@127.0.0.1:{free_port()}/{name}"


CONNECT_CASES = {
    # name: (the URL made from the server and the good database's name, English words, Thai words)
    "no server answering": (_unreachable, r"cannot be reached: no server answers at 127\.0\.0\.1:\d+",
                            "ไม่มีเซิร์ฟเวอร์ตอบรับที่ 127.0.0.1:"),
    "a wrong password": (lambda pg, name: pg.url(name, user=pg.user, password=SECRET),
                         "the server refused the user postgres with this password", "ไม่ยอมรับผู้ใช้ postgres"),
    "an unknown user": (lambda pg, name: pg.url(name, user="nobody_2568", password=SECRET),
                        "the server refused the user nobody_2568 with this password", "ไม่ยอมรับผู้ใช้ nobody_2568"),
    "a missing database": (lambda pg, name: pg.url("no_such_db_2568", user=pg.user, password=pg.password),
                           "there is no database named no_such_db_2568 on the server at 127.0.0.1:",
                           "ไม่มีฐานข้อมูลชื่อ no_such_db_2568"),
}


@pytest.mark.parametrize("case", list(CONNECT_CASES), ids=list(CONNECT_CASES))
def test_each_connection_failure_is_told_apart(pg_server: PostgresServer, good_db: str, case: str,
                                               capsys: pytest.CaptureFixture[str],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRAMERN_DB_WAIT", "2")
    make, english, thai = CONNECT_CASES[case]
    url = make(pg_server, good_db.rsplit("/", 1)[1])
    before = state(good_db)
    for argv in COMMANDS:
        code, err = _run(argv, url, capsys)
        assert code == 2, (argv, err)
        assert re.search(english, err) and thai in err, err
        assert "Nothing was changed" in err and "ไม่มีการเปลี่ยนแปลงใด ๆ" in err
        assert SECRET not in err and pg_server.password not in err and ":***@" in err
        assert "error connecting" not in err, "the pool's own retries are not printed"
    assert state(good_db) == before


@pytest.mark.parametrize("lang", ["th", "en"])
def test_the_app_says_which_connection_failure(pg_server: PostgresServer, good_db: str, lang: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The dashboard with a wrong password: the plain 'database unavailable' message, and for the
    administrator the reason (the user refused), the password masked; no exception."""
    url = pg_server.url(good_db.rsplit("/", 1)[1], user=pg_server.user, password=SECRET)
    monkeypatch.setenv("PRAMERN_DB", url)
    monkeypatch.setenv("PRAMERN_DEMO", "1")
    monkeypatch.setenv("PRAMERN_DB_WAIT", "2")
    monkeypatch.setenv("PRAMERN_WARM_EXPORTS", "0")
    every_run_runs_app_py(monkeypatch)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert t("app.db_unavailable", lang) in [e.value for e in at.error]
    details = at.expander[0].text[0].value
    words = "the server refused the user postgres with this password" if lang == "en" else "ไม่ยอมรับผู้ใช้ postgres"
    assert words in details and SECRET not in details and ":***@" in details


@pytest.fixture
def reader(pg_server: PostgresServer, good_db: str) -> Iterator[str]:
    """A role that may connect and read every table, never write: its URL (password SECRET)."""
    name = good_db.rsplit("/", 1)[1]
    role = f"reader_{name}"[:63]
    with psycopg.connect(good_db, autocommit=True) as con:
        con.execute(sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(sql.Identifier(role), sql.Literal(SECRET)))
        con.execute(sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(name), sql.Identifier(role)))
        con.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(sql.Identifier(role)))
        con.execute(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(sql.Identifier(role)))
    yield pg_server.url(name, user=role, password=SECRET)
    with psycopg.connect(good_db, autocommit=True) as con:
        con.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(role)))
        con.execute(sql.SQL("DROP ROLE {}").format(sql.Identifier(role)))


def test_a_role_that_may_only_read_is_told_so_when_it_writes(good_db: str, reader: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Reading works; an import or an account change says the role may read but not write, exit 2,
    nothing changed and no original kept."""
    role = reader.split("//", 1)[1].split(":", 1)[0]
    code, err = _run(["batches"], reader, capsys)
    assert code == 0, err
    before = state(good_db)
    assert before["kept"], "the organisations' original is kept: the originals compared are the right ones"
    for argv in (["import", str(ROOT / "tests" / "data" / "good" / "kpi_dpim_2569.csv"), "--org", "DPIM",
                  "--year", "2569"], ["user", "add", "x@dpim.go.th", "--role", "viewer", "--oidc"]):
        code, err = _run(argv, reader, capsys)
        assert code == 2, (argv, err)
        assert f"The PostgreSQL user {role} may read the database" in err and "but not write to it" in err, err
        assert f"ผู้ใช้ PostgreSQL {role} อ่านฐานข้อมูล" in err and "permission denied" in err
        assert "Nothing was changed" in err and SECRET not in err
    assert state(good_db) == before


def test_a_read_only_database_is_told_so_when_written(good_db: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A database whose sessions are read-only (as a standby's are): the same message, nothing changed."""
    name = good_db.rsplit("/", 1)[1]
    with psycopg.connect(good_db, autocommit=True) as con:
        con.execute(sql.SQL("ALTER DATABASE {} SET default_transaction_read_only = on").format(sql.Identifier(name)))
    before = state(good_db)
    code, err = _run(["import", str(ROOT / "tests" / "data" / "good" / "kpi_dpim_2569.csv"), "--org", "DPIM",
                      "--year", "2569"], good_db, capsys)
    assert code == 2, err
    assert "may read the database" in err and "read-only transaction" in err, err
    assert state(good_db) == before


@pytest.mark.parametrize(("driver_says", "english"), [
    ("failed to resolve host 'db.example.go.th': [Errno -2] Name or service not known",
     "the host name db.example.go.th cannot be found"),
    ('connection failed: FATAL:  no pg_hba.conf entry for host "10.0.0.9", user "app", database "pramern"',
     "the server does not let the user app connect from this machine (pg_hba.conf)"),
    ("connection failed: timeout expired", "no server answers at db.example.go.th:6432"),
    ("something the driver never said before", "cannot be reached (something the driver never said before)"),
])
def test_the_reasons_no_test_server_can_give_are_told_too(driver_says: str, english: str) -> None:
    """An unknown host (no name is looked up by the tests), a machine pg_hba.conf refuses, a timeout and
    an unknown reason, from the driver's words; the password masked."""
    from analytics.store.connection import _PgEngine

    engine = object.__new__(_PgEngine)
    engine._url = f"postgresql://app:{SECRET}@db.example.go.th:6432/pramern"
    engine.label, engine.dbname = "postgresql://app:***@db.example.go.th:6432/pramern", "pramern"
    told = engine.unavailable(psycopg.OperationalError(driver_says))
    assert english in told.message_en and SECRET not in told.message_en + told.message_th
    assert told.message_th.startswith("ติดต่อฐานข้อมูล PostgreSQL postgresql://app:***@db.example.go.th:6432/pramern")
