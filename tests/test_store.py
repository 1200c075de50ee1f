"""The DuckDB store: migrations, batches, replace and undo, and the one-writer lock."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analytics.auth import ANALYST, SYSTEM, User
from analytics.errors import BatchNotFoundError, DuplicateFileError, ReplaceRequiredError
from analytics.importing import import_file, parse_file
from analytics.store import Store, default_db_path, schema
from tests.conftest import ROOT

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


def test_second_process_gets_store_busy(store):
    """It raises StoreBusyError in a second process while the file is open in another, and not once it is closed."""
    code = _SECOND_PROCESS.format(root=str(ROOT), path=str(store.path))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("BUSY")
    assert "in use by another Pramern process" in done.stdout
    store.close()
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert again.returncode == 1 and again.stdout.startswith("OPENED"), again.stdout + again.stderr
