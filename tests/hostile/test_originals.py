"""Originals: the kept-files folder holds the original of every committed batch and of nothing else, not of a
refused, failed or killed import (a killed one is settled by the next import)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analytics.auth import SYSTEM
from analytics.errors import DuplicateFileError, ImportRejected, ReplaceRequiredError
from analytics.importing import files_dir, import_file
from analytics.importing.originals import _HOST, staging_dir, sweep_staged
from analytics.store import Store
from tests.conftest import ROOT
from tests.hostile import files as f


def _kpi(year: int, result: float = 87.5) -> bytes:
    return f.csv_bytes(f.with_cell(f.KPI_HEADER, [*f.KPI_ROW[:1], year, *f.KPI_ROW[2:]], "result_12m", result))


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_committed_import_keeps_its_original_and_nothing_else(orgs_store: Store) -> None:
    data = _kpi(2569)
    orgs_file = _listing(files_dir(orgs_store))  # the organisations' original, kept by the fixture
    outcome = import_file(orgs_store, data, "kpi.csv", SYSTEM)
    batch = orgs_store.batch(outcome.batch_id)
    assert _listing(files_dir(orgs_store)) == sorted([*orgs_file, batch.stored_file])
    assert (files_dir(orgs_store) / batch.stored_file).read_bytes() == data
    assert _listing(staging_dir(orgs_store)) == []


def test_refused_and_failed_imports_keep_nothing(orgs_store: Store) -> None:
    """A refused file, a file already imported, a file that would replace without --replace: no original."""
    import_file(orgs_store, _kpi(2569), "kpi.csv", SYSTEM)
    kept = _listing(files_dir(orgs_store))
    with pytest.raises(ImportRejected):
        import_file(orgs_store, _kpi(2569, float("inf")), "bad.csv", SYSTEM)
    with pytest.raises(DuplicateFileError):
        import_file(orgs_store, _kpi(2569), "again.csv", SYSTEM)
    with pytest.raises(ReplaceRequiredError):
        import_file(orgs_store, _kpi(2569, 90), "other.csv", SYSTEM)
    assert _listing(files_dir(orgs_store)) == kept
    assert _listing(staging_dir(orgs_store)) == []


def _killed_at(db: Path, point: str, upload: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "analytics", "import", str(upload), "--db", str(db)], cwd=ROOT,
                            env={**os.environ, "PRAMERN_FAULT": point}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    assert proc.stderr is not None
    line = proc.stderr.readline()
    while line and "FAULT POINT" not in line:
        line = proc.stderr.readline()
    assert f"FAULT POINT {point}" in line
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def test_an_import_killed_before_its_commit_leaves_no_original(orgs_store: Store, tmp_path: Path) -> None:
    path = orgs_store.path
    before = orgs_store.snapshot()
    orgs_file = _listing(files_dir(orgs_store))
    orgs_store.close()
    upload = tmp_path / "kpi.csv"
    upload.write_bytes(_kpi(2569))
    _killed_at(path, "import_before_commit", upload)
    s = Store(path)
    try:
        assert s.snapshot() == before
        assert _listing(files_dir(s)) == orgs_file
        assert len(_listing(staging_dir(s))) == 1  # the dead process's staged file, until the next import
        outcome = import_file(s, _kpi(2570), "next.csv", SYSTEM)
        assert _listing(files_dir(s)) == sorted([*orgs_file, s.batch(outcome.batch_id).stored_file])
        assert _listing(staging_dir(s)) == []
    finally:
        s.close()


def test_an_import_killed_after_its_commit_gets_its_original(orgs_store: Store, tmp_path: Path) -> None:
    path = orgs_store.path
    orgs_file = _listing(files_dir(orgs_store))
    orgs_store.close()
    upload = tmp_path / "kpi.csv"
    upload.write_bytes(_kpi(2569))
    _killed_at(path, "import_after_commit", upload)
    s = Store(path)
    try:
        batch = s.batches()[0]
        assert batch.file_name == "kpi.csv" and batch.stored_file
        assert _listing(files_dir(s)) == orgs_file  # committed, but killed before its original moved in
        assert sweep_staged(s) == [batch.stored_file]
        assert _listing(files_dir(s)) == sorted([*orgs_file, batch.stored_file])
        assert (files_dir(s) / batch.stored_file).read_bytes() == upload.read_bytes()
        assert _listing(staging_dir(s)) == []
    finally:
        s.close()


def test_a_running_import_s_staged_file_is_left_alone(orgs_store: Store) -> None:
    """The sweep never takes the staged file of a process that is still running (another session's import), nor
    a recent one of another server sharing the folder; an old one of another server is settled."""
    folder = staging_dir(orgs_store)
    folder.mkdir(parents=True, exist_ok=True)
    mine = folder / f"{'a' * 64}.csv~{_HOST}~{os.getpid()}~0123456789ab"
    other_server = folder / f"{'b' * 64}.csv~elsewhere~1~0123456789ab"  # a pid this host cannot see
    old_other = folder / f"{'c' * 64}.csv~elsewhere~1~0123456789ab"
    for path in (mine, other_server, old_other):
        path.write_bytes(b"x")
    day_old = time.time() - 2 * 24 * 3600
    os.utime(old_other, (day_old, day_old))
    assert sweep_staged(orgs_store) == []
    assert mine.exists() and other_server.exists()
    assert not old_other.exists()  # no batch names it, and no import runs for two days
