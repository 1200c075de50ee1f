"""Database files that cannot be used: each told apart, in Thai and English, exit 2, nothing changed.

A folder, an empty or zeroed file, random bytes and another program's database are "not a Pramern
database"; a file cut short is "damaged"; a file this account may not write is "read-only"; a file
held by another process is "in use"; a database of a newer schema is refused. Never a traceback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from analytics import cli
from analytics.store import Store
from tests.conftest import APP, ROOT, every_run_runs_app_py


@pytest.fixture(scope="module")
def good_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Pramern database with a few events, made by the tests (copied before each case)."""
    path = tmp_path_factory.mktemp("good") / "good.duckdb"
    s = Store(path)
    for i in range(200):
        s.append_audit(f"user{i}@dpim.go.th", "export", f"file-{i}-" + "x" * 200)
    s.close()
    return path


def truncated(fraction: float = 0.0, size: int = 0) -> Callable[[Path, Path], None]:
    """The good file cut short: to a fraction of its length, or to size bytes."""
    def make(good: Path, target: Path) -> None:
        data = good.read_bytes()
        target.write_bytes(data[:size or int(len(data) * fraction)])
    return make


def foreign(good: Path, target: Path) -> None:
    con = duckdb.connect(str(target))
    con.execute("CREATE TABLE customers (id INTEGER, name VARCHAR); INSERT INTO customers VALUES (1, 'a')")
    con.close()


def newer(good: Path, target: Path) -> None:
    shutil.copy(good, target)
    con = duckdb.connect(str(target))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    con.close()


CASES: dict[str, tuple[Callable[[Path, Path], None], str, str]] = {
    # name: (how the file is made, English words, Thai words)
    "a folder": (lambda good, target: target.mkdir(), "is a folder, not a Pramern database", "เป็นโฟลเดอร์"),
    "an empty file": (lambda good, target: target.write_bytes(b""),
                      "is not a Pramern database: it is empty (0 bytes)", "เป็นไฟล์ว่าง"),
    "a zeroed file": (lambda good, target: target.write_bytes(bytes(1 << 20)),
                      "it holds only zero bytes (1,048,576 bytes)", "มีแต่ไบต์ศูนย์"),
    "random bytes": (lambda good, target: target.write_bytes(os.urandom(100_000)),
                     "it is not a DuckDB database file (100,000 bytes)", "ไม่ใช่ไฟล์ฐานข้อมูล DuckDB"),
    "another program's database": (foreign, "is another program's database, not Pramern's (it holds the tables "
                                            "customers", "เป็นฐานข้อมูลของโปรแกรมอื่น"),
    "cut to its first block": (truncated(size=4096), "is damaged: part of its content is missing", "เสียหาย"),
    "cut in half": (truncated(0.5), "is damaged: part of its content is missing", "เสียหาย"),
    "a newer schema": (newer, "has schema version 99, newer than this Pramern knows", "ใหม่กว่าที่ Pramern รุ่นนี้รู้จัก"),
}


def state(path: Path) -> object:
    """What 'nothing changed' compares: the file's bytes, or a folder's listing, and the files beside it."""
    beside = sorted(p.name for p in path.parent.iterdir())
    if path.is_dir():
        return beside, sorted(p.name for p in path.iterdir())
    return beside, path.read_bytes()


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_each_unusable_file_is_told_apart(good_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          case: str) -> None:
    make, english, thai = CASES[case]
    target = tmp_path / "pramern.duckdb"
    make(good_file, target)
    before = state(target)
    for argv in (["batches"], ["audit", "--verify"], ["import", str(ROOT / "data" / "demo" / "01_orgs.csv")]):
        code = cli.main([*argv, "--db", str(target)])
        out = capsys.readouterr()
        assert code == 2, (argv, out)
        assert english in out.err and thai in out.err, out.err
        assert "Nothing was changed" in out.err or "nothing was changed" in out.err
        assert "in use by another" not in out.err and "Traceback" not in out.out + out.err
        assert "unexpected" not in out.err
    assert state(target) == before


@pytest.fixture
def world_readable_dir() -> Iterator[Path]:
    """A folder another account can enter (pytest's own are private to this one), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="pramern-ro-"))
    folder.chmod(0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def as_nobody(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    prefix = [] if os.geteuid() != 0 else ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    return subprocess.run([*prefix, sys.executable, "-m", "analytics", *argv], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_read_only_database_is_told_as_read_only(good_file: Path, world_readable_dir: Path) -> None:
    """The file and its folder belong to another account: "read-only", not "in use"; exit 2; unchanged."""
    target = world_readable_dir / "pramern.duckdb"
    shutil.copy(good_file, target)
    target.chmod(0o444)
    before = state(target)
    env = {**os.environ, "PRAMERN_LOG_DIR": str(world_readable_dir / "logs"), "PRAMERN_DB_WAIT": "1"}
    for argv in (["batches"], ["user", "add", "x@dpim.go.th", "--role", "viewer", "--oidc"]):
        done = as_nobody([*argv, "--db", str(target)], env)
        assert done.returncode == 2, done.stderr
        assert "is read-only for this account" in done.stderr and "แบบอ่านอย่างเดียว" in done.stderr
        assert "in use by another" not in done.stderr and "Traceback" not in done.stderr
    assert state(target) == before


def test_a_database_in_use_is_told_as_in_use(good_file: Path, tmp_path: Path) -> None:
    """Held by another process for longer than the store waits: "in use", exit 2, unchanged."""
    target = tmp_path / "pramern.duckdb"
    shutil.copy(good_file, target)
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               f"con = duckdb.connect({str(target)!r}); print('held', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        before = target.read_bytes()
        env = {**os.environ, "PRAMERN_DB_WAIT": "0.5", "PRAMERN_LOG_DIR": str(tmp_path / "logs")}
        done = subprocess.run([sys.executable, "-m", "analytics", "batches", "--db", str(target)], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2
        assert "is in use by another Pramern process" in done.stderr and "กำลังถูกใช้งาน" in done.stderr
        assert "Traceback" not in done.stderr
        assert target.read_bytes() == before
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.parametrize(("lang", "demo"), [("th", True), ("en", True), ("th", False), ("en", False)])
def test_the_app_says_what_is_wrong_with_the_file(good_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  lang: str, demo: bool) -> None:
    """The dashboard on a damaged database: the plain message (on the first page in demo mode, on the
    sign-in otherwise, which is the first time the database is needed), no exception, the file unchanged."""
    target = tmp_path / "pramern.duckdb"
    truncated(size=4096)(good_file, target)
    before = target.read_bytes()
    monkeypatch.setenv("PRAMERN_DB", str(target))
    every_run_runs_app_py(monkeypatch)
    if demo:
        monkeypatch.setenv("PRAMERN_DEMO", "1")
    else:
        monkeypatch.delenv("PRAMERN_DEMO", raising=False)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    if not demo:
        at.text_input(key="auth_email").input("someone@dpim.go.th")
        at.text_input(key="auth_password").input("a-long-password-2568")
        at.button(key="auth_submit").click().run()
    assert not at.exception
    words = "is damaged: part of its content is missing" if lang == "en" else "เสียหาย"
    assert any(words in e.value for e in at.error), [e.value for e in at.error]
    assert not any(str(tmp_path) in e.value for e in at.error)  # the file's name, not the server's folders
    assert target.read_bytes() == before


def test_a_store_that_cannot_start_a_thread_lets_go_at_once(good_file: Path, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Near the memory budget's cap no thread can be started: the timer that lets go of the file after
    a write is then skipped and the file let go at once, so a committed import is not reported failed."""
    import threading

    target = tmp_path / "pramern.duckdb"
    shutil.copy(good_file, target)
    s = Store(target)
    try:
        def no_thread(self: threading.Thread) -> None:
            raise RuntimeError("can't start new thread")

        monkeypatch.setattr(threading.Timer, "start", no_thread)
        s.append_audit("user@dpim.go.th", "export", "after-the-cap")  # a write, then the lease ends
        assert not s._engine.held(), "let go at once"
        assert s.audit_count(actions=["export"]) == 201  # and the store opens the file again when asked
    finally:
        s.close()
