"""The store on both engines (DuckDB, PostgreSQL): migrations, batches, replace and undo, the audit trail's
guard, the app role, and the DuckDB file held only while at work."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics.auth import ANALYST, SYSTEM, User
from analytics.cli import main
from analytics.errors import BatchNotFoundError, DuplicateFileError, ReplaceRequiredError, SchemaTooNewError
from analytics.importing import import_file, parse_file
from analytics.store import Store, default_db_path, mask_url, schema
from tests.conftest import BOTH_ENGINES, ROOT, db_target

ENGINES = BOTH_ENGINES

DEMO = ROOT / "data" / "demo"
AN_ANALYST = User("analyst@test.pramern", ANALYST)

KPI_CSV = """org_code,fiscal_year,dimension,kpi_code,kpi_name,weight,c1,c2,c3,result_12m
DPIM,2568,1,1.1,ร้อยละของคำขอที่พิจารณาเสร็จ,60,80,85,90,{r1}
DPIM,2568,2,2.1,ระดับความสำเร็จของแผน,40,3,4,5,{r2}
"""


def kpi_bytes(r1: float = 87.5, r2: float = 4) -> bytes:
    return KPI_CSV.format(r1=r1, r2=r2).encode()


def test_new_file_is_at_latest_version(store):
    """It creates a new database at the latest schema version, settings table included."""
    assert store.schema_version() == schema.SCHEMA_VERSION
    assert store.is_empty()
    assert "settings" in store.snapshot()


def test_migrates_a_version_1_file(tmp_path):
    """It migrates a file made at schema version 1 to the latest version on opening, keeping its rows."""
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute(schema.MIGRATIONS[0][1])
    con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    con.execute("INSERT INTO orgs (org_code, name_th, batch_id) VALUES ('DPIM', 'กรมอุตสาหกรรมพื้นฐานและการเหมืองแร่', 1)")
    tables = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert "settings" not in tables
    con.close()
    s = Store(path)
    try:
        assert s.schema_version() == schema.SCHEMA_VERSION
        assert "settings" in s.snapshot()
        s.set_setting("schemes", {"3-level": {"scores": [50, 75, 100], "below_first": 0, "target_level": 2}})
        assert s.setting("schemes")["3-level"]["scores"] == [50, 75, 100]
        assert s.orgs()["org_code"].tolist() == ["DPIM"]
    finally:
        s.close()


def test_migrate_is_idempotent(store):
    """It leaves a migrated file alone when migrated again."""
    before = store.snapshot()
    store.migrate()
    assert store.snapshot() == before


@pytest.mark.parametrize(("env", "expected"), [
    ("/tmp/somewhere/pramern-test.duckdb", Path("/tmp/somewhere/pramern-test.duckdb")),
    ("relative/db.duckdb", Path("relative/db.duckdb")),
])
def test_default_db_path_honours_env(monkeypatch, env, expected):
    """It takes the database path from PRAMERN_DB when set."""
    monkeypatch.setenv("PRAMERN_DB", env)
    assert default_db_path() == expected


def test_default_db_path_without_env(monkeypatch):
    """It falls back to data/pramern.duckdb when PRAMERN_DB is unset or empty."""
    monkeypatch.delenv("PRAMERN_DB", raising=False)
    assert default_db_path() == ROOT / "data" / "pramern.duckdb"
    monkeypatch.setenv("PRAMERN_DB", "")
    assert default_db_path() == ROOT / "data" / "pramern.duckdb"


def test_store_opens_env_path(monkeypatch, tmp_path):
    """It opens the PRAMERN_DB file when no path is given."""
    target = tmp_path / "env.duckdb"
    monkeypatch.setenv("PRAMERN_DB", str(target))
    s = Store()
    try:
        assert s.path == target
    finally:
        s.close()
    assert target.exists()


def _plan(store, data: bytes, name: str = "kpi.csv", **kw):
    parsed = parse_file(data, name, store, **kw)
    assert parsed.ok, [p.message("en") for p in parsed.problems]
    return parsed.plan


@pytest.mark.parametrize("name", ["13_kpi_dpim_2568.csv", "20_ita_summary.csv", "30_actions_dlpw_2563.csv",
                                  "22_ita_dpim_2566_2567.csv"])
def test_apply_then_undo_leaves_data_as_it_was(orgs_store, name):
    """It removes every row of an undone batch, leaving every table but the batch log and the audit trail as before."""
    path = DEMO / name
    before = orgs_store.snapshot()
    batch_id = orgs_store.apply_import(_plan(orgs_store, path.read_bytes(), path.name), SYSTEM)
    assert orgs_store.snapshot() != before
    batch = orgs_store.undo(batch_id, SYSTEM)
    assert batch.status == "undone"
    after = orgs_store.snapshot()
    assert set(after) == set(before)
    for table in after:
        if table not in ("batches", "audit_log"):
            assert after[table] == before[table], table
    assert after["batches"] != before["batches"]  # the undone batch stays on record, marked undone
    assert [a for *_, a in orgs_store.rows("SELECT id, action FROM audit_log ORDER BY id")][-2:] == ["import", "undo"]


def test_undo_twice_refused(orgs_store):
    """It refuses to undo a batch twice, and an unknown batch."""
    batch_id = orgs_store.apply_import(_plan(orgs_store, kpi_bytes()), SYSTEM)
    orgs_store.undo(batch_id, SYSTEM)
    with pytest.raises(BatchNotFoundError, match="already undone"):
        orgs_store.undo(batch_id, SYSTEM)
    with pytest.raises(BatchNotFoundError, match="No import batch has the id 999"):
        orgs_store.undo(999, SYSTEM)


def test_replace_requires_flag(orgs_store):
    """It refuses to replace existing data of the same org and year unless asked to."""
    orgs_store.apply_import(_plan(orgs_store, kpi_bytes()), SYSTEM)
    before = orgs_store.snapshot()
    with pytest.raises(ReplaceRequiredError) as err:
        orgs_store.apply_import(_plan(orgs_store, kpi_bytes(r1=90)), SYSTEM)
    assert "DPIM/2568" in err.value.message_en
    assert "--replace" in err.value.message_th
    assert orgs_store.snapshot() == before


def test_replace_then_undo_brings_back_replaced_rows(orgs_store):
    """It replaces a scope's rows with replace=True, and undoing the replacing batch brings them back."""
    first = orgs_store.apply_import(_plan(orgs_store, kpi_bytes(r1=87.5)), SYSTEM)
    before = orgs_store.snapshot()
    second = orgs_store.apply_import(_plan(orgs_store, kpi_bytes(r1=90)), SYSTEM, replace=True)
    current = orgs_store.kpis("DPIM", 2568)
    assert current["result_12m"].tolist() == [90.0, 4.0]
    old = orgs_store.df("SELECT count(*) AS n FROM kpis WHERE replaced_by = ?", [second])
    assert int(old["n"].iloc[0]) == 2
    orgs_store.undo(second, SYSTEM)
    assert orgs_store.kpis("DPIM", 2568)["result_12m"].tolist() == [87.5, 4.0]
    after = orgs_store.snapshot()
    for table in schema.DATA_TABLES:
        assert after[table] == before[table], table
    assert orgs_store.batch(first).status == "active"


def test_replace_leaves_other_scopes(orgs_store):
    """It replaces only the org and year the new file covers."""
    other = kpi_bytes().replace(b"DPIM,2568", b"DIW,2568")
    orgs_store.apply_import(_plan(orgs_store, other), SYSTEM)
    orgs_store.apply_import(_plan(orgs_store, kpi_bytes()), SYSTEM)
    orgs_store.apply_import(_plan(orgs_store, kpi_bytes(r1=70)), SYSTEM, replace=True)
    assert orgs_store.kpis("DIW", 2568)["result_12m"].tolist() == [87.5, 4.0]
    assert orgs_store.kpis("DPIM", 2568)["result_12m"].tolist() == [70.0, 4.0]


def test_duplicate_sha_refused(orgs_store):
    """It refuses a file whose SHA-256 is already imported, even with replace."""
    plan = _plan(orgs_store, kpi_bytes())
    batch_id = orgs_store.apply_import(plan, SYSTEM)
    before = orgs_store.snapshot()
    with pytest.raises(DuplicateFileError) as err:
        orgs_store.apply_import(plan, SYSTEM, replace=True)
    assert f"batch {batch_id}" in err.value.message_en
    assert f"ชุดที่ {batch_id}" in err.value.message_th
    assert orgs_store.snapshot() == before


def test_duplicate_sha_allowed_after_undo(orgs_store):
    """It accepts a file again once its batch was undone."""
    plan = _plan(orgs_store, kpi_bytes())
    orgs_store.undo(orgs_store.apply_import(plan, SYSTEM), SYSTEM)
    assert orgs_store.apply_import(plan, SYSTEM) > 0


def test_batches_listed_newest_first(orgs_store):
    """It lists batches newest first with their kind, rows (of every table) and SHA-256."""
    plan = _plan(orgs_store, kpi_bytes())
    batch_id = orgs_store.apply_import(plan, AN_ANALYST)
    batches = orgs_store.batches()
    assert batches[0].batch_id == batch_id
    assert (batches[0].kind, batches[0].rows, batches[0].actor, batches[0].sha256) == (
        "kpi", 4, AN_ANALYST.email, plan.sha256)
    assert batches[-1].kind == "orgs"


@pytest.fixture
def actions_store(orgs_store):
    path = DEMO / "30_actions_dlpw_2563.csv"
    import_file(orgs_store, path.read_bytes(), path.name, SYSTEM)
    return orgs_store


def test_record_action_edits_then_undo(actions_store):
    """It stores edited action statuses as a batch of their own, which undo reverts."""
    before = actions_store.snapshot()
    current = actions_store.actions("DLPW", 2563)
    ids = current["action_id"].head(2).tolist()
    edits = pd.DataFrame({"action_id": ids, "status": ["done", "cancelled"], "progress": [100.0, 0.0],
                          "note": ["เสร็จแล้ว", None]})
    batch_id = actions_store.record_action_edits(edits, AN_ANALYST, "edit", "sha-of-edit")
    after_edit = actions_store.actions("DLPW", 2563).set_index("action_id")
    assert after_edit.loc[ids[0], "status"] == "done"
    assert after_edit.loc[ids[0], "note"] == "เสร็จแล้ว"
    assert after_edit.loc[ids[1], "status"] == "cancelled"
    assert len(after_edit) == len(current)
    assert actions_store.batch(batch_id).kind == "action_edit"
    actions_store.undo(batch_id, AN_ANALYST)
    after = actions_store.snapshot()
    for table in schema.DATA_TABLES:
        assert after[table] == before[table], table


def test_failed_write_rolls_back(orgs_store):
    """It writes nothing when a write fails half way."""
    before = orgs_store.snapshot()
    with pytest.raises(RuntimeError), orgs_store.transaction() as cur:
        cur.execute("INSERT INTO meta VALUES ('half', 'way')")
        raise RuntimeError("boom")
    assert orgs_store.snapshot() == before


_SECOND_PROCESS = textwrap.dedent("""
    import sys
    sys.path.insert(0, {root!r})
    from analytics.errors import StoreBusyError
    from analytics.store import Store
    try:
        Store({path!r})
    except StoreBusyError as exc:
        print("BUSY", exc.message_en)
        sys.exit(0)
    print("OPENED")
    sys.exit(1)
""")


def test_second_process_waits_then_gets_store_busy(tmp_path):
    """While one process holds the file (a unit of work), another waits PRAMERN_DB_WAIT seconds, says so on
    stderr, and raises StoreBusyError; once the holder lets go (its units are done), the other opens it."""
    store = Store(tmp_path / "held.duckdb")
    code = _SECOND_PROCESS.format(root=str(ROOT), path=str(store.path))
    env = {**os.environ, "PRAMERN_DB_WAIT": "1"}
    with store.unit():
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
        assert time.monotonic() - started >= 1
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("BUSY")
    assert "in use by another Pramern process" in done.stdout
    assert "Waiting for the database" in done.stderr and "กำลังรอฐานข้อมูล" in done.stderr
    time.sleep(1)  # the lease lingers PRAMERN_DB_LINGER (0.3 s) after the last unit of work
    assert not store._engine.held()
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env)
    assert again.returncode == 1 and again.stdout.startswith("OPENED"), again.stdout + again.stderr
    assert store.scalar("SELECT count(*) FROM batches") == 0  # and this store reopens it in turn
    store.close()


def test_a_newer_schema_is_refused_clearly(store):
    """A database written by a newer Pramern is refused on opening, in Thai and English, and left alone."""
    with store.transaction() as cur:
        cur.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(schema.SCHEMA_VERSION + 1)])
    before = store.snapshot()
    with pytest.raises(SchemaTooNewError) as refused:
        Store(store.target)
    assert f"schema version {schema.SCHEMA_VERSION + 1}" in refused.value.message_en
    assert "ใหม่กว่า" in refused.value.message_th
    assert store.snapshot() == before
    assert main(["migrate", "--db", db_target(store)]) == 2


def test_audit_rows_cannot_be_changed_deleted_or_truncated(store):
    """The database itself refuses UPDATE, DELETE and TRUNCATE on audit_log, whoever asks."""
    store.append_audit("admin@test.pramern", "export", "kpi.xlsx")
    assert store.audit_guarded()
    before = store.audit_count()
    for statement, words in (("UPDATE audit_log SET actor = 'someone@else'", "cannot be changed"),
                             ("DELETE FROM audit_log", "cannot be deleted"),
                             ("TRUNCATE audit_log", "cannot be deleted")):
        with pytest.raises(Exception, match=words), store.transaction() as cur:
            cur.execute(statement)
    assert store.audit_count() == before


def test_migrate_command_reports_and_is_idempotent(store, capsys):
    assert main(["migrate", "--db", db_target(store)]) == 0
    out = capsys.readouterr().out
    assert f"schema version {schema.SCHEMA_VERSION}" in out and "nothing to do" in out


def test_postgres_migrates_an_older_database(pg_database):
    """A PostgreSQL database at version 1 is brought up to date by `migrate`, keeping its rows."""
    import psycopg
    with psycopg.connect(pg_database, autocommit=True) as con:
        con.execute(schema.MIGRATIONS[0].statements("postgresql"))
        con.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        con.execute("INSERT INTO orgs (org_code, name_th, batch_id) VALUES ('DPIM', 'กรมอุตสาหกรรมพื้นฐานและการเหมืองแร่', 1)")
    assert main(["migrate", "--db", pg_database]) == 0
    s = Store(pg_database)
    try:
        assert s.schema_version() == schema.SCHEMA_VERSION
        assert s.audit_guarded()
        assert s.orgs()["org_code"].tolist() == ["DPIM"]
        indexes = {r[0] for r in s.rows("SELECT indexname FROM pg_indexes WHERE tablename = 'kpis'")}
        assert {"kpis_current", "kpis_batch", "kpis_replaced"} <= indexes
    finally:
        s.close()


def test_postgres_app_role_may_only_append_to_the_audit_trail(pg_server, pg_database, capsys):
    """`migrate --app-role` gives a non-owner role what the app needs, and only INSERT and SELECT on audit_log;
    connected as that role, the app works and the trail cannot be changed, even with the triggers' help gone."""
    from analytics.auth import ADMIN
    assert main(["migrate", "--db", pg_database, "--app-role", "pramern_app"]) == 0
    assert "\\password pramern_app" in capsys.readouterr().out
    pg_server.execute("ALTER ROLE pramern_app PASSWORD 'app-secret-2568'")
    app_url = pg_server.url(pg_database.rsplit("/", 1)[1], user="pramern_app", password="app-secret-2568")
    app = Store(app_url)
    try:
        assert app.table_privileges("pramern_app", "audit_log") == ["INSERT", "SELECT"]
        path = DEMO / "01_orgs.csv"
        import_file(app, path.read_bytes(), path.name, SYSTEM)
        app.add_user(SYSTEM, "boss@example.go.th", ADMIN, password="a-long-password-2568")
        assert app.audit_count(actions=["import"]) == 1
        for statement in ("UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log",
                          "DROP TRIGGER audit_log_no_update ON audit_log"):
            with pytest.raises(Exception, match="permission denied|must be owner|can only be appended"), \
                    app.transaction() as cur:
                cur.execute(statement)
        assert app.audit_count(actions=["import"]) == 1
        assert "app-secret-2568" not in app.label and "***" in app.label
    finally:
        app.close()


def test_postgres_password_never_shown(pg_server, pg_database, capsys):
    """A wrong password or a stopped server: a clear message, with the URL's password masked."""
    wrong = pg_server.url(pg_database.rsplit("/", 1)[1], user=pg_server.user, password="not-the-password")
    assert main(["batches", "--db", wrong]) == 2
    err = capsys.readouterr().err
    assert "not-the-password" not in err and "***" in err
    assert "PostgreSQL" in err and "ติดต่อฐานข้อมูล" in err


def test_mask_url():
    assert mask_url("postgresql://app:s3cr%40t@db.example.go.th:5432/pramern") == \
        "postgresql://app:***@db.example.go.th:5432/pramern"
    assert mask_url("connecting to postgres://u:pw@h/db failed") == "connecting to postgres://u:***@h/db failed"
    assert mask_url("postgresql://u@h/db") == "postgresql://u@h/db"
    assert mask_url("host=h password=pw dbname=d") == "host=h password=*** dbname=d"


def test_default_year_is_the_newest_complete_evaluation(demo_store):
    """DPIM opens on FY2568 (KPI and ITA), not FY2569 (agreement only, its ITA not yet published); an org
    without KPI or ITA has no default year."""
    assert demo_store.default_year("DPIM") == 2568
    assert demo_store.default_year("OPS") == 2568  # OPS has KPIs 2547, 2567-2569 and ITA 2566-2568
    assert demo_store.default_year("DLPW") is None
