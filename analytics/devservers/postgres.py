"""A throw-away PostgreSQL: initdb and pg_ctl from Debian's package in a temp folder, on a free loopback port."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from analytics.devservers.processes import (
    LOOPBACK,
    POSTGRES_START_S,
    DevServerError,
    Watchdog,
    free_port,
    is_root,
    log_tail,
    port_open,
)


def postgres_bin_dir() -> Path:
    """The newest /usr/lib/postgresql/<version>/bin with initdb and pg_ctl (Debian's layout)."""
    found = []
    for candidate in Path("/usr/lib/postgresql").glob("*/bin"):
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            with contextlib.suppress(ValueError):
                found.append((int(candidate.parent.name), candidate))
    if not found:
        raise DevServerError("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): "
                             "run `make system`, which installs Debian's postgresql package")
    return max(found)[1]


@dataclass
class PostgresServer:
    """A throw-away PostgreSQL cluster: superuser `user` with `password`, on 127.0.0.1:`port`."""

    folder: Path
    port: int
    bin_dir: Path
    user: str = "postgres"
    password: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    host: str = LOOPBACK
    run_as: str | None = None  # the OS account that owns the cluster when we are root

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    @property
    def version(self) -> int:
        return int(self.bin_dir.parent.name)

    def url(self, dbname: str = "postgres", user: str | None = None, password: str | None = None) -> str:
        """A postgresql:// URL for a database of this server (the superuser's unless user is given)."""
        if user is None:
            user, password = self.user, self.password
        auth = quote(user, safe="") + (":" + quote(password, safe="") if password else "")
        return f"postgresql://{auth}@{self.host}:{self.port}/{quote(dbname, safe='')}"

    # -- lifecycle --
    def _command(self, *args: str) -> list[str]:
        prefix = ["runuser", "-u", self.run_as, "--"] if self.run_as else []
        return [*prefix, *args]

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        return subprocess.run(self._command(*args), cwd=self.folder, capture_output=True, text=True,
                              timeout=timeout, check=False)

    def init(self) -> None:
        """initdb: UTF-8, C.UTF-8 collation (code-point order, as DuckDB sorts text), SCRAM passwords
        over TCP, peer authentication on the folder's Unix socket."""
        pwfile = self.folder / "pwfile"
        pwfile.write_text(self.password + "\n")
        self._chown(pwfile)
        pwfile.chmod(0o600)
        try:
            done = self._run(str(self.bin_dir / "initdb"), "-D", str(self.data), "-U", self.user,
                             f"--pwfile={pwfile}", "--auth-host=scram-sha-256", "--auth-local=peer",
                             "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions")
        finally:
            pwfile.unlink(missing_ok=True)
        if done.returncode != 0:
            raise DevServerError(f"initdb failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
        settings = {
            "listen_addresses": f"'{self.host}'",
            "port": str(self.port),
            "unix_socket_directories": f"'{self.folder}'",
            "max_connections": "200",
            "shared_buffers": "64MB",
            # Thrown away at the end: no durability work (a killed client still loses nothing committed).
            "fsync": "off",
            "synchronous_commit": "off",
            "full_page_writes": "off",
            "log_min_messages": "warning",
            "timezone": "'Asia/Bangkok'",
        }
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("\n# pramern devservers\n" + "".join(f"{k} = {v}\n" for k, v in settings.items()))

    def _chown(self, path: Path) -> None:
        if self.run_as:
            shutil.chown(path, self.run_as, self.run_as)

    def start(self, timeout: float = POSTGRES_START_S) -> None:
        """pg_ctl start, waiting until the server accepts connections (also after stop(): same data, same port)."""
        done = self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w",
                         "-t", str(int(timeout)), "start", timeout=timeout + 10)
        if done.returncode != 0:
            raise DevServerError(f"PostgreSQL did not start on {self.host}:{self.port} ({done.returncode}): "
                                 f"{done.stderr.strip()}\n{log_tail(self.log)}")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists() and port_open(self.port, self.host)

    def stop(self, mode: str = "fast") -> None:
        """pg_ctl stop (fast: disconnects clients, as an operator's restart does); kill if that fails."""
        if not (self.data / "postmaster.pid").exists():
            return
        done = self._run(str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop",
                         timeout=40)
        if done.returncode != 0 and (self.data / "postmaster.pid").exists():
            with contextlib.suppress(ValueError, OSError, ProcessLookupError):
                pid = int((self.data / "postmaster.pid").read_text().split()[0])
                os.kill(pid, signal.SIGKILL)
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
                    time.sleep(0.05)

    # -- databases and statements --
    def connect(self, dbname: str = "postgres", **kwargs: Any) -> Any:
        """A psycopg connection as the superuser, autocommit (CREATE DATABASE needs it)."""
        import psycopg
        return psycopg.connect(self.url(dbname), autocommit=True, connect_timeout=10, **kwargs)

    def execute(self, sql: str, params: Sequence[Any] = (), dbname: str = "postgres") -> list[tuple[Any, ...]]:
        """Run one statement as the superuser (autocommit); the rows it returns, if any."""
        with self.connect(dbname) as con, con.cursor() as cur:
            cur.execute(sql, params)  # type: ignore[arg-type]
            return list(cur.fetchall()) if cur.description else []

    def create_database(self, name: str | None = None, template: str | None = None, owner: str | None = None) -> str:
        """CREATE DATABASE (a copy of `template` when given, which nobody may be connected to); its name."""
        from psycopg import sql
        name = name or f"t_{secrets.token_hex(6)}"
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        if owner:
            statement += sql.SQL(" OWNER {}").format(sql.Identifier(owner))
        with self.connect() as con:
            con.execute(statement)
        return name

    def drop_database(self, name: str) -> None:
        from psycopg import sql
        with self.connect() as con:
            con.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    @contextlib.contextmanager
    def database(self, template: str | None = None, owner: str | None = None) -> Iterator[str]:
        """A fresh database (empty, or a copy of `template`) for one test; its URL; dropped afterwards."""
        name = self.create_database(template=template, owner=owner)
        try:
            yield self.url(name)
        finally:
            self.drop_database(name)


@contextlib.contextmanager
def postgres_server(port: int | None = None, attempts: int = 3) -> Iterator[PostgresServer]:
    """A throw-away PostgreSQL from Debian's package; stopped and its folder removed on exit."""
    bin_dir = postgres_bin_dir()
    run_as = "postgres" if is_root() else None
    folder = Path(tempfile.mkdtemp(prefix="pramern-pg-"))
    server: PostgresServer | None = None
    prefix = ["runuser", "-u", run_as, "--"] if run_as else []
    watchdog = Watchdog(commands=[[*prefix, str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-m", "immediate",
                                   "-w", "-t", "30", "stop"]], pidfiles=[folder / "data" / "postmaster.pid"],
                        remove=[folder])
    try:
        folder.chmod(0o700)
        if run_as:
            shutil.chown(folder, run_as, run_as)
        for attempt in range(attempts):
            server = PostgresServer(folder, port or free_port(), bin_dir, run_as=run_as)
            if attempt == 0:
                server.init()
            else:  # the port was taken between free_port() and the start: move to another
                with open(server.data / "postgresql.conf", "a", encoding="utf-8") as conf:
                    conf.write(f"port = {server.port}\n")
            try:
                server.start()
                break
            except DevServerError:
                if port is not None or attempt == attempts - 1:
                    raise
        assert server is not None
        yield server
    finally:
        if server is not None:
            server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
        watchdog.release()
