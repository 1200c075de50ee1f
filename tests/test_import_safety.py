"""Imports that collide or die half-way: nothing is lost and nothing is half-written."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from analytics import auth
from analytics.errors import ReplaceRequiredError
from analytics.importing import import_file
from analytics.store import Store
from tests.conftest import BOTH_ENGINES, DATA, ROOT, db_target

ENGINES = BOTH_ENGINES

GOOD = DATA / "good" / "kpi_dpim_2569.csv"
DATA_TABLES = ("kpis", "kpi_results", "ita_indicators", "ita_questions", "ita_summaries", "actions", "cycle_steps",
               "orgs")


def _kpi_file(org: str, year: int, rows: int = 4) -> bytes:
    """A KPI file for one org and year with `rows` KPIs in one dimension (weights add to 100)."""
    lines = ["org_code,fiscal_year,dimension,kpi_code,kpi_name,weight,c1,c2,c3,result_12m"]
    for i in range(rows):
        lines.append(f"{org},{year},1,{i + 1},ตัวชี้วัด {i + 1},{100 / rows},80,90,100,{85 + i % 10}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _orphans(store: Store) -> int:
    """Rows whose batch is not on record: what a half-written import would leave."""
    return sum(store.scalar(f"SELECT count(*) FROM {t} WHERE batch_id NOT IN (SELECT batch_id FROM batches)")
               for t in DATA_TABLES)


def test_two_sessions_importing_at_once_both_land_whole(orgs_store: Store) -> None:
    """Two threads (two browser sessions) import at the same moment: both batches land with every row."""
    files = {"DIW": _kpi_file("DIW", 2569, 300), "DIP": _kpi_file("DIP", 2569, 300)}
    outcomes, errors = {}, []
    start = threading.Barrier(2)

    def run(org: str) -> None:
        try:
            start.wait()
            outcomes[org] = import_file(orgs_store, files[org], f"{org}.csv", auth.SYSTEM)
        except Exception as exc:  # noqa: BLE001 - the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(org,)) for org in files]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    for org, outcome in outcomes.items():
        assert outcome.rows == {"kpis": 300, "kpi_results": 300}
        assert orgs_store.scalar("SELECT count(*) FROM kpis WHERE org_code = ? AND replaced_by IS NULL", [org]) == 300
    assert _orphans(orgs_store) == 0


def test_two_sessions_importing_the_same_year_one_is_refused_clearly(orgs_store: Store) -> None:
    """The same org, year and kind at once: one lands, the other is told to replace; nothing mixes."""
    first, second = _kpi_file("DIW", 2569, 50), _kpi_file("DIW", 2569, 40)
    results: list[object] = []
    start = threading.Barrier(2)

    def run(data: bytes, name: str) -> None:
        start.wait()
        try:
            results.append(import_file(orgs_store, data, name, auth.SYSTEM))
        except ReplaceRequiredError as exc:
            results.append(exc)

    threads = [threading.Thread(target=run, args=(d, n)) for d, n in ((first, "a.csv"), (second, "b.csv"))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    refused = [r for r in results if isinstance(r, ReplaceRequiredError)]
    assert len(refused) == 1
    assert "--replace" in refused[0].message_th and "replace" in refused[0].message_en
    count = orgs_store.scalar("SELECT count(*) FROM kpis WHERE org_code = 'DIW' AND fiscal_year = 2569 "
                              "AND replaced_by IS NULL")
    assert count in (50, 40)
    assert _orphans(orgs_store) == 0


def _cli(db: Path | str, *args: str, env: dict[str, str] | None = None, **kw):  # type: ignore[no-untyped-def]
    return subprocess.Popen([sys.executable, "-m", "analytics", *args, "--db", str(db)], cwd=ROOT,
                            env={**os.environ, **(env or {})}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **kw)


def test_the_cli_is_refused_clearly_while_the_app_holds_the_database(orgs_store: Store, engine: str) -> None:
    """The app is at work on the file for longer than the CLI waits: the CLI says it waits, then exits 2
    with a message in Thai and English; nothing changes."""
    if engine == "postgres":
        pytest.skip("PostgreSQL has no file to hold: every process writes at once")
    before = orgs_store.snapshot()
    with orgs_store.unit():
        proc = _cli(orgs_store.path, "import", str(GOOD), "--org", "DPIM", "--year", "2569",
                    env={"PRAMERN_DB_WAIT": "1"})
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 2, out + err
    assert "Waiting for the database" in err and "กำลังรอฐานข้อมูล" in err
    assert "in use by another Pramern process" in err
    assert "กำลังถูกใช้งาน" in err
    assert "Traceback" not in err
    assert orgs_store.snapshot() == before


def test_the_cli_imports_beside_an_open_idle_store(orgs_store: Store) -> None:
    """The app has the store open but is idle (between reruns): the CLI import lands, and the app sees it."""
    assert orgs_store.scalar("SELECT count(*) FROM batches") == 1
    proc = _cli(db_target(orgs_store), "import", str(GOOD), "--org", "DPIM", "--year", "2569")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, out + err
    assert orgs_store.scalar("SELECT count(*) FROM kpis WHERE org_code = 'DPIM' AND fiscal_year = 2569") == 4


def test_the_cli_import_lands_once_the_app_has_let_go(orgs_store: Store) -> None:
    path = db_target(orgs_store)
    orgs_store.close()
    proc = _cli(path, "import", str(GOOD), "--org", "DPIM", "--year", "2569")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    reopened = Store(path)
    try:
        assert reopened.scalar("SELECT count(*) FROM kpis WHERE org_code = 'DPIM' AND fiscal_year = 2569") == 4
    finally:
        reopened.close()


def _kill_at(path: str, point: str, *args: str) -> None:
    """Run the CLI until it reaches the fault point (mid-transaction), then kill it outright."""
    proc = _cli(path, *args, env={"PRAMERN_FAULT": point}, start_new_session=True)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    while line and "FAULT POINT" not in line:
        line = proc.stderr.readline()
    assert f"FAULT POINT {point}" in line, line
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


@pytest.mark.parametrize(("point", "rows"), [("import_after_batch_row", 20), ("import_after_replace", 20),
                                             ("import_mid_rows", 5000), ("import_before_commit", 20),
                                             ("import_before_commit", 5000)])
def test_an_import_killed_mid_transaction_leaves_no_partial_batch(orgs_store: Store, tmp_path: Path,
                                                                  point: str, rows: int) -> None:
    """The CLI is killed at several points of an import that replaces data: reopened, the database is as
    before (nothing of the batch, the replaced rows still current), and the import then lands whole."""
    path = db_target(orgs_store)
    first = tmp_path / "first.csv"
    first.write_bytes(_kpi_file("DIW", 2569, 10))
    assert _cli(path, "import", str(first)).wait(timeout=120) == 0
    before = orgs_store.snapshot()
    orgs_store.close()
    big = tmp_path / "big.csv"
    big.write_bytes(_kpi_file("DIW", 2569, rows))
    _kill_at(path, point, "import", str(big), "--replace")
    reopened = Store(path)
    try:
        assert reopened.snapshot() == before
        assert _orphans(reopened) == 0
        outcome = import_file(reopened, big.read_bytes(), big.name, auth.SYSTEM, replace=True)
        assert outcome.rows == {"kpis": rows, "kpi_results": rows}
        assert reopened.scalar("SELECT count(*) FROM kpis WHERE org_code = 'DIW' AND replaced_by IS NULL") == rows
    finally:
        reopened.close()


def test_an_undo_killed_before_commit_leaves_the_batch(orgs_store: Store) -> None:
    """Undo killed before its commit: the batch and its rows are all still there."""
    path = db_target(orgs_store)
    outcome = import_file(orgs_store, _kpi_file("DIW", 2569, 30), "diw.csv", auth.SYSTEM)
    before = orgs_store.snapshot()
    orgs_store.close()
    _kill_at(path, "undo_before_commit", "undo", str(outcome.batch_id))
    reopened = Store(path)
    try:
        assert reopened.snapshot() == before
        assert reopened.batch(outcome.batch_id).status == "active"
    finally:
        reopened.close()


def test_postgres_stopped_mid_session_is_told_clearly_and_recovers(pg_server, pg_database: str) -> None:
    """The database server stops while a store is open: reads and writes raise StoreUnavailableError (Thai
    and English, the password masked), nothing half-written; when the server is back the same store works."""
    from analytics.errors import StoreUnavailableError
    store = Store(pg_database)
    try:
        path = ROOT / "data" / "demo" / "01_orgs.csv"
        import_file(store, path.read_bytes(), path.name, auth.SYSTEM)
        pg_server.stop()
        try:
            for attempt in (store.orgs, lambda: import_file(store, GOOD.read_bytes(), GOOD.name, auth.SYSTEM,
                                                            org="DPIM", year=2569)):
                with pytest.raises(StoreUnavailableError) as told:
                    attempt()
                assert "PostgreSQL" in told.value.message_en and "ติดต่อฐานข้อมูล" in told.value.message_th
                assert pg_server.password not in told.value.message_en + told.value.message_th
        finally:
            pg_server.start()
        assert len(store.orgs()) == 9
        outcome = import_file(store, GOOD.read_bytes(), GOOD.name, auth.SYSTEM, org="DPIM", year=2569)
        assert store.scalar("SELECT count(*) FROM kpis WHERE batch_id = ?", [outcome.batch_id]) == 4
    finally:
        store.close()
