"""Originals on both engines: PostgreSQL keeps them in the database, in the import's transaction, so every
server on it (each with a disk of its own) serves them; DuckDB keeps them as files beside its database."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.auth import SYSTEM
from analytics.errors import DuplicateFileError, ImportRejected, ReplaceRequiredError
from analytics.importing import files_dir, has_original, import_file, read_original
from analytics.importing.originals import kept_name, sha256_of
from analytics.store import Store
from tests.conftest import BOTH_ENGINES, db_target
from tests.hostile import files as f

ENGINES = BOTH_ENGINES


def _kpi(year: int, result: float = 87.5) -> bytes:
    return f.csv_bytes(f.with_cell(f.KPI_HEADER, [*f.KPI_ROW[:1], year, *f.KPI_ROW[2:]], "result_12m", result))


def _kept_rows(s: Store) -> list[str]:
    return [r[0] for r in s.rows("SELECT stored_file FROM originals ORDER BY 1")] if s.originals_in_database else []


def _kept_files(s: Store) -> list[str]:
    folder = files_dir(s)
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_an_import_keeps_its_original_where_its_engine_keeps_them(orgs_store: Store, engine: str) -> None:
    data = _kpi(2569)
    batch = orgs_store.batch(import_file(orgs_store, data, "kpi.csv", SYSTEM).batch_id)
    assert batch.stored_file == kept_name("kpi.csv", sha256_of(data))
    assert has_original(orgs_store, batch.stored_file)
    assert read_original(orgs_store, batch.stored_file) == data
    if engine == "postgres":
        assert batch.stored_file in _kept_rows(orgs_store)
        assert _kept_files(orgs_store) == []  # nothing on this server's disk
        size, sha = orgs_store.rows("SELECT size, sha256 FROM originals WHERE stored_file = ?", [batch.stored_file])[0]
        assert (size, sha) == (len(data), sha256_of(data))
    else:
        assert batch.stored_file in _kept_files(orgs_store)
        assert (files_dir(orgs_store) / batch.stored_file).read_bytes() == data
    assert not has_original(orgs_store, "0" * 64 + ".csv") and read_original(orgs_store, "0" * 64 + ".csv") is None


def test_a_refused_import_keeps_no_original(orgs_store: Store) -> None:
    """Refused while checking, a file already imported, a replace not asked for (refused inside the import's
    transaction): no original of theirs is kept, in the database or on disk."""
    import_file(orgs_store, _kpi(2569), "kpi.csv", SYSTEM)
    rows, files = _kept_rows(orgs_store), _kept_files(orgs_store)
    with pytest.raises(ImportRejected):
        import_file(orgs_store, _kpi(2569, float("inf")), "bad.csv", SYSTEM)
    with pytest.raises(DuplicateFileError):
        import_file(orgs_store, _kpi(2569), "again.csv", SYSTEM)
    other = _kpi(2569, 90)
    with pytest.raises(ReplaceRequiredError):
        import_file(orgs_store, other, "other.csv", SYSTEM)
    assert (_kept_rows(orgs_store), _kept_files(orgs_store)) == (rows, files)
    assert not has_original(orgs_store, kept_name("other.csv", sha256_of(other)))


def test_another_server_with_its_own_disk_serves_the_original(orgs_store: Store, engine: str, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A second server on the same PostgreSQL (its own PRAMERN_FILES_DIR, as each replica's disk) reads the
    original the first one took; the undo of its batch keeps it for the audit."""
    if engine != "postgres":
        pytest.skip("a DuckDB file is one server's")
    data = _kpi(2570)
    outcome = import_file(orgs_store, data, "kpi_2570.csv", SYSTEM)
    monkeypatch.setenv("PRAMERN_FILES_DIR", str(tmp_path / "replica-b"))
    replica_b = Store(db_target(orgs_store))
    try:
        name = replica_b.batch(outcome.batch_id).stored_file
        assert files_dir(replica_b) != files_dir(orgs_store)
        assert has_original(replica_b, name) and read_original(replica_b, name) == data
        replica_b.undo(outcome.batch_id, SYSTEM)
        assert read_original(orgs_store, name) == data
    finally:
        replica_b.close()


def test_an_original_kept_as_a_file_before_the_database_kept_them_is_still_served(orgs_store: Store,
                                                                                    engine: str) -> None:
    """PostgreSQL databases of an earlier Pramern kept originals as files: those still download."""
    if engine != "postgres":
        pytest.skip("DuckDB keeps every original as a file")
    data = b"org_code,fiscal_year\nDPIM,2560\n"
    name = kept_name("old.csv", sha256_of(data))
    files_dir(orgs_store).mkdir(parents=True, exist_ok=True)
    (files_dir(orgs_store) / name).write_bytes(data)
    assert has_original(orgs_store, name) and read_original(orgs_store, name) == data
    assert orgs_store.original_in_database(name) == data  # served once, then kept for every replica
    assert not has_original(orgs_store, "../" + name)


def test_migrating_postgres_moves_the_originals_kept_as_files_into_the_database(pg_database: str) -> None:
    """Migration 7 brings the originals an earlier Pramern kept as files into the table; a file changed since
    (its SHA-256 no longer its name) stays a file."""
    s = Store(pg_database, migrate=False)
    try:
        s.migrate(target=6)
        good, changed = b"org_code,fiscal_year\nDPIM,2568\n", b"org_code,fiscal_year\nDIW,2568\n"
        names = [kept_name("good.csv", sha256_of(good)), kept_name("changed.csv", sha256_of(changed))]
        files_dir(s).mkdir(parents=True, exist_ok=True)
        (files_dir(s) / names[0]).write_bytes(good)
        (files_dir(s) / names[1]).write_bytes(changed + b"edited by hand\n")
        with s.transaction() as cur:
            for batch_id, name in enumerate(names, start=1):
                cur.execute("INSERT INTO batches (batch_id, kind, file_name, sha256, rows, actor, created_at, "
                            "stored_file) VALUES (?, 'kpi', ?, ?, 1, 'system@localhost', TIMESTAMP '2026-11-20 09:00:00', ?)",
                            [batch_id, name, name.split(".")[0], name])
        assert s.migrate() == [7]
        assert s.original_in_database(names[0]) == good
        assert s.original_in_database(names[1]) is None  # left on disk, as it is
        assert read_original(s, names[1]) == changed + b"edited by hand\n"
    finally:
        s.close()


@pytest.mark.parametrize("point", ["import_after_batch_row", "import_before_commit", "import_after_commit"])
def test_an_import_killed_keeps_its_original_exactly_when_its_batch_committed(orgs_store: Store, engine: str,
                                                                             tmp_path: Path, point: str) -> None:
    """The command line killed mid-transaction: no batch and no original, in the database or on disk; killed just
    after its commit (before a DuckDB original is moved in): the batch and, on PostgreSQL, its original at once
    (on DuckDB the next import settles the staged file, tests/hostile/test_originals.py)."""
    from tests.test_import_safety import _kill_at
    upload = tmp_path / "kpi.csv"
    upload.write_bytes(_kpi(2569))
    name = kept_name(upload.name, sha256_of(upload.read_bytes()))
    path = db_target(orgs_store)
    orgs_store.close()
    _kill_at(path, point, "import", str(upload))
    s = Store(path)
    try:
        committed = point == "import_after_commit"
        assert bool(s.scalar("SELECT count(*) FROM batches WHERE stored_file = ?", [name])) == committed
        if engine == "postgres":
            assert s.original_in_database(name) == (upload.read_bytes() if committed else None)
        assert name not in _kept_files(s)
    finally:
        s.close()
