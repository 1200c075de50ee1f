"""What deploy/ ships for an IT officer: the systemd units, the environment file, the command-line
wrapper and the backup, checked with the real tools (systemd-analyze, pg_dump/pg_restore against a
throw-away PostgreSQL). The nginx config is checked with `nginx -t` and served in tests/test_devservers.py
and the multi-server test (tests/e2e/test_multi_server.py)."""

from __future__ import annotations

import os
import pwd
import re
import shlex
import shutil
import subprocess
import time
from pathlib import Path

import psycopg
import pytest

from analytics.devservers import PostgresServer, streamlit_command
from tests.conftest import ROOT

DEPLOY = ROOT / "deploy"
UNIT = DEPLOY / "systemd" / "pramern@.service"
INSTALL = "/opt/pramern"


def unit_values(path: Path) -> dict[str, list[str]]:
    """KEY=value lines of a unit file, by key (a key may repeat)."""
    found: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if line and not line.startswith(("#", ";", "[")) and "=" in line:
            key, value = line.split("=", 1)
            found.setdefault(key.strip(), []).append(value.strip())
    return found


def test_replica_unit_runs_the_app_exactly_as_the_tests_do() -> None:
    """The unit's ExecStart is the command the test harness's replicas run (loopback, headless, no file
    watcher), for the installed copy and the instance's port; so what the tests serve is what ships."""
    values = unit_values(UNIT)
    (exec_start,) = values["ExecStart"]
    assert shlex.split(exec_start) == streamlit_command("%i", f"{INSTALL}/app.py", f"{INSTALL}/.venv/bin/python")
    assert values["WorkingDirectory"] == [INSTALL]


def test_replica_unit_has_no_secret_and_runs_as_its_own_account() -> None:
    settings = "\n".join(line for line in UNIT.read_text().splitlines() if not line.startswith("#")).lower()
    values = unit_values(UNIT)
    assert values["User"] == ["pramern"] and values["Group"] == ["pramern"]
    assert values["EnvironmentFile"] == ["/etc/pramern/pramern.env"]
    for secret_like in ("pramern_db", "postgres://", "postgresql://", "password", "cookie_secret", "secret"):
        assert secret_like not in settings
    assert values["NoNewPrivileges"] == ["yes"] and values["ProtectSystem"] == ["strict"]
    # The environment file the unit reads is the one the example and the wrapper describe.
    example = (DEPLOY / "pramern.env.example").read_text()
    assert "/etc/pramern/pramern.env" in example
    assert "/etc/pramern/pramern.env" in (DEPLOY / "pramern-cli").read_text()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not on this machine")
def test_units_pass_systemd_analyze_verify(tmp_path: Path) -> None:
    """systemd's own check, on copies pointing at this checkout (the paths must exist) and this account."""
    me = pwd.getpwuid(os.getuid()).pw_name
    env = tmp_path / "pramern.env"
    shutil.copy(DEPLOY / "pramern.env.example", env)
    for unit in (DEPLOY / "systemd").iterdir():
        text = (unit.read_text().replace(INSTALL, str(ROOT)).replace("/etc/pramern/pramern.env", str(env))
                .replace("User=pramern", f"User={me}").replace("Group=pramern", f"Group={me}")
                .replace("User=postgres", f"User={me}").replace("Group=postgres", f"Group={me}"))
        (tmp_path / unit.name).write_text(text)
    names = sorted(str(p) for p in tmp_path.glob("pramern*.service")) + sorted(str(p) for p in tmp_path.glob("*.timer"))
    assert len(names) == 3
    done = subprocess.run(["systemd-analyze", "verify", *names], capture_output=True, text=True, timeout=60,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "pramern" not in done.stderr, done.stderr


def test_environment_file_example_names_the_store_and_the_shared_cookie_secret() -> None:
    pairs = dict(line.split("=", 1) for line in (DEPLOY / "pramern.env.example").read_text().splitlines()
                 if line and not line.startswith("#"))
    assert set(pairs) == {"PRAMERN_DB", "STREAMLIT_SERVER_COOKIE_SECRET"}
    assert pairs["PRAMERN_DB"].startswith("postgresql://pramern_app:CHANGE-ME@127.0.0.1:5432/")
    assert pairs["STREAMLIT_SERVER_COOKIE_SECRET"] == "CHANGE-ME"


def test_cli_wrapper_runs_the_command_line_with_the_replicas_environment(tmp_path: Path) -> None:
    db = tmp_path / "wrapped.duckdb"
    env_file = tmp_path / "pramern.env"
    env_file.write_text(f'# as on a server\n\nPRAMERN_DB="{db}"\nPRAMERN_TODAY=2026-11-20\n')
    me = pwd.getpwuid(os.getuid()).pw_name
    env = {k: v for k, v in os.environ.items() if not k.startswith("PRAMERN_")}
    env |= {"PRAMERN_HOME": str(ROOT), "PRAMERN_ENV": str(env_file), "PRAMERN_USER": me}
    done = subprocess.run([str(DEPLOY / "pramern-cli"), "batches"], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert db.exists(), "the command line used the database named in the environment file"

    missing = subprocess.run([str(DEPLOY / "pramern-cli"), "batches"], capture_output=True, text=True, timeout=60,
                             env=env | {"PRAMERN_ENV": str(tmp_path / "nope.env")})
    assert missing.returncode == 2
    assert "Cannot read the environment file" in missing.stderr and "อ่านไฟล์ค่าแวดล้อม" in missing.stderr


def test_backup_script_dumps_a_restorable_copy_and_prunes_old_ones(pg_server: PostgresServer, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    old = folder / "pramern-20240101T000000Z.dump"
    old.write_bytes(b"old")
    os.utime(old, (time.time() - 40 * 86400,) * 2)
    with pg_server.database() as source, pg_server.database() as target:
        with psycopg.connect(source) as con:
            con.execute("CREATE TABLE kpi (org text, score numeric)")
            con.execute("INSERT INTO kpi VALUES ('DPIM', 94.23), ('กพร.', 88.5)")
        done = subprocess.run([str(DEPLOY / "pramern-backup.sh"), source, str(folder), "30"], capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        dump = Path(done.stdout.strip())
        assert dump.parent == folder and dump.name.startswith("pramern-") and dump.stat().st_size > 0
        assert oct(dump.stat().st_mode & 0o777) == "0o600"
        assert not old.exists(), "a backup older than the days kept is removed"
        assert sorted(p.name for p in folder.iterdir()) == [dump.name]

        restored = subprocess.run(["pg_restore", "--no-owner", f"--dbname={target}", str(dump)],
                                  capture_output=True, text=True, timeout=120)
        assert restored.returncode == 0, restored.stderr
        with psycopg.connect(target) as con:
            assert con.execute("SELECT org, score::text FROM kpi ORDER BY org").fetchall() == [
                ("DPIM", "94.23"), ("กพร.", "88.5")]


def test_backup_script_fails_loudly_and_leaves_no_partial_file(pg_server: PostgresServer, tmp_path: Path) -> None:
    done = subprocess.run([str(DEPLOY / "pramern-backup.sh"), pg_server.url("no_such_database"), str(tmp_path)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "no_such_database" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_readme_walks_through_every_shipped_file() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Deploy for many users", 1)[1].split("\n## ", 1)[0]
    shipped = {str(p.relative_to(ROOT)) for p in DEPLOY.rglob("*") if p.is_file()}
    named = set(re.findall(r"deploy/[\w@./{},-]+[\w}]", section))
    expanded = set()
    for name in named:  # deploy/systemd/pramern-backup.{service,timer}
        brace = re.fullmatch(r"(.*)\{(.*)\}(.*)", name)
        expanded |= {f"{brace[1]}{part}{brace[3]}" for part in brace[2].split(",")} if brace else {name}
    assert expanded - shipped == set(), "the README names files deploy/ does not have"
    assert shipped - expanded == set(), "deploy/ ships files the README does not walk through"
    for step in ("createuser", "createdb", "migrate", "user add", "systemctl enable --now pramern@8501",
                 "nginx -t", "pg_dump", "pg_restore"):
        assert step in section, step
